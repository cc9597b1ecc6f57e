"""The place check: a node lies in its country's territory (its 1:50m shape and the small
islands the shape lacks), within its precision; a port, shipyard or waypoint at sea may also
lie in the territorial sea, 12 nautical miles from the coast (islands included) plus its
precision. A place in the wrong country, or with latitude and longitude swapped, is refused.
"""

from __future__ import annotations

import csv
import gzip
from importlib.resources import files
from pathlib import Path

import pytest
from pyproj import Geod

from logimap.check.places import misplaced
from logimap.model import Location, Node

GEOD = Geod(ellps="WGS84")
DATA = Path(__file__).parent / "data"
# Shanghai's deep-water port on the Yangshan islands, as the user who reported it placed it
YANGSHAN = (122.065, 30.62)


def ne_port(name: str) -> tuple[float, float]:
    """A port's (lon, lat) from Natural Earth's ne_10m_ports (tests/data/ne-ports.csv)."""
    with (DATA / "ne-ports.csv").open(encoding="utf-8") as rows:
        return next((float(r["lon"]), float(r["lat"])) for r in csv.DictReader(rows)
                    if r["name"] == name)


def place(country: str, lon_lat: tuple[float, float], kind: str = "port",
          precision: str = "site") -> Node:
    lon, lat = lon_lat
    return Node("here", "Here", kind, country, lon, lat, precision, "test", "",
                Location("geodata/nodes.csv", row=2))


def moved(lon_lat: tuple[float, float], azimuth: float, km: float) -> tuple[float, float]:
    lon, lat, _ = GEOD.fwd(lon_lat[0], lon_lat[1], azimuth, km * 1000.0)
    return float(lon), float(lat)


def test_the_yangshan_port_on_small_islands_off_shanghai_is_in_china():
    assert misplaced(place("CN", YANGSHAN), ["CN"]) is None


@pytest.mark.parametrize(("country", "lon_lat", "kind"), [
    ("DE", ne_port("Helgoland"), "town"),
    ("IT", ne_port("Lampedusa"), "town"),
    ("CN", YANGSHAN, "port"),
])
def test_a_place_on_a_small_island_is_in_the_island_s_country(country, lon_lat, kind):
    assert misplaced(place(country, lon_lat, kind, "town"), [country]) is None


def test_a_port_in_the_territorial_sea_of_an_island_is_in_its_country():
    """Helgoland is an island of less than 2 km, about 45 km from the German mainland: 20 km
    north of it a port is within 12 nautical miles (22.2 km) and its 5 km; 45 km north-west
    of it, it is not."""
    helgoland = ne_port("Helgoland")
    assert misplaced(place("DE", moved(helgoland, 0.0, 20.0)), ["DE"]) is None
    far = misplaced(place("DE", moved(helgoland, 315.0, 45.0)), ["DE"])
    assert far is not None
    assert far[0].startswith("node 'here' lies in no country (at sea), ")
    assert "precision 'site' allows 5 km and a port's territorial sea 22.2 km more" in far[0]


def test_only_ports_shipyards_and_waypoints_may_lie_in_the_territorial_sea():
    offshore = moved(ne_port("Helgoland"), 0.0, 20.0)
    found = misplaced(place("DE", offshore, kind="depot"), ["DE"])
    assert found is not None and "precision 'site' allows 5 km)" in found[0]


@pytest.mark.parametrize(("country", "lon_lat", "lies_in"), [
    ("JP", YANGSHAN, "no country (at sea)"),  # the right place, the wrong country
    ("TN", ne_port("Lampedusa"), "Italy (IT)"),  # the nearest mainland is not the country
    ("CN", ne_port("Vladivostok"), "no country (at sea)"),  # in its bay, 58 km from China
])
def test_a_port_put_in_the_wrong_country_is_still_refused(country, lon_lat, lies_in):
    found = misplaced(place(country, lon_lat, precision="approximate"), [country])
    assert found is not None
    message, hint = found
    assert message.startswith(f"node 'here' lies in {lies_in}, ")
    assert hint == "check the coordinate and the country code"


def test_an_island_port_with_lat_and_lon_swapped_is_refused_with_the_swap_as_hint():
    lon, lat = ne_port("Lampedusa")  # swapped, it lies in Sudan
    message, hint = misplaced(place("IT", (lat, lon)), ["IT"])
    assert message.startswith("node 'here' lies in Sudan (SD), more than 500 km outside "
                              "Italy (IT)")
    assert message.endswith(f"with lat and lon swapped (lat {lat:g}, lon {lon:g}) it lies in "
                            "Italy (IT)")
    assert hint == "swap the lat and lon values"


def _nearest_country(lon: float, lat: float, shapes, tree, alpha2) -> str:
    import shapely

    return alpha2.get(shapes[int(tree.nearest(shapely.Point(lon, lat)))][1], "")


@pytest.mark.slow
def test_no_natural_earth_port_is_refused_in_the_country_whose_shape_lies_nearest():
    """Each of Natural Earth's 1,081 ports, written as ``logimap place`` writes it (a port of
    precision 'approximate'), in the country whose 1:50m shape holds it or lies nearest (none
    for Somaliland's, which has no ISO code). Helgoland, Lampedusa and Bora-Bora were
    refused before small islands counted."""
    import shapely

    from logimap.bundled.countries import iso_codes
    from logimap.bundled.naturalearth import country_shapes

    alpha2 = {numeric: code for code, (numeric, _) in iso_codes().items()}
    shapes = country_shapes()
    tree = shapely.STRtree([shape for _, _, shape in shapes])
    with (DATA / "ne-ports.csv").open(encoding="utf-8") as rows:
        ports = [(r["name"], float(r["lon"]), float(r["lat"])) for r in csv.DictReader(rows)]
    refused = []
    for name, lon, lat in ports:
        country = _nearest_country(lon, lat, shapes, tree, alpha2)
        if country and misplaced(place(country, (lon, lat), precision="approximate"),
                                 [country]):
            refused.append((name, country))
    assert len(ports) == 1081
    assert refused == []


@pytest.mark.slow
def test_no_geonames_port_or_harbour_is_refused_in_its_own_country():
    """The bundled GeoNames towns whose name says port or harbour, as ports of precision
    'town' in GeoNames' own country (Port Mathurin on Rodrigues, Mauritius, and Port Nelson
    in the Bahamas were refused before)."""
    from logimap.bundled.countries import iso_codes, territory

    data = (files("logimap") / "data" / "gazetteer" / "geonames-cities1000.tsv.gz").read_bytes()
    rows = list(csv.DictReader(gzip.decompress(data).decode("utf-8").splitlines(),
                               delimiter="\t"))
    words = {"port", "harbour", "harbor", "puerto", "porto"}
    ports = [r for r in rows if words & set(r["words"].split())
             and r["country"] in iso_codes() and territory(r["country"])]
    refused = [(r["name"], r["country"]) for r in ports
               if misplaced(place(r["country"], (float(r["lon"]), float(r["lat"])),
                                  precision="town"), [r["country"]])]
    assert len(ports) > 500
    assert refused == []
