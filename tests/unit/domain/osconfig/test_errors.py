"""The messages the controller shows when configuring the installed OS fails."""

from __future__ import annotations

from booty.domain.osconfig import ChrootCommandFailed, NoGrubTool, OsConfigError, TreeCopyFailed
from booty.domain.shell import CommandResult


def test_a_tree_copy_failure_names_the_source_the_entry_and_the_reason() -> None:
    error = TreeCopyFailed("/deploy/machine-files", "etc/app.conf", "Permission denied")
    assert str(error) == "copy tree from /deploy/machine-files: etc/app.conf: Permission denied"
    assert isinstance(error, OsConfigError)


def test_a_chroot_command_failure_names_the_command_the_exit_code_and_the_tail() -> None:
    result = CommandResult(("/bin/sh", "-c", "false"), 3, "", "boom")
    error = ChrootCommandFailed("machine command 10-setup.sh", result, "boom")
    assert str(error) == "machine command 10-setup.sh: exit 3: boom"
    assert error.result is result


def test_no_grub_tool_names_what_was_looked_for_and_where() -> None:
    error = NoGrubTool("/newroot", ("update-grub", "grub2-mkconfig"), ("/usr/sbin", "/sbin"))
    assert str(error) == (
        "no GRUB configuration tool in /newroot: looked for update-grub, grub2-mkconfig in /usr/sbin, /sbin"
    )
    assert isinstance(error, LookupError)
