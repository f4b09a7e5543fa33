"""The wipe failure's message says how many disks failed, in words that read right for one."""

from __future__ import annotations

import pytest

from booty.domain.errors import WipeFailed


@pytest.mark.parametrize(
    ("failures", "wiped", "text"),
    [
        ([("/dev/sda", "busy")], 0, "the wipe failed: /dev/sda: busy"),
        (
            [("/dev/sda", "busy"), ("/dev/sdb", "gone")],
            0,
            "all 2 disk wipes failed: /dev/sda: busy; /dev/sdb: gone",
        ),
        ([("/dev/sdb", "gone")], 1, "wiped 1 disk(s) but 1 failed: /dev/sdb: gone"),
    ],
)
def test_wipe_failed_message(failures: list[tuple[str, str]], wiped: int, text: str) -> None:
    assert str(WipeFailed(failures, wiped=wiped)) == text
