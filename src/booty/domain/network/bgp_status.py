"""BGP session states as FRR reports them: the pure reader of ``show bgp summary json``.

FRR/EVPN mode waits until BGP sessions are Established before it counts as up (the original only
waited for the controller, spec networking.md §4.8, and could not tell a fabric that never
peered from a slow controller). The app runs ``vtysh -c 'show bgp summary json'`` through the
Shell port; this module turns the text into values. Golden fixtures of real FRR output live in
tests/data/frr/.

Rules of this file:

1. Pure: text in, values out.
2. Shapes accepted: one object per address family (``ipv4Unicast``, ``l2VpnEvpn``, ...) each with
   a ``peers`` object, as ``show bgp [vrf NAME] summary json`` prints it; the same nested one
   level deeper under VRF names, as ``show bgp vrf all summary json`` prints it; and ``{}``
   (no BGP instance yet). Anything else is ``BgpStatusUnreadable``.
3. A peer counts as up when at least one of its address families is Established.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from booty.domain.errors import BootyError

ESTABLISHED = "Established"


class BgpStatusUnreadable(BootyError, ValueError):
    """The text is not the JSON that ``show bgp summary json`` prints (a vtysh error, say)."""

    def __init__(self, reason: str, text: str) -> None:
        snippet = " ".join(text.split())[:200]
        super().__init__(f"not a BGP summary ({reason}): {snippet!r}")
        self.reason = reason
        self.text = text


@attrs.frozen
class BgpSession:
    """One peer in one address family."""

    peer: str
    """The neighbor: an interface name (unnumbered) or an IP address."""
    family: str
    """FRR's key of the address family, e.g. ``ipv4Unicast`` or ``l2VpnEvpn``."""
    state: str
    """FRR's session state: ``Idle``, ``Connect``, ``Active``, ``OpenSent``, ``Established``, ..."""
    remote_as: int | None = None
    """The peer's AS once known (FRR prints it only when it knows it)."""
    hostname: str = ""
    """The hostname the peer announced, when it did."""
    vrf: str = ""
    """The VRF of the session in the ``vrf all`` shape; empty otherwise."""

    @property
    def established(self) -> bool:
        return self.state == ESTABLISHED


@attrs.frozen
class BgpSummary:
    """Every session of one ``show bgp summary json``, in FRR's order."""

    sessions: tuple[BgpSession, ...] = ()

    @property
    def peers(self) -> tuple[str, ...]:
        """Every peer once, in the order first seen."""
        return tuple(dict.fromkeys(s.peer for s in self.sessions))

    @property
    def established(self) -> tuple[str, ...]:
        """The peers with at least one Established address family."""
        return tuple(dict.fromkeys(s.peer for s in self.sessions if s.established))

    @property
    def waiting(self) -> tuple[str, ...]:
        """The peers with no Established address family yet."""
        up = set(self.established)
        return tuple(peer for peer in self.peers if peer not in up)

    def describe(self) -> str:
        """One line for logs and errors: ``ha Established; hb Active``, or ``no BGP peer``."""
        if not self.sessions:
            return "no BGP peer"
        states: dict[str, list[str]] = {}
        for session in self.sessions:
            seen = states.setdefault(session.peer, [])
            if session.state not in seen:
                seen.append(session.state)
        return "; ".join(f"{peer} {'/'.join(found)}" for peer, found in states.items())


def parse_bgp_summary(text: str) -> BgpSummary:
    """The sessions in the output of ``show bgp [vrf NAME|all] summary json``.

    Raises:
        BgpStatusUnreadable: not JSON, or not an object of address families.
    """
    try:
        document = json.loads(text)
    except ValueError:
        raise BgpStatusUnreadable("not JSON", text) from None
    if not isinstance(document, dict):
        raise BgpStatusUnreadable("not a JSON object", text)
    try:
        return BgpSummary(tuple(_sessions(document, vrf="")))
    except (TypeError, ValueError, KeyError, AttributeError) as e:
        raise BgpStatusUnreadable(f"unexpected shape: {e}", text) from None


def _sessions(document: Mapping[str, Any], *, vrf: str) -> Iterator[BgpSession]:
    for key, value in document.items():
        if not isinstance(value, dict):
            continue  # scalars next to the families in some FRR versions
        if "peers" in value:
            yield from _family(key, value["peers"], vrf=vrf)
        elif not vrf:
            yield from _sessions(value, vrf=key)  # the ``vrf all`` shape: VRF name -> families


def _family(family: str, peers: Mapping[str, Any], *, vrf: str) -> Iterator[BgpSession]:
    for peer, fields in peers.items():
        remote_as = fields.get("remoteAs")
        yield BgpSession(
            peer=peer,
            family=family,
            state=str(fields["state"]),
            remote_as=int(remote_as) if remote_as is not None else None,
            hostname=str(fields.get("hostname", "")),
            vrf=vrf,
        )
