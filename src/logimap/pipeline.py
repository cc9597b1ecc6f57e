"""``build``: validate, route every leg, then write the maps and every export in one go.

Outputs are made in a staging folder inside the output folder and moved into place only when
all of them exist, under a lock, so a failed or interrupted build leaves the previous outputs
as they were and two builds at once never mix their files (``logimap.publish`` moves them, never
through a link, and removes what earlier builds wrote that this one no longer writes).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from logimap.errors import Problem, UsageError
from logimap.model import Leg, Scenario
from logimap.output import WrittenFile
from logimap.publish import (
    KINDS,
    MANIFEST_NAME,
    STAGING_PREFIX,
    Manifest,
    move_into_place,
    refuse_link,
    sha256_of,
)
from logimap.vocabulary import NETWORK_MODES

if TYPE_CHECKING:
    from logimap.geometry import LegGeometry
    from logimap.routecache import RouteStore

Progress = Callable[[str, float], None]
# Where forking is safe, the legs are routed by a child while this process loads the
# libraries the maps and exports need, and the exports are written by a child while the maps
# are made.
ROUTE_ASIDE = True
EXPORTS_ASIDE = True
# ... and the rail and road legs by a child of their own while the rest are drawn.
NETWORK_ASIDE = True
LOCK_NAME = ".logimap.lock"


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
    refuse_link(out)
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
        if made:  # the folder is this run's: remove the lock and manifest it made, then it
            for name in (LOCK_NAME, MANIFEST_NAME):
                with suppress(OSError):
                    if stat.S_ISREG(os.lstat(out / name).st_mode):
                        (out / name).unlink()
        for folder in made:  # deepest first
            try:
                folder.rmdir()
            except OSError:
                break
        raise


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the duration of a build. The lock file
    is created or opened without following a link, and must be a regular file."""
    path = Path(out) / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.EISDIR):
            raise
        handle = -1
    if handle < 0 or not stat.S_ISREG(os.fstat(handle).st_mode):
        if handle >= 0:
            os.close(handle)
        refuse_link(path)
        raise UsageError(f"{str(path)!r} is not a regular file; remove it (logimap keeps its "
                         "build lock there)")
    with os.fdopen(handle, "r+b") as stream:
        fcntl.flock(stream, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(stream, fcntl.LOCK_UN)


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
    """Every leg's geometry, the problems found drawing and checking them (places outside
    their country, legs that cannot be drawn, sea lines over land), and the seconds each step
    took; with a ``store``, what an earlier run routed and checked is read back. A leg through
    a place that is not where its country says is not drawn.

    Where forking is safe, the rail and road legs are routed by a child while this process
    checks the places, draws the other legs and checks the sea lines."""
    from logimap.aside import Aside
    from logimap.geometry import draw_legs
    from logimap.places import place_problems

    networked = {leg.id for leg in scenario.legs if leg.mode in NETWORK_MODES and not leg.track}
    aside = Aside(lambda: draw_legs(scenario, store.reopened() if store else None,
                                    only=networked),
                  fork=NETWORK_ASIDE and bool(networked),
                  name="the step routing rail and road legs")
    start = time.perf_counter()
    problems = place_problems(scenario, store)
    placed = time.perf_counter() - start
    start = time.perf_counter()
    if problems:
        # the legs through a misplaced place are left out, and the network's edges to it: all
        # drawn here, what the child routed set aside
        if aside.forked:
            with suppress(Exception):
                aside.result()
        drawable, only, awaited = drawable_part(scenario, problems), None, False
    else:
        drawable, only = scenario, {leg.id for leg in scenario.legs} - networked
        awaited = bool(networked)
    geometries, drawn = draw_legs(drawable, store, only=only)
    drawing = time.perf_counter() - start
    start = time.perf_counter()
    # the sea lines are checked while the child routes on
    problems += drawn + _checked_at_sea(scenario, drawable, geometries, store)
    checking = time.perf_counter() - start
    if awaited:
        start = time.perf_counter()
        (routed, found), _ = aside.result()
        drawn_anywhere = {**geometries, **routed}
        geometries = {leg.id: drawn_anywhere[leg.id] for leg in scenario.legs
                      if leg.id in drawn_anywhere}
        problems += found
        drawing += time.perf_counter() - start
    return geometries, problems, [("place check", placed), ("geometry", drawing),
                                  ("sea check", checking)]


def _checked_at_sea(scenario: Scenario, drawable: Scenario, geometries: dict[str, LegGeometry],
                    store: RouteStore | None) -> list[Problem]:
    """The problems of the sea legs whose lines cross land; a stored line over land is no
    line logimap drew, so those legs are routed again (``geometries`` is updated)."""
    from logimap.geometry import draw_legs, sea_checks
    from logimap.routecache import note_miss

    checks = sea_checks(scenario, geometries, store)
    if checks and store is not None and store.active:
        redrawn, _ = draw_legs(drawable, store, afresh=set(checks), only=set(checks))
        changed = sorted(leg for leg in checks if redrawn.get(leg) != geometries[leg])
        for leg in changed:
            note_miss(f"line of leg {leg!r}", "it crosses land")
            geometries[leg] = redrawn[leg]
        if changed:
            checks = sea_checks(scenario, geometries, store)
    return list(checks.values())


def load_checked(project: str | Path | None, store: RouteStore | None = None) -> Scenario:
    """Read and check a project, as ``logimap.load`` does; when it has problems, also draw
    every leg they leave drawable, so that one run reports the problems found routing (a
    port no ship reaches, a station far from the railways) with the rest."""
    from logimap.errors import DataError
    from logimap.project import resolve_project
    from logimap.reader import read_project
    from logimap.validate import check

    scenario, problems = read_project(resolve_project(project))
    problems += check(scenario)
    if problems:
        _, found, _ = route(drawable_part(scenario, problems), store)
        raise DataError(problems + found)
    return scenario


def drawable_part(scenario: Scenario, problems: list[Problem]) -> Scenario:
    """``scenario`` without the places whose rows have a problem among ``problems`` (a
    coordinate out of range) and without the legs that cannot be drawn for the problems
    found, or that have one of their own already: an unknown mode or node, a stop so left
    out, a problem located at the leg."""
    from dataclasses import replace

    from logimap.geometry import ROUTERS

    faulty = {(p.path, p.where) for p in problems}
    nodes = {n.id for n in scenario.nodes if (n.where.path, n.where.where) not in faulty}

    def drawable(leg: Leg) -> bool:
        return (leg.mode in ROUTERS and all(stop in nodes for stop in leg.stops)
                and (leg.where.path, leg.where.where) not in faulty)

    flows = tuple(replace(flow, legs=tuple(filter(drawable, flow.legs)))
                  for flow in scenario.flows)
    return replace(scenario, nodes=tuple(n for n in scenario.nodes if n.id in nodes),
                   flows=flows)


def _load_output_libraries() -> None:
    """Import what the tables, maps and exports use. Most of a first build's time is spent
    importing libraries; done while the legs are routed aside, it adds none."""
    import folium  # noqa: F401
    import geopandas  # noqa: F401
    import pyogrio  # noqa: F401

    import logimap.exports
    import logimap.render  # noqa: F401


def publish_all(out: Path, write: Callable[[Path], list[WrittenFile]],
                kinds: Collection[str] = KINDS) -> list[WrittenFile]:
    """Run ``write`` into a staging folder, then move what it wrote into ``out``, all or
    nothing, under the build lock, and remove the files of ``kinds`` (``html``, ``geojson``,
    ``gpkg``, ``kml``, ``csv``) that earlier builds wrote and this one did not. ``out`` is
    created if need be, and removed again if nothing could be published into it."""
    out = Path(out)
    with _created_output(out), output_lock(out):
        manifest = Manifest(out)
        manifest.remove_leftovers()
        staging = manifest.make_aside(STAGING_PREFIX)
        try:
            published = move_into_place(write(staging), staging, out, manifest)
        finally:
            manifest.remove_aside(staging)
        names = [item.path.relative_to(out).as_posix() for item in published]
        manifest.remove_stale(names, kinds)
        manifest.files.update({name: sha256_of(out / name) for name in names})
        with suppress(OSError):  # published all the same; the next build removes less
            manifest.save()
        return published


def check_layers(scenario: Scenario, layers: list[str] | None) -> None:
    """Raise a usage error naming the known layers if ``layers`` names an unknown one."""
    known = [layer.id for layer in scenario.layers]
    unknown = [name for name in layers or [] if name not in known]
    if unknown:
        raise UsageError(f"unknown layer {unknown[0]!r}; the layers are: {', '.join(known)}")
