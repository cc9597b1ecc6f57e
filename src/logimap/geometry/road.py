"""Road legs: geodesic lines through the leg's stops (no road network is modelled yet)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from logimap.geometry import Cache, LegGeometry, stop_points
from logimap.geometry.air import great_circle

if TYPE_CHECKING:
    from logimap.model import Leg, Scenario


def route(scenario: Scenario, leg: Leg, cache: Cache) -> LegGeometry:
    """Draw a road leg as geodesic lines between consecutive stops."""
    return great_circle(stop_points(scenario, leg))
