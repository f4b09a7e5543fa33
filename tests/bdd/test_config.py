"""Steps for features/config: loading /deploy/vars text into a MachineConfig."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.app.codec import config_to_wire
from booty.domain.config import LoadedConfig, load_vars, render_vars
from booty.domain.errors import ConfigError

scenarios("config")

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "deploy-vars"


class VarsWorld:
    """What a config scenario knows: the text, and what loading it gave."""

    def __init__(self) -> None:
        self.text = ""
        self.source = "vars"
        self.loaded: LoadedConfig | None = None
        self.error: ConfigError | None = None

    @property
    def wire(self) -> dict[str, Any]:
        assert self.loaded is not None, f"loading failed: {self.error}"
        return config_to_wire(self.loaded.config)


@pytest.fixture
def world() -> VarsWorld:
    return VarsWorld()


## Given


@given("the vars file:")
def vars_file(world: VarsWorld, docstring: str) -> None:
    world.text = docstring + "\n"


@given("the vars file with CRLF line endings:")
def vars_file_crlf(world: VarsWorld, docstring: str) -> None:
    world.text = "".join(line + "\r\n" for line in docstring.split("\n"))


@given("the vars file starts with a byte order mark and contains:")
def vars_file_bom(world: VarsWorld, docstring: str) -> None:
    world.text = "\ufeff" + docstring + "\n"


@given(parsers.parse("the vars file has a line of {length:d} characters"))
def vars_file_long_line(world: VarsWorld, length: int) -> None:
    world.text = "HOSTNAME=" + "a" * (length - len("HOSTNAME=")) + "\n"


@given(parsers.parse('the shipped example vars file "{name}"'))
def example_file(world: VarsWorld, name: str) -> None:
    world.text = (EXAMPLES / name).read_text()
    world.source = name


## When


@when("booty loads the vars file")
def load(world: VarsWorld) -> None:
    try:
        world.loaded = load_vars(world.text, source=world.source)
    except ConfigError as e:
        world.error = e


## Then


@then(parsers.parse('the value of "{key}" is "{value}"'))
def value_is_text(world: VarsWorld, key: str, value: str) -> None:
    assert world.wire[key] == value


@then(parsers.re(r'the value of "(?P<key>\w+)" is (?P<number>-?\d+)$'))
def value_is_number(world: VarsWorld, key: str, number: str) -> None:
    assert world.wire[key] == int(number)


@then(parsers.re(r'the value of "(?P<key>\w+)" is (?P<flag>true|false)$'))
def value_is_bool(world: VarsWorld, key: str, flag: str) -> None:
    assert world.wire[key] is (flag == "true")


@then(parsers.parse('the value of "{key}" is the list {items}'))
def value_is_list(world: VarsWorld, key: str, items: str) -> None:
    assert world.wire[key] == json.loads(items)


@then("there are no warnings")
def no_warnings(world: VarsWorld) -> None:
    assert world.loaded is not None
    assert world.loaded.warnings == ()


@then(parsers.parse('there is a warning "{text}"'))
def has_warning(world: VarsWorld, text: str) -> None:
    assert world.loaded is not None, f"loading failed: {world.error}"
    assert text in [str(w) for w in world.loaded.warnings]


@then(parsers.parse('loading fails with the problem "{text}"'))
def fails_with(world: VarsWorld, text: str) -> None:
    assert world.error is not None, "loading succeeded"
    assert text in [str(p) for p in world.error.problems]


@then("loading fails with these problems:")
def fails_with_all(world: VarsWorld, datatable: list[list[str]]) -> None:
    assert world.error is not None, "loading succeeded"
    assert [str(p) for p in world.error.problems] == [row[0] for row in datatable[1:]]


@then(parsers.parse('the error message does not contain "{secret}"'))
def error_hides(world: VarsWorld, secret: str) -> None:
    assert world.error is not None
    assert secret not in str(world.error)


@then(parsers.parse('the text "{secret}" appears in none of: repr, normalized vars, JSON'))
def secret_hidden(world: VarsWorld, secret: str) -> None:
    assert world.loaded is not None
    config = world.loaded.config
    shown = [repr(config), str(config), render_vars(config), json.dumps(world.wire)]
    assert all(secret not in text for text in shown)
    assert config.token.reveal() == secret  # the value is kept, only hidden
