"""The pipeline that runs the stages: read -> check -> route -> tables -> maps and exports,
published all at once.

``load`` reads and checks a project; ``build`` routes every leg and writes the maps and every
export in one go, ``export`` the exports alone, ``make_map`` returns the map. Outputs are made
in a staging folder inside the output folder and moved into place only when all of them exist,
under a lock (``logimap.publish``), so a failed or interrupted build leaves the previous
outputs as they were and two builds at once never mix their files.

Where a machine has two cores or more, steps run in child processes (``logimap.parallel``):
the legs are routed while this process loads the libraries the maps and exports need (and
the rail and road legs while the other legs are drawn), and the exports are written while the
maps (and then the GeoJSON) are made.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from logimap.errors import DataError, Problem
from logimap.model import Leg, Scenario
from logimap.vocabulary import BUILD_FORMATS, EXPORT_FORMATS, IMAGE_FORMATS, NETWORK_MODES

if TYPE_CHECKING:
    import folium

    from logimap.publish.files import WrittenFile
    from logimap.route.geometry import LegGeometry
    from logimap.store.results import RouteStore
    from logimap.tables import Tables

Progress = Callable[[str, float], None]
Warn = Callable[[list[Problem]], None]  # given the warnings found drawing the legs
# Where a child process can run a step, the legs are routed by one while this process loads
# the libraries the maps and exports need, and the exports are written by one while the maps
# are made ...
ROUTE_ASIDE = True
EXPORTS_ASIDE = True
# ... and the rail and road legs by a child of their own while the rest are drawn.
NETWORK_ASIDE = True
# The exports this process writes once the maps are made, while the child writes the others
# (the first of ``EXPORT_FORMATS``, so the files are listed in the same order either way):
# at 10,000 legs the exports take three times as long as the maps.
EXPORTS_HERE = ("geojson",)
Routed = tuple[dict[str, "LegGeometry"], list[Problem], list[tuple[str, float]]]


def _quiet(step: str, seconds: float) -> None:
    """The default progress callback: the library itself never prints."""


@contextmanager
def _timed(step: str, progress: Progress) -> Iterator[None]:
    start = time.perf_counter()
    yield
    progress(step, time.perf_counter() - start)


# -- read and check ---------------------------------------------------------------------------


def load(project: str | Path | None = None) -> Scenario:
    """Read and check a project folder (default: the bundled scenario).

    Raises ``DataError`` listing every problem, each with its file and line or row.
    """
    scenario, problems = _read_and_check(project)
    if problems:
        raise DataError(problems)
    return scenario


def load_checked(project: str | Path | None, store: RouteStore | None = None) -> Scenario:
    """Read and check a project, as ``load`` does; when it has problems, also draw every leg
    they leave drawable, so that one run reports the problems found routing (a port no ship
    reaches, a station far from the railways) with the rest."""
    scenario, problems = _read_and_check(project)
    if problems:
        _, found, _ = route(drawable_part(scenario, problems), store)
        raise DataError(problems + found)
    return scenario


def _read_and_check(project: str | Path | None) -> tuple[Scenario, list[Problem]]:
    from logimap.check.rules import check
    from logimap.read.folder import resolve_project
    from logimap.read.scenario import read_project

    scenario, problems = read_project(resolve_project(project))
    return scenario, problems + check(scenario)


def drawable_part(scenario: Scenario, problems: list[Problem]) -> Scenario:
    """``scenario`` without the places whose rows have a problem among ``problems`` (a
    coordinate out of range) and without the legs that cannot be drawn for the problems
    found, or that have one of their own already: an unknown mode or node, a stop so left
    out, a problem located at the leg."""
    from dataclasses import replace

    from logimap.route import ROUTERS

    faulty = {(p.path, p.where) for p in problems}
    nodes = {n.id for n in scenario.nodes if (n.where.path, n.where.where) not in faulty}

    def drawable(leg: Leg) -> bool:
        return (leg.mode in ROUTERS and all(stop in nodes for stop in leg.stops)
                and (leg.where.path, leg.where.where) not in faulty)

    flows = tuple(replace(flow, legs=tuple(filter(drawable, flow.legs)))
                  for flow in scenario.flows)
    return replace(scenario, nodes=tuple(n for n in scenario.nodes if n.id in nodes),
                   flows=flows)


# -- route ------------------------------------------------------------------------------------


def route(scenario: Scenario, store: RouteStore | None = None) -> Routed:
    """Every leg's geometry, the problems found drawing and checking them (places outside
    their country, legs that cannot be drawn, sea lines over land), and the seconds each step
    took; with a ``store``, what an earlier run routed and checked is read back. A leg through
    a place that is not where its country says is not drawn.

    Where a child can, the rail and road legs are routed by one while this process checks
    the places, draws the other legs and checks the sea lines."""
    from logimap.check.places import place_problems
    from logimap.parallel import Aside
    from logimap.route import draw_legs

    networked = {leg.id for leg in scenario.legs if leg.mode in NETWORK_MODES and not leg.track}
    if networked and NETWORK_ASIDE and (store is None or store.empty):
        _load_routing_libraries()  # once, here, rather than here and in the child again
    aside = Aside(_draw_legs, scenario, _folder(store), networked,
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


def _load_routing_libraries() -> None:
    """Import what routing the legs uses. Before a child is forked to route some of them,
    with nothing stored (every leg is routed), it spares the child importing them again."""
    import numpy  # noqa: F401
    import pyproj  # noqa: F401
    import scipy.sparse.csgraph
    import scipy.spatial  # noqa: F401
    import shapely  # noqa: F401


def _folder(store: RouteStore | None) -> Path | None:
    """Where ``store`` keeps its results: a child opens the store on a connection of its own
    (an SQLite connection must not cross into another process)."""
    return store.folder if store is not None else None


def _store_at(folder: Path | None) -> RouteStore | None:
    from logimap.store import RouteStore

    return RouteStore(folder) if folder is not None else None


def _draw_legs(scenario: Scenario, folder: Path | None, only: set[str]
               ) -> tuple[dict[str, LegGeometry], list[Problem]]:
    """``draw_legs`` of the legs named ``only``, with the store at ``folder`` (in a child),
    with the borders their lines cross (the countries' shapes load quickly without
    geopandas, so the child finds them while the parent draws the other legs)."""
    from logimap.route import draw_legs

    return draw_legs(scenario, _store_at(folder), only=only)


def _route(scenario: Scenario, folder: Path | None) -> Routed:
    """``route`` with the store at ``folder`` (in a child)."""
    return route(scenario, _store_at(folder))


def _checked_at_sea(scenario: Scenario, drawable: Scenario, geometries: dict[str, LegGeometry],
                    store: RouteStore | None) -> list[Problem]:
    """The problems of the sea legs whose lines cross land; a stored line over land is no
    line logimap drew, so those legs are routed again (``geometries`` is updated)."""
    from logimap.route import draw_legs, sea_checks
    from logimap.store import note_miss

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


def tables_of(scenario: Scenario, store: RouteStore | None = None, warn: Warn | None = None
              ) -> Tables:
    """The scenario's tables, its legs routed first; raises ``DataError`` listing every leg
    that cannot be drawn or checked. ``warn`` is given the warnings found drawing them."""
    from logimap.tables import make_tables

    geometries, problems, _ = route(scenario, store)
    if problems:
        raise DataError(problems)
    _warn(warn, scenario, geometries)
    return make_tables(scenario, geometries)


def drawn_warnings(scenario: Scenario, geometries: dict[str, LegGeometry]) -> list[Problem]:
    """What the drawn legs warn about: stops joined to the water or the network by schematic
    stretches and waypoints moved onto the water (``route.schematic``), and lines that look
    wrong: much longer than their great circle, doubling back, the long way round a
    restricted passage (``route.plausibility``)."""
    from logimap.route import schematic_warnings
    from logimap.route.plausibility import route_warnings

    return schematic_warnings(scenario, geometries) + route_warnings(scenario, geometries)


def _warn(warn: Warn | None, scenario: Scenario, geometries: dict[str, LegGeometry]) -> None:
    """Give ``warn`` what the drawn legs warn about (``drawn_warnings``)."""
    if warn is not None:
        warn(drawn_warnings(scenario, geometries))


# -- publish ----------------------------------------------------------------------------------


def make_map(scenario: Scenario, layers: list[str] | None = None,
             store: RouteStore | None = None) -> folium.Map:
    """The scenario's map as a ``folium.Map`` (all layers, or only those named); it displays
    in Jupyter, and ``save`` writes it."""
    from logimap.render import make_map as map_of
    from logimap.tables import check_layers

    check_layers(scenario, layers)
    return map_of(scenario, tables_of(scenario, store), layers)


def export(scenario: Scenario, out: str | Path, formats: Sequence[str] | str | None = None,
           layers: list[str] | None = None, store: RouteStore | None = None,
           tables: Tables | None = None, warn: Warn | None = None,
           images: dict[str, Any] | None = None) -> list[WrittenFile]:
    """Write GIS exports (default: GeoJSON, GeoPackage with its QGIS project, KML and CSV)
    or images (``svg``, ``pdf``, ``png``, drawn with the options ``images`` holds, see
    ``logimap.images.render_images``) into ``out``, as ``logimap export`` does: all at once,
    never through a link, and removing the files of these formats that an earlier export or
    build wrote there and this one does not. ``tables`` (``tables_of``) saves routing the
    legs again; else ``warn`` is given the warnings found drawing them, before anything is
    written."""
    from logimap.exports import check_formats
    from logimap.publish import check_output, publish_all
    from logimap.tables import check_layers

    chosen = check_formats(formats if formats is not None else list(EXPORT_FORMATS),
                           (*EXPORT_FORMATS, *IMAGE_FORMATS))
    check_layers(scenario, layers)
    if images:
        from logimap.images import check_options

        check_options(scenario, **images)
    target = check_output(Path(out))
    tables = tables if tables is not None else tables_of(scenario, store, warn)
    return publish_all(target, lambda staging: write_outputs(
        scenario, tables, staging, chosen, layers, images), kinds=chosen)


def write_outputs(scenario: Scenario, tables: Tables, out: Path, formats: Sequence[str],
                  layers: list[str] | None, images: dict[str, Any] | None = None
                  ) -> list[WrittenFile]:
    """Write the GIS exports and the images among ``formats`` into ``out``."""
    written: list[WrittenFile] = []
    exported = [name for name in formats if name in EXPORT_FORMATS]
    if exported:
        from logimap.exports import write_exports

        written += write_exports(scenario, tables, out, exported, layers)
    drawn = [name for name in formats if name in IMAGE_FORMATS]
    if drawn:
        from logimap.images import write_images

        written += write_images(scenario, tables, out, drawn, layers, **(images or {}))
    return written


def build(scenario: Scenario, out: str | Path, layers: list[str] | None = None,
          progress: Progress = _quiet, store: RouteStore | None = None,
          warn: Warn | None = None, formats: Sequence[str] | str = BUILD_FORMATS,
          images: dict[str, Any] | None = None) -> list[WrittenFile]:
    """Route every leg and write maps and exports for ``scenario`` into ``out``: the
    ``formats`` chosen among ``html`` (the maps), the GIS exports and the images (drawn with
    the options ``images`` holds).

    ``scenario`` must have passed validation (``load`` does that). With a ``store``
    (``RouteStore.default()``, as the command line uses), what an earlier build routed is
    read back instead of routed again. ``warn`` is given the warnings found drawing the legs
    (a stop off the network, a waypoint moved onto the water...) before anything is written:
    it may raise to stop the build. Returns the files written, with their sizes, in the order
    written.
    """
    from logimap.exports import check_formats
    from logimap.parallel import Aside
    from logimap.publish import check_output, publish_all
    from logimap.tables import check_layers

    chosen = check_formats(formats, ("html", *EXPORT_FORMATS, *IMAGE_FORMATS))
    check_layers(scenario, layers)
    if images:
        from logimap.images import check_options

        check_options(scenario, **images)
    out = check_output(Path(out))
    routing = Aside(_route, scenario, _folder(store), fork=ROUTE_ASIDE,
                    name="the routing step")
    if routing.forked:
        _load_output_libraries()
    (geometries, problems, times), _ = routing.result()
    for step, seconds in times:
        progress(f"{step} (aside)" if routing.forked else step, seconds)
    if problems:
        raise DataError(problems)
    _warn(warn, scenario, geometries)

    from logimap.render import write_maps
    from logimap.tables import make_tables

    with _timed("tables", progress):
        tables = make_tables(scenario, geometries)

    def write(staging: Path) -> list[WrittenFile]:
        # A child writes most exports and the images while the maps, then the first
        # exports, are made here.
        here = [name for name in chosen if name in EXPORTS_HERE]
        aside = Aside(write_outputs, scenario, tables, staging,
                      [name for name in chosen if name != "html" and name not in EXPORTS_HERE],
                      layers, images, fork=EXPORTS_ASIDE, name="the step writing the exports")
        try:
            with _timed("maps", progress):
                staged = (write_maps(scenario, tables, staging, layers, store)
                          if "html" in chosen else [])
            start = time.perf_counter()
            staged += write_outputs(scenario, tables, staging, here, layers)
            seconds_here = time.perf_counter() - start
        except BaseException:
            if aside.forked:
                with suppress(BaseException):
                    aside.result()  # wait for the child; the maps' error is the one to report
            raise
        exported, seconds = aside.result()
        if aside.forked:
            progress("exports", seconds_here)
            progress("exports (aside)", seconds)
        else:
            progress("exports", seconds_here + seconds)
        return staged + exported

    return publish_all(out, write, kinds=chosen)


def _load_output_libraries() -> None:
    """Import what the tables, maps and exports use. Most of a first build's time is spent
    importing libraries; done while the legs are routed aside, it adds none."""
    import folium  # noqa: F401
    import geopandas  # noqa: F401
    import pyogrio  # noqa: F401

    import logimap.exports
    import logimap.render  # noqa: F401
