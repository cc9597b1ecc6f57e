"""Leg geometry, mode by mode: what every drawn line must satisfy.

- A line starts exactly at its origin node and ends at its destination (the destination's
  longitude may differ by a multiple of 360 when the line crosses the antimeridian).
- Lines are unwrapped (each longitude within 180 of the previous), so they draw as one piece;
  split at ±180 for export, every part lies within [-180, 180] and cuts fall exactly on ±180.
- A line is never shorter than the geodesic between its ends; its length is its geodesic one.
- Rail and road follow the shortest path on the network (tested in ``test_networks``); with
  ``path: direct`` they are geodesics through their stops, like air legs. Sea lines avoid
  land when a candidate route allows it, and ``sea_problems`` reports the ones that do not.
"""

from __future__ import annotations

import math
import subprocess
import sys
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import logimap
from logimap.errors import GeometryError, LogimapError, Problem
from logimap.geo.antimeridian import split_at_antimeridian
from logimap.geo.geodesy import distance_km, geodesic_line, length_km, unwrap
from logimap.model import Edge, Flow, Leg, Location, Node, Scenario
from logimap.route import (
    LegGeometry,
    build_geometries,
    leg_geometry,
    schematic_warnings,
    sea_problems,
)
from logimap.route.air import great_circle

Point = tuple[float, float]

# Places used below: (lon, lat).
PLACES: dict[str, tuple[str, Point]] = {
    "petropavlovsk": ("airfield", (158.65, 53.0167)),
    "nome": ("airfield", (-165.4064, 64.5011)),
    "vladivostok": ("port", (131.8853, 43.1150)),
    "seattle": ("port", (-122.3321, 47.6062)),
    "chongjin": ("port", (129.7667, 41.7833)),
    "off_nampo": ("waypoint", (124.9000, 38.6000)),
    "off_chongjin": ("waypoint", (129.9000, 41.7000)),
    "pyongyang": ("city", (125.7625, 39.0392)),
    "korea_bay": ("waypoint", (124.3000, 38.6000)),
    "open_sea_a": ("waypoint", (133.0000, 40.0000)),
    "open_sea_b": ("waypoint", (135.0000, 41.0000)),
}


# -- building small scenarios ------------------------------------------------------------------


def node(ident: str, lon: float, lat: float, kind: str = "town") -> Node:
    return Node(ident, ident, kind, "", lon, lat, "site", "test", "", Location("nodes.csv"))


def leg(ident: str, mode: str, *stops: str, path: str = "") -> Leg:
    return Leg(ident, "f", mode, stops[0], stops[-1], tuple(stops[1:-1]), "modelled", "", (),
               None, Location("routes/f.yaml", line=7), path=path)


def scenario(legs: list[Leg], nodes: list[Node] | None = None,
             rail: list[tuple[str, str]] = ()) -> Scenario:
    if nodes is None:
        nodes = [node(i, *p, kind=k) for i, (k, p) in PLACES.items()]
    edges = tuple(Edge("rail", a, b, "", "", Location("geodata/networks/rail.csv", row=i + 2))
                  for i, (a, b) in enumerate(rail))
    flow = Flow("f", "F", "cargo", "A to B", None, "", "", tuple(legs), (), Location("f.yaml"))
    return Scenario(Path("."), "t", "", "", {}, (), tuple(nodes), edges, (flow,), ())


def draw(mode: str, *stops: str, nodes: list[Node] | None = None,
         rail: list[tuple[str, str]] = (), path: str = "") -> LegGeometry:
    s = scenario([leg("x", mode, *stops, path=path)], nodes, rail)
    return leg_geometry(s, s.legs[0])


# -- what every drawn line satisfies -------------------------------------------------------------


def same_lon(a: float, b: float) -> bool:
    """Equal longitudes, up to a whole number of turns."""
    return math.isclose((a - b) / 360.0, round((a - b) / 360.0), abs_tol=1e-12)


def assert_well_drawn(geometry: LegGeometry, origin: Point, destination: Point) -> None:
    coords = geometry.coords
    assert coords[0] == origin
    assert same_lon(coords[-1][0], destination[0]) and coords[-1][1] == destination[1]
    assert all(abs(b[0] - a[0]) <= 180 for a, b in pairwise(coords))
    assert geometry.length_km == pytest.approx(length_km(coords))
    assert geometry.length_km >= distance_km(origin, destination) * (1 - 1e-9)
    parts = split_at_antimeridian(coords)
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for part in parts for lon, lat in part)
    # cuts are interpolated along ~50 km steps: each may shorten the line by a few metres
    assert sum(length_km(p) for p in parts) == pytest.approx(
        geometry.length_km, rel=1e-9, abs=0.1 * len(parts))
    for before, after in pairwise(parts):
        assert abs(before[-1][0]) == 180 and after[0][0] == -before[-1][0]
        assert after[0][1] == before[-1][1]


def steps_km(coords: tuple[Point, ...]) -> list[float]:
    return [distance_km(a, b) for a, b in pairwise(coords)]


# -- air, and rail and road drawn direct: geodesics through the stops ------------------------------

lons = st.floats(-180, 180, allow_nan=False)
lats = st.floats(-85, 85, allow_nan=False)
points = st.tuples(lons, lats)
near_antimeridian = st.tuples(
    st.one_of(st.floats(150, 180), st.floats(-180, -150)), st.floats(-70, 70))


DIRECT = [("air", ""), ("road", "direct"), ("rail", "direct")]


@pytest.mark.parametrize(("mode", "path"), DIRECT)
@settings(max_examples=40, deadline=None)
@given(a=points | near_antimeridian, b=points | near_antimeridian)
def test_direct_lines_join_their_nodes_along_the_geodesic(mode: str, path: str, a: Point,
                                                           b: Point):
    geometry = draw(mode, "a", "b", nodes=[node("a", *a), node("b", *b)], path=path)
    assert_well_drawn(geometry, a, b)
    assert geometry.length_km == pytest.approx(distance_km(a, b), rel=1e-6, abs=1e-6)
    assert all(step <= 50.0 + 1e-6 for step in steps_km(geometry.coords))


@pytest.mark.parametrize(("mode", "path"), DIRECT)
def test_direct_lines_pass_through_each_via_stop_in_order(mode: str, path: str):
    geometry = draw(mode, "pyongyang", "vladivostok", "chongjin", path=path)
    assert PLACES["vladivostok"][1] in geometry.coords
    assert_well_drawn(geometry, PLACES["pyongyang"][1], PLACES["chongjin"][1])
    via = geometry.coords.index(PLACES["vladivostok"][1])
    assert length_km(geometry.coords[: via + 1]) == pytest.approx(
        distance_km(PLACES["pyongyang"][1], PLACES["vladivostok"][1]))


def test_air_leg_across_the_antimeridian_is_continuous_and_splits_at_180():
    """Petropavlovsk-Kamchatsky -> Nome: one unwrapped line; two parts cut at exactly ±180."""
    geometry = draw("air", "petropavlovsk", "nome")
    assert_well_drawn(geometry, PLACES["petropavlovsk"][1], PLACES["nome"][1])
    assert geometry.coords[-1] == (PLACES["nome"][1][0] + 360, PLACES["nome"][1][1])
    first, second = split_at_antimeridian(geometry.coords)
    assert first[0] == PLACES["petropavlovsk"][1] and first[-1][0] == 180.0
    assert second[0] == (-180.0, first[-1][1]) and second[-1] == PLACES["nome"][1]


# -- shared helpers ------------------------------------------------------------------------------


def test_unwrap_keeps_each_longitude_within_180_of_the_previous():
    assert unwrap([(170.0, 0.0), (-170.0, 1.0), (-100.0, 2.0), (10.0, 3.0)]) == [
        (170.0, 0.0), (190.0, 1.0), (260.0, 2.0), (370.0, 3.0)]
    assert unwrap([(-170.0, 0.0), (170.0, 1.0)]) == [(-170.0, 0.0), (-190.0, 1.0)]


def test_geodesic_line_keeps_its_stops_exactly_and_densifies_to_about_50_km():
    stops = [(30.0, 50.0), (35.0, 51.0), (35.0, 51.2)]
    line = geodesic_line(stops)
    assert line[0] == stops[0] and stops[1] in line and line[-1] == stops[2]
    assert max(steps_km(tuple(line))) <= 50.0
    assert len(line) == math.ceil(distance_km(*stops[:2]) / 50) + 2


unwrapped_lines = st.lists(
    st.tuples(st.floats(-179, 179), st.floats(-80, 80)), min_size=1, max_size=12,
).flatmap(lambda steps: st.floats(-180, 180).map(lambda start: _walk(start, steps)))


def _walk(start: float, steps: list[Point]) -> list[Point]:
    """An unwrapped line: longitudes move by less than 180 at each step."""
    line, lon = [(start, 0.0)], start
    for step, lat in steps:
        lon += step
        line.append((lon, lat))
    return line


def on_antimeridian(lon: float) -> bool:
    return (lon + 180.0) % 360.0 == 0.0


@settings(max_examples=200, deadline=None)
@given(line=unwrapped_lines)
def test_split_parts_are_in_range_and_meet_at_180(line: list[Point]):
    parts = split_at_antimeridian(line)
    assert all(-180 <= lon <= 180 for part in parts for lon, _ in part)
    assert all(abs(b[0] - a[0]) <= 180 for part in parts for a, b in pairwise(part))
    for before, after in pairwise(parts):
        assert abs(before[-1][0]) == 180 and after[0] == (-before[-1][0], before[-1][1])
    # every point of the line is kept, in order (repeats dropped), besides the cuts
    kept = [p for part in parts for p in part if not on_antimeridian(p[0])]
    points = [p for i, p in enumerate(line) if i == 0 or p != line[i - 1]]
    original = [p for p in points if not on_antimeridian(p[0])]
    if len(points) == 1:  # a single point comes back as a part of two equal points
        assert parts == [[points[0], points[0]]] or same_lon(parts[0][0][0], points[0][0])
        return
    assert len(kept) == len(original)
    assert all(same_lon(a[0], b[0]) and a[1] == b[1] for a, b in zip(kept, original, strict=True))


@pytest.mark.parametrize(("line", "parts"), [
    ([(179.0, -1.0), (181.0, 1.0)],
     [[(179.0, -1.0), (180.0, 0.0)], [(-180.0, 0.0), (-179.0, 1.0)]]),
    ([(-179.0, -1.0), (-181.0, 1.0)],
     [[(-179.0, -1.0), (-180.0, 0.0)], [(180.0, 0.0), (179.0, 1.0)]]),
    ([(170.0, 0.0), (190.0, 0.0), (170.0, 0.0)],
     [[(170.0, 0.0), (180.0, 0.0)], [(-180.0, 0.0), (-170.0, 0.0), (-180.0, 0.0)],
      [(180.0, 0.0), (170.0, 0.0)]]),
    ([(175.0, 0.0), (180.0, 1.0), (175.0, 2.0)], [[(175.0, 0.0), (180.0, 1.0), (175.0, 2.0)]]),
    ([(10.0, 0.0), (20.0, 1.0)], [[(10.0, 0.0), (20.0, 1.0)]]),
], ids=["eastwards", "westwards", "there and back", "touching 180", "far from 180"])
def test_split_at_antimeridian_cuts_at_exactly_180(line: list[Point], parts: list[list[Point]]):
    assert split_at_antimeridian(line) == parts


# -- rail and road over a scenario's own edges ----------------------------------------------------

#   a --- b --- c --- d        stations 1° apart along 10°S in the Indian Ocean, 500 km from any
#          `-------- e -'       railway: only geodata/networks/rail.csv joins them; a branch b-e-d
#                               leaves the line at b and rejoins it at d (e is at 72.6°E, 9.5°S)
RAIL_NODES = [node(i, 70.0 + x, -10.0 + y, "rail_station") for i, x, y in
              [("a", 0, 0), ("b", 1, 0), ("c", 2, 0), ("d", 3, 0), ("e", 2.6, 0.5), ("z", 9, 9)]]
RAIL = [("a", "b"), ("b", "c"), ("c", "d"), ("b", "e"), ("e", "d")]
RAIL_POINT = {n.id: (n.lon, n.lat) for n in RAIL_NODES}


def vertices_of(geometry: LegGeometry) -> list[str]:
    """The stations a line passes through, in order."""
    return [n for p in geometry.coords for n, q in RAIL_POINT.items() if p == q]


def test_rail_takes_the_shortest_path_over_the_scenario_edges():
    geometry = draw("rail", "a", "d", nodes=RAIL_NODES, rail=RAIL)
    assert vertices_of(geometry) == ["a", "b", "c", "d"]
    assert_well_drawn(geometry, RAIL_POINT["a"], RAIL_POINT["d"])
    assert geometry.length_km == pytest.approx(sum(
        distance_km(RAIL_POINT[x], RAIL_POINT[y]) for x, y in [("a", "b"), ("b", "c"), ("c", "d")]))


def test_rail_goes_through_via_stations_in_order():
    geometry = draw("rail", "a", "e", "c", nodes=RAIL_NODES, rail=RAIL)
    assert vertices_of(geometry) == ["a", "b", "e", "d", "c"]
    assert all(step <= 50.0 for step in steps_km(geometry.coords))


@pytest.mark.parametrize(("stops", "rail", "words"), [
    (("a", "d"), [("a", "b"), ("c", "d")], "no path joins 'a' to 'd'"),
    (("a", "z"), RAIL, "km from any railway"),
], ids=["disconnected network", "station off the network"])
def test_rail_leg_that_cannot_be_routed_is_a_clear_error(stops, rail, words):
    with pytest.raises(GeometryError) as raised:
        draw("rail", *stops, nodes=RAIL_NODES, rail=rail)
    message = str(raised.value)
    assert words in message
    assert "routes/f.yaml:7: rail leg 'x'" in message
    assert "geodata/networks/rail.csv" in message + raised.value.hint
    assert isinstance(raised.value, LogimapError) and isinstance(raised.value, ValueError)


def test_unknown_mode_is_a_clear_error():
    with pytest.raises(GeometryError, match=r"mode 'canoe'.*known modes: air, rail, road, sea"):
        draw("canoe", "a", "b", nodes=RAIL_NODES)


# -- sea: at sea where a candidate allows it -----------------------------------------------------


def test_sea_leg_in_open_water_is_the_straight_geodesic():
    geometry = draw("sea", "open_sea_a", "open_sea_b")
    assert_well_drawn(geometry, PLACES["open_sea_a"][1], PLACES["open_sea_b"][1])
    assert geometry.coords == tuple(geodesic_line([PLACES["open_sea_a"][1],
                                                   PLACES["open_sea_b"][1]]))


def test_sea_leg_across_a_peninsula_goes_round_it():
    """Off Nampo -> off Chongjin: the straight line crosses Korea; the drawn line sails round
    the south of the peninsula (its mainland ends at 34.3 N), no longer than a course set by
    hand through points at sea round it."""
    from logimap.route.sea import land_crossings

    west, east = PLACES["off_nampo"][1], PLACES["off_chongjin"][1]
    assert land_crossings(geodesic_line([west, east]))
    geometry = draw("sea", "off_nampo", "off_chongjin")
    assert_well_drawn(geometry, west, east)
    assert min(lat for _, lat in geometry.coords) < 34.6
    by_hand = geodesic_line([west, (124.5, 38.7), (124.2, 38.0), (125.0, 35.0), (126.0, 33.7),
                             (129.2, 34.9), (130.2, 37.0), east])
    assert land_crossings(by_hand) == []
    assert geometry.length_km <= length_km(by_hand)
    assert land_crossings(geometry.coords) == []


def test_sea_leg_across_the_antimeridian_is_continuous_and_splits_at_180():
    """Vladivostok -> Seattle: one unwrapped line; parts cut at exactly ±180."""
    geometry = draw("sea", "vladivostok", "seattle")
    assert_well_drawn(geometry, PLACES["vladivostok"][1], PLACES["seattle"][1])
    assert geometry.coords[-1] == (PLACES["seattle"][1][0] + 360, PLACES["seattle"][1][1])
    parts = split_at_antimeridian(geometry.coords)
    assert len(parts) == 2
    assert parts[0][0] == PLACES["vladivostok"][1] and parts[-1][-1] == PLACES["seattle"][1]


def test_land_crossings_find_each_stretch_over_land_even_near_a_port():
    from shapely.geometry import box

    from logimap.route.sea import land_crossings

    island = box(10.0, -0.5, 11.0, 0.5)
    across = [(9.0, 0.0), (12.0, 0.0)]
    assert land_crossings(across, land=island) == [(10.5, 0.0)]
    # from a port 1 km inside the shore, the line's first km is over land: only an approach
    # (left out of the sea line, see the sea check) may cross it
    port = (10.0 + 1 / 111.32, 0.0)
    assert land_crossings([port, (9.0, 0.0)], land=island)
    # a line across ±180 is checked against land on both sides of it
    far_island = box(-179.8, -0.5, -179.6, 0.5)
    assert land_crossings([(179.0, 0.0), (181.0, 0.0)], land=box(180.2, -0.5, 180.4, 0.5)
                          ) == [(-179.7, 0.0)]
    assert land_crossings([(179.0, 0.0), (179.5, 0.0)], land=far_island) == []


def test_a_sea_leg_to_a_port_beyond_off_network_km_is_a_located_problem_that_says_why():
    """Pyongyang (a city 36 km from the sea, on a river Natural Earth does not map to it as a
    waterway), in a project that lets a port lie 20 km from the water: no line is drawn."""
    s = replace(scenario([leg("inland", "sea", "pyongyang", "korea_bay"),
                          leg("at-sea", "sea", "open_sea_a", "open_sea_b")]), off_network_km=20)
    with pytest.raises(logimap.DataError) as raised:
        build_geometries(s)
    [problem] = raised.value.problems
    assert (problem.path, problem.where) == ("routes/f.yaml", ":7")
    assert problem.message.startswith("sea leg 'inland': port 'pyongyang' (39.0392, 125.7625) "
                                      "lies 3")
    assert "no ship reaches it" in problem.message
    assert "waterway.csv" in problem.hint and "off_network_km" in problem.hint


def test_a_sea_leg_to_a_port_within_off_network_km_joins_it_by_an_approach_and_warns():
    """Within the default 50 km, Pyongyang is joined to the water by a straight approach of
    about 36 km that ends at the port, and a warning located at the port's row says so."""
    s = scenario([leg("inland", "sea", "pyongyang", "korea_bay")])
    drawn = build_geometries(s)["inland"]

    [approach] = drawn.stretches
    assert (approach.kind, approach.stop, approach.first) == ("approach", 0, 0)
    ends = drawn.stretch_coords(approach)
    assert ends[0] == PLACES["pyongyang"][1]
    assert 30 < distance_km(ends[0], ends[-1]) < 40
    assert length_km(ends) == pytest.approx(distance_km(ends[0], ends[-1]), rel=1e-6)
    [warning] = schematic_warnings(s, {"inland": drawn})
    assert (warning.path, warning.where) == ("nodes.csv", "")
    assert warning.message.startswith("node 'pyongyang' lies 3")
    assert "more than the 5 km its precision 'site' allows: sea leg 'inland' joins it by a " \
        "straight approach, drawn as schematic" in warning.message


def test_sea_problems_locate_each_line_over_land():
    """A line given to the check (from a store, say) that crosses Korea is reported at its
    leg, with where it crosses; one at sea is not."""
    s = scenario([leg("across", "sea", "off_nampo", "off_chongjin"),
                  leg("at-sea", "sea", "open_sea_a", "open_sea_b")])
    straight = {one.id: great_circle([PLACES[one.origin][1], PLACES[one.destination][1]])
                for one in s.legs}
    [problem] = sea_problems(s, straight)
    assert isinstance(problem, Problem)
    assert (problem.path, problem.where) == ("routes/f.yaml", ":7")
    assert problem.message.startswith("sea leg 'across' crosses land near 40.")
    assert problem.hint


def test_repeated_legs_are_routed_once():
    s = scenario([leg("one", "sea", "vladivostok", "chongjin"),
                  leg("two", "sea", "vladivostok", "chongjin")])
    geometries = build_geometries(s)
    assert geometries["one"] is geometries["two"]


# -- the default scenario ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default() -> tuple[Scenario, dict[str, LegGeometry]]:
    s = logimap.load()
    return s, build_geometries(s)


def test_every_default_leg_is_drawn_between_its_nodes(default):
    s, geometries = default
    assert set(geometries) == {leg.id for leg in s.legs}
    for each in s.legs:
        nodes = s.node_by_id
        ends = [(nodes[n].lon, nodes[n].lat) for n in (each.origin, each.destination)]
        assert_well_drawn(geometries[each.id], *ends)


def test_default_sea_legs_stay_at_sea(default):
    s, geometries = default
    assert sea_problems(s, geometries) == []
    assert sum(1 for leg in s.legs if leg.mode == "sea") >= 8


def test_a_west_coast_port_is_reached_round_the_peninsula(default):
    _, geometries = default
    nampo = geometries["oil-sea-vostochny-nampo"]
    assert min(lat for _, lat in nampo.coords) < 35.0  # through the Korea Strait
    assert nampo.length_km > 1500


def test_importing_geometry_does_not_import_the_geometry_stack():
    heavy = ["shapely", "pyproj", "networkx", "searoute", "geopandas"]
    code = (f"import sys, logimap.route, logimap.geo.antimeridian; "
            f"print([m for m in {heavy!r} if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_default_rail_legs_stay_within_their_countries(default):
    """Each rail leg that lists countries in 'within' stays in them: no drawn point lies more
    than 11 km (0.1 degree) outside their Natural Earth shapes."""
    from shapely import MultiPoint, buffer, union_all

    from logimap.bundled.naturalearth import countries

    s, geometries = default
    frame = countries()
    codes = {"RU": "643", "KP": "408"}
    within = [leg for leg in s.legs if leg.mode == "rail" and leg.within]
    assert len(within) >= 6
    for each in within:
        shapes = frame[frame["iso_n3"].isin([codes[c] for c in each.within])].geometry.values
        allowed = buffer(union_all(shapes), 0.1)
        outside = MultiPoint(geometries[each.id].coords).difference(allowed)
        assert outside.is_empty, f"{each.id} leaves {each.within} at {outside}"
