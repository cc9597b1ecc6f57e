"""Sea legs between real ports, anywhere: routed on water with no hand waypoint.

What every routed sea line must satisfy, checked here with shapely and pyproj against the
bundled data read directly (not through logimap's own land check):

- it starts at its origin port and ends at its destination;
- off 1:10m land, except along its approaches (the straight stretch from a port off the water
  to the water, at most 50 km) and, for a river port, along a river centre line or an inland
  stretch of the sea lanes (1.5 km);
- no shorter than the geodesic, and through the strait a ship would take;
- when no route exists (a port on a lake, far inland), the leg is a located problem that
  names the port and says why, never a straight line over land.

Ports come from Natural Earth's ``ne_10m_ports`` and GeoNames (``tests/data``).
"""

from __future__ import annotations

import csv
import math
from functools import cache
from importlib.resources import as_file, files
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logimap.errors import GeometryError
from logimap.geo.geodesy import GEOD, distance_km, length_km
from logimap.route.geometry import LegGeometry
from logimap.route.sea import SeaLine, Stop, sea_path

DATA = Path(__file__).parent / "data"
TOWN_REACH_KM = 10.0  # a town's coordinate (GeoNames, Natural Earth ports) may lie this far
CORRIDOR_KM = 1.5
LIMIT_KM = 50.0  # how far a port may lie from the water at most (off_network_km's default)

Point = tuple[float, float]


@cache
def ne_ports() -> dict[str, Point]:
    with open(DATA / "ne-ports.csv", encoding="utf-8") as stream:
        return {row["name"]: (float(row["lon"]), float(row["lat"]))
                for row in csv.DictReader(stream)}


@cache
def geonames() -> dict[str, Point]:
    with open(DATA / "geonames-places.csv", encoding="utf-8") as stream:
        return {row["id"]: (float(row["lon"]), float(row["lat"]))
                for row in csv.DictReader(stream)}


def place(name: str) -> Point:
    return ne_ports()[name] if name in ne_ports() else geonames()[name]


def route(a: str, b: str, limit_km: float = LIMIT_KM) -> SeaLine:
    return sea_path([Stop(place(a), a, TOWN_REACH_KM), Stop(place(b), b, TOWN_REACH_KM)],
                    limit_km=limit_km)


def at_sea(found: SeaLine) -> list[list[Point]]:
    """The parts of a routed line that are not approaches."""
    return [list(part) for part in LegGeometry(tuple(found.coords), 0.0,
                                                found.approaches).carried()]


# -- independent checks ------------------------------------------------------------------------


def bundled(folder: str, name: str, bbox: tuple[float, float, float, float]):
    """The shapes of a bundled file within bbox (longitudes in [-180, 180])."""
    import pyogrio.raw
    import shapely

    with as_file(files("logimap") / "data" / folder / name) as path:
        _, _, wkb, fields = pyogrio.raw.read(path, bbox=bbox)
    return shapely.from_wkb(wkb), fields


def bundled_under(folder: str, name: str, bounds: tuple[float, float, float, float],
                  kind: str | None = None) -> list:
    """The shapes of a bundled file over ``bounds``, whose longitudes may run past ±180 (the
    file's shapes shifted by 360 degrees where they do); with ``kind``, only the shapes whose
    first field has that value."""
    import numpy as np
    import shapely

    west, south, east, north = bounds
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        low, high = max(west - shift, -180.0), min(east - shift, 180.0)
        if low < high:
            shapes, fields = bundled(folder, name, (low, south, high, north))
            if kind is not None:
                shapes = shapes[np.asarray(fields[0]) == kind]
            pieces += [shapely.transform(g, lambda xy, s=shift: xy + np.array([s, 0.0]))
                       for g in shapes]
    return pieces


def land_under(bounds: tuple[float, float, float, float]):
    """1:10m land over ``bounds`` grown by a degree (longitudes may run past ±180)."""
    import shapely

    west, south, east, north = bounds
    return shapely.union_all(bundled_under("naturalearth", "land-10m.fgb",
                                           (west - 1, south - 1, east + 1, north + 1)))


def parts_over_land(parts: list[list[Point]]) -> list:
    """The stretches of the lines ``parts`` on 1:10m land."""
    import shapely

    found = []
    for part in parts:
        drawn = shapely.LineString(part)
        over = drawn.intersection(land_under(drawn.bounds))
        found += [g for g in shapely.get_parts(over)
                  if g.geom_type == "LineString" and g.length > 0]
    return found


def off_waterways(stretches: list) -> list:
    """The parts of ``stretches`` farther than ``CORRIDOR_KM`` from a bundled river centre
    line or inland sea lane (measured in metres, in a projection centred on each part)."""
    import numpy as np
    import pyproj
    import shapely

    left = []
    for stretch in stretches:
        west, south, east, north = stretch.bounds
        box = (west - 0.5, south - 0.5, east + 0.5, north + 0.5)
        waterways = shapely.union_all([*bundled_under("naturalearth", "rivers-10m.fgb", box),
                                       *bundled_under("sealanes", "sealanes.fgb", box,
                                                      "inland")])
        centre = stretch.centroid
        local = pyproj.Transformer.from_crs(
            "EPSG:4326", f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84",
            always_xy=True)

        def metres(geometry, local=local):
            return shapely.transform(geometry, lambda xy: np.column_stack(
                local.transform(xy[:, 0], xy[:, 1])))

        outside = metres(stretch).difference(metres(waterways).buffer(CORRIDOR_KM * 1000.0))
        left += [g for g in shapely.get_parts(outside) if g.length > 1.0]
    return left


def passes_near(line: list[Point], point: Point, km: float) -> bool:
    return min(distance_km(p, point) for p in _densified(line)) <= km


def _densified(line: list[Point], step_km: float = 2.0) -> list[Point]:
    points = [line[0]]
    for a, b in pairwise(line):
        count = max(math.ceil(distance_km(a, b) / step_km) - 1, 0)
        points += [*GEOD.npts(a[0], a[1], b[0], b[1], count), b] if count else [b]
    return points


def assert_routed_at_sea(a: str, b: str, found: SeaLine, *, rivers: bool = False) -> None:
    """``found`` joins ``a`` to ``b`` (the end's longitude may be shifted by 360), no shorter
    than the geodesic, off land but along its approaches and, with ``rivers``, along
    waterways; an approach is a straight stretch of at most ``LIMIT_KM`` from its port."""
    line, end = found.coords, place(b)
    assert line[0] == place(a)
    assert line[-1][1] == end[1] and (line[-1][0] - end[0]) % 360.0 == 0.0
    assert all(abs(q[0] - p[0]) < 180 for p, q in pairwise(line))
    assert length_km(line) >= distance_km(place(a), end) * (1 - 1e-9)
    for approach in found.approaches:
        ends = (line[approach.first], line[approach.last])
        assert (approach.stop, ends[0]) == (0, line[0]) or (approach.stop, ends[1]) == (
            1, line[-1])
        assert distance_km(*ends) <= LIMIT_KM
        assert length_km(line[approach.first:approach.last + 1]) < distance_km(*ends) + 0.01
    stretches = parts_over_land(at_sea(found))
    if rivers:
        stretches = off_waterways(stretches)
    assert stretches == [], f"{a} -> {b} runs over land: {[s.wkt[:120] for s in stretches]}"


# -- every sea the tool must know, with no via -------------------------------------------------

# A strait a route must pass through: a point in its fairway, and how near the line must come.
BOSPORUS = ((29.06, 41.10), 5.0)
DARDANELLES = ((26.40, 40.20), 8.0)
KERCH = ((36.58, 45.25), 20.0)
DANISH_STRAITS = (((12.68, 55.95), 20.0), ((10.95, 55.40), 30.0))  # Øresund or Great Belt
KOREA_STRAIT = ((129.0, 34.6), 80.0)
TSUGARU = ((140.6, 41.45), 30.0)
BAB_EL_MANDEB = ((43.40, 12.60), 30.0)
SUEZ = ((32.34, 30.55), 15.0)

SEA_PAIRS = {
    # (from, to): straits passed, each a tuple of alternatives
    ("Novorossiysk", "Piraeus"): ((BOSPORUS,), (DARDANELLES,)),  # Black Sea to the Aegean
    ("Rostov-Na-Donu", "Istanbul"): ((KERCH,),),  # Sea of Azov out through the Kerch Strait
    ("Berdyansk", "Sevastopol"): ((KERCH,),),
    ("Gdansk", "Goteborg"): (DANISH_STRAITS,),  # the Baltic to the Kattegat
    ("Kiel", "Helsinki"): (),
    ("Jeddah", "Elat"): (),  # the Red Sea into the Gulf of Aqaba
    ("Port Sudan", "Jeddah"): (),
    ("busan", "vladivostok"): (),  # the Sea of Japan
    ("Dalian", "incheon"): (),  # the Yellow Sea
    ("nampo", "Qingdao"): (),
    ("busan", "Sasebo"): ((KOREA_STRAIT,),),
    ("Hakodate", "Niigata"): ((TSUGARU,),),
    ("Muroran", "Akita"): ((TSUGARU,),),
    ("baku", "aktau"): (),  # the Caspian
    ("makhachkala", "turkmenbashi"): (),
    ("Piraeus", "Jeddah"): ((SUEZ,),),
    ("genoa", "Piraeus"): (),
    ("Rotterdam", "Singapore"): ((SUEZ,), (BAB_EL_MANDEB,)),
    ("Shanghai", "busan"): (),
    ("Novorossiysk", "tartus"): ((BOSPORUS,),),
    ("nampo", "nakhodka"): ((KOREA_STRAIT,),),
    ("rajin", "vladivostok"): (),
}


@pytest.mark.parametrize(("a", "b"), list(SEA_PAIRS), ids=[f"{a}-{b}" for a, b in SEA_PAIRS])
@pytest.mark.slow
def test_two_ports_on_connected_waters_get_a_sea_route_with_no_via(a: str, b: str):
    found = route(a, b)

    assert_routed_at_sea(a, b, found, rivers=True)  # Rostov, Shanghai, Suez: waterways
    for alternatives in SEA_PAIRS[(a, b)]:
        assert any(passes_near(found.coords, point, km) for point, km in alternatives), (
            f"{a} -> {b} does not pass {alternatives}")


RIVER_PAIRS = [
    ("bandar-e-anzali", "astrakhan"),  # up the Volga delta, about 90 km above the Caspian
    ("baku", "astrakhan"),
    ("Istanbul", "Rostov-Na-Donu"),  # up the Don
    ("Odessa", "Kherson"),  # up the Dnipro
    ("Istanbul", "izmail"),  # up the Danube
    ("Rotterdam", "Hamburg"),  # up the Elbe
    ("Hamburg", "Bordeaux"),  # up the Gironde and the Garonne
]


@pytest.mark.parametrize(("a", "b"), RIVER_PAIRS, ids=[f"{a}-{b}" for a, b in RIVER_PAIRS])
@pytest.mark.slow
def test_a_sea_leg_reaches_a_river_port_along_the_river(a: str, b: str):
    assert_routed_at_sea(a, b, route(a, b), rivers=True)


def test_the_river_stretch_follows_the_river_not_the_land_beside_it():
    """Astrakhan to the Caspian: the line leaves the city along the Volga's centre line (within
    the corridor), not straight over the delta."""
    found = route("astrakhan", "baku")
    delta = [p for p in _densified(found.coords) if p[1] > 45.9]  # the delta, north of the coast
    stretches = parts_over_land(at_sea(found))
    assert stretches, "the delta is land at 1:10m: the line must cross it somewhere"
    assert off_waterways(stretches) == []
    assert len(delta) > 20


@pytest.mark.parametrize(("a", "b"), [("Petropavlovsk", "Nome"), ("Suva", "Apia"),
                                      ("vladivostok", "Seattle")])
@pytest.mark.slow
def test_a_route_across_the_antimeridian_is_one_line_that_ends_a_world_east(a: str, b: str):
    found = route(a, b)

    assert found.coords[-1] == (place(b)[0] + 360.0, place(b)[1])
    assert_routed_at_sea(a, b, found)


def test_a_route_is_reasonably_short():
    """Shanghai -> Busan is close to its geodesic (open sea between them); Rotterdam ->
    Singapore is about the 8,300 nautical miles (15,400 km) that ship routing tables give
    through Suez."""
    assert length_km(route("Shanghai", "busan").coords) < 1.1 * distance_km(
        place("Shanghai"), place("busan")) + 100
    assert 14_500 < length_km(route("Rotterdam", "Singapore").coords) < 16_500


def test_a_waypoint_says_which_way_the_ship_went():
    """Nampo -> Vladivostok goes round Korea; through a waypoint in the Yellow Sea west of
    Jeju it passes there, and the line runs through the waypoint itself."""
    waypoint = (125.5, 33.0)
    found = sea_path([Stop(place("nampo"), "nampo", TOWN_REACH_KM), Stop(waypoint, "south"),
                      Stop(place("vladivostok"), "vladivostok", TOWN_REACH_KM)])
    assert waypoint in found.coords
    assert parts_over_land(at_sea(found)) == []


def test_a_route_south_of_jeju_keeps_off_the_island():
    """Nakhodka -> Nampo through a waypoint south-east and one south-west of Jeju: no
    point of the line lies over Jeju's box (about 126.16-126.97 E, 33.19-33.57 N), not even
    on its coast, on the way round or after it."""
    southeast, southwest = (127.1, 33.1), (126.0, 33.0)
    line = sea_path([Stop(place("nakhodka"), "nakhodka", TOWN_REACH_KM),
                     Stop(southeast, "south-east"), Stop(southwest, "south-west"),
                     Stop(place("nampo"), "nampo", TOWN_REACH_KM)]).coords

    assert southeast in line and southwest in line
    assert [p for p in line if 126.1 < p[0] < 127.0 and 33.15 < p[1] < 33.6] == []


def test_a_pulled_line_reaches_past_a_point_hidden_behind_a_headland():
    """From the first point the third and fourth are hidden, the last is in view: the
    line goes straight to the last."""
    from logimap.route.water import taut

    path = [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 0.0), (4.0, 0.0)]
    hidden = {((0.0, 0.0), (2.0, 0.0)), ((0.0, 0.0), (3.0, 0.0))}

    assert taut(path, lambda hop: tuple(hop) not in hidden) == [(0.0, 0.0), (4.0, 0.0)]


# -- hypothesis: random pairs of real ports ----------------------------------------------------


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(ne_ports())), st.sampled_from(sorted(ne_ports())))
@pytest.mark.slow
def test_any_two_ports_get_a_route_off_land_or_a_reason(a: str, b: str):
    if place(a) == place(b):
        return
    try:
        found = route(a, b)
    except GeometryError as error:
        message = str(error)
        assert f"'{a}'" in message or f"'{b}'" in message or "no path on water" in message
        assert error.hint
        return
    assert_routed_at_sea(a, b, found, rivers=True)
    line = found.coords
    turns = [_turn(p, q, r) for p, q, r in zip(line, line[1:], line[2:], strict=False)]
    assert max(turns, default=0.0) < 170.0, "a back-and-forth kink"


def _turn(p: Point, q: Point, r: Point) -> float:
    """The change of heading at q, in degrees (180: straight back)."""
    before, _, _ = GEOD.inv(p[0], p[1], q[0], q[1])
    after, _, _ = GEOD.inv(q[0], q[1], r[0], r[1])
    return abs((after - before + 180.0) % 360.0 - 180.0)


# -- no route: a located reason ----------------------------------------------------------------


@pytest.mark.parametrize(("port", "lake"), [("puno", "Lake Titicaca"), ("tatvan", "Lake Van"),
                                            ("karakol", "Issyk-Kul")])
def test_a_port_on_an_inland_lake_is_refused_with_the_reason(port: str, lake: str):
    """Each lake lies farther than 50 km from the sea, so no approach reaches it."""
    with pytest.raises(GeometryError) as raised:
        route(port, "baku")
    message = str(raised.value)
    assert message.startswith(f"port {port!r} (")
    assert "from the sea and from any waterway" in message and "no ship reaches it" in message
    assert "waterway.csv" in raised.value.hint


def test_a_waypoint_on_land_is_refused():
    with pytest.raises(GeometryError, match=r"waypoint 'hill' \(43\.2000, 132\.8000\) lies "
                                            r"on land"):
        sea_path([Stop(place("rajin"), "rajin", TOWN_REACH_KM), Stop((132.8, 43.2), "hill"),
                  Stop(place("vladivostok"), "vladivostok", TOWN_REACH_KM)])


def test_a_port_across_the_antimeridian_is_named_at_its_own_longitude():
    """Belize City -> Jiangmen (16 km up the Pearl River delta from Natural Earth's water),
    with ports allowed 10 km from the water: the refusal names Jiangmen at 113.0019 E, not at
    the -246.9981 the route unwraps it to."""
    with pytest.raises(GeometryError) as raised:
        route("Belize City", "Jiangmen", limit_km=10.0)
    assert str(raised.value).startswith("port 'Jiangmen' (22.5025, 113.0019) lies 1")
