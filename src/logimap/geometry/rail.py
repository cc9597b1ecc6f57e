"""Rail legs: the shortest path on the scenario's rail network through the stops in order.

Edges are weighted by their geodesic length and each is drawn as a densified geodesic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from logimap.errors import GeometryError
from logimap.geometry import Cache, LegGeometry, stop_points
from logimap.geometry.geodesy import Point, distance_km, geodesic_line, length_km

if TYPE_CHECKING:
    import networkx as nx

    from logimap.model import Edge, Leg, Scenario

NETWORK_FILE = "geodata/networks/rail.csv"


def rail_graph(edges: Iterable[Edge], points: Mapping[str, Point]) -> nx.Graph:
    """An undirected graph of ``edges``; each edge's ``weight`` is its geodesic length in km."""
    import networkx as nx

    graph = nx.Graph()
    for edge in edges:
        for node in (edge.a, edge.b):
            if node not in points:
                raise GeometryError(f"{edge.where}: edge names unknown node {node!r}; add it to "
                                    "geodata/nodes.csv or fix the id")
        graph.add_edge(edge.a, edge.b, weight=distance_km(points[edge.a], points[edge.b]))
    return graph


def shortest_path(graph: nx.Graph, stops: Sequence[str]) -> list[str]:
    """Node ids of the shortest path visiting ``stops`` in order.

    Raises ``GeometryError`` when a stop is not on the network or two stops are not connected.
    """
    import networkx as nx

    for stop in stops:
        if stop not in graph:
            raise GeometryError(f"station {stop!r} is not on the network")
    path = [stops[0]]
    for a, b in pairwise(stops):
        try:
            path += nx.shortest_path(graph, a, b, weight="weight")[1:]
        except nx.NetworkXNoPath:
            raise GeometryError(f"no path joins {a!r} to {b!r} on the network") from None
    return path


def route(scenario: Scenario, leg: Leg, cache: Cache) -> LegGeometry:
    """Draw a rail leg along the shortest path on ``scenario.network("rail")``."""
    key = ("rail", tuple(zip(leg.stops, stop_points(scenario, leg), strict=True)))
    if key not in cache:
        if "rail-graph" not in cache:
            cache["rail-points"] = {n.id: (n.lon, n.lat) for n in scenario.nodes}
            cache["rail-graph"] = rail_graph(scenario.network("rail"), cache["rail-points"])
        points = cache["rail-points"]
        try:
            path = shortest_path(cache["rail-graph"], leg.stops)
        except GeometryError as error:
            raise GeometryError(f"{leg.where}: rail leg {leg.id!r}: {error} ({NETWORK_FILE})",
                                "add the missing edges, or change the leg's stops") from None
        coords = geodesic_line([points[node] for node in path])
        cache[key] = LegGeometry(tuple(coords), length_km(coords))
    return cache[key]
