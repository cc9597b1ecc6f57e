"""Derive the small islands that Natural Earth's 1:50m countries lack, each with its country.

Usage (from the repository root)::

    tmp="$(mktemp -d)" && (cd "$tmp" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-*.tgz)
    python scripts/islands.py "$tmp/package" ne_10m_minor_islands.json

The place check (``logimap.check.places``) measures a node's distance to its country's
Natural Earth 1:50m shape, which leaves out islands smaller than that scale draws: a port on
the Yangshan islands lies 37 km outside China's shape. This script writes
``src/logimap/data/naturalearth/islands-10m.fgb``: the island polygons of two Natural Earth
layers (public domain) that the 1:50m countries leave out, with the ISO 3166-1 numeric code of
the country each belongs to:

* the polygons of the bundled 1:10m land (``land-10m.fgb``), and
* ``ne_10m_minor_islands`` (2,795 islands too small for the 1:10m land),

each kept when less than half of its area lies in a 1:50m country shape. Its country is the
Natural Earth 1:10m country (``countries-10m.json`` of world-atlas 2.0.2, not bundled: 8.8 MB)
whose shape holds a point of the island; an island that no 1:10m shape holds (the minor
islands) goes to the country whose 1:10m shape lies nearest, when that lies within
``ASSIGN_KM`` and every other country lies at least twice as far plus ``MARGIN_KM`` (an islet
between two coasts is left out rather than guessed). Islands whose country has no ISO code
(Spratly Is., N. Cyprus...) are left out. Polygons are simplified to ``SIMPLIFY_DEG`` (the
check allows 5 km or more) and joined into one MultiPolygon per country, written in the order
of the country codes (0.7 MB; one feature per island at 200 m would be 1.6 MB).

Prints the counts of each case and the output's sha256, for PROVENANCE.md. The same inputs
and library versions give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections import Counter
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from naturalearth import countries_frame, write

DATA = Path(__file__).resolve().parent.parent / "src" / "logimap" / "data" / "naturalearth"
ASSIGN_KM = 200.0  # an island farther than this from every 1:10m country shape is left out
MARGIN_KM = 5.0  # ... and one whose second-nearest country is not clearly farther
SIMPLIFY_DEG = 0.005  # about 500 m
KM_PER_DEG = 111.2
KEPT = ("in a 1:10m country", "nearest a 1:10m country")  # the cases written


def candidates(minor_islands: Path) -> list[shapely.Polygon]:
    """Island polygons of 1:10m land and minor islands mostly outside the 1:50m countries."""
    land = pyogrio.read_dataframe(DATA / "land-10m.fgb").geometry.values
    minor = gpd.read_file(minor_islands).geometry.values
    polygons = [p for g in [*land, *minor] for p in shapely.get_parts(g)
                if isinstance(p, shapely.Polygon) and not p.is_empty]
    countries = shapely.union_all(pyogrio.read_dataframe(DATA / "countries-50m.fgb")
                                  .geometry.values)
    inside = shapely.area(shapely.intersection(polygons, countries))
    return [p for p, area, covered in zip(polygons, shapely.area(polygons), inside, strict=True)
            if covered < 0.5 * area]


def local_km(a: shapely.Geometry, b: shapely.Geometry, lat: float) -> float:
    """Distance between two geometries in km, in the plane of latitude ``lat``."""
    squeeze = max(math.cos(math.radians(lat)), 0.05)
    scaled = [shapely.affinity.scale(g, xfact=squeeze, yfact=1.0, origin=(0, 0)) for g in (a, b)]
    return float(shapely.distance(*scaled)) * KM_PER_DEG


def assign(islands: list[shapely.Polygon], countries: gpd.GeoDataFrame
           ) -> tuple[list[str], Counter]:
    """The ISO numeric code of each island's country ("" when left out), and the counts."""
    shapes, codes = countries.geometry.values, countries["iso_n3"].to_numpy()
    tree = shapely.STRtree(shapes)
    points = shapely.point_on_surface(islands)
    holder: dict[int, int] = {}
    for island, country in zip(*tree.query(points, predicate="within"), strict=True):
        holder.setdefault(int(island), int(country))
    found, counts = [], Counter()
    for i, island in enumerate(islands):
        if i in holder:
            code = codes[holder[i]]
            counts["in a 1:10m country" if code else "in a 1:10m shape with no ISO code"] += 1
            found.append(code)
            continue
        lat = points[i].y
        reach = ASSIGN_KM / KM_PER_DEG / max(math.cos(math.radians(lat)), 0.05)
        near = sorted((local_km(island, shapes[j], lat), codes[j])
                      for j in tree.query(island, predicate="dwithin", distance=reach))
        near = [(km, code) for km, code in near if km <= ASSIGN_KM]
        if not near:
            counts[f"no 1:10m country within {ASSIGN_KM:g} km"] += 1
            found.append("")
            continue
        km, code = near[0]
        rivals = [other for other, rival in near if rival != code]
        if rivals and rivals[0] < 2 * km + MARGIN_KM:
            counts["two countries about as near"] += 1
            found.append("")
        elif not code:
            counts["nearest a 1:10m shape with no ISO code"] += 1
            found.append("")
        else:
            counts["nearest a 1:10m country"] += 1
            found.append(code)
    return found, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="unpacked world-atlas-2.0.2 'package' folder")
    parser.add_argument("minor_islands", type=Path, help="ne_10m_minor_islands.json")
    args = parser.parse_args(argv)
    islands = candidates(args.minor_islands)
    codes, counts = assign(islands, countries_frame(args.package, "10m"))
    by_country: dict[str, list[shapely.Geometry]] = {}
    for code, island in zip(codes, islands, strict=True):
        if code:
            by_country.setdefault(code, []).append(
                shapely.simplify(island, SIMPLIFY_DEG, preserve_topology=True))
    joined = [shapely.make_valid(shapely.union_all(parts)) for _, parts in
              sorted(by_country.items())]
    frame = gpd.GeoDataFrame({"iso_n3": sorted(by_country)}, geometry=[shapely.MultiPolygon(
        [p for p in shapely.get_parts(g) if isinstance(p, shapely.Polygon)]) for g in joined],
        crs="EPSG:4326")
    path = DATA / "islands-10m.fgb"
    write(frame, path)
    print(f"{len(islands):,} islands outside the 1:50m countries:")
    for case, count in sorted(counts.items()):
        print(f"  {count:>6,}  {case}")
    print(f"{sum(counts[c] for c in KEPT):,} kept, in {len(frame):,} countries, "
          f"{int(np.sum(shapely.get_num_coordinates(frame.geometry))):,} points")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"{digest}  {path.name}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
