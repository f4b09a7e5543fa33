"""Steps for features/boot: GRUB configurations, grubenv, BLS entries, the default entry, kexec paths."""

from __future__ import annotations

import json

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from booty.domain.boot import (
    BlsOrder,
    BootChoice,
    BootEntry,
    GrubMenu,
    choose_default_entry,
    compare_bls_ids,
    parse_bls_entry,
    parse_grub_cfg,
    resolve_kexec_image,
    sort_bls_entries,
)
from booty.domain.errors import BootEntryError, NoBootEntries
from booty.domain.system import KexecImage

scenarios("boot")


class BootWorld:
    """What a boot scenario knows: the files of the installed system and what booty made of them."""

    def __init__(self) -> None:
        self.cfg = ""
        self.grubenv: dict[str, str] | None = None
        self.bls: list[tuple[str, str]] = []
        self.platform = ""
        self.bls_order = BlsOrder.FILE_NAME
        self.menu: GrubMenu | None = None
        self.choice: BootChoice | None = None
        self.error: BootEntryError | None = None
        self.entry = BootEntry(title="test", id="test")
        self.image: KexecImage | None = None

    def read(self) -> GrubMenu:
        entries = [parse_bls_entry(name.removesuffix(".conf"), text) for name, text in self.bls]
        self.menu = parse_grub_cfg(
            self.cfg,
            grubenv=self.grubenv,
            bls_entries=sort_bls_entries(entries, order=self.bls_order),
            platform=self.platform,
        )
        return self.menu

    @property
    def entries(self) -> tuple[BootEntry, ...]:
        assert self.menu is not None, "the menu was not read"
        return self.menu.entries()

    @property
    def chosen(self) -> BootEntry:
        assert self.choice is not None, f"no entry was chosen: {self.error}"
        return self.choice.entry


@pytest.fixture
def world() -> BootWorld:
    return BootWorld()


## Given


@given("the grub.cfg:")
def grub_cfg(world: BootWorld, docstring: str) -> None:
    world.cfg = docstring + "\n"


@given('the grub.cfg, with "\\t" standing for a tab:')
def grub_cfg_with_tabs(world: BootWorld, docstring: str) -> None:
    world.cfg = docstring.replace("\\t", "\t") + "\n"


@given(parsers.parse("a grub.cfg whose only entry has a linux line of {length:d} characters"))
def long_line(world: BootWorld, length: int) -> None:
    line = "  linux /boot/vmlinuz root=/dev/sda1 "
    world.cfg = "menuentry 'Long' {\n" + line + "x" * (length - len(line)) + "\n}\n"


@given("the grubenv holds:")
def grubenv_holds(world: BootWorld, datatable: list[list[str]]) -> None:
    world.grubenv = {row[0]: row[1] for row in datatable[1:]}


@given(parsers.parse('the BLS entry "{name}":'))
def bls_entry(world: BootWorld, name: str, docstring: str) -> None:
    world.bls.append((name, docstring + "\n"))


@given(parsers.parse("GRUB orders BLS entries by {order}"))
def bls_order(world: BootWorld, order: str) -> None:
    world.bls_order = {"the version key": BlsOrder.VERSION_KEY, "the file name": BlsOrder.FILE_NAME}[order]


@given(parsers.parse('GRUB runs on the "{platform}" platform'))
def grub_platform(world: BootWorld, platform: str) -> None:
    world.platform = platform


@given(parsers.re(r'a boot entry with kernel "(?P<kernel>.*)" and initrd "(?P<initrd>.*)"'))
def boot_entry(world: BootWorld, kernel: str, initrd: str) -> None:
    world.entry = BootEntry(
        title="test",
        id="test",
        kernel=kernel,
        initrds=(initrd,) if initrd else (),
        cmdline="root=/dev/sda2 ro",
    )


## When


@when("booty reads the boot menu")
def read_menu(world: BootWorld) -> None:
    world.read()


@when("booty chooses the default entry")
def choose(world: BootWorld) -> None:
    try:
        world.choice = choose_default_entry(world.read())
    except NoBootEntries as e:
        world.error = e


@when(parsers.parse('booty resolves it for kexec under "{root}" with grub.cfg at "{config}"'))
def resolve(world: BootWorld, root: str, config: str) -> None:
    try:
        world.image = resolve_kexec_image(world.entry, root=root, config_path=config)
    except BootEntryError as e:
        world.error = e


## Then


@then(parsers.re(r"there (?:are|is) (?P<count>\d+) boot entr(?:ies|y)$"))
def entry_count(world: BootWorld, count: str) -> None:
    assert len(world.entries) == int(count), [e.title for e in world.entries]


@then("the boot entries are:")
def entries_are(world: BootWorld, datatable: list[list[str]]) -> None:
    found = [[e.title, ">".join(str(i) for i in e.position)] for e in world.entries]
    assert found == datatable[1:]


@then(parsers.parse('entry {index:d} is titled "{title}"'))
def entry_title(world: BootWorld, index: int, title: str) -> None:
    assert world.entries[index].title == title


@then(parsers.parse('entry {index:d} has the id "{entry_id}"'))
def entry_id(world: BootWorld, index: int, entry_id: str) -> None:
    assert world.entries[index].id == entry_id


@then(parsers.re(r'entry (?P<index>\d+) has kernel "(?P<kernel>.*)"'))
def entry_kernel(world: BootWorld, index: str, kernel: str) -> None:
    assert world.entries[int(index)].kernel == kernel


@then(parsers.parse("entry {index:d} has the initrds {paths}"))
def entry_initrds(world: BootWorld, index: int, paths: str) -> None:
    assert list(world.entries[index].initrds) == json.loads(paths)


@then(parsers.parse("entry {index:d} has no initrd"))
def entry_no_initrd(world: BootWorld, index: int) -> None:
    assert world.entries[index].initrds == ()


@then(parsers.re(r'entry (?P<index>\d+) has the command line "(?P<cmdline>.*)"'))
def entry_cmdline(world: BootWorld, index: str, cmdline: str) -> None:
    assert world.entries[int(index)].cmdline == cmdline


@then(parsers.parse("entry {index:d} has an empty command line"))
def entry_empty_cmdline(world: BootWorld, index: int) -> None:
    assert world.entries[index].cmdline == ""


@then(parsers.parse('the default entry is "{title}"'))
def default_title(world: BootWorld, title: str) -> None:
    assert world.chosen.title == title, world.choice


@then(parsers.parse('the default entry is at menu position "{position}"'))
def default_position(world: BootWorld, position: str) -> None:
    assert ">".join(str(i) for i in world.chosen.position) == position


@then(parsers.parse('the default entry has kernel "{kernel}"'))
def default_kernel(world: BootWorld, kernel: str) -> None:
    assert world.chosen.kernel == kernel


@then(parsers.parse('the default entry has the command line "{cmdline}"'))
def default_cmdline(world: BootWorld, cmdline: str) -> None:
    assert world.chosen.cmdline == cmdline


@then("the default entry has an empty command line")
def default_empty_cmdline(world: BootWorld) -> None:
    assert world.chosen.cmdline == ""


@then(parsers.parse("the default entry has the initrds {paths}"))
def default_initrds(world: BootWorld, paths: str) -> None:
    assert list(world.chosen.initrds) == json.loads(paths)


@then("the default entry has no initrd")
def default_no_initrd(world: BootWorld) -> None:
    assert world.chosen.initrds == ()


@then(parsers.parse('the reason says "{text}"'))
def reason_says(world: BootWorld, text: str) -> None:
    assert world.choice is not None, world.error
    assert text in world.choice.reason, world.choice.reason


@then(parsers.parse('choosing the default entry fails with "{message}"'))
def choosing_fails(world: BootWorld, message: str) -> None:
    if world.menu is not None and world.choice is None and world.error is None:
        with pytest.raises(NoBootEntries) as caught:
            choose_default_entry(world.menu)
        world.error = caught.value
    assert str(world.error) == message


@then(parsers.parse("GRUB reports a problem on line {line:d}"))
def problem_on_line(world: BootWorld, line: int) -> None:
    assert world.menu is not None
    assert line in [p.line for p in world.menu.problems], world.menu.problems


@then("GRUB reports no problem")
def no_problem(world: BootWorld) -> None:
    assert world.menu is not None
    assert world.menu.problems == ()


@then(parsers.parse('the configuration hands over to "{path}"'))
def hands_over(world: BootWorld, path: str) -> None:
    assert world.menu is not None
    assert world.menu.config_files == (path,)


@then(parsers.parse('"{newer}" sorts before "{older}" in GRUB\'s menu'))
def sorts_before(newer: str, older: str) -> None:
    assert compare_bls_ids(newer, older) == 1
    assert compare_bls_ids(older, newer) == -1
    entries = [parse_bls_entry(name, "linux /vmlinuz\n") for name in (older, newer)]
    assert [e.id for e in sort_bls_entries(entries)] == [newer, older]


@then(parsers.parse('kexec loads the kernel "{kernel}" and the initrd "{initrd}"'))
def kexec_loads(world: BootWorld, kernel: str, initrd: str) -> None:
    assert world.image is not None, world.error
    assert (world.image.kernel, world.image.initrds) == (kernel, (initrd,))


@then("kexec gets the command line of the entry")
def kexec_cmdline(world: BootWorld) -> None:
    assert world.image is not None
    assert world.image.cmdline == world.entry.cmdline


@then(parsers.parse('kexec is refused with "{message}"'))
def kexec_refused(world: BootWorld, message: str) -> None:
    assert world.image is None
    assert str(world.error) == message
