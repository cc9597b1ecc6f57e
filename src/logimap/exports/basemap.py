"""The base map the QGIS project opens on: Natural Earth land, coastlines and land borders
(bundled, 1:50m) around the data, as layers of the GeoPackage (``basemap_land``,
``basemap_coast``, ``basemap_borders``), with longitudes within ±180 like every export."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shapely import Geometry

    from logimap.tables import Tables

# The tables, in the order written, and their geometry types.
BASEMAP_TABLES = {"basemap_land": "MultiPolygon", "basemap_coast": "MultiLineString",
                  "basemap_borders": "MultiLineString"}
# Degrees of margin around the data.
MARGIN = 10.0


def basemap_extent(tables: Tables) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the data plus ``MARGIN``, with the legs' unwrapped
    longitudes (so it may pass ±180); the whole world when wider than a turn."""
    lons = [float(lon) for lon in tables.nodes["lon"]]
    lats = [float(lat) for lat in tables.nodes["lat"]]
    for line in tables.leg_lines.values():
        lons += [lon for lon, _ in line]
        lats += [lat for _, lat in line]
    if not lons:
        return -180.0, -90.0, 180.0, 90.0
    west, east = min(lons) - MARGIN, max(lons) + MARGIN
    if east - west >= 360.0:
        west, east = -180.0, 180.0
    return west, max(-90.0, min(lats) - MARGIN), east, min(90.0, max(lats) + MARGIN)


def basemap_geometries(tables: Tables) -> dict[str, list[Geometry]]:
    """Per base map table, its geometries: one per window of the extent within ±180."""
    import shapely

    from logimap.bundled import naturalearth

    found: dict[str, list[Geometry]] = {name: [] for name in BASEMAP_TABLES}
    for window, _ in naturalearth.wrapped_windows(basemap_extent(tables)):
        pieces = {"basemap_land": naturalearth.land(window, "50m"),
                  "basemap_coast": naturalearth.coastline(window, "50m"),
                  "basemap_borders": naturalearth.borders(window, "50m")}
        for name, geometry in pieces.items():
            if not geometry.is_empty:
                found[name].append(shapely.force_2d(geometry))
    return found
