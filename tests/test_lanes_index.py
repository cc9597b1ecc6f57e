"""The bundled sea lanes' graph, prepared once, and its nodes inside a window.

- ``Lanes.within(bbox)`` gives exactly the nodes a scan of every node finds, in the same
  order, for windows anywhere, across ±180, unwrapped past it, as wide as the world, and with
  a node on the window's edge.
- The prepared graph (``sealanes-graph.npz``) holds exactly what ``derive_lanes`` makes of
  ``sealanes.fgb``: the same nodes, edges, lengths and inland edges, of the same types.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from logimap.route.lanes import derive_lanes, lanes


def _scanned(bbox: tuple[float, float, float, float]) -> np.ndarray:
    """Every node inside ``bbox``, by testing each one."""
    points = lanes().points
    west, south, east, north = bbox
    shifted = west + np.remainder(points[:, 0] - west, 360.0)
    return np.flatnonzero((shifted <= east) & (points[:, 1] >= south) & (points[:, 1] <= north))


def _windows() -> list[tuple[float, float, float, float]]:
    rng = random.Random(25)
    found = [(170.0, 40.0, 200.0, 70.0), (-200.0, 40.0, -170.0, 70.0), (-180.0, -90.0, 180.0, 90.0),
             (0.0, -90.0, 360.0, 90.0), (100.0, 0.0, 459.5, 30.0), (120.0, 30.0, 121.0, 31.0)]
    for _ in range(100):
        west, width = rng.uniform(-540.0, 360.0), rng.choice([0.5, 2.0, 8.0, 90.0, 200.0])
        south = rng.uniform(-90.0, 80.0)
        found.append((west, south, west + width, south + rng.uniform(0.5, 20.0)))
    points = lanes().points
    for node in rng.sample(range(len(points)), 30):
        x, y = (float(v) for v in points[node])
        found += [(x, y, x + 1.0, y + 1.0), (x - 1.0, y - 1.0, x, y), (x + 360.0, y, x + 361.0, y)]
    return found


@pytest.mark.parametrize("bbox", _windows())
def test_the_nodes_within_a_window_are_those_a_scan_finds(bbox):
    assert np.array_equal(lanes().within(bbox), _scanned(bbox))


def test_the_prepared_graph_is_the_one_derived_from_the_bundled_lanes():
    prepared, derived = lanes(), derive_lanes()
    for name in ("points", "edges", "km", "inland"):
        ours, theirs = getattr(prepared, name), getattr(derived, name)
        assert ours.dtype == theirs.dtype, name
        assert np.array_equal(ours, theirs), name
