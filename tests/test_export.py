"""Tables and GIS exports: one fixed schema, every format read back by pyogrio and by GDAL.

The default scenario is exported once; a small Pacific scenario, built from the model's
dataclasses, has an air leg across the antimeridian and text full of markup.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest

from logimap.errors import GeometryError, UsageError
from logimap.exports.claims_csv import CSV_COLUMNS
from logimap.exports.geojson import LEG_PROPERTIES, NODE_PROPERTIES, STRETCH_PROPERTIES
from logimap.exports.values import DECIMALS
from logimap.model import Claim, Flow, Layer, Leg, Location, Node, Scenario, Source
from logimap.periods import parse_period
from logimap.pipeline import tables_of
from logimap.route import build_geometries
from logimap.tables import SCHEMA, Tables, legs_in_layer, make_tables
from tests.conftest import write_exports_of
from tests.markers import require

KML = "{http://www.opengis.net/kml/2.2}"
HOSTILE = "<script>alert(1)</script> “quotes” & ${x} `tick`"
GEOJSON_TYPES = {"LineString": "Line String", "MultiLineString": "Multi Line String",
                 "Point": "Point", None: "None"}


# -- helpers ------------------------------------------------------------------------------


def ogrinfo_layers(path: Path) -> dict[str, dict]:
    """``ogrinfo -ro -so -al``: per layer its geometry type, feature count and field names."""
    require("gis")
    exe = shutil.which("ogrinfo")
    if exe is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("GDAL's ogrinfo is required when CI=true: apt-get install gdal-bin")
        pytest.skip("GDAL's ogrinfo is not installed (apt-get install gdal-bin)")
    text = subprocess.run([exe, "-ro", "-so", "-al", str(path)], capture_output=True,
                          text=True, check=True).stdout
    layers = {}
    for block in text.split("\nLayer name: ")[1:]:
        name, _, body = block.partition("\n")
        geometry = re.search(r"^Geometry: (.+)$", body, re.M)
        layers[name] = {
            "geometry": geometry.group(1) if geometry else "None",
            "count": int(re.search(r"^Feature Count: (\d+)$", body, re.M).group(1)),
            "fields": re.findall(r"^([\w-]+): (?:String|Real|Integer|Integer64|Date|DateTime)"
                                 r"(?:\(\w+\))? \(", body, re.M),
        }
    return layers


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def expected_files(layer_ids: list[str]) -> list[str]:
    return sorted([*(f"geojson/{layer}.geojson" for layer in layer_ids), "geojson/all.geojson",
                   "logimap.gpkg", "logimap.qgz", "logimap.kml", "claims.csv", "legs.csv"])


def geojson(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def kml_root(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


class Balloon(HTMLParser):
    """A KML balloon (HTML) as the text a reader sees, and the tags it holds."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self.links = "", [], []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [value for name, value in attrs if name == "href"]

    def handle_data(self, data):
        self.text += data


def lines_of(geometry: dict) -> list[list[list[float]]]:
    return {"Point": [[geometry["coordinates"]]], "LineString": [geometry["coordinates"]],
            "MultiLineString": geometry["coordinates"]}[geometry["type"]]


# -- a small Pacific scenario -------------------------------------------------------------


def pacific(text: str = "Pacific") -> Scenario:
    """An air leg Petropavlovsk-Kamchatsky -> Nome, across 180°; ``text`` in every free text."""
    here = Location("routes/pacific.yaml", 1)
    source = Source("pacific-report", f"{text} title", f"{text} publisher", "2025-01-02",
                    "javascript:alert(1)", "", "", None, f"{text} source note", here)
    nodes = (
        Node("pkc", f"{text} Petropavlovsk-Kamchatsky", "airfield", "RU", 158.65, 53.02,
             "town", f"{text} basis", f"{text} node note", Location("geodata/nodes.csv", row=2)),
        Node("nome", "Nome", "airfield", "US", -165.41, 64.50, "town", "test", "",
             Location("geodata/nodes.csv", row=3)),
    )
    leg = Leg("pacific-air", "pacific", "air", "pkc", "nome", (), "schematic",
              f"{text} basis note", ("pacific-report",), None, here)
    claims = (
        Claim("pacific-flights", f"{text} what", 3.0, 3.0, "flights", "about",
              parse_period("2024-11/.."), "pacific-report", f"{text} quote", "disputed",
              f"{text} claim note", (), (), (), "pacific", here),
        Claim("at-pkc", "a place claim", None, None, "", "", None, "pacific-report",
              "another quote", "reported", "", (), (), ("pkc",), "pacific", here),
    )
    flow = Flow("pacific", f"{text} flow", f"{text} cargo", f"{text} direction",
                parse_period("2024-11/.."), "pacific-flights", f"{text} flow note", (leg,),
                claims, here)
    layer = Layer("pacific-by-air", f"{text} by air", f"{text} group", {"mode": ("air",)}, here)
    return Scenario(Path("."), f"{text} scenario", "", "2025-01-15", {"flights": "flights"},
                    (source,), nodes, (), (flow,), (layer,))


@pytest.fixture(scope="module")
def geometries(scenario) -> dict:
    return build_geometries(scenario)


@pytest.fixture(scope="module")
def tables(scenario, geometries: dict) -> Tables:
    return make_tables(scenario, geometries)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, scenario, tables: Tables) -> Path:
    out = tmp_path_factory.mktemp("export")
    write_exports_of(scenario, out, tables=tables)
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    write_exports_of(pacific(HOSTILE), out)
    return out


# -- tables -------------------------------------------------------------------------------


def test_every_table_has_exactly_the_documented_columns(tables: Tables):
    for name, columns in SCHEMA.items():
        frame = getattr(tables, name)
        assert list(frame.columns) == list(columns), name
        assert all(meaning for meaning in columns.values()), f"{name}: undocumented column"


def test_tables_hold_no_datetime_columns_and_serialise_to_json(tables: Tables):
    for name in SCHEMA:
        frame = getattr(tables, name)
        kinds = {column: frame[column].dtype.kind for column in frame.columns
                 if column != "geometry"}
        assert "M" not in kinds.values() and "m" not in kinds.values(), name
    json.loads(tables.legs.to_json())
    json.loads(tables.nodes.to_json())
    assert tables.legs.crs.to_epsg() == tables.nodes.crs.to_epsg() == 4326


def test_rows_keep_file_order_with_the_data_own_ids(tables: Tables, scenario):
    assert list(tables.nodes["id"]) == [n.id for n in scenario.nodes]
    assert list(tables.legs["id"]) == [leg.id for leg in scenario.legs]
    assert list(tables.flows["id"]) == [f.id for f in scenario.flows]
    assert list(tables.claims["id"]) == [c.id for c in scenario.claims]
    assert list(tables.sources["id"]) == [s.id for s in scenario.sources]
    assert set(tables.legs.geometry.geom_type) == {"LineString"}
    assert set(tables.nodes.geometry.geom_type) == {"Point"}


def test_a_leg_row_carries_its_flow_period_claims_and_headline(tables: Tables, scenario):
    row = tables.legs.set_index("id").loc["munitions-sea-rajin-dunay"]
    leg = scenario.leg_by_id["munitions-sea-rajin-dunay"]

    assert (row["flow"], row["mode"], row["basis"]) == (leg.flow, leg.mode, leg.basis)
    assert (row["period_start"], row["period_end"]) == ("2023-08-01", "2025-03-31")
    # the flow's claims that name no legs, and those that name this one, in file order
    assert row["claim_ids"] == ("shells-2024;voyages-early;containers-since-2023-09;"
                                "shell-gun-types;shell-calibres;us-containers-2023-10;"
                                "state-containers-2024-02")
    assert row["source_ids"] == ("rusi-2023-10-16;kbs-world-2023-10-13;csis-najin-2023-10;"
                                 "nk-pro-2024-03;reuters-osc-2025-04")
    assert row["layer_ids"] == "dprk-russia-sea"
    assert (row["headline"], row["headline_value"], row["headline_unit"]) == (
        "about 9,000,000 shells", 9_000_000, "shells")


def test_a_leg_without_geometry_is_named(scenario):
    first = scenario.legs[0]
    with pytest.raises(GeometryError, match=re.escape(
            f"{first.where}: leg {first.id!r} has no geometry")):
        make_tables(scenario, {})


# Each layer's legs, read off routes/scenario.yaml (direction and mode) and the flow files
# (taken in file-name order).
LAYER_LEGS = {
    "dprk-russia-sea": ["munitions-sea-rajin-dunay", "munitions-sea-rajin-vostochny",
                        "troops-sea-chongjin-vladivostok", "troops-sea-hungnam-vladivostok",
                        "troops-sea-musudan-vladivostok", "troops-sea-chongjin-dunay"],
    "dprk-russia-rail": ["munitions-rail-border", "munitions-rail-dunay-tikhoretsk",
                         "munitions-rail-vostochny-yegorlykskaya",
                         "munitions-rail-vostochny-mozdok", "munitions-rail-vostochny-toropets",
                         "artillery-rail-border-krasnoyarsk", "troops-rail-ussuriysk-kursk"],
    "dprk-russia-air": ["missiles-air-224th", "troops-air-pyongyang-vladivostok",
                        "workers-air-pyongyang-vladivostok"],
    "dprk-russia-road": ["troops-road-kursk-sudzha"],
    "russia-dprk-sea": ["oil-sea-vostochny-chongjin", "oil-sea-vostochny-nampo"],
    "russia-dprk-air": ["air-defence-air-vladivostok-pyongyang", "ew-air-vladivostok-pyongyang",
                        "know-how-air-vladivostok-pyongyang"],
}
# The first day of each leg's period (its own, else its flow's), read off routes/*.yaml.
LEG_STARTS = {
    "air-defence-air-vladivostok-pyongyang": "2024-11-01",
    "munitions-sea-rajin-dunay": "2023-08-01", "munitions-sea-rajin-vostochny": "2023-10-01",
    "munitions-rail-border": "2023-09-01", "munitions-rail-dunay-tikhoretsk": "2023-09-01",
    "munitions-rail-vostochny-yegorlykskaya": "2023-10-01",
    "munitions-rail-vostochny-mozdok": "2023-10-01",
    "munitions-rail-vostochny-toropets": "2023-10-01", "missiles-air-224th": "2023-11-01",
    "ew-air-vladivostok-pyongyang": "2024-11-01",
    "artillery-rail-border-krasnoyarsk": "2024-01-01", "know-how-air-vladivostok-pyongyang": None,
    "oil-sea-vostochny-chongjin": "2024-03-01", "oil-sea-vostochny-nampo": "2024-03-01",
    "troops-sea-chongjin-vladivostok": "2024-10-01",
    "troops-sea-hungnam-vladivostok": "2024-10-01",
    "troops-sea-musudan-vladivostok": "2024-10-01", "troops-sea-chongjin-dunay": "2024-10-01",
    "troops-air-pyongyang-vladivostok": "2024-10-01", "troops-rail-ussuriysk-kursk": "2024-10-01",
    "troops-road-kursk-sudzha": "2024-11-01", "workers-air-pyongyang-vladivostok": "2024-01-01",
}


def test_layers_come_from_the_data(tables: Tables, scenario):
    assert {layer.id: legs_in_layer(tables, layer.id) for layer in scenario.layers} == LAYER_LEGS


def test_a_claim_row_keeps_value_unit_qualifier_status_and_quote(tables: Tables, scenario):
    row = {row["id"]: row for row in tables.records("claims")}["msmt-formed"]

    assert (row["flow"], row["status"], row["source"]) == (None, "corrected",
                                                           "korea-daily-2025-05-30")
    assert row["quote"] == "The team, formed in October 2023"
    assert (row["period_start"], row["period_end"]) == ("2023-10-01", "2023-10-31")
    assert row["note_source_ids"] == "msmt-joint-statement-2025-05-29;joongang-daily-2025-05-29"


# -- what an export writes ----------------------------------------------------------------


def test_export_writes_the_documented_files_and_returns_their_sizes(tmp_path: Path, scenario,
                                                                    tables: Tables):
    written = write_exports_of(scenario, tmp_path, tables=tables)

    assert sorted(str(w.path.relative_to(tmp_path)) for w in written) == expected_files(
        [layer.id for layer in scenario.layers])
    assert files_in(tmp_path) == expected_files([layer.id for layer in scenario.layers])
    for item in written:
        assert item.size == item.path.stat().st_size > 0


def test_chosen_formats_and_layers_only(tmp_path: Path, scenario, tables: Tables):
    write_exports_of(scenario, tmp_path, formats=("geojson", "csv"), layers=["dprk-russia-rail"],
           tables=tables)

    assert files_in(tmp_path) == ["claims.csv", "geojson/all.geojson",
                                  "geojson/dprk-russia-rail.geojson", "legs.csv"]


@pytest.mark.parametrize(("arguments", "message"), [
    ({"layers": ["dprk-russia-sea", "nope"]},
     "unknown layer 'nope'; the layers are: dprk-russia-sea, dprk-russia-rail"),
    ({"formats": ("geojson", "shp")},
     "unknown export format 'shp'; the formats are: geojson, gpkg, kml, csv"),
])
def test_an_unknown_layer_or_format_is_refused_before_anything_is_written(
        tmp_path: Path, scenario, tables: Tables, arguments: dict, message: str):
    with pytest.raises(UsageError, match=re.escape(message)):
        write_exports_of(scenario, tmp_path / "out", tables=tables, **arguments)

    assert not (tmp_path / "out").exists()


# -- read back by pyogrio and by GDAL -----------------------------------------------------


def approaches(scenario) -> int:
    """The schematic stretches of the default scenario: an approach at each end of each sea
    leg, since every port it sails from or to lies on Natural Earth's 1:10m land."""
    return 2 * sum(1 for leg in scenario.legs if leg.mode == "sea")


def test_the_geopackage_holds_its_tables_joined_by_ids(exported: Path, scenario):
    import pyogrio

    path = exported / "logimap.gpkg"
    layers = dict(pyogrio.list_layers(path))
    frames = {name: pyogrio.read_dataframe(path, layer=name) for name in SCHEMA}

    assert layers == {"nodes": "Point", "legs": "MultiLineString",
                      "stretches": "MultiLineString", "flows": None,
                      "claims": None, "sources": None, "layers": None, "claim_legs": None,
                      "claim_nodes": None, "leg_sources": None, "leg_layers": None,
                      "node_sources": None, "leg_passages": None, "layer_styles": None,
                      "basemap_land": "MultiPolygon", "basemap_coast": "MultiLineString",
                      "basemap_borders": "MultiLineString"}
    for name, frame in frames.items():
        assert [c for c in frame.columns if c != "geometry"] == [
            c for c in SCHEMA[name] if c != "geometry"], name
    assert list(frames["legs"]["id"]) == [leg.id for leg in scenario.legs]
    assert set(frames["legs"]["flow"]) <= set(frames["flows"]["id"])
    assert set(frames["claims"]["source"]) <= set(frames["sources"]["id"])
    for leg_ids in frames["claims"]["leg_ids"].dropna():
        assert set(leg_ids.split(";")) <= set(frames["legs"]["id"])


@pytest.mark.gis
def test_gdal_reads_the_geopackage(exported: Path, scenario):
    layers = ogrinfo_layers(exported / "logimap.gpkg")

    # GDAL lists the layers with a geometry first, each group in the order written.
    basemap = ["basemap_land", "basemap_coast", "basemap_borders"]
    assert list(layers) == [*list(SCHEMA)[:3], *basemap, *list(SCHEMA)[3:], "layer_styles"]
    counts = {"nodes": len(scenario.nodes), "legs": len(scenario.legs),
              "flows": len(scenario.flows), "claims": len(scenario.claims),
              "sources": len(scenario.sources), "layers": len(scenario.layers),
              "stretches": approaches(scenario), "layer_styles": 6,
              **dict.fromkeys(basemap, 1)}
    geometries = {"nodes": "Point", "legs": "Multi Line String",
                  "stretches": "Multi Line String", "basemap_land": "Multi Polygon",
                  "basemap_coast": "Multi Line String", "basemap_borders": "Multi Line String"}
    for name, info in layers.items():
        assert info["count"] == counts.get(name, info["count"]), name
        assert info["geometry"] == geometries.get(name, "None"), name
        if name in SCHEMA:
            assert info["fields"] == [c for c in SCHEMA[name] if c != "geometry"], name


@pytest.mark.gis
def test_every_geojson_file_reads_back_with_pyogrio_and_gdal(exported: Path, scenario,
                                                             tables: Tables):
    import pyogrio

    def unset(legs: list) -> set[str]:
        """The number and date fields that no leg of a file has a value for."""
        headlines = [scenario.claim_by_id.get(scenario.flow_by_id[leg.flow].headline)
                     for leg in legs]
        has = {"headline_value": any(claim and claim.has_value for claim in headlines),
               "period_start": any(leg.period for leg in legs),
               "period_end": any(leg.period and leg.period.end for leg in legs)}
        return {field for field, present in has.items() if not present}

    leg_fields = {"feature", *LEG_PROPERTIES, "stroke", "stroke-width", "stroke-opacity"}
    expected = {layer.id: [leg for flow in scenario.flows for leg in flow.legs
                           if layer.matches(flow, leg)] for layer in scenario.layers}
    expected["all"] = list(scenario.legs)
    stretches = tables.stretches["leg_id"].value_counts().to_dict()
    for name, legs in expected.items():
        count = len(legs) + sum(stretches.get(leg.id, 0) for leg in legs) + (
            len(scenario.nodes) if name == "all" else 0)
        path = exported / f"geojson/{name}.geojson"
        info = pyogrio.read_info(path)
        gdal = ogrinfo_layers(path)
        types = {f["geometry"]["type"] for f in geojson(path)["features"]}
        fields = (leg_fields | {*NODE_PROPERTIES, "marker-color"} if name == "all"
                  else leg_fields) - unset(legs)
        if any(leg.id in stretches for leg in legs):
            fields |= set(STRETCH_PROPERTIES)

        assert (info["features"], set(info["fields"]), info["crs"]) == (count, fields,
                                                                        "EPSG:4326")
        assert list(gdal) == [name] and gdal[name]["count"] == count
        assert set(gdal[name]["fields"]) == fields
        if len(types) == 1:
            assert gdal[name]["geometry"] == GEOJSON_TYPES[types.pop()]


def test_kml_reads_back_as_a_folder_per_layer(exported: Path, scenario, tables: Tables):
    import pyogrio

    root = kml_root(exported / "logimap.kml")
    document = root.find(f"{KML}Document")
    folders = document.findall(f"{KML}Folder")
    styles = {s.get("id") for s in document.findall(f"{KML}Style")}
    titles = [f"{layer.group}: {layer.title}" for layer in scenario.layers]
    gdal = dict(pyogrio.list_layers(exported / "logimap.kml"))

    assert [f.findtext(f"{KML}name") for f in folders] == [*titles, "Places"]
    assert list(gdal) == [*titles, "Places"]
    stretches = tables.stretches.groupby("leg_id")["id"].apply(list).to_dict()
    for folder, layer in zip(folders, scenario.layers, strict=False):
        marks = folder.findall(f"{KML}Placemark")
        leg_ids = legs_in_layer(tables, layer.id)
        # each leg, then its schematic stretches (an approach to the water, in a style of
        # its own)
        expected = [i for leg_id in leg_ids for i in [leg_id, *stretches.get(leg_id, [])]]
        assert [m.get("id") for m in marks] == expected
        assert pyogrio.read_info(exported / "logimap.kml",
                                 layer=f"{layer.group}: {layer.title}")["features"] == len(
                                     expected)
        for mark in marks:
            style = mark.findtext(f"{KML}styleUrl").lstrip("#")
            assert style in styles
            if mark.get("id") in leg_ids:
                assert mark.findtext(f"{KML}TimeSpan/{KML}begin") == LEG_STARTS[mark.get("id")]
            else:
                assert style == "approach"
    assert len(folders[-1].findall(f"{KML}Placemark")) == len(scenario.nodes)


def test_kml_balloons_list_the_claims_with_quotes_and_sources(exported: Path, scenario):
    marks = {m.get("id"): m for m in kml_root(exported / "logimap.kml").iter(f"{KML}Placemark")}

    for leg in scenario.legs:
        balloon = Balloon(marks[leg.id].findtext(f"{KML}description"))
        for claim in scenario.claims_for_leg(leg):
            assert f"“{claim.quote}”" in balloon.text, (leg.id, claim.id)
            assert scenario.source_by_id[claim.source].publisher in balloon.text
        assert "script" not in balloon.tags


def test_kml_balloons_show_who_reports_the_route_and_the_notes_on_the_sources(
        exported: Path, scenario):
    marks = {m.get("id"): m for m in kml_root(exported / "logimap.kml").iter(f"{KML}Placemark")}
    noted = 0

    for leg in scenario.legs:
        balloon = Balloon(marks[leg.id].findtext(f"{KML}description")).text
        cited = [*leg.sources, *(source for claim in scenario.claims_for_leg(leg)
                                 for source in (claim.source, *claim.note_sources))]
        if leg.sources:
            assert "Route reported by:" in balloon
        for source_id in cited:
            source = scenario.source_by_id[source_id]
            assert source.publisher in balloon, (leg.id, source_id)
            if source.note:
                assert f"About this source: {source.note}" in balloon, (leg.id, source_id)
                noted += 1
    assert noted, "no leg cites a source with a note"


def test_kml_puts_the_legs_in_no_layer_in_a_folder_of_their_own(tmp_path: Path, scenario,
                                                                geometries: dict):
    first = scenario.layers[0]
    fewer = replace(scenario, layers=(first,))
    write_exports_of(fewer, tmp_path / "all", formats=("kml",),
                     tables=make_tables(fewer, geometries))
    write_exports_of(fewer, tmp_path / "chosen", formats=("kml",), layers=[first.id],
                     tables=make_tables(fewer, geometries))

    folders = kml_root(tmp_path / "all/logimap.kml").find(f"{KML}Document").findall(
        f"{KML}Folder")
    other = [leg.id for flow in scenario.flows for leg in flow.legs
             if not first.matches(flow, leg)]
    assert [f.findtext(f"{KML}name") for f in folders] == [
        f"{first.group}: {first.title}", "Other legs", "Places"]
    assert [m.get("id") for m in folders[1].findall(f"{KML}Placemark")
            if "/" not in m.get("id")] == other  # the legs, without their stretches
    chosen = kml_root(tmp_path / "chosen/logimap.kml").find(f"{KML}Document")
    assert [f.findtext(f"{KML}name") for f in chosen.findall(f"{KML}Folder")] == [
        f"{first.group}: {first.title}", "Places"]


def test_places_carry_their_short_label_in_geojson_gpkg_and_kml(exported: Path, scenario):
    import pyogrio

    features = geojson(exported / "geojson/all.geojson")["features"]
    geo = {f["id"]: f["properties"]["label"] for f in features
           if f["properties"]["feature"] == "node"}
    gpkg = pyogrio.read_dataframe(exported / "logimap.gpkg", layer="nodes").set_index("id")
    places = kml_root(exported / "logimap.kml").find(f"{KML}Document").findall(
        f"{KML}Folder")[-1]
    kml = {m.get("id"): m.findtext(f"{KML}name") for m in places.findall(f"{KML}Placemark")}
    expected = {n.id: n.label or n.name for n in scenario.nodes}

    assert expected["rajin_port"] == "Rajin" and expected["khabarovsk"] == "Khabarovsk"
    assert geo == kml == gpkg["label"].to_dict() == expected


@pytest.mark.gis
def test_gdal_reads_the_kml(exported: Path, scenario):
    layers = ogrinfo_layers(exported / "logimap.kml")

    assert list(layers)[-1] == "Places" and layers["Places"]["count"] == len(scenario.nodes)
    assert sum(info["count"] for info in layers.values()) == len(scenario.legs) + len(
        scenario.nodes) + approaches(scenario)


# -- RFC 7946, ids, CSV -------------------------------------------------------------------


def test_geojson_follows_rfc_7946(exported: Path):
    for path in sorted((exported / "geojson").glob("*.geojson")):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert data["type"] == "FeatureCollection" and '"crs"' not in text, path.name
        for feature in data["features"]:
            assert feature["type"] == "Feature" and feature["id"] == feature["properties"]["id"]
            for line in lines_of(feature["geometry"]):
                for lon, lat in line:
                    assert -180 <= lon <= 180 and -90 <= lat <= 90
                    assert round(lon, DECIMALS) == lon and round(lat, DECIMALS) == lat
                for (lon1, _), (lon2, _) in pairwise(line):
                    assert abs(lon2 - lon1) <= 180, f"{feature['id']} jumps across the map"


def test_ids_agree_across_geojson_gpkg_kml_and_csv(exported: Path, scenario):
    import pyogrio

    features = geojson(exported / "geojson/all.geojson")["features"]
    geo = {kind: [f["id"] for f in features if f["properties"]["feature"] == kind]
           for kind in ("leg", "node")}
    gpkg = {kind: list(pyogrio.read_dataframe(exported / "logimap.gpkg", layer=layer)["id"])
            for kind, layer in (("leg", "legs"), ("node", "nodes"))}
    data = {(d.get("name"), d.findtext(f"{KML}value"))
            for d in kml_root(exported / "logimap.kml").iter(f"{KML}Data")}
    rows = csv_rows(exported / "claims.csv")

    assert geo == gpkg == {"leg": [leg.id for leg in scenario.legs],
                           "node": [n.id for n in scenario.nodes]}
    assert {v for k, v in data if k == "leg_id"} == set(geo["leg"])
    assert {v for k, v in data if k == "node_id"} == set(geo["node"])
    assert {leg for row in rows for leg in row["leg_ids"].split(";") if leg} <= set(geo["leg"])
    assert [row["id"] for row in rows] == [c.id for c in scenario.claims]


def test_claims_csv_has_one_row_per_claim_with_its_source(exported: Path, scenario):
    with open(exported / "claims.csv", encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    rows = {row["id"]: row for row in csv_rows(exported / "claims.csv")}
    shells = rows["shells-2024"]
    source = scenario.source_by_id[shells["source"]]

    assert header == list(CSV_COLUMNS)
    assert (shells["value_low"], shells["value_high"], shells["unit"], shells["qualifier"],
            shells["status"]) == ("9000000", "9000000", "shells", "about", "reported")
    assert shells["quote"] == scenario.claim_by_id["shells-2024"].quote
    assert (shells["source_publisher"], shells["source_url"]) == (source.publisher, source.url)
    assert shells["flow"] == "artillery-munitions" and shells["leg_ids"]


def test_claims_csv_names_the_sources_a_note_rests_on(exported: Path, scenario):
    rows = {row["id"]: row for row in csv_rows(exported / "claims.csv")}
    noted = [claim for claim in scenario.claims if claim.note_sources]

    assert noted, "no claim's note cites a source"
    for claim in scenario.claims:
        assert rows[claim.id]["note_source_ids"] == ";".join(claim.note_sources), claim.id
    assert rows["msmt-formed"]["note_source_ids"] == (
        "msmt-joint-statement-2025-05-29;joongang-daily-2025-05-29")


def test_geojson_legs_carry_the_notes_on_the_sources_they_cite(exported: Path, scenario):
    features = {f["id"]: f["properties"] for f in
                geojson(exported / "geojson/all.geojson")["features"]
                if f["properties"]["feature"] == "leg"}
    rusi = scenario.source_by_id["rusi-2023-10-16"]
    noted = 0

    for leg in scenario.legs:
        cited = {*leg.sources, *(s for claim in scenario.claims_for_leg(leg)
                                 for s in (claim.source, *claim.note_sources))}
        notes = features[leg.id]["source_notes"] or ""
        for source_id in sorted(cited):
            note = scenario.source_by_id[source_id].note
            if note:
                assert f"{source_id}: \u2068{note}\u2069" in notes.splitlines(), leg.id
                noted += 1
        assert len(notes.splitlines()) == sum(
            1 for s in cited if scenario.source_by_id[s].note), leg.id
    assert noted and rusi.note.startswith("Read in Wired-Gov's copy of 17 Oct 2023;")
    assert f"rusi-2023-10-16: \u2068{rusi.note}\u2069" in features[
        "munitions-sea-rajin-dunay"]["source_notes"]


# -- deterministic and safe ---------------------------------------------------------------


def test_two_exports_are_byte_identical(exported: Path, scenario, tmp_path: Path):
    write_exports_of(scenario, tmp_path)

    assert digests(tmp_path) == digests(exported)


def test_the_geopackage_dates_itself_from_the_data_not_the_clock(
        tmp_path: Path, scenario, tables: Tables, monkeypatch: pytest.MonkeyPatch):
    import pyogrio

    def last_change(path: Path) -> set[str]:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return {r[0] for r in db.execute("SELECT last_change FROM gpkg_contents")}

    write_exports_of(scenario, tmp_path / "a", formats=("gpkg",), tables=tables)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_exports_of(scenario, tmp_path / "b", formats=("gpkg",), tables=tables)

    assert last_change(tmp_path / "a/logimap.gpkg") == {f"{scenario.as_of}T00:00:00.000Z"}
    assert last_change(tmp_path / "b/logimap.gpkg") == {"2023-11-14T22:13:20.000Z"}
    assert pyogrio.get_gdal_config_option("OGR_CURRENT_DATE") is None  # restored


@pytest.mark.parametrize(("as_of", "entry_date"), [("1900-01-01", (1980, 1, 1, 0, 0, 0)),
                                                   ("2150-06-30", (2107, 12, 31, 0, 0, 0))])
def test_a_date_beyond_what_a_zip_entry_holds_dates_the_project_at_that_limit(
        tmp_path: Path, scenario, tables: Tables, as_of: str, entry_date: tuple):
    import dataclasses
    import zipfile

    # zip entries hold MS-DOS dates, 1980 to 2107 (APPNOTE.TXT, 4.4.6)
    later = dataclasses.replace(scenario, as_of=as_of)
    write_exports_of(later, tmp_path, formats=("gpkg",), tables=tables)

    with zipfile.ZipFile(tmp_path / "logimap.qgz") as archive:
        assert [info.date_time for info in archive.infolist()] == [entry_date]


def test_a_failed_export_leaves_the_previous_files_and_no_temporary_ones(
        tmp_path: Path, scenario, tables: Tables, monkeypatch: pytest.MonkeyPatch):
    import pyogrio

    out = tmp_path / "out"
    write_exports_of(scenario, out, tables=tables)
    before = digests(out)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "system-temp"))
    (tmp_path / "system-temp").mkdir()
    calls = []

    def failing_write(path, *args, **kwargs):  # GDAL fails after writing part of the file
        calls.append(path)
        if len(calls) == 3:
            raise pyogrio.errors.DataSourceError("disk full")
        return real_write(path, *args, **kwargs)

    real_write = pyogrio.raw.write
    monkeypatch.setattr(pyogrio.raw, "write", failing_write)
    with pytest.raises(pyogrio.errors.DataSourceError, match="disk full"):
        write_exports_of(pacific(), out)

    assert digests(out) == before
    assert list((tmp_path / "system-temp").iterdir()) == []


def test_a_file_that_cannot_be_renamed_into_place_leaves_its_previous_version(
        tmp_path: Path, scenario, tables: Tables, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "out"
    write_exports_of(scenario, out, tables=tables)
    before = digests(out)
    real_replace = os.replace

    def failing_replace(source, target):
        if str(target).endswith(".kml"):
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        write_exports_of(scenario, out, formats=("kml",), tables=tables)

    assert digests(out) == before
    assert files_in(out) == sorted(before)


# -- the antimeridian and hostile text ----------------------------------------------------


@pytest.mark.gis
def test_a_line_across_the_antimeridian_is_split_at_180(hostile: Path):
    import pyogrio
    import shapely

    table_line = tables_of(pacific()).legs.geometry.iloc[0]
    feature = geojson(hostile / "geojson/all.geojson")["features"][0]
    first, second = feature["geometry"]["coordinates"]
    legs = pyogrio.read_dataframe(hostile / "logimap.gpkg", layer="legs")
    marks = kml_root(hostile / "logimap.kml").iter(f"{KML}Placemark")
    kml_lines = [[tuple(map(float, p.split(","))) for p in line.text.split()]
                 for mark in marks for line in mark.iter(f"{KML}coordinates")
                 if mark.get("id") == "pacific-air"]

    assert table_line.bounds[2] > 180  # the table keeps the unwrapped line for web maps
    assert feature["geometry"]["type"] == "MultiLineString"
    assert first[0] == [158.65, 53.02] and second[-1] == [-165.41, 64.5]
    assert (first[-1][0], second[0][0]) == (180, -180) and first[-1][1] == second[0][1]
    assert ogrinfo_layers(hostile / "geojson/pacific-by-air.geojson")["pacific-by-air"][
        "geometry"] == "Multi Line String"
    assert shapely.get_num_geometries(legs.geometry.iloc[0]) == 2
    assert legs.total_bounds[0] >= -180 and legs.total_bounds[2] <= 180
    assert [len(kml_lines), kml_lines[0][-1][0], kml_lines[1][0][0]] == [2, 180, -180]
    for line in kml_lines:
        assert all(abs(b[0] - a[0]) <= 180 for a, b in pairwise(line))


def test_markup_in_the_data_round_trips_through_every_format(hostile: Path):
    import pyogrio

    props = {f["id"]: f["properties"] for f in geojson(hostile / "geojson/all.geojson")[
        "features"]}
    gpkg = {name: pyogrio.read_dataframe(hostile / "logimap.gpkg", layer=name).set_index("id")
            for name in ("nodes", "legs", "flows", "claims", "sources")}
    root = kml_root(hostile / "logimap.kml")
    marks = {m.get("id"): m for m in root.iter(f"{KML}Placemark")}
    gdal_kml = pyogrio.read_dataframe(hostile / "logimap.kml", layer="Places")
    row = {r["id"]: r for r in csv_rows(hostile / "claims.csv")}["pacific-flights"]

    assert props["pkc"]["name"] == f"{HOSTILE} Petropavlovsk-Kamchatsky"
    assert props["pacific-air"]["basis_note"] == f"{HOSTILE} basis note"
    assert gpkg["nodes"].loc["pkc", "name"] == f"{HOSTILE} Petropavlovsk-Kamchatsky"
    assert gpkg["flows"].loc["pacific", "name"] == f"{HOSTILE} flow"
    assert gpkg["claims"].loc["pacific-flights", "quote"] == f"{HOSTILE} quote"
    assert gpkg["sources"].loc["pacific-report", "publisher"] == f"{HOSTILE} publisher"
    assert root.find(f"{KML}Document").findtext(f"{KML}name") == f"{HOSTILE} scenario"
    assert root.find(f"{KML}Document/{KML}Folder").findtext(f"{KML}name") == (
        f"{HOSTILE} group: {HOSTILE} by air")
    assert marks["pkc"].findtext(f"{KML}name") == f"{HOSTILE} Petropavlovsk-Kamchatsky"
    assert gdal_kml["Name"].iloc[0] == f"{HOSTILE} Petropavlovsk-Kamchatsky"
    assert (row["quote"], row["note"], row["source_publisher"]) == (
        f"{HOSTILE} quote", f"{HOSTILE} claim note", f"{HOSTILE} publisher")


def test_kml_balloons_show_markup_as_text_and_link_only_web_urls(hostile: Path):
    mark = next(m for m in kml_root(hostile / "logimap.kml").iter(f"{KML}Placemark")
                if m.get("id") == "pacific-air")
    balloon = Balloon(mark.findtext(f"{KML}description"))

    assert set(balloon.tags) <= {"h3", "p", "br", "b", "i", "a", "bdi"}
    assert balloon.links == []  # the source's javascript: URL is shown, not linked
    for text in ("flow", "basis note", "quote", "claim note", "publisher"):
        assert f"{HOSTILE} {text}" in balloon.text
    assert mark.findtext(f"{KML}TimeSpan/{KML}begin") is None  # undated leg
