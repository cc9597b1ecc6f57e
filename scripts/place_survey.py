"""Count the real places that logimap's country check refuses.

Usage (from the repository root, with the package importable)::

    python scripts/place_survey.py ../shared/data/naturalearth/ne_10m_ports.geojson [--list]

Three sets of places, each checked as a node of ``geodata/nodes.csv`` would be
(``logimap.check.places``):

* **Natural Earth's ports** (``ne_10m_ports``, 1,081 ports, public domain), as ``logimap place``
  writes them: kind ``port``, precision ``approximate``. The file names no country, so each
  port's country is the one whose Natural Earth 1:50m shape holds it or lies nearest to it
  (what a user placing it would write); those nearest a shape without an ISO code
  (Somaliland's) are left out.
* **GeoNames ports**: the towns of the bundled gazetteer (GeoNames cities1000) whose name
  says they are a port or harbour (a word ``port``, ``harbour``, ``harbor``, ``puerto`` or
  ``porto``), with GeoNames' own country, as kind ``port``, precision ``town``.
* **GeoNames towns**: every town of the bundled gazetteer with GeoNames' own country, as kind
  ``town``, precision ``town`` (towns on small islands are what the check used to refuse).

Prints how many of each set are checked and refused (as the check does, a place whose country
Natural Earth does not draw, such as Réunion, is not checked), and with ``--list`` which ones
and why. A place
refused here either lies outside its country by more than the check allows, or Natural Earth
and GeoNames disagree about the country (a disputed area).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from importlib.resources import files
from pathlib import Path

from logimap.check.places import misplaced
from logimap.model import Location, Node

PORT_WORDS = {"port", "harbour", "harbor", "puerto", "porto"}


def node(ident: str, name: str, kind: str, country: str, lon: float, lat: float,
         precision: str) -> Node:
    return Node(ident, name, kind, country, lon, lat, precision, "survey", "",
                Location("survey"))


def natural_earth_ports(path: Path) -> list[Node]:
    """Natural Earth's ports, each in the country whose 1:50m shape is nearest."""
    import shapely

    from logimap.bundled.countries import iso_codes
    from logimap.bundled.naturalearth import country_shapes

    alpha2 = {numeric: code for code, (numeric, _) in iso_codes().items()}
    shapes = country_shapes()
    tree = shapely.STRtree([shape for _, _, shape in shapes])
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    nodes = []
    for number, feature in enumerate(features):
        lon, lat = feature["geometry"]["coordinates"][:2]
        _, numeric, _ = shapes[int(tree.nearest(shapely.Point(lon, lat)))]
        nodes.append(node(f"ne{number}", feature["properties"]["name"], "port",
                          alpha2.get(numeric, ""), lon, lat, "approximate"))
    return nodes


def geonames_towns() -> list[Node]:
    """Every town of the bundled gazetteer, in its GeoNames country."""
    data = (files("logimap") / "data" / "gazetteer" / "geonames-cities1000.tsv.gz").read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()[1:]
    towns = []
    for line in lines:
        ident, name, country, lat, lon, _, folded = line.split("\t")
        port = bool(PORT_WORDS & set(folded.split()))
        towns.append(node(f"gn{ident}", name, "port" if port else "town", country, float(lon),
                          float(lat), "town"))
    return towns


def refused(nodes: list[Node]) -> list[tuple[Node, str]]:
    """The nodes the check refuses, each with its message; as the check does, those whose
    country has no code or no territory in Natural Earth are not checked."""
    found = []
    for place in nodes:
        if not checkable(place.country):
            continue
        result = misplaced(place, [place.country])
        if result is not None:
            found.append((place, result[0]))
    return found


def checkable(code: str) -> bool:
    from logimap.bundled.countries import iso_codes, territory

    return code in iso_codes() and bool(territory(code))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ports", type=Path, help="ne_10m_ports.geojson")
    parser.add_argument("--list", action="store_true", help="name every place refused")
    args = parser.parse_args(argv)
    towns = geonames_towns()
    sets = {"Natural Earth ports (port, approximate)": natural_earth_ports(args.ports),
            "GeoNames ports and harbours (port, town)": [t for t in towns if t.kind == "port"],
            "GeoNames towns (town, town)": [t for t in towns if t.kind == "town"]}
    for title, nodes in sets.items():
        found = refused(nodes)
        checked = sum(1 for place in nodes if checkable(place.country))
        print(f"{title}: {len(found):,} of {checked:,} refused")
        if args.list:
            for place, message in found:
                print(f"    {place.name} ({place.country}): {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
