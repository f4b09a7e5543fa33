"""The final streaming error says what happened to the target disk, in each of the three cases."""

from __future__ import annotations

import pytest

from booty.domain.errors import ImageStreamError, StreamFailed


@pytest.mark.parametrize(
    ("wiped", "wipe_error", "tail"),
    [
        (False, "", "/dev/sda was not written"),
        (True, "", "signatures of /dev/sda were destroyed (first and last MiB zeroed)"),
        (True, "EIO", "destroying the partition table signatures of /dev/sda ALSO FAILED: EIO"),
    ],
)
def test_the_message_says_what_became_of_the_target(wiped: bool, wipe_error: str, tail: str) -> None:
    error = StreamFailed("/dev/sda", [ImageStreamError("streaming http://m1/x: status 503")], wiped=wiped,
                         wipe_error=wipe_error)  # fmt: skip
    assert str(error).startswith("image streaming to /dev/sda failed: streaming http://m1/x: status 503; ")
    assert tail in str(error)


def test_no_source_at_all_is_said_so() -> None:
    assert "failed: no image source; " in str(StreamFailed("/dev/sda", [], wiped=False))
