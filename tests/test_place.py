"""``logimap place``: offline look-ups that print rows ready for geodata/nodes.csv.

Expected coordinates and ids are GeoNames' own (Hamburg is GeoNames 2911298 at 53.55073 N,
9.99302 E; Nampo 1873757; Artëm, also written Artyom, 2027456; Kyiv, also Kiev, 703448) and
Natural Earth's (the port of Hamburg at 53.52472 N, 9.95848 E).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import run


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_a_town_and_a_port_come_back_as_node_rows_citing_their_gazetteer():
    result = run("place", "Hamburg", "--country", "DE")

    assert result.exit_code == 0, result.output
    found = {row["id"]: row for row in rows(result.stdout)}
    port, city = found["hamburg_port"], found["hamburg"]
    assert (port["kind"], port["country"], port["lat"], port["lon"]) == (
        "port", "DE", "53.52472", "9.95848")
    assert "Natural Earth" in port["basis"]
    assert (city["kind"], city["country"], city["lat"], city["lon"], city["precision"]) == (
        "city", "DE", "53.55073", "9.99302", "town")
    assert "GeoNames 2911298" in city["basis"]
    assert all(row["country"] == "DE" for row in found.values())


def test_names_match_without_accents_or_punctuation():
    found = rows(run("place", "nampo").stdout)

    assert "GeoNames 1873757" in found[0]["basis"]
    assert found[0]["country"] == "KP"



@pytest.mark.parametrize(("query", "name", "geonames"), [
    ("Artyom", "Artëm", "2027456"),
    ("Kiev", "Kyiv", "703448"),
])
def test_a_town_is_found_by_another_spelling_of_its_name(query: str, name: str, geonames: str):
    found = rows(run("place", query).stdout)

    assert (found[0]["name"], found[0]["basis"].split(" (")[0]) == (name, f"GeoNames {geonames}")

def test_the_printed_rows_are_valid_nodes(tmp_path: Path):
    project = tmp_path / "chain"
    assert run("init", str(project)).exit_code == 0
    printed = run("place", "Rotterdam", "--country", "NL", "--limit", "3").stdout
    nodes = project / "geodata" / "nodes.csv"
    nodes.write_text(nodes.read_text(encoding="utf-8") + printed.split("\n", 1)[1],
                     encoding="utf-8")

    assert run("validate", "--project", str(project)).exit_code == 0


def test_a_place_in_no_gazetteer_is_a_clear_error():
    result = run("place", "Kraskino")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no place called 'Kraskino'" in result.stderr
    assert "lack many small ports" in result.stderr


def test_an_unknown_country_code_is_a_usage_error():
    result = run("place", "Hamburg", "--country", "Germany")

    assert result.exit_code == 2
    assert "unknown country code 'Germany'" in result.stderr
