"""Moving a build's files into the output folder: all or nothing, never through a link, and
keeping a manifest of what was written so that a later build removes only its own stale files.

- Nothing is written, created or deleted through a symbolic link: the output folder, each
  folder below it that receives a file, each file replaced, the lock and the manifest must be
  real folders and files. Otherwise the build stops with a ``UsageError`` naming the path, and
  publishes nothing.
- ``.logimap-manifest.json`` lists every file the builds wrote, with its sha256. A build
  removes the files of the kinds it writes (pages, GeoJSON, ...) that an earlier build wrote
  and it no longer writes (a layer removed), and only while they hold what was written.
- The staging and backup folders a build makes are named in the manifest before they are
  made: the next build removes those an interrupted build left, and no other folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import stat
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from logimap.errors import UsageError
from logimap.publish.files import WrittenFile, write_bytes

MANIFEST_NAME = ".logimap-manifest.json"
MANIFEST_MAX_BYTES = 16 * 1024 * 1024
STAGING_PREFIX = ".logimap-build-"
BACKUP_PREFIX = ".logimap-backup-"
KINDS = ("html", "geojson", "gpkg", "kml", "csv")
_SINGLE_FILES = {"logimap.gpkg": "gpkg", "logimap.qgz": "gpkg", "logimap.kml": "kml",
                 "claims.csv": "csv", "legs.csv": "csv"}
_NO_LINKS = "logimap never writes through a symbolic link: remove it, or choose another --out"
# Where the platform has them (POSIX): read no link, and no pipe that would block.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def output_kind(rel: str) -> str | None:
    """Which kind of output the file ``rel`` (relative to the output folder) is: ``html``,
    ``geojson``, ``gpkg``, ``kml`` or ``csv``; None for a name logimap never writes.

    >>> [output_kind(n) for n in ("a.html", "geojson/a.geojson", "x/a.html", "../a.html")]
    ['html', 'geojson', None, None]
    """
    if "\x00" in rel or "\\" in rel or rel.startswith("."):
        return None
    if "/" not in rel and rel.endswith(".html"):
        return "html"
    folder, _, name = rel.partition("/")
    if folder == "geojson" and "/" not in name and name.endswith(".geojson") and name[0] != ".":
        return "geojson"
    return _SINGLE_FILES.get(rel)


def refuse_link(path: Path) -> None:
    """Raise a ``UsageError`` when ``path`` is a symbolic link."""
    if path.is_symlink():
        raise UsageError(f"{str(path)!r} is a symbolic link; {_NO_LINKS}")


def sha256_of(path: Path) -> str:
    """The sha256 of a file's bytes, read without following a link."""
    digest = hashlib.sha256()
    handle = os.open(path, READ_FLAGS)
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(f"{path} is not a regular file")
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Manifest:
    """What earlier builds wrote into an output folder (``files``: name -> sha256) and the
    folders a build made aside that may be left over (``aside``)."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.files: dict[str, str] = {}
        self.aside: list[str] = []
        self._read()

    def _read(self) -> None:
        """Read the manifest; one that is missing, a link, too large or malformed is empty."""
        try:
            handle = os.open(self.out / MANIFEST_NAME, READ_FLAGS)
        except OSError:
            return
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                return
            data = stream.read(MANIFEST_MAX_BYTES + 1)
        try:
            found = json.loads(data) if len(data) <= MANIFEST_MAX_BYTES else {}
        except (ValueError, RecursionError):
            return
        if not isinstance(found, dict):
            return
        files, aside = found.get("files"), found.get("aside")
        if isinstance(files, dict):
            self.files = {name: digest for name, digest in files.items()
                          if output_kind(name) and isinstance(digest, str)}
        if isinstance(aside, list):
            self.aside = [name for name in aside if isinstance(name, str)
                          and name.startswith((STAGING_PREFIX, BACKUP_PREFIX))
                          and "/" not in name and "\x00" not in name]

    def save(self) -> None:
        """Write the manifest (atomically, replacing it rather than writing through it)."""
        text = json.dumps({"files": dict(sorted(self.files.items())), "aside": self.aside},
                          indent=1) + "\n"
        write_bytes(self.out / MANIFEST_NAME, text.encode())

    def make_aside(self, prefix: str) -> Path:
        """A new empty folder in the output folder, named in the manifest before it is made."""
        name = f"{prefix}{secrets.token_hex(6)}"
        self.aside.append(name)
        self.save()
        folder = self.out / name
        folder.mkdir(mode=0o700)
        return folder

    def remove_aside(self, folder: Path) -> None:
        """Remove a folder ``make_aside`` made, and its name from the manifest."""
        _remove_tree(folder)
        if folder.name in self.aside:
            self.aside.remove(folder.name)
            with suppress(OSError):  # a stale record names a folder no longer there: harmless
                self.save()

    def remove_leftovers(self) -> None:
        """Remove the folders an interrupted build made aside (its name for them recorded)."""
        for name in list(self.aside):
            _remove_tree(self.out / name)
        if self.aside:
            self.aside = []
            with suppress(OSError):
                self.save()

    def remove_stale(self, written: Iterable[str], kinds: Iterable[str]) -> list[Path]:
        """Remove the files of ``kinds`` an earlier build wrote that are not in ``written``,
        when they still hold what was written; return those removed. Files no longer as
        written are left and forgotten."""
        written, kinds = set(written), set(kinds)
        removed = []
        for name, digest in sorted(self.files.items()):
            if name in written or output_kind(name) not in kinds:
                continue
            del self.files[name]
            path = self.out / name
            with suppress(OSError):
                if not path.parent.is_symlink() and sha256_of(path) == digest:
                    path.unlink()
                    removed.append(path)
        return removed


def _remove_tree(folder: Path) -> None:
    """Remove a folder and what it holds; a link in its place is left alone."""
    with suppress(OSError):
        if stat.S_ISDIR(os.lstat(folder).st_mode):
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
