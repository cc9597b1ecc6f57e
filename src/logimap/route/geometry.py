"""What routing makes of a leg (``LegGeometry``, with its schematic ``Stretch``es, its
``Moved`` waypoints and the passages and borders its line goes through, ``LegPassage``), what
the legs of one build share while they are routed (``RouteCache``), the points a leg passes
(``stop_points``) and the great circle through them (``great_circle_km``).

Coordinates are (lon, lat) WGS84. Longitudes along a line are *unwrapped*: each differs from
the previous by less than 180 degrees, so a line crossing the antimeridian continues past
±180 (e.g. 179.5 -> 180.5) and draws as one piece on a web map. Exports split such lines at
±180 (``logimap.geo.antimeridian``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from logimap.errors import GeometryError
from logimap.vocabulary import STRETCHES

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from logimap.geo.geodesy import Point
    from logimap.model import Leg, Scenario
    from logimap.route.graph import NetworkRouter
    from logimap.route.water import Approach

Box = tuple[float, float, float, float]

APPROACH, OFF_NETWORK = STRETCHES  # the kinds of schematic stretch (see the vocabulary)


@dataclass(frozen=True)
class Stretch:
    """A straight part of a leg's line that no water or network carries, drawn as schematic:
    ``kind`` is ``APPROACH`` or ``OFF_NETWORK`` (``vocabulary.STRETCHES``), ``stop`` the index
    in the leg's stops of the node it joins, ``first`` and ``last`` the indices of the line's
    points it runs between."""

    kind: str
    stop: int
    first: int
    last: int


@dataclass(frozen=True)
class Moved:
    """A waypoint a little off the water: the line passes its point ``at`` (an index of the
    line's points) instead of the waypoint, the leg's stop number ``stop``."""

    stop: int
    at: int


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
    """The drawn path of one leg: unwrapped (lon, lat) points and its geodesic length, with its
    schematic stretches, its waypoints moved onto the water, and the named passages and
    borders it goes through, in order (``logimap.route.crossings``)."""

    coords: tuple[tuple[float, float], ...]
    length_km: float
    stretches: tuple[Stretch, ...] = ()
    moved: tuple[Moved, ...] = ()
    passages: tuple[LegPassage, ...] = ()

    def carried(self) -> list[tuple[tuple[float, float], ...]]:
        """The parts of the line its water or network carries: the line without its
        stretches (several parts when a stretch lies between two)."""
        parts, start = [], 0
        for stretch in sorted(self.stretches, key=lambda s: s.first):
            if stretch.first > start:
                parts.append(self.coords[start:stretch.first + 1])
            start = stretch.last
        if start < len(self.coords) - 1:
            parts.append(self.coords[start:])
        return parts

    def carried_line(self) -> tuple[tuple[float, float], ...]:
        """The carried parts joined end to end, as the map and the exports draw the leg (a
        via stop off the water or network is left and rejoined at one point, so its parts
        meet there); the whole line when stretches are all of it."""
        parts = self.carried()
        if not parts:
            return self.coords
        line = list(parts[0])
        for part in parts[1:]:
            line.extend(part[1:] if part[0] == line[-1] else part)
        return tuple(line)

    def stretch_coords(self, stretch: Stretch) -> tuple[tuple[float, float], ...]:
        return self.coords[stretch.first:stretch.last + 1]


def joined(pieces: Sequence[Sequence[Point]]) -> tuple[list[Point], list[int]]:
    """``pieces`` chained into one unwrapped line (``geo.geodesy.join``: each starts where the
    one before ends), and the index in it where each piece starts."""
    from logimap.geo.geodesy import join

    starts, at = [], 0
    for piece in pieces:
        starts.append(at)
        at += len(piece) - 1
    return join(pieces), starts


@dataclass(eq=False)
class RouteCache:
    """What the legs of one build share while they are routed, so that nothing is computed
    twice: legs between the same stops, the stretches and approaches of sea legs, the land
    fetched around them and each mode's network router."""

    lines: dict[tuple[Any, ...], LegGeometry] = field(default_factory=dict)
    sea_stretches: dict[tuple[Any, ...], tuple[list[Point], list[Point], list[Point]]] = field(
        default_factory=dict)  # a stretch between two stops: approach, on water, approach
    sea_approaches: dict[tuple[Any, ...], Approach | None] = field(default_factory=dict)
    sea_afloat: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # a stop as routed
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
