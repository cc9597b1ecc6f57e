"""A track several legs are drawn from is read once and its fixes written once in each
export, each fix naming the legs that draw it; however many legs use it, the output stays
the size of one."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import write_exports_of
from tests.tracked import make_project
from tests.voyage import WRITERS, voyage

pytestmark = pytest.mark.slow
GX = "{http://www.google.com/kml/ext/2.2}"


def _project(root: Path, legs: int) -> Path:
    source = WRITERS["csv"](root / "v.csv", voyage())
    body = "\n".join(
        f"  - id: voyage-{n}\n    mode: sea\n    from: rajin_port\n    to: dunay_port\n"
        "    basis: observed\n    basis_note: a synthetic test track\n    track: tracks/v.csv"
        for n in range(1, legs + 1))
    return make_project(root / f"p{legs}", "v.csv", source.read_bytes(), legs=body)


def _exports(project: Path, out: Path) -> Path:
    from logimap.pipeline import load

    out.mkdir()
    write_exports_of(load(project), out, formats=["geojson", "kml"])
    return out


def test_ten_legs_on_one_track_write_its_fixes_once(tmp_path: Path):
    one = _exports(_project(tmp_path, 1), tmp_path / "one")
    ten = _exports(_project(tmp_path, 10), tmp_path / "ten")

    points = json.loads((ten / "geojson/track_points.geojson").read_text(encoding="utf-8"))
    alone = json.loads((one / "geojson/track_points.geojson").read_text(encoding="utf-8"))
    assert len(points["features"]) == len(alone["features"]) == len(voyage())
    every = "; ".join(f"voyage-{n}" for n in range(1, 11))
    assert {f["properties"]["leg_id"] for f in points["features"]} == {every}
    assert {f["properties"]["leg_id"] for f in alone["features"]} == {"voyage-1"}
    assert ([f["geometry"] for f in points["features"]]
            == [f["geometry"] for f in alone["features"]])
    tracks = ET.parse(ten / "logimap.kml").getroot().iter(f"{GX}Track")
    assert [len(track.findall(f"{GX}coord")) for track in tracks] == [len(voyage())]
    size_one = (one / "geojson/track_points.geojson").stat().st_size
    size_ten = (ten / "geojson/track_points.geojson").stat().st_size
    assert size_ten < 2 * size_one  # not ten times: only the legs named are longer


def test_ten_legs_on_one_track_share_one_copy_of_its_fixes(tmp_path: Path):
    from logimap.pipeline import load

    tracks = load(_project(tmp_path, 10)).tracks

    assert len({id(track.fixes) for track in tracks.values()}) == 1
