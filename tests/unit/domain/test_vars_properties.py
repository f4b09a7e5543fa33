"""Properties of the /deploy/vars loader: it never crashes, and what it accepts round-trips."""

from __future__ import annotations

import string
from ipaddress import IPv4Address, IPv4Network

from hypothesis import given, settings
from hypothesis import strategies as st

from booty.domain.config import (
    BondMode,
    MachineConfig,
    Mode,
    NetworkConfig,
    PeerMode,
    VlanSpec,
    load_vars,
    render_vars,
)
from booty.domain.config.fields import FIELDS
from booty.domain.errors import ConfigError
from booty.domain.secret import Secret

KEYS = [f.key for f in FIELDS]


def _line(key: str, value: str, *, quote: str, export: bool) -> str:
    prefix = "export " if export else ""
    return f"{prefix}{key}={quote}{value}{quote}"


lines = st.builds(
    _line,
    st.sampled_from([*KEYS, "UNKNOWN_KEY", "hostname"]),
    st.text(alphabet=string.printable.replace("\n", "").replace("\r", ""), max_size=40),
    quote=st.sampled_from(['"', "'", ""]),
    export=st.booleans(),
)


@settings(max_examples=400)
@given(st.text(max_size=400))
def test_any_text_gives_a_config_or_a_config_error(text: str) -> None:
    try:
        loaded = load_vars(text, source="fuzz")
    except ConfigError as e:
        assert e.problems, "a ConfigError always names at least one problem"
        assert all(p.source == "fuzz" and p.line >= 0 for p in e.problems)
    else:
        assert isinstance(loaded.config, MachineConfig)


@settings(max_examples=400)
@given(st.lists(lines, max_size=12))
def test_vars_shaped_text_gives_a_config_or_a_config_error(assignments: list[str]) -> None:
    try:
        load_vars("\n".join(assignments))
    except ConfigError as e:
        assert all(1 <= p.line <= len(assignments) or p.line == 0 for p in e.problems)


safe_text = st.text(alphabet=string.ascii_letters + string.digits + " -_./:=#'\"\\", max_size=30)
words = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=10)
hostnames = st.lists(words, min_size=1, max_size=3).map(".".join)
ifnames = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=8)
ipv4 = st.integers(min_value=1, max_value=2**32 - 2).map(IPv4Address)
networks = st.tuples(ipv4, st.integers(min_value=8, max_value=32)).map(
    lambda t: IPv4Network(f"{t[0]}/{t[1]}", strict=False)
)

configs = st.builds(
    MachineConfig,
    hostname=hostnames,
    token=safe_text.map(lambda s: Secret(s.strip())),
    extra_kernel_params=safe_text.map(str.strip),
    region=safe_text.map(str.strip),
    mode=st.sampled_from(Mode),
    min_disk_size_gb=st.integers(min_value=0, max_value=10**6),
    disable_kexec=st.booleans(),
    post_provision_cmds=st.lists(
        safe_text.map(str.strip).filter(lambda c: c and ";" not in c), max_size=3
    ).map(tuple),
    image_urls=st.lists(words.map(lambda w: f"https://img.local/{w}.gz"), max_size=3).map(tuple),
    health_skip_checks=st.lists(words, max_size=3).map(tuple),
    network=st.builds(
        NetworkConfig,
        underlay_subnet=st.none() | networks,
        underlay_ip=st.none() | ipv4,
        asn=st.integers(min_value=0, max_value=2**32 - 1),
        dns_resolvers=st.lists(ipv4, max_size=3).map(tuple),
        bond_mode=st.sampled_from(BondMode),
        bond_interfaces=st.lists(ifnames, max_size=3).map(tuple),
        bgp_peer_mode=st.just(PeerMode.UNNUMBERED),
        vlans=st.lists(
            st.builds(VlanSpec, vlan_id=st.integers(1, 4094), parent=ifnames, gateway=st.none() | ipv4),
            max_size=3,
        ).map(tuple),
    ),
)


@settings(max_examples=300)
@given(configs)
def test_what_is_rendered_loads_back_to_the_same_config(config: MachineConfig) -> None:
    loaded = load_vars(render_vars(config, reveal_secrets=True))
    assert loaded.config == config


@given(configs)
def test_rendering_without_reveal_never_shows_the_token(config: MachineConfig) -> None:
    token = config.token.reveal()
    if len(token) >= 3:
        assert f'TOKEN="{token}"' not in render_vars(config)
