"""Moving a build's files into the output folder: all or nothing, never through a link, and
keeping a manifest of what was written so that a later build removes only its own stale files.

- Nothing is written, created or deleted through a symbolic link: the output folder, each
  folder below it that receives a file, each file replaced, the lock and the manifest must be
  real folders and files. Otherwise the build stops with a ``UsageError`` naming the path, and
  publishes nothing.
- ``.logimap-manifest.json`` lists every file the builds wrote: its sha256, and the file's
  identity on the disk (inode and change time, which nobody sets by hand). A build removes
  the files of the kinds it writes (pages, GeoJSON, ...) that an earlier build wrote and it no
  longer writes (a layer removed), and only while they are the very files written, as
  written. A manifest is trusted for nothing else: one sent with a folder (a zip, a
  repository, a copy) cannot name the identity its files take here, so it removes nothing;
  nor does it for a name no build writes, or outside the output folder.
- The staging and backup folders a build makes are named in the manifest before they are
  made, and their identity recorded once made: the next build removes those an interrupted
  build left, when named as a build names them and still the folder made (or, killed before
  its identity was recorded, empty), and no other folder.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from logimap.errors import UsageError
from logimap.publish.files import WrittenFile, write_bytes

MANIFEST_NAME = ".logimap-manifest.json"
MANIFEST_MAX_BYTES = 16 * 1024 * 1024
STAGING_PREFIX = ".logimap-build-"
BACKUP_PREFIX = ".logimap-backup-"
ASIDE_TOKEN_BYTES = 6
# How a build names the folders it makes aside: a prefix and a random token.
ASIDE_NAME = re.compile(f"({re.escape(STAGING_PREFIX)}|{re.escape(BACKUP_PREFIX)})"
                        f"[0-9a-f]{{{2 * ASIDE_TOKEN_BYTES}}}")
KINDS = ("html", "geojson", "gpkg", "kml", "csv", "svg", "pdf", "png")
IMAGE_KINDS = ("svg", "pdf", "png")
_SINGLE_FILES = {"logimap.gpkg": "gpkg", "logimap.qgz": "gpkg", "logimap.kml": "kml",
                 "claims.csv": "csv", "legs.csv": "csv"}
_NO_LINKS = "logimap never writes through a symbolic link: remove it, or choose another --out"
# Where the platform has them (POSIX): read no link, and no pipe that would block.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def output_kind(rel: str) -> str | None:
    """Which kind of output the file ``rel`` (relative to the output folder) is: ``html``,
    ``geojson``, ``gpkg``, ``kml``, ``csv``, or an image's ``svg``, ``pdf`` or ``png``; None
    for a name logimap never writes.

    >>> [output_kind(n) for n in ("a.html", "geojson/a.geojson", "x/a.html", "../a.html")]
    ['html', 'geojson', None, None]
    >>> [output_kind(n) for n in ("images/index-a4.svg", "images/a.gif", "images/.a.png")]
    ['svg', None, None]
    """
    if "\x00" in rel or "\\" in rel or rel.startswith("."):
        return None
    if "/" not in rel and rel.endswith(".html"):
        return "html"
    folder, _, name = rel.partition("/")
    if folder == "geojson" and "/" not in name and name.endswith(".geojson") and name[0] != ".":
        return "geojson"
    suffix = name.rpartition(".")[2]
    if folder == "images" and "/" not in name and suffix in IMAGE_KINDS and name[0] != ".":
        return suffix
    return _SINGLE_FILES.get(rel)


def refuse_link(path: Path) -> None:
    """Raise a ``UsageError`` when ``path`` is a symbolic link."""
    if path.is_symlink():
        raise UsageError(f"{str(path)!r} is a symbolic link; {_NO_LINKS}")


@dataclass(frozen=True)
class Written:
    """A file as a build wrote it: its bytes' sha256, and its identity on the disk (inode and
    the time of its last change of content, name or links, in ns)."""

    sha256: str
    inode: int
    changed_ns: int

    @classmethod
    def read(cls, found: object) -> Written | None:
        """A manifest's record of a file; None unless well formed."""
        if not isinstance(found, dict) or set(found) != {"sha256", "inode", "changed_ns"}:
            return None
        digest, inode, changed = found["sha256"], found["inode"], found["changed_ns"]
        if isinstance(digest, str) and all(type(n) is int for n in (inode, changed)):
            return cls(digest, inode, changed)
        return None


def _open_regular(path: Path) -> tuple[BinaryIO, os.stat_result]:
    """A regular file opened for reading without following a link, with its status; an
    ``OSError`` naming ``path`` for anything else (a folder, a pipe, a link)."""
    handle = os.open(path, READ_FLAGS)
    status = os.fstat(handle)
    if not stat.S_ISREG(status.st_mode):
        os.close(handle)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return os.fdopen(handle, "rb"), status


def written_as(path: Path) -> Written:
    """A file's sha256 and identity, from one reading of it that follows no link."""
    digest = hashlib.sha256()
    stream, status = _open_regular(path)
    with stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return Written(digest.hexdigest(), status.st_ino, status.st_ctime_ns)


class Manifest:
    """What earlier builds wrote into an output folder (``files``: name -> how written) and
    the folders a build made aside that may be left over (``aside``: name -> the folder's
    inode, None until it is made)."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.files: dict[str, Written] = {}
        self.aside: dict[str, int | None] = {}
        self._read()

    def _read(self) -> None:
        """Read the manifest; one that is missing, unreadable, too large or malformed is
        empty. One that is a link, a folder or anything but a regular file stops the build
        with a ``UsageError`` naming it: logimap would have to replace it."""
        path = self.out / MANIFEST_NAME
        refuse_link(path)
        with suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(path).st_mode):
                raise UsageError(f"{str(path)!r} is not a regular file; remove it (logimap "
                                 "keeps there the list of the files it wrote)")
        try:
            stream, _ = _open_regular(path)
        except OSError:
            return
        with stream:
            data = stream.read(MANIFEST_MAX_BYTES + 1)
        try:
            found = json.loads(data) if len(data) <= MANIFEST_MAX_BYTES else {}
        except (ValueError, RecursionError):
            return
        if not isinstance(found, dict):
            return
        files, aside = found.get("files"), found.get("aside")
        if isinstance(files, dict):  # records of names no build writes are dropped
            records = {name: Written.read(record) for name, record in files.items()
                       if isinstance(name, str) and output_kind(name)}
            self.files = {name: record for name, record in records.items() if record}
        if isinstance(aside, dict):  # and of folders not named as a build names them
            self.aside = {name: inode for name, inode in aside.items()
                          if isinstance(name, str) and ASIDE_NAME.fullmatch(name)
                          and (inode is None or type(inode) is int)}

    def save(self) -> None:
        """Write the manifest (atomically, replacing it rather than writing through it)."""
        files = {name: asdict(record) for name, record in sorted(self.files.items())}
        text = json.dumps({"files": files, "aside": self.aside}, indent=1) + "\n"
        write_bytes(self.out / MANIFEST_NAME, text.encode())

    def make_aside(self, prefix: str) -> Path:
        """A new empty folder in the output folder, named in the manifest before it is made
        and its identity recorded once it is."""
        name = f"{prefix}{secrets.token_hex(ASIDE_TOKEN_BYTES)}"
        self.aside[name] = None
        self.save()
        folder = self.out / name
        folder.mkdir(mode=0o700)
        self.aside[name] = os.lstat(folder).st_ino
        self.save()
        return folder

    def remove_aside(self, folder: Path) -> None:
        """Remove a folder ``make_aside`` made, and its name from the manifest."""
        _remove_tree(folder)
        if folder.name in self.aside:
            del self.aside[folder.name]
            with suppress(OSError):  # a stale record names a folder no longer there: harmless
                self.save()

    def remove_leftovers(self) -> None:
        """Remove the folders an interrupted build made aside: each still the folder made
        (its inode as recorded), or empty if killed before its inode was recorded."""
        for name, inode in self.aside.items():
            folder = self.out / name
            if inode is None:
                with suppress(OSError):
                    folder.rmdir()
            else:
                _remove_tree(folder, inode)
        if self.aside:
            self.aside = {}
            with suppress(OSError):
                self.save()

    def remove_stale(self, written: Iterable[str], kinds: Iterable[str]) -> list[Path]:
        """Remove the files of ``kinds`` an earlier build wrote that are not in ``written``,
        when they are still the files written, as written; return those removed. Files no
        longer as written are left and forgotten."""
        written, kinds = set(written), set(kinds)
        removed = []
        for name, record in sorted(self.files.items()):
            if name in written or output_kind(name) not in kinds:
                continue
            del self.files[name]
            path = self.out / name
            with suppress(OSError):
                if not path.parent.is_symlink() and written_as(path) == record:
                    path.unlink()
                    removed.append(path)
        return removed


def _remove_tree(folder: Path, inode: int | None = None) -> None:
    """Remove a folder and what it holds, if it is the folder ``inode`` (when given); a link
    in its place is left alone."""
    with suppress(OSError):
        status = os.lstat(folder)
        if stat.S_ISDIR(status.st_mode) and inode in (None, status.st_ino):
            shutil.rmtree(folder, ignore_errors=True)


def check_targets(out: Path, names: Iterable[str]) -> None:
    """Raise a ``UsageError`` if publishing ``names`` (relative paths) into ``out`` would
    write through a link or over a folder: every folder on the way must be absent or a real
    folder, and every file absent or a regular file."""
    for name in names:
        path = out
        parts = Path(name).parts
        for depth, part in enumerate(parts):
            path = path / part
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                break
            if stat.S_ISLNK(mode):
                raise UsageError(f"{str(path)!r} is a symbolic link; {_NO_LINKS}")
            last = depth == len(parts) - 1
            if last and not stat.S_ISREG(mode):
                raise UsageError(f"{str(path)!r} is not a regular file; remove it so that "
                                 "logimap can write its output there")
            if not last and not stat.S_ISDIR(mode):
                raise UsageError(f"{str(path)!r} is not a folder; remove it so that logimap "
                                 "can write its outputs there")


def move_into_place(staged: list[WrittenFile], staging: Path, out: Path, manifest: Manifest
                    ) -> list[WrittenFile]:
    """Move the staged files into ``out``, all or nothing.

    Each previous file is first linked into a backup folder, then replaced atomically (a
    reader never finds it missing); if any step fails, every replaced file is restored.
    """
    names = [item.path.relative_to(staging).as_posix() for item in staged]
    check_targets(out, names)
    backup = manifest.make_aside(BACKUP_PREFIX)
    replaced: list[tuple[Path, Path | None]] = []
    try:
        for item, name in zip(staged, names, strict=True):
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            saved = None
            if os.path.lexists(target):
                saved = backup / name
                saved.parent.mkdir(parents=True, exist_ok=True)
                os.link(target, saved, follow_symlinks=False)
            os.replace(item.path, target)
            replaced.append((target, saved))
    except BaseException:
        for target, saved in reversed(replaced):
            if saved is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(saved, target)
        raise
    finally:
        manifest.remove_aside(backup)
    return [WrittenFile(out / name, item.size) for item, name in zip(staged, names, strict=True)]
