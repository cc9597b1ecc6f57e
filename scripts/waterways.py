"""Derive logimap's bundled waterways: Natural Earth river centre lines and the sea lanes.

Usage (from the repository root, with logimap and ``searoute==1.6.0`` installed), rivers
first, as the lanes are repaired on water that includes them::

    python scripts/waterways.py rivers \
        ../shared/data/naturalearth/ne_10m_rivers_lake_centerlines.geojson.gz
    python scripts/waterways.py lanes

``rivers`` writes ``src/logimap/data/naturalearth/rivers-10m.fgb``: the 1:10m river and lake
centre lines of Natural Earth (public domain), with ``name``, ``featurecla`` and
``scalerank``; features without a geometry are left out. Natural Earth draws some rivers
ending short of the 1:10m coast (the Shannon stops a kilometre above its estuary): every
line end on land within ``MOUTH_KM`` of the sea gets a straight ``Mouth`` line from it to
``MOUTH_PAST_KM`` beyond the nearest coast, with the river's name and scalerank.

``lanes`` writes ``src/logimap/data/sealanes/sealanes.fgb`` from the maritime network that the
``searoute`` package ships (see ``scripts/sealanes.py``).

FlatGeobuf stores no timestamp: re-running on the same input with the same GDAL and GEOS gives
the same bytes. Each file's sha256 is printed, for the PROVENANCE records.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT / "src" / "logimap" / "data"
RIVER_COLUMNS = ["name", "featurecla", "scalerank"]
MOUTH_KM = 5.0
MOUTH_PAST_KM = 0.5


def rivers_frame(source: Path) -> gpd.GeoDataFrame:
    """The centre lines of ``source`` with a geometry, as LineStrings and MultiLineStrings."""
    frame = pyogrio.read_dataframe(f"/vsigzip/{source}" if source.suffix == ".gz" else source)
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    frame = frame[[*RIVER_COLUMNS, "geometry"]].copy()
    frame["name"] = frame["name"].fillna("")
    frame["scalerank"] = frame["scalerank"].astype("int32")
    frame = gpd.GeoDataFrame(frame.reset_index(drop=True), crs="EPSG:4326")
    mouths = mouths_frame(frame)
    return gpd.GeoDataFrame(pd.concat([frame, mouths], ignore_index=True), crs="EPSG:4326")


def mouths_frame(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A short line from each river end on land within ``MOUTH_KM`` of the sea out onto it."""
    from logimap.bundled.naturalearth import land
    from logimap.geo.geodesy import GEOD, distance_km

    world = land(None)
    shapely.prepare(world)
    coast = shapely.boundary(world)
    shapely.prepare(coast)
    rows = []
    for name, rank, geometry in zip(frame["name"], frame["scalerank"], frame.geometry,
                                    strict=True):
        for line in shapely.get_parts(geometry):
            for end in (line.coords[0], line.coords[-1]):
                point = shapely.Point(end)
                if not world.contains(point):
                    continue
                shore = shapely.get_coordinates(shapely.shortest_line(point, coast))[-1]
                gap = distance_km(end, tuple(shore))
                if gap > MOUTH_KM:
                    continue
                azimuth, _, _ = GEOD.inv(end[0], end[1], shore[0], shore[1])
                lon, lat, _ = GEOD.fwd(shore[0], shore[1], azimuth, MOUTH_PAST_KM * 1000.0)
                rows.append({"name": name, "featurecla": "Mouth", "scalerank": rank,
                             "geometry": shapely.LineString([end, (lon, lat)])})
    return gpd.GeoDataFrame(rows, columns=[*RIVER_COLUMNS, "geometry"], crs="EPSG:4326")


def write(frame: gpd.GeoDataFrame, path: Path, max_lon: float = 180.0) -> None:
    """Write FlatGeobuf with a spatial index, replacing any previous file."""
    lon = shapely.get_coordinates(frame.geometry.values)[:, 0]
    if np.any(np.abs(lon) > max_lon):
        raise SystemExit(f"longitudes outside [-{max_lon}, {max_lon}] in {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    pyogrio.write_dataframe(frame, path, driver="FlatGeobuf", layer=path.stem,
                            SPATIAL_INDEX="YES")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"{digest}  {path.name}  {path.stat().st_size} bytes  {len(frame)} features")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rivers = commands.add_parser("rivers", help="Natural Earth river centre lines")
    rivers.add_argument("source", type=Path,
                        help="ne_10m_rivers_lake_centerlines.geojson(.gz)")
    commands.add_parser("lanes", help="sea lanes from searoute's network, repaired on land")
    args = parser.parse_args(argv)
    if args.command == "rivers":
        write(rivers_frame(args.source), DATA / "naturalearth" / "rivers-10m.fgb")
    else:
        from sealanes import lanes_frame

        # a lane crossing the antimeridian is stored unwrapped, past 180 on one side
        write(lanes_frame(), DATA / "sealanes" / "sealanes.fgb", max_lon=360.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
