"""The reader of ``show bgp summary json``, on real FRR 8.4 output (tests/data/frr) and on the
shapes it must refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from booty.domain.network import BgpSession, BgpStatusUnreadable, BgpSummary, parse_bgp_summary

FRR = Path(__file__).resolve().parents[2] / "data" / "frr"


def fixture(name: str) -> str:
    return (FRR / name).read_text()


@pytest.mark.parametrize(
    ("name", "established", "waiting", "described"),
    [
        ("bgp-summary-unnumbered-established.json", ("ha",), (), "ha Established"),
        ("bgp-summary-unnumbered-peer-down.json", (), ("ha",), "ha Active"),
        ("bgp-summary-two-nics-one-idle.json", ("ha",), ("hb",), "ha Established; hb Idle"),
        ("bgp-summary-leaf-established.json", ("lb",), (), "lb Established"),
        ("bgp-summary-vrf-all-peer-down.json", (), ("ha",), "ha Active"),
        ("bgp-summary-no-bgp-instance.json", (), (), "no BGP peer"),
    ],
)
def test_golden_fixtures(
    name: str, established: tuple[str, ...], waiting: tuple[str, ...], described: str
) -> None:
    summary = parse_bgp_summary(fixture(name))
    assert (summary.established, summary.waiting, summary.describe()) == (established, waiting, described)


def test_every_family_of_a_peer_is_a_session() -> None:
    summary = parse_bgp_summary(fixture("bgp-summary-unnumbered-established.json"))
    assert summary.sessions == (
        BgpSession("ha", "ipv4Unicast", "Established", remote_as=65100, hostname="vm"),
        BgpSession("ha", "l2VpnEvpn", "Established", remote_as=65100, hostname="vm"),
    )
    assert summary.peers == ("ha",)


def test_an_idle_unnumbered_peer_has_remote_as_zero() -> None:
    summary = parse_bgp_summary(fixture("bgp-summary-two-nics-one-idle.json"))
    idle = [s for s in summary.sessions if s.peer == "hb"]
    assert {(s.state, s.remote_as, s.hostname) for s in idle} == {("Idle", 0, "")}


def test_the_vrf_all_shape_names_the_vrf() -> None:
    summary = parse_bgp_summary(fixture("bgp-summary-vrf-all-peer-down.json"))
    assert {s.vrf for s in summary.sessions} == {"default"}


def test_optional_fields_may_be_missing_and_scalars_are_skipped() -> None:
    text = '{"totalPeers": 1, "ipv4Unicast": {"as": 65020, "peers": {"10.0.0.1": {"state": "Connect"}}}}'
    assert parse_bgp_summary(text) == BgpSummary((BgpSession("10.0.0.1", "ipv4Unicast", "Connect"),))


def test_objects_below_a_vrf_without_peers_are_not_families() -> None:
    text = '{"default": {"bestPath": {"multiPathRelax": "true"}}, "ipv4Unicast": {"peers": {}}}'
    assert parse_bgp_summary(text) == BgpSummary()


def test_a_peer_in_two_states_shows_both() -> None:
    text = (
        '{"ipv4Unicast": {"peers": {"eth0": {"state": "Established"}}},'
        ' "l2VpnEvpn": {"peers": {"eth0": {"state": "OpenSent"}}}}'
    )
    summary = parse_bgp_summary(text)
    assert (summary.describe(), summary.established) == ("eth0 Established/OpenSent", ("eth0",))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("bgpd is not running\n", "not JSON"),
        ("", "not JSON"),
        ("[]", "not a JSON object"),
        ('{"ipv4Unicast": {"peers": {"eth0": {}}}}', "unexpected shape"),
        ('{"ipv4Unicast": {"peers": ["eth0"]}}', "unexpected shape"),
        ('{"ipv4Unicast": {"peers": {"eth0": {"state": "Idle", "remoteAs": "x"}}}}', "unexpected shape"),
    ],
)
def test_what_is_not_a_summary_is_refused(text: str, reason: str) -> None:
    with pytest.raises(BgpStatusUnreadable) as raised:
        parse_bgp_summary(text)
    assert raised.value.reason.startswith(reason)
    assert str(raised.value).startswith(f"not a BGP summary ({reason}")
    assert raised.value.text == text
