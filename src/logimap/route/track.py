"""Legs drawn from a track: from the leg's origin through every fix drawn, in time order, to
its destination. A dark period is the straight stretch between the fixes either side of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from logimap.errors import GeometryError
from logimap.geo.geodesy import length_km
from logimap.route.geometry import LegGeometry, RouteCache, stop_points

if TYPE_CHECKING:
    from logimap.model import Leg, Scenario


def route(scenario: Scenario, leg: Leg, cache: RouteCache) -> LegGeometry:
    """Draw an observed leg along its track (``scenario.tracks``)."""
    observed = scenario.tracks.get(leg.id)
    if observed is None:
        raise GeometryError(f"{leg.where}: leg {leg.id!r} has no track that can be drawn",
                            "fix the problems reported with its track file")
    stops = stop_points(scenario, leg)
    origin, destination = stops[0], stops[-1]
    drawn = observed.drawn
    lons = np.concatenate(([origin[0]], observed.fixes.lons[drawn], [destination[0]]))
    lats = np.concatenate(([origin[1]], observed.fixes.lats[drawn], [destination[1]]))
    coords = list(zip(unwrapped(lons).tolist(), lats.tolist(), strict=True))
    coords[0] = origin  # exactly the node
    return LegGeometry(tuple(coords), length_km(coords))


def unwrapped(lons: np.ndarray) -> np.ndarray:
    """Longitudes shifted by whole turns so each lies within 180 degrees of the one before
    (the first kept), as ``geodesy.unwrap`` does one by one."""
    steps = np.diff(lons)
    shifts = 360.0 * np.cumsum(np.round(-steps / 360.0))
    return np.concatenate((lons[:1], lons[1:] + shifts))
