"""The bundled sea lanes: a graph over the world's seas, canals and the rivers ships use.

``data/sealanes/sealanes.fgb`` holds searoute's maritime network with every edge that crossed
Natural Earth 1:10m land either repaired on water or marked ``inland`` (a canal, a river or
a lake that 1:10m land covers); see ``scripts/sealanes.py`` and PROVENANCE.md there. Lines are
densified about every 25 km and every vertex is a node, so a port is joined to a lane near it.

Nodes are keyed by their wrapped (lon, lat): the same point at -180 and 180 is one node.

``steered`` is the graph a route searches when it must go through some named passages in
order and through none of others (``logimap.route.passages``): the edges crossing a gate of a
passage to avoid are left out, and one copy of the graph is made for each stage of the
passages to go through, an edge crossing the next one leading from one copy to the next.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import as_file, files
from typing import TYPE_CHECKING, Any

from logimap.geo.geodesy import GEOD, Point

if TYPE_CHECKING:
    import numpy as np
    from shapely import MultiLineString

BBox = tuple[float, float, float, float]
FILE = "sealanes.fgb"
GRAPH_FILE = "sealanes-graph.npz"  # the graph derived from FILE (``derive_lanes``)
SORT_MARGIN_DEG = 1e-6  # nodes this far outside a bbox's longitudes are still tested


@dataclass(frozen=True)
class Lanes:
    """The lane graph: ``points`` (n, 2) wrapped lon, lat of the nodes; ``edges`` (m, 2)
    node indices; ``km`` each edge's geodesic length; ``inland`` whether it runs over
    1:10m land (a waterway)."""

    points: np.ndarray
    edges: np.ndarray
    km: np.ndarray
    inland: np.ndarray

    @cached_property
    def graph(self) -> Any:
        """The symmetric sparse matrix of edge lengths, for ``scipy.sparse.csgraph``."""
        import numpy as np
        from scipy.sparse import csr_matrix

        size = len(self.points)
        rows = np.concatenate([self.edges[:, 0], self.edges[:, 1]])
        cols = np.concatenate([self.edges[:, 1], self.edges[:, 0]])
        return csr_matrix((np.tile(np.maximum(self.km, 1e-9), 2), (rows, cols)),
                          shape=(size, size))

    @cached_property
    def passages(self) -> dict[str, np.ndarray]:
        """The edges crossing each named passage's gates, by passage id (made once)."""
        import numpy as np

        from logimap.route.passages import edges_through

        starts = self.points[self.edges[:, 0]]
        ends = self.points[self.edges[:, 1]].copy()
        ends[:, 0] += 360.0 * np.round((starts[:, 0] - ends[:, 0]) / 360.0)
        found: dict[str, list[int]] = {}
        for edge, passage in edges_through(starts, ends):
            found.setdefault(passage, []).append(edge)
        return {passage: np.asarray(edges) for passage, edges in found.items()}

    def within(self, bbox: BBox) -> np.ndarray:
        """Indices of the nodes inside ``bbox`` (its longitudes may be unwrapped). The nodes
        come sorted by longitude, so only those in the bbox's longitudes (wrapped, with a
        margin) are tested."""
        import numpy as np

        west, south, east, north = bbox
        lon = self.points[:, 0]
        if east - west >= 359.0:
            candidates = np.arange(len(lon))
        else:
            low = np.remainder(west + 180.0, 360.0) - 180.0 - SORT_MARGIN_DEG
            high = low + (east - west) + 2 * SORT_MARGIN_DEG
            ranges = [(low, high), (low - 360.0, high - 360.0), (low + 360.0, high + 360.0)]
            candidates = np.concatenate([np.arange(*np.searchsorted(lon, r)) for r in ranges])
            candidates = np.unique(candidates)
        shifted = west + np.remainder(lon[candidates] - west, 360.0)
        y = self.points[candidates, 1]
        return candidates[(shifted <= east) & (y >= south) & (y <= north)]

    @cached_property
    def inland_edges(self) -> np.ndarray:
        """The inland (waterway) edges, in order."""
        return self.edges[self.inland]

    def point_near(self, node: int, lon: float) -> Point:
        """Node ``node`` with its longitude shifted by a multiple of 360 next to ``lon``."""
        x, y = self.points[node]
        return (float(x + 360.0 * round((lon - x) / 360.0)), float(y))

    def inland_lines(self, bbox: BBox) -> MultiLineString:
        """The inland (waterway) edges with an end inside ``bbox``, in its longitudes."""
        import numpy as np
        import shapely

        inside = np.zeros(len(self.points), dtype=bool)
        inside[self.within(bbox)] = True
        inland = self.inland_edges
        chosen = inland[inside[inland[:, 0]] | inside[inland[:, 1]]]
        middle = (bbox[0] + bbox[2]) / 2.0
        lines = []
        for a, b in chosen:
            start = self.point_near(int(a), middle)
            lines.append((start, self.point_near(int(b), start[0])))
        return shapely.MultiLineString(lines)


@lru_cache(maxsize=1)
def lanes() -> Lanes:
    """The bundled lane graph (read once per process): what ``derive_lanes`` makes of
    ``sealanes.fgb``, prepared once by ``scripts/lanes_graph.py`` into ``GRAPH_FILE``."""
    import numpy as np

    with (files("logimap") / "data" / "sealanes" / GRAPH_FILE).open("rb") as handle, \
            np.load(handle, allow_pickle=False) as data:
        return Lanes(points=data["points"], edges=data["edges"], km=data["km"],
                     inland=data["inland"])


def derive_lanes() -> Lanes:
    """The lane graph of ``sealanes.fgb``: each line's points, keyed by their wrapped (lon,
    lat) to 7 decimals, become nodes (sorted by longitude, then latitude), each step of a
    line an edge with its geodesic length."""
    import numpy as np
    import shapely

    from logimap.bundled import flatgeobuf

    with as_file(files("logimap") / "data" / "sealanes" / FILE) as path:
        found = flatgeobuf.read(path, columns=("kind",))
    coords, owner = shapely.get_coordinates(found.geometries, return_index=True)
    wrapped = coords.copy()
    wrapped[:, 0] = np.remainder(wrapped[:, 0] + 180.0, 360.0) - 180.0
    keys = np.round(wrapped, 7)
    # one complex number per point: np.unique sorts those far faster than rows
    unique, index = np.unique(keys[:, 0] + 1j * keys[:, 1], return_inverse=True)
    points = np.stack([unique.real, unique.imag], axis=1)
    same_line = owner[1:] == owner[:-1]
    starts, ends = index[:-1][same_line], index[1:][same_line]
    _, _, metres = GEOD.inv(coords[:-1][same_line, 0], coords[:-1][same_line, 1],
                            coords[1:][same_line, 0], coords[1:][same_line, 1])
    kind = np.asarray(found.columns["kind"])[owner[:-1][same_line]]
    keep = starts != ends
    return Lanes(points=points, edges=np.stack([starts, ends], axis=1)[keep],
                 km=np.asarray(metres)[keep] / 1000.0, inland=(kind == "inland")[keep])


def steered(avoid: Collection[str], through: tuple[str, ...] = ()) -> Any:
    """The bundled lanes as ``len(through) + 1`` copies, node ``i`` of copy ``k`` numbered
    ``k * len(points) + i`` (a sparse matrix of edge lengths): no edge crosses a passage of
    ``avoid`` or ``through``, but each edge crossing ``through[k]`` (and no other of them)
    leads from copy ``k`` to copy ``k + 1``. A path from copy 0 to the last goes through the
    passages of ``through`` in order, once each, and through none of ``avoid``."""
    return _steered(frozenset(avoid), tuple(through))


@lru_cache(maxsize=16)
def _steered(avoid: frozenset[str], through: tuple[str, ...]) -> Any:
    import numpy as np
    from scipy.sparse import csr_matrix

    graph = lanes()
    size, copies = len(graph.points), len(through) + 1
    crossing = graph.passages
    none = np.array([], dtype=int)
    blocked = np.zeros(len(graph.edges), dtype=int)  # how many steered passages each crosses
    for passage in avoid | set(through):
        blocked[crossing.get(passage, none)] += 1
    a, b, km = graph.edges[:, 0], graph.edges[:, 1], np.maximum(graph.km, 1e-9)
    free = np.flatnonzero(blocked == 0)
    rows, cols, costs = [], [], []
    for copy in range(copies):
        shift = copy * size
        rows += [a[free] + shift, b[free] + shift]
        cols += [b[free] + shift, a[free] + shift]
        costs += [km[free], km[free]]
    for copy, passage in enumerate(through):
        edges = crossing.get(passage, none)
        edges = edges[blocked[edges] == 1]
        rows += [a[edges] + copy * size, b[edges] + copy * size]
        cols += [b[edges] + (copy + 1) * size, a[edges] + (copy + 1) * size]
        costs += [km[edges], km[edges]]
    whole = size * copies
    return csr_matrix((np.concatenate(costs), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(whole, whole))
