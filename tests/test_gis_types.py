"""The GIS exports as GDAL reads them: typed columns, NULL for missing values, link tables.

Read back by Debian's GDAL (python3-gdal, the GDAL of QGIS 3.22 on Debian 12) through
``tests/gdal_probe.py``, and checked with GDAL's own GeoPackage validator. The expected types
are written out here, as the README documents them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from logimap.tables import SCHEMA
from tests.conftest import write_exports_of
from tests.gis import gdal_read, validate_gpkg
from tests.test_export import pacific

pytestmark = pytest.mark.gis

STRING, MOMENT, REAL, BOOLEAN = "String", "DateTime", "Real", "Integer(Boolean)"
INTEGER = "Integer64"
# Columns that are not text, per table.
TYPED = {
    "nodes": {"lon": REAL, "lat": REAL},
    "legs": {"period_start": MOMENT, "period_end": MOMENT, "length_km": REAL,
             "great_circle_km": REAL, "headline_value": REAL},
    "stretches": {"length_km": REAL},
    "flows": {"period_start": MOMENT, "period_end": MOMENT, "width": REAL, "opacity": REAL},
    "claims": {"value_low": REAL, "value_high": REAL, "period_start": MOMENT,
               "period_end": MOMENT},
    "sources": {"stored": BOOLEAN},
    "leg_passages": {"seq": INTEGER, "restricted": BOOLEAN, "crossing_km": REAL, "lon": REAL,
                     "lat": REAL},
}
GEOMETRIES = {"nodes": "Point", "legs": "Multi Line String",
              "stretches": "Multi Line String"}
LINK_TABLES = {"claim_legs": ("claims", "leg_ids"), "claim_nodes": ("claims", "node_ids"),
               "leg_sources": ("legs", "source_ids"), "leg_layers": ("legs", "layer_ids"),
               "node_sources": ("nodes", "source_ids")}


def expected_fields(table: str) -> dict[str, str]:
    return {column: TYPED.get(table, {}).get(column, STRING)
            for column in SCHEMA[table] if column != "geometry"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, scenario) -> Path:
    out = tmp_path_factory.mktemp("gis")
    write_exports_of(scenario, out)
    return out


@pytest.fixture(scope="module")
def gpkg(exported: Path) -> dict:
    return gdal_read(exported / "logimap.gpkg")["layers"]


@pytest.fixture(scope="module")
def pacific_gpkg(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("pacific")
    write_exports_of(pacific(), out)
    return {"gpkg": gdal_read(out / "logimap.gpkg")["layers"],
            "geojson": gdal_read(out / "geojson/all.geojson")["layers"]["all"]}


def rows_by_id(layer: dict) -> dict[str, dict]:
    return {row["id"]: row for row in layer["rows"]}


# -- GeoPackage ---------------------------------------------------------------------------


def test_every_geopackage_column_has_its_type(gpkg: dict):
    for table in SCHEMA:
        assert gpkg[table]["fields"] == expected_fields(table), table
        assert gpkg[table]["geometry"] == GEOMETRIES.get(table, "None"), table


def test_a_missing_value_is_null_never_empty_text(gpkg: dict, pacific_gpkg: dict):
    for layers in (gpkg, pacific_gpkg["gpkg"]):
        for table in SCHEMA:
            for row in layers[table]["rows"]:
                assert "" not in row.values(), (table, row)
    for row in pacific_gpkg["geojson"]["rows"]:
        assert "" not in row.values(), row


def test_missing_values_read_back_as_null(gpkg: dict, scenario):
    legs, claims, nodes = (rows_by_id(gpkg[name]) for name in ("legs", "claims", "nodes"))
    undated = [leg for leg in scenario.legs if leg.period is None]
    reporting = [claim for claim in scenario.claims if not claim.flow]
    unclaimed = [node for node in scenario.nodes if not scenario.claims_for_node(node.id)]
    valueless = [claim for claim in scenario.claims if claim.low is None]

    assert undated and reporting and unclaimed and valueless  # the data has each case
    for leg in undated:
        assert (legs[leg.id]["period_start"], legs[leg.id]["period_end"]) == (None, None)
    for claim in reporting:
        assert claims[claim.id]["flow"] is None
    for node in unclaimed:
        assert nodes[node.id]["claim_ids"] is None
    for claim in valueless:
        assert (claims[claim.id]["value_low"], claims[claim.id]["value_high"],
                claims[claim.id]["unit"]) == (None, None, None)


def test_an_open_period_has_a_start_and_a_null_end(pacific_gpkg: dict):
    flow = rows_by_id(pacific_gpkg["gpkg"]["flows"])["pacific"]  # 2024-11/..

    assert (flow["period_start"], flow["period_end"]) == ("2024-11-01T00:00:00.000Z", None)


def test_a_period_reads_back_from_its_first_moment_to_its_last(gpkg: dict, scenario):
    legs, claims = rows_by_id(gpkg["legs"]), rows_by_id(gpkg["claims"])

    for leg in (leg for leg in scenario.legs if leg.period):
        end = f"{leg.period.end.isoformat()}T23:59:59.999Z" if leg.period.end else None
        assert (legs[leg.id]["period_start"], legs[leg.id]["period_end"]) == (
            f"{leg.period.start.isoformat()}T00:00:00.000Z", end), leg.id
    shells = claims["shells-2024"]
    assert (shells["period_start"], shells["period_end"]) == ("2024-01-01T00:00:00.000Z",
                                                              "2024-12-31T23:59:59.999Z")


def test_numbers_read_back_as_numbers(gpkg: dict, scenario):
    claims, sources = rows_by_id(gpkg["claims"]), rows_by_id(gpkg["sources"])
    legs = rows_by_id(gpkg["legs"])

    for claim in scenario.claims:
        assert (claims[claim.id]["value_low"], claims[claim.id]["value_high"]) == (
            claim.low, claim.high), claim.id
    for source in scenario.sources:
        assert sources[source.id]["stored"] == (1 if source.text is not None else 0)
    assert legs["munitions-sea-rajin-dunay"]["headline_value"] == 9_000_000.0
    assert all(isinstance(row["length_km"], float) for row in legs.values())


def test_gdal_validates_the_geopackage(exported: Path):
    done = validate_gpkg(exported / "logimap.gpkg")

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "" and "Req" not in done.stderr, done.stdout + done.stderr


def test_the_geopackage_of_a_scenario_across_the_antimeridian_validates(tmp_path: Path):
    write_exports_of(pacific("<b>Pacific</b> & ‘quotes’ \x01"), tmp_path)
    done = validate_gpkg(tmp_path / "logimap.gpkg")

    assert done.returncode == 0, done.stdout + done.stderr


# -- link tables --------------------------------------------------------------------------


def model_pairs(scenario) -> dict[str, set[tuple[str, str]]]:
    """Each link table's pairs, from the model itself."""
    return {
        "claim_legs": {(claim.id, leg.id) for leg in scenario.legs
                       for claim in scenario.claims_for_leg(leg)},
        "claim_nodes": {(claim.id, node) for claim in scenario.claims for node in claim.nodes},
        "leg_sources": {(leg.id, source) for leg in scenario.legs for source in leg.sources},
        "leg_layers": {(leg.id, layer.id) for flow in scenario.flows for leg in flow.legs
                       for layer in scenario.layers if layer.matches(flow, leg)},
        "node_sources": {(node.id, source) for node in scenario.nodes
                         for source in node.sources},
    }


def test_link_tables_hold_exactly_the_pairs_the_joined_columns_list(gpkg: dict, scenario):
    from_model = model_pairs(scenario)

    for name, (table, column) in LINK_TABLES.items():
        first, second = list(SCHEMA[name])
        linked = [(row[first], row[second]) for row in gpkg[name]["rows"]]
        listed = {(row["id"], item) for row in gpkg[table]["rows"]
                  for item in (row[column] or "").split(";") if item}

        assert len(linked) == len(set(linked)), f"{name} repeats a pair"
        assert set(linked) == listed == from_model[name], name


def test_the_link_tables_join_to_the_tables_they_name(gpkg: dict):
    ids = {table: set(rows_by_id(gpkg[table])) for table in ("claims", "legs", "nodes",
                                                             "sources", "layers")}

    for name, ends in (("claim_legs", ("claims", "legs")), ("claim_nodes", ("claims", "nodes")),
                       ("leg_sources", ("legs", "sources")), ("leg_layers", ("legs", "layers")),
                       ("node_sources", ("nodes", "sources"))):
        columns = list(SCHEMA[name])
        for row in gpkg[name]["rows"]:
            for column, table in zip(columns, ends, strict=True):
                assert row[column] in ids[table], (name, row)


def test_layers_table_lists_the_scenario_layers(gpkg: dict, scenario):
    rows = gpkg["layers"]["rows"]

    assert [(row["id"], row["title"], row["group"]) for row in rows] == [
        (layer.id, layer.title, layer.group) for layer in scenario.layers]
    assert rows[0]["select"] == "direction: DPRK to Russia; mode: sea"


def test_qgis_default_styles_are_stored_for_legs_stretches_places_and_the_base_map(
        gpkg: dict):
    styles = gpkg["layer_styles"]["rows"]

    assert sorted((row["f_table_name"], row["useAsDefault"]) for row in styles) == [
        ("basemap_borders", 1), ("basemap_coast", 1), ("basemap_land", 1), ("legs", 1),
        ("nodes", 1), ("stretches", 1)]
    for row in styles:
        assert row["styleQML"].startswith("<!DOCTYPE qgis") and "<renderer-v2" in row[
            "styleQML"]
        # The base map's styles are QML only: QGIS is what opens the project on it.
        assert row["f_table_name"].startswith("basemap_") or (
            "<StyledLayerDescriptor" in row["styleSLD"])
        assert row["update_time"] == "2025-05-30T00:00:00.000Z"


# -- GeoJSON ------------------------------------------------------------------------------


def geojson_fields(exported: Path) -> dict[str, dict[str, str]]:
    return {path.stem: gdal_read(path)["layers"][path.stem]["fields"]
            for path in sorted((exported / "geojson").glob("*.geojson"))}


def test_every_geojson_file_types_a_field_the_same_way(exported: Path):
    by_file = geojson_fields(exported)
    expected = {"feature": STRING, **expected_fields("legs"), **expected_fields("stretches"),
                **{column: STRING for column in SCHEMA["nodes"]
                   if column not in ("lon", "lat", "geometry")},
                # simplestyle: a leg's look, a place's colour
                "stroke": STRING, "stroke-width": REAL, "stroke-opacity": REAL,
                "marker-color": STRING}

    for name, fields in by_file.items():
        for field, kind in fields.items():
            assert kind == expected[field], (name, field, kind)
    assert by_file["all"] == {field: expected[field] for field in by_file["all"]}
    assert {by_file[name]["period_end"] for name in by_file} == {MOMENT}


def test_geojson_writes_null_for_missing_values_and_typed_values(exported: Path, scenario):
    features = json.loads((exported / "geojson/all.geojson").read_text(encoding="utf-8"))[
        "features"]
    props = {feature["id"]: feature["properties"] for feature in features}
    undated = next(leg for leg in scenario.legs if leg.period is None)

    for feature in features:
        assert "" not in feature["properties"].values(), feature["id"]
    assert (props[undated.id]["period_start"], props[undated.id]["period_end"]) == (None, None)
    assert props["munitions-sea-rajin-dunay"]["period_end"] == "2025-03-31T23:59:59.999Z"
    assert props["munitions-sea-rajin-dunay"]["headline_value"] == 9_000_000.0
    assert '"headline_value":9000000.0' in (exported / "geojson/all.geojson").read_text(
        encoding="utf-8")


def test_a_number_or_date_with_no_value_in_a_file_is_left_out_of_that_file(exported: Path,
                                                                           scenario):
    unsized = [layer for layer in scenario.layers
               if not any(layer.matches(flow, leg) and scenario.claim_by_id.get(flow.headline)
                          for flow in scenario.flows for leg in flow.legs)]
    assert unsized, "the data has a layer with no headline figure"
    for layer in unsized:
        path = exported / f"geojson/{layer.id}.geojson"
        features = json.loads(path.read_text(encoding="utf-8"))["features"]

        legs = [f for f in features if f["properties"]["feature"] == "leg"]
        assert legs and all("headline_value" not in f["properties"] for f in features)
        assert all(f["properties"]["headline"] is None for f in legs)
        assert "headline_value" not in gdal_read(path)["layers"][layer.id]["fields"]
