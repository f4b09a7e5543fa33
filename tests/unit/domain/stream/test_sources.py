"""IMAGE alternatives: order, parsing, and when a failure hands over to the next one."""

from __future__ import annotations

import pytest

from booty.domain.image import ImageScheme
from booty.domain.stream.sources import FailureSide, HandOver, decide_hand_over, plan_sources


def test_alternatives_keep_their_order() -> None:
    refs = plan_sources(["https://a.example/x.img", "oci://r.example/os:1", "file:///srv/x.img"])

    assert [r.scheme for r in refs] == [ImageScheme.HTTPS, ImageScheme.OCI, ImageScheme.FILE]


def test_a_bad_entry_is_named_by_position_with_credentials_masked() -> None:
    with pytest.raises(ValueError, match=r"^IMAGE entry 2: not an image reference") as caught:
        plan_sources(["https://a.example/x.img", "ftp://user:secret@b.example/x.img"])
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize(
    ("side", "index", "count", "expected"),
    [
        (FailureSide.SOURCE, 0, 3, HandOver(1, "handing over to image source 2 of 3")),
        (FailureSide.SOURCE, 2, 3, HandOver(None, "no image source left")),
        (FailureSide.SOURCE, 0, 1, HandOver(None, "it was the only image source")),
        (FailureSide.TARGET, 0, 3, HandOver(None, "the target failed: another image source cannot help")),
    ],
)
def test_hand_over(side: FailureSide, index: int, count: int, expected: HandOver) -> None:
    assert decide_hand_over(side, index=index, count=count) == expected
