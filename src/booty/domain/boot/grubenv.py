"""The GRUB environment block (``grubenv``): what ``grub-editenv``, ``grub-set-default`` and
``grub-reboot`` write and ``load_env`` reads (``grub-core/lib/envblk.c``).

Rules of this file: pure. The block is normally 1024 bytes: the signature line
``# GRUB Environment Block``, ``name=value`` lines, and ``#`` padding. In a value a backslash
escapes the next character (``grub-editenv`` writes ``\\\\`` and a backslash-newline). Like GRUB,
a name runs to the next ``=`` (even across a line break), and text with no ``=`` left, or a value
running past the end of the block, ends the reading.
"""

from __future__ import annotations

from booty.domain.errors import InvalidGrubEnv

SIGNATURE = "# GRUB Environment Block\n"
BLOCK_SIZE = 1024


def parse_grubenv(data: bytes) -> dict[str, str]:
    """The variables of a grubenv file, in file order.

    Raises:
        InvalidGrubEnv: the data does not start with the signature, so GRUB's load_env refuses it.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    if not text.startswith(SIGNATURE):
        raise InvalidGrubEnv(f"does not start with {SIGNATURE.strip()!r}")
    variables: dict[str, str] = {}
    i = len(SIGNATURE)
    while i < len(text):
        if text[i] == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end + 1
            continue
        equals = text.find("=", i)
        if equals < 0:
            break
        value, stop = _value(text, equals + 1)
        if stop is None:
            break
        variables[text[i:equals]] = value
        i = stop + 1
    return variables


def _value(text: str, start: int) -> tuple[str, int | None]:
    chars: list[str] = []
    i = start
    while i < len(text) and text[i] != "\n":
        if text[i] == "\\":
            i += 1
            if i >= len(text):
                return "", None
        chars.append(text[i])
        i += 1
    return "".join(chars), (i if i < len(text) else None)


def render_grubenv(variables: dict[str, str]) -> bytes:
    """A 1024-byte block holding *variables*, as ``grub-editenv set`` writes it (for tests and tools).

    Raises:
        ValueError: the variables do not fit in one block.
    """
    lines = "".join(
        f"{name}={value.replace(chr(92), chr(92) * 2).replace(chr(10), chr(92) + chr(10))}\n"
        for name, value in variables.items()
    )
    body = (SIGNATURE + lines).encode("utf-8", errors="surrogateescape")
    if len(body) > BLOCK_SIZE:
        raise ValueError(f"{len(body)} bytes of variables do not fit in a {BLOCK_SIZE}-byte block")
    return body + b"#" * (BLOCK_SIZE - len(body))
