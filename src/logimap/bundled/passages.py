"""The bundled named sea passages (canals, straits, capes, Arctic routes), and finding one by
name.

``data/passages/passages.geojson`` holds each passage's gates, lines from shore to shore
derived by ``scripts/passages.py`` (see PROVENANCE.md there); ``logimap.route.passages`` tells
which of them a line goes through. Reading the file and finding a name need no geospatial
library, so a project's ``via`` and ``avoid`` are checked without loading one.
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from logimap.errors import LogimapError

Point = tuple[float, float]
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


def restricted() -> tuple[str, ...]:
    """The ids of the restricted passages (seasonal, ice), in the file's order."""
    return tuple(key for key, passage in passages().items() if passage.restricted)


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
    raise UnknownPassage(f"unknown passage {name!r}", nearest(name))


def nearest(name: str) -> str:
    """A hint naming the passages whose names are nearest to ``name`` ("did you mean suez?"),
    or listing them all when none is near."""
    key = fold(name) if isinstance(name, str) else ""
    labels = {fold(label): label for p in passages().values()
              for label in (p.id, p.name, *p.aliases)}
    close = difflib.get_close_matches(key, list(labels), n=3, cutoff=0.6)
    ids = dict.fromkeys(_names()[k] for k in close)
    return (f"did you mean {' or '.join(ids)}?" if ids
            else f"known passages: {', '.join(passages())}")
