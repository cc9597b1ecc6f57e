"""The projection an image is drawn in, chosen for the extent of what it shows: a Lambert
conformal conic centred on the data, or Equal Earth centred on it when the data spans the
equator or most of the globe, where a cone fits badly. Never Web Mercator, which stretches
the north.

Longitudes may be unwrapped (past ±180): a point is projected relative to the central
meridian, so a line across the antimeridian stays whole.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyproj import Transformer

# A cone fits an extent that keeps to one side of the equator and spans less than this.
CONIC_MAX_LON_SPAN = 200.0


@dataclass(frozen=True)
class Projection:
    """A projection (PROJ string) and the longitudes of what it shows, unwrapped around its
    central meridian (``west`` to ``east``)."""

    proj: str
    centre_lon: float
    west: float
    south: float
    east: float
    north: float

    def transformer(self) -> Transformer:
        """From WGS84 (lon, lat) to the projection's metres."""
        from pyproj import Transformer

        return Transformer.from_crs("EPSG:4326", self.proj, always_xy=True)

    def around_centre(self, lon: float) -> float:
        """``lon`` moved by whole turns to within 180 degrees of the central meridian."""
        return self.centre_lon + (lon - self.centre_lon + 180.0) % 360.0 - 180.0


def circular_mean(lons: Iterable[float]) -> float:
    """The mean direction of longitudes, in degrees (-180 to 180)."""
    values = [math.radians(lon) for lon in lons]
    return math.degrees(math.atan2(sum(map(math.sin, values)), sum(map(math.cos, values))))


def choose_projection(points: list[tuple[float, float]]) -> Projection:
    """The projection for an image showing ``points`` (lon, lat): a Lambert conformal conic
    with standard parallels at a sixth and five sixths of the latitudes shown, or Equal Earth
    when they reach the equator or span more than ``CONIC_MAX_LON_SPAN`` degrees of longitude.

    >>> choose_projection([(129.0, 40.0), (131.9, 43.1), (37.6, 55.8)]).proj
    '+proj=lcc +lat_1=42.6 +lat_2=53.2 +lat_0=47.9 +lon_0=84.7 +datum=WGS84 +units=m +no_defs'
    """
    centre = circular_mean(lon for lon, _ in points)
    lons = [centre + (lon - centre + 180.0) % 360.0 - 180.0 for lon, _ in points]
    lats = [lat for _, lat in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    centre = round((west + east) / 2.0, 1)
    span = north - south
    first, second = south + span / 6.0, north - span / 6.0
    if south <= 0.0 <= north or east - west > CONIC_MAX_LON_SPAN or abs(first + second) < 2.0:
        proj = f"+proj=eqearth +lon_0={centre} +datum=WGS84 +units=m +no_defs"
    else:
        proj = (f"+proj=lcc +lat_1={first:.1f} +lat_2={second:.1f} "
                f"+lat_0={(south + north) / 2.0:.1f} +lon_0={centre} "
                "+datum=WGS84 +units=m +no_defs")
    return Projection(proj, centre, west, south, east, north)
