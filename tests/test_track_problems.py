"""Bad tracks: each is a located problem naming the track file and row (or the leg's line),
what is wrong and what to do, with exit status 1 and no traceback; what logimap can put
right (fixes out of time order) is a warning, and the leg is drawn."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run
from tests.tracked import FLOW, make_project

HEADER = "time,lat,lon,id\n"
# Near Rajin, then a day's sailing to Dunai (the nodes' own coordinates, nudged).
START = "2023-09-07T04:00:00Z,42.2401,130.3001,273999001\n"
MIDDLE = "2023-09-07T12:00:00Z,42.5000,131.3000,273999001\n"
END = "2023-09-08T04:00:00Z,42.8800,132.3370,273999001\n"
GOOD = HEADER + START + MIDDLE + END
GPX_HEAD = ('<?xml version="1.0"?>\n<gpx version="1.1" creator="t" '
            'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n')


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic km on WGS84 (the node coordinates are the bundled scenario's)."""
    from pyproj import Geod

    return Geod(ellps="WGS84").inv(a[0], a[1], b[0], b[1])[2] / 1000


def _line_of(project: Path, text: str) -> int:
    lines = (project / FLOW).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


CASES = {
    "an unparsable time": (
        "t.csv", HEADER + START + "yesterday,42.5,131.3,273999001\n" + END, {},
        "tracks/t.csv row 3: time 'yesterday' is neither ISO 8601"),
    "a time without a zone": (
        "t.csv", HEADER + START + "2023-09-07T12:00:00,42.5,131.3,273999001\n" + END, {},
        "tracks/t.csv row 3: time '2023-09-07T12:00:00' has no time zone"),
    "a date that does not exist": (
        "t.csv", HEADER + START + "2023-09-31T12:00:00Z,42.5,131.3,273999001\n" + END, {},
        "tracks/t.csv row 3: time '2023-09-31T12:00:00Z' is not a real date and time"),
    "fewer than two fixes": (
        "t.csv", HEADER + START, {},
        "tracks/t.csv: holds 1 fix(es) of its vessel or aircraft; a track needs at least two"),
    "mixed ids": (
        "t.csv", HEADER + START + MIDDLE.replace("273999001", "273999002") + END, {},
        "tracks/t.csv row 3: mixed ids in one file: '273999002' here, '273999001' at row 2"),
    "a latitude out of range": (
        "t.csv", HEADER + START + "2023-09-07T12:00:00Z,95,131.3,273999001\n" + END, {},
        "tracks/t.csv row 3: lat 95, lon 131.3 is not a position on the globe"),
    "lat and lon swapped": (
        "t.csv", HEADER + START + "2023-09-07T12:00:00Z,131.3,42.5,273999001\n" + END, {},
        "tracks/t.csv row 3: lat 131.3, lon 42.5 is not a position on the globe (lat and lon "
        "look swapped)"),
    "a coordinate that is no number": (
        "t.csv", HEADER + START + "2023-09-07T12:00:00Z,42.5,east,273999001\n" + END, {},
        "tracks/t.csv row 3: lon 'east' is not a number"),
    "a track that starts far from the leg's origin": (
        "t.csv", HEADER + START.replace("42.2401,130.3001", "41.5000,130.3000") + MIDDLE + END,
        {}, "tracks/t.csv row 2: leg 'voyage' starts at 'rajin_port', but its track's first "
            f"fix (2023-09-07T04:00:00Z) is {_km((130.3, 41.5), (130.3, 42.24)):.1f} km from it "
            "(a node of precision 'approximate': at most 20 km)"),
    "a track that ends far from the leg's destination": (
        "t.csv", GOOD, {"to": "vostochny_port"},
        "tracks/t.csv row 4: leg 'voyage' ends at 'vostochny_port', but its track's last fix "
        f"(2023-09-08T04:00:00Z) is {_km((132.337, 42.88), (133.0667, 42.7333)):.1f} km from "
        "it (a node of precision 'site': at most 10 km)"),
    "a header without a time column": (
        "t.csv", "when_seen,lat,lon\n1,2,3\n", {},
        "tracks/t.csv row 1: the header has no time column"),
    "a track_id not in the file": (
        "t.csv", GOOD, {"track_id": "'123'"},
        "track_id '123' is not among the ids in tracks/t.csv (273999001)"),
    "no fix in the leg's period": (
        "t.csv", GOOD, {"period": "2024-01"},
        "only 0 fix(es) of tracks/t.csv fall in the leg's period 2024-01"),
    "a gap that is no duration": (
        "t.csv", GOOD, {"gap": "soon"}, "gap 'soon' is not a duration"),
    "a max_speed without its unit": (
        "t.csv", GOOD, {"max_speed": "40"}, "max_speed 40 is not a speed"),
    "a track on a modelled leg": (
        "t.csv", GOOD, {"basis": "modelled"},
        "a leg drawn from a track has basis 'observed', not 'modelled'"),
    "a track leg with a via": (
        "t.csv", GOOD, {"via": "[vostochny_port]"},
        "a leg drawn from a track takes no 'via': the track is its path"),
    "a missing track file": (
        "t.csv", None, {}, "track file 'tracks/t.csv' not found"),
    "a track outside the project": (
        "t.csv", GOOD, {"track": "../t.csv"}, "track '../t.csv' is not a file inside the project"),
    "a format logimap does not read": (
        "t.xlsx", b"PK\x03\x04", {}, "tracks/t.xlsx: is not a track format logimap reads"),
    "a track that is not UTF-8": (
        "t.csv", HEADER.encode() + b"\xff\xfe\n", {}, "tracks/t.csv:2: byte 0xff is not UTF-8"),
    "a GPX with a document type declaration": (
        "t.gpx", '<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY x "y">]>\n<gpx/>\n', {},
        "tracks/t.gpx:2: holds a document type declaration"),
    "a GPX point without a time": (
        "t.gpx", GPX_HEAD + '<trkpt lat="42.24" lon="130.3"></trkpt>\n</trkseg></trk></gpx>\n',
        {}, "tracks/t.gpx:3: the track point has no <time>"),
    "a GPX point with an unreadable time": (
        "t.gpx", GPX_HEAD + '<trkpt lat="42.24" lon="130.3"><time>noon</time></trkpt>\n'
        "</trkseg></trk></gpx>\n", {}, "tracks/t.gpx:3: time 'noon' is neither ISO 8601"),
    "a KML track with more times than positions": (
        "t.kml", '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/'
        'kml/ext/2.2"><gx:Track>\n<when>2023-09-07T04:00:00Z</when>\n'
        "<when>2023-09-07T05:00:00Z</when>\n<gx:coord>130.3 42.24 0</gx:coord>\n"
        "</gx:Track></kml>\n", {},
        "tracks/t.kml:1: the gx:Track has 2 <when> and 1 <gx:coord>"),
    "a GeoJSON point without a time": (
        "t.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        '{},"geometry":{"type":"Point","coordinates":[130.3,42.24]}}]}', {},
        "tracks/t.geojson feature 1: the point has no 'time' property"),
    "a GeoJSON line with fewer times than vertices": (
        "t.geojson", '{"type":"Feature","properties":{"times":["2023-09-07T04:00:00Z"]},'
        '"geometry":{"type":"LineString","coordinates":[[130.3,42.24],[131,42.5]]}}', {},
        "tracks/t.geojson feature 1: 1 times for 2 vertices"),
    "a speed that is no number": (
        "t.csv", "time,lat,lon,id,speed\n" + START.replace("\n", ",12\n")
        + MIDDLE.replace("\n", ",fast\n") + END.replace("\n", ",12\n"), {},
        "tracks/t.csv row 3: speed 'fast' is not a number"),
    "a speed of nan": (
        "t.csv", "time,lat,lon,id,speed\n" + START.replace("\n", ",12\n")
        + MIDDLE.replace("\n", ",nan\n") + END.replace("\n", ",12\n"), {},
        "tracks/t.csv row 3: speed 'nan' is not a finite number"),
    "an infinite course": (
        "t.csv", "time,lat,lon,id,course\n" + START.replace("\n", ",90\n")
        + MIDDLE.replace("\n", ",inf\n") + END.replace("\n", ",90\n"), {},
        "tracks/t.csv row 3: course 'inf' is not a finite number"),
    "a speed of 400 digits": (
        "t.csv", "time,lat,lon,id,speed\n" + START.replace("\n", ",12\n")
        + MIDDLE.replace("\n", f",{'9' * 400}\n") + END.replace("\n", ",12\n"), {},
        "tracks/t.csv row 3: speed '99999"),
    "a time of 300000000000000 (the year 11476 in milliseconds)": (
        "t.csv", HEADER + "1694059200,42.2401,130.3001,273999001\n"
        "300000000000000,42.5,131.3,273999001\n1694145600,42.88,132.337,273999001\n", {},
        "tracks/t.csv row 3: time '300000000000000' is outside 1900-01-01 to 2200-01-01"),
    "a time before 1900": (
        "t.csv", HEADER + START + "1899-12-31T23:59:59Z,42.5,131.3,273999001\n" + END, {},
        "tracks/t.csv row 3: time '1899-12-31T23:59:59Z' is outside 1900-01-01 to 2200-01-01"),
    "a time in the year 0": (
        "t.csv", HEADER + START + "0000-01-01T00:00:00Z,42.5,131.3,273999001\n" + END, {},
        "tracks/t.csv row 3: time '0000-01-01T00:00:00Z' is not a real date and time"),
    "a fix dated 9999-12-31": (
        "t.csv", HEADER + START + MIDDLE + "9999-12-31T00:00:00Z,42.88,132.337,273999001\n",
        {}, "tracks/t.csv row 4: time '9999-12-31T00:00:00Z' is outside 1900-01-01 to "
        "2200-01-01"),
    "a time of 2200-01-01 with a zone behind UTC": (
        "t.csv", HEADER + START + "2199-12-31T23:00:00-01:00,42.5,131.3,273999001\n" + END,
        {}, "tracks/t.csv row 3: time '2199-12-31T23:00:00-01:00' is outside"),
    "a GPX latitude that is no number": (
        "t.gpx", GPX_HEAD + '<trkpt lat="north" lon="130.3"><time>2023-09-07T04:00:00Z</time>'
        "</trkpt>\n</trkseg></trk></gpx>\n", {}, "tracks/t.gpx:3: lat 'north' is not a number"),
    "a GPX point without a longitude": (
        "t.gpx", GPX_HEAD + '<trkpt lat="42.24"><time>2023-09-07T04:00:00Z</time>'
        "</trkpt>\n</trkseg></trk></gpx>\n", {}, "tracks/t.gpx:3: the track point has no lon"),
    "a GPX speed of NaN": (
        "t.gpx", GPX_HEAD + '<trkpt lat="42.24" lon="130.3"><time>2023-09-07T04:00:00Z</time>'
        "<speed>NaN</speed></trkpt>\n</trkseg></trk></gpx>\n", {},
        "tracks/t.gpx:3: <speed> 'NaN' is not a finite number"),
    "a GPX time in the year 9999": (
        "t.gpx", GPX_HEAD + '<trkpt lat="42.24" lon="130.3"><time>9999-12-31T00:00:00Z</time>'
        "</trkpt>\n</trkseg></trk></gpx>\n", {}, "tracks/t.gpx:3: time '9999-12-31T00:00:00Z' "
        "is outside 1900-01-01 to 2200-01-01"),
    "an XML file that is not GPX": (
        "t.gpx", '<?xml version="1.0"?>\n<kml/>\n', {},
        "tracks/t.gpx: is not GPX: its root element is 'kml', not gpx"),
    "a GeoJSON coordinate of 400 digits": (
        "t.geojson", '{"type":"Feature","properties":{"time":"2023-09-07T04:00:00Z"},'
        f'"geometry":{{"type":"Point","coordinates":[{"1" * 400},42.24]}}}}', {},
        "tracks/t.geojson feature 1: coordinates [<a number of about 400 digits>, 42.24] are not "
        "[lon, lat]"),
    "a GeoJSON speed of 400 digits": (
        "t.geojson", '{"type":"Feature","properties":{"time":"2023-09-07T04:00:00Z","speed":'
        f'{"1" * 400}}},"geometry":{{"type":"Point","coordinates":[130.3,42.24]}}}}', {},
        "tracks/t.geojson feature 1: speed <a number of about 400 digits> is not a finite number"),
    "a GeoJSON course of NaN": (
        "t.geojson", '{"type":"Feature","properties":{"time":"2023-09-07T04:00:00Z","course":'
        'NaN},"geometry":{"type":"Point","coordinates":[130.3,42.24]}}', {},
        "tracks/t.geojson feature 1: course nan is not a finite number"),
    "a GeoJSON time of 400 digits": (
        "t.geojson", f'{{"type":"Feature","properties":{{"time":{"1" * 400}}},'
        '"geometry":{"type":"Point","coordinates":[130.3,42.24]}}', {},
        "tracks/t.geojson feature 1: time '1111"),
    "a KML coordinate of 400 digits": (
        "t.kml", '<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/'
        'kml/ext/2.2"><gx:Track>\n<when>2023-09-07T04:00:00Z</when>\n'
        f"<gx:coord>{'1' * 400} 42.24 0</gx:coord>\n</gx:Track></kml>\n", {},
        "tracks/t.kml:3: lat 42.24, lon inf is not a position on the globe"),
    "AIS sentences without a receive time": (
        "t.nmea", "!AIVDM,1,1,,A,144jNUOP1a9DMm0H:p01hP01P000,0*1E\n", {},
        "tracks/t.nmea:1: the sentence has no time"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_track_is_a_located_problem(tmp_path: Path, case: str):
    name, content, fields, expected = CASES[case]
    project = make_project(tmp_path / "p", name, content, fields)

    result = run("validate", "--project", str(project))

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ")
    found = [line for line in lines if expected in line]
    assert found, f"{expected!r} not in:\n{result.stderr}"
    assert "(hint: " in found[0]
    if not expected.startswith("tracks/"):  # a field of the leg: located at its line
        assert found[0].startswith(f"{FLOW}:")


def test_a_track_reached_through_a_link_out_of_the_project_is_refused(tmp_path: Path):
    secret = tmp_path / "secret.csv"
    secret.write_text(GOOD, encoding="utf-8")
    project = make_project(tmp_path / "p", "t.csv", None)
    os.symlink(secret, project / "tracks/t.csv")

    result = run("validate", "--project", str(project))

    assert result.exit_code == 1
    assert (f"{FLOW}:{_line_of(project, 'track:')}: track file 'tracks/t.csv' leads outside "
            "the project folder through a symbolic link") in result.stderr
    assert "273999001" not in result.output


def test_fixes_out_of_time_order_are_sorted_with_a_warning(tmp_path: Path):
    project = make_project(tmp_path / "p", "t.csv", HEADER + START + END + MIDDLE)

    result = run("validate", "--project", str(project))

    assert result.exit_code == 0, result.stderr
    assert ("warning: tracks/t.csv row 4: fixes out of time order (1 step(s) back in time; "
            "here 2023-09-07T12:00:00Z after 2023-09-08T04:00:00Z): read sorted by time"
            ) in result.stderr.splitlines()


def test_many_bad_rows_are_listed_up_to_twenty_then_counted(tmp_path: Path):
    rows = "".join(f"2023-09-07T0{i % 10}:00:00,42.3,130.5,1\n" for i in range(30))
    project = make_project(tmp_path / "p", "t.csv", HEADER + rows)

    result = run("validate", "--project", str(project))

    assert result.exit_code == 1
    assert result.stderr.count("has no time zone") == 20
    assert "tracks/t.csv: and 10 more problem(s) like those above" in result.stderr


def test_an_ais_file_of_several_ships_is_read_for_the_one_the_leg_names(tmp_path: Path):
    from tests.voyage import nmea_sentences, voyage

    fixes = voyage()
    other = nmea_sentences(fixes[:5], mmsi="273999002")
    lines = nmea_sentences(fixes)
    project = make_project(tmp_path / "p", "feed.nmea", "\n".join(other + lines) + "\n",
                           {"track_id": "'273999001'"})

    result = run("validate", "--project", str(project))

    assert result.exit_code == 0, result.stderr
    without = make_project(tmp_path / "q", "feed.nmea", "\n".join(other + lines) + "\n")
    refused = run("validate", "--project", str(without))
    assert refused.exit_code == 1
    assert "tracks/feed.nmea:6: mixed ids in one file: '273999001' here" in refused.stderr


def test_a_track_two_legs_use_is_sorted_once_and_warned_about_once(tmp_path: Path):
    legs = "\n".join(
        f"  - id: voyage-{n}\n    mode: sea\n    from: rajin_port\n    to: dunay_port\n"
        "    basis: observed\n    basis_note: a synthetic test track\n    track: tracks/t.csv"
        for n in (1, 2))
    project = make_project(tmp_path / "p", "t.csv", HEADER + START + END + MIDDLE, legs=legs)

    result = run("validate", "--project", str(project))

    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("fixes out of time order") == 1
    from logimap.pipeline import load

    tracks = load(project).tracks
    assert tracks["voyage-1"].fixes is tracks["voyage-2"].fixes  # one copy for both legs


def test_a_fix_that_repeats_the_one_before_is_read_once_with_a_warning(tmp_path: Path):
    from logimap.pipeline import load

    project = make_project(tmp_path / "p", "t.csv", HEADER + START + START + MIDDLE + MIDDLE
                           + END)

    result = run("validate", "--project", str(project))

    assert result.exit_code == 0, result.stderr
    assert ("warning: tracks/t.csv row 3: 2 fix(es) repeat the one before (same time and "
            "position): read once") in result.stderr.splitlines()
    fixes = load(project).tracks["voyage"].fixes
    assert fixes.places.tolist() == [2, 4, 6]


def test_fixes_out_of_time_order_are_drawn_sorted(tmp_path: Path):
    from logimap.pipeline import load

    project = make_project(tmp_path / "p", "t.csv", HEADER + END + START + MIDDLE)

    fixes = load(project).tracks["voyage"].fixes

    assert fixes.places.tolist() == [3, 4, 2]


def test_more_than_twenty_jumps_are_warned_about_up_to_twenty_then_counted(tmp_path: Path):
    # Every 10 minutes a fix, every other one 700 km off the way: 23 of them.
    from datetime import datetime, timedelta

    rows = [START]
    for step in range(1, 46):
        when = datetime(2023, 9, 7, 4) + timedelta(minutes=10 * step)
        rows.append(f"{when:%Y-%m-%dT%H:%M:%S}Z,{'38.0,137.0' if step % 2 else '42.3,130.6'},"
                    "273999001\n")
    rows.append(END)
    project = make_project(tmp_path / "p", "t.csv", HEADER + "".join(rows))

    result = run("validate", "--project", str(project))

    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "not drawn" in line]
    assert len(warnings) == 21
    assert all(" km/h, faster than 93 km/h; not drawn (hint: check the fix, or set max_speed "
               "on the sea leg if it really went that fast)" in w for w in warnings[:20])
    assert warnings[0].startswith("warning: tracks/t.csv row 3: fix at 2023-09-07T04:10:00Z "
                                  "is ")
    assert warnings[20] == "warning: tracks/t.csv: and 3 more jump(s) not drawn"


def test_a_track_id_not_in_a_file_of_many_ids_lists_the_first_five(tmp_path: Path):
    rows = "".join(START.replace("273999001", f"27399900{n}") for n in range(1, 8))
    project = make_project(tmp_path / "p", "t.csv", HEADER + rows, {"track_id": "'999'"})

    result = run("validate", "--project", str(project))

    assert result.exit_code == 1
    assert (f"{FLOW}:{_line_of(project, 'track_id:')}: track_id '999' is not among the ids "
            "in tracks/t.csv (273999001, 273999002, 273999003, 273999004, 273999005, ...) "
            "(hint: copy the id as the file writes it)") in result.stderr.splitlines()
