"""Whether a point lies on the water of a window, answered without meshing the window.

- ``water.on_water(bbox, point)`` is what the window's mesh finds (``mesh(bbox).attach(point,
  0.0)``: the point inside one of its triangles), for points on open water, on land, in
  rivers and straits, on the coast, and exactly on the mesh's own vertices.
"""

from __future__ import annotations

import random

import pytest

from logimap.route import water

# Windows by coasts, rivers and straits (whole degrees, as sea routing makes them).
WINDOWS = {
    "Tumen mouth and Rajin": (129.0, 41.0, 132.0, 44.0),
    "Bosporus": (28.0, 40.0, 30.0, 42.0),
    "Volga delta": (46.0, 45.0, 49.0, 47.0),
    "Singapore Strait": (103.0, 0.0, 105.0, 2.0),
}


def _points(bbox: tuple[float, float, float, float], count: int) -> list[tuple[float, float]]:
    rng = random.Random(str(bbox))
    west, south, east, north = bbox
    found = [(rng.uniform(west, east), rng.uniform(south, north)) for _ in range(count)]
    mesh = water.mesh(bbox)
    vertices = mesh.points[rng.sample(range(len(mesh.points)), min(50, len(mesh.points)))]
    return found + [(float(x), float(y)) for x, y in vertices]


@pytest.mark.parametrize("name", sorted(WINDOWS))
def test_a_point_is_on_the_water_where_the_mesh_finds_it(name):
    bbox = WINDOWS[name]
    mesh = water.mesh(bbox)
    answers = [(point, water.on_water(bbox, point), bool(mesh.attach(point, 0.0)))
               for point in _points(bbox, 300)]
    assert [(p, ours) for p, ours, meshed in answers if ours != meshed] == []
    assert {ours for _, ours, _ in answers} == {True, False}  # both kinds of point were tried
