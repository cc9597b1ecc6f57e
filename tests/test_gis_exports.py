"""GIS exports read back by pyogrio and GDAL: layers, counts, fields, ids, RFC 7946."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest

import logimap
from logimap.errors import UsageError
from logimap.exports import export
from logimap.tables import SCHEMA

KML = "{http://www.opengis.net/kml/2.2}"



@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, scenario) -> Path:
    out = tmp_path_factory.mktemp("export")
    export(scenario, out)
    return out


def ogrinfo(*args: str) -> str:
    exe = shutil.which("ogrinfo")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("GDAL's ogrinfo is required when CI is set: apt-get install gdal-bin")
        pytest.skip("GDAL's ogrinfo is not installed (apt-get install gdal-bin)")
    return subprocess.run([exe, "-ro", *args], capture_output=True, text=True, check=True).stdout


def test_the_geopackage_holds_five_tables_joined_by_ids(exported: Path, scenario):
    import pyogrio

    path = exported / "logimap.gpkg"
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}

    assert layers == {"nodes": "Point", "legs": "MultiLineString", "flows": None,
                      "claims": None, "sources": None}
    legs = pyogrio.read_dataframe(path, layer="legs")
    claims = pyogrio.read_dataframe(path, layer="claims")
    assert list(legs["id"]) == [leg.id for leg in scenario.legs]
    assert set(SCHEMA["legs"]) - {"geometry"} <= set(legs.columns)
    assert set(SCHEMA["claims"]) <= set(claims.columns)
    assert set(claims["source"]) <= set(pyogrio.read_dataframe(path, layer="sources")["id"])
    for leg_ids in claims["leg_ids"]:
        assert set(filter(None, leg_ids.split(";"))) <= set(legs["id"])


def test_gdal_reads_every_export(exported: Path, scenario):
    gpkg = ogrinfo("-so", "-al", str(exported / "logimap.gpkg"))
    everything = ogrinfo("-so", "-al", str(exported / "geojson/all.geojson"))
    kml = ogrinfo("-so", str(exported / "logimap.kml"))

    assert f"Feature Count: {len(scenario.legs)}" in gpkg
    assert f"Feature Count: {len(scenario.nodes)}" in gpkg
    assert "length_km: Real" in gpkg and "claim_ids: String" in gpkg
    assert f"Feature Count: {len(scenario.legs) + len(scenario.nodes)}" in everything
    for layer in scenario.layers:
        assert f"{layer.group}: {layer.title}" in kml
        assert ogrinfo("-so", "-al", str(exported / f"geojson/{layer.id}.geojson"))


def test_geojson_follows_rfc_7946(exported: Path):
    for path in sorted((exported / "geojson").glob("*.geojson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["type"] == "FeatureCollection" and "crs" not in data
        for feature in data["features"]:
            geometry = feature["geometry"]
            lines = {"Point": [[geometry["coordinates"]]],
                     "LineString": [geometry["coordinates"]],
                     "MultiLineString": geometry["coordinates"]}[geometry["type"]]
            for line in lines:
                for lon, lat in line:
                    assert -180 <= lon <= 180 and -90 <= lat <= 90
                for (lon1, _), (lon2, _) in pairwise(line):
                    assert abs(lon2 - lon1) <= 180, f"{feature['id']} jumps across the map"


def test_kml_has_a_folder_per_layer_with_time_spans_and_quotes(exported: Path, scenario):
    root = ET.parse(exported / "logimap.kml").getroot()
    folders = root.findall(f"{KML}Document/{KML}Folder")
    placemarks = root.iter(f"{KML}Placemark")
    balloons = " ".join(p.findtext(f"{KML}description") or "" for p in placemarks)

    assert len(folders) == len(scenario.layers) + 1  # and the places
    assert root.find(f".//{KML}TimeSpan/{KML}begin") is not None
    assert "Early shipments involved 49 voyages by Russian cargo ships" in balloons


def test_ids_agree_across_geojson_gpkg_kml_and_csv(exported: Path, scenario):
    import pyogrio

    geojson = json.loads((exported / "geojson/all.geojson").read_text(encoding="utf-8"))
    geo_legs = {f["id"] for f in geojson["features"] if f["properties"]["feature"] == "leg"}
    gpkg_legs = set(pyogrio.read_dataframe(exported / "logimap.gpkg", layer="legs")["id"])
    kml_legs = {p.get("id") for p in ET.parse(exported / "logimap.kml").getroot()
                .iter(f"{KML}Placemark")} - {n.id for n in scenario.nodes}
    with open(exported / "claims.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    csv_legs = {leg for row in rows for leg in row["leg_ids"].split(";") if leg}

    assert geo_legs == gpkg_legs == kml_legs == {leg.id for leg in scenario.legs}
    assert csv_legs <= geo_legs
    assert [row["id"] for row in rows] == [c.id for c in scenario.claims]
    shells = next(row for row in rows if row["id"] == "shells-2024")
    assert (shells["value_low"], shells["unit"], shells["qualifier"]) == ("9000000", "shells",
                                                                          "about")
    assert shells["source_publisher"] == "Korea Daily"


def test_two_exports_are_byte_identical(exported: Path, scenario, tmp_path: Path):
    export(scenario, tmp_path)

    for path in sorted(exported.rglob("*")):
        if path.is_file():
            assert (tmp_path / path.relative_to(exported)).read_bytes() == path.read_bytes()


def test_an_unknown_layer_is_refused(scenario):
    from logimap.pipeline import check_layers

    with pytest.raises(UsageError, match="unknown layer 'nope'"):
        check_layers(scenario, ["nope"])


def test_a_line_across_the_antimeridian_is_split_at_180(tmp_path: Path):
    from tests.conftest import run

    project = tmp_path / "pacific"
    run("init", str(project))
    with open(project / "geodata/nodes.csv", "a", encoding="utf-8") as nodes:
        nodes.write("pkc,Petropavlovsk-Kamchatsky,airfield,RU,53.02,158.65,town,test,\n"
                    "nome,Nome,airfield,US,64.50,-165.41,town,test,\n")
    text = (project / "routes/munitions.yaml").read_text(encoding="utf-8")
    text = text.replace("claims:\n", "  - id: air-pacific\n    mode: air\n    from: pkc\n"
                        "    to: nome\n    basis: schematic\n\nclaims:\n", 1)
    (project / "routes/munitions.yaml").write_text(text, encoding="utf-8")
    scenario = logimap.load(project)

    export(scenario, tmp_path / "out", formats=("geojson",))

    data = json.loads((tmp_path / "out/geojson/all.geojson").read_text(encoding="utf-8"))
    pacific = next(f for f in data["features"] if f["id"] == "air-pacific")
    first, second = pacific["geometry"]["coordinates"]
    assert pacific["geometry"]["type"] == "MultiLineString"
    assert first[0] == [158.65, 53.02] and second[-1] == [-165.41, 64.5]
    assert first[-1][0] == 180 and second[0][0] == -180
    assert first[-1][1] == second[0][1]
