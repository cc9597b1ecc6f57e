"""Countries by ISO 3166-1 alpha-2 code: the bundled code table and Natural Earth's shapes.

``data/iso3166/iso3166-1.csv`` (derived by ``scripts/iso3166.py`` from Debian's iso-codes;
see PROVENANCE.md there) gives each country's alpha-2, alpha-3 and numeric codes; the
bundled Natural Earth 1:50m countries carry the numeric code, so the two meet on it.
A country's **territory** is its 1:50m shape and the small islands of it that the shape lacks
(1:10m land and minor islands, ``naturalearth.island_shapes``): ``countries_at`` and
``distance_km`` measure against the territory. Geopandas and shapely are imported only when
shapes are read.
"""

from __future__ import annotations

import csv
import io
import math
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely import MultiPolygon

    from logimap.bundled.naturalearth import BBox

KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32  # at the equator


@cache
def iso_codes() -> dict[str, tuple[str, str]]:
    """Every ISO 3166-1 alpha-2 code, with its numeric code and short name."""
    text = (files("logimap") / "data" / "iso3166" / "iso3166-1.csv").read_text("utf-8")
    return {row["alpha_2"]: (row["numeric"], row["name"])
            for row in csv.DictReader(io.StringIO(text))}


def country_frame(bbox: BBox | None = None) -> gpd.GeoDataFrame:
    """Natural Earth 1:50m countries within ``bbox`` with their ``iso_a2`` code ("" for the
    few with no ISO code, such as Kosovo), besides ``name``, ``iso_n3`` and ``geometry``."""
    from logimap.bundled.naturalearth import countries

    alpha2 = {numeric: code for code, (numeric, _) in iso_codes().items()}
    frame = countries(bbox)
    frame.insert(2, "iso_a2", [alpha2.get(n, "") for n in frame["iso_n3"]])
    return frame


@lru_cache(maxsize=1)
def _shapes() -> dict[str, tuple[str, MultiPolygon]]:
    from logimap.bundled.naturalearth import country_shapes

    alpha2 = {numeric: code for code, (numeric, _) in iso_codes().items()}
    return {alpha2[number]: (name, shape) for name, number, shape in country_shapes()
            if number in alpha2}


def country_shape(code: str) -> MultiPolygon | None:
    """The 1:50m shape of the country with alpha-2 ``code``; None when Natural Earth has no
    shape for it (a few small territories) or the code is not one."""
    found = _shapes().get(code)
    return None if found is None else found[1]


@lru_cache(maxsize=1)
def _islands() -> dict[str, MultiPolygon]:
    from logimap.bundled.naturalearth import island_shapes

    alpha2 = {numeric: code for code, (numeric, _) in iso_codes().items()}
    return {alpha2[number]: shape for number, shape in island_shapes() if number in alpha2}


def territory(code: str) -> list[MultiPolygon]:
    """The 1:50m shape of country ``code`` and its islands that the shape lacks (empty when
    Natural Earth has neither, or the code is not one)."""
    return [found for found in (country_shape(code), _islands().get(code)) if found is not None]


def country_name(code: str) -> str:
    """The Natural Earth name of a country (``RU`` -> ``Russia``), else its ISO name."""
    found = _shapes().get(code)
    if found is not None:
        return found[0]
    return iso_codes().get(code, ("", code))[1]


def countries_at(lon: float, lat: float) -> list[str]:
    """The alpha-2 codes of the countries whose territory holds the point (usually one, none
    at sea), in the order of their 1:50m shapes."""
    import shapely

    codes, tree = _shape_index(True)
    found = [codes[i] for i in sorted(tree.query(shapely.Point(lon, lat), predicate="intersects"))]
    return list(dict.fromkeys(found))


def countries_of(lons: Any, lats: Any, *, islands: bool = True) -> list[str]:
    """The alpha-2 code of the country whose 1:50m shape holds each point ("" for none: at
    sea, or in a country without a code), for many points at once; where two shapes hold a
    point (on a border), the first in code order. ``islands``: the small islands the 1:50m
    shapes lack count too (reading them costs about 0.3 s the first time)."""
    import numpy as np
    import shapely

    codes, tree = _shape_index(islands)
    x, y = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    point_index, shape_index = tree.query(shapely.points(x, y))  # by bounding box
    found = [""] * len(x)
    for shape in sorted(set(shape_index.tolist()), reverse=True):
        candidates = point_index[shape_index == shape]
        inside = shapely.contains_xy(tree.geometries[shape], x[candidates], y[candidates])
        for point in candidates[inside].tolist():
            found[point] = codes[shape]
    return found


@lru_cache(maxsize=2)
def _shape_index(with_islands: bool) -> tuple[list[str], Any]:
    """The code of each shape of the countries' territories (the 1:50m shapes in ``_shapes``
    order, then the islands, if asked for), and an index of the shapes."""
    import shapely

    shapes = _shapes()
    islands = _islands() if with_islands else {}
    geometries = [shape for _, shape in shapes.values()] + list(islands.values())
    shapely.prepare(geometries)
    return [*shapes, *islands], shapely.STRtree(geometries)


def distance_km(code: str, lon: float, lat: float, reach_km: float) -> float:
    """How far the point lies outside country ``code``'s territory, in km (0 inside);
    ``math.inf`` beyond ``reach_km`` (measured in a local plane, good to about 1%)."""
    return min((_distance_to(shape, lon, lat, reach_km) for shape in territory(code)),
               default=math.inf)


def _distance_to(shape: MultiPolygon, lon: float, lat: float, reach_km: float) -> float:
    import shapely

    dy = reach_km / KM_PER_DEG_LAT
    dx = reach_km / (KM_PER_DEG_LON * max(math.cos(math.radians(lat)), 0.01))
    near = shapely.clip_by_rect(shape, lon - dx, lat - dy, lon + dx, lat + dy)
    if near.is_empty:
        return math.inf
    scale = KM_PER_DEG_LON * math.cos(math.radians(lat))
    local = shapely.transform(near, lambda xy: (xy - (lon, lat)) * (scale, KM_PER_DEG_LAT))
    found = shapely.distance(local, shapely.Point(0.0, 0.0))
    return found if found <= reach_km else math.inf
