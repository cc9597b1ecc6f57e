"""What a leg's drawn line goes through, in order: the named passages of a sea leg
(``logimap.route.passages``), the borders of a rail or road leg. Air legs and rail or road
legs drawn ``direct`` go through none: their line is no route.

Computed from the line alone, so the same line always gives the same passages, whether it
was routed now or read back from the route store.

A **border** is where the line leaves the Natural Earth 1:50m shape of one country for
another's (points in no country's shape, at sea or on a coast, are passed over). A stretch
shorter than ``EXCURSION_KM`` in another country that returns to the first is no crossing:
a line along a border, drawn over shapes generalised at 1:50m, slips across it and back. The
border is named after the nearest UN/LOCODE border crossing (function B) of either country
that serves the leg's mode (function 2 for rail, 3 for road, or no transport function given)
within ``NAMED_CROSSING_KM`` of where the line crosses; else it is "unnamed".
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from logimap.geo.geodesy import Point, distance_km
from logimap.route.geometry import LegPassage

if TYPE_CHECKING:
    import numpy as np

    from logimap.model import Leg

EXCURSION_KM = 10.0
NAMED_CROSSING_KM = 10.0
MODE_FUNCTIONS = {"rail": "2", "road": "3"}  # UN/LOCODE's function of a rail or road terminal


def leg_passages(leg: Leg, coords: Sequence[Point]) -> tuple[LegPassage, ...]:
    """The named passages (a sea leg) or borders (a rail or road leg over its network or
    along its track) that ``coords``, the leg's line, goes through, in order."""
    if leg.mode == "sea":
        return tuple(sea_passages(coords))
    if leg.mode in MODE_FUNCTIONS and (leg.track or leg.path != "direct"):
        return tuple(borders(coords, leg.mode))
    return ()


def sea_passages(coords: Sequence[Point]) -> list[LegPassage]:
    """The named passages a line goes through, in order, each where it crosses a gate."""
    from logimap.route.passages import passages, passages_along

    known = passages()
    found = []
    for crossing in passages_along(coords):
        passage = known[crossing.passage]
        lon, lat = crossing.point
        found.append(LegPassage(passage.kind, _wrap(lon), lat, passage.id, passage.name,
                                passage.restricted))
    return found


def borders(coords: Sequence[Point], mode: str) -> list[LegPassage]:
    """The borders a rail or road line crosses, in order (see the module's docstring)."""
    import numpy as np

    from logimap.bundled.countries import countries_of

    points = np.asarray(coords, dtype=float).reshape(-1, 2)
    if len(points) < 2:
        return []
    lons = (points[:, 0] + 180.0) % 360.0 - 180.0
    along = _cumulative_km(points)
    # borders between the 1:50m shapes: a point on a small island they lack is passed over
    runs = _runs(countries_of(lons, points[:, 1], islands=False))
    # where the line leaves each run for the next: (km along the line, point)
    exits = []
    for (country, _, last), (_, first, _) in pairwise(runs):
        point = _border_point(points[last:first + 1], country)
        exits.append((along[last] + distance_km(_wrapped(points[last]), point), point))
    merged = True
    while merged:  # a short stay in another country that comes back is no crossing
        merged = False
        for i in range(1, len(runs) - 1):
            if runs[i - 1][0] == runs[i + 1][0] and exits[i][0] - exits[i - 1][0] < EXCURSION_KM:
                runs[i - 1:i + 2] = [(runs[i - 1][0], runs[i - 1][1], runs[i + 1][2])]
                exits[i - 1:i + 1] = []
                merged = True
                break
    return [_named(LegPassage("border", point[0], point[1], countries=(a[0], b[0])), mode)
            for (a, b), (_, point) in zip(pairwise(runs), exits, strict=True)]


def _cumulative_km(points: np.ndarray) -> np.ndarray:
    """The geodesic distance along the line to each of its points, km."""
    import numpy as np

    from logimap.geo.geodesy import GEOD

    _, _, metres = GEOD.inv(points[:-1, 0], points[:-1, 1], points[1:, 0], points[1:, 1])
    return np.concatenate([[0.0], np.cumsum(metres) / 1000.0])


def _runs(codes: list[str]) -> list[tuple[str, int, int]]:
    """The line's stretches in one country each: (code, first point, last point); points in
    no country are passed over."""
    runs: list[tuple[str, int, int]] = []
    for index, code in enumerate(codes):
        if not code:
            continue
        if runs and runs[-1][0] == code:
            runs[-1] = (code, runs[-1][1], index)
        else:
            runs.append((code, index, index))
    return runs


def _border_point(stretch: np.ndarray, country: str) -> Point:
    """Where ``stretch`` (from the last point in ``country`` to the first beyond it) leaves
    the country's 1:50m shape; its middle when the shape's edge cannot be found there."""
    import shapely

    from logimap.bundled.countries import country_shape

    lons = (stretch[:, 0] + 180.0) % 360.0 - 180.0
    middle = (float(lons[len(lons) // 2]), float(stretch[len(stretch) // 2, 1]))
    shape = country_shape(country)
    if shape is None or float(lons.max() - lons.min()) > 180.0:
        return middle
    line = shapely.LineString(list(zip(lons.tolist(), stretch[:, 1].tolist(), strict=True)))
    near = shapely.clip_by_rect(shape, *line.buffer(0.01).bounds)
    meeting = shapely.get_parts(shapely.intersection(line, near.boundary))
    points = [point for point in meeting if point.geom_type == "Point"]
    if not points:
        return middle
    first = min(points, key=line.project)
    return (float(first.x), float(first.y))


def _named(border: LegPassage, mode: str) -> LegPassage:
    """``border`` with the nearest UN/LOCODE crossing of its countries that serves ``mode``,
    when one lies within ``NAMED_CROSSING_KM``."""
    from dataclasses import replace

    from logimap.bundled.gazetteer import border_crossings

    function = MODE_FUNCTIONS[mode]
    here = (border.lon, border.lat)
    near = [(distance_km(here, (c.lon, c.lat)), c) for c in border_crossings()
            if c.country in border.countries and abs(c.lat - border.lat) < 1.0
            and (function in c.functions or not any(ch.isdigit() for ch in c.functions))]
    km, crossing = min(near, default=(None, None), key=lambda pair: pair[0])
    if crossing is None or km > NAMED_CROSSING_KM:
        return border
    return replace(border, crossing=crossing.name, code=crossing.code,
                   crossing_km=round(km, 1))


def _wrap(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0


def _wrapped(point: np.ndarray) -> Point:
    return (_wrap(float(point[0])), float(point[1]))
