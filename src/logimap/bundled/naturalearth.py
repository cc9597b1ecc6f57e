"""Bundled Natural Earth land, coastline, countries, borders and rivers (public domain), by bbox.

Files live in ``logimap/data/naturalearth`` (FlatGeobuf with a spatial index, read by
``flatgeobuf``; derived by ``scripts/naturalearth.py`` and ``scripts/waterways.py``; see
PROVENANCE.md there). Land comes at 1:10m (for checking that sea routes stay at sea) and
1:50m (for drawing); countries and land borders at 1:50m; river and lake centre lines at
1:10m; the small islands that the 1:50m countries leave out, with their country
(``scripts/islands.py``).

A bbox is ``(lon_min, lat_min, lon_max, lat_max)`` in degrees. Longitudes may be *unwrapped*
like the project's lines: ``(170, 50, 200, 72)`` spans Kamchatka to Alaska across the
antimeridian, and what lies east of 180 comes back with longitudes above 180. The files hold
longitudes in [-180, 180], with shapes crossing the antimeridian cut there (Chukotka, Fiji,
Antarctica). Shapely (and, for ``countries``, geopandas) is imported only when data is read.
"""

from __future__ import annotations

import math
from contextlib import ExitStack
from functools import lru_cache
from importlib.resources import as_file, files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import geopandas as gpd
    import numpy as np
    from shapely import Geometry, MultiLineString, MultiPolygon, Polygon

__all__ = ["COUNTRY_SCALES", "LAND_SCALES", "borders", "coastline", "countries",
           "country_shapes", "island_shapes", "land", "rivers", "wrapped_windows"]

BBox = tuple[float, float, float, float]
LAND_SCALES = ("10m", "50m")
COUNTRY_SCALES = ("50m",)


def wrapped_windows(bbox: BBox) -> list[tuple[BBox, float]]:
    """Split an unwrapped bbox into windows within [-180, 180], each with its longitude shift.

    Read a window from the files, then add the shift (a multiple of 360) to its longitudes.

    >>> wrapped_windows((170, 50, 200, 72))
    [((170.0, 50.0, 180.0, 72.0), 0.0), ((-180.0, 50.0, -160.0, 72.0), 360.0)]
    >>> wrapped_windows((-190, 0, -170, 10))
    [((170.0, 0.0, 180.0, 10.0), -360.0), ((-180.0, 0.0, -170.0, 10.0), 0.0)]
    """
    lon_min, lat_min, lon_max, lat_max = (float(v) for v in bbox)
    if not (lon_min < lon_max and lat_min < lat_max):
        raise ValueError(f"bbox {bbox} must be (lon_min, lat_min, lon_max, lat_max), min < max")
    if lon_max - lon_min > 360.0:
        raise ValueError(f"bbox {bbox} is wider than 360 degrees")
    lat_min, lat_max = max(lat_min, -90.0), min(lat_max, 90.0)
    windows = []
    first, last = (math.floor((lon + 180.0) / 360.0) for lon in (lon_min, lon_max))
    for k in range(first, last + 1):
        shift = 360.0 * k
        low, high = max(lon_min, shift - 180.0), min(lon_max, shift + 180.0)
        if high > low:
            windows.append(((low - shift, lat_min, high - shift, lat_max), shift))
    return windows


def land(bbox: BBox | None = None, scale: str = "10m") -> MultiPolygon:
    """Land within ``bbox`` (clipped to it), as one valid MultiPolygon; the world if None.

    Cached per (bbox, scale): treat the result as read-only (``shapely.prepare`` is fine).
    """
    _check_scale(scale, LAND_SCALES)
    key = None if bbox is None else tuple(float(v) for v in bbox)
    return _land(key, scale)


@lru_cache(maxsize=64)
def _land(bbox: BBox | None, scale: str) -> MultiPolygon:
    import shapely

    pieces, windows = _read_clipped(f"land-{scale}.fgb", bbox)
    polygons = _polygons(pieces)
    if windows > 1:
        polygons = _joined_at_cuts(polygons)
    return shapely.MultiPolygon(polygons)


def _joined_at_cuts(polygons: list[Polygon]) -> list[Polygon]:
    """Polygons cut at the antimeridian merged again (the pieces touch along a longitude that
    is an odd multiple of 180); only the polygons reaching such a longitude are unioned."""
    import numpy as np
    import shapely

    if not polygons:
        return polygons
    edges = shapely.bounds(polygons)[:, [0, 2]]
    at_cut = np.any(np.remainder(edges + 180.0, 360.0) == 0.0, axis=1)
    pairs = list(zip(polygons, at_cut, strict=True))
    joined = _polygons(shapely.union_all([p for p, cut in pairs if cut]))
    return [p for p, cut in pairs if not cut] + joined


def coastline(bbox: BBox | None = None, scale: str = "50m") -> MultiLineString:
    """Coastlines within ``bbox``: land outlines without the bbox edges or the ±180 cuts."""
    import shapely

    _check_scale(scale, LAND_SCALES)
    outlines, _ = _read_clipped(f"land-{scale}.fgb", bbox, boundary=True)
    cuts = shapely.MultiLineString([
        [(x, -90.0), (x, 90.0)] for x in (-540.0, -180.0, 180.0, 540.0)
    ] + [[(-540.0, -90.0), (540.0, -90.0)]])
    lines = shapely.line_merge(shapely.difference(shapely.union_all(outlines), cuts))
    return shapely.MultiLineString(
        [part for part in shapely.get_parts(lines) if isinstance(part, shapely.LineString)]
    )


def borders(bbox: BBox | None = None, scale: str = "50m") -> MultiLineString:
    """Land borders between countries within ``bbox`` (clipped), without coastlines.

    They are the outlines that two countries share, derived once from the Natural Earth
    topology (see PROVENANCE.md), so they end where the land meets the sea.
    """
    import shapely

    _check_scale(scale, COUNTRY_SCALES)
    pieces, _ = _read_clipped(f"borders-{scale}.fgb", bbox)
    return shapely.MultiLineString(
        [line for line in shapely.get_parts(pieces)
         if isinstance(line, shapely.LineString) and not line.is_empty]
    )


def rivers(bbox: BBox | None = None) -> MultiLineString:
    """River and lake centre lines (1:10m) within ``bbox``, clipped. Cached per bbox: treat
    the result as read-only."""
    return _rivers(None if bbox is None else tuple(float(v) for v in bbox))


@lru_cache(maxsize=64)
def _rivers(bbox: BBox | None) -> MultiLineString:
    import shapely

    pieces, _ = _read_clipped("rivers-10m.fgb", bbox)
    return shapely.MultiLineString(
        [line for line in shapely.get_parts(shapely.get_parts(pieces))
         if isinstance(line, shapely.LineString) and not line.is_empty]
    )


@lru_cache(maxsize=1)
def country_shapes(scale: str = "50m") -> tuple[tuple[str, str, MultiPolygon], ...]:
    """Every country of the world as (name, iso_n3, MultiPolygon), read without geopandas.
    Cached: treat the shapes as read-only."""
    from logimap.bundled import flatgeobuf

    _check_scale(scale, COUNTRY_SCALES)
    with as_file(_data_dir() / f"countries-{scale}.fgb") as path:
        found = flatgeobuf.read(path, columns=("name", "iso_n3"))
    names, numbers = found.columns["name"], found.columns["iso_n3"]
    shapes = [_multipolygon(g) for g in found.geometries]
    return tuple(sorted((str(name), str(number or ""), shape)
                        for name, number, shape in zip(names, numbers, shapes, strict=True)
                        if not shape.is_empty))


@lru_cache(maxsize=1)
def island_shapes() -> tuple[tuple[str, MultiPolygon], ...]:
    """The islands of each country that its 1:50m shape lacks, as (iso_n3, MultiPolygon), from
    Natural Earth's 1:10m land and minor islands. Cached: treat the shapes as read-only."""
    from logimap.bundled import flatgeobuf

    with as_file(_data_dir() / "islands-10m.fgb") as path:
        found = flatgeobuf.read(path, columns=("iso_n3",))
    return tuple((str(number), _multipolygon(shape))
                 for number, shape in zip(found.columns["iso_n3"], found.geometries, strict=True))


def countries(bbox: BBox | None = None, scale: str = "50m") -> gpd.GeoDataFrame:
    """Countries within ``bbox`` (clipped): columns ``name``, ``iso_n3``, ``geometry``.

    ``iso_n3`` is the ISO 3166-1 numeric code as a 3-digit string ("" where there is none).
    A country cut by the antimeridian comes back as one row.
    """
    import geopandas as gpd
    import pandas as pd
    import pyogrio

    _check_scale(scale, COUNTRY_SCALES)
    frames = []
    with ExitStack() as stack:
        path = stack.enter_context(as_file(_data_dir() / f"countries-{scale}.fgb"))
        for window, shift in _windows(bbox):
            frame = pyogrio.read_dataframe(path, bbox=window, columns=["name", "iso_n3"])
            frame["geometry"] = _shift(_clip(frame.geometry.values, window), shift)
            frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame["geometry"] = [_multipolygon(g) for g in frame.geometry.values]
    frame = frame[~frame.geometry.is_empty]
    if len(frames) > 1:
        frame = frame.dissolve(by=["name", "iso_n3"], as_index=False, sort=False)
        frame["geometry"] = [_multipolygon(g) for g in frame.geometry.values]
    frame = frame.sort_values(["name", "iso_n3"], kind="stable").reset_index(drop=True)
    return gpd.GeoDataFrame(frame[["name", "iso_n3", "geometry"]], crs="EPSG:4326")


def _data_dir() -> Traversable:
    return files("logimap") / "data" / "naturalearth"


def _check_scale(scale: str, allowed: tuple[str, ...]) -> None:
    if scale not in allowed:
        raise ValueError(f"scale {scale!r} not bundled; choose one of {', '.join(allowed)}")


def _windows(bbox: BBox | None) -> list[tuple[BBox | None, float]]:
    return [(None, 0.0)] if bbox is None else list(wrapped_windows(bbox))


def _read_clipped(
    name: str, bbox: BBox | None, boundary: bool = False
) -> tuple[list[Geometry], int]:
    """Geometries of one file within bbox (or their outlines), clipped and shifted."""
    import shapely

    from logimap.bundled import flatgeobuf

    pieces = []
    windows = _windows(bbox)
    with as_file(_data_dir() / name) as path:
        for window, shift in windows:
            geometries = flatgeobuf.read(path, window).geometries
            if boundary:
                geometries = shapely.boundary(geometries)
            pieces.extend(_shift(_clip(geometries, window), shift))
    return pieces, len(windows)


def _clip(geometries: np.ndarray, window: BBox | None) -> np.ndarray:
    """Geometries cut to the window; those already inside it are kept as they are."""
    import numpy as np
    import shapely

    if window is None:
        return geometries
    bounds = shapely.bounds(geometries)
    inside = np.all((bounds[:, :2] >= window[:2]) & (bounds[:, 2:] <= window[2:]), axis=1)
    clipped = np.array(geometries, dtype=object)
    clipped[~inside] = shapely.intersection(geometries[~inside], shapely.box(*window))
    return clipped


def _shift(geometries: np.ndarray, shift: float) -> np.ndarray:
    """Geometries with ``shift`` added to every longitude."""
    import numpy as np
    import shapely

    if shift == 0.0:
        return geometries
    return shapely.transform(geometries, lambda xy: xy + np.array([shift, 0.0]))


def _polygons(geometries: Geometry | np.ndarray | list[Geometry]) -> list[Polygon]:
    """The non-empty polygons in some geometries (overlays can leave lines or points)."""
    import shapely

    parts = shapely.get_parts(geometries)
    return [p for p in parts if isinstance(p, shapely.Polygon) and not p.is_empty]


def _multipolygon(geometry: Geometry) -> MultiPolygon:
    import shapely

    return shapely.MultiPolygon(_polygons(geometry))
