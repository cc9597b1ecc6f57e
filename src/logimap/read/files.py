"""Reading a project's files: only regular files inside the project folder, reached without
leaving it through a symbolic link, and none larger than ``MAX_BYTES``.

A project may come from anyone (a colleague's zip, a repository). A file that leads out of the
project (a link to a credentials file or to ``/proc/self/environ``), a folder, a named pipe or a
device where a file should be, a link loop or a name too long: each is ``Refused`` with what is
wrong and what to do, naming the path and never showing what the file holds.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024
# Where the platform has them (POSIX): open no link, and no pipe that would block.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_CLOEXEC", 0))
OUTSIDE_HINT = "copy the file into the project folder instead of linking to it"


class Refused(Exception):
    """A project path that logimap will not read: ``message`` says why (to follow the path),
    ``hint`` what to do."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_file(root: Path, rel: str, within: str = "") -> bytes | None:
    """The bytes of the file at ``rel`` (a '/'-separated path) in the project ``root``, or None
    when there is none. Raises ``Refused`` unless it is a regular file of at most
    ``MAX_BYTES`` whose real path lies inside the project (and inside its folder ``within``,
    when given)."""
    real = real_path(root, rel, within)
    try:
        handle = os.open(real, _OPEN_FLAGS)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise _refused(exc) from None
    info = os.fstat(handle)
    if not stat.S_ISREG(info.st_mode):
        os.close(handle)
        raise Refused(f"is {_kind(info.st_mode)}, not a file", "put a plain file there")
    with os.fdopen(handle, "rb") as stream:
        data = stream.read(MAX_BYTES + 1) if info.st_size <= MAX_BYTES else b""
    if info.st_size > MAX_BYTES or len(data) > MAX_BYTES:
        raise Refused(f"is larger than {MAX_BYTES // 2**20} MB, the most logimap reads",
                      "keep only what the project needs in it (split a long document)")
    return data


def folder_names(root: Path, rel: str) -> list[str]:
    """The sorted names in the project's folder ``rel``; none when there is no such folder.
    Raises ``Refused`` when the folder leads out of the project."""
    real = real_path(root, rel)
    try:
        return sorted(os.listdir(real))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise _refused(exc) from None


def real_path(root: Path, rel: str, within: str = "") -> str:
    """The real path of ``rel`` in the project ``root``: raises ``Refused`` when it lies
    outside the project (or outside its folder ``within``), as a symbolic link can make it."""
    base = os.path.realpath(root)
    real = os.path.realpath(os.path.join(base, rel))
    if not _inside(real, base):
        raise Refused("leads outside the project folder through a symbolic link", OUTSIDE_HINT)
    if within and not _inside(real, os.path.realpath(os.path.join(base, within))):
        raise Refused(f"is outside {within}/ (a symbolic link leads there)",
                      f"store the file itself in {within}/")
    return real


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refused(exc: OSError) -> Refused:
    """Why an existing path could not be opened for reading."""
    if exc.errno == errno.ELOOP:
        return Refused("is a symbolic link that leads back to itself (a loop)",
                       "replace the link with the file itself")
    if exc.errno == errno.ENAMETOOLONG:
        return Refused("has a name too long for this system", "give it a shorter name")
    if exc.errno == errno.EACCES:
        return Refused("cannot be read: permission denied", "make the file readable")
    return Refused(f"cannot be read: {exc.strerror or exc}", "check the file")
