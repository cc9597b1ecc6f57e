"""Derive logimap's bundled railway and highway networks from PyPI's ``scgraph_data`` 2.0.0.

Usage (from the repository root)::

    tmp="$(mktemp -d)" && pip download --no-deps -d "$tmp" scgraph-data==2.0.0
    python scripts/osm_networks.py "$tmp"/scgraph_data-2.0.0-py3-none-any.whl

``scgraph_data`` (MIT, by Connor Makowski; data © OpenStreetMap contributors, ODbL) holds the
world's railways and highways from OpenStreetMap, simplified into graphs, as Python modules:
``graph=[{neighbour: km, ...}, ...]`` (an adjacency list, each edge listed at both of its
ends, some nodes linked to themselves at 0 km) and ``nodes=[[lat, lon], ...]`` in degrees
with 3 decimals, passed to ``scgraph.core.GeoGraph``. The modules import only with an old
``scgraph``; this script reads their two literals with ``ast.literal_eval`` (nothing in the
wheel is executed) and writes ``railways.npz`` and ``highways.npz`` into
``src/logimap/data/osm/``. Each is a zip of ``.npy`` arrays, written with fixed timestamps so
that the same wheel gives the same bytes:

* ``lat_step``, ``lon_step`` (int32): node coordinates in thousandths of a degree (exactly the
  source's 3 decimals), as differences from the previous node (the first from 0). Nodes are
  renumbered along a Z-order (Morton) curve, so neighbours on the ground have near numbers;
* ``edge_count`` (uint8): for each node, how many edges join it to a higher-numbered node;
  ``edge_span`` (int32): for each such edge, in node order, the other end's number minus this
  node's; ``edge_m`` (uint32): its length in metres, as scgraph_data gives it (the length of
  the simplified way, at least the straight distance between its ends). Self-loops are
  dropped. The simplification leaves many lines a little apart where they meet (502 of the
  787 pieces of the railway graph lie within 1 km of another), so each piece but the largest
  is joined to the nearest node of another piece by a straight edge, as long as the great
  circle between them, when that node lies within ``MEND_KM`` (2 km);
* ``country`` (uint8): index into ``country_ids`` of the Natural Earth 1:50m country whose
  polygon holds the node (0: none, e.g. on a causeway that 1:50m draws as sea);
  ``country_ids`` (str): "" first, then each country's ISO 3166-1 alpha-2 code, or its Natural
  Earth name when it has none (Kosovo, N. Cyprus...);
* ``near_node_step`` (int32, differences from the previous entry), ``near_country`` (uint8),
  ``near_km10`` (uint8): every other country whose outline lies within 10 km of a node, with
  that distance in tenths of a km. ``within`` uses them for its tolerance at borders and
  coasts.

Countries come from logimap's bundled Natural Earth file and ISO table, so run
``scripts/naturalearth.py`` and ``scripts/iso3166.py`` first when those change. The sha256 of
the wheel and of each output are printed; record them in the PROVENANCE.md beside the files.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import io
import sys
import zipfile
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from logimap.bundled.countries import country_frame

OUT = Path(__file__).resolve().parent.parent / "src" / "logimap" / "data" / "osm"
MODULES = {"railways": "scgraph_data/world_railways.py",
           "highways": "scgraph_data/world_highways.py"}
NEAR_KM = 10.0
MEND_KM = 2.0
EARTH_KM = 6371.0088
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32  # at the equator
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def literals(source: str) -> tuple[list[dict[int, float]], list[list[float]]]:
    """The ``graph`` and ``nodes`` literals of one scgraph_data module, without running it."""
    found = {}
    for line in source.splitlines():
        name, _, value = line.partition("=")
        if name.strip() in ("graph", "nodes") and value.lstrip().startswith("["):
            found[name.strip()] = ast.literal_eval(value.strip())
    if set(found) != {"graph", "nodes"}:
        raise SystemExit("the module has no 'graph=[...]' and 'nodes=[...]' lines")
    return found["graph"], found["nodes"]


def morton_order(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Node numbers sorted along a Z-order curve over a grid of 0.02 degrees."""
    def spread(v: np.ndarray) -> np.ndarray:
        v = v.astype(np.uint64)
        for shift, mask in ((16, 0x0000FFFF0000FFFF), (8, 0x00FF00FF00FF00FF),
                            (4, 0x0F0F0F0F0F0F0F0F), (2, 0x3333333333333333),
                            (1, 0x5555555555555555)):
            v = (v | (v << np.uint64(shift))) & np.uint64(mask)
        return v

    key = spread((lon + 180000) // 20) | (spread((lat + 90000) // 20) << np.uint64(1))
    return np.lexsort((lat, lon, key))


def graph_arrays(graph: list[dict[int, float]], nodes: list[list[float]]) -> dict[str, np.ndarray]:
    """Coordinates and undirected edges, renumbered in Z-order."""
    coords = np.array(nodes, dtype=np.float64)
    if coords.shape != (len(graph), 2):
        raise SystemExit(f"{len(graph)} adjacency rows but nodes of shape {coords.shape}")
    lat, lon = np.round(coords * 1000).astype(np.int32).T
    if not (np.all(lat / 1000 == coords[:, 0]) and np.all(lon / 1000 == coords[:, 1])):
        raise SystemExit("coordinates with more than 3 decimals")
    # nodes are [lat, lon]: latitudes stay within 90 degrees, some longitudes go beyond it
    if np.abs(lat).max() > 90000 or np.abs(lon).max() <= 90000:
        raise SystemExit("nodes do not look like [lat, lon] pairs")
    ends, lengths = [], []
    for a, row in enumerate(graph):
        for b, km in row.items():
            if graph[b].get(a) != km:
                raise SystemExit(f"edge {a}-{b} is not listed alike at both ends")
            if a < b:
                ends.append((a, b))
                lengths.append(round(km * 1000))
    mends = mending_edges(lat, lon, np.array(ends, dtype=np.int64))
    print(f"  {len(mends)} pieces joined to another piece within {MEND_KM:g} km")
    for a, b, metres in mends:
        ends.append((a, b))
        lengths.append(metres)
    order = morton_order(lat, lon)
    number = np.empty_like(order)
    number[order] = np.arange(len(order))
    pairs = number[np.array(ends, dtype=np.int64)]
    low, high = pairs.min(axis=1), pairs.max(axis=1)
    by_node = np.lexsort((high, low))
    low, high = low[by_node], high[by_node]
    edge_m = np.array(lengths, dtype=np.uint32)[by_node]
    counts = np.bincount(low, minlength=len(order))
    if counts.max() > 255:
        raise SystemExit("a node has more than 255 edges")
    return {"lat": lat[order], "lon": lon[order], "edge_count": counts.astype(np.uint8),
            "edge_span": (high - low).astype(np.int32), "edge_m": edge_m}


def mending_edges(lat: np.ndarray, lon: np.ndarray, ends: np.ndarray
                  ) -> list[tuple[int, int, int]]:
    """Straight edges joining each piece of the graph (a connected component), but the
    largest, to the nearest node of another piece, where that lies within ``MEND_KM``: the
    simplification leaves lines a little apart where they meet. Repeated on the joined pieces
    until none is left within reach. (a, b, metres) each, a < b."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    count = len(lat)
    phi, lam = np.radians(lat / 1000.0), np.radians(lon / 1000.0)
    xyz = np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])
    tree = cKDTree(xyz)
    joins: dict[tuple[int, int], float] = {}
    while True:
        pairs = np.array([*ends.tolist(), *joins], dtype=np.int64)
        graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])),
                           shape=(count, count))
        pieces = connected_components(graph, directed=False)[1]
        outside = np.flatnonzero(pieces != np.bincount(pieces).argmax())
        chord, near = tree.query(xyz[outside], k=32)
        best: dict[int, tuple[float, int, int]] = {}
        for node, chords, others in zip(outside, chord, near, strict=True):
            for length, other in zip(chords, others, strict=True):
                if other < count and pieces[other] != pieces[node]:
                    km = 2 * np.arcsin(min(length / 2, 1.0)) * EARTH_KM
                    if km <= MEND_KM and km < best.get(pieces[node], (np.inf,))[0]:
                        best[pieces[node]] = (km, int(node), int(other))
                    break
        found = {(min(a, b), max(a, b)): km for km, a, b in best.values()}
        if not found.keys() - joins.keys():
            return [(a, b, round(km * 1000)) for (a, b), km in sorted(joins.items())]
        joins.update(found)


def local_km(geometries: np.ndarray, lon0: np.ndarray, lat0: np.ndarray) -> np.ndarray:
    """Each geometry in km east and north of its own origin (lon0, lat0), for short distances."""
    coords, index = shapely.get_coordinates(geometries, return_index=True)
    scale = KM_PER_DEG_LON * np.cos(np.radians(lat0[index]))
    coords = np.column_stack([(coords[:, 0] - lon0[index]) * scale,
                              (coords[:, 1] - lat0[index]) * KM_PER_DEG_LAT])
    return shapely.set_coordinates(np.array(geometries, dtype=object).copy(), coords)


def countries_of(lat: np.ndarray, lon: np.ndarray) -> dict[str, np.ndarray]:
    """The country holding each node, and the other countries within ``NEAR_KM`` of it."""
    frame = country_frame()
    ids = ["", *[code or name for code, name in zip(frame["iso_a2"], frame["name"],
                                                    strict=True)]]
    parts, owner = shapely.get_parts(frame.geometry.values, return_index=True)
    owner = owner + 1
    tree = shapely.STRtree(parts)
    lon_deg, lat_deg = lon / 1000.0, lat / 1000.0
    points = shapely.points(lon_deg, lat_deg)
    country = np.zeros(len(points), dtype=np.uint8)
    node, part = tree.query(points, predicate="intersects")
    first = np.unique(node, return_index=True)[1]
    country[node[first]] = owner[part[first]]

    reach = NEAR_KM / KM_PER_DEG_LAT
    boxes = shapely.box(lon_deg - reach / np.maximum(np.cos(np.radians(lat_deg)), 0.05),
                        lat_deg - reach, lon_deg + reach / np.maximum(
                            np.cos(np.radians(lat_deg)), 0.05), lat_deg + reach)
    node, part = tree.query(boxes, predicate="intersects")
    other = owner[part] != country[node]
    node, part = node[other], part[other]
    near: dict[tuple[int, int], float] = {}
    for start in range(0, len(node), 20000):
        n, p = node[start:start + 20000], part[start:start + 20000]
        clipped = np.array([shapely.clip_by_rect(parts[j], *shapely.bounds(boxes[i]))
                            for i, j in zip(n, p, strict=True)], dtype=object)
        km = shapely.distance(local_km(clipped, lon_deg[n], lat_deg[n]), shapely.points(0, 0))
        for i, j, d in zip(n.tolist(), owner[p].tolist(), km.tolist(), strict=True):
            if d <= NEAR_KM and d < near.get((i, j), np.inf):
                near[(i, j)] = d
    keys = sorted(near)
    near_node = np.array([k[0] for k in keys], dtype=np.int64)
    return {
        "country": country, "country_ids": np.array(ids),
        "near_node_step": np.diff(near_node, prepend=0).astype(np.int32),
        "near_country": np.array([k[1] for k in keys], dtype=np.uint8),
        "near_km10": np.array([min(round(near[k] * 10), 100) for k in keys], dtype=np.uint8),
    }


def write_npz(arrays: dict[str, np.ndarray], path: Path) -> None:
    """A zip of .npy files (as ``numpy.load`` reads), the same bytes for the same arrays."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(arrays):
            data = io.BytesIO()
            np.lib.format.write_array(data, np.ascontiguousarray(arrays[name]),
                                      allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data.getvalue(), compresslevel=9)
    path.write_bytes(buffer.getvalue())


def derive(source: str) -> dict[str, np.ndarray]:
    """The arrays written for one scgraph_data module's text."""
    arrays = graph_arrays(*literals(source))
    lat, lon = arrays.pop("lat"), arrays.pop("lon")
    arrays["lat_step"] = np.diff(lat, prepend=0).astype(np.int32)
    arrays["lon_step"] = np.diff(lon, prepend=0).astype(np.int32)
    arrays.update(countries_of(lat, lon))
    return arrays


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="scgraph_data-2.0.0-py3-none-any.whl")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    parser.add_argument("--only", choices=sorted(MODULES), action="append",
                        help="derive only this network (repeatable)")
    args = parser.parse_args(argv)
    data = args.wheel.read_bytes()
    print(f"{hashlib.sha256(data).hexdigest()}  {args.wheel.name}  {len(data)} bytes")
    args.out.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(args.wheel) as wheel:
        for name in args.only or sorted(MODULES):
            source = wheel.read(MODULES[name])
            print(f"{hashlib.sha256(source).hexdigest()}  {MODULES[name]}  {len(source)} bytes")
            arrays = derive(source.decode("utf-8"))
            path = args.out / f"{name}.npz"
            write_npz(arrays, path)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            print(f"{digest}  {path.name}  {path.stat().st_size} bytes  "
                  f"{len(arrays['lat_step'])} nodes  {len(arrays['edge_m'])} edges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
