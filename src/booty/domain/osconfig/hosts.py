"""The host name of the installed OS: ``/etc/hostname`` and the ``127.0.1.1`` line of ``/etc/hosts``.

Rules of this file: pure text in, text out. HOSTNAME was validated as an RFC 1123 name when
/deploy/vars was loaded (``booty.domain.config.convert.hostname``), so it needs no quoting here.

Departs from v0.0.1 (spec provisioning.md §2.2 step 5), which wrote ``/etc/hostname`` only: a
host whose own name does not resolve makes ``sudo`` and many daemons wait for DNS, so booty also
keeps ``/etc/hosts`` in the Debian convention (``127.0.1.1 <fqdn> <short>``). Everything else in
an existing ``/etc/hosts`` is kept as it was.
"""

from __future__ import annotations

LOOPBACK_NAME_ADDRESS = "127.0.1.1"
"""Where Debian's installer points the machine's own name (127.0.0.1 stays ``localhost``)."""

DEFAULT_HOSTS = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n"
"""The base of ``/etc/hosts`` when the image has none."""


def hostname_file(hostname: str) -> str:
    """The content of ``/etc/hostname``: the name and a newline (a trailing dot is dropped)."""
    return _plain(hostname) + "\n"


def hosts_line(hostname: str) -> str:
    """The ``127.0.1.1`` line for *hostname*: the full name, then the short one when it differs."""
    name = _plain(hostname)
    short = name.split(".", 1)[0]
    return f"{LOOPBACK_NAME_ADDRESS} {name}" + (f" {short}" if short != name else "")


def update_hosts(existing: str | None, hostname: str) -> str:
    """``/etc/hosts`` with exactly one ``127.0.1.1`` line, naming *hostname*.

    The first ``127.0.1.1`` line is replaced and later ones dropped (they would name an old host).
    Without one, the line goes after the last ``127.0.0.1`` line, or first when there is none.

    Args:
        existing: the current file, or None when the image has no ``/etc/hosts``.
        hostname: the validated HOSTNAME.
    """
    lines = (DEFAULT_HOSTS if existing is None else existing).splitlines()
    wanted = hosts_line(hostname)
    kept: list[str] = []
    replaced = False
    for line in lines:
        if _address_of(line) != LOOPBACK_NAME_ADDRESS:
            kept.append(line)
        elif not replaced:
            kept.append(wanted)
            replaced = True
    if not replaced:
        kept.insert(_after_localhost(kept), wanted)
    return "\n".join(kept) + "\n"


def _plain(hostname: str) -> str:
    # "node1.example.com." names the same host; systemd drops the dot when it reads the file.
    return hostname.rstrip(".")


def _address_of(line: str) -> str:
    fields = line.split("#", 1)[0].split()
    return fields[0] if fields else ""


def _after_localhost(lines: list[str]) -> int:
    positions = [i for i, line in enumerate(lines) if _address_of(line) == "127.0.0.1"]
    return positions[-1] + 1 if positions else 0
