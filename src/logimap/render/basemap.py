"""The offline vector basemap: Natural Earth land and land borders around the scenario's
extent, simplified and rounded for the page."""

from __future__ import annotations

import math
from typing import Any

# The margin around the data, in the page's Web Mercator: enough for the view that fits the
# data, with the panels beside it, on any screen from a phone upright to an ultra-wide one,
# so that the first view shows no edge of the land; the page keeps the reader from panning
# or zooming out past it. A view fits the data's width or its height, whichever the screen's
# shape makes it, and shows as much again of the other side as the shape gives.
WIDEST_SCREEN = 2.4  # width over height: an ultra-wide monitor (21:9)
NARROWEST_SCREEN = 0.45  # a phone upright
PANELS = 1.35  # how much larger the view is than the data it fits, for the panels beside it
MARGIN_FRACTION = 0.5  # at least half the data's side: a panel may take a third of the screen
MARGIN_MIN_DEG = 10.0
MAX_LAT = 85.0511  # where Web Mercator's square world ends
SIMPLIFY_DEG = 0.02
MAX_WIDTH_DEG = 359.0
DECIMALS = 2


def _mercator(lat: float) -> float:
    """Web Mercator's northing of ``lat``, in degrees of longitude at the equator."""
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _latitude(northing: float) -> float:
    """The latitude at Web Mercator's ``northing`` (degrees of longitude), within ±MAX_LAT."""
    lat = math.degrees(2 * math.atan(math.exp(math.radians(northing))) - math.pi / 2)
    return min(max(lat, -MAX_LAT), MAX_LAT)


def extent_with_margin(bounds: tuple[float, float, float, float]) -> tuple[float, ...]:
    """(west, south, east, north) grown by the margin, latitudes kept within ``MAX_LAT`` and the
    width within ``MAX_WIDTH_DEG`` (centred on the data when the data is wider still)."""
    west, south, east, north = bounds
    low, high = (_mercator(max(min(lat, MAX_LAT), -MAX_LAT)) for lat in (south, north))
    width, height = east - west, high - low
    pad_x = max(MARGIN_MIN_DEG, width * MARGIN_FRACTION,
                (height * WIDEST_SCREEN * PANELS - width) / 2)
    pad_y = max(MARGIN_MIN_DEG, height * MARGIN_FRACTION,
                (width / NARROWEST_SCREEN * PANELS - height) / 2)
    # the world ends at MAX_LAT: what a view cannot show beyond one end it shows beyond the other
    top = _mercator(MAX_LAT)
    south = _latitude(low - pad_y - max(high + pad_y - top, 0.0))
    north = _latitude(high + pad_y + max(-top - (low - pad_y), 0.0))
    pad_x = min(pad_x, (MAX_WIDTH_DEG - width) / 2)
    if pad_x < 0:
        middle = (west + east) / 2
        return (middle - MAX_WIDTH_DEG / 2, south, middle + MAX_WIDTH_DEG / 2, north)
    return (west - pad_x, south, east + pad_x, north)


def _flat(geometry: Any) -> list[float]:
    """A line's or ring's (lon, lat) pairs as a flat, rounded [lon, lat, lon, lat, ...] list."""
    from shapely import get_coordinates

    return get_coordinates(geometry).round(DECIMALS).ravel().tolist()


def basemap(bounds: tuple[float, float, float, float], scale: str = "50m") -> dict[str, list]:
    """Land polygons (rings of flat lon/lat lists) and land borders within the extent."""
    from shapely import get_parts, line_merge, simplify

    from logimap.bundled.naturalearth import borders, land

    box = extent_with_margin(bounds)
    # Polygon by polygon: the same shapes as simplifying them together, in about half the time.
    shore = simplify(get_parts(land(box, scale=scale)), SIMPLIFY_DEG, preserve_topology=True)
    polygons = [[_flat(poly.exterior), *(_flat(ring) for ring in poly.interiors)]
                for poly in shore]
    lines = get_parts(simplify(line_merge(borders(box, scale=scale)), SIMPLIFY_DEG))
    return {"land": polygons, "borders": [_flat(line) for line in lines]}
