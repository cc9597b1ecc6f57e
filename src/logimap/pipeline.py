"""``build``: validate, route every leg, then write the maps and every export in one go.

Outputs are made in a staging folder inside the output folder and moved into place only when
all of them exist, under a lock, so a failed or interrupted build leaves the previous outputs
as they were and two builds at once never mix their files.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from logimap.errors import Problem, UsageError
from logimap.model import Scenario
from logimap.output import WrittenFile

if TYPE_CHECKING:
    from logimap.geometry import LegGeometry
    from logimap.routecache import RouteStore

Progress = Callable[[str, float], None]
# Where forking is safe, the legs are routed by a child while this process loads the
# libraries the maps and exports need, and the exports are written by a child while the maps
# are made.
ROUTE_ASIDE = True
EXPORTS_ASIDE = True
LOCK_NAME = ".logimap.lock"
STAGING_PREFIX = ".logimap-build-"
BACKUP_PREFIX = ".logimap-backup-"


def _quiet(step: str, seconds: float) -> None:
    """The default progress callback: the library itself never prints."""


@contextmanager
def _timed(step: str, progress: Progress) -> Iterator[None]:
    start = time.perf_counter()
    yield
    progress(step, time.perf_counter() - start)


def check_output(out: Path) -> Path:
    """Say clearly why ``out`` cannot be an output folder, without creating anything."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"output path {str(out)!r} is a file, not a folder; choose a folder")
    existing = next(p for p in (out, *out.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise UsageError(f"cannot create output folder {str(out)!r}: {str(existing)!r} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "output folder" if existing == out else "folder"
        raise UsageError(f"{what} {str(existing)!r} is not writable")
    return out


@contextmanager
def _created_output(out: Path) -> Iterator[None]:
    """Create the output folder for a write; if the write fails, remove what this created
    (the folders made, when nothing but the build lock was left in them)."""
    out = check_output(out)
    made = [p for p in (out, *out.absolute().parents) if not p.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create output folder {str(out)!r}: {exc.strerror}") from None
    try:
        yield
    except BaseException:
        (out / LOCK_NAME).unlink(missing_ok=True)
        for folder in made:  # deepest first
            try:
                folder.rmdir()
            except OSError:
                break
        raise


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the duration of a build."""
    with open(out / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(scenario: Scenario, out: Path, layers: list[str] | None = None,
          progress: Progress = _quiet, store: RouteStore | None = None) -> list[WrittenFile]:
    """Route every leg and write maps and exports for ``scenario`` into ``out``.

    ``scenario`` must have passed validation (``logimap.load`` does that). With a ``store``
    (``RouteStore.default()``, as the command line uses), what an earlier build routed is
    read back instead of routed again. Returns the files written, with their sizes, in the
    order written.
    """
    from logimap.aside import Aside

    check_layers(scenario, layers)
    out = check_output(out)
    # The store on a connection of its own: an SQLite connection must not cross a fork.
    routing = Aside(lambda: route(scenario, store.reopened() if store else None),
                    fork=ROUTE_ASIDE, name="the routing step")
    if routing.forked:
        _load_output_libraries()
    (geometries, problems, times), _ = routing.result()
    for step, seconds in times:
        progress(f"{step} (aside)" if routing.forked else step, seconds)
    if problems:
        from logimap.errors import DataError

        raise DataError(problems)

    from logimap.exports import export
    from logimap.render import write_maps
    from logimap.tables import make_tables

    with _timed("tables", progress):
        tables = make_tables(scenario, geometries)

    def write(staging: Path) -> list[WrittenFile]:
        def exports() -> list[WrittenFile]:
            return export(scenario, staging, layers=layers, tables=tables)

        # A child process writes the exports while the maps are made here.
        aside = Aside(exports, fork=EXPORTS_ASIDE,
                      name="the step writing the exports")
        try:
            with _timed("maps", progress):
                staged = write_maps(scenario, staging, layers, tables, store)
        except BaseException:
            if aside.forked:
                with suppress(BaseException):
                    aside.result()  # wait for the child; the maps' error is the one to report
            raise
        exported, seconds = aside.result()
        progress("exports (aside)" if aside.forked else "exports", seconds)
        return staged + exported

    return publish_all(out, write)


def route(scenario: Scenario, store: RouteStore | None = None
          ) -> tuple[dict[str, LegGeometry], list[Problem], list[tuple[str, float]]]:
    """Every leg's geometry, the problems of the sea and place checks, and the seconds each
    step took; with a ``store``, what an earlier run routed and checked is read back."""
    from logimap.geometry import build_geometries, sea_problems
    from logimap.places import place_problems

    times = []
    start = time.perf_counter()
    geometries = build_geometries(scenario, store)
    times.append(("geometry", time.perf_counter() - start))
    start = time.perf_counter()
    problems = sea_problems(scenario, geometries, store)
    times.append(("sea check", time.perf_counter() - start))
    start = time.perf_counter()
    problems += place_problems(scenario, store)
    times.append(("place check", time.perf_counter() - start))
    return geometries, problems, times


def _load_output_libraries() -> None:
    """Import what the tables, maps and exports use. Most of a first build's time is spent
    importing libraries; done while the legs are routed aside, it adds none."""
    import folium  # noqa: F401
    import geopandas  # noqa: F401
    import pyogrio  # noqa: F401

    import logimap.exports
    import logimap.render  # noqa: F401


def publish_all(out: Path, write: Callable[[Path], list[WrittenFile]]) -> list[WrittenFile]:
    """Run ``write`` into a staging folder, then move what it wrote into ``out``, all or
    nothing, under the build lock. ``out`` is created if need be, and removed again if
    nothing could be published into it."""
    out = Path(out)
    with _created_output(out), output_lock(out):
        _remove_leftovers(out)
        staging = Path(tempfile.mkdtemp(dir=out, prefix=STAGING_PREFIX))
        try:
            return _publish(write(staging), staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _remove_leftovers(out: Path) -> None:
    """Remove what an interrupted build left (called under the lock: no build is running)."""
    for path in out.iterdir():
        if path.is_dir() and path.name.startswith((STAGING_PREFIX, BACKUP_PREFIX)):
            shutil.rmtree(path, ignore_errors=True)


def _publish(staged: list[WrittenFile], staging: Path, out: Path) -> list[WrittenFile]:
    """Move the staged files into place, all or nothing.

    Each previous file is first linked into a backup folder, then replaced atomically (a
    reader never finds it missing); if any step fails, every replaced file is restored.
    """
    backup = Path(tempfile.mkdtemp(dir=out, prefix=BACKUP_PREFIX))
    replaced: list[tuple[Path, Path | None]] = []
    try:
        for item in staged:
            relative = item.path.relative_to(staging)
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            saved = None
            if target.exists():
                saved = backup / relative
                saved.parent.mkdir(parents=True, exist_ok=True)
                os.link(target, saved)
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
        shutil.rmtree(backup, ignore_errors=True)
    return [WrittenFile(out / item.path.relative_to(staging), item.size) for item in staged]


def check_layers(scenario: Scenario, layers: list[str] | None) -> None:
    """Raise a usage error naming the known layers if ``layers`` names an unknown one."""
    known = [layer.id for layer in scenario.layers]
    unknown = [name for name in layers or [] if name not in known]
    if unknown:
        raise UsageError(f"unknown layer {unknown[0]!r}; the layers are: {', '.join(known)}")
