"""The land check of sea lines: a sea leg's line never crosses land away from its ports and
the waterways, through the route store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from logimap.errors import GeometryError, Problem
from logimap.route.geometry import RouteCache

if TYPE_CHECKING:
    from logimap.model import Leg, Scenario
    from logimap.route.geometry import LegGeometry
    from logimap.store.results import RouteStore


def sea_problems(scenario: Scenario, geometries: dict[str, LegGeometry],
                 store: RouteStore | None = None) -> list[Problem]:
    """One problem for each sea leg whose line crosses land (away from its ports), or whose
    line cannot be checked at all, located at the leg. With a ``store``, lines checked by an
    earlier build are not checked again."""
    return list(sea_checks(scenario, geometries, store).values())


def sea_checks(scenario: Scenario, geometries: dict[str, LegGeometry],
               store: RouteStore | None = None) -> dict[str, Problem]:
    """``sea_problems``, by the id of the leg each is about."""
    import json

    from logimap.route.sea import (
        harbours,
        land_crossings,
        land_for,
        leg_stops,
        project_waterways,
    )
    from logimap.store.kept import kept_or_computed
    from logimap.store.results import line_digest
    from logimap.store.values import crossings

    # A track is what was observed: it is not checked against the land of a 1:10m map.
    sea = [leg for leg in scenario.legs
           if leg.mode == "sea" and leg.id in geometries and not leg.track]
    ports = {leg.id: harbours(leg_stops(scenario, leg)) for leg in sea}
    waterways = project_waterways(scenario)
    cache = RouteCache()

    def inputs(leg: Leg) -> dict[str, object]:
        return {"check": "sea", "ports": ports[leg.id],
                "line": line_digest(geometries[leg.id].coords), "waterways": waterways}

    def compute(leg: Leg) -> list[tuple[float, float]] | Problem:
        coords = geometries[leg.id].coords
        try:
            return land_crossings(coords, ports[leg.id], land=land_for(coords, cache),
                                  waterways=waterways)
        except GeometryError as exc:
            return Problem(
                leg.where.path, leg.where.where, f"sea leg {leg.id!r} cannot be checked: {exc}",
                "split the leg into legs that each span less than 360 degrees of longitude",
            )

    def pack(found: list[tuple[float, float]] | Problem) -> bytes | None:
        return None if isinstance(found, Problem) else json.dumps(found).encode()

    problems = {}
    for leg, found in kept_or_computed(
            store, sea, inputs=inputs, compute=compute, pack=pack,
            unpack=lambda leg, value: crossings(value),
            describe=lambda leg: f"land check of sea leg {leg.id!r}"):
        if isinstance(found, Problem):
            problems[leg.id] = found
        elif found:
            near = "; ".join(f"{lat:.3f}, {lon:.3f}" for lon, lat in found)
            problems[leg.id] = Problem(
                leg.where.path, leg.where.where,
                f"sea leg {leg.id!r} crosses land near {near} (lat, lon)",
                "move the port node onto the shore, or add a sea waypoint to 'via' that keeps "
                "the line at sea",
            )
    return problems
