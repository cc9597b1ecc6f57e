"""Air legs: the great circle through the leg's stops, densified about every 50 km."""

from __future__ import annotations

from typing import TYPE_CHECKING

from logimap.geo.geodesy import Point, geodesic_line, length_km
from logimap.route.geometry import LegGeometry, RouteCache, stop_points

if TYPE_CHECKING:
    from logimap.model import Leg, Scenario


def great_circle(points: list[Point]) -> LegGeometry:
    """The geodesic polyline through ``points`` in order, with its length."""
    coords = geodesic_line(points)
    return LegGeometry(tuple(coords), length_km(coords))


def route(scenario: Scenario, leg: Leg, cache: RouteCache) -> LegGeometry:
    """Draw an air leg as great circles between consecutive stops."""
    return great_circle(stop_points(scenario, leg))
