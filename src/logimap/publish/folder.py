"""The output folder of a build: checked before anything is made, created when needed (and
removed again when nothing could be published into it), and filled all or nothing, under the
build lock (``publish_all``)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Collection
from contextlib import suppress
from pathlib import Path

from logimap.errors import UsageError
from logimap.publish.files import WrittenFile
from logimap.publish.lock import LOCK_NAME, output_lock
from logimap.publish.manifest import (
    KINDS,
    MANIFEST_NAME,
    STAGING_PREFIX,
    Manifest,
    check_targets,
    move_into_place,
    refuse_link,
    written_as,
)


def check_output(out: Path) -> Path:
    """Say clearly why ``out`` cannot be an output folder, without creating anything."""
    out = Path(out)
    refuse_link(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"output path {str(out)!r} is a file, not a folder; choose a folder")
    existing = next(p for p in (out, *out.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise UsageError(f"cannot create output folder {str(out)!r}: {str(existing)!r} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "output folder" if existing == out else "folder"
        raise UsageError(f"{what} {str(existing)!r} is not writable")
    if existing == out:  # the lock and the manifest, replaced or written: regular files
        check_targets(out, [LOCK_NAME, MANIFEST_NAME])
    return out


def _created(out: Path) -> list[Path]:
    """Create the output folder and the folders above it that are missing; the folders made,
    deepest first."""
    made = [p for p in (out, *out.absolute().parents) if not p.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create output folder {str(out)!r}: {exc.strerror}") from None
    return made


def _remove_made(out: Path, made: list[Path]) -> None:
    """Remove the folders a failed run made (deepest first), with the manifest and the lock
    file it left in the output folder; the lock is still held, so no other build holds it."""
    for name in (MANIFEST_NAME, LOCK_NAME):
        with suppress(OSError):
            if stat.S_ISREG(os.lstat(out / name).st_mode):
                (out / name).unlink()
    for folder in made:
        try:
            folder.rmdir()
        except OSError:
            break


def publish_all(out: Path, write: Callable[[Path], list[WrittenFile]],
                kinds: Collection[str] = KINDS) -> list[WrittenFile]:
    """Run ``write`` into a staging folder, then move what it wrote into ``out``, all or
    nothing, under the build lock, and remove the files of ``kinds`` (``html``, ``geojson``,
    ``gpkg``, ``kml``, ``csv``) that earlier builds wrote and this one did not. ``out`` is
    created if need be, and removed again if nothing could be published into it."""
    out = check_output(Path(out))
    made = _created(out)
    try:
        with output_lock(out):
            try:
                return _published(out, write, kinds)
            except BaseException:
                if made:  # removed while the lock is held: no other build holds it
                    _remove_made(out, made)
                    made = []
                raise
    except BaseException:
        if made:  # the lock could not be taken
            _remove_made(out, made)
        raise


def _published(out: Path, write: Callable[[Path], list[WrittenFile]],
               kinds: Collection[str]) -> list[WrittenFile]:
    manifest = Manifest(out)
    manifest.remove_leftovers()
    staging = manifest.make_aside(STAGING_PREFIX)
    try:
        published = move_into_place(write(staging), staging, out, manifest)
    finally:
        manifest.remove_aside(staging)
    names = [item.path.relative_to(out).as_posix() for item in published]
    manifest.remove_stale(names, kinds)
    manifest.files.update({name: written_as(out / name) for name in names})
    with suppress(OSError):  # published all the same; the next build removes less
        manifest.save()
    return published
