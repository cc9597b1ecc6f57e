"""The tracks in the GIS exports, as GDAL and an XML parser read them back: every fix in
``track_points`` with its time, every dark period in ``track_gaps`` with its start, end,
hours and line, in the GeoPackage (which GDAL's validator passes), the GeoJSON and the KML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import run
from tests.gis import gdal_read, validate_gpkg
from tests.tracked import make_project
from tests.voyage import DARK_AFTER, MMSI, WRITERS, Fix, voyage

pytestmark = pytest.mark.gis

KML = "{http://www.opengis.net/kml/2.2}"
GX = "{http://www.google.com/kml/ext/2.2}"


def _z(fix: Fix) -> str:
    return fix.time.strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pytest.fixture(scope="module")
def fixes() -> list[Fix]:
    """The voyage with one spoofed fix (not drawn) after its tenth."""
    fixes = voyage()
    spoofed = Fix(fixes[9].time + timedelta(minutes=5), 135.0, 40.0, 10.0, 0.0)
    return [*fixes[:10], spoofed, *fixes[10:]]


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory, fixes: list[Fix]) -> Path:
    root = tmp_path_factory.mktemp("tracked")
    source = WRITERS["csv"](root / "v.csv", fixes)
    project = make_project(root / "p", "v.csv", source.read_bytes())
    result = run("build", "--project", str(project), "--no-cache")
    assert result.exit_code == 0, result.stderr
    return project / "maps"



def test_the_track_geojson_files_are_written_beside_the_legs_and_places(maps: Path):
    written = {path.name for path in (maps / "geojson").iterdir()}

    assert {"all.geojson", "track_points.geojson", "track_gaps.geojson"} <= written

def test_the_geopackage_holds_every_fix_with_its_time(maps: Path, fixes: list[Fix]):
    layer = gdal_read(maps / "logimap.gpkg")["layers"]["track_points"]

    assert layer["geometry"] == "Point"
    assert layer["fields"] == {
        "leg_id": "String", "time": "DateTime", "vessel_id": "String", "lon": "Real",
        "lat": "Real", "speed_kn": "Real", "course": "Real", "status": "String",
        "source_file": "String", "source_place": "String"}
    rows = layer["rows"]
    assert [row["time"] for row in rows] == [_z(f) for f in fixes]
    assert [(row["lon"], row["lat"]) for row in rows] == [(f.lon, f.lat) for f in fixes]
    assert [row["speed_kn"] for row in rows] == [f.speed for f in fixes]
    assert {row["vessel_id"] for row in rows} == {MMSI}
    assert [row["status"] for row in rows].count("jump") == 1
    assert rows[10]["status"] == "jump" and rows[10]["source_place"] == "row 12"


def test_the_geopackage_holds_each_dark_period(maps: Path, fixes: list[Fix]):
    layer = gdal_read(maps / "logimap.gpkg")["layers"]["track_gaps"]
    before, after = fixes[DARK_AFTER], fixes[DARK_AFTER + 1]  # the spoofed fix shifts them

    assert layer["geometry"] == "Multi Line String"
    assert layer["fields"] == {"leg_id": "String", "start": "DateTime", "end": "DateTime",
                               "hours": "Real", "label": "String", "source_file": "String"}
    assert layer["rows"] == [{"leg_id": "voyage", "start": _z(before), "end": _z(after),
                              "hours": 30.0, "label": "no AIS received for 30 h",
                              "source_file": "tracks/v.csv"}]


def test_gdals_validator_passes_the_geopackage_with_tracks(maps: Path):
    checked = validate_gpkg(maps / "logimap.gpkg")

    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_geojson_files_hold_the_fixes_and_dark_periods_with_times(maps: Path,
                                                                      fixes: list[Fix]):
    points = gdal_read(maps / "geojson/track_points.geojson")["layers"]["track_points"]
    gaps = gdal_read(maps / "geojson/track_gaps.geojson")["layers"]["track_gaps"]

    assert points["fields"]["time"] == "DateTime"
    assert [row["time"] for row in points["rows"]] == [_z(f) for f in fixes]
    assert gaps["fields"]["start"] == gaps["fields"]["end"] == "DateTime"
    assert [(row["label"], row["hours"]) for row in gaps["rows"]] == [
        ("no AIS received for 30 h", 30.0)]


def test_the_kml_has_a_playable_track_and_the_dark_period(maps: Path, fixes: list[Fix]):
    root = ET.parse(maps / "logimap.kml").getroot()
    folders = {f.findtext(f"{KML}name"): f for f in root.iter(f"{KML}Folder")}

    track = folders["Observed tracks"].find(f".//{GX}Track")
    drawn = [f for f in fixes if f.lon != 135.0]
    assert [w.text for w in track.findall(f"{KML}when")] == [_z(f) for f in drawn]
    coords = [tuple(map(float, c.text.split()[:2])) for c in track.findall(f"{GX}coord")]
    assert coords == [(round(f.lon, 5), round(f.lat, 5)) for f in drawn]
    [gap] = folders["Dark periods"].findall(f"{KML}Placemark")
    assert gap.findtext(f"{KML}name") == "no AIS received for 30 h"
    span = gap.find(f"{KML}TimeSpan")
    assert (span.findtext(f"{KML}begin"), span.findtext(f"{KML}end")) == (
        _z(fixes[DARK_AFTER]), _z(fixes[DARK_AFTER + 1]))


def test_a_project_without_tracks_writes_no_track_tables(tmp_path: Path):
    result = run("build", "--out", str(tmp_path / "maps"))

    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "maps/geojson/track_points.geojson").exists()
    assert "track_points" not in gdal_read(tmp_path / "maps/logimap.gpkg")["layers"]


def test_qgis_opens_the_track_layers_and_plays_them_in_time(maps: Path, fixes: list[Fix]):
    from tests.gis import probe

    found = probe("qgis_track_probe.py", "qgis.core", "qgis python3-qgis", maps,
                  "2023-09-07T00:00:00Z", "2023-09-07T23:59:59Z")

    on_the_day = [f for f in fixes if f.time.day == 7]
    assert found["Fixes"]["valid"] and found["Dark periods"]["valid"]
    assert found["Fixes"]["features"] == len(fixes)
    assert found["Fixes"]["temporal"] == {"active": True, "mode": 1, "start": "time", "end": ""}
    assert found["Fixes"]["in_window"] == len(on_the_day)
    assert found["Dark periods"]["temporal"]["start"] == "start"
    assert found["Dark periods"]["in_window"] == 1  # it starts that day
