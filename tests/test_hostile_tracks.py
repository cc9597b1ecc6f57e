"""Track files made to hang or crash a reader: each is read in a child process whose time is
capped (``tests.hostile.TIME_CAP_S``) and whose peak memory is measured, and ends in an answer
(the fixes, or a located problem), never a hang, a traceback or a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import logimap
from tests.tracked import make_project

pytestmark = pytest.mark.slow

GPX_HEAD = ('<?xml version="1.0"?>\n<gpx version="1.1" creator="t" '
            'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n')
GPX_POINTS = ('<trkpt lat="42.2401" lon="130.3001"><time>2023-09-07T04:00:00Z</time></trkpt>\n'
              '<trkpt lat="42.88" lon="132.337"><time>2023-09-08T04:00:00Z</time></trkpt>\n')
GPX_TAIL = "</trkseg></trk></gpx>\n"
# Peak resident memory a hostile track file of a few MB may add to validating a project
# whose track is plain.
EXTRA_MB = 100.0


def _validate(tmp_path: Path, name: str, track: str):
    project = make_project(tmp_path / "p", name, track)
    return logimap("validate", "--project", str(project), cwd=tmp_path)


@pytest.fixture(scope="module")
def plain_mb(tmp_path_factory: pytest.TempPathFactory) -> float:
    """The peak memory of validating a project whose track is two plain GPX fixes."""
    ran = _validate(tmp_path_factory.mktemp("plain"), "t.gpx", GPX_HEAD + GPX_POINTS + GPX_TAIL)
    assert ran.code == 0, ran.output
    return ran.peak_mb


def test_a_gpx_comment_of_250000_xmlns_is_read_in_one_pass(tmp_path: Path, plain_mb: float):
    # 1.5 MB: a regular expression over the whole text looking for namespaces took minutes.
    track = GPX_HEAD + GPX_POINTS + GPX_TAIL + "<!--" + " xmlns" * 250_000 + "-->\n"

    ran = _validate(tmp_path, "t.gpx", track)

    assert ran.code == 0, ran.output
    assert "ok" in ran.stdout
    assert ran.peak_mb < plain_mb + EXTRA_MB


def test_300000_nested_gpx_extensions_are_a_located_problem_not_a_crash(
        tmp_path: Path, plain_mb: float):
    # 2.1 MB: a reader that copies the tree element by element recursed until it crashed.
    nested = "<extensions>" + "<a>" * 300_000 + "</a>" * 300_000 + "</extensions>"
    track = GPX_HEAD + GPX_POINTS.replace("</trkpt>", nested + "</trkpt>", 1) + GPX_TAIL

    ran = _validate(tmp_path, "t.gpx", track)

    assert ran.code == 1, ran.output
    assert "Traceback" not in ran.output
    assert ("tracks/t.gpx:3: nests elements more than 64 deep (hint: save the track as plain "
            "GPX or KML)") in ran.stderr.splitlines()
    assert ran.peak_mb < plain_mb + EXTRA_MB


def test_300000_nested_kml_elements_are_a_located_problem(tmp_path: Path, plain_mb: float):
    track = ('<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>'
             + "<Folder>" * 300_000 + "</Folder>" * 300_000 + "</Document></kml>\n")

    ran = _validate(tmp_path, "t.kml", track)

    assert ran.code == 1, ran.output
    assert "tracks/t.kml:2: nests elements more than 64 deep" in ran.stderr
    assert ran.peak_mb < plain_mb + EXTRA_MB


def test_an_ais_line_of_a_million_spaces_after_its_checksum_is_read_in_one_pass(
        tmp_path: Path, plain_mb: float):
    # Two runs of spaces a pattern could split either way made each such line quadratic.
    line = "!AIVDM,1,1,,A,144jNUOP1a9DMm0H:p01hP01P000,0*1E" + " " * 1_000_000 + "x"

    ran = _validate(tmp_path, "t.nmea", line + "\n")

    assert ran.code == 1, ran.output
    assert "tracks/t.nmea: holds 0 fix(es) of its vessel or aircraft" in ran.stderr
    assert ran.peak_mb < plain_mb + EXTRA_MB


def test_a_deeply_nested_geojson_is_a_located_problem(tmp_path: Path, plain_mb: float):
    ran = _validate(tmp_path, "t.geojson", "[" * 300_000 + "]" * 300_000)

    assert ran.code == 1, ran.output
    assert "Traceback" not in ran.output
    assert "tracks/t.geojson: is not JSON" in ran.stderr
    assert ran.peak_mb < plain_mb + EXTRA_MB
