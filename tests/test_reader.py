"""Reading a project folder into the model: values as written, every record located."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

import logimap
from logimap.errors import DataError
from logimap.read.scenario import read_project
from tests.conftest import line_of


def test_the_default_scenario_reads_without_problems(default_project: Path):
    scenario, problems = read_project(default_project)

    assert problems == []
    assert scenario.as_of == "2025-05-30"
    assert len(scenario.flows) == 9 and len(scenario.legs) == 22


def test_nodes_carry_lon_lat_precision_and_basis():
    node = logimap.load().node_by_id["tumangang_station"]

    assert (node.lon, node.lat) == (130.6026, 42.4217)
    assert node.precision == "site"
    assert "Tumangang" in node.basis


def test_a_node_has_a_short_label_for_the_map_or_else_its_name(project: Path):
    from tests.conftest import replace_in

    nodes = project / "geodata" / "nodes.csv"
    replace_in(nodes, "rajin_station,Rajin station,Rajin station,", "rajin_station,Rajin station,,")
    scenario = logimap.load(project)

    assert scenario.node_by_id["rajin_port"].name == "Rajin (Najin) port piers 1-3"
    assert scenario.node_by_id["rajin_port"].display_label == "Rajin"
    assert scenario.node_by_id["rajin_station"].label == ""
    assert scenario.node_by_id["rajin_station"].display_label == "Rajin station"


def test_the_label_column_is_optional(project: Path):
    nodes = project / "geodata" / "nodes.csv"
    with nodes.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with nodes.open("w", encoding="utf-8", newline="") as handle:
        columns = [c for c in rows[0] if c != "label"]
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    scenario = logimap.load(project)

    assert all(node.display_label == node.name for node in scenario.nodes)


def test_claims_keep_values_ranges_and_periods():
    scenario = logimap.load()
    shells = scenario.claim_by_id["shells-2024"]
    calibres = scenario.claim_by_id["shell-calibres"]

    assert (shells.low, shells.high, shells.qualifier) == (9e6, 9e6, "about")
    assert (shells.period.start, shells.period.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert (calibres.low, calibres.high) == (82, 170)


def test_a_unit_declared_with_a_singular_reads_as_one_of_it():
    from dataclasses import replace

    from logimap.wording import quantity

    pantsir = logimap.load().claim_by_id["pantsir"]

    assert pantsir.unit == "vehicles" and pantsir.unit_one == "vehicle"
    assert quantity(pantsir) == "at least 1 vehicle"
    assert quantity(replace(pantsir, low=2.0, high=2.0)) == "at least 2 vehicles"
    assert quantity(replace(pantsir, low=1.0, high=2.0)) == "at least 1–2 vehicles"
    assert quantity(replace(pantsir, unit_one="")) == "at least 1 vehicles"


def test_records_remember_their_file_and_line(default_project: Path):
    scenario = logimap.load()
    leg = scenario.leg_by_id["troops-road-kursk-sudzha"]
    node = scenario.node_by_id["rajin_port"]

    assert leg.where.path == "routes/troops.yaml"
    assert leg.where.line == line_of(default_project / leg.where.path,
                                     "id: troops-road-kursk-sudzha")
    assert str(node.where) == "geodata/nodes.csv row 2"


def test_a_claim_applies_to_the_legs_it_names_or_to_every_leg_of_its_flow():
    scenario = logimap.load()
    sea = scenario.leg_by_id["munitions-sea-rajin-dunay"]
    rail = scenario.leg_by_id["munitions-rail-dunay-tikhoretsk"]

    sea_claims = {c.id for c in scenario.claims_for_leg(sea)}
    rail_claims = {c.id for c in scenario.claims_for_leg(rail)}

    assert "voyages-early" in sea_claims and "voyages-early" not in rail_claims
    assert "shells-2024" in sea_claims and "shells-2024" in rail_claims


def test_a_byte_order_mark_and_windows_line_endings_are_read_as_plain_text(project: Path):
    nodes = project / "geodata/nodes.csv"
    with open(nodes, encoding="utf-8", newline="") as plain:
        ids = [row["id"] for row in csv.DictReader(plain)]
    nodes.write_bytes(b"\xef\xbb\xbf" + nodes.read_bytes().replace(b"\n", b"\r\n"))
    flow = project / "routes/workers.yaml"
    flow.write_bytes(flow.read_bytes().replace(b"\n", b"\r\n"))

    assert [node.id for node in logimap.load(project).nodes] == ids


def test_flow_files_may_end_in_yml_as_well_as_yaml(project: Path):
    (project / "routes/workers.yaml").rename(project / "routes/workers.yml")

    scenario = logimap.load(project)

    assert "workers" in {flow.id for flow in scenario.flows}
    assert scenario.flow_by_id["workers"].where.path == "routes/workers.yml"


def test_bytes_that_are_not_utf8_are_located(project: Path):
    flow = project / "routes/workers.yaml"
    line = line_of(flow, "name: Civilian")
    flow.write_bytes(flow.read_bytes().replace(b"Civilian workers", b"Civilian w\xf6rkers"))

    with pytest.raises(DataError) as raised:
        logimap.load(project)

    assert any(str(p).startswith(f"routes/workers.yaml:{line}: byte 0xf6 is not UTF-8")
               for p in raised.value.problems)


def test_an_empty_file_is_a_problem_not_a_crash(project: Path):
    (project / "routes/workers.yaml").write_text("", encoding="utf-8")

    with pytest.raises(DataError) as raised:
        logimap.load(project)

    assert "routes/workers.yaml: file is empty" in str(raised.value)


def test_data_errors_are_value_errors_listing_every_problem(project: Path):
    (project / "geodata/nodes.csv").unlink()

    with pytest.raises(ValueError, match=r"geodata/nodes\.csv: file not found"):
        logimap.load(project)
