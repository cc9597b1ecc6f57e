"""Generated input: hypothesis writes valid projects, then breaks them in one place.

A valid project (drawn places, a rail network, flows with air, road and rail legs, claims
quoting a stored source) must validate and build. A mutated one (a field dropped, a type
changed, two values swapped, a record duplicated, a file truncated, emptied or deleted, bytes
injected) must make ``validate``, ``export`` and ``build`` end with exit 0 or with a located
error (exit 1 or 2, every line ``file:line: ...``, ``file row N: ...`` or ``file: ...``), never
with an uncaught exception.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from logimap.vocabulary import BASES, NODE_KINDS, PRECISIONS, QUALIFIERS, STATUSES
from tests.conftest import run

LINE = re.compile(r"^\S+(:\d+| row \d+)?: ")
PROBLEM = re.compile(r"^(seeds|geodata|routes)/\S+(:\d+| row \d+)?: .+ \(hint: .+\)$")
MODES = ("air", "road", "rail")
# No shrinking: a failure is reported as drawn, so a run stays bounded in time.
SETTINGS = settings(max_examples=25, deadline=None, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Printable text: letters, digits, punctuation, symbols and spaces (no control characters).
words = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=24
                ).filter(lambda s: any(ch.isalpha() for ch in s))
months = st.tuples(st.integers(1990, 2030), st.integers(1, 12))
# Places anywhere on the globe: maps may span the world and legs may cross ±180.
longitudes = st.floats(-180, 180)
latitudes = st.floats(-85, 85)


@dataclass
class Project:
    """A project as data: what each file holds, before it is written."""

    sources: dict[str, Any]
    text: str
    nodes: list[dict[str, str]]
    rail: list[dict[str, str]]
    scenario: dict[str, Any]
    flows: list[dict[str, Any]]
    road: list[dict[str, str]] = field(default_factory=list)
    extra: dict[str, bytes] = field(default_factory=dict)

    def files(self) -> dict[str, bytes]:
        files = {
            "seeds/sources.yaml": _yaml(self.sources),
            "seeds/report.txt": self.text.encode(),
            "geodata/nodes.csv": _csv(self.nodes),
            "routes/scenario.yaml": _yaml(self.scenario),
        }
        for mode, edges in (("rail", self.rail), ("road", self.road)):
            if edges:
                files[f"geodata/networks/{mode}.csv"] = _csv(edges)
        for number, flow in enumerate(self.flows):
            files[f"routes/flow{number}.yaml"] = _yaml(flow)
        return {**files, **self.extra}


def _yaml(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000).encode()


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def write(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / "routes").mkdir(parents=True, exist_ok=True)
    return root


def period(start: tuple[int, int], end: tuple[int, int]) -> str:
    first, last = sorted([start, end])
    return f"{first[0]}-{first[1]:02d}/{last[0]}-{last[1]:02d}"


@st.composite
def projects(draw: st.DrawFn) -> Project:
    count = draw(st.integers(2, 5))
    nodes = [{
        "id": f"n{i}", "name": draw(words), "kind": draw(st.sampled_from(sorted(NODE_KINDS))),
        "country": "",  # a place anywhere: no country it is sure to lie in
        "lat": f"{draw(latitudes):.4f}", "lon": f"{draw(longitudes):.4f}",
        "precision": draw(st.sampled_from(sorted(PRECISIONS))), "basis": draw(words),
        "note": draw(st.one_of(st.just(""), words)),
    } for i in range(count)]
    ends = st.lists(st.sampled_from([n["id"] for n in nodes]), min_size=2, max_size=2,
                    unique=True)
    flows, claims_total = [], 0
    networks: dict[str, list[dict[str, str]]] = {"rail": [], "road": []}
    for f in range(draw(st.integers(1, 2))):
        legs = []
        for g in range(draw(st.integers(1, 3))):
            origin, destination = draw(ends)
            mode = draw(st.sampled_from(MODES))
            # a place drawn anywhere may lie far from any railway or road: an edge joins it
            edges = networks.get(mode)
            if edges is not None and {origin, destination} not in [{e["from"], e["to"]}
                                                                   for e in edges]:
                edges.append({"from": origin, "to": destination, "line": draw(words),
                              "note": ""})
            leg = {"id": f"f{f}-leg{g}", "mode": mode, "from": origin, "to": destination,
                   "basis": draw(st.sampled_from(sorted(BASES))), "basis_note": draw(words)}
            if draw(st.booleans()):
                leg["period"] = period(draw(months), draw(months))
            legs.append(leg)
        claims = []
        for _ in range(draw(st.integers(1, 3))):
            claim: dict[str, Any] = {"id": f"claim{claims_total}", "what": draw(words)}
            claims_total += 1
            if draw(st.booleans()):
                low, high = sorted(draw(st.lists(st.integers(0, 10**9), min_size=2,
                                                 max_size=2)))
                claim["value"] = low if low == high else [low, high]
                claim["unit"] = draw(st.sampled_from(["units", "tonnes"]))
                claim["qualifier"] = draw(st.sampled_from(sorted(QUALIFIERS)))
            claim.update(source="report", quote=draw(words),
                         status=draw(st.sampled_from(sorted(STATUSES))))
            if draw(st.booleans()):
                claim["legs"] = [legs[0]["id"]]
            claims.append(claim)
        flow = {"id": f"flow{f}", "name": draw(words), "cargo": draw(words),
                "direction": draw(st.sampled_from(["A to B", "B to A"])),
                "period": period(draw(months), draw(months)), "legs": legs, "claims": claims}
        valued = [c["id"] for c in claims if "value" in c]
        if valued:
            flow["headline"] = valued[0]
        flows.append(flow)
    used = sorted({leg["mode"] for flow in flows for leg in flow["legs"]})
    scenario = {
        "title": draw(words), "description": draw(words), "as_of": "2025-05-30",
        "units": {"units": "things counted", "tonnes": "metric tonnes"},
        "layers": [{"id": f"by-{mode}", "title": draw(words), "select": {"mode": mode}}
                   for mode in used],
    }
    quotes = [c["quote"] for flow in flows for c in flow["claims"]]
    sources = {"sources": [{"id": "report", "publisher": draw(words), "date": "2025-05-30",
                            "file": "report.txt"},
                           {"id": "site", "publisher": draw(words),
                            "url": "https://example.org/"}]}
    return Project(sources, "\n\n".join(["A report.", *quotes]) + "\n", nodes,
                   networks["rail"], scenario, flows, networks["road"])


# -- mutations -----------------------------------------------------------------------------

ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**12), st.floats(allow_nan=True),
    st.just(""), words, st.lists(words, max_size=2), st.dictionaries(words, words, max_size=1),
    st.sampled_from(["2024-13", "2025/2024", "..", "nan", "-inf", "1e999", "[1, 2]", "n0"]),
)


def _records(project: Project) -> list[dict[str, Any]]:
    """Every mapping a mutation may change: sources, nodes, edges, layers, flows, legs, claims."""
    found: list[dict[str, Any]] = [project.sources, project.scenario, *project.sources["sources"],
                                   *project.nodes, *project.rail, *project.road,
                                   *project.scenario["layers"]]
    for flow in project.flows:
        found += [flow, *flow["legs"], *flow["claims"]]
    return found


@st.composite
def mutated(draw: st.DrawFn) -> tuple[Project, dict[str, bytes], str]:
    """A valid project broken in one drawn way: the project, its files and what was done."""
    project = copy.deepcopy(draw(projects()))
    kind = draw(st.sampled_from(["drop", "retype", "swap", "duplicate", "rename",
                                 "truncate", "inject", "empty", "delete"]))
    if kind in ("drop", "retype", "swap", "rename"):
        record = draw(st.sampled_from(_records(project)))
        keys = sorted(record)
        key = draw(st.sampled_from(keys))
        if kind == "drop":
            del record[key]
        elif kind == "retype":
            value = draw(ODD_VALUES)
            csv_rows = project.nodes + project.rail + project.road
            record[key] = value if record not in csv_rows else str(value)
        elif kind == "swap":
            other = draw(st.sampled_from(keys))
            record[key], record[other] = record[other], record[key]
        else:
            record[draw(st.sampled_from(["colour", "Id", "legs", "notes", key + "s"]))] = (
                record.pop(key))
        return project, project.files(), f"{kind} {key!r}"
    if kind == "duplicate":
        lists = [project.nodes, project.sources["sources"], *(f["legs"] for f in project.flows),
                 *(f["claims"] for f in project.flows)]
        target = draw(st.sampled_from(lists))
        target.append(copy.deepcopy(draw(st.sampled_from(target))))
        return project, project.files(), kind
    files = project.files()
    name = draw(st.sampled_from(sorted(files)))
    data = files[name]
    if kind == "truncate":
        files[name] = data[: draw(st.integers(0, max(len(data) - 1, 0)))]
    elif kind == "inject":
        at = draw(st.integers(0, len(data)))
        files[name] = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    elif kind == "empty":
        files[name] = b""
    else:
        del files[name]
    return project, files, f"{kind} {name}"


def check(result: Any, what: str) -> None:
    """Exit 0, or exit 1/2 with every stderr line located; an exception has already failed."""
    assert result.exit_code in (0, 1, 2), f"{what}: exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output, what
    if result.exit_code == 0:
        return
    lines = result.stderr.splitlines()
    assert lines, f"{what}: exit {result.exit_code} with nothing on stderr"
    for line in lines:
        assert LINE.match(line), f"{what}: unlocated line {line!r}\n{result.stderr}"
    if lines[0].endswith("problem(s) found"):
        for line in lines[1:]:
            assert PROBLEM.match(line), f"{what}: problem without file or hint {line!r}"


@SETTINGS
@given(project=projects())
@pytest.mark.slow
def test_a_generated_project_validates_and_builds(project: Project):
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp) / "project", project.files())

        checked = run("validate", "--project", str(root))
        built = run("build", "--project", str(root), "--out", str(Path(tmp) / "maps"))

        assert checked.exit_code == 0, checked.output
        assert built.exit_code == 0, built.output
        assert (Path(tmp) / "maps" / "index.html").is_file()
        features = json.loads((Path(tmp) / "maps" / "geojson" / "all.geojson").read_text(
            encoding="utf-8"))["features"]
        places = {n["id"]: (float(n["lon"]), float(n["lat"])) for n in project.nodes}
        legs = {leg["id"]: leg for flow in project.flows for leg in flow["legs"]}
        drawn = {f["id"]: f for f in features if f["properties"]["feature"] == "leg"}
        assert sorted(drawn) == sorted(legs)
        assert sorted(f["id"] for f in features if f["properties"]["feature"] == "node") == (
            sorted(places))
        for leg_id, feature in drawn.items():
            first, last = ends(feature["geometry"])
            assert same_place(first, places[legs[leg_id]["from"]]), (leg_id, first)
            assert same_place(last, places[legs[leg_id]["to"]]), (leg_id, last)


@SETTINGS
@given(case=mutated())
@pytest.mark.slow
def test_a_mutated_project_ends_in_success_or_a_located_error(
        case: tuple[Project, dict[str, bytes], str]):
    _, files, what = case
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp) / "project", files)
        out = Path(tmp) / "out"

        check(run("validate", "--project", str(root)), f"validate after {what}")
        check(run("export", "--project", str(root), "--out", str(out)), f"export after {what}")
        check(run("build", "--project", str(root), "--out", str(out)), f"build after {what}")


def ends(geometry: dict) -> tuple[list[float], list[float]]:
    """The first and last point of a GeoJSON LineString or MultiLineString."""
    parts = geometry["coordinates"]
    if geometry["type"] == "LineString":
        parts = [parts]
    return parts[0][0], parts[-1][-1]


def same_place(point: list[float], lon_lat: tuple[float, float]) -> bool:
    """Whether an exported point (rounded to 5 decimals) is the place, ±180 being one."""
    turns = (point[0] - lon_lat[0]) / 360.0
    return abs(turns - round(turns)) * 360.0 < 1e-6 and abs(point[1] - lon_lat[1]) < 1e-6


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The haversine distance on a sphere of the mean earth radius (within 0.5% of the
    WGS84 geodesic)."""
    (lon1, lat1), (lon2, lat2) = [(math.radians(lon), math.radians(lat)) for lon, lat in (a, b)]
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def flight_feature(maps: Path) -> dict:
    features = json.loads((maps / "geojson" / "air.geojson").read_text(encoding="utf-8"))
    assert [f["id"] for f in features["features"]] == ["flight"]
    return features["features"][0]


def flight(tmp_path: Path, origin: tuple[str, float, float],
           destination: tuple[str, float, float]) -> Path:
    """A valid project holding one air leg between two airports given as (id, lat, lon)."""
    quote = f"Flights from {origin[0]} to {destination[0]}."
    nodes = [{"id": name, "name": name.title(), "kind": "airfield", "country": "",
              "lat": f"{lat:.4f}", "lon": f"{lon:.4f}", "precision": "site", "basis": "b",
              "note": ""} for name, lat, lon in (origin, destination)]
    project = Project(
        sources={"sources": [{"id": "report", "publisher": "P", "file": "report.txt"}]},
        text=quote + "\n", nodes=nodes, rail=[],
        scenario={"title": "Flights", "as_of": "2025", "units": {"flights": "flights"},
                  "layers": [{"id": "air", "title": "Air", "select": {"mode": "air"}}]},
        flows=[{"id": "flights", "name": "Flights", "cargo": "cargo", "direction": "out",
                "legs": [{"id": "flight", "mode": "air", "from": origin[0],
                          "to": destination[0], "basis": "schematic"}],
                "claims": [{"id": "flights", "what": "flights", "source": "report",
                            "quote": quote}]}])
    root = write(tmp_path / "project", project.files())
    assert run("validate", "--project", str(root)).exit_code == 0
    return root


def test_a_project_spanning_more_than_120_degrees_of_longitude_builds(tmp_path: Path):
    root = flight(tmp_path, ("london", 51.47, -0.4543), ("vladivostok", 43.3989, 132.1481))

    result = run("build", "--project", str(root), "--out", str(tmp_path / "maps"))

    assert result.exit_code == 0, result.output
    leg = flight_feature(tmp_path / "maps")
    assert leg["geometry"]["type"] == "LineString"
    assert ends(leg["geometry"]) == ([-0.4543, 51.47], [132.1481, 43.3989])
    expected = great_circle_km((-0.4543, 51.47), (132.1481, 43.3989))
    assert abs(leg["properties"]["length_km"] - expected) < 0.005 * expected
    assert max(lat for _, lat in leg["geometry"]["coordinates"]) > 60  # over the pole side


def test_a_leg_across_the_antimeridian_builds(tmp_path: Path):
    root = flight(tmp_path, ("vladivostok", 43.3989, 132.1481), ("anchorage", 61.17, -149.99))

    result = run("build", "--project", str(root), "--out", str(tmp_path / "maps"))

    assert result.exit_code == 0, result.output
    geometry = flight_feature(tmp_path / "maps")["geometry"]
    assert geometry["type"] == "MultiLineString" and len(geometry["coordinates"]) == 2
    west, east = geometry["coordinates"]
    assert (west[0], east[-1]) == ([132.1481, 43.3989], [-149.99, 61.17])
    assert west[-1][0] == 180.0 and east[0][0] == -180.0 and west[-1][1] == east[0][1]
    assert all(lon >= 132.1481 for lon, _ in west) and all(lon <= -149.99 for lon, _ in east)


def test_a_basemap_for_lines_wider_than_the_world_stays_one_world_wide():
    from logimap.render.basemap import MAX_WIDTH_DEG, basemap, extent_with_margin

    west, _, east, _ = extent_with_margin((-200.0, -40.0, 190.0, 60.0))

    assert (west, east) == (-5.0 - MAX_WIDTH_DEG / 2, -5.0 + MAX_WIDTH_DEG / 2)
    assert basemap((-200.0, -40.0, 190.0, 60.0))["land"]
