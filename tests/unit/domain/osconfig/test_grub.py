"""GRUB kernel parameters: console choice, drop-in, /etc/default/grub edit, tool choice
(spec provisioning.md §2.2 step 24, §12.1 P8, §12.2 F8)."""

from __future__ import annotations

import pytest

from booty.domain.osconfig import (
    GrubFamily,
    UnsafeValue,
    add_to_default_grub,
    choose_console,
    grub_dropin,
    kernel_params,
    plan_grub,
)

PARAMS = ("ds=nocloud", "console=ttyS0", "audit=0", "quiet")


@pytest.mark.parametrize(
    ("vendor", "tty", "reason"),
    [
        ("LENOVO\n", "ttyS1", "sys_vendor 'LENOVO' is Lenovo"),
        ("Lenovo ThinkSystem", "ttyS1", "sys_vendor 'Lenovo ThinkSystem' is Lenovo"),
        ("Dell Inc.\n", "ttyS0", "sys_vendor 'Dell Inc.'"),
        ("", "ttyS0", "sys_vendor ''"),
        (None, "ttyS0", "sys_vendor unreadable"),
    ],
)
def test_the_console_follows_the_dmi_vendor(vendor: str | None, tty: str, reason: str) -> None:
    choice = choose_console(vendor)
    assert (choice.tty, choice.reason) == (tty, reason)


@pytest.mark.parametrize(
    ("extra", "params"),
    [
        ("", ("ds=nocloud", "console=ttyS0")),
        ("quiet splash", ("ds=nocloud", "console=ttyS0", "quiet", "splash")),
        ("  audit=0\tquiet ", ("ds=nocloud", "console=ttyS0", "audit=0", "quiet")),
        ("crashkernel=512M@16M ip=::::h:eth0:dhcp acpi_osi=!", None),
    ],
)
def test_extra_parameters_follow_booty_s_own(extra: str, params: tuple[str, ...] | None) -> None:
    expected = params or ("ds=nocloud", "console=ttyS0", *extra.split())
    assert kernel_params("ttyS0", extra) == expected


@pytest.mark.parametrize(
    ("extra", "shown"),
    [
        ('dyndbg="file x +p"', "'\"'"),
        ("memmap=4G$12G", "'$'"),
        ("a;reboot", "';'"),
        ("a`id`", "'`'"),
        ("a|b", "'|'"),
        ("a\\b", repr("\\")),
        ("a{b}", "'{'"),
        ("a\nb", "control character 0x0a"),
    ],
)
def test_extra_parameters_the_shell_or_grub_would_read_are_refused(extra: str, shown: str) -> None:
    with pytest.raises(UnsafeValue) as caught:
        kernel_params("ttyS0", extra)
    message = str(caught.value)
    assert message.startswith(f"MACHINE_EXTRA_KERNEL_PARAMS {extra!r} cannot go into the GRUB configuration")
    assert f"it contains {shown}," in message


def test_the_dropin_appends_to_the_distro_s_parameters() -> None:
    assert grub_dropin(("ds=nocloud", "console=ttyS0", "quiet", "splash")) == (
        'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX ds=nocloud console=ttyS0 quiet splash"\n'
    )


def test_without_extras_the_dropin_has_no_trailing_space() -> None:
    assert grub_dropin(kernel_params("ttyS1", "")) == (
        'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX ds=nocloud console=ttyS1"\n'
    )


EL_DEFAULT = (
    'GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX="crashkernel=auto resume=/dev/mapper/rhel-swap rhgb quiet"\n'
    "GRUB_DISABLE_RECOVERY=true\n"
)


def test_the_missing_parameters_are_appended_to_grub_cmdline_linux() -> None:
    edit = add_to_default_grub(EL_DEFAULT, PARAMS)
    assert edit.added == ("ds=nocloud", "console=ttyS0", "audit=0")
    assert edit.text == (
        "GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX="
        '"crashkernel=auto resume=/dev/mapper/rhel-swap rhgb quiet ds=nocloud console=ttyS0 audit=0"\n'
        "GRUB_DISABLE_RECOVERY=true\n"
    )


def test_editing_twice_changes_nothing_the_second_time() -> None:
    once = add_to_default_grub(EL_DEFAULT, PARAMS).text
    again = add_to_default_grub(once, PARAMS)
    assert (again.text, again.added) == (once, ())


@pytest.mark.parametrize(
    ("line", "edited"),
    [
        ("GRUB_CMDLINE_LINUX='rhgb'", "GRUB_CMDLINE_LINUX='rhgb ds=nocloud'"),
        ("GRUB_CMDLINE_LINUX=rhgb", 'GRUB_CMDLINE_LINUX="rhgb ds=nocloud"'),
        ("GRUB_CMDLINE_LINUX=", 'GRUB_CMDLINE_LINUX="ds=nocloud"'),
        ('GRUB_CMDLINE_LINUX=""  # ours', 'GRUB_CMDLINE_LINUX="ds=nocloud"  # ours'),
        ('  export GRUB_CMDLINE_LINUX="a"', '  export GRUB_CMDLINE_LINUX="a ds=nocloud"'),
    ],
)
def test_the_quoting_of_the_line_is_kept(line: str, edited: str) -> None:
    assert add_to_default_grub(line + "\n", ("ds=nocloud",)).text == edited + "\n"


def test_the_last_assignment_is_the_one_edited() -> None:
    text = 'GRUB_CMDLINE_LINUX="a"\nGRUB_CMDLINE_LINUX_DEFAULT="q"\nGRUB_CMDLINE_LINUX="b"\n'
    assert add_to_default_grub(text, ("ds=nocloud",)).text == (
        'GRUB_CMDLINE_LINUX="a"\nGRUB_CMDLINE_LINUX_DEFAULT="q"\nGRUB_CMDLINE_LINUX="b ds=nocloud"\n'
    )


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("GRUB_TIMEOUT=5\n", 'GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX="ds=nocloud console=ttyS0"\n'),
        ("GRUB_TIMEOUT=5", 'GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX="ds=nocloud console=ttyS0"\n'),
        ("", 'GRUB_CMDLINE_LINUX="ds=nocloud console=ttyS0"\n'),
    ],
)
def test_without_a_grub_cmdline_linux_line_one_is_added(text: str, result: str) -> None:
    edit = add_to_default_grub(text, ("ds=nocloud", "console=ttyS0", "ds=nocloud"))
    assert (edit.text, edit.added) == (result, ("ds=nocloud", "console=ttyS0"))


@pytest.mark.parametrize(
    "line", ["GRUB_CMDLINE_LINUX=\"a 'b'\"", 'GRUB_CMDLINE_LINUX="rhgb', "GRUB_CMDLINE_LINUX=a b"]
)
def test_a_line_booty_cannot_edit_safely_is_refused_with_its_number(line: str) -> None:
    with pytest.raises(ValueError, match=r"^line 2: cannot edit"):
        add_to_default_grub("GRUB_TIMEOUT=5\n" + line + "\n", ("ds=nocloud",))


@pytest.mark.parametrize(
    ("found", "family", "commands"),
    [
        ({"update-grub", "grub-mkconfig"}, GrubFamily.DEBIAN, [("update-grub",)]),
        (
            {"grub2-mkconfig", "grubby"},
            GrubFamily.FEDORA,
            [
                ("grub2-mkconfig", "-o", "/boot/grub2/grub.cfg"),
                ("grubby", "--update-kernel=ALL", "--args=ds=nocloud console=ttyS0 audit=0 quiet"),
            ],
        ),
        ({"grub2-mkconfig"}, GrubFamily.FEDORA, [("grub2-mkconfig", "-o", "/boot/grub2/grub.cfg")]),
        ({"grub-mkconfig"}, GrubFamily.PLAIN, [("grub-mkconfig", "-o", "/boot/grub/grub.cfg")]),
    ],
)
def test_the_tools_tell_the_family_and_its_commands(
    found: set[str], family: GrubFamily, commands: list[tuple[str, ...]]
) -> None:
    plan = plan_grub(found, PARAMS)
    assert plan is not None
    assert (plan.family, list(plan.commands)) == (family, commands)
    assert plan.uses_dropin is (family is GrubFamily.DEBIAN)


@pytest.mark.parametrize("found", [set(), {"grubby"}])
def test_without_a_grub_tool_there_is_no_plan(found: set[str]) -> None:
    assert plan_grub(found, PARAMS) is None
