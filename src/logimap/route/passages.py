"""Named sea passages (canals, straits, capes, Arctic routes) and the ones a line goes through.

``data/passages/passages.geojson`` holds each passage's gates, lines from shore to shore
derived by ``scripts/passages.py`` from Natural Earth 1:10m land, Natural Earth capes, canal
lines and marine polygons, GeoNames towns and searoute's lanes (see PROVENANCE.md there);
``logimap.bundled.passages`` reads it and finds a passage by name. A line goes through a
passage when it crosses one of its gates:

* a strait's gate spans its narrowest water between the two shores (a Danish strait has three
  gates: Øresund, Great Belt and Little Belt);
* a canal's gate is a line on land square to the canal;
* a cape's gate is the cape's meridian from the cape to Antarctica;
* the Northern Sea Route's and the Northwest Passage's gates are meridians from the
  continent's north coast to the pole (through the Vilkitsky Strait and across the Canadian
  Arctic Archipelago); these two are ``restricted`` (seasonal, ice).

Lines are (lon, lat) points with *unwrapped* longitudes (each within 180 degrees of the one
before, so a line crossing the antimeridian goes on past 180); a gate is tested in every world
copy the line reaches.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from logimap.bundled.passages import (
    Gate,
    Passage,
    UnknownPassage,
    find,
    fold,
    passages,
    restricted,
)

if TYPE_CHECKING:
    import numpy as np
    import shapely

__all__ = ["Crossing", "Gate", "Passage", "UnknownPassage", "crossed", "edges_through", "find",
           "fold", "passages", "passages_along", "restricted"]

Point = tuple[float, float]
CHUNK = 64  # segments of a line whose common bounding box is tested against the gates first


class Crossing(NamedTuple):
    """A line crossing a passage's gate on its segment ``index`` (from point ``index`` to
    point ``index + 1``), at ``point`` (lon, lat, in the line's longitudes)."""

    passage: str
    index: int
    point: Point = (float("nan"), float("nan"))


class _Gates(NamedTuple):
    tree: Any  # shapely.STRtree
    passage: Any  # np.ndarray
    ends: Any  # np.ndarray
    shift: float


@cache
def _gates() -> _Gates:
    """Every gate segment, in three world copies (longitudes shifted by -360, 0 and 360)."""
    import numpy as np
    import shapely

    segments, owners = [], []
    for passage in passages().values():
        for gate in passage.gates:
            coords = np.asarray(gate.coords)
            segments.extend(np.stack([coords[:-1], coords[1:]], axis=1))
            owners.extend([passage.id] * (len(coords) - 1))
    ends = np.asarray(segments)
    copies = np.concatenate([ends + np.array([shift, 0.0]) for shift in (-360.0, 0.0, 360.0)])
    tree = shapely.STRtree(shapely.linestrings(copies))
    return _Gates(tree, np.asarray(owners * 3), copies, 360.0)


def passages_along(coords: Sequence[Point] | np.ndarray) -> list[Crossing]:
    """The passages a line goes through, in order along it: one Crossing per gate crossed.

    ``coords`` are (lon, lat) points with unwrapped longitudes; a line that crosses a gate
    there and back goes through its passage twice. A line that only touches a gate at one of
    its own ends crosses it too.
    """
    import numpy as np

    points = np.asarray(coords, dtype=float).reshape(-1, 2)
    if len(points) < 2:
        return []
    gates = _gates()
    # bring the line's first point into [-180, 180): the gate copies then cover one turn
    # of the world either way
    turn = gates.shift * np.floor((points[0, 0] + 180.0) / gates.shift)
    points = points - [turn, 0.0]
    starts, ends = points[:-1], points[1:]
    line_index, gate_index = _meetings(starts, ends, gates.tree)
    if not len(line_index):
        return []
    where = _position(starts[line_index], ends[line_index], gates.ends[gate_index])
    order = np.lexsort((where, line_index))
    crossings: list[Crossing] = []
    seen: dict[tuple[str, float, float], int] = {}
    for k in order:
        owner, segment = str(gates.passage[gate_index[k]]), int(line_index[k])
        # a line through a vertex of a gate, or with a vertex of its own on a gate, meets it
        # twice at one point, on one segment or on two in a row: that is one crossing
        at = _point(starts[segment], ends[segment], where[k])
        key = (owner, round(at[0], 9), round(at[1], 9))
        if key not in seen or segment - seen[key] > 1:
            crossings.append(Crossing(owner, segment, (at[0] + float(turn), at[1])))
        seen[key] = segment
    return crossings


def crossed(coords: Sequence[Point] | np.ndarray, among: Collection[str]) -> list[str]:
    """The passages of ``among`` that a line goes through, in order along it (each crossing
    once: a line there and back names a passage twice)."""
    if not among:
        return []
    return [c.passage for c in passages_along(coords) if c.passage in among]


def edges_through(starts: np.ndarray, ends: np.ndarray) -> list[tuple[int, str]]:
    """The segments (``starts[i]`` to ``ends[i]``, (n, 2) lon, lat, each end within 180
    degrees of the other) that cross a gate, as (i, passage id), in order of i; a segment
    crossing two gates of one passage is listed once. Only the segments starting near a gate
    are made into geometries and tested."""
    import numpy as np
    import shapely

    if not len(starts):
        return []
    gates = _gates()
    # a segment meeting a gate starts within the segments' largest extent of its box
    reach = np.abs(ends - starts).max(axis=0)
    order = np.argsort(starts[:, 0], kind="stable")
    lons, lats = starts[order, 0], starts[order, 1]
    found = []
    for (west, south), (east, north) in zip(gates.ends.min(axis=1), gates.ends.max(axis=1),
                                            strict=True):
        first, last = np.searchsorted(lons, [west - reach[0], east + reach[0]], side="right")
        inside = (lats[first:last] >= south - reach[1]) & (lats[first:last] <= north + reach[1])
        found.append(order[first:last][inside])
    candidates = np.unique(np.concatenate(found))
    segments = shapely.linestrings(np.stack([starts[candidates], ends[candidates]], axis=1))
    line_index, gate_index = gates.tree.query(segments, predicate="intersects")
    return sorted({(int(candidates[i]), str(gates.passage[g]))
                   for i, g in zip(line_index, gate_index, strict=True)})


def _meetings(starts: np.ndarray, ends: np.ndarray, tree: shapely.STRtree
              ) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (segment of the line, gate segment) that intersect.

    The line's segments are first taken in runs of CHUNK: only the runs whose bounding box
    meets a gate's are made into geometries and tested one by one.
    """
    import numpy as np
    import shapely

    first = np.arange(0, len(starts), CHUNK)
    low = np.minimum.reduceat(np.minimum(starts, ends), first)
    high = np.maximum.reduceat(np.maximum(starts, ends), first)
    runs = np.unique(tree.query(shapely.box(low[:, 0], low[:, 1], high[:, 0], high[:, 1]))[0])
    candidates = (runs[:, None] * CHUNK + np.arange(CHUNK)).ravel()
    candidates = candidates[candidates < len(starts)]
    segments = shapely.linestrings(np.stack([starts[candidates], ends[candidates]], axis=1))
    line_index, gate_index = tree.query(segments, predicate="intersects")
    return candidates[line_index], gate_index


def _position(a: np.ndarray, b: np.ndarray, gate: np.ndarray) -> np.ndarray:
    """Where along each segment a→b (0 to 1) it meets its gate segment (the nearest end of
    the overlap where the two are collinear)."""
    import numpy as np

    c, d = gate[:, 0], gate[:, 1]
    r, s = b - a, d - c
    denominator = r[:, 0] * s[:, 1] - r[:, 1] * s[:, 0]
    offset = c - a
    numerator = offset[:, 0] * s[:, 1] - offset[:, 1] * s[:, 0]
    parallel = np.abs(denominator) < 1e-15
    t = numerator / np.where(parallel, 1.0, denominator)
    if parallel.any():
        p = parallel
        length = np.maximum((r[p] ** 2).sum(axis=1), 1e-30)
        on_c, on_d = (((e[p] - a[p]) * r[p]).sum(axis=1) / length for e in (c, d))
        t[p] = np.maximum(np.minimum(on_c, on_d), 0.0)
    return np.clip(t, 0.0, 1.0)


def _point(a: np.ndarray, b: np.ndarray, t: float) -> tuple[float, float]:
    x, y = a + (b - a) * t
    return float(x), float(y)
