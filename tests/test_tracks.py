"""Legs drawn from tracks: every format read back to the same fixes, dark periods found at
the leg's gap exactly, clipping to the leg's period, jumps left out, and the synthetic
Rajin-Dunai voyage with its one 30-hour dark period in every format."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import logimap
from logimap.pipeline import route
from logimap.read.scenario import read_project
from logimap.read.tracks import read_data
from logimap.tables import make_tables
from tests.tracked import make_project
from tests.voyage import DARK_AFTER, MMSI, WRITERS, Fix, voyage

FORMATS = sorted(WRITERS)


def _write(tmp_path: Path, name: str, fixes: list[Fix]) -> Path:
    return WRITERS[name](tmp_path / f"voyage.{name}", fixes)


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_reads_back_to_the_same_fixes(tmp_path: Path, name: str):
    fixes = voyage()
    path = _write(tmp_path, name, fixes)

    found = read_data(path.read_bytes(), f"tracks/{path.name}")

    assert found.problems == [] and found.notes == []
    read = found.fixes
    assert read.times.tolist() == [f.epoch_ms for f in fixes]
    assert read.lons.tolist() == [f.lon for f in fixes]
    assert read.lats.tolist() == [f.lat for f in fixes]
    if name in ("csv", "geojson", "nmea"):  # the formats that carry them
        assert read.speeds.tolist() == [f.speed for f in fixes]
        assert read.courses.tolist() == [f.course for f in fixes]
        assert read.id_values == (MMSI,)


@pytest.mark.parametrize("name", FORMATS)
def test_the_synthetic_voyage_has_one_30_hour_dark_period_in_every_format(
        tmp_path: Path, name: str):
    fixes = voyage()
    source = _write(tmp_path, name, fixes)
    project = make_project(tmp_path / "project", source.name, source.read_bytes())

    scenario = logimap.load(project)
    geometries, problems, _ = route(scenario)
    tables = make_tables(scenario, geometries)

    assert problems == []
    gaps = tables.tracks.gaps
    before, after = fixes[DARK_AFTER - 1], fixes[DARK_AFTER]
    assert gaps["hours"].tolist() == [30.0]
    assert gaps["start"].tolist() == [before.epoch_ms]
    assert gaps["end"].tolist() == [after.epoch_ms]
    # what was not received: AIS in a receiver's records (CSV, NMEA), positions in a file a
    # device logs itself (GPX, KML, GeoJSON); never that a transponder was switched off
    logged = name in ("gpx", "kml", "geojson", "line.geojson")
    assert gaps["label"].tolist() == ["no positions for 30 h" if logged
                                      else "no AIS received for 30 h"]
    assert tables.tracks.gap_lines == [[(before.lon, before.lat), (after.lon, after.lat)]]
    line = geometries["voyage"].coords
    rajin, dunay = (scenario.node_by_id[n] for n in ("rajin_port", "dunay_port"))
    assert line[0] == (rajin.lon, rajin.lat) and line[-1] == (dunay.lon, dunay.lat)
    assert line[1:-1] == tuple((f.lon, f.lat) for f in fixes)
    assert scenario.leg_by_id["voyage"].period.start == date(2023, 9, 7)
    assert scenario.leg_by_id["voyage"].period.end == fixes[-1].time.date()


@pytest.mark.parametrize(("mode", "label"), [("air", "no ADS-B received for 30 h"),
                                             ("road", "no positions for 30 h")])
def test_a_dark_period_names_what_was_not_received_by_the_legs_mode(
        tmp_path: Path, mode: str, label: str):
    source = _write(tmp_path, "csv", voyage())
    project = make_project(tmp_path / "project", source.name, source.read_bytes(),
                           {"mode": mode})

    scenario = logimap.load(project)
    geometries, problems, _ = route(scenario)

    assert problems == []
    assert make_tables(scenario, geometries).tracks.gaps["label"].tolist() == [label]


def _csv(times: list[datetime], points: list[tuple[float, float]] | None = None,
         ids: list[str] | None = None) -> str:
    points = points or [(130.3 + 0.01 * i, 42.24) for i in range(len(times))]
    ids = ids or ["1"] * len(times)
    rows = [f"{t:%Y-%m-%dT%H:%M:%S.%f}"[:-3] + f"Z,{lat},{lon},{i}"
            for t, (lon, lat), i in zip(times, points, ids, strict=True)]
    return "time,lat,lon,id\n" + "\n".join(rows) + "\n"


T0 = datetime(2023, 9, 7, tzinfo=UTC)


@pytest.mark.parametrize(("gap", "step", "dark"), [
    (None, timedelta(hours=6), 0),
    (None, timedelta(hours=6, milliseconds=1), 1),
    ("12", timedelta(hours=12), 0),
    ("12", timedelta(hours=12, seconds=1), 1),
    ("90 min", timedelta(minutes=90), 0),
    ("90 min", timedelta(minutes=90, seconds=1), 1),
    ("2 d", timedelta(days=2), 0),
    ("2 d", timedelta(days=2, seconds=1), 1),
])
def test_a_dark_period_is_a_gap_longer_than_the_legs_gap_exactly(
        tmp_path: Path, gap: str | None, step: timedelta, dark: int):
    # A slow drift, so that no step is a jump whatever its length.
    times = [T0, T0 + timedelta(minutes=10), T0 + timedelta(minutes=10) + step,
             T0 + timedelta(minutes=20) + step]
    points = [(130.3, 42.24), (130.301, 42.24), (130.302, 42.24), (130.303, 42.24)]
    project = make_project(tmp_path, "t.csv", _csv(times, points), {"gap": gap})
    scenario, problems = read_project(project)

    assert problems == []

    track = scenario.tracks["voyage"]
    assert len(track.gaps) == dark
    if dark:
        assert track.gaps[0].hours == step / timedelta(hours=1)


def test_the_track_is_clipped_to_the_legs_period(tmp_path: Path):
    out = voyage()
    back = [Fix(f.time + timedelta(days=3), f.lon, f.lat, f.speed, f.course)
            for f in reversed(out)]
    times = [f.time for f in out] + [T0 + timedelta(days=3) + (out[-1].time - f.time)
                                     for f in reversed(out)]
    assert times == sorted(times)  # out to Dunai, three days there, back to Rajin
    source = WRITERS["csv"](tmp_path / "shuttle.csv", out + [
        Fix(t, f.lon, f.lat, f.speed, f.course) for t, f in zip(times[len(out):], back,
                                                                 strict=True)])
    legs = """  - id: out
    mode: sea
    from: rajin_port
    to: dunay_port
    basis: observed
    track: tracks/shuttle.csv
    period: 2023-09-07/2023-09-09
  - id: back
    mode: sea
    from: dunay_port
    to: rajin_port
    basis: observed
    track: tracks/shuttle.csv
    period: 2023-09-10/2023-09-12"""
    project = make_project(tmp_path / "p", "shuttle.csv", source.read_bytes(), legs=legs)

    scenario = logimap.load(project)
    geometries, problems, _ = route(scenario)

    assert problems == []
    outward, homeward = scenario.tracks["out"], scenario.tracks["back"]
    assert outward.fixes.times[outward.drawn].tolist() == [f.epoch_ms for f in out]
    assert [int(t) for t in homeward.fixes.times[homeward.drawn]] == [
        round(t.timestamp() * 1000) for t in times[len(out):]]
    points = make_tables(scenario, geometries).tracks.points
    # The shuttle's fixes are listed once, each with the leg that draws it.
    assert points["leg_id"].tolist() == ["out"] * len(out) + ["back"] * len(out)
    assert points["status"].tolist() == ["drawn"] * (2 * len(out))
    assert geometries["out"].coords[1:-1] == tuple((f.lon, f.lat) for f in out)
    assert scenario.leg_by_id["out"].period.text == "2023-09-07/2023-09-09"


def test_the_period_is_the_tracks_when_the_leg_gives_none(tmp_path: Path):
    fixes = voyage()
    source = _write(tmp_path, "csv", fixes)
    project = make_project(tmp_path / "p", "v.csv", source.read_bytes())

    leg = logimap.load(project).leg_by_id["voyage"]

    assert (leg.period.start, leg.period.end) == (fixes[0].time.date(), fixes[-1].time.date())


def test_a_jump_too_fast_for_a_ship_is_reported_and_not_drawn(tmp_path: Path):
    fixes = voyage()
    spoofed = Fix(fixes[10].time + timedelta(minutes=5), 135.0, 40.0, 10.0, 0.0)  # ~400 km
    with_jump = [*fixes[:11], spoofed, *fixes[11:]]
    source = WRITERS["csv"](tmp_path / "v.csv", with_jump)
    project = make_project(tmp_path / "p", "v.csv", source.read_bytes())

    scenario = logimap.load(project)
    geometries, problems, _ = route(scenario)

    assert problems == []
    [note] = scenario.notes
    assert (note.path, note.where) == ("tracks/v.csv", " row 13")  # header, 11 fixes, then it
    assert "not drawn" in note.message and "km/h" in note.message
    assert (135.0, 40.0) not in geometries["voyage"].coords
    statuses = make_tables(scenario, geometries).tracks.points["status"].tolist()
    assert statuses.count("jump") == 1 and statuses[11] == "jump"


def test_a_track_leg_is_not_kept_in_the_route_store_nor_checked_against_land(tmp_path: Path):
    from logimap.store.results import RouteStore

    fixes = voyage()
    project = make_project(tmp_path / "p", "v.csv", _write(tmp_path, "csv", fixes).read_bytes())
    store = RouteStore(tmp_path / "store")

    scenario = logimap.load(project)
    geometries, problems, _ = route(scenario, store)
    moved = [Fix(f.time, f.lon, f.lat + 0.001, f.speed, f.course) for f in fixes]
    WRITERS["csv"](project / "tracks/v.csv", moved)
    again, _, _ = route(logimap.load(project), store)

    assert problems == []
    assert again["voyage"].coords[1:-1] == tuple((f.lon, f.lat) for f in moved)
    assert again["voyage"].coords != geometries["voyage"].coords


def test_a_track_across_the_antimeridian_is_one_line_and_split_in_the_exports(tmp_path: Path):
    import json

    from logimap.exports import render_exports

    times = [T0 + timedelta(hours=h) for h in range(5)]
    lons = [179.0, 179.5, -179.9, -179.5, -179.0]  # eastward across 180
    points = [(lon, 52.0) for lon in lons]
    project = make_project(tmp_path, "pacific.csv", _csv(times, points),
                           {"from": "west", "to": "east"})
    (project / "geodata/nodes.csv").write_text(
        "id,name,kind,lat,lon,precision,basis\n"
        "west,West,waypoint,52.0,179.0,site,test\neast,East,waypoint,52.0,-179.0,site,test\n",
        encoding="utf-8")

    scenario = logimap.load(project)
    geometries, problems, _ = route(scenario)
    files = dict(render_exports(scenario, make_tables(scenario, geometries), ["geojson"]))

    assert problems == []
    line = geometries["voyage"].coords
    assert [lon for lon, _ in line] == [179.0, 179.0, 179.5, 180.1, 180.5, 181.0, 181.0]
    leg = json.loads(files["geojson/all.geojson"])["features"][0]
    assert leg["geometry"]["type"] == "MultiLineString"
    assert [p[0] for p in leg["geometry"]["coordinates"][0]][-1] == 180.0
    fixes = json.loads(files["geojson/track_points.geojson"])["features"]
    assert [f["geometry"]["coordinates"][0] for f in fixes] == lons
