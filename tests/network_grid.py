"""A project's own railway as a grid of nodes a step apart, each joined to its neighbours
east and north: around Irkutsk, where the bundled railways run (the Trans-Siberian and its
branches), so that many of its nodes join them."""

from __future__ import annotations

from logimap.model import Edge, Node
from logimap.model.scenario import Location


def grid(cols: int, rows: int, step: float = 0.01, precision: str = "site"
         ) -> tuple[dict[str, Node], list[Edge]]:
    """``cols`` x ``rows`` nodes (``g{row}_{col}``) and about twice as many edges."""
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    for r in range(rows):
        for c in range(cols):
            ident = f"g{r}_{c}"
            nodes[ident] = Node(ident, ident, "waypoint", "RU", 103.5 + c * step,
                                51.8 + r * step, precision, "synthetic", "",
                                Location("geodata/nodes.csv", row=len(nodes) + 2))
            for other in ([f"g{r}_{c - 1}"] if c else []) + ([f"g{r - 1}_{c}"] if r else []):
                edges.append(Edge("rail", other, ident, "", "",
                                  Location("geodata/networks/rail.csv", row=len(edges) + 2)))
    return nodes, edges
