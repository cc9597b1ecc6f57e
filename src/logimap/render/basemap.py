"""The offline vector basemap: Natural Earth land and borders around the scenario's extent."""

from __future__ import annotations

from typing import Any

MARGIN_FRACTION = 0.5
MARGIN_MIN_DEG = 10.0
SIMPLIFY_DEG = 0.02
INLAND_DEG = 0.05
MAX_WIDTH_DEG = 359.0
DECIMALS = 2


def extent_with_margin(bounds: tuple[float, float, float, float]) -> tuple[float, ...]:
    """(west, south, east, north) grown by a margin, latitudes kept within ±85 and the width
    within ``MAX_WIDTH_DEG`` (centred on the data when the data is wider still)."""
    west, south, east, north = bounds
    # The same margin both ways: a wide extent is viewed on a screen taller than the data.
    pad_y = max((east - west) * MARGIN_FRACTION, (north - south) * MARGIN_FRACTION,
                MARGIN_MIN_DEG)
    pad_x = min(pad_y, (MAX_WIDTH_DEG - (east - west)) / 2)
    south, north = max(south - pad_y, -85.0), min(north + pad_y, 85.0)
    if pad_x < 0:
        middle = (west + east) / 2
        return (middle - MAX_WIDTH_DEG / 2, south, middle + MAX_WIDTH_DEG / 2, north)
    return (west - pad_x, south, east + pad_x, north)


def _flat(coords: Any) -> list[float]:
    """(lon, lat) pairs to a flat, rounded [lon, lat, lon, lat, ...] list."""
    return [round(value, DECIMALS) for point in coords for value in point[:2]]


def _polygons(geometry: Any) -> list[Any]:
    kind = geometry.geom_type
    if kind == "Polygon":
        return [geometry]
    if kind in ("MultiPolygon", "GeometryCollection"):
        return [g for part in geometry.geoms for g in _polygons(part)]
    return []


def _lines(geometry: Any) -> list[Any]:
    kind = geometry.geom_type
    if kind == "LineString":
        return [geometry]
    if kind in ("MultiLineString", "GeometryCollection"):
        return [g for part in geometry.geoms for g in _lines(part)]
    return []


def basemap(bounds: tuple[float, float, float, float], scale: str = "50m") -> dict[str, list]:
    """Land polygons (rings of flat lon/lat lists) and country borders within the extent."""
    from shapely import line_merge, simplify, unary_union

    from logimap.naturalearth import countries, land

    box = extent_with_margin(bounds)
    shore = simplify(land(box, scale=scale), SIMPLIFY_DEG, preserve_topology=True)
    polygons = [
        [_flat(poly.exterior.coords), *(_flat(ring.coords) for ring in poly.interiors)]
        for poly in _polygons(shore)
    ]
    frame = countries(box, scale=scale)
    borders: list[list[float]] = []
    if len(frame):
        boundaries = unary_union([g.boundary for g in frame.geometry])
        # Country outlines that are not coastline: keep only what lies inland.
        inland = boundaries.intersection(shore.buffer(-INLAND_DEG))
        borders = [_flat(line.coords) for line in
                   _lines(simplify(line_merge(inland), SIMPLIFY_DEG))]
    return {"land": polygons, "borders": borders}
