"""The legacy upload framing (spec §3.11): the file name and the multipart envelope."""

from __future__ import annotations

import pytest

from booty.domain.stream.upload import UPLOAD_FIELD, multipart_frame, upload_file_name


def test_file_names() -> None:
    assert upload_file_name("AA:BB:CC:DD:EE:FF", compressed=False) == "aa:bb:cc:dd:ee:ff.img"
    assert upload_file_name("aa:bb:cc:dd:ee:ff", compressed=True) == "aa:bb:cc:dd:ee:ff.zmg"
    with pytest.raises(ValueError, match="not a MAC address"):
        upload_file_name("aa-bb-cc-dd-ee-ff", compressed=False)


def test_the_envelope_of_one_file_part() -> None:
    frame = multipart_frame("b0undary", filename="aa:bb:cc:dd:ee:ff.img")

    assert frame.content_type == "multipart/form-data; boundary=b0undary"
    assert frame.head == (
        b"--b0undary\r\n"
        b'Content-Disposition: form-data; name="BootyImage"; filename="aa:bb:cc:dd:ee:ff.img"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
    )
    assert frame.tail == b"\r\n--b0undary--\r\n"
    assert UPLOAD_FIELD == "BootyImage"


@pytest.mark.parametrize(
    ("boundary", "filename"), [("bad boundary", "x.img"), ("ok", 'x".img'), ("ok", "x\n")]
)
def test_unsafe_framing_is_refused(boundary: str, filename: str) -> None:
    with pytest.raises(ValueError, match=r"boundary|quotes or newlines"):
        multipart_frame(boundary, filename=filename)
