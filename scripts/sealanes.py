"""Sea lanes for logimap: searoute's maritime network, repaired on Natural Earth 1:10m land.

``searoute`` (PyPI, Apache-2.0) ships MARNET, the maritime network of Eurostat's SeaRoute
(EUPL-1.2): about 9,700 nodes and 16,000 edges over the world's seas, with canals and
rivers. Drawn as geodesics, about 660 of its edges cross 1:10m land, mostly where a lane
cuts a cape or an island near the coast. This module keeps every edge, in one of two kinds:

* ``sea``: the edge's geodesic stays off 1:10m land, or an edge that crossed land is
  replaced by the shortest path on water between its ends (``logimap.route.water``),
  pulled straight, when that path is at most ``DETOUR`` times as long (or ``DETOUR_KM``
  longer). A node on land within ``SHORE_KM`` of water is first moved onto the water.
* ``inland``: an edge that crosses land and has no such path on water: a canal (Suez,
  Panama, Kiel, Corinth, Cape Cod...), a river or a lake that the network follows but that
  1:10m land covers. Its line is kept as searoute draws it; logimap counts these stretches
  as waterways.

Edges along the antimeridian that searoute uses to close its graph are dropped: the
``pacific_ocean`` edges join -180 to 180, which logimap does itself, and two ``segment``
edges run along the meridian over Chukotka.

Every line is densified to ``STEP_KM`` so that the router can join it near any port.
"""

from __future__ import annotations

import math
import sys
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from logimap.bundled.naturalearth import land
from logimap.geo.geodesy import distance_km, geodesic_line, length_km
from logimap.route import water

STEP_KM = 25.0
DETOUR = 1.6
DETOUR_KM = 60.0
SHORE_KM = 5.0
# searoute's edges along the antimeridian, there to close its graph, not lanes
MERIDIANS = ("segment", "segment2")


def wrap(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0


def marnet_edges() -> list[tuple[tuple[float, float], tuple[float, float], str]]:
    """searoute's edges, once each, ends as (lon, lat) with lon in [-180, 180)."""
    from searoute.data.marnet_dict import edge_list

    seen = set()
    edges = []
    for u, neighbours in edge_list.items():
        for v, attributes in neighbours.items():
            a, b = (wrap(u[0]), u[1]), (wrap(v[0]), v[1])
            key = tuple(sorted((a, b)))
            if a == b or key in seen or attributes.get("passage") == "pacific_ocean":
                continue
            seen.add(key)
            edges.append((a, b, attributes.get("passage") or ""))
    edges.sort()
    return edges


@cache
def world() -> shapely.Geometry:
    """1:10m land of the whole world, prepared, repeated one world east and west."""
    whole = land(None)
    copies = [shapely.transform(whole, lambda xy, s=s: xy + np.array([s, 0.0]))
              for s in (-360.0, 360.0)]
    everything = shapely.MultiPolygon([p for g in (whole, *copies)
                                       for p in shapely.get_parts(g)])
    shapely.prepare(everything)
    return everything


def on_land(point: tuple[float, float]) -> bool:
    return bool(world().intersects(shapely.Point(point)))


def moved_ashore(nodes: set[tuple[float, float]]) -> dict[tuple[float, float], tuple]:
    """Nodes on land within ``SHORE_KM`` of water, each with the nearest water point."""
    moves = {}
    for node in sorted(nodes):
        if not on_land(node):
            continue
        lon, lat = node
        mesh = water.mesh((math.floor(lon) - 1, max(math.floor(lat) - 1, -89.0),
                           math.floor(lon) + 2, min(math.floor(lat) + 2, 89.0)),
                          inland_lanes=False)
        for attachment in mesh.attach(node, SHORE_KM):
            moves[node] = (float(attachment.path[-1][0]), float(attachment.path[-1][1]))
            break
    return moves


def clear(line: list[tuple[float, float]]) -> bool:
    return not world().intersects(shapely.LineString(line))


def repaired(a: tuple[float, float], b: tuple[float, float]) -> list | None:
    """The shortest path on water from ``a`` to ``b`` (b unwrapped next to a), or None."""
    span = max(abs(b[0] - a[0]), abs(b[1] - a[1]))
    pad = max(0.5, 0.3 * span)
    box = (math.floor(min(a[0], b[0]) - pad), max(math.floor(min(a[1], b[1]) - pad), -89.0),
           math.ceil(max(a[0], b[0]) + pad), min(math.ceil(max(a[1], b[1]) + pad), 89.0))
    mesh = water.mesh(box, inland_lanes=False)
    start, end = mesh.attach(a, 1.0), mesh.attach(b, 1.0)
    if not start or not end:
        return None
    costs, path = water.search(mesh, start, [end])
    if not math.isfinite(costs[0]):
        return None
    pulled = water.taut(path(0), mesh.covers)
    for candidate in (pulled, path(0)):
        line = geodesic_line(candidate, STEP_KM)
        if clear(line):
            return line
    return None


def lanes_frame() -> gpd.GeoDataFrame:
    """Every kept edge as a densified LineString with its ``kind`` and ``passage``."""
    edges = marnet_edges()
    moves = moved_ashore({end for a, b, _ in edges for end in (a, b)})
    rows = []
    counts = {"clear": 0, "repaired": 0, "inland": 0, "dropped": 0}
    for a, b, passage in edges:
        a, b = moves.get(a, a), moves.get(b, b)
        b = (b[0] + 360.0 * round((a[0] - b[0]) / 360.0), b[1])
        line = geodesic_line([a, b], STEP_KM)
        kind = "sea"
        if clear(line):
            counts["clear"] += 1
        else:
            direct = distance_km(a, b)
            fixed = repaired(a, b)
            if fixed is not None and length_km(fixed) <= max(DETOUR * direct,
                                                             direct + DETOUR_KM):
                line = fixed
                counts["repaired"] += 1
            elif passage not in MERIDIANS:
                kind = "inland"
                counts["inland"] += 1
            else:
                counts["dropped"] += 1
                print(f"dropped {a} -> {b} ({passage or 'no passage'})", file=sys.stderr)
                continue
        rows.append({"kind": kind, "passage": passage, "geometry": shapely.LineString(line)})
    print(counts, file=sys.stderr)
    frame = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    bounds = shapely.bounds(frame.geometry.values)
    order = np.lexsort((bounds[:, 1], bounds[:, 0]))
    return frame.iloc[order].reset_index(drop=True)
