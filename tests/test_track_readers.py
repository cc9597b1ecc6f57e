"""Each track reader on small files written here by hand: the fixes it reads (time, position,
speed, course, id and where each was read) and, for each way a file can be wrong, the problem
it gives (where, what, and the hint)."""

from __future__ import annotations

import json
import math

import pytest

from logimap.read.tracks import read_data

# 2023-09-07T04:00:00Z in milliseconds since 1970 (19,607 days and 4 hours), and an hour.
T0 = (19_607 * 86_400 + 4 * 3_600) * 1000
HOUR = 3_600_000
KNOTS_PER_MS = 3600 / 1852


def _fixes(reading) -> list[tuple]:
    """Each fix as (time, lon, lat, speed, course, id, where), NaN written as None."""
    fixes = reading.fixes
    assert reading.problems == [], reading.problems
    def number(value: float) -> float | None:
        return None if math.isnan(value) else round(float(value), 6)
    return [(int(fixes.times[i]), float(fixes.lons[i]), float(fixes.lats[i]),
             number(fixes.speeds[i]), number(fixes.courses[i]), fixes.ident(i),
             fixes.where(i)) for i in range(len(fixes))]


def _problems(data: str | bytes, path: str) -> list[tuple[str, str, str]]:
    reading = read_data(data.encode() if isinstance(data, str) else data, path)
    assert reading.fixes is None
    return [(p.where, p.message, p.hint) for p in reading.problems]


# -- GeoJSON ----------------------------------------------------------------------------------

def _feature(geometry: dict, **properties) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def test_geojson_points_with_their_times_ids_speeds_and_courses():
    document = {"type": "FeatureCollection", "features": [
        _feature(_point(130.3, 42.24), time="2023-09-07T04:00:00Z", mmsi=273999001,
                 speed=12.5, course=90),
        _feature(_point(130.4, 42.3), timestamp="2023-09-07T05:00:00Z", id="",
                 mmsi="273999001"),
        _feature(_point(130.5, 42.4), datetime=1694066400, icao24="x", speed=None),
        _feature(_point(130.6, 42.5), when="2023-09-07T07:00:00+00:00", id="v")]}

    reading = read_data(json.dumps(document).encode(), "tracks/t.geojson")

    assert _fixes(reading) == [
        (T0, 130.3, 42.24, 12.5, 90.0, "273999001", " feature 1"),
        (T0 + HOUR, 130.4, 42.3, None, None, "273999001", " feature 2"),
        (T0 + 2 * HOUR, 130.5, 42.4, None, None, "x", " feature 3"),
        (T0 + 3 * HOUR, 130.6, 42.5, None, None, "v", " feature 4")]
    assert reading.fixes.kind == "feature"


@pytest.mark.parametrize("times", [
    {"times": ["2023-09-07T04:00:00Z", "2023-09-07T05:00:00Z"]},
    {"coordTimes": ["2023-09-07T04:00:00Z", "2023-09-07T05:00:00Z"]},
    {"coordinateProperties": {"times": ["2023-09-07T04:00:00Z", "2023-09-07T05:00:00Z"]}},
])
def test_a_geojson_line_has_a_time_per_vertex(times: dict):
    line = {"type": "LineString", "coordinates": [[130.3, 42.24], [130.4, 42.3]]}

    reading = read_data(json.dumps(_feature(line, **times, id="v")).encode(), "t.geojson")

    assert _fixes(reading) == [(T0, 130.3, 42.24, None, None, "v", " feature 1 vertex 1"),
                               (T0 + HOUR, 130.4, 42.3, None, None, "v", " feature 1 vertex 2")]


@pytest.mark.parametrize("times", [
    [["2023-09-07T04:00:00Z"], ["2023-09-07T05:00:00Z", "2023-09-07T06:00:00Z"]],
    ["2023-09-07T04:00:00Z", "2023-09-07T05:00:00Z", "2023-09-07T06:00:00Z"],
])
def test_a_geojson_multilinestring_has_its_times_by_part_or_in_one_list(times: list):
    lines = {"type": "MultiLineString",
             "coordinates": [[[130.3, 42.24]], [[130.4, 42.3], [130.5, 42.4]]]}

    reading = read_data(json.dumps([_feature(lines, times=times)]).encode(), "t.geojson")

    assert [fix[:3] for fix in _fixes(reading)] == [
        (T0, 130.3, 42.24), (T0 + HOUR, 130.4, 42.3), (T0 + 2 * HOUR, 130.5, 42.4)]


HINT = ("give each Point feature a 'time' property, or a LineString a 'times' list with one "
        "time per vertex")


@pytest.mark.parametrize(("document", "problems"), [
    ('{"type": "Feature",\n "properties": {]', [
        (":2", "is not JSON (Expecting property name enclosed in double quotes)",
         "check the file is GeoJSON")]),
    ("[" * 100_000, [("", "is not JSON (maximum recursion depth exceeded while decoding a "
                      "JSON array from a unicode string)", "check the file is GeoJSON")]),
    ({"type": "FeatureCollection", "features": [{"type": "Point"}]},
     [(" feature 1", "is not a GeoJSON Feature", HINT)]),
    ({"type": "Feature", "properties": "x", "geometry": _point(1, 2)},
     [(" feature 1", "has properties or a geometry that is not an object", HINT)]),
    (_feature({"type": "Polygon", "coordinates": []}, time="2023-09-07T04:00:00Z"),
     [(" feature 1", "has geometry 'Polygon'", HINT)]),
    (_feature(_point(1, 2)), [(" feature 1", "the point has no 'time' property", HINT)]),
    (_feature({"type": "LineString", "coordinates": [[1, 2]]}),
     [(" feature 1", "the LineString has no 'times' property", HINT)]),
    (_feature({"type": "LineString", "coordinates": [[1, 2]]}, times="2023"),
     [(" feature 1", "the LineString has no 'times' property", HINT)]),
    (_feature({"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, times=["2023-09-07"]),
     [(" feature 1", "1 times for 2 vertices", "give exactly one time per vertex, in order")]),
    (_feature(_point(1, 2), time=True),
     [(" feature 1", "time True is not text or a number", "write times as ISO 8601 with a "
       "zone (2023-09-07T04:00:00Z) or as seconds since 1970")]),
    (_feature(_point(1, 2), time="noon"),
     [(" feature 1", "time 'noon' is neither ISO 8601 (2023-09-07T04:00:00Z) nor seconds "
       "since 1970", "write times as ISO 8601 with a zone (2023-09-07T04:00:00Z) or as "
       "seconds since 1970")]),
    (_feature({"type": "Point", "coordinates": [1, True]}, time="2023-09-07T04:00:00Z"),
     [(" feature 1", "coordinates [1, True] are not [lon, lat]",
       "write [lon, lat] in decimal degrees")]),
    (_feature({"type": "Point", "coordinates": [1]}, time="2023-09-07T04:00:00Z"),
     [(" feature 1", "coordinates [1] are not [lon, lat]",
       "write [lon, lat] in decimal degrees")]),
    (_feature(_point(100, 95), time="2023-09-07T04:00:00Z"),
     [(" feature 1", "lat 95, lon 100 is not a position on the globe",
       "lat is -90..90 (north positive), lon -180..180 (east positive)")]),
    (_feature(_point(1, 2), time="2023-09-07T04:00:00Z", speed="fast"),
     [(" feature 1", "speed 'fast' is not a finite number",
       "write the speed as a JSON number, such as 12.5, or leave it out")]),
    (_feature(_point(1, 2), time="2023-09-07T04:00:00Z", course=True),
     [(" feature 1", "course True is not a finite number",
       "write the course as a JSON number, such as 12.5, or leave it out")]),
])
def test_a_bad_geojson_track_says_where_and_what(document, problems):
    text = document if isinstance(document, str) else json.dumps(document)

    assert _problems(text, "t.geojson") == problems


def test_a_geojson_track_that_is_not_utf8_names_the_line_of_the_byte():
    assert _problems(b'{"type":\n"Feature"\xff}', "t.geojson") == [
        (":2", "byte 0xff is not UTF-8", "save the file as UTF-8")]


@pytest.mark.parametrize("document", [{"type": "FeatureCollection", "features": "none"},
                                      {"type": "FeatureCollection"}, []])
def test_a_geojson_without_features_reads_no_fix(document):
    reading = read_data(json.dumps(document).encode(), "t.geojson")

    assert reading.problems == [] and len(reading.fixes) == 0


# -- GPX --------------------------------------------------------------------------------------

GPX = ('<?xml version="1.0"?>\n<gpx version="1.0" creator="t" '
       'xmlns="http://www.topografix.com/GPX/1/0"><trk><trkseg>\n{points}</trkseg></trk>'
       "</gpx>\n")
GPX_TIME_HINT = "write <time>2023-09-07T04:00:00Z</time>"
NUMBER_HINT = "write a decimal number with the digits 0-9 and '.'"


def test_gpx_points_with_their_times_speeds_in_knots_and_courses():
    points = ('<trkpt lat="42.24" lon="130.3"><ele>2</ele><time>2023-09-07T04:00:00Z</time>'
              "<speed>5</speed><course>90.5</course></trkpt>\n"
              '<trkpt lon="130.4" lat="42.3"><time> 2023-09-07T05:00:00 </time>'
              "<speed> </speed></trkpt>\n"
              '<trkpt lat="42.4" lon="130.5"><time>2023-09-07T06:00:00</time>'
              "<extensions><speed>1</speed><course>2</course></extensions></trkpt>\n")
    text = GPX.format(points=points).replace(
        "</trkseg>", '</trkseg><trkseg><trkpt lat="42.5" lon="130.6"><time>2023-09-07T'
        "07:00:00Z</time></trkpt></trkseg>").replace(
        "<trk>", '<rte><rtept lat="1" lon="2"><time>2023-09-07T04:00:00Z</time></rtept></rte>'
        "<trk>")

    reading = read_data(text.encode(), "tracks/t.gpx")

    assert _fixes(reading) == [
        (T0, 130.3, 42.24, round(5 * KNOTS_PER_MS, 6), 90.5, "", ":3"),
        (T0 + HOUR, 130.4, 42.3, None, None, "", ":4"),
        (T0 + 2 * HOUR, 130.5, 42.4, None, None, "", ":5"),
        (T0 + 3 * HOUR, 130.6, 42.5, None, None, "", ":6")]


@pytest.mark.parametrize(("points", "problems"), [
    ('<trkpt lat="42.24" lon="130.3"></trkpt>\n',
     [(":3", "the track point has no <time>",
       "give every trkpt its <time>, or draw the leg another way")]),
    ('<trkpt lat="42.24" lon="130.3"><time> </time></trkpt>\n',
     [(":3", "the track point has no <time>",
       "give every trkpt its <time>, or draw the leg another way")]),
    ('<trkpt lat="42.24" lon="130.3"><time>2023-09-07T04:00:00 CET</time></trkpt>\n',
     [(":3", "time '2023-09-07T04:00:00 CET' is neither ISO 8601 (2023-09-07T04:00:00Z) nor "
       "seconds since 1970", GPX_TIME_HINT)]),
    ('<trkpt lon="130.3"><time>2023-09-07T04:00:00Z</time></trkpt>\n',
     [(":3", "the track point has no lat", NUMBER_HINT)]),
    ('<trkpt lat="42.24" lon="1e999"><time>2023-09-07T04:00:00Z</time></trkpt>\n',
     [(":3", "lon '1e999' is not a finite number", NUMBER_HINT)]),
    ('<trkpt lat="42.24" lon="130.3"><time>2023-09-07T04:00:00Z</time>'
     "<course>east</course></trkpt>\n",
     [(":3", "<course> 'east' is not a number", NUMBER_HINT)]),
    ('<trkpt lat="95" lon="130.3"><time>2023-09-07T04:00:00Z</time></trkpt>\n',
     [(":3", "lat 95, lon 130.3 is not a position on the globe",
       "lat is -90..90 (north positive), lon -180..180 (east positive)")]),
])
def test_a_bad_gpx_point_says_where_and_what(points: str, problems: list):
    assert _problems(GPX.format(points=points), "t.gpx") == problems


@pytest.mark.parametrize(("text", "problems"), [
    ('<?xml version="1.0"?>\n<kml/>\n',
     [("", "is not GPX: its root element is 'kml', not gpx",
       "check that the file is GPX 1.1 with <trk> tracks")]),
    ('<?xml version="1.0"?>\n<gpx>\n<trk></gpx>\n',
     [(":3", "is not well-formed XML (mismatched tag)", "save the track as plain GPX or KML")]),
    ('<?xml version="1.0"?>\n<!DOCTYPE gpx>\n<gpx/>\n',
     [(":2", "holds a document type declaration (<!DOCTYPE ...>), which a track file needs "
       "no more than it may abuse", "save the track as plain GPX or KML")]),
    (b'<?xml version="1.0"?>\n<gpx>\xe9</gpx>\n',
     [(":2", "byte 0xe9 is not UTF-8", "save the file as UTF-8")]),
])
def test_a_file_that_is_no_gpx_says_why(text: str | bytes, problems: list):
    assert _problems(text, "t.gpx") == problems


@pytest.mark.parametrize(("depth", "refused"), [(64, False), (65, True)])
def test_elements_nest_64_deep_at_most(depth: int, refused: bool):
    # gpx, trk, trkseg, trkpt and extensions, then the rest in <a>
    point = ('<trkpt lat="42.24" lon="130.3"><time>2023-09-07T04:00:00Z</time><extensions>'
             + "<a>" * (depth - 5) + "</a>" * (depth - 5) + "</extensions></trkpt>\n")

    reading = read_data(GPX.format(points=point).encode(), "t.gpx")

    if refused:
        assert [(p.where, p.message) for p in reading.problems] == [
            (":3", "nests elements more than 64 deep")]
    else:
        assert reading.problems == [] and len(reading.fixes) == 1


# -- KML --------------------------------------------------------------------------------------

KML = ('<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/'
       '2.2">\n<Document><Placemark><when>2023-01-01T00:00:00Z</when>\n{tracks}'
       "</Placemark></Document></kml>\n")


def _track(*pairs: tuple[str, str]) -> str:
    return ("<gx:Track>\n" + "".join(f"<when>{w}</when>\n" for w, _ in pairs)
            + "".join(f"<gx:coord>{c}</gx:coord>\n" for _, c in pairs) + "</gx:Track>\n")


def test_kml_tracks_pair_each_time_with_its_position_in_order():
    tracks = (_track(("2023-09-07T04:00:00Z", "130.3 42.24 0"),
                     ("2023-09-07T05:00:00+00:00", " 130.4  42.3 ")) + "<gx:MultiTrack>"
              + _track(("1694066400", "130.5 42.4 10")) + "</gx:MultiTrack>\n")

    reading = read_data(KML.format(tracks=tracks).encode(), "t.kml")

    assert _fixes(reading) == [(T0, 130.3, 42.24, None, None, "", ":4"),
                               (T0 + HOUR, 130.4, 42.3, None, None, "", ":5"),
                               (T0 + 2 * HOUR, 130.5, 42.4, None, None, "", ":10")]


KML_TIME_HINT = "write <when>2023-09-07T04:00:00Z</when>"


@pytest.mark.parametrize(("tracks", "problems"), [
    ("", [("", "holds no gx:Track", "export the track from Google Earth as KML with a "
           "gx:Track of when and gx:coord elements")]),
    ("<gx:Track>\n<when>2023-09-07T04:00:00Z</when>\n</gx:Track>\n",
     [(":3", "the gx:Track has 1 <when> and 0 <gx:coord>", "give one time per position")]),
    (_track(("2023-09-07T04:00:00", "130.3 42.24 0")),
     [(":4", "time '2023-09-07T04:00:00' has no time zone", KML_TIME_HINT)]),
    (_track(("2023-09-07T04:00:00Z", "130.3")),
     [(":5", "gx:coord '130.3' is not 'lon lat alt'", "write decimal degrees: 130.3 42.24 0")]),
    (_track(("2023-09-07T04:00:00Z", "130.3,42.24")),
     [(":5", "gx:coord '130.3,42.24' is not 'lon lat alt'",
       "write decimal degrees: 130.3 42.24 0")]),
    (_track(("2023-09-07T04:00:00Z", "east 42.24")),
     [(":5", "gx:coord 'east 42.24' is not 'lon lat alt'",
       "write decimal degrees: 130.3 42.24 0")]),
    (_track(("2023-09-07T04:00:00Z", "130.3 north")),
     [(":5", "gx:coord '130.3 north' is not 'lon lat alt'",
       "write decimal degrees: 130.3 42.24 0")]),
    (_track(("2023-09-07T04:00:00Z", "190 42.24")),
     [(":5", "lat 42.24, lon 190 is not a position on the globe",
       "lat is -90..90 (north positive), lon -180..180 (east positive)")]),
])
def test_a_bad_kml_track_says_where_and_what(tracks: str, problems: list):
    assert _problems(KML.format(tracks=tracks), "t.kml") == problems


def test_a_kml_that_is_not_utf8_or_not_xml_says_so():
    assert _problems(b"<kml>\n\xff</kml>", "t.kml") == [
        (":2", "byte 0xff is not UTF-8", "save the file as UTF-8")]
    assert _problems("<kml>\n<gx:Track></kml>", "t.kml") == [
        (":2", "is not well-formed XML (unbound prefix)", "save the track as plain GPX or KML")]


# -- raw AIS (NMEA 0183) ----------------------------------------------------------------------

def _ais(message: dict) -> list[str]:
    """The sentences pyais encodes ``message`` into, with their checksums."""
    from pyais.encode import encode_dict

    return encode_dict(message, talker_id="AIVDM"[:2], radio_channel="A")


def _report(lat: float, lon: float, speed: float = 12.5, course: float = 90.0,
            mmsi: int = 273999001, kind: int = 1) -> str:
    return _ais({"type": kind, "mmsi": mmsi, "lat": lat, "lon": lon, "speed": speed,
                 "course": course, "second": 0})[0]


def _tagged(sentence: str, seconds: int) -> str:
    block = f"c:{seconds}"
    check = 0
    for char in block:
        check ^= ord(char)
    return f"\\{block}*{check:02X}\\{sentence}"


def test_ais_position_reports_with_the_time_each_was_received():
    lines = [
        _tagged(_report(42.24, 130.3), T0 // 1000),
        f"2023-09-07T05:00:00Z {_report(42.3, 130.4, speed=102.3, course=360)}",
        f"{T0 // 1000 + 7200},{_report(42.4, 130.5, kind=3)}",
        f"{_report(42.5, 130.6, kind=18)},{T0 // 1000 + 3 * 3600}",
        "",
    ]

    reading = read_data("\n".join(lines).encode(), "tracks/t.nmea")

    assert _fixes(reading) == [
        (T0, 130.3, 42.24, 12.5, 90.0, "273999001", ":1"),
        (T0 + HOUR, 130.4, 42.3, None, None, "273999001", ":2"),
        (T0 + 2 * HOUR, 130.5, 42.4, 12.5, 90.0, "273999001", ":3"),
        (T0 + 3 * HOUR, 130.6, 42.5, 12.5, 90.0, "273999001", ":4")]
    assert reading.notes == []


def test_ais_sentences_that_are_not_positions_are_left_out_and_counted():
    static = _ais({"type": 5, "mmsi": 273999001, "shipname": "TEST", "callsign": "T"})
    assert len(static) == 2  # a message of two fragments
    bad_checksum = _report(42.3, 130.4)[:-2] + "00"
    unavailable = _report(91, 181)
    lines = [
        f"{T0 // 1000} {_report(42.24, 130.3)}",
        *(f"{T0 // 1000} {part}" for part in static),
        f"{T0 // 1000} {static[1]}",  # a second fragment whose first was not seen
        f"{T0 // 1000} {bad_checksum}",
        f"{T0 // 1000} {unavailable}",
        f"{T0 // 1000} !AIVDM,1,1,,A,,0*26",
        "no sentence on this line",
        f"{T0 // 1000 + 3600} {_report(42.3, 130.4)}",
    ]

    reading = read_data("\n".join(lines).encode(), "tracks/t.nmea")

    assert [fix[:3] + fix[-1:] for fix in _fixes(reading)] == [
        (T0, 130.3, 42.24, ":1"), (T0 + HOUR, 130.4, 42.3, ":9")]
    assert [(n.where, n.message) for n in reading.notes] == [
        ("", "sentences left out: 1 checksum, 2 unreadable, 1 other messages, "
             "1 position not available")]


@pytest.mark.parametrize(("lines", "problems"), [
    (["nothing here", ""], [("", "holds no AIS sentence (!AIVDM or !AIVDO)",
                             "keep one NMEA sentence per line, as a receiver logs them")]),
    ([_report(42.24, 130.3)], [(":1", "the sentence has no time", "log the time each "
                                "sentence was received: a tag block (\\c:1694059200*hh\\), or "
                                "an ISO 8601 time or seconds since 1970 before the sentence")]),
    ([f"2023-09-07T04:00:00 {_report(42.24, 130.3)}"],
     [(":1", "time '2023-09-07T04:00:00' has no time zone", "log the time each sentence was "
       "received: a tag block (\\c:1694059200*hh\\), or an ISO 8601 time or seconds since "
       "1970 before the sentence")]),
])
def test_bad_ais_says_where_and_what(lines: list[str], problems: list):
    assert _problems("\n".join(lines), "t.nmea") == problems


def test_an_ais_file_that_is_not_utf8_names_the_line():
    assert _problems(b"!AIVDM\n\xff", "t.ais") == [
        (":2", "byte 0xff is not UTF-8", "save the file as UTF-8")]


# -- CSV --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "fixes"), [
    ("# Time ,LAT,Lon,MMSI,SOG,COG,name\n2023-09-07T04:00:00Z,42.24,130.3,273999001,12.5,90,x\n"
     "1694062800,42.3,130.4,273999001,,,\n",
     [(T0, 130.3, 42.24, 12.5, 90.0, "273999001", " row 2"),
      (T0 + HOUR, 130.4, 42.3, None, None, "273999001", " row 3")]),
    ("time,lat,lon\n1694059200,42.24,130.3\n\n1694062800,42.3,130.4\n",
     [(T0, 130.3, 42.24, None, None, "", " row 2"),
      (T0 + HOUR, 130.4, 42.3, None, None, "", " row 4")]),
    ("SHIP_ID,MMSI,TIMESTAMP,LAT,LON,SPEED,COURSE\n7,273999001,2023-09-07 04:00:00,42.24,"
     "130.3,125,90\n",
     [(T0, 130.3, 42.24, 12.5, 90.0, "273999001", " row 2")]),
    ("MMSI,BaseDateTime,LAT,LON,SOG,COG\n273999001,2023-09-07T04:00:00,42.24,130.3,12.5,90\n",
     [(T0, 130.3, 42.24, 12.5, 90.0, "273999001", " row 2")]),
    ("ssvid,timestamp,lat,lon,speed_knots,course\n273999001,2023-09-07T04:00:00Z,42.24,130.3,"
     "12.5,90\n",
     [(T0, 130.3, 42.24, 12.5, 90.0, "273999001", " row 2")]),
    ("time,icao24,lat,lon,velocity,heading\n1694059200,abc123,42.24,130.3,10,90\n",
     [(T0, 130.3, 42.24, round(10 * KNOTS_PER_MS, 6), 90.0, "abc123", " row 2")]),
    ('time,lat,lon,id,speed\n1694059200,42.24,130.3,"a,b",+1.5e1\n',
     [(T0, 130.3, 42.24, 15.0, None, "a,b", " row 2")]),
])
def test_csv_tracks_in_each_makers_names_and_units(text: str, fixes: list):
    assert _fixes(read_data(text.encode(), "tracks/t.csv")) == fixes


NUMBER_HINT_CSV = "write a decimal number with the digits 0-9 and '.'"
TIME_HINT_CSV = ("write times as ISO 8601 with a zone (2023-09-07T04:00:00Z) or as seconds "
                 "since 1970")


@pytest.mark.parametrize(("text", "problems"), [
    ("", [(" row 1", "the header has no time column ('time' or 'timestamp' or 'datetime' or "
           "'date_time')", "start the file with a header such as: time,lat,lon,id,speed,"
           "course")]),
    ("time,lat\n1,2\n", [(" row 1", "the header has no lon column ('lon' or 'lng' or 'long' or "
                          "'longitude')", "start the file with a header such as: time,lat,lon,"
                          "id,speed,course")]),
    ("time,lat,lon\n1694059200,42.24\n", [(" row 2", "2 cells where the header has 3",
                                           "quote cells that hold commas")]),
    ("time,lat,lon\nnoon,42.24,130.3\n", [(" row 2", "time 'noon' is neither ISO 8601 "
                                           "(2023-09-07T04:00:00Z) nor seconds since 1970",
                                           TIME_HINT_CSV)]),
    ("time,lat,lon\n1694059200,,130.3\n", [(" row 2", "lat '' is not a number",
                                            NUMBER_HINT_CSV)]),
    ("time,lat,lon,course\n1694059200,42.24,130.3,-inf\n",
     [(" row 2", "course '-inf' is not a finite number", NUMBER_HINT_CSV)]),
    ("time," + "x" * 200_000 + ",lat,lon\n", [(" row 1", "malformed CSV: field larger than "
                                                 "field limit (131072)", "check the quotes")]),
    ("time,lat,lon\n1694059200,42.24,130.3\n1694059200,42.24," + "1" * 200_000 + "\n",
     [(" row 3", "malformed CSV: field larger than field limit (131072)", "check the quotes")]),
    ("time,lat,lon,speed\n1694059200,42.24,130.3,\n1694059200,42.24,130.3,nan\n",
     [(" row 3", "speed 'nan' is not a finite number", NUMBER_HINT_CSV)]),
    ("time,lat,lon\nnoon,42.24,east\n",
     [(" row 2", "time 'noon' is neither ISO 8601 (2023-09-07T04:00:00Z) nor seconds since "
       "1970", TIME_HINT_CSV), (" row 2", "lon 'east' is not a number", NUMBER_HINT_CSV)]),
    ("time,lat,lon\n1694059200,95,130.3\n", [(" row 2", "lat 95, lon 130.3 is not a position "
                                              "on the globe", "lat is -90..90 (north "
                                              "positive), lon -180..180 (east positive)")]),
])
def test_a_bad_csv_track_says_where_and_what(text: str, problems: list):
    assert _problems(text, "t.csv") == problems
