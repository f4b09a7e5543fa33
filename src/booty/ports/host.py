"""Port: the machine itself: mounts, files (in the target root or anywhere), modules, kexec, reboot."""

from __future__ import annotations

from typing import Protocol

from booty.domain.system import KexecImage, Mount


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

    def load_module(self, path: str) -> None:
        """Load the kernel module file at *path*."""
        ...

    def kexec_load(self, image: KexecImage) -> None:
        """Stage *image* for kexec."""
        ...

    def reboot(self, *, kexec: bool = False) -> None:
        """Reboot, into the staged kexec image when *kexec*; never returns on a real machine."""
        ...
