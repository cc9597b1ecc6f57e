"""New supply chains as a user writes them from the README: sea legs with no ``via``.

Each project here is written from scratch (sources, places, one flow) with real places from
``tests/data`` (GeoNames towns, Natural Earth ports), and run through the command line.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from logimap.geo.geodesy import GEOD, distance_km
from tests.conftest import run

DATA = Path(__file__).parent / "data"
NODE_HEADER = "id,name,kind,country,lat,lon,precision,basis,note\n"


def places() -> dict[str, dict[str, str]]:
    with open(DATA / "geonames-places.csv", encoding="utf-8") as stream:
        return {row["id"]: row for row in csv.DictReader(stream)}


def node_row(ident: str, kind: str = "port") -> str:
    row = places()[ident]
    return (f"{ident},{row['name']},{kind},{row['country']},{row['lat']},{row['lon']},town,"
            f"GeoNames {row['geonameid']},\n")


def write_project(root: Path, nodes: list[str], legs: str, *, waterways: str = "",
                  scenario: str = "") -> Path:
    (root / "seeds").mkdir(parents=True)
    (root / "geodata").mkdir()
    (root / "routes").mkdir()
    (root / "seeds/sources.yaml").write_text(
        "sources:\n  - id: report\n    publisher: A publisher\n"
        "    url: https://example.org/report\n", encoding="utf-8")
    (root / "geodata/nodes.csv").write_text(NODE_HEADER + "".join(nodes), encoding="utf-8")
    if waterways:
        (root / "geodata/networks").mkdir()
        (root / "geodata/networks/waterway.csv").write_text(
            "from,to,line,note\n" + waterways, encoding="utf-8")
    (root / "routes/scenario.yaml").write_text(
        "title: A chain\nas_of: 2025-01-01\nunits: {containers: shipping containers}\n"
        + scenario, encoding="utf-8")
    (root / "routes/cargo.yaml").write_text(
        "id: cargo\nname: Cargo\ncargo: goods\ndirection: A to B\nlegs:\n" + legs,
        encoding="utf-8")
    return root


def sea_leg(ident: str, origin: str, destination: str) -> str:
    return (f"  - id: {ident}\n    mode: sea\n    from: {origin}\n    to: {destination}\n"
            "    basis: modelled\n")


def test_a_new_chain_with_no_via_anywhere_validates_and_builds(tmp_path: Path):
    """Caspian, Volga, Black Sea and Mediterranean legs, as in the README's tutorial: no
    geodata/networks/ folder, no waypoint."""
    project = write_project(
        tmp_path / "chain",
        [node_row(p) for p in ("bandar-e-anzali", "astrakhan", "novorossiysk", "tartus")],
        sea_leg("caspian", "bandar-e-anzali", "astrakhan")
        + sea_leg("black-sea", "novorossiysk", "tartus"))

    validated = run("validate", "--project", str(project))
    built = run("build", "--project", str(project))

    assert validated.exit_code == 0, validated.output
    assert "2 sea legs checked against land" in validated.stdout
    assert built.exit_code == 0, built.output
    assert (project / "maps/index.html").is_file()


def test_a_waterway_the_project_adds_lets_a_ship_reach_a_canal_port(tmp_path: Path):
    """Amsterdam lies on the North Sea Canal, which Natural Earth does not map: joined to the
    sea by a schematic approach, with a warning that says to add the canal; then routed along
    it once geodata/networks/waterway.csv has it, with no warning."""
    nodes = [node_row("amsterdam"), node_row("ijmuiden", "town"), node_row("hamburg")]
    legs = sea_leg("north-sea", "hamburg", "amsterdam")
    without = write_project(tmp_path / "without", nodes, legs)
    canal = write_project(tmp_path / "with", nodes, legs,
                          waterways="ijmuiden,amsterdam,North Sea Canal,\n")

    warned = run("validate", "--project", str(without))
    routed = run("export", "--project", str(canal), "--out", str(tmp_path / "out"),
                 "--format", "geojson")

    assert warned.exit_code == 0, warned.output
    [warning] = [line for line in warned.stderr.splitlines() if "'amsterdam'" in line]
    assert warning.startswith("warning: geodata/nodes.csv row 2: node 'amsterdam' lies 1")
    assert "more than the 10 km its precision 'town' allows: sea leg 'north-sea' joins it by " \
        "a straight approach, drawn as schematic" in warning
    assert "geodata/networks/waterway.csv" in warning
    assert routed.exit_code == 0, routed.output
    assert "'amsterdam'" not in routed.stderr
    line = _leg_line(tmp_path / "out/geojson/all.geojson", "north-sea")
    ijmuiden, amsterdam = (_point(places()[p]) for p in ("ijmuiden", "amsterdam"))
    # beyond Amsterdam's 10 km reach and short of the canal's mouth (21 km away), the line
    # runs along the canal
    approach = [p for p in _densified(line) if 10.5 < distance_km(p, amsterdam) < 19.0]
    assert approach and all(_km_from_segment(p, ijmuiden, amsterdam) < 1.5 for p in approach)


def test_every_problem_is_reported_in_one_run(tmp_path: Path):
    """A layer that selects nothing and an unknown node (found reading) and a port on a lake
    (found routing) come out together, each located; the leg whose node is unknown is not
    routed at all."""
    project = write_project(
        tmp_path / "broken",
        [node_row("tatvan"), node_row("tartus"), node_row("novorossiysk")],
        sea_leg("lake", "tatvan", "tartus") + sea_leg("typo", "novorossiysk", "tartu"),
        scenario="layers: [{id: x, title: X, select: {mode: air}}]\n")

    result = run("validate", "--project", str(project))

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "error: 3 problem(s) found", result.stderr
    assert any(line.startswith("routes/cargo.yaml:6: sea leg 'lake': port 'tatvan'")
               and "no ship reaches it" in line for line in lines)
    assert any(line.startswith("routes/cargo.yaml:11: unknown node 'tartu'") for line in lines)
    assert any(line.startswith("routes/scenario.yaml") and "selects no legs" in line
               for line in lines)


@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_project_without_a_networks_folder_validates_and_builds(tmp_path: Path,
                                                                  command: str):
    project = write_project(tmp_path / "plain", [node_row("baku"), node_row("aktau")],
                            sea_leg("caspian", "baku", "aktau"))

    result = run(command, "--project", str(project))

    assert not (project / "geodata/networks").exists()
    assert result.exit_code == 0, result.output


# -- helpers -----------------------------------------------------------------------------------


def _densified(line: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """``line`` with a point about every 500 m (pyproj's geodesic points)."""
    from itertools import pairwise
    from math import ceil

    points = [line[0]]
    for a, b in pairwise(line):
        count = max(ceil(distance_km(a, b) / 0.5) - 1, 0)
        points += [*GEOD.npts(a[0], a[1], b[0], b[1], count), b] if count else [b]
    return points


def _point(row: dict[str, str]) -> tuple[float, float]:
    return float(row["lon"]), float(row["lat"])


def _leg_line(path: Path, leg: str) -> list[tuple[float, float]]:
    import json

    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    [feature] = [f for f in features if f["properties"].get("id") == leg]
    geometry = feature["geometry"]
    parts = geometry["coordinates"] if geometry["type"] == "MultiLineString" else [
        geometry["coordinates"]]
    return [tuple(p) for part in parts for p in part]


def _km_from_segment(p: tuple[float, float], a: tuple[float, float],
                     b: tuple[float, float]) -> float:
    """Distance in km from ``p`` to the segment a-b, in a local azimuthal projection."""
    import pyproj
    import shapely

    local = pyproj.Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={a[1]} +lon_0={a[0]} +datum=WGS84", always_xy=True)
    pa, pb, pp = (local.transform(*q) for q in (a, b, p))
    return shapely.LineString([pa, pb]).distance(shapely.Point(pp)) / 1000.0
