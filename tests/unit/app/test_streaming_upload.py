"""The legacy read direction over the fakes: a disk POSTed as one multipart file (spec §3.11)."""

from __future__ import annotations

import gzip
import os

import pytest

from booty.adapters.fake.block import FakeBlockDevices
from booty.adapters.fake.clock import FakeClock
from booty.adapters.fake.device_writer import FakeDevice
from booty.adapters.fake.http import FakeHttp
from booty.app.streaming import StreamPorts, upload_disk
from booty.domain.errors import SourceRefused
from booty.domain.http import HttpResponse

DISK = os.urandom(5 << 20) + bytes(3 << 20)
URL = "http://plunder.example/upload"


def _ports(status: int = 200) -> tuple[StreamPorts, FakeHttp]:
    http = FakeHttp()
    http.add("POST", URL, HttpResponse(status))
    block = FakeBlockDevices(devices={"/dev/sda": FakeDevice(bytearray(DISK))})
    return StreamPorts(http, block, FakeClock()), http


@pytest.mark.parametrize(
    ("compressed", "name"), [(False, "aa:bb:cc:dd:ee:ff.img"), (True, "aa:bb:cc:dd:ee:ff.zmg")]
)
def test_the_disk_goes_up_as_one_multipart_file(compressed: bool, name: str) -> None:
    ports, http = _ports()

    upload_disk("/dev/sda", URL, mac="AA:BB:CC:DD:EE:FF", compressed=compressed, ports=ports, boundary="xyz")

    request, body = http.uploads[0]
    assert (request.method, request.url) == ("POST", URL)
    assert ("Content-Type", "multipart/form-data; boundary=xyz") in request.headers
    head = f'--xyz\r\nContent-Disposition: form-data; name="BootyImage"; filename="{name}"\r\n'
    assert body.startswith(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n")
    assert body.endswith(b"\r\n--xyz--\r\n")
    content = body[body.index(b"\r\n\r\n") + 4 : -len(b"\r\n--xyz--\r\n")]
    assert (gzip.decompress(content) if compressed else content) == DISK


def test_a_refused_upload_is_an_error_not_a_success() -> None:
    ports, _ = _ports(status=500)

    with pytest.raises(SourceRefused, match="unexpected status 500: the upload was not accepted"):
        upload_disk("/dev/sda", URL, mac="aa:bb:cc:dd:ee:ff", compressed=False, ports=ports)


def test_a_missing_disk_is_an_error() -> None:
    ports, http = _ports()

    with pytest.raises(FileNotFoundError):
        upload_disk("/dev/sdq", URL, mac="aa:bb:cc:dd:ee:ff", compressed=False, ports=ports)
    assert http.uploads == []
