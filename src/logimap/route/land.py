"""The land check of sea lines: a sea leg's line never crosses land away from the waterways,
except along its approaches (the stretches from a port off the water to it, drawn as
schematic), through the route store."""

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
    """One problem for each sea leg whose line crosses land (outside its approaches), or whose
    line cannot be checked at all, located at the leg. With a ``store``, lines checked by an
    earlier build are not checked again."""
    return list(sea_checks(scenario, geometries, store).values())


def sea_checks(scenario: Scenario, geometries: dict[str, LegGeometry],
               store: RouteStore | None = None) -> dict[str, Problem]:
    """``sea_problems``, by the id of the leg each is about."""
    import json

    from logimap.route.sea import land_crossings, land_for, project_waterways
    from logimap.store.kept import kept_or_computed
    from logimap.store.results import line_digest
    from logimap.store.values import crossings

    # A track is what was observed: it is not checked against the land of a 1:10m map.
    sea = [leg for leg in scenario.legs
           if leg.mode == "sea" and leg.id in geometries and not leg.track]
    waterways = project_waterways(scenario)
    cache = RouteCache()

    def inputs(leg: Leg) -> dict[str, object]:
        drawn = geometries[leg.id]
        return {"check": "sea", "line": line_digest(drawn.coords), "waterways": waterways,
                "approaches": [[s.first, s.last] for s in drawn.stretches]}

    def compute(leg: Leg) -> list[tuple[float, float]] | Problem:
        found = []
        try:
            for part in geometries[leg.id].carried():
                found += land_crossings(part, land=land_for(part, cache), waterways=waterways)
        except GeometryError as exc:
            return Problem(
                leg.where.path, leg.where.where, f"sea leg {leg.id!r} cannot be checked: {exc}",
                "split the leg into legs that each span less than 360 degrees of longitude",
            )
        return found

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
                "add a sea waypoint to 'via' that keeps the line at sea",
            )
    return problems
