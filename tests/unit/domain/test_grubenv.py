"""The GRUB environment block format, as grub-editenv writes it and load_env reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from booty.domain.boot import parse_grubenv, render_grubenv
from booty.domain.boot.grubenv import BLOCK_SIZE, SIGNATURE
from booty.domain.errors import InvalidGrubEnv

DATA = Path(__file__).resolve().parents[2] / "data" / "grub"


def block(body: str) -> bytes:
    raw = (SIGNATURE + body).encode()
    return raw + b"#" * (BLOCK_SIZE - len(raw))


def test_a_block_written_by_grub_editenv() -> None:
    # debian12-next-entry/boot/grub/grubenv was written by the real grub-editenv.
    data = (DATA / "debian12-next-entry" / "boot" / "grub" / "grubenv").read_bytes()
    assert len(data) == BLOCK_SIZE
    assert parse_grubenv(data) == {
        "saved_entry": "gnulinux-advanced-6c1e9f0a-2d3b-4c5d-8e7f-9a0b1c2d3e4f>"
        "gnulinux-6.1.0-17-amd64-advanced-6c1e9f0a-2d3b-4c5d-8e7f-9a0b1c2d3e4f",
        "next_entry": "Debian GNU/Linux",
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", {}),
        ("# WARNING: comment\nsaved_entry=0\n", {"saved_entry": "0"}),
        ("a=1\na=2\n", {"a": "2"}),
        ("path=C:\\\\boot\nline=one\\\ntwo\n", {"path": "C:\\boot", "line": "one\ntwo"}),
        ("empty=\n", {"empty": ""}),
        ("name with space=x\n", {"name with space": "x"}),
        ("broken\nstill=on\n", {"broken\nstill": "on"}),
    ],
)
def test_variables(body: str, expected: dict[str, str]) -> None:
    assert parse_grubenv(block(body)) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ((SIGNATURE + "a=1\nno-equals-left").encode(), {"a": "1"}),
        ((SIGNATURE + "a=1\nb=runs past the end").encode(), {"a": "1"}),
        ((SIGNATURE + "a=1\nb=trailing backslash\\").encode(), {"a": "1"}),
    ],
)
def test_a_truncated_block_keeps_what_came_before(data: bytes, expected: dict[str, str]) -> None:
    assert parse_grubenv(data) == expected


@pytest.mark.parametrize("data", [b"", b"saved_entry=0\n", b"# GRUB Environment\n"])
def test_a_file_without_the_signature_is_refused(data: bytes) -> None:
    with pytest.raises(InvalidGrubEnv, match="invalid environment block: does not start with"):
        parse_grubenv(data)


def test_render_writes_a_padded_block() -> None:
    data = render_grubenv({"saved_entry": "1>2"})
    assert len(data) == BLOCK_SIZE
    assert data.startswith(b"# GRUB Environment Block\nsaved_entry=1>2\n#")


def test_render_refuses_what_does_not_fit() -> None:
    with pytest.raises(ValueError, match="do not fit"):
        render_grubenv({"kernelopts": "x" * BLOCK_SIZE})


@given(
    st.dictionaries(
        st.text(
            alphabet=st.characters(blacklist_characters="=#\n", blacklist_categories=("Cs",)), min_size=1
        ),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
        max_size=5,
    )
)
def test_render_and_parse_round_trip(variables: dict[str, str]) -> None:
    try:
        data = render_grubenv(variables)
    except ValueError:
        return
    assert parse_grubenv(data) == variables
