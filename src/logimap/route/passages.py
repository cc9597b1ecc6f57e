"""Named sea passages (canals, straits, capes, Arctic routes) and the ones a line goes through.

``data/passages/passages.geojson`` holds each passage's gates, lines from shore to shore
derived by ``scripts/passages.py`` from Natural Earth 1:10m land, Natural Earth capes, canal
lines and marine polygons, GeoNames towns and searoute's lanes (see PROVENANCE.md there). A
line goes through a passage when it crosses one of its gates:

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

import difflib
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, NamedTuple

from logimap.errors import LogimapError

if TYPE_CHECKING:
    import numpy as np
    import shapely

__all__ = ["Crossing", "Gate", "Passage", "UnknownPassage", "find", "passages",
           "passages_along"]

Point = tuple[float, float]
CHUNK = 64  # segments of a line whose common bounding box is tested against the gates first
# letters that NFKD does not split into a base letter and an accent
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i", "ł": "l",
                          "đ": "d", "ð": "d", "þ": "th"})


@dataclass(frozen=True)
class Gate:
    """A line a route through the passage crosses: ``coords`` (lon, lat), ``basis`` how it was
    derived, ``name`` which of the passage's channels it spans ("" for a passage's only gate)."""

    name: str
    coords: tuple[Point, ...]
    basis: str


@dataclass(frozen=True)
class Passage:
    """A named passage: ``id`` (a lower-case slug), ``kind`` (canal, strait, cape or route),
    ``restricted`` for a seasonal or ice passage used only when asked for."""

    id: str
    name: str
    kind: str
    restricted: bool
    aliases: tuple[str, ...]
    gates: tuple[Gate, ...]


class Crossing(NamedTuple):
    """A line crossing a passage's gate on its segment ``index`` (from point ``index`` to
    point ``index + 1``)."""

    passage: str
    index: int


class UnknownPassage(LogimapError, LookupError):
    """A name that is no passage's id or alias; ``hint`` names the nearest known ones."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint

    def __reduce__(self) -> tuple[type[UnknownPassage], tuple[str, str]]:
        return (UnknownPassage, (str(self), self.hint))


@cache
def passages() -> dict[str, Passage]:
    """Every bundled passage by id, in the file's order."""
    text = (files("logimap") / "data" / "passages" / "passages.geojson").read_text("utf-8")
    gates: dict[str, list[Gate]] = {}
    first: dict[str, dict] = {}
    for feature in json.loads(text)["features"]:
        properties = feature["properties"]
        first.setdefault(properties["id"], properties)
        coords = tuple((float(x), float(y)) for x, y in feature["geometry"]["coordinates"])
        gates.setdefault(properties["id"], []).append(
            Gate(properties["gate"], coords, properties["basis"]))
    return {key: Passage(key, p["name"], p["kind"], bool(p["restricted"]), tuple(p["aliases"]),
                         tuple(gates[key])) for key, p in first.items()}


def fold(name: str) -> str:
    """A name compared without case, accents, spaces or punctuation.

    >>> fold("Bab-el-Mandeb"), fold("Øresund"), fold("La Pérouse Strait")
    ('babelmandeb', 'oresund', 'laperousestrait')
    """
    plain = unicodedata.normalize("NFKD", name.casefold().translate(_LETTERS))
    return "".join(ch for ch in plain if ch.isalnum() and ch.isascii())


@cache
def _names() -> dict[str, str]:
    """Folded id, name and aliases of every passage, to its id."""
    names: dict[str, str] = {}
    for passage in passages().values():
        for name in (passage.id, passage.name, *passage.aliases):
            names.setdefault(fold(name), passage.id)
    return names


def find(name: str) -> Passage:
    """The passage called ``name``: its id, name or an alias, ignoring case, accents, spaces
    and punctuation ("Bab el-Mandeb", "babalmandab", "Tsushima", "oresund").

    Raises UnknownPassage, with the nearest known names as a hint, for any other name.
    """
    key = fold(name) if isinstance(name, str) else ""
    if key in _names():
        return passages()[_names()[key]]
    labels = {fold(label): label for p in passages().values()
              for label in (p.id, p.name, *p.aliases)}
    close = difflib.get_close_matches(key, list(labels), n=3, cutoff=0.6)
    ids = dict.fromkeys(_names()[k] for k in close)
    hint = (f"did you mean {' or '.join(ids)}?" if ids
            else f"known passages: {', '.join(passages())}")
    raise UnknownPassage(f"unknown passage {name!r}", hint)


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
            crossings.append(Crossing(owner, segment))
        seen[key] = segment
    return crossings


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
