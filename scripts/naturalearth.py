"""Derive logimap's bundled Natural Earth files from the npm package world-atlas@2.0.2.

Usage (from the repository root)::

    tmp="$(mktemp -d)" && (cd "$tmp" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-*.tgz)
    python scripts/naturalearth.py "$tmp/package"

world-atlas redistributes Natural Earth 4.1.0 (public domain) as TopoJSON, quantized to a grid
of 1e5 steps per axis (0.0036 deg of longitude, 0.0017 deg of latitude: 400 m by 190 m at
the equator), at both scales; 1:50m has about 7 times fewer vertices than 1:10m. This script
reads ``land-10m.json``, ``land-50m.json`` and ``countries-50m.json`` with GDAL's TopoJSON
driver and writes FlatGeobuf files (packed Hilbert R-tree, so a bbox read touches only the
features it needs; features are stored in index order) into ``src/logimap/data/naturalearth/``:

* ``land-10m.fgb``, ``land-50m.fgb``: one feature per land polygon, no attributes;
* ``countries-50m.fgb``: one MultiPolygon per country with ``name`` and ``iso_n3`` (ISO 3166-1
  numeric as a 3-digit string, empty where Natural Earth has none, e.g. Kosovo);
* ``borders-50m.fgb``: land borders, the arcs of ``countries-50m.json`` that two different
  countries share (what ``topojson.mesh(world, countries, (a, b) => a !== b)`` draws), merged
  into one LineString per unbroken stretch, no attributes.

Countries at 1:10m are left out: that file alone would be 8.8 MB (5.4 MB zlib-compressed in
git), more than the other three together; ``--countries-10m`` writes it anyway.

Repairs made on the way, all deterministic:

* The TopoJSON is spherical: a ring crossing the antimeridian jumps between +180 and -180
  (Chukotka, Fiji, Wrangel Island), and Antarctica's ring goes round the South Pole. Each ring
  is unwrapped (``numpy.unwrap`` with period 360), a ring that goes round a pole is closed
  through that pole, and the ring is cut at every odd multiple of 180 with the pieces shifted
  back into [-180, 180]. Rings of a polygon are combined by even-odd rule (symmetric
  difference), so a ring is a hole because it lies inside another one, whatever its winding.
* Latitudes beyond +-89.999 (d3's stand-in for the pole) are snapped to +-90.
* Quantization leaves some rings self-intersecting: ``shapely.make_valid(method="structure")``.

Re-running on the same package with the same GDAL/GEOS gives byte-identical files (FlatGeobuf
stores no timestamp); sha256 sums are printed and recorded in PROVENANCE.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from functools import reduce
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

OUT = Path(__file__).resolve().parent.parent / "src" / "logimap" / "data" / "naturalearth"
LAND_SCALES = ("10m", "50m")
COUNTRY_SCALES = ("50m",)
POLE_SNAP = 89.999  # world-atlas writes the poles as +-89.999


def canonical_pieces(region: BaseGeometry) -> BaseGeometry:
    """Cut an unwrapped polygonal region at odd multiples of 180 and shift it into [-180, 180]."""
    xmin, _, xmax, _ = region.bounds
    pieces = []
    first, last = (int(np.floor((x + 180.0) / 360.0)) for x in (xmin, xmax))
    for k in range(first, last + 1):
        window = shapely.box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0)
        piece = shapely.intersection(region, window)
        if not piece.is_empty:
            pieces.append(shapely.transform(piece, lambda c, k=k: _snap(c - [360.0 * k, 0.0])))
    return _polygonal(shapely.union_all(pieces))


def _snap(coords: np.ndarray) -> np.ndarray:
    """Put longitudes within 1e-9 of +-180 exactly on it, so both sides of a cut match."""
    near = np.abs(np.abs(coords[:, 0]) - 180.0) < 1e-9
    coords[near, 0] = np.sign(coords[near, 0]) * 180.0
    return coords


def ring_region(coords: np.ndarray) -> BaseGeometry:
    """The planar area enclosed by one spherical ring, in [-180, 180] longitudes."""
    turns = np.round((np.unwrap(coords[:, 0], period=360.0) - coords[:, 0]) / 360.0)
    lon = coords[:, 0] + 360.0 * turns  # whole turns only: -180 + 360 is exactly 180
    lat = np.where(np.abs(coords[:, 1]) >= POLE_SNAP, np.sign(coords[:, 1]) * 90.0, coords[:, 1])
    ring = np.column_stack([lon, lat])
    if abs(lon[-1] - lon[0]) > 180.0:  # goes round a pole: close it through that pole
        pole = -90.0 if lat.mean() < 0 else 90.0
        ring = np.vstack([ring, [[lon[-1], pole], [lon[0], pole], ring[0]]])
    region = _polygonal(shapely.make_valid(shapely.Polygon(ring), method="structure"))
    return canonical_pieces(region) if not region.is_empty else region


def fix_polygon(polygon: shapely.Polygon) -> BaseGeometry:
    """A valid planar (Multi)Polygon for one spherical TopoJSON polygon (rings by even-odd)."""
    rings = [polygon.exterior, *polygon.interiors]
    regions = [ring_region(shapely.get_coordinates(r)) for r in rings if not r.is_empty]
    if not regions:
        return shapely.MultiPolygon()
    return _polygonal(reduce(shapely.symmetric_difference, regions))


def fix_geometry(geometry: BaseGeometry) -> BaseGeometry:
    """Repair one feature: every polygon fixed, then unioned into one valid (Multi)Polygon."""
    parts = [fix_polygon(p) for p in shapely.get_parts(geometry)]
    return _polygonal(shapely.union_all(parts))


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry (drops points and lines left by overlays)."""
    polygons = [
        p for p in shapely.get_parts(geometry)
        if isinstance(p, shapely.Polygon) and not p.is_empty
    ]
    if not polygons:
        return shapely.MultiPolygon()
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def read_layer(path: Path, layer: str) -> gpd.GeoDataFrame:
    """One TopoJSON layer as a GeoDataFrame in EPSG:4326."""
    frame = pyogrio.read_dataframe(path, layer=layer)
    return frame.set_crs("EPSG:4326", allow_override=True)


def land_frame(package: Path, scale: str) -> gpd.GeoDataFrame:
    """Land as one row per polygon, in a stable order (west to east, then south to north)."""
    frame = read_layer(package / f"land-{scale}.json", "land")
    land = shapely.union_all([fix_geometry(g) for g in frame.geometry])
    polygons = shapely.get_parts(land)
    bounds = shapely.bounds(polygons)
    order = np.lexsort((bounds[:, 1], bounds[:, 0]))
    return gpd.GeoDataFrame(geometry=list(polygons[order]), crs="EPSG:4326")


def countries_frame(package: Path, scale: str) -> gpd.GeoDataFrame:
    """Countries with ``name`` and ``iso_n3``; empty ones (Vatican at 1:10m) are dropped."""
    frame = read_layer(package / f"countries-{scale}.json", "countries")
    out = gpd.GeoDataFrame(
        {
            "name": frame["name"].astype(str).to_numpy(),
            "iso_n3": frame["id"].fillna("").astype(str).to_numpy(),
        },
        geometry=[fix_geometry(g) for g in frame.geometry],
        crs="EPSG:4326",
    )
    out = out[~out.geometry.is_empty]
    out["geometry"] = [shapely.MultiPolygon(shapely.get_parts(g)) for g in out.geometry]
    return out.sort_values(["name", "iso_n3"], kind="stable").reset_index(drop=True)


def borders_frame(package: Path, scale: str) -> gpd.GeoDataFrame:
    """Land borders: the topology's arcs used by two different countries, merged into lines."""
    topology = json.loads((package / f"countries-{scale}.json").read_text(encoding="utf-8"))
    users: dict[int, set[int]] = defaultdict(set)
    for number, geometry in enumerate(topology["objects"]["countries"]["geometries"]):
        polygons = {"Polygon": [geometry.get("arcs", [])],
                    "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])
        for polygon in polygons:
            for ring in polygon:
                for arc in ring:
                    users[arc if arc >= 0 else ~arc].add(number)
    shared = sorted(arc for arc, countries in users.items() if len(countries) > 1)
    scale_xy = np.array(topology["transform"]["scale"])
    translate = np.array(topology["transform"]["translate"])
    lines = []
    for arc in shared:
        coords = np.cumsum(np.array(topology["arcs"][arc], dtype=np.int64), axis=0)
        coords = coords * scale_xy + translate
        if np.any(np.abs(np.diff(coords[:, 0])) > 180.0):
            raise SystemExit(f"border arc {arc} crosses the antimeridian; cut it first")
        lines.append(shapely.LineString(coords))
    merged = shapely.get_parts(shapely.line_merge(shapely.MultiLineString(lines)))
    bounds = shapely.bounds(merged)
    order = np.lexsort((bounds[:, 1], bounds[:, 0]))
    return gpd.GeoDataFrame(geometry=list(merged[order]), crs="EPSG:4326")


def write(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write FlatGeobuf with a spatial index, replacing any previous file."""
    if not (frame.geometry.is_valid.all() and (~frame.geometry.is_empty).all()):
        raise SystemExit(f"refusing to write invalid or empty geometries to {path}")
    lon = shapely.get_coordinates(frame.geometry.values)[:, 0]
    off_cut = np.abs(np.abs(lon) - 180.0)
    if np.any((np.abs(lon) > 180.0) | ((off_cut > 0.0) & (off_cut < 1e-9))):
        raise SystemExit(f"longitudes outside [-180, 180] or not exactly on a cut in {path}")
    path.unlink(missing_ok=True)
    pyogrio.write_dataframe(
        frame, path, driver="FlatGeobuf", layer=path.stem, SPATIAL_INDEX="YES"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="unpacked world-atlas-2.0.2 'package' folder")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    parser.add_argument(
        "--countries-10m", action="store_true", help="also write countries-10m.fgb (8.8 MB)"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = [("land", land_frame, s) for s in LAND_SCALES]
    country_scales = (*COUNTRY_SCALES, "10m") if args.countries_10m else COUNTRY_SCALES
    jobs += [("countries", countries_frame, s) for s in country_scales]
    jobs += [("borders", borders_frame, s) for s in COUNTRY_SCALES]
    written = []
    for kind, make, scale in jobs:
        path = args.out / f"{kind}-{scale}.fgb"
        write(make(args.package, scale), path)
        written.append(path)
    for path in written:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{digest}  {path.name}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
