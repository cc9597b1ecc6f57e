"""What routing makes of a leg (``LegGeometry``, with the passages and borders its line goes
through, ``LegPassage``), what the legs of one build share while they are routed
(``RouteCache``), and the points a leg passes (``stop_points``) and the great circle through
them (``great_circle_km``).

Coordinates are (lon, lat) WGS84. Longitudes along a line are *unwrapped*: each differs from
the previous by less than 180 degrees, so a line crossing the antimeridian continues past
±180 (e.g. 179.5 -> 180.5) and draws as one piece on a web map. Exports split such lines at
±180 (``logimap.geo.antimeridian``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from logimap.errors import GeometryError

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from logimap.geo.geodesy import Point
    from logimap.model import Leg, Scenario
    from logimap.route.graph import NetworkRouter
    from logimap.route.water import Approach

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class LegPassage:
    """A named passage or a border that a leg's line goes through, where it crosses (``lon``,
    ``lat``, wrapped to [-180, 180]).

    ``kind`` is the passage's (``canal``, ``strait``, ``cape``, ``route``) or ``border``.
    A passage has its ``id`` and ``name``; a border the countries on either side, in the
    direction of travel (``countries``, alpha-2 codes), and the nearest named crossing within
    reach, if any (``crossing``: its name, ``code`` its UN/LOCODE, ``crossing_km`` how far).
    """

    kind: str
    lon: float
    lat: float
    id: str = ""
    name: str = ""
    restricted: bool = False
    countries: tuple[str, ...] = ()
    crossing: str = ""
    code: str = ""
    crossing_km: float | None = None

    @property
    def label(self) -> str:
        """The passage as a reader reads it: "Suez Canal", "KZ→RU border (unnamed)",
        "LT→RU border at Kybartai (LT KYB)"."""
        if self.kind != "border":
            return self.name
        where = f"at {self.crossing} ({self.code})" if self.crossing else "(unnamed)"
        return f"{'→'.join(self.countries)} border {where}"


@dataclass(frozen=True)
class LegGeometry:
    """The drawn path of one leg: unwrapped (lon, lat) points, its geodesic length, and the
    named passages and borders it goes through, in order (``logimap.route.crossings``)."""

    coords: tuple[tuple[float, float], ...]
    length_km: float
    passages: tuple[LegPassage, ...] = ()


@dataclass(eq=False)
class RouteCache:
    """What the legs of one build share while they are routed, so that nothing is computed
    twice: legs between the same stops, the stretches and approaches of sea legs, the land
    fetched around them and each mode's network router."""

    lines: dict[tuple[Any, ...], LegGeometry] = field(default_factory=dict)
    sea_stretches: dict[tuple[Any, ...], list[Point]] = field(default_factory=dict)
    sea_approaches: dict[tuple[Any, ...], Approach | None] = field(default_factory=dict)
    land: dict[Box, BaseGeometry] = field(default_factory=dict)
    land_prefetched: bool = False
    routers: dict[str, NetworkRouter] = field(default_factory=dict)


def great_circle_km(scenario: Scenario, leg: Leg) -> float:
    """The length of the great circle through the leg's stops, in order (km)."""
    from logimap.geo.geodesy import geodesic_line, length_km

    return length_km(geodesic_line(stop_points(scenario, leg)))


def stop_points(scenario: Scenario, leg: Leg) -> list[tuple[float, float]]:
    """The (lon, lat) of the leg's origin, via nodes and destination, in order."""
    nodes = scenario.node_by_id
    missing = [n for n in leg.stops if n not in nodes]
    if missing:
        raise GeometryError(
            f"{leg.where}: leg {leg.id!r} names unknown node {missing[0]!r}; "
            "add it to geodata/nodes.csv or fix the id"
        )
    return [(nodes[n].lon, nodes[n].lat) for n in leg.stops]
