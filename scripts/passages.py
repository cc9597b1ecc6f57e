"""Derive the gates of logimap's named sea passages from open data.

Usage (from the repository root, with the two Natural Earth files named in
``src/logimap/data/passages/PROVENANCE.md``)::

    python scripts/passages.py ne_10m_geography_regions_points.json \\
        ne_10m_geography_marine_polys.json

Reads ``scripts/passages.toml`` (the passages, their names and the basis of each gate; no
coordinates) and writes ``src/logimap/data/passages/passages.geojson``: one LineString
feature per gate, longitudes unwrapped along the gate, with the passage's ``id``, ``name``,
``kind``, ``restricted``, ``aliases`` and the gate's ``gate`` name and ``basis``.

A line goes through a passage when it crosses one of the passage's gates. The gate methods
(see passages.toml for their parameters):

* ``narrows``: the shortest straight line over the water between the 1:10m land around a
  GeoNames town on one shore and the land around a town on the other, among the land within a
  radius of the towns' middle (so that shores joined far away, such as Europe and Africa,
  count as two). Computed in an azimuthal equidistant projection centred there.
* ``cape``: the meridian of a Natural Earth cape, from the land at the cape south to the next
  land, Antarctica: any line rounding the cape crosses it.
* ``polar``: the meridian through the centroid of a Natural Earth marine polygon, from the
  north coast of the mainland (the largest land polygon that meridian crosses) to the pole:
  any line between the oceans on either side along that coast crosses it.
* ``canal``: a line square to the canal at its middle, ``half_km`` each way, all on land.

Each gate is then carried up to ``INTO_LAND_KM`` into the land at its ends (never past the
shore it ends on), so that a line cutting the corner of a coast by the gate still crosses it.

Checks made (the script stops if one fails): each end of a gate lies on 1:10m land; a
narrows gate is closed, that is, the water within its radius, cut along the gate, falls
apart into two pieces on either side of it; a canal gate touches no sea.

Sources: Natural Earth 1:10m land, rivers and lake centre lines (bundled,
``data/naturalearth``), GeoNames towns (bundled, ``data/gazetteer``), the sea lanes from
searoute's MARNET (bundled, ``data/sealanes``), and the two Natural Earth files above.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import math
import sys
import tomllib
from itertools import pairwise
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from pyproj import Geod, Transformer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from logimap.bundled.naturalearth import land  # noqa: E402

SPEC = ROOT / "scripts" / "passages.toml"
DATA = ROOT / "src" / "logimap" / "data"
OUT = DATA / "passages" / "passages.geojson"
GEOD = Geod(ellps="WGS84")
INTO_LAND_KM = 5.0
# the Natural Earth files this script was run on (natural-earth-geojson, commit 0b9a6ce)
INPUTS = {
    "regions_points": "06a66a6c8ba581c32fb57bd4e7da15aa675cf185310201c127809cc762346f80",
    "marine_polys": "3a50bf3ffcd2fde0da13e5503099c549ccc46885164fd8010e679b2372538fbc",
}
CAPE_KM = 20.0
DIGITS = 6


class Projection:
    """Azimuthal equidistant projection (metres) centred on a (lon, lat) point."""

    def __init__(self, centre: tuple[float, float]):
        self.centre = centre
        crs = f"+proj=aeqd +lat_0={centre[1]} +lon_0={centre[0]} +datum=WGS84 +units=m"
        self._to = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        self._back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def to(self, geometry: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(geometry, lambda xy: np.column_stack(self._to.transform(*xy.T)))

    def back(self, geometry: shapely.Geometry) -> shapely.Geometry:
        """Back to (lon, lat), longitudes unwrapped next to the centre's."""
        def inverse(xy: np.ndarray) -> np.ndarray:
            lon, lat = self._back.transform(*xy.T)
            lon = lon + 360.0 * np.round((self.centre[0] - lon) / 360.0)
            return np.column_stack([lon, lat])
        return shapely.transform(geometry, inverse)

    def land(self, radius_km: float) -> shapely.Geometry:
        """1:10m land within ``radius_km`` of the centre, projected and clipped to the disc."""
        lon, lat = self.centre
        dlat = radius_km / 110.0 + 0.5
        far = min(abs(lat) + dlat, 89.0)
        dlon = min(radius_km / (110.0 * math.cos(math.radians(far))) + 0.5, 179.0)
        bbox = (lon - dlon, max(lat - dlat, -90.0), lon + dlon, min(lat + dlat, 90.0))
        disc = shapely.Point(0.0, 0.0).buffer(radius_km * 1000.0, quad_segs=64)
        return shapely.intersection(self.to(land(bbox)), disc)


class Sources:
    """The inputs a gate may name: GeoNames towns, Natural Earth capes, marine polygons and
    river lines, and the sea lanes."""

    def __init__(self, regions_points: Path, marine_polys: Path):
        self.capes = {f["properties"]["name"]: shapely.geometry.shape(f["geometry"])
                      for f in _features(regions_points)
                      if f["properties"]["featurecla"] == "cape"}
        self.marine = {f["properties"]["name"]: shapely.geometry.shape(f["geometry"])
                       for f in _features(marine_polys)}
        self.towns = _towns()
        rivers = pyogrio.read_dataframe(DATA / "naturalearth" / "rivers-10m.fgb")
        self.rivers = {name: geometry for name, geometry in zip(rivers["name"], rivers.geometry,
                                                                strict=True) if name}
        lanes = pyogrio.read_dataframe(DATA / "sealanes" / "sealanes.fgb")
        self.lanes = list(zip(lanes["kind"], lanes.geometry, strict=True))

    def town(self, geonameid: int) -> tuple[str, shapely.Point]:
        name, lon, lat = self.towns[geonameid]
        return name, shapely.Point(lon, lat)


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _towns() -> dict[int, tuple[str, float, float]]:
    raw = gzip.decompress((DATA / "gazetteer" / "geonames-cities1000.tsv.gz").read_bytes())
    rows = csv.DictReader(io.StringIO(raw.decode("utf-8")), delimiter="\t")
    return {int(r["geonameid"]): (r["name"], float(r["lon"]), float(r["lat"])) for r in rows}


def middle(a: shapely.Point, b: shapely.Point) -> tuple[float, float]:
    """The geodesic middle of two (lon, lat) points."""
    azimuth, _, distance = GEOD.inv(a.x, a.y, b.x, b.y)
    lon, lat, _ = GEOD.fwd(a.x, a.y, azimuth, distance / 2.0)
    return float(lon), float(lat)


def narrows(sources: Sources, shores: list[int], radius_km: float) -> tuple[shapely.LineString,
                                                                            str]:
    (name_a, a), (name_b, b) = (sources.town(i) for i in shores)
    projection = Projection(middle(a, b))
    pieces = list(shapely.get_parts(projection.land(radius_km)))
    near_a, near_b = (_nearest(pieces, projection.to(t)) for t in (a, b))
    if near_a.equals(near_b):
        raise ValueError(f"{name_a} and {name_b}: one land mass within {radius_km} km")
    gate = shapely.shortest_line(near_a, near_b)
    gate = _into_land(gate, near_a, near_b)
    water = shapely.difference(shapely.Point(0, 0).buffer(radius_km * 1000.0, quad_segs=64),
                               shapely.union_all(pieces))
    _check_closed(gate, water, f"{name_a}–{name_b}")
    basis = (f"narrows: shortest line over water between the 1:10m land by {name_a} "
             f"(GeoNames {shores[0]}) and by {name_b} (GeoNames {shores[1]}), within "
             f"{radius_km:g} km of their middle")
    return projection.back(gate), basis


def _nearest(pieces: list[shapely.Geometry], point: shapely.Point) -> shapely.Geometry:
    return min(pieces, key=point.distance)


def _into_land(gate: shapely.LineString, start_land: shapely.Geometry,
               end_land: shapely.Geometry) -> shapely.LineString:
    """The gate carried up to INTO_LAND_KM further at each end, within the land it ends on.

    Where the land ends at once along the gate's direction (the gate meets the tip of a
    spit), the gate bends to the nearest point 100 m inside that land instead.
    """
    a, b = (tuple(float(v) for v in c) for c in shapely.get_coordinates(gate))
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    direction = ((b[0] - a[0]) / length, (b[1] - a[1]) / length)
    start = _inland_end(a, (-direction[0], -direction[1]), start_land)
    end = _inland_end(b, direction, end_land)
    return shapely.LineString([start, a, b, end])


def _inland_end(point: tuple[float, float], direction: tuple[float, float],
                shore: shapely.Geometry, reach: float = INTO_LAND_KM * 1000.0,
                inside: float = 100.0) -> tuple[float, float]:
    """How far from ``point`` along ``direction`` the land goes on unbroken (up to ``reach``),
    less ``inside`` / 2; or the nearest point ``inside`` within the shore where the land along
    ``direction`` is shorter than ``inside`` (units of the coordinates: metres or degrees)."""
    far = (point[0] + direction[0] * reach, point[1] + direction[1] * reach)
    along = shapely.intersection(shapely.LineString([point, far]), shore)
    origin = shapely.Point(point)
    for part in shapely.get_parts(along):
        if part.distance(origin) < inside * 1e-4 and part.length >= inside:
            coords = shapely.get_coordinates(part)
            # the land's edge, pulled back so that the end is inside it
            reached = np.hypot(coords[:, 0] - point[0], coords[:, 1] - point[1]).max()
            reached = reached if reached > reach * 0.9999 else reached - inside / 2.0
            return point[0] + direction[0] * reached, point[1] + direction[1] * reached
    core = shore.buffer(-inside)
    if core.is_empty:
        raise ValueError(f"no land {inside} inside the shore at {point}")
    x, y = shapely.get_coordinates(shapely.shortest_line(origin, core))[1]
    return float(x), float(y)


def _check_closed(gate: shapely.LineString, water: shapely.Geometry, label: str) -> None:
    """Cut along the gate, the water near it must fall apart on either side of it."""
    cut = shapely.difference(water, gate.buffer(1.0))
    crossings = [p for p in shapely.get_parts(shapely.intersection(gate, water))
                 if isinstance(p, shapely.LineString) and p.length > 100.0]
    if not crossings:
        raise ValueError(f"{label}: the gate crosses no water")
    for part in crossings:
        (x0, y0), (x1, y1) = shapely.get_coordinates(part)[[0, -1]]
        mx, my = (x0 + x1) / 2.0, (y0 + y1) / 2.0
        nx, ny = -(y1 - y0) / part.length, (x1 - x0) / part.length
        sides = [shapely.Point(mx + s * 50.0 * nx, my + s * 50.0 * ny) for s in (1, -1)]
        pieces = [p for p in shapely.get_parts(cut) if p.distance(sides[0]) < 1.0]
        if not pieces or pieces[0].distance(sides[1]) < 1.0:
            raise ValueError(f"{label}: the water goes round the gate")


def cape(sources: Sources, name: str) -> tuple[shapely.LineString, str]:
    point = sources.capes[name]
    projection = Projection((point.x, point.y))
    near = projection.back(projection.land(CAPE_KM))
    coords = shapely.get_coordinates(near)
    lon, lat = (float(v) for v in coords[int(np.argmin(coords[:, 1]))])
    meridian = shapely.LineString([(lon, lat - 1e-6), (lon, -89.5)])
    south = shapely.intersection(meridian, land((lon - 0.5, -90.0, lon + 0.5, lat)))
    if south.is_empty:
        raise ValueError(f"{name}: no land south of the cape")
    far = float(shapely.get_coordinates(south)[:, 1].max())
    into = INTO_LAND_KM / 111.2
    ends = [_inland_end((lon, y), (0.0, step), land((lon - 0.5, y - 0.5, lon + 0.5, y + 0.5)),
                        reach=into, inside=0.001) for y, step in ((lat, 1.0), (far, -1.0))]
    line = shapely.LineString([ends[0], (lon, lat), (lon, far), ends[1]])
    basis = (f"cape: the southernmost 1:10m land within {CAPE_KM:g} km of Natural Earth's "
             f"{name}, and its meridian south from there to the next land")
    return line, basis


def polar(sources: Sources, name: str) -> tuple[shapely.LineString, str]:
    lon = float(shapely.centroid(sources.marine[name]).x)
    meridian = shapely.LineString([(lon, 0.0), (lon, 90.0)])
    # the mainland: the largest polygon of the northern hemisphere's land the meridian crosses
    hemisphere = land((lon - 180.0, 0.0, lon + 180.0, 90.0))
    mainland = max((p for p in shapely.get_parts(hemisphere) if p.intersects(meridian)),
                   key=lambda p: p.area)
    north = float(shapely.get_coordinates(shapely.intersection(meridian, mainland))[:, 1].max())
    start = _inland_end((lon, north), (0.0, -1.0), mainland, reach=INTO_LAND_KM / 111.2,
                        inside=0.001)
    basis = (f"polar: meridian through the centroid of Natural Earth's {name} polygon "
             f"({lon:.4f}), from the mainland's north coast to the North Pole")
    return shapely.LineString([start, (lon, north), (lon, 90.0)]), basis


def canal(sources: Sources, gate: dict) -> tuple[shapely.LineString, str]:
    if "river" in gate:
        line = sources.rivers[gate["river"]]
        line = shapely.line_merge(line) if line.geom_type == "MultiLineString" else line
        basis = f"Natural Earth's {gate['river']} line, at its middle"
        centre, along = _middle_of(line)
    elif "lane_near" in gate:
        name, town = sources.town(gate["lane_near"])
        inland = [g for kind, g in sources.lanes if kind == "inland"]
        line = min(inland, key=lambda g: g.distance(town))
        basis = (f"the inland sea lane nearest {name} (GeoNames {gate['lane_near']}), at its "
                 "middle")
        centre, along = _middle_of(line)
    elif "lanes" in gate:
        (name_a, a), (name_b, b) = (sources.town(i) for i in gate["lanes"])
        line = _lane_path(sources, a, b)
        basis = (f"the sea lanes between the nodes nearest {name_a} (GeoNames "
                 f"{gate['lanes'][0]}) and {name_b} (GeoNames {gate['lanes'][1]}), at their "
                 "middle")
        centre, along = _middle_of(line)
    else:
        (name_a, a), (name_m, m), (name_b, b) = (sources.town(i) for i in gate["towns"])
        centre, along = (m.x, m.y), GEOD.inv(a.x, a.y, b.x, b.y)[0]
        basis = (f"the line from {name_a} (GeoNames {gate['towns'][0]}) to {name_b} (GeoNames "
                 f"{gate['towns'][2]}), at {name_m} (GeoNames {gate['towns'][1]}) on the canal")
    half = gate["half_km"] * 1000.0
    ends = [GEOD.fwd(centre[0], centre[1], along + turn, half)[:2] for turn in (-90.0, 90.0)]
    line = shapely.LineString(ends)
    lon, lat = centre
    ground = land((lon - 1.0, lat - 1.0, lon + 1.0, lat + 1.0))
    if not ground.contains(line):
        raise ValueError(f"{basis}: the gate is not all on land")
    return line, f"canal: a line on land square to {basis}, {half / 1000:g} km each side"


def _middle_of(line: shapely.LineString) -> tuple[tuple[float, float], float]:
    """The point halfway along a (lon, lat) line by geodesic length, and its azimuth there."""
    coords = shapely.get_coordinates(line)
    steps = np.array([GEOD.inv(*a, *b)[2] for a, b in pairwise(coords)])
    half = steps.sum() / 2.0
    i = int(np.searchsorted(np.cumsum(steps), half))
    before = steps[:i].sum()
    azimuth, _, _ = GEOD.inv(*coords[i], *coords[i + 1])
    lon, lat, _ = GEOD.fwd(*coords[i], azimuth, half - before)
    return (float(lon), float(lat)), float(azimuth)


def _lane_path(sources: Sources, a: shapely.Point, b: shapely.Point) -> shapely.LineString:
    """The shortest run of sea lanes between the lane nodes nearest ``a`` and ``b``."""
    import networkx as nx

    graph = nx.Graph()
    for _, geometry in sources.lanes:
        coords = [tuple(c) for c in shapely.get_coordinates(geometry).round(6)]
        for u, v in pairwise(coords):
            graph.add_edge(u, v, weight=GEOD.inv(*u, *v)[2])
    nodes = np.array(list(graph.nodes))
    ends = [tuple(nodes[np.argmin(np.hypot(*(nodes - (p.x, p.y)).T))]) for p in (a, b)]
    return shapely.LineString(nx.shortest_path(graph, *ends, weight="weight"))


def gate_line(sources: Sources, gate: dict) -> tuple[shapely.LineString, str]:
    method = gate["method"]
    if method == "narrows":
        return narrows(sources, gate["shores"], gate["radius_km"])
    if method == "cape":
        return cape(sources, gate["cape"])
    if method == "polar":
        return polar(sources, gate["centroid_of"])
    if method == "canal":
        return canal(sources, gate)
    raise ValueError(f"unknown gate method {method!r}")


def check_ends(line: shapely.LineString, label: str) -> None:
    """Both ends of a gate lie on 1:10m land (the North Pole counts as land's end)."""
    for lon, lat in shapely.get_coordinates(line)[[0, -1]]:
        if lat >= 90.0:
            continue
        if not land((lon - 0.2, lat - 0.2, lon + 0.2, lat + 0.2)).intersects(
                shapely.Point(lon, lat)):
            raise ValueError(f"{label}: gate end ({lon:.5f}, {lat:.5f}) is not on land")


def features(sources: Sources, spec: dict) -> list[dict]:
    out = []
    for passage in spec["passage"]:
        for gate in passage["gates"]:
            line, basis = gate_line(sources, gate)
            label = f"{passage['id']} {gate.get('name', '')}".strip()
            check_ends(line, label)
            coords = np.round(shapely.get_coordinates(line), DIGITS).tolist()
            print(f"{label:32s} {_km(coords):7.1f} km, {_water_km(line):7.1f} km on water")
            out.append({
                "type": "Feature",
                "properties": {
                    "id": passage["id"], "name": passage["name"], "kind": passage["kind"],
                    "restricted": passage.get("restricted", False),
                    "aliases": passage["aliases"], "gate": gate.get("name", ""),
                    "basis": basis,
                },
                "geometry": {"type": "LineString", "coordinates": coords},
            })
    return out


def _water_km(line: shapely.LineString) -> float:
    lon0, lat0, lon1, lat1 = line.bounds
    water = shapely.difference(line, land((lon0 - 0.1, lat0 - 0.1, lon1 + 0.1, lat1 + 0.1)))
    return sum(_km(shapely.get_coordinates(p).tolist()) for p in shapely.get_parts(water)
               if not p.is_empty)


def _km(coords: list[list[float]]) -> float:
    lons, lats = zip(*coords, strict=True)
    return GEOD.line_length(lons, lats) / 1000.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("regions_points", type=Path,
                        help="ne_10m_geography_regions_points.json (GeoJSON)")
    parser.add_argument("marine_polys", type=Path,
                        help="ne_10m_geography_marine_polys.json (GeoJSON)")
    args = parser.parse_args(argv)
    for key, digest in INPUTS.items():
        found = hashlib.sha256(getattr(args, key).read_bytes()).hexdigest()
        if found != digest:
            print(f"warning: {getattr(args, key)} has sha256 {found}, not the {digest} that "
                  "PROVENANCE.md records", file=sys.stderr)
    spec = tomllib.loads(SPEC.read_text(encoding="utf-8"))
    sources = Sources(args.regions_points, args.marine_polys)
    collection = {"type": "FeatureCollection", "features": features(sources, spec)}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    text = text.replace('{"type":"Feature"', '\n{"type":"Feature"') + "\n"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    data = OUT.read_bytes()
    print(f"{OUT.relative_to(ROOT)}: {len(collection['features'])} gates, {len(data)} bytes, "
          f"sha256 {hashlib.sha256(data).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
