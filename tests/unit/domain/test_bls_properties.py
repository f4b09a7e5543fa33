"""GRUB's version order is a consistent order: reflexive, antisymmetric and transitive."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from booty.domain.boot import compare_bls_ids, sort_bls_entries, vercmp
from booty.domain.boot.bls import BlsEntry

VERSIONS = st.text(alphabet="0123456789abcz.-_~+", max_size=12)
ANY = st.text(max_size=12)


@given(ANY)
def test_a_version_equals_itself(a: str) -> None:
    assert vercmp(a, a) == 0


@given(ANY, ANY)
def test_antisymmetric(a: str, b: str) -> None:
    assert vercmp(a, b) == -vercmp(b, a)
    assert vercmp(a, b) in (-1, 0, 1)


@given(VERSIONS, VERSIONS, VERSIONS)
def test_transitive(a: str, b: str, c: str) -> None:
    ordered = sorted([a, b, c], key=_Key)
    x, y, z = ordered
    assert vercmp(x, y) <= 0
    assert vercmp(y, z) <= 0
    assert vercmp(x, z) <= 0


@given(VERSIONS, VERSIONS, VERSIONS)
def test_transitive_for_ids(a: str, b: str, c: str) -> None:
    for x, y, z in ((a, b, c), (b, c, a), (c, a, b)):
        if compare_bls_ids(x, y) >= 0 and compare_bls_ids(y, z) >= 0:
            assert compare_bls_ids(x, z) >= 0


@given(st.lists(VERSIONS, max_size=8))
def test_sorting_is_newest_first_without_equal_neighbours(ids: list[str]) -> None:
    ordered = sort_bls_entries(BlsEntry(i) for i in ids)
    assert all(compare_bls_ids(a.id, b.id) == 1 for a, b in itertools.pairwise(ordered))


class _Key:
    """vercmp as a sort key, so that sorted() relies on it being a total order."""

    def __init__(self, value: str) -> None:
        self.value = value

    def __lt__(self, other: _Key) -> bool:
        return vercmp(self.value, other.value) < 0
