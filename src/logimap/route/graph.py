"""A mode's network as one graph, and shortest paths on it between stops.

The graph's vertices are the bundled network's nodes (``logimap.bundled.osm``), then the nodes named
by ``geodata/networks/<mode>.csv``. Its edges are the bundled ones (as long as the simplified
way), the scenario's (as long as the geodesic between their ends), and, for each scenario
node within its join radius of the bundled network, a connector to its nearest point there.
A scenario node is also a junction: it joins every line of the bundled network passing within
``JUNCTION_KM`` (the simplified network leaves some lines a little apart where they meet), so
one node in ``geodata/networks/<mode>.csv`` mends such a gap.

Each stop joins the network at the nearest points of the lines within its join radius
(``JOIN_KM``, by the precision of its coordinate). A km off the network counts as
``CONNECTOR_FACTOR`` km on it, so a stop joins the line beside it rather than one farther off
that would make the path shorter. Distances for joining are measured on a sphere.

``within`` keeps the path on vertices inside the listed countries (Natural Earth 1:50m):
those inside one of them, or inside another within ``BORDER_KM`` of one, or off every
country's shape (on a coast or causeway) within ``COAST_KM`` of one. A scenario node counts
as inside the countries its ``country`` column lists.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from logimap.geo.geodesy import GEOD, Point
from logimap.geo.sphere import (
    EARTH_KM,
    arc_km,
    lonlat,
    middles,
    near_middles,
    nearest_on_arcs,
    xyz,
)

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.spatial import cKDTree

    from logimap.model import Edge, Node

JOIN_KM = {"site": 3.0, "town": 15.0, "approximate": 15.0, "approximate-low": 30.0,
           "waypoint": 3.0}
CONNECTOR_FACTOR = 2.0
BORDER_KM = 3.0
COAST_KM = 10.0
JUNCTION_KM = 2.0
JUNCTIONS = 16  # a scenario node joins at most this many lines
LONG_KM = 5.0  # edges longer than this are searched one by one when joining a stop
JOINS = 8  # at most this many nearby lines are tried for each stop
SAMPLE_KM = 5.0  # the bundled lines are indexed by points at most this far apart along them
NOUNS = {"rail": "railway", "road": "road"}


def join_km(node: Node) -> float:
    """How far from the network a node may lie and still join it."""
    return JOIN_KM.get(node.precision, JOIN_KM["approximate"])


@dataclass(frozen=True)
class Join:
    """Where a stop meets the network: the point on edge ``edge`` (from ``low`` to ``high``
    at ``fraction`` of its length), ``km`` from the stop."""

    edge: int
    fraction: float
    km: float
    point: Point


@dataclass(frozen=True)
class _Index:
    """What joining stops to a mode's bundled network needs, made once per process: its
    points as unit vectors, a k-d tree of them, each point's edges (ids + 1, as a sparse
    matrix), and the edges longer than ``LONG_KM`` with their midpoints (unit vectors) and
    half their angle (radians)."""

    xyz: np.ndarray
    tree: cKDTree
    incident: csr_matrix
    long_edges: np.ndarray
    long_middle: np.ndarray
    long_half: np.ndarray


@cache
def _index(mode: str) -> _Index:
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.spatial import cKDTree

    from logimap.bundled.osm import bundled

    base = bundled(mode)
    points = xyz(base.lon, base.lat)
    chord_km = np.linalg.norm(points[base.low] - points[base.high], axis=1) * EARTH_KM
    ends = np.concatenate([base.low, base.high])
    edge_ids = np.tile(np.arange(len(base.low)), 2)
    incident = csr_matrix((edge_ids + 1, (ends, np.concatenate([base.high, base.low]))),
                          shape=(base.size, base.size))
    long = np.flatnonzero(chord_km > LONG_KM)
    middle, half = middles(points[base.low[long]], points[base.high[long]])
    # built unbalanced: three times quicker to build, hardly slower to ask
    tree = cKDTree(points, balanced_tree=False, compact_nodes=False)
    return _Index(points, tree, incident, long, middle, half)


@dataclass(frozen=True)
class _Samples:
    """Points along every line of a mode's bundled network, at most ``SAMPLE_KM`` apart (unit
    vectors, in a k-d tree), and the edge each lies on: every point of an edge is within
    ``SAMPLE_KM`` of one of its samples."""

    tree: cKDTree
    edges: np.ndarray


@cache
def _samples(mode: str) -> _Samples:
    import numpy as np
    from scipy.spatial import cKDTree

    from logimap.bundled.osm import bundled

    base, index = bundled(mode), _index(mode)
    a, b = index.xyz[base.low], index.xyz[base.high]
    km = 2 * np.arcsin(np.clip(np.linalg.norm(a - b, axis=1) / 2, 0.0, 1.0)) * EARTH_KM
    count = np.maximum(1, np.ceil(km / SAMPLE_KM)).astype(np.int64)
    edges = np.repeat(np.arange(len(a)), count)
    first = np.repeat(np.cumsum(count) - count, count)
    fraction = ((np.arange(len(edges)) - first + 0.5) / count[edges])[:, None]
    points = a[edges] * (1 - fraction) + b[edges] * fraction
    points /= np.linalg.norm(points, axis=1)[:, None]
    return _Samples(cKDTree(points, balanced_tree=False, compact_nodes=False), edges)


class NetworkRouter:
    """Shortest paths between stops over one mode's bundled network and scenario edges."""

    def __init__(self, mode: str, nodes: Mapping[str, Node], edges: Sequence[Edge]):
        import numpy as np

        from logimap.bundled.osm import bundled

        self.mode = mode
        self.noun = NOUNS[mode]
        base, index = bundled(mode), _index(mode)
        self.base_size, self.base_edges = base.size, len(base.low)
        ids = list(dict.fromkeys(end for edge in edges for end in (edge.a, edge.b)))
        self.vertex_of = {ident: base.size + i for i, ident in enumerate(ids)}
        self.scenario_nodes = [nodes[ident] for ident in ids]
        lon, lat = (np.array([getattr(n, axis) for n in self.scenario_nodes], dtype=float)
                    for axis in ("lon", "lat"))
        self.lon, self.lat = np.concatenate([base.lon, lon]), np.concatenate([base.lat, lat])
        self.xyz = np.concatenate([index.xyz, xyz(lon, lat)])
        self.tree, self.incident, self.index = index.tree, index.incident, index
        self.low = np.concatenate([base.low, [self.vertex_of[e.a] for e in edges]]).astype(int)
        self.high = np.concatenate([base.high, [self.vertex_of[e.b] for e in edges]]).astype(int)
        self.km = np.concatenate([base.length_km, _geodesic_km(
            self.lon[self.low[self.base_edges:]], self.lat[self.low[self.base_edges:]],
            self.lon[self.high[self.base_edges:]], self.lat[self.high[self.base_edges:]])])
        self._index_extra_edges()
        self._attach_scenario_nodes()
        self._index_extra_edges()
        self.km = np.maximum(self.km, 1e-6)  # csgraph would take a 0 for no edge
        self.country, self.country_ids = base.country, base.country_ids
        self.near = (base.near_node, base.near_country, base.near_km)
        self._graphs: dict[frozenset[str], tuple[csr_matrix, np.ndarray, np.ndarray]] = {}
        # where each stop joins the graph kept within some countries (stops recur from leg
        # to leg)
        self._joined: dict[tuple[Point, float, frozenset[str]], list[Join]] = {}
        # the last search, kept for the next path from the same stop (legs are routed
        # grouped by their origin): its stop, bound, distances and predecessors
        self._last: tuple[tuple, float, np.ndarray, np.ndarray] | None = None
        self._piece_numbers: dict[frozenset[str], np.ndarray] = {}
        self._spares: dict[frozenset[str], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    @property
    def extra_edges(self) -> np.ndarray:
        """The edges that are not the bundled network's (the scenario's and its joins)."""
        import numpy as np

        return np.arange(self.base_edges, len(self.low))

    # -- building --------------------------------------------------------------------------

    def _index_extra_edges(self) -> None:
        """The middles of the edges not in the bundled network, to find those near a stop."""
        extra = self.extra_edges
        self.extra_middle, self.extra_half = middles(self.xyz[self.low[extra]],
                                                      self.xyz[self.high[extra]])

    def _attach_scenario_nodes(self) -> None:
        """Connect each scenario node to its nearest point on the bundled network, and to every
        line within ``JUNCTION_KM`` (at most ``JUNCTIONS``), each through a vertex added at the
        point joined (``self.feet`` maps it to the bundled edge it lies on). All nodes are
        joined at once: their nearby edges are found in a k-d tree of points along the lines
        (``_samples``), so the cost grows with nodes times log(edges)."""
        import numpy as np

        self.feet: dict[int, int] = {}
        if not self.scenario_nodes:
            return
        radius = np.array([join_km(node) for node in self.scenario_nodes])
        reach = np.maximum(radius, JUNCTION_KM)
        first = self.base_size
        node, edge = self._near_bundled_edges(self.xyz[first:first + len(radius)], reach)
        angle, fraction, foot = nearest_on_arcs(self.xyz[first + node],
                                                self.xyz[self.low[edge]],
                                                self.xyz[self.high[edge]])
        km = angle * EARTH_KM
        order = np.lexsort((edge, km, node))  # by node, then nearest first
        order = order[km[order] <= reach[node[order]]]
        node, edge, km, fraction, foot = (v[order] for v in (node, edge, km, fraction, foot))
        rank = np.arange(len(node)) - np.searchsorted(node, node)  # 0: the node's nearest
        chosen = (rank < JUNCTIONS) & (km <= np.where(rank == 0, radius[node], JUNCTION_KM))
        node, edge, km, fraction, foot = (v[chosen] for v in (node, edge, km, fraction, foot))
        points = lonlat(foot)
        for end, vertices in ((0.0, self.low), (1.0, self.high)):  # a join at an end is that
            at = fraction == end  # vertex, exactly
            points[at] = np.column_stack([self.lon[vertices[edge[at]]],
                                          self.lat[vertices[edge[at]]]])
        feet = len(self.lon) + np.arange(len(node))
        self.feet = dict(zip(feet.tolist(), edge.tolist(), strict=True))
        length = self.km[edge]
        self.low = np.concatenate([self.low, np.column_stack(
            [first + node, feet, feet]).ravel()])
        self.high = np.concatenate([self.high, np.column_stack(
            [feet, self.low[edge], self.high[edge]]).ravel()])
        self.km = np.concatenate([self.km, np.column_stack(
            [km * CONNECTOR_FACTOR, fraction * length, (1 - fraction) * length]).ravel()])
        self.lon = np.concatenate([self.lon, points[:, 0]])
        self.lat = np.concatenate([self.lat, points[:, 1]])
        self.xyz = np.concatenate([self.xyz, xyz(points[:, 0], points[:, 1])])

    def _near_bundled_edges(self, points: np.ndarray, reach_km: np.ndarray
                            ) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (point, bundled edge), each once, of the edges that may pass within
        ``reach_km[i]`` of ``points[i]`` (unit vectors): a superset, found in the k-d tree of
        points along the lines."""
        import numpy as np

        samples = _samples(self.mode)
        chord = 2 * np.sin(np.minimum(reach_km + SAMPLE_KM, EARTH_KM) / EARTH_KM / 2)
        found = samples.tree.query_ball_point(points, chord)
        counts = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        if not counts.sum():
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        near = np.concatenate([np.asarray(f, dtype=np.int64) for f in found if f])
        pairs = np.unique(np.repeat(np.arange(len(points)), counts) * self.base_edges
                          + samples.edges[near])
        return pairs // self.base_edges, pairs % self.base_edges

    # -- joining stops -----------------------------------------------------------------------

    def joins(self, point: Point, radius_km: float, allowed: np.ndarray | None = None,
              limit: int = JOINS, pieces: np.ndarray | None = None) -> list[Join]:
        """The nearest points of the edges within ``radius_km`` of ``point``, nearest first
        (at most ``limit``, one per edge); only ``allowed`` edges when given. With ``pieces``
        (a piece number per vertex), the nearest point of every other piece within reach is
        added, so a stop beside a stray piece of line still joins the main one."""
        import numpy as np

        p = xyz(np.array([point[0]]), np.array([point[1]]))[0]
        reach = 2 * math.sin(min(radius_km + LONG_KM, EARTH_KM) / EARTH_KM / 2)
        near = self.tree.query_ball_point(p, reach)  # bundled points only: long edges and
        index, extra = self.index, self.extra_edges  # the others are found by their middles
        long = index.long_edges[near_middles(p, index.long_middle, index.long_half, radius_km)]
        extra = extra[near_middles(p, self.extra_middle, self.extra_half, radius_km)]
        edges = np.unique(np.concatenate([self.incident[near].data - 1, long, extra]))
        if allowed is not None:
            edges = edges[allowed[edges]]
        if not len(edges):
            return []
        angle, fraction, foot = nearest_on_arcs(p, self.xyz[self.low[edges]],
                                                 self.xyz[self.high[edges]])
        km = angle * EARTH_KM
        order = np.argsort(km, kind="stable")
        order = order[km[order] <= radius_km]
        if pieces is None:
            order = order[:limit]
        else:
            piece = pieces[self.low[edges[order]]]
            first = np.zeros(len(order), dtype=bool)
            first[np.unique(piece, return_index=True)[1]] = True
            order = order[(np.arange(len(order)) < limit) | first]
        points = lonlat(foot[order])
        ends = {0.0: self.low, 1.0: self.high}  # a join at an end is that vertex, exactly
        for row, i in enumerate(order):
            if fraction[i] in ends:
                vertex = ends[fraction[i]][edges[i]]
                points[row] = (self.lon[vertex], self.lat[vertex])
        return [Join(int(edges[i]), float(fraction[i]), float(km[i]),
                     (float(lon), float(lat))) for i, (lon, lat) in zip(order, points,
                                                                      strict=True)]

    def nearest_km(self, point: Point, allowed_vertices: np.ndarray | None = None
                   ) -> tuple[float, Point] | None:
        """The distance to the nearest point of the network (only ``allowed_vertices``' edges
        when given) and that point; None when there is none."""
        import numpy as np
        from scipy.spatial import cKDTree

        p = xyz(np.array([point[0]]), np.array([point[1]]))[0]
        vertices = np.arange(len(self.tree.data))
        if allowed_vertices is not None:
            vertices = vertices[allowed_vertices[vertices]]
            if not len(vertices):
                return None
        if allowed_vertices is None:
            chord, index = self.tree.query(p)
        else:
            chord, index = cKDTree(self.xyz[vertices]).query(p)
        vertex = int(vertices[index])
        km = 2 * math.asin(min(chord / 2, 1.0)) * EARTH_KM
        allowed = (None if allowed_vertices is None
                   else allowed_vertices[self.low] & allowed_vertices[self.high])
        found = self.joins(point, km + 1e-6, allowed)
        if found:  # a point along an edge may lie nearer than any vertex
            return found[0].km, found[0].point
        return km, (float(self.lon[vertex]), float(self.lat[vertex]))

    # -- countries ---------------------------------------------------------------------------

    def allowed_vertices(self, within: frozenset[str]) -> np.ndarray:
        """Which vertices a path kept ``within`` these countries may use."""
        import numpy as np

        codes = np.array([code in within for code in self.country_ids])
        base = codes[self.country]
        node, country, km = self.near
        tolerance = np.where(self.country[node] == 0, COAST_KM, BORDER_KM)
        base[node[codes[country] & (km <= tolerance)]] = True
        scenario = [bool(within & set(n.country.split("/"))) for n in self.scenario_nodes]
        allowed = np.concatenate([base, np.array(scenario, dtype=bool),
                                  np.zeros(len(self.feet), dtype=bool)])
        for foot, edge in self.feet.items():  # on a bundled edge: allowed with its ends
            allowed[foot] = base[self.low[edge]] and base[self.high[edge]]
        return allowed

    def _graph(self, within: frozenset[str]) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
        """The graph kept ``within`` these countries (each edge both ways), its allowed edges
        and vertices, made once each."""
        import numpy as np
        from scipy.sparse import csr_matrix

        if within not in self._graphs:
            count = len(self.lon)
            if within:
                vertices = self.allowed_vertices(within)
                edges = vertices[self.low] & vertices[self.high]
            else:
                vertices = np.ones(count, dtype=bool)
                edges = np.ones(len(self.low), dtype=bool)
            low, high, km = self.low[edges], self.high[edges], self.km[edges]
            rows = np.concatenate([low, high])
            order = np.argsort(rows, kind="stable")
            indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=count))])
            graph = csr_matrix((np.concatenate([km, km])[order],
                                np.concatenate([high, low])[order], indptr),
                               shape=(count, count))
            self._graphs[within] = (graph, edges, vertices)
        return self._graphs[within]

    def _pieces(self, within: frozenset[str]) -> np.ndarray:
        """A number per vertex naming its piece of the graph kept ``within`` these countries
        (its connected component), made once."""
        from scipy.sparse.csgraph import connected_components

        if within not in self._piece_numbers:
            graph = self._graph(within)[0]
            self._piece_numbers[within] = connected_components(graph, directed=False)[1]
        return self._piece_numbers[within]

    def gap(self, a: Point, b: Point, radii: tuple[float, float],
            within: frozenset[str] = frozenset()) -> tuple[int, int, float, Point] | None:
        """When ``a`` and ``b`` join separate pieces of the network: the number of vertices of
        each piece, how close the two pieces come (km) and where (on ``a``'s piece)."""
        import numpy as np
        from scipy.spatial import cKDTree

        _, edges, _ = self._graph(within)
        pieces = self._pieces(within)
        ends = [self.joins(p, r, edges, limit=1) for p, r in ((a, radii[0]), (b, radii[1]))]
        if not all(ends):
            return None
        first, second = (int(pieces[self.low[found[0].edge]]) for found in ends)
        if first == second:
            return None
        one, two = np.flatnonzero(pieces == first), np.flatnonzero(pieces == second)
        chord, _ = cKDTree(self.xyz[two]).query(self.xyz[one])
        nearest = int(np.argmin(chord))
        km = 2 * math.asin(min(chord[nearest] / 2, 1.0)) * EARTH_KM
        vertex = one[nearest]
        return len(one), len(two), km, (float(self.lon[vertex]), float(self.lat[vertex]))

    def countries_of(self, vertices: Sequence[int]) -> list[str]:
        """The countries (alpha-2 codes) that bundled ``vertices`` lie in, in path order."""
        found = [self.country_ids[self.country[v]] for v in vertices if v < self.base_size]
        return [code for code in dict.fromkeys(found) if code]

    # -- paths -------------------------------------------------------------------------------

    def path(self, a: Point, b: Point, radii: tuple[float, float],
             within: frozenset[str] = frozenset()) -> tuple[list[Point], list[int]]:
        """The points of the shortest path from ``a`` to ``b`` (both included), and the
        network's vertices on it.

        Raises ``Unjoined`` (which end, how far the network is) when a point lies farther
        than its radius from the network, and ``NoPath`` when no path joins them.
        """
        import numpy as np
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import dijkstra

        graph, allowed_edges, allowed_vertices = self._graph(within)
        starts, ends = [], []
        for side, (point, radius) in enumerate(((a, radii[0]), (b, radii[1]))):
            key = (point, radius, within)
            if key not in self._joined:
                self._joined[key] = self.joins(point, radius, allowed_edges,
                                               pieces=self._pieces(within))
            joins = self._joined[key]
            if not joins:
                raise Unjoined(side, self.nearest_km(
                    point, allowed_vertices if within else None))
            (starts, ends)[side].extend(joins)
        # Vertices added after the graph's: the source, then a foot per join of ``a``, each
        # with edges out only (Dijkstra runs from the source); ``b``'s joins are reckoned after.
        count = len(self.lon)
        source, rows = count, [(count, count + 1 + i, j.km * CONNECTOR_FACTOR)
                               for i, j in enumerate(starts)]
        for i, join in enumerate(starts):
            edge, foot = join.edge, count + 1 + i
            rows += [(foot, int(self.low[edge]), join.fraction * self.km[edge]),
                     (foot, int(self.high[edge]), (1 - join.fraction) * self.km[edge])]
        size = count + 1 + len(starts)
        extra = np.array(rows, dtype=np.float64)
        counts = np.bincount(extra[:, 0].astype(np.int64) - count, minlength=size - count)
        data, indices, indptr = self._spare(within, len(rows), len(starts) + 1)
        nnz = graph.nnz
        data[nnz:nnz + len(rows)] = np.maximum(extra[:, 2], 1e-6)
        indices[nnz:nnz + len(rows)] = extra[:, 1]
        indptr[count + 1:size + 1] = nnz + np.cumsum(counts)
        joined = csr_matrix((data[:nnz + len(rows)], indices[:nnz + len(rows)],
                             indptr[:size + 1]), shape=(size, size))
        straight = arc_km(a, b)
        # Searches bounded at growing distances: a path no longer than the bound found within
        # it is the shortest of all (every vertex nearer than the bound has its true distance).
        # The last search from the same stop serves again as far as its bound reaches.
        origin = (a, radii[0], within)
        for limit in (1.5 * straight + 50.0, max(3.0 * straight, straight + 500.0), np.inf):
            if self._last is not None and self._last[0] == origin and self._last[1] >= limit:
                _, limit, distances, previous = self._last
            else:
                distances, previous = dijkstra(joined, indices=source,
                                               return_predecessors=True, limit=limit)
                self._last = (origin, limit, distances, previous)
            best = self._arrival(distances, starts, ends, count)
            if best is not None and best[0] <= limit:
                break
        else:
            raise NoPath()
        _, last, end = best
        vertices = [last]
        while vertices[-1] != source:
            vertices.append(int(previous[vertices[-1]]))
        vertices.reverse()
        points = [a]
        for vertex in vertices[1:]:
            points.append(starts[vertex - count - 1].point if vertex > count
                          else (float(self.lon[vertex]), float(self.lat[vertex])))
        points += [end.point, b]
        kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        return kept, [v for v in vertices[1:] if v < count]

    def _spare(self, within: frozenset[str], entries: int, rows: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The graph's arrays (data, indices, indptr) with room for ``entries`` more entries
        in ``rows`` more rows, kept between routes: a route writes its source's edges there
        instead of copying the graph."""
        import numpy as np

        graph = self._graph(within)[0]
        kept = self._spares.get(within)
        if kept is None or len(kept[0]) < graph.nnz + entries or len(kept[2]) < (
                graph.shape[0] + 1 + rows):
            room = max(entries, 256)
            kept = (np.concatenate([graph.data, np.zeros(room)]),
                    np.concatenate([graph.indices, np.zeros(room, graph.indices.dtype)]),
                    np.concatenate([graph.indptr, np.zeros(max(rows, 128), graph.indptr.dtype)]))
            self._spares[within] = kept
        return kept

    def _arrival(self, distances: np.ndarray, starts: list[Join], ends: list[Join],
                 count: int) -> tuple[float, int, Join] | None:
        """The cost of the best arrival at one of ``ends`` (the joins of its last stop), the
        vertex it comes from and that join; None when none is reached."""
        best: tuple[float, int, Join] | None = None
        for join in ends:
            edge, length = join.edge, self.km[join.edge]
            arrivals = [(distances[self.low[edge]] + join.fraction * length,
                         int(self.low[edge])),
                        (distances[self.high[edge]] + (1 - join.fraction) * length,
                         int(self.high[edge]))]
            arrivals += [(distances[count + 1 + i] + abs(s.fraction - join.fraction) * length,
                          count + 1 + i) for i, s in enumerate(starts) if s.edge == edge]
            for reached, vertex in arrivals:
                total = reached + join.km * CONNECTOR_FACTOR
                if math.isfinite(total) and (best is None or total < best[0]):
                    best = (total, vertex, join)
        return best


class Unjoined(Exception):
    """A stop lies farther than its join radius from the network: which one (0 or 1) and the
    distance to the nearest point of the network with that point, when there is one."""

    def __init__(self, end: int, nearest: tuple[float, Point] | None):
        self.end, self.nearest = end, nearest


class NoPath(Exception):
    """No path joins the two stops."""


def _geodesic_km(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray
                 ) -> np.ndarray:
    """Geodesic lengths (WGS84) between points, km."""
    import numpy as np

    if not len(lon1):
        return np.zeros(0)
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000.0
