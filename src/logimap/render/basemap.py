"""The offline vector basemap: Natural Earth land and land borders around the scenario's
extent, simplified and rounded for the page."""

from __future__ import annotations

from typing import Any

# The margin around the data: half its width east and west; its whole width (or height)
# north and south, as a tall screen (a phone upright) shows a wide extent with much above
# and below it.
MARGIN_FRACTION = 0.5
LAT_MARGIN_FRACTION = 1.0
MARGIN_MIN_DEG = 10.0
SIMPLIFY_DEG = 0.02
MAX_WIDTH_DEG = 359.0
DECIMALS = 2


def extent_with_margin(bounds: tuple[float, float, float, float]) -> tuple[float, ...]:
    """(west, south, east, north) grown by a margin, latitudes kept within ±85 and the width
    within ``MAX_WIDTH_DEG`` (centred on the data when the data is wider still)."""
    west, south, east, north = bounds
    size = max(east - west, north - south)
    pad_y = max(size * LAT_MARGIN_FRACTION, MARGIN_MIN_DEG)
    pad_x = min(max(size * MARGIN_FRACTION, MARGIN_MIN_DEG),
                (MAX_WIDTH_DEG - (east - west)) / 2)
    south, north = max(south - pad_y, -85.0), min(north + pad_y, 85.0)
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
