"""Shortest paths on water within a window: the sea of Natural Earth 1:10m land, kept
``CLEARANCE_KM`` off the coast, joined with corridors along waterways (river centre lines,
the inland stretches of the sea lanes, a project's own waterways).

A window's water is cut into triangles (GEOS's constrained Delaunay triangulation). The mesh
graph joins the corners and edge midpoints of each triangle to one another: a triangle is
convex and lies on water, so every such hop stays on water. A Dijkstra search on that graph
finds a path, which ``taut`` then pulls straight wherever a straight hop stays on water.

Points are (lon, lat); a window may be unwrapped (past ±180) like the project's lines.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from logimap.geo.geodesy import GEOD, Point, distance_km

if TYPE_CHECKING:
    import numpy as np
    from shapely import Geometry

BBox = tuple[float, float, float, float]
Waterways = tuple[tuple[Point, ...], ...]

CLEARANCE_KM = 0.1  # paths keep this far off 1:10m land
WATERWAY_HALF_WIDTH_KM = 1.0  # routes keep within this far each side of a waterway's line
# a line this far from a waterway's line is on it: wider than the corridor routes keep to,
# so that a route along a corridor's edge is not taken for a land crossing
WATERWAY_CHECK_KM = 1.5
KM_PER_DEG = 111.2  # km per degree of latitude (and of longitude at the equator)
CUT_KM = 0.2  # the width of water taken out along a gate no path may cross
MOUTH_KM = 5.0  # a waterway's end on land this close to the sea is joined to it
MOUTH_PAST_KM = 0.5  # ... by a line that reaches this far past the coast


def km_to_deg(km: float) -> float:
    """Degrees of latitude spanning ``km``."""
    return km / KM_PER_DEG


def scaled_buffer(geometry: Geometry, km: float, lat: float) -> Geometry:
    """``geometry`` grown by ``km`` (by its local scale at latitude ``lat``)."""
    import shapely
    from shapely import affinity

    if geometry.is_empty:
        return geometry
    squeeze = max(math.cos(math.radians(lat)), 0.05)
    flat = affinity.scale(geometry, xfact=squeeze, yfact=1.0, origin=(0, 0))
    grown = shapely.buffer(flat, km_to_deg(km), quad_segs=2)
    return affinity.scale(grown, xfact=1.0 / squeeze, yfact=1.0, origin=(0, 0))


def waterway_corridors(lines: Geometry, lat: float, half_width_km: float = WATERWAY_HALF_WIDTH_KM
                       ) -> Geometry:
    """The corridors along waterway ``lines``: where a boat may go though the map shows land."""
    return scaled_buffer(lines, half_width_km, lat)


@lru_cache(maxsize=32)
def mouths(waterways: Waterways) -> Waterways:
    """A line from each end of ``waterways`` that lies on land within ``MOUTH_KM`` of the
    sea to ``MOUTH_PAST_KM`` past the nearest coast (as the bundled rivers have), so that a
    waterway drawn between two towns reaches the sea it flows into."""
    import shapely

    from logimap.bundled.naturalearth import land

    found = []
    for end in dict.fromkeys(point for line in waterways for point in (line[0], line[-1])):
        lon, lat = end
        around = land((math.floor(lon) - 1, max(math.floor(lat) - 1, -90),
                       math.floor(lon) + 2, min(math.floor(lat) + 2, 90)))
        here = shapely.Point(end)
        if not around.contains(here):
            continue
        shore = shapely.get_coordinates(shapely.shortest_line(here, around.boundary))[-1]
        if distance_km(end, (shore[0], shore[1])) > MOUTH_KM:
            continue
        azimuth, _, _ = GEOD.inv(lon, lat, shore[0], shore[1])
        past_lon, past_lat, _ = GEOD.fwd(shore[0], shore[1], azimuth, MOUTH_PAST_KM * 1000.0)
        found.append((end, (float(past_lon), float(past_lat))))
    return tuple(found)


@dataclass(frozen=True)
class Attachment:
    """How an outside point joins the mesh: along ``path`` (the point itself, then the
    nearest shore when the point lies off the water), then one hop from the path's end to
    each of ``nodes``, with its length in km."""

    path: tuple[Point, ...]
    nodes: tuple[tuple[int, float], ...]


@dataclass
class Mesh:
    """The water of one window as a graph (see the module's docstring)."""

    bbox: BBox
    water: Geometry  # the polygons searched, in the window's longitudes
    points: np.ndarray  # (n, 2) lon, lat of the graph's nodes
    triangles: np.ndarray  # (t, 6) node indices: 3 corners, then 3 edge midpoints
    rows: np.ndarray
    cols: np.ndarray
    weights: np.ndarray
    _tree: Any = field(default=None, repr=False)

    @cached_property
    def triangle_shapes(self) -> Any:
        import shapely

        corners = self.points[self.triangles[:, :3]]
        rings = shapely.linearrings(corners)
        return shapely.polygons(rings)

    @property
    def tree(self) -> Any:
        import shapely

        if self._tree is None:
            self._tree = shapely.STRtree(self.triangle_shapes)
        return self._tree

    @cached_property
    def parts(self) -> Any:
        import shapely

        return shapely.STRtree(list(shapely.get_parts(self.water)))

    @cached_property
    def prepared(self) -> Geometry:
        import shapely

        shapely.prepare(self.water)
        return self.water

    def attach(self, point: Point, allowance_km: float) -> list[Attachment]:
        """The ways ``point`` joins the mesh: from inside a triangle, or, when it lies off
        the water searched, over at most ``allowance_km`` to the nearest water of each part
        within reach (several, as the nearest may be a lagoon)."""
        import shapely

        here = shapely.Point(point)
        inside = self.tree.query(here, predicate="intersects")
        if len(inside):
            return [self._hops((point,), inside)]
        if allowance_km <= 0:
            return []
        reach = km_to_deg(allowance_km) / max(math.cos(math.radians(point[1])), 0.05)
        attachments = []
        for index in self.parts.query(here, predicate="dwithin", distance=reach):
            part = self.parts.geometries[index]
            line = shapely.shortest_line(here, part)
            shore = tuple(shapely.get_coordinates(line)[-1])
            if distance_km(point, shore) > allowance_km:
                continue
            touching = self.tree.query(shapely.Point(shore), predicate="dwithin", distance=1e-9)
            if len(touching):
                attachments.append(self._hops((point, shore), touching))
        return attachments

    def _hops(self, path: tuple[Point, ...], triangles: Iterable[int]) -> Attachment:
        nodes = sorted({int(n) for t in triangles for n in self.triangles[t]})
        lons, lats = self.points[nodes, 0], self.points[nodes, 1]
        end = path[-1]
        _, _, metres = GEOD.inv([end[0]] * len(nodes), [end[1]] * len(nodes), lons, lats)
        return Attachment(path, tuple((n, m / 1000.0) for n, m in zip(nodes, metres, strict=True)))

    def covers(self, line: Sequence[Point]) -> bool:
        """True when the straight (lon, lat) line stays on the water searched."""
        import shapely

        return bool(self.prepared.covers(shapely.LineString(line)))


def search(mesh: Mesh, origins: list[Attachment], targets: list[list[Attachment]]
           ) -> tuple[list[float], Callable[[int], list[Point]]]:
    """The cost (km) from the origin to each target (``inf`` when unreachable) over the
    mesh, and a function giving the path (origin first) to target ``i``.

    ``origins`` are the origin's attachments; ``targets[i]`` those of target ``i``. The
    origin is only left and a target only entered, so no path runs through another target.
    """
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    points: list[Point] = []  # nodes beyond the mesh's own
    rows = [mesh.rows, mesh.cols]
    cols = [mesh.cols, mesh.rows]
    weights = [mesh.weights, mesh.weights]
    first_extra = len(mesh.points)

    def add(point: Point) -> int:
        points.append(point)
        return first_extra + len(points) - 1

    def link(end: int, attachments: list[Attachment], outward: bool) -> None:
        """Edges between ``end`` and the mesh: out of it (the origin) or into it (a target)."""
        for attachment in attachments:
            gate = end
            for a, b in zip(attachment.path, attachment.path[1:], strict=False):
                shore = add(b)
                pair = (gate, shore) if outward else (shore, gate)
                rows.append(np.array([pair[0]]))
                cols.append(np.array([pair[1]]))
                weights.append(np.array([distance_km(a, b)]))
                gate = shore
            nodes = np.array([n for n, _ in attachment.nodes], dtype=np.int64)
            costs = np.array([c for _, c in attachment.nodes])
            gates = np.full(len(nodes), gate, dtype=np.int64)
            rows.append(gates if outward else nodes)
            cols.append(nodes if outward else gates)
            weights.append(costs)

    source = add(origins[0].path[0]) if origins else add((math.nan, math.nan))
    link(source, origins, outward=True)
    ends = []
    for attachments in targets:
        end = add(attachments[0].path[0] if attachments else (math.nan, math.nan))
        ends.append(end)
        link(end, attachments, outward=False)
    size = first_extra + len(points)
    graph = csr_matrix((np.maximum(np.concatenate(weights), 1e-9),
                        (np.concatenate(rows), np.concatenate(cols))), shape=(size, size))
    distances, previous = dijkstra(graph, directed=True, indices=source,
                                   return_predecessors=True)
    costs = [float(distances[end]) for end in ends]

    def path(i: int) -> list[Point]:
        chain = []
        node = ends[i]
        while node >= 0:
            chain.append(int(node))
            node = previous[node]
        chain.reverse()
        return [points[c - first_extra] if c >= first_extra else
                (float(mesh.points[c, 0]), float(mesh.points[c, 1])) for c in chain]

    return costs, path


@lru_cache(maxsize=64)
def water(bbox: BBox, waterways: Waterways = (), inland_lanes: bool = True,
          cuts: Waterways = ()) -> Geometry:
    """The water of the window ``bbox`` as a MultiPolygon: 1:10m sea kept ``CLEARANCE_KM``
    off land, plus the corridors of bundled river centre lines, of the sea lanes' inland
    edges and of ``waterways`` (extra lines, e.g. a project's canals), less a strip
    ``CUT_KM`` wide along each line of ``cuts`` (the gates of passages a route must not go
    through, each from land to land, so no path crosses one). ``inland_lanes=False`` leaves
    the lanes out (as when the lanes themselves are derived). Cached: treat as read-only."""
    import shapely

    from logimap.bundled.naturalearth import land, rivers
    from logimap.route.lanes import lanes

    lat = (bbox[1] + bbox[3]) / 2.0
    window = shapely.box(*bbox)
    lines = [rivers(bbox), *(shapely.LineString(w) for w in waterways)]
    if inland_lanes:
        lines.append(lanes().inland_lines(bbox))
    corridors = waterway_corridors(shapely.union_all([g for g in lines if not g.is_empty])
                                   if lines else shapely.GeometryCollection(), lat)
    blocked = scaled_buffer(land(bbox), CLEARANCE_KM, lat)
    if not corridors.is_empty:
        blocked = shapely.difference(blocked, corridors)
    if cuts:
        blocked = shapely.union(blocked, scaled_buffer(shapely.MultiLineString(cuts),
                                                       CUT_KM / 2.0, lat))
    found = shapely.intersection(shapely.difference(window, blocked), window)
    return shapely.MultiPolygon([p for p in shapely.get_parts(found)
                                 if p.geom_type == "Polygon" and not p.is_empty])


def on_water(bbox: BBox, point: Point, waterways: Waterways = ()) -> bool:
    """Whether ``point`` lies on the water of the window ``bbox`` (``water``): what
    ``mesh(bbox, waterways).attach(point, 0.0)`` finds, the mesh's triangles covering
    exactly that water, without making the mesh."""
    import shapely

    found = water(bbox, waterways)
    shapely.prepare(found)
    return bool(found.intersects(shapely.Point(point)))


@lru_cache(maxsize=16)
def mesh(bbox: BBox, waterways: Waterways = (), inland_lanes: bool = True,
         cuts: Waterways = ()) -> Mesh:
    """The mesh of the water of the window ``bbox`` (``water``, which says what the
    arguments are). Cached: treat as read-only."""
    import numpy as np
    import shapely

    found = water(bbox, waterways, inland_lanes, cuts)
    triangles = shapely.get_parts(shapely.constrained_delaunay_triangles(found))
    corners = shapely.get_coordinates(triangles).reshape(-1, 4, 2)[:, :3]
    flat = corners.reshape(-1, 2)
    unique, index = np.unique(flat[:, 0] + 1j * flat[:, 1], return_inverse=True)
    vertices = np.stack([unique.real, unique.imag], axis=1)
    index = index.reshape(-1, 3)
    sides = np.stack([index[:, [0, 1]], index[:, [1, 2]], index[:, [2, 0]]], axis=1)
    sides = np.sort(sides, axis=2).reshape(-1, 2)
    pair_keys, side_index = np.unique(sides[:, 0] * len(vertices) + sides[:, 1],
                                      return_inverse=True)
    side_ids = np.stack(np.divmod(pair_keys, len(vertices)), axis=1)
    midpoints = (vertices[side_ids[:, 0]] + vertices[side_ids[:, 1]]) / 2.0
    points = np.concatenate([vertices, midpoints])
    nodes = np.concatenate([index, len(vertices) + side_index.reshape(-1, 3)], axis=1)
    pairs = np.array([(i, j) for i in range(6) for j in range(i + 1, 6)])
    hops = np.sort(nodes[:, pairs].reshape(-1, 2), axis=1)
    hop_keys = np.unique(hops[:, 0] * len(points) + hops[:, 1])
    hops = np.stack(np.divmod(hop_keys, len(points)), axis=1)
    a, b = points[hops[:, 0]], points[hops[:, 1]]
    _, _, metres = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    return Mesh(bbox=bbox, water=found, points=points, triangles=nodes,
                rows=hops[:, 0], cols=hops[:, 1], weights=np.asarray(metres) / 1000.0)


def taut(path: Sequence[Point], clear: Callable[[Sequence[Point]], bool]) -> list[Point]:
    """``path`` pulled straight: from each kept point on to the farthest later point that a
    straight hop reaches with ``clear(hop)`` true. The points 2, 4, 8... steps on and the
    last are tried (all of them: a point hidden behind a headland does not hide the ones
    beyond it), then the gap after the farthest one reached is halved, so a path of n points
    costs O(n log n) tests in the worst case; the hop to the next point is taken as clear (it
    is a step of the path itself)."""
    kept = [path[0]]
    at, last = 0, len(path) - 1
    while at < last:
        probes = [at + step for step in _doubling(last - at)]
        reached, beyond = at + 1, last + 1
        for probe in probes:
            if clear((path[at], path[probe])):
                reached, beyond = probe, last + 1
            elif beyond > last:
                beyond = probe
        while beyond - reached > 1 and beyond <= last:
            middle = (reached + beyond) // 2
            if clear((path[at], path[middle])):
                reached = middle
            else:
                beyond = middle
        kept.append(path[reached])
        at = reached
    return kept


def _doubling(span: int) -> list[int]:
    """2, 4, 8... up to ``span``, and ``span`` itself (steps to try from a point)."""
    steps = []
    step = 2
    while step < span:
        steps.append(step)
        step *= 2
    return [*steps, span] if span >= 2 else []


@dataclass(frozen=True)
class Approach:
    """A stop joined to the sea lanes in one window: lane nodes reached, their costs (km),
    whether it joined the water from off it, and the path (stop first, then the shore when
    it lies off the water) to the i-th of them."""

    nodes: list[int]
    costs: list[float]
    ashore: bool
    path: Any
