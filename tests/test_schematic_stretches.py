"""The straight stretches that join a place lying off the water or the network its leg follows
are schematic, and say so everywhere:

- a port or site inland of the water its sea leg uses is joined to it by an **approach**, a
  feature of its own in the exports (``feature: approach``, linked to its leg), not part of
  the leg's sea line, which never crosses land (1:10m) beyond 1 km;
- a rail or road stop off the network is joined to it **off network**, with a warning; beyond
  ``off_network_km`` it is a problem; on a river, the hint says to use ``mode: sea``;
- a waypoint a little off the water is moved onto it, with a warning saying where.

Land, rivers and sea lanes are read here straight from the bundled files, with shapely and
pyproj, not through logimap's own land check.
"""

from __future__ import annotations

import json
from importlib.resources import as_file, files
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer

from logimap.read.starter import write_starter
from tests.conftest import replace_in, run

GEOD = Geod(ellps="WGS84")
MUSUDAN_LEG = "troops-sea-musudan-vladivostok"
# Two vertices of Natural Earth's 1:10m centre line of the Amur (to 4 decimals), between
# Khabarovsk and Komsomolsk-on-Amur, both more than 3 km from any road of the bundled network
AMUR = ((137.0945, 50.2195), (136.7569, 49.8525))
# A point in Golden Horn Bay at Vladivostok, which Natural Earth's 1:10m land fills
GOLDEN_HORN = (131.9000, 43.1130)


def bundled(folder: str, name: str, bounds: tuple[float, float, float, float],
            kind: str | None = None) -> list:
    """The shapes of a bundled file over ``bounds`` grown by a degree (longitudes may pass
    ±180: shapes are shifted by whole turns to meet them); with ``kind``, only those whose
    first field has that value."""
    import pyogrio.raw

    west, south, east, north = bounds
    found = []
    with as_file(files("logimap") / "data" / folder / name) as path:
        for shift in (-360.0, 0.0, 360.0):
            low, high = max(west - 1 - shift, -180.0), min(east + 1 - shift, 180.0)
            if low < high:
                _, _, wkb, fields = pyogrio.raw.read(path, bbox=(low, south - 1, high,
                                                                 north + 1))
                shapes = shapely.from_wkb(wkb)
                if kind is not None:
                    shapes = shapes[np.asarray(fields[0]) == kind]
                found += [shapely.transform(g, lambda xy, s=shift: xy + np.array([s, 0.0]))
                          for g in shapes]
    return found


def longest_over_land_km(line: list) -> float:
    """The longest stretch of ``line`` over Natural Earth 1:10m land farther than 1.5 km from
    a river centre line or an inland sea lane (which ships follow), in km."""
    drawn = shapely.LineString(line)
    over = drawn.intersection(shapely.union_all(bundled("naturalearth", "land-10m.fgb",
                                                        drawn.bounds)))
    longest = 0.0
    for piece in shapely.get_parts(over):
        if piece.geom_type != "LineString" or piece.length == 0:
            continue
        centre = piece.centroid
        local = Transformer.from_crs(
            "EPSG:4326", f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84",
            always_xy=True)

        def metres(geometry, local=local):
            return shapely.transform(geometry, lambda xy: np.column_stack(
                local.transform(xy[:, 0], xy[:, 1])))

        waterways = [*bundled("naturalearth", "rivers-10m.fgb", piece.bounds),
                     *bundled("sealanes", "sealanes.fgb", piece.bounds, "inland")]
        rest = metres(piece)
        if waterways:
            rest = rest.difference(metres(shapely.union_all(waterways)).buffer(1500.0))
        longest = max([longest, *(part.length / 1000.0 for part in shapely.get_parts(rest)
                                  if part.geom_type == "LineString")])
    return longest


def features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def lines_of(geometry: dict) -> list[list[list[float]]]:
    coords = geometry["coordinates"]
    return [coords] if geometry["type"] == "LineString" else coords


def km(a, b) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0


# -- approaches of the default scenario ------------------------------------------------------


@pytest.fixture(scope="module")
def default_geojson(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    out = tmp_path_factory.mktemp("default")
    result = run("export", "--out", str(out), "--format", "geojson")
    assert result.exit_code == 0, result.output
    return features(out / "geojson/all.geojson")


@pytest.mark.slow
def test_the_musudan_troops_leg_draws_its_approach_apart_from_its_sea_line(default_geojson):
    """Musudan is a site inland of the East Korea Bay: its troops leg leaves it by an
    approach, a feature of its own linked to the leg, from the place to where the leg's sea
    line starts; the sea line does not start at the place."""
    node = next(f for f in default_geojson if f["id"] == "musudan")
    leg = next(f for f in default_geojson if f["id"] == MUSUDAN_LEG)
    [approach] = [f for f in default_geojson if f["properties"]["feature"] == "approach"
                  and f["properties"]["leg_id"] == MUSUDAN_LEG
                  and f["properties"]["node_id"] == "musudan"]

    [line] = lines_of(approach["geometry"])
    musudan = node["geometry"]["coordinates"]
    assert line[0] == musudan
    assert lines_of(leg["geometry"])[0][0] == line[-1] != musudan
    assert approach["properties"]["length_km"] == pytest.approx(km(line[0], line[-1]), abs=0.01)
    assert approach["id"] == f"{MUSUDAN_LEG}/approach/1"


@pytest.mark.slow
def test_no_sea_line_of_the_default_scenario_crosses_land_beyond_1_km(default_geojson):
    legs = [f for f in default_geojson if f["properties"]["feature"] == "leg"
            and f["properties"]["mode"] == "sea"]
    assert len(legs) == 8
    for leg in legs:
        for line in lines_of(leg["geometry"]):
            assert longest_over_land_km(line) <= 1.0, leg["id"]


# A survey of sea legs between real ports, at a town's precision: those whose approaches the
# reported problem named (Novorossiysk, Busan, Seattle, Vladivostok) and long routes through
# straits, canals and rivers.
SURVEY = [("Novorossiysk", "Piraeus"), ("busan", "vladivostok"), ("vladivostok", "Seattle"),
          ("Gdansk", "Goteborg"), ("Dalian", "incheon"), ("Shanghai", "Novorossiysk"),
          ("Bandar Abbas", "Hodeidah"), ("Vladivostok", "Prince Rupert"),
          ("Rotterdam", "Singapore"), ("Istanbul", "Rostov-Na-Donu"), ("Hamburg", "Bordeaux")]


@pytest.mark.slow
@pytest.mark.parametrize(("a", "b"), SURVEY, ids=[f"{a}-{b}" for a, b in SURVEY])
def test_no_surveyed_sea_line_crosses_land_beyond_1_km_outside_its_approaches(a: str, b: str):
    from logimap.route.geometry import LegGeometry
    from logimap.route.sea import Stop, sea_path
    from tests.test_sea_routing import TOWN_REACH_KM, place

    found = sea_path([Stop(place(a), a, TOWN_REACH_KM), Stop(place(b), b, TOWN_REACH_KM)])
    drawn = LegGeometry(tuple(found.coords), 0.0, found.approaches)

    for approach in found.approaches:  # each is a straight stretch from its port
        ends = drawn.stretch_coords(approach)
        port = place((a, b)[approach.stop])
        assert any(end[1] == port[1] and (end[0] - port[0]) % 360.0 == 0.0
                   for end in (ends[0], ends[-1]))
    for part in drawn.carried():
        assert longest_over_land_km(list(part)) <= 1.0


# -- waypoints moved onto the water, stops off the network ----------------------------------

PLACES = f"""\
golden_horn,Golden Horn Bay,,waypoint,,{GOLDEN_HORN[1]},{GOLDEN_HORN[0]},waypoint,test: bay,
amur_a,On the Amur,,waypoint,,{AMUR[0][1]},{AMUR[0][0]},waypoint,test: on Natural Earth's Amur,
amur_b,On the Amur,,waypoint,,{AMUR[1][1]},{AMUR[1][0]},waypoint,test: on Natural Earth's Amur,
"""
LEGS = """\
  - id: sea-via-golden-horn
    mode: sea
    from: rajin_port
    to: vostochny_port
    via: [golden_horn]
    basis: schematic

  - id: river-by-road
    mode: road
    from: amur_a
    to: amur_b
    basis: schematic

"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The starter, with a sea leg through a waypoint in Golden Horn Bay and a road leg
    between two points on the Amur: a river stretch written as a road leg."""
    root = tmp_path / "project"
    write_starter(root)
    with (root / "geodata/nodes.csv").open("a", encoding="utf-8") as nodes:
        nodes.write(PLACES)
    replace_in(root / "routes/munitions.yaml", "legs:\n", "legs:\n" + LEGS)
    return root


def test_the_test_places_lie_where_their_comments_say():
    """The Amur points lie on the bundled river line (within 0.0001 degree, about 10 m);
    Golden Horn Bay is land at 1:10m."""
    amur = shapely.union_all(bundled("naturalearth", "rivers-10m.fgb", (136.0, 49.0, 138.0,
                                                                         51.0)))
    assert all(shapely.distance(amur, shapely.Point(p)) < 1e-4 for p in AMUR)
    land = shapely.union_all(bundled("naturalearth", "land-10m.fgb", (131.0, 43.0, 132.0,
                                                                      44.0)))
    assert land.contains(shapely.Point(GOLDEN_HORN))


@pytest.mark.slow
def test_a_waypoint_a_little_off_the_water_is_moved_onto_it_with_a_warning(project: Path,
                                                                          tmp_path: Path):
    validated = run("validate", "--project", str(project))
    exported = run("export", "--project", str(project), "--out", str(tmp_path / "out"),
                   "--format", "geojson")

    assert validated.exit_code == 0, validated.output
    [warning] = [line for line in validated.stderr.splitlines() if "'golden_horn'" in line]
    assert warning.startswith("warning: geodata/nodes.csv row 9: waypoint 'golden_horn' (lat "
                              "43.113, lon 131.9) lies off the water (Natural Earth 1:10m): "
                              "sea leg 'sea-via-golden-horn' passes the nearest water "
                              "instead, 0.")
    hint = warning.split("(hint: set its lat, lon to ")[1]
    lat, lon = (float(v) for v in hint.split(" in geodata/nodes.csv")[0].split(", "))
    assert 0.25 < km(GOLDEN_HORN, (lon, lat)) < 3.0
    assert exported.exit_code == 0, exported.output
    leg = next(f for f in features(tmp_path / "out/geojson/all.geojson")
               if f["id"] == "sea-via-golden-horn")
    passed = min(km((lon, lat), p) for line in lines_of(leg["geometry"]) for p in line)
    assert passed < 0.01  # the line passes the water point the warning names


@pytest.mark.slow
def test_a_river_stretch_written_as_a_road_leg_is_drawn_off_network_with_a_hint_to_use_sea(
        project: Path, tmp_path: Path):
    """Both points lie 9 and 13 km from any road: joined straight to the nearest road, as
    'off_network' features of their own, each with a warning whose hint says 'mode: sea'."""
    validated = run("validate", "--project", str(project))
    exported = run("export", "--project", str(project), "--out", str(tmp_path / "out"),
                   "--format", "geojson")

    assert validated.exit_code == 0, validated.output
    warnings = [line for line in validated.stderr.splitlines() if "'amur_" in line]
    assert len(warnings) == 2
    for warning, row in zip(warnings, (10, 11), strict=True):
        assert warning.startswith(f"warning: geodata/nodes.csv row {row}: node 'amur_")
        assert ("road leg 'river-by-road' joins it by a straight line to the nearest, at "
                in warning)
        assert ("(hint: the stop lies on a river or the sea: if the leg goes by water, set "
                "'mode: sea' on it; else check the node's coordinate") in warning
    assert exported.exit_code == 0, exported.output
    stretches = [f for f in features(tmp_path / "out/geojson/all.geojson")
                 if f["properties"]["feature"] == "off_network"]
    assert [(f["properties"]["leg_id"], f["properties"]["node_id"]) for f in stretches] == [
        ("river-by-road", "amur_a"), ("river-by-road", "amur_b")]
    for stretch, point in zip(stretches, AMUR, strict=True):
        [line] = lines_of(stretch["geometry"])
        assert point in (tuple(line[0]), tuple(line[-1]))
        assert 5.0 < stretch["properties"]["length_km"] < 20.0


@pytest.mark.slow
def test_a_stop_farther_off_the_network_than_off_network_km_is_a_problem(project: Path):
    replace_in(project / "routes/scenario.yaml", "as_of:", "off_network_km: 5\nas_of:")

    refused = run("validate", "--project", str(project))

    assert refused.exit_code == 1
    [problem] = [line for line in refused.stderr.splitlines() if "'river-by-road'" in line]
    assert ("road leg 'river-by-road': place 'amur_a' is 9.0 km from any road (the nearest is "
            "at ") in problem
    assert "more than the 5 km that off_network_km allows" in problem
    assert "'mode: sea'" in problem and "raise off_network_km in routes/scenario.yaml" in problem


@pytest.mark.slow
def test_strict_makes_the_drawing_warnings_problems_and_writes_nothing(project: Path,
                                                                       tmp_path: Path):
    built = run("build", "--project", str(project), "--out", str(tmp_path / "maps"),
                "--strict")

    assert built.exit_code == 1
    assert "'golden_horn'" in built.stderr and "'amur_a'" in built.stderr
    assert not (tmp_path / "maps").exists()
