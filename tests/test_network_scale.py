"""Joining a project's own network to the bundled one at scale: every node of
``geodata/networks/<mode>.csv`` joins the same lines as a stop joined on its own would, and a
million edges are joined in a bounded CPU time (each node's nearby lines found in a k-d tree,
not among every edge)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from logimap.route.graph import JUNCTION_KM, JUNCTIONS, NetworkRouter, join_km
from tests.network_grid import grid

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["site", "approximate-low"])
def test_each_node_joins_the_lines_it_would_join_as_a_stop_on_its_own(precision: str):
    nodes, edges = grid(30, 20, step=0.05, precision=precision)
    router = NetworkRouter("rail", nodes, edges)
    bundled = np.arange(len(router.low)) < router.base_edges
    joined: dict[int, list[tuple[int, float]]] = {}
    for foot, edge in router.feet.items():
        node = int(router.low[np.flatnonzero(router.high == foot)[0]])
        joined.setdefault(node, []).append((edge, foot))

    for ident, node in nodes.items():
        vertex = router.vertex_of[ident]
        radius = join_km(node)
        alone = router.joins((node.lon, node.lat), max(radius, JUNCTION_KM), bundled,
                             limit=JUNCTIONS)
        alone = [j for i, j in enumerate(alone) if j.km <= (radius if i == 0 else JUNCTION_KM)]
        found = joined.get(vertex, [])
        assert [edge for edge, _ in found] == [j.edge for j in alone], ident
        for (_, foot), join in zip(found, alone, strict=True):
            assert (router.lon[foot], router.lat[foot]) == pytest.approx(join.point, abs=1e-9)
    assert len(joined) > 50  # the grid crosses the railways: many nodes join them


@pytest.mark.slow
def test_a_million_edges_are_joined_and_routed_within_a_minute_of_cpu():
    # Joined one node at a time against every edge, 40,000 edges took 30 s and a million
    # would take hours.
    script = (
        "import resource\n"
        "resource.setrlimit(resource.RLIMIT_CPU, (60, 60))\n"
        "from logimap.route.graph import NetworkRouter\n"
        "from tests.network_grid import grid\n"
        "nodes, edges = grid(1000, 500)\n"
        "router = NetworkRouter('rail', nodes, edges)\n"
        "a, b = nodes['g0_0'], nodes['g499_999']\n"
        "path = router.path((a.lon, a.lat), (b.lon, b.lat), (3.0, 3.0), frozenset())[0]\n"
        "print(len(edges), len(router.feet), *path[0], *path[-1])\n")

    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=300, cwd=ROOT)

    assert ran.returncode == 0, ran.stderr[-2000:]  # killed by SIGXCPU past 60 s of CPU
    edges, feet, *ends = ran.stdout.split()
    assert int(edges) == 998_500
    assert int(feet) > 1000  # the grid's nodes near the railways join them
    assert [float(v) for v in ends] == pytest.approx([103.5, 51.8, 113.49, 56.79])
