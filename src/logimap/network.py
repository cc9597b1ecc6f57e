"""Connectivity of a transport network, cheap enough for ``logimap validate``.

Routing over a network (shortest paths) lives in ``geometry``; this module only answers
"can a train get from A to B at all?" without importing a graph library.
"""

from __future__ import annotations

from collections.abc import Iterable

from logimap.model import Edge


class Components:
    """The connected components of a network's edges (union-find with path halving)."""

    def __init__(self, edges: Iterable[Edge]):
        self._parent: dict[str, str] = {}
        for edge in edges:
            self._union(edge.a, edge.b)

    def __contains__(self, node: str) -> bool:
        return node in self._parent

    def _find(self, node: str) -> str:
        parent = self._parent
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def _union(self, a: str, b: str) -> None:
        self._parent[self._find(a)] = self._find(b)

    def connected(self, a: str, b: str) -> bool:
        """True when both nodes are in the network and a path joins them."""
        return a in self and b in self and self._find(a) == self._find(b)
