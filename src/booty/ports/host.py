"""Port: the machine itself: mounts, files (in the target root or anywhere), modules, kexec, reboot."""

from __future__ import annotations

from typing import Protocol

from booty.domain.system import FileInfo, KexecImage, Mount


class Host(Protocol):
    """Operations on the running machine that are neither disks nor network."""

    def mount(self, mount: Mount) -> None:
        """Make *mount*; the target directory is created when missing."""
        ...

    def unmount(self, target: str) -> None:
        """Undo the mount on *target*."""
        ...

    def read_file(self, path: str, *, limit: int | None = None) -> bytes:
        """The content of *path*, or only its first *limit* bytes (a multi-GB image's magic bytes).

        Raises:
            FileNotFoundError: *path* does not exist.
        """
        ...

    def write_file(self, path: str, content: bytes, *, mode: int = 0o644) -> None:
        """Replace *path* atomically (write aside, fsync, rename); parents are created."""
        ...

    def exists(self, path: str) -> bool:
        """True when *path* exists."""
        ...

    def list_dir(self, path: str) -> tuple[str, ...]:
        """Names of the entries directly in directory *path*, sorted.

        Raises:
            FileNotFoundError: *path* does not exist.
            NotADirectoryError: *path* is not a directory.
        """
        ...

    def stat(self, path: str) -> FileInfo:
        """What *path* is, its permission bits and size; a symlink is described, not followed.

        Raises:
            FileNotFoundError: *path* does not exist (a dangling symlink does exist).
        """
        ...

    def read_link(self, path: str) -> str:
        """The target of symlink *path*, as written in the link.

        Raises:
            FileNotFoundError: *path* does not exist.
            OSError: *path* is not a symlink (EINVAL).
        """
        ...

    def make_dirs(self, path: str, *, mode: int = 0o755) -> None:
        """Create directory *path* and its missing parents with *mode*; existing ones are kept.

        Raises:
            FileExistsError: *path* or a parent is a file.
        """
        ...

    def rename(self, source: str, target: str) -> None:
        """Rename *source* to *target* atomically (same file system), replacing a file at *target*.

        Raises:
            FileNotFoundError: *source* does not exist.
        """
        ...

    def remove(self, path: str) -> None:
        """Delete the file or symlink *path* (never a directory).

        Raises:
            FileNotFoundError: *path* does not exist.
            IsADirectoryError: *path* is a directory.
        """
        ...

    def load_module(self, path: str) -> None:
        """Load the kernel module file at *path*."""
        ...

    def kexec_load(self, image: KexecImage) -> None:
        """Stage *image* for kexec."""
        ...

    def reboot(self, *, kexec: bool = False) -> None:
        """Reboot, into the staged kexec image when *kexec*; never returns on a real machine."""
        ...
