"""Every leg drawn by its mode's router, through the route store.

Each mode's module has ``route(scenario, leg, cache) -> LegGeometry``; ``ROUTERS`` maps a mode
to its module, imported only when a leg of that mode is drawn (so importing this package
stays light). A new mode is one module and one line in ``ROUTERS``. A leg drawn from a track
(``leg.track``) is drawn by the module under ``TRACK``, whatever its mode. The routers are
pure: what a build keeps between runs goes through ``logimap.store`` here, never in them.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from logimap.errors import GeometryError, Problem
from logimap.route.geometry import LegGeometry, LegPassage, Moved, RouteCache, Stretch

if TYPE_CHECKING:
    from logimap.model import Leg, Scenario
    from logimap.store.results import RouteStore

ROUTERS: dict[str, str] = {
    "air": "logimap.route.air",
    "road": "logimap.route.network",
    "rail": "logimap.route.network",
    "sea": "logimap.route.sea",
    "track": "logimap.route.track",
}
TRACK = "track"  # the ROUTERS key of the module drawing legs from their tracks

# The network a mode's legs are routed on, where it is not named like the mode.
ROUTED_ON = {"sea": "waterway"}
# The modes whose routes go through passages or borders.
ROUTED_THROUGH = ("sea", "rail", "road")


def leg_geometry(scenario: Scenario, leg: Leg, cache: RouteCache | None = None) -> LegGeometry:
    """Draw one leg with its mode's router (or from its track). ``cache`` is shared by the
    legs of one build."""
    module = ROUTERS.get(TRACK if leg.track else leg.mode)
    if module is None:
        raise GeometryError(
            f"{leg.where}: leg {leg.id!r} has mode {leg.mode!r}, which cannot be drawn "
            f"(known modes: {', '.join(sorted(ROUTERS))})"
        )
    return importlib.import_module(module).route(scenario, leg,
                                                 RouteCache() if cache is None else cache)

def route_inputs(scenario: Scenario, leg: Leg, networks: dict[str, str] | None = None
                 ) -> dict[str, Any]:
    """Everything a leg's geometry depends on, as JSON: its mode, ``within`` and ``path``, its
    stops (id, lon, lat, kind, precision), the passages it is steered through or away from
    (its ``via`` passages and ``avoid``, and the restricted passages the project allows), a
    digest of the network it is routed on (its edges and their ends' coordinates, precisions
    and countries; empty when there is none) and how far a stop may lie off it
    (``off_network_km``). The bundled data is in the store's fingerprint. ``networks`` keeps
    the digests between calls."""
    networks = {} if networks is None else networks
    if leg.mode not in networks:
        networks[leg.mode] = _network_digest(scenario, ROUTED_ON.get(leg.mode, leg.mode))
    nodes = scenario.node_by_id
    stops = [[n, nodes[n].lon, nodes[n].lat, nodes[n].kind, nodes[n].precision]
             if n in nodes else [n] for n in leg.stops]
    return {"mode": leg.mode, "stops": stops, "network": networks[leg.mode],
            "within": list(leg.within), "path": leg.path,
            "off_network_km": scenario.off_network_km,
            "via_passages": [list(pair) for pair in leg.via_passages],
            "avoid": list(leg.avoid), "allow": list(scenario.allow)}


def _network_digest(scenario: Scenario, name: str) -> str:
    import hashlib
    import json

    nodes = scenario.node_by_id
    edges = [[end, nodes[end].lon, nodes[end].lat, nodes[end].precision, nodes[end].country]
             if end in nodes else [end]
             for edge in scenario.network(name) for end in (edge.a, edge.b)]
    return hashlib.sha256(json.dumps(edges).encode()).hexdigest() if edges else ""


def all_passages(scenario: Scenario, geometries: dict[str, LegGeometry],
                 store: RouteStore | None = None) -> dict[str, LegGeometry]:
    """``geometries`` (by leg id) with the passages or borders each line goes through
    (``logimap.route.crossings``), found from the line: with a ``store``, what was found for
    the same routed line and kind of leg is read back (a track's line, read at every build,
    is not kept, nor an air or direct line, which goes through nothing). Legs drawn alike
    (one line, one kind of leg) share one geometry, as they share a route."""
    import json
    from dataclasses import replace

    from logimap.route.crossings import leg_passages
    from logimap.store.kept import kept_or_computed
    from logimap.store.results import line_digest
    from logimap.store.values import passages as stored

    kinds: dict[tuple[int, str, bool, str], tuple[Leg, LegGeometry]] = {}
    kind_of = {}
    for leg_id, line in geometries.items():
        leg = scenario.leg_by_id[leg_id]
        kind_of[leg_id] = (id(line), leg.mode, bool(leg.track), leg.path)
        kinds.setdefault(kind_of[leg_id], (leg, line))
    items = list(kinds.values())

    def inputs(item: tuple[Leg, LegGeometry]) -> dict[str, Any]:
        leg, line = item
        return {"check": "passages", "mode": leg.mode, "path": leg.path,
                "line": line_digest(line.coords)}

    def compute(item: tuple[Leg, LegGeometry]) -> tuple[LegPassage, ...]:
        return leg_passages(item[0], item[1].coords)

    def pack(found: tuple[LegPassage, ...]) -> bytes:
        return json.dumps([[p.kind, p.lon, p.lat, p.id, list(p.countries), p.crossing, p.code,
                            p.crossing_km] for p in found]).encode()

    def unpack(item: tuple[Leg, LegGeometry], value: bytes) -> tuple[LegPassage, ...]:
        return tuple(_passage(*fields) for fields in stored(value, item[1].coords))

    keys = list(kinds)
    # what a route goes through is kept (a track's is found again, an air line's is none)
    kept = [at for at, (leg, _) in enumerate(items)
            if not leg.track and leg.mode in ROUTED_THROUGH and leg.path != "direct"]
    found = {at: compute(item) for at, item in enumerate(items) if at not in kept}
    found.update(zip(kept, (value for _, value in kept_or_computed(
        store, [items[at] for at in kept], inputs=inputs, compute=compute, pack=pack,
        unpack=unpack, describe=lambda item: f"passages of leg {item[0].id!r}")),
        strict=True))
    passed = {keys[at]: replace(item[1], passages=found[at]) for at, item in enumerate(items)}
    return {leg_id: passed[kind_of[leg_id]] for leg_id in geometries}


def _passage(kind: str, lon: float, lat: float, ident: str, countries: tuple[str, ...],
             crossing: str, code: str, km: float | None) -> LegPassage:
    """A passage read back from the store, its name and restriction the bundled passage's."""
    from logimap.route.passages import passages

    if kind == "border":
        return LegPassage(kind, lon, lat, countries=countries, crossing=crossing, code=code,
                          crossing_km=km)
    passage = passages()[ident]
    return LegPassage(kind, lon, lat, ident, passage.name, passage.restricted)


def build_geometries(scenario: Scenario, store: RouteStore | None = None
                     ) -> dict[str, LegGeometry]:
    """The geometry of every leg, by leg id. Identical routes are computed once; with a
    ``store``, routes computed by an earlier build are read back from it.

    A stored line is used only when ``logimap.store.values.leg_line`` finds it sound and agreeing
    with the leg's stops; any other is routed again and overwritten.

    Raises ``DataError`` listing every leg that cannot be drawn, located at the leg.
    """
    from logimap.errors import DataError

    geometries, problems = draw_legs(scenario, store)
    if problems:
        raise DataError(problems)
    return geometries


def draw_legs(scenario: Scenario, store: RouteStore | None = None, *,
              afresh: Collection[str] = (), only: Collection[str] | None = None,
              passages: bool = True) -> tuple[dict[str, LegGeometry], list[Problem]]:
    """The geometry of every leg that can be drawn, by leg id, and a problem located at each
    leg that cannot (as ``build_geometries``, without raising). The legs named in ``afresh``
    are routed again whatever the store holds (and the store is given their new lines); with
    ``only``, only the legs it names are drawn. A leg drawn from a track is never kept: its
    line is its track file's, read at each build. Without ``passages``, the geometries leave
    out the passages their lines go through (``with_passages`` adds them)."""
    from logimap.store.kept import kept_or_computed
    from logimap.store.results import pack_line
    from logimap.store.values import leg_line, line_marks

    cache = RouteCache()
    networks: dict[str, str] = {}
    legs = [leg for leg in scenario.legs if only is None or leg.id in only]
    # legs from one place routed one after another: a network search from it serves them all
    ordered = sorted(legs, key=lambda leg: (leg.mode, leg.origin))

    def inputs(leg: Leg) -> dict[str, Any]:
        return route_inputs(scenario, leg, networks)

    def compute(leg: Leg) -> LegGeometry | Problem:
        try:
            return leg_geometry(scenario, leg, cache)
        except GeometryError as exc:
            message = str(exc).removeprefix(f"{leg.where}: ")
            return Problem(leg.where.path, leg.where.where, message, exc.hint)

    def pack(drawn: LegGeometry | Problem) -> bytes | None:
        if isinstance(drawn, Problem):
            return None
        marks = line_marks(tuple((s.kind, s.stop, s.first, s.last) for s in drawn.stretches),
                           tuple((m.stop, m.at) for m in drawn.moved))
        return pack_line(drawn.coords, drawn.length_km, marks)

    def unpack(leg: Leg, value: bytes) -> LegGeometry:
        coords, length, stretches, moved = leg_line(value, inputs(leg)["stops"],
                                                    scenario.off_network_km)
        return LegGeometry(coords, length, tuple(Stretch(*s) for s in stretches),
                           tuple(Moved(*m) for m in moved))

    tracked = [at for at, leg in enumerate(ordered) if leg.track]
    kept = [leg for leg in ordered if not leg.track]
    drawn = dict(kept_or_computed(store, kept, inputs=inputs, compute=compute, pack=pack,
                                  unpack=unpack, describe=lambda leg: f"line of leg {leg.id!r}",
                                  afresh={at for at, leg in enumerate(kept) if leg.id in afresh}))
    drawn.update((ordered[at], compute(ordered[at])) for at in tracked)
    lines = {leg.id: drawn[leg] for leg in legs if isinstance(drawn[leg], LegGeometry)}
    geometries = all_passages(scenario, lines, store) if passages else lines
    problems = [drawn[leg] for leg in ordered if isinstance(drawn[leg], Problem)]
    return geometries, problems
