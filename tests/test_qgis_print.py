"""The QGIS project opens on a base map and holds a print layout that QGIS exports: checked
by QGIS itself (Debian's qgis and python3-qgis, headless, ``tests/qgis_layout_probe.py``)."""

from __future__ import annotations

import unicodedata

import pytest

import logimap
from tests.conftest import write_exports_of
from tests.gis import probe

pytestmark = pytest.mark.gis

# A4 landscape in millimetres, and in PDF points (72 a inch).
A4_MM = [297.0, 210.0]
A4_POINTS = (841.89, 595.28)


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("print")
    scenario = logimap.load()
    write_exports_of(scenario, root / "out", formats=("gpkg",))
    (root / "prints").mkdir()
    found = probe("qgis_layout_probe.py", "qgis.core", "qgis python3-qgis", root / "out",
                  root / "prints")
    found["prints"] = root / "prints"
    found["scenario"] = scenario
    return found


def test_the_project_opens_on_natural_earths_land_coasts_and_borders(seen: dict):
    assert seen["groups"][-2:] == ["Base map", "Tables"]  # drawn under every other layer
    assert seen["basemap"] == {
        "Borders": {"valid": True, "visible": True, "geometry": "MultiLineString",
                    "features": 1},
        "Coastlines": {"valid": True, "visible": True, "geometry": "MultiLineString",
                       "features": 1},
        "Land": {"valid": True, "visible": True, "geometry": "MultiPolygon", "features": 1}}


def test_the_print_layout_holds_title_map_legend_scale_bar_and_credits(seen: dict):
    scenario = seen["scenario"]
    layout = seen["layouts"]["Print map"]

    assert layout["page_mm"] == A4_MM
    assert layout["items"] == [
        # The headline figures' publisher; the rail legs follow OpenStreetMap's railways.
        {"kind": "label", "id": "credit", "text": "Figures: Korea Daily. Base map: Natural "
                                                  "Earth. © OpenStreetMap contributors"},
        {"kind": "label", "id": "subtitle", "text": f"Data as of {scenario.as_of}"},
        {"kind": "label", "id": "title", "text": scenario.title},
        {"kind": "legend", "id": "legend", "linked": True},
        {"kind": "map", "id": "map", "layers": layout["items"][4]["layers"]},
        {"kind": "scale bar", "id": "scale bar", "linked": True}]
    assert layout["items"][4]["layers"] > 3  # the map draws the layers, not an empty page


def test_qgis_exports_the_layout_to_a_pdf_and_an_image(seen: dict):
    from PIL import Image
    from pypdf import PdfReader

    layout = seen["layouts"]["Print map"]
    page = PdfReader(seen["prints"] / "Print map.pdf").pages[0]
    # NFKC: the PDF writes "ffi" as its ligature.
    text = " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())

    assert layout["pdf"] and layout["png"]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        A4_POINTS, abs=1.0)
    assert seen["scenario"].title in text and "Base map: Natural Earth" in text
    with Image.open(seen["prints"] / "Print map.png") as image:
        assert image.size == tuple(layout["png_size"])
    assert layout["png_coloured_share"] > 0.3  # land, lines and text, not a blank page
