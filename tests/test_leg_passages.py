"""Every routed leg says which way it went, a user steers sea legs by the names of passages,
and ``validate`` flags lines that look wrong.

- A sea leg's passages are the gates its drawn line crosses: checked here by intersecting
  the line with the gates of ``data/passages/passages.geojson`` (read as JSON, in every world
  copy the line reaches) with shapely, not with logimap's own search.
- ``via`` may name passages, ``avoid`` passages the route must not go through; the restricted
  ones (the Northern Sea Route and the Northwest Passage) are used only when asked for or
  allowed. Expected ways come from geography: the Cape of Good Hope is the way round Africa.
- A rail or road leg names the borders it crosses: the countries come from geography (the
  railway from Hamburg to Warsaw enters Poland), the named crossing from UN/LOCODE's entry
  for Kybartai, the Lithuanian border station on the line to Kaliningrad.
- The warnings fire on cases built to be wrong (a detour over project edges in the Libyan
  desert, a line to a dead end and back) and not on the default scenario.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import pytest
import shapely
import shapely.affinity

import logimap
from logimap.errors import DataError
from logimap.model import Flow, Leg, Location, Node, Scenario
from logimap.route.crossings import leg_passages
from logimap.route.legs import draw_legs, route_inputs
from logimap.route.plausibility import spurs
from tests.conftest import line_of, run
from tests.test_sea_routing import off_waterways, parts_over_land

DATA = Path(__file__).parent / "data"
HERE = Location("routes/cargo.yaml", line=5)
RESTRICTED = {"northern-sea-route", "northwest-passage"}
# GeoNames towns (cities1000), by their GeoNames ids
WARSAW = (21.01178, 52.22977)  # 756135
KAUNAS = (23.90909, 54.90156)  # 598316
NODE_HEADER = "id,name,kind,country,lat,lon,precision,basis,note\n"


# -- places and projects ----------------------------------------------------------------------


@cache
def ports() -> dict[str, tuple[float, float]]:
    with open(DATA / "ne-ports.csv", encoding="utf-8") as stream:
        return {row["name"]: (float(row["lon"]), float(row["lat"]))
                for row in csv.DictReader(stream)}


@cache
def towns() -> dict[str, tuple[str, float, float]]:
    with open(DATA / "geonames-places.csv", encoding="utf-8") as stream:
        return {row["id"]: (row["country"], float(row["lon"]), float(row["lat"]))
                for row in csv.DictReader(stream)}


def node(ident: str, point: tuple[float, float], kind: str = "port", country: str = "") -> Node:
    return Node(ident, ident, kind, country, point[0], point[1], "town", "test", "",
                Location("geodata/nodes.csv", row=2))


def sea_scenario(pairs: list[tuple[str, str]], allow: tuple[str, ...] = (), **fields
                 ) -> Scenario:
    """One sea leg per pair of Natural Earth ports, each port at a town's precision."""
    nodes = {name: node(name, ports()[name]) for pair in pairs for name in pair}
    legs = tuple(Leg(f"leg-{i}", "f", "sea", a, b, (), "modelled", "", (), None, HERE,
                     **fields) for i, (a, b) in enumerate(pairs))
    flow = Flow("f", "F", "goods", "A to B", None, "", "", legs, (), HERE)
    return Scenario(Path("."), "t", "", "", {}, (), tuple(nodes.values()), (), (flow,), (),
                    allow=allow)


def drawn(scenario: Scenario) -> dict:
    geometries, problems = draw_legs(scenario)
    assert problems == []
    return geometries


def write_project(root: Path, nodes: str, legs: str, *, scenario: str = "",
                  rail: str = "") -> Path:
    for sub in ("seeds", "geodata", "routes"):
        (root / sub).mkdir(parents=True)
    (root / "seeds/sources.yaml").write_text(
        "sources:\n  - id: report\n    publisher: A publisher\n"
        "    url: https://example.org/report\n    publisher_site: example.org\n",
        encoding="utf-8")
    (root / "geodata/nodes.csv").write_text(NODE_HEADER + nodes, encoding="utf-8")
    if rail:
        (root / "geodata/networks").mkdir()
        (root / "geodata/networks/rail.csv").write_text("from,to,line,note\n" + rail,
                                                         encoding="utf-8")
    (root / "routes/scenario.yaml").write_text(
        "title: A chain\nas_of: 2025-01-01\nunits: {boxes: boxes}\n" + scenario,
        encoding="utf-8")
    (root / "routes/cargo.yaml").write_text(
        "id: cargo\nname: Cargo\ncargo: goods\ndirection: A to B\nlegs:\n" + legs,
        encoding="utf-8")
    return root


def leg_text(ident: str, mode: str, origin: str, destination: str, more: str = "") -> str:
    return (f"  - id: {ident}\n    mode: {mode}\n    from: {origin}\n    to: {destination}\n"
            f"    basis: modelled\n    sources: [report]\n{more}")


def port_row(ident: str, name: str) -> str:
    """A port of Natural Earth's, or a GeoNames town of ``tests/data`` (by its id)."""
    _, lon, lat = ("", *ports()[name]) if name in ports() else towns()[name]
    return f"{ident},{name},port,,{lat},{lon},town,Natural Earth ports or GeoNames,\n"


# -- what a line goes through, found here --------------------------------------------------


@cache
def gates() -> list[tuple[str, shapely.LineString]]:
    text = (files("logimap") / "data" / "passages" / "passages.geojson").read_text("utf-8")
    return [(f["properties"]["id"], shapely.LineString(f["geometry"]["coordinates"]))
            for f in json.loads(text)["features"]]


def crossed(line) -> list[str]:
    """The passages whose gates ``line`` (unwrapped lon, lat) crosses, in order along it."""
    drawn_line = shapely.LineString(line)
    west, _, east, _ = drawn_line.bounds
    found = []
    for turns in range(int((west - 180) // 360), int((east + 180) // 360) + 1):
        for passage, gate in gates():
            meeting = drawn_line.intersection(
                shapely.affinity.translate(gate, xoff=360.0 * turns))
            for part in shapely.get_parts(meeting):
                if part.is_empty:
                    continue
                point = shapely.Point(shapely.get_coordinates(part)[0])
                found.append((drawn_line.project(point), passage))
    return [passage for _, passage in sorted(found)]


def passage_ids(geometry) -> list[str]:
    return [p.id for p in geometry.passages if p.kind != "border"]


# -- reading via, avoid and allow --------------------------------------------------------------


def problems_of(root: Path) -> list[str]:
    with pytest.raises(DataError) as raised:
        logimap.load(root)
    return [str(problem) for problem in raised.value.problems]


def test_via_names_passages_between_its_nodes_as_written(tmp_path: Path):
    root = write_project(tmp_path, port_row("shanghai", "Shanghai")
                         + port_row("port_said", "Port Said") + port_row("genoa", "genoa"),
                         leg_text("l", "sea", "shanghai", "genoa",
                                  "    via: [Malacca Strait, suez, port_said, GIBRALTAR]\n"
                                  "    avoid: [Panamá Canal]\n"))
    leg = logimap.load(root).legs[0]

    assert leg.via == ("port_said",)
    assert leg.via_passages == ((0, "malacca"), (0, "suez"), (1, "gibraltar"))
    assert leg.route_via == ("malacca", "suez", "port_said", "gibraltar")
    assert leg.avoid == ("panama",)


def test_a_node_whose_id_is_a_passage_name_is_the_node(tmp_path: Path):
    root = write_project(tmp_path, port_row("shanghai", "Shanghai") + port_row("suez", "suez")
                         + port_row("genoa", "genoa"),
                         leg_text("l", "sea", "shanghai", "genoa", "    via: [suez]\n"))
    leg = logimap.load(root).legs[0]

    assert leg.via == ("suez",) and leg.via_passages == ()


def test_unknown_names_are_problems_at_the_leg_with_the_nearest_names(tmp_path: Path):
    root = write_project(tmp_path, port_row("shanghai", "Shanghai")
                         + port_row("genoa", "genoa"),
                         leg_text("l", "sea", "shanghai", "genoa",
                                  "    via: [sues]\n    avoid: [panamma]\n"),
                         scenario="allow: [suez, Northwest Pasage]\n")
    flow, meta = root / "routes/cargo.yaml", root / "routes/scenario.yaml"

    found = problems_of(root)

    leg, avoid, allow = line_of(flow, "- id: l"), line_of(flow, "avoid:"), line_of(meta, "allow")
    assert any(p.startswith(f"routes/cargo.yaml:{leg}: unknown node or passage 'sues' in "
                            "'via'") and "suez" in p for p in found), found
    assert f"routes/cargo.yaml:{avoid}: unknown passage 'panamma' in 'avoid' (hint: did you " \
           "mean panama?)" in found
    assert any(p.startswith(f"routes/scenario.yaml:{allow}: 'allow' names 'suez', which is not "
                            "restricted") for p in found), found
    assert any("unknown passage 'Northwest Pasage' in 'allow' (hint: did you mean "
               "northwest-passage" in p for p in found), found


def test_passages_steer_only_sea_legs_and_never_both_ways(tmp_path: Path):
    rows = (f"hamburg,Hamburg,rail_station,DE,{towns()['hamburg'][2]},{towns()['hamburg'][1]},"
            f"town,GeoNames,\nwarsaw,Warsaw,rail_station,PL,{WARSAW[1]},{WARSAW[0]},town,"
            "GeoNames,\n" + port_row("shanghai", "Shanghai") + port_row("genoa", "genoa"))
    root = write_project(tmp_path, rows,
                         leg_text("rail", "rail", "hamburg", "warsaw", "    via: [kiel]\n")
                         + leg_text("road", "road", "hamburg", "warsaw", "    avoid: [kiel]\n")
                         + leg_text("sea", "sea", "shanghai", "genoa",
                                    "    via: [suez]\n    avoid: [suez]\n"))

    flow = root / "routes/cargo.yaml"

    found = problems_of(root)

    rail, road, sea = (line_of(flow, f"- id: {ident}") for ident in ("rail", "road", "sea"))
    assert (f"routes/cargo.yaml:{rail}: rail leg 'rail' names passage 'kiel' in 'via': "
            "passages steer only sea legs (hint: remove it from 'via', or name a node)") in found
    assert (f"routes/cargo.yaml:{road}: road leg 'road' has 'avoid': passages steer only sea "
            "legs (hint: remove it from 'avoid')") in found
    assert (f"routes/cargo.yaml:{sea}: leg 'sea' names passage 'suez' in both 'via' and "
            "'avoid' (hint: keep it in one of them)") in found


def test_the_route_store_keys_a_leg_by_its_passages(tmp_path: Path):
    plain = sea_scenario([("Shanghai", "Rotterdam")])
    keys = [json.dumps(route_inputs(s, s.legs[0])) for s in (
        plain, sea_scenario([("Shanghai", "Rotterdam")], avoid=("suez",)),
        sea_scenario([("Shanghai", "Rotterdam")], via_passages=((0, "suez"),)),
        sea_scenario([("Shanghai", "Rotterdam")], allow=("northern-sea-route",)))]

    assert len(set(keys)) == 4


# -- lines that double back -------------------------------------------------------------------


def test_a_line_out_to_a_dead_end_and_back_is_one_spur():
    # east along 50 N, north 20 km to a dead end, back, and on east
    north = 20.0 / 111.2
    line = [(10.0, 50.0), (10.5, 50.0), (10.5, 50.0 + north / 2), (10.5, 50.0 + north),
            (10.5, 50.0 + north / 2), (10.5, 50.0), (11.0, 50.0)]

    found = spurs(line)

    assert [(apex, end) for apex, end, _ in found] == [(3, 5)]
    assert found[0][2] == pytest.approx(20.0, rel=0.01)


def test_a_loop_or_a_bend_is_no_spur():
    # round a block 3 km wide and back: the way back is never near the way out
    loop = [(10.0, 50.0), (10.0, 50.1), (10.04, 50.1), (10.04, 50.0), (10.0, 50.0)]
    hairpin = [(10.0, 50.0), (10.0, 50.1), (10.01, 50.1), (10.01, 50.0)]  # 700 m apart

    assert spurs(loop) == [] and spurs(hairpin) == []


# -- borders ------------------------------------------------------------------------------------


def test_a_rail_line_from_berlin_to_poznan_crosses_into_poland_on_the_oder():
    leg = Leg("l", "f", "rail", "a", "b", (), "modelled", "", (), None, HERE)
    line = [(13.40, 52.52), (14.55, 52.35), (16.93, 52.41)]  # Berlin, Frankfurt (Oder), Poznań

    (border,) = leg_passages(leg, line)

    assert border.kind == "border" and border.countries == ("DE", "PL")
    assert 14.5 < border.lon < 14.65 and border.label == "DE→PL border (unnamed)"
    assert leg_passages(Leg("l", "f", "air", "a", "b", (), "modelled", "", (), None, HERE),
                        line) == ()


def test_a_line_slipping_across_a_border_and_back_crosses_nothing():
    leg = Leg("l", "f", "road", "a", "b", (), "modelled", "", (), None, HERE)
    # along the Oder at Frankfurt, 3 km into Poland and back, then on to Berlin
    line = [(14.40, 52.40), (14.60, 52.34), (14.52, 52.30), (13.40, 52.52)]

    assert leg_passages(leg, line) == ()


@pytest.mark.slow
def test_rail_legs_across_borders_name_their_crossings(tmp_path: Path):
    country, lon, lat = towns()["kaliningrad"]
    hamburg = towns()["hamburg"]
    rows = (f"hamburg,Hamburg,rail_station,DE,{hamburg[2]},{hamburg[1]},town,GeoNames,\n"
            f"warsaw,Warsaw,rail_station,PL,{WARSAW[1]},{WARSAW[0]},town,GeoNames,\n"
            f"kaunas,Kaunas,rail_station,LT,{KAUNAS[1]},{KAUNAS[0]},town,GeoNames,\n"
            f"kaliningrad,Kaliningrad,rail_station,{country},{lat},{lon},town,GeoNames,\n")
    root = write_project(tmp_path, rows, leg_text("west", "rail", "hamburg", "warsaw")
                         + leg_text("east", "rail", "kaunas", "kaliningrad"))
    scenario = logimap.load(root)
    geometries = drawn(scenario)

    assert [(p.countries, p.crossing) for p in geometries["west"].passages] == [
        (("DE", "PL"), "")]
    (border,) = geometries["east"].passages
    assert border.countries == ("LT", "RU") and (border.crossing, border.code) == (
        "Kybartai", "LT KYB")
    assert border.label == "LT→RU border at Kybartai (LT KYB)"

    result = run("list", "legs", "--project", str(root))
    assert result.exit_code == 0, result.stderr
    assert re.search(r"^east .* LT→RU border at Kybartai \(LT KYB\)$", result.stdout, re.M)


# -- steering sea legs --------------------------------------------------------------------------


@pytest.mark.slow
def test_avoiding_suez_goes_round_africa_or_by_panama():
    scenario = sea_scenario([("Singapore", "Rotterdam"), ("Shanghai", "Rotterdam")],
                            avoid=("suez",))
    both = sea_scenario([("Shanghai", "Rotterdam")], avoid=("suez", "panama"))
    geometries = {**drawn(scenario), "both": drawn(both)["leg-0"]}

    for geometry in geometries.values():
        assert "suez" not in crossed(geometry.coords)
        assert passage_ids(geometry) == crossed(geometry.coords)
    # from Singapore the way round Africa is the shorter; from Shanghai, the way through the
    # Panama Canal is, unless it is avoided too
    assert "cape-of-good-hope" in crossed(geometries["leg-0"].coords)
    assert "panama" in crossed(geometries["leg-1"].coords)
    assert "cape-of-good-hope" in crossed(geometries["both"].coords)
    assert "panama" not in crossed(geometries["both"].coords)


@pytest.mark.slow
def test_a_restricted_passage_is_used_only_when_asked_for_or_allowed():
    pair = [("Shanghai", "Sankt-Peterburg")]
    by_default = drawn(sea_scenario(pair))["leg-0"]
    allowed = drawn(sea_scenario(pair, allow=("northern-sea-route",)))["leg-0"]
    asked = drawn(sea_scenario(pair, via_passages=((0, "northern-sea-route"),)))["leg-0"]

    assert not RESTRICTED & set(crossed(by_default.coords))
    assert "suez" in crossed(by_default.coords)
    for geometry in (allowed, asked):
        assert "northern-sea-route" in crossed(geometry.coords)
        assert "bering" in crossed(geometry.coords)
    assert allowed.length_km < 0.8 * by_default.length_km


@pytest.mark.slow
def test_via_suez_forces_the_suez_canal():
    pair = [("Yokohama", "New York")]
    free = drawn(sea_scenario(pair))["leg-0"]
    asked = drawn(sea_scenario(pair, via_passages=((0, "suez"),)))["leg-0"]

    assert "panama" in crossed(free.coords) and "suez" not in crossed(free.coords)
    assert crossed(asked.coords).count("suez") == 1 and "panama" not in crossed(asked.coords)
    assert passage_ids(asked) == crossed(asked.coords)


@pytest.mark.slow
def test_random_port_pairs_stay_off_land_and_say_the_passages_they_go_through():
    rng = random.Random(22)
    names = sorted(ports())
    pairs = []
    while len(pairs) < 24:
        a, b = rng.sample(names, 2)
        if ports()[a] != ports()[b]:
            pairs.append((a, b))
    scenario = sea_scenario(pairs)
    geometries, problems = draw_legs(scenario)
    # a port on a lake or far up a river the bundled data does not map is refused, with why
    assert len(geometries) >= 20 and len(geometries) + len(problems) == len(pairs)

    for leg in scenario.legs:
        if leg.id not in geometries:
            continue
        line = list(geometries[leg.id].coords)
        carried = [list(part) for part in geometries[leg.id].carried()]
        over = off_waterways(parts_over_land(carried))
        assert over == [], f"{leg.origin} -> {leg.destination} crosses land"
        assert not RESTRICTED & set(crossed(line)), f"{leg.origin} -> {leg.destination}"
        assert passage_ids(geometries[leg.id]) == crossed(line), (
            f"{leg.origin} -> {leg.destination}")


# -- warnings -----------------------------------------------------------------------------------

# Places in the Libyan desert, with no railway for a hundred km and more: the legs between
# them follow the project's own edges (geodata/networks/rail.csv).
DESERT = {"a": (20.0, 24.0), "b": (21.0, 24.0), "far": (20.5, 27.0), "middle": (20.5, 24.0),
          "dead_end": (20.5, 24.5)}


def desert_project(root: Path, legs: str, edges: str) -> Path:
    rows = "".join(f"{ident},{ident},rail_station,LY,{lat},{lon},site,test,\n"
                   for ident, (lon, lat) in DESERT.items())
    return write_project(root, rows, legs, rail=edges)


def test_a_leg_far_longer_than_its_great_circle_is_a_warning_and_strict_an_error(
        tmp_path: Path):
    # a to b, 102 km apart, joined only by way of 'far', 333 km north
    root = desert_project(tmp_path, leg_text("round", "rail", "a", "b"), "a,far,,\nfar,b,,\n")

    result = run("validate", "--project", str(root))
    strict = run("validate", "--project", str(root), "--strict")

    assert result.exit_code == 0, result.stderr
    (warning,) = [line for line in result.stderr.splitlines() if "great circle" in line]
    assert warning.startswith("warning: routes/cargo.yaml:6: rail leg 'round' is drawn ")
    assert ("times the great circle through its stops (102 km; rail legs over 2 times are "
            "flagged); it strays farthest near 27.000, 20.500 (lat, lon)") in warning
    assert strict.exit_code == 1
    assert "routes/cargo.yaml:6: rail leg 'round' is drawn" in strict.stderr
    assert "warning:" not in strict.stderr


def test_a_line_to_a_dead_end_and_back_is_a_warning(tmp_path: Path):
    edges = "a,middle,,\nmiddle,b,,\nmiddle,dead_end,,\n"
    root = desert_project(tmp_path, leg_text("spur", "rail", "a", "b", "    via: [dead_end]\n")
                          + leg_text("plain", "rail", "a", "b"), edges)

    result = run("validate", "--project", str(root))

    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "warning" in line] == [
        "warning: routes/cargo.yaml:6: rail leg 'spur' doubles back: at via stop 'dead_end' "
        "its line turns and runs 56 km back over itself, to 24.000, 20.500 (lat, lon) (hint: "
        "the line reaches 'dead_end' from beyond it and goes back: the bundled network may "
        "lack the railway that reaches it the way the leg comes; add it (nodes and edges) to "
        "geodata/networks/rail.csv, or, if the stop lies at the end of a branch, split the "
        "leg there)"]


@pytest.mark.slow
def test_a_sea_leg_the_long_way_round_a_restricted_passage_is_a_warning(tmp_path: Path):
    rows = port_row("shanghai", "Shanghai") + port_row("spb", "Sankt-Peterburg")
    root = write_project(tmp_path, rows, leg_text("long", "sea", "shanghai", "spb")
                         + leg_text("asked", "sea", "shanghai", "spb", "    via: [suez]\n"))

    result = run("validate", "--project", str(root))

    assert result.exit_code == 0, result.stderr
    found = [line for line in result.stderr.splitlines() if "long way" in line]
    assert len(found) == 1 and found[0].startswith(
        "warning: routes/cargo.yaml:6: sea leg 'long' goes the long way round: ")
    assert "Suez Canal" in found[0] and "the way through the Northern Sea Route" in found[0]
    assert "add via: [northern-sea-route]" in found[0] and "(via: [suez])" in found[0]


@pytest.mark.slow
def test_the_default_scenario_draws_no_line_that_looks_wrong(scenario):
    from logimap.route import build_geometries
    from logimap.route.plausibility import route_warnings

    assert route_warnings(scenario, build_geometries(scenario)) == []


# -- exports -----------------------------------------------------------------------------------


def test_legs_csv_and_every_export_carry_the_passages(tmp_path: Path):
    import pyogrio

    from logimap.exports import render_exports
    from logimap.route import LegGeometry
    from logimap.route.geometry import LegPassage
    from logimap.tables import make_tables
    from tests.test_export_text import LINE, scenario

    made = scenario()
    through = (LegPassage("strait", -168.9, 65.8, "bering", "Bering Strait"),
               LegPassage("route", 102.8, 77.9, "northern-sea-route", "Northern Sea Route",
                          restricted=True))
    tables = make_tables(made, {"leg": LegGeometry(LINE, 3000.0, passages=through)})
    files = dict(render_exports(made, tables, ["csv", "geojson", "gpkg", "kml"]))

    rows = list(csv.reader(io.StringIO(files["legs.csv"].decode("utf-8"))))
    assert rows == [
        ["id", "flow", "mode", "from_node", "to_node", "via", "basis", "length_km",
         "great_circle_km", "ratio", "passages", "period_start", "period_end", "source_ids"],
        ["leg", "flow", "sea", "a", "b", "", "modelled", "3000", "1451.7", "2.07",
         "Bering Strait; Northern Sea Route", "2024-11-01", "2024-12-31", "src"]]
    feature = json.loads(files["geojson/all.geojson"])["features"][0]
    assert feature["properties"]["passages"] == "Bering Strait; Northern Sea Route"
    assert feature["properties"]["great_circle_km"] == 1451.7
    assert ('<Data name="passages"><value>Bering Strait; Northern Sea Route</value></Data>'
            in files["logimap.kml"].decode("utf-8"))
    (tmp_path / "out.gpkg").write_bytes(files["logimap.gpkg"])
    table = pyogrio.read_dataframe(tmp_path / "out.gpkg", layer="leg_passages")
    assert table[["leg_id", "seq", "kind", "passage_id", "name", "restricted"]].values.tolist() == [
        ["leg", 1, "strait", "bering", "Bering Strait", False],
        ["leg", 2, "route", "northern-sea-route", "Northern Sea Route", True]]
    assert table[["lon", "lat"]].values.tolist() == [[-168.9, 65.8], [102.8, 77.9]]
