"""Images of the maps for print and publication: SVG, PDF and PNG, read back as a reader's
tools would read them.

A two-place scenario with a leg drawn by hand across the antimeridian (no router), so every
text the images hold is known here.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from logimap.errors import UsageError
from logimap.images import render_images, size_of
from logimap.images.figure import draw
from logimap.images.views import views
from logimap.route import LegGeometry
from logimap.tables import make_tables
from tests.conftest import run
from tests.test_export_text import LINE, scenario

SVG = "{http://www.w3.org/2000/svg}"
# A4 landscape in PDF points (297 × 210 mm at 72 points per inch).
A4_POINTS = (841.89, 595.28)


def images(made=None, **options) -> dict[str, bytes]:
    made = made or scenario()
    tables = make_tables(made, {made.legs[0].id: LegGeometry(LINE, 2000.0)})
    return dict(render_images(made, tables, **options))


@pytest.fixture(scope="module")
def drawn() -> dict[str, bytes]:
    return images()


def test_the_scenario_and_each_layer_get_every_format_at_its_sizes(drawn: dict[str, bytes]):
    assert sorted(drawn) == sorted(
        f"images/{name}-{size}" for name in ("index", "by-sea")
        for size in ("a4.svg", "a4.pdf", "social.png", "square.png"))


def _svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


def test_the_svg_keeps_text_as_text_and_a_named_group_per_flow(drawn: dict[str, bytes]):
    data = drawn["images/index-a4.svg"]
    root = ET.fromstring(data)
    ids = {group.get("id") for group in root.iter(f"{SVG}g")}
    texts = _svg_texts(data)

    assert {"flow-flow", "legend", "credit", "title", "scale-bar"} <= ids
    assert "Title & co" in texts  # the scenario's title, as text, escaped by the writer
    assert "The flow: about 3 ships" in texts  # the legend: name and headline figure
    assert "Figures: The publisher. Base map: Natural Earth" in texts
    assert "about 3 ships" in texts  # the volume label
    assert {"Port A", "Port B"} <= set(texts)


def test_a_layers_image_is_titled_with_the_layer_over_the_scenario(drawn: dict[str, bytes]):
    texts = _svg_texts(drawn["images/by-sea-a4.svg"])

    # The title, the subtitle, then the leg's period and the date the data is as of.
    assert texts[texts.index("By sea"):][:3] == [
        "By sea", "Title & co", "2024-11-01 to 2024-12-31; data as of 2025-01-15"]


def test_the_pdf_is_an_a4_landscape_page_with_its_fonts_embedded_and_text_to_copy(
        drawn: dict[str, bytes]):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(drawn["images/index-a4.pdf"]))
    page = reader.pages[0]
    fonts = page["/Resources"]["/Font"]

    assert len(reader.pages) == 1
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        A4_POINTS, abs=0.5)
    assert fonts and all("/FontFile2" in font.get_object()["/FontDescriptor"]
                         for font in _descendants(fonts))
    text = page.extract_text()
    assert "Title & co" in text and "The flow: about 3 ships" in text
    assert "Base map: Natural Earth" in text


def _descendants(fonts) -> list:
    """The TrueType fonts of a page's font resources (a Type 0 font's descendant)."""
    found = []
    for font in fonts.values():
        font = font.get_object()
        if "/DescendantFonts" in font:
            found += [child.get_object() for child in font["/DescendantFonts"]]
        else:
            found.append(font)
    return found


def test_the_pngs_are_the_social_sizes_at_twice_the_density(drawn: dict[str, bytes]):
    from PIL import Image

    social = Image.open(io.BytesIO(drawn["images/index-social.png"]))
    square = Image.open(io.BytesIO(drawn["images/index-square.png"]))

    assert social.size == (2 * 1200, 2 * 675)
    assert square.size == (2 * 1080, 2 * 1080)


def test_the_same_data_gives_the_same_bytes(drawn: dict[str, bytes]):
    again = images()

    assert again == drawn
    assert b"Date" not in drawn["images/index-a4.svg"]
    assert b"CreationDate" not in drawn["images/index-a4.pdf"]


def test_cyrillic_and_hangul_names_are_written_and_their_font_embedded():
    from pypdf import PdfReader

    made = scenario()
    made = replace(made, nodes=(replace(made.nodes[0], name="Владивосток"),
                                replace(made.nodes[1], name="나진")))

    drawn = images(made, formats=["svg", "pdf"])
    page = PdfReader(io.BytesIO(drawn["images/index-a4.pdf"])).pages[0]
    names = {str(font.get("/BaseFont")) for font in _descendants(page["/Resources"]["/Font"])}

    assert {"Владивосток", "나진"} <= set(_svg_texts(drawn["images/index-a4.svg"]))
    assert any("LogimapHangul" in name for name in names)
    assert any("LogimapSans" in name for name in names)
    text = page.extract_text()
    assert "Владивосток" in text and "나진" in text


def test_no_two_labels_overlap():
    made = scenario()
    # Many places crowded around one port: most labels cannot all fit.
    crowd = tuple(replace(made.nodes[0], id=f"p{n}", name=f"Crowded place {n}",
                          lon=170.0 + 0.02 * n, lat=50.0 + 0.01 * n) for n in range(30))
    leg = replace(made.legs[0], via=tuple(node.id for node in crowd))
    flow = replace(made.flows[0], legs=(leg,))
    made = replace(made, nodes=(*made.nodes, *crowd), flows=(flow,))
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})
    view = views(made, tables)[0]

    figure = draw(view, size_of("social"))
    figure.canvas.draw()  # laid out as it is saved
    renderer = figure.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in figure.axes[0].texts
             if (text.get_gid() or "").startswith("labels-")]

    assert 2 <= len(boxes) < 32  # some written, not all
    assert not any(first.overlaps(second) for first, second in combinations(boxes, 2))


def test_a_line_across_the_antimeridian_stays_whole():
    made = scenario()
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})
    figure = draw(views(made, tables)[0], size_of("social"))
    flow = next(c for c in figure.axes[0].collections if c.get_gid() == "flow-flow")
    (path,) = flow.get_paths()
    xs = path.vertices[:, 0]

    # One path, its x always increasing eastwards (no jump back across the map at 180°).
    assert len(xs) == len(LINE) and all(b > a for a, b in pairwise(xs))


def test_greyscale_draws_the_flows_in_greys():
    data = images(formats=["svg"], greyscale=True)["images/index-a4.svg"].decode()
    group = data.split('<g id="flow-flow">')[1].split("</g>")[0]

    colours = set(re.findall(r"stroke: (#[0-9a-f]{6})", group))
    assert colours and all(c[1:3] == c[3:5] == c[5:7] for c in colours)


def test_a_flow_selection_and_a_custom_size():
    drawn = images(formats=["png"], sizes=["800x600"], flows=["flow"])

    assert sorted(drawn) == ["images/by-sea-800x600.png", "images/index-800x600.png"]


@pytest.mark.parametrize(("options", "said"), [
    ({"sizes": ["huge"]}, "unknown image size 'huge'"),
    ({"dpi": 5000}, "--dpi 5000 is out of range"),
    ({"flows": ["nope"]}, "unknown flow 'nope'; the flows are: flow"),
])
def test_bad_options_are_usage_errors_naming_what_to_give(options: dict, said: str):
    with pytest.raises(UsageError, match=re.escape(said)):
        images(**options)


# -- from the command line ----------------------------------------------------------------


@pytest.mark.slow
def test_export_writes_the_images_asked_for_and_build_writes_none_unless_asked(
        tmp_path: Path, starter_project: Path):
    out = tmp_path / "out"

    exported = run("export", "--project", str(starter_project), "--out", str(out),
                   "--format", "svg,png", "--size", "social", "--no-cache")
    images_written = sorted(path.name for path in (out / "images").iterdir())
    built = run("build", "--project", str(starter_project), "--out", str(out),
                "--format", "html", "--no-cache")

    assert exported.exit_code == 0, exported.stderr
    assert images_written and all(name.endswith(("-social.svg", "-social.png"))
                                  for name in images_written)
    assert "index-social.svg" in images_written
    assert built.exit_code == 0, built.stderr
    assert (out / "index.html").is_file() and not (out / "logimap.gpkg").exists()
    # A build of the maps alone leaves the images an export wrote.
    assert sorted(path.name for path in (out / "images").iterdir()) == images_written


@pytest.mark.parametrize(("args", "said"), [
    (("export", "--format", "svg,gif"), "use a comma-separated list of: geojson, gpkg, kml, "
                                        "csv, svg, pdf, png"),
    (("build", "--format", "jpeg"), "use a comma-separated list of: html, geojson, gpkg, kml, "
                                    "csv, svg, pdf, png"),
])
def test_an_unknown_format_is_a_usage_error(args: tuple[str, ...], said: str):
    result = run(*args)

    assert result.exit_code == 2
    assert said in " ".join(result.stderr.split())


def test_flows_beyond_the_grouped_ones_share_a_group(monkeypatch: pytest.MonkeyPatch):
    from logimap.images import figure

    monkeypatch.setattr(figure, "GROUPED_FLOWS", 0)
    root = ET.fromstring(images(formats=["svg"])["images/index-a4.svg"])
    ids = {group.get("id") for group in root.iter(f"{SVG}g")}

    assert "flows-more" in ids and "flow-flow" not in ids


def test_the_credit_names_the_figures_publishers_and_openstreetmap_for_its_railways():
    from logimap.tables.credits import credit_line

    made = scenario()
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})

    assert credit_line(tables, ["flow"], osm=False) == (
        "Figures: The publisher. Base map: Natural Earth")
    assert credit_line(tables, [], osm=True) == (
        "Base map: Natural Earth. © OpenStreetMap contributors")


@pytest.mark.parametrize(("mode", "path", "credited"), [
    ("rail", "", True), ("road", "", True), ("road", "direct", False), ("sea", "", False),
    ("air", "", False)])
def test_openstreetmap_is_credited_for_a_line_over_its_railways_or_roads(mode, path, credited):
    from logimap.tables.credits import follows_osm

    leg = replace(scenario().legs[0], mode=mode, path=path)

    assert follows_osm(leg) is credited


def test_text_from_the_data_is_drawn_as_text_never_markup_or_mathematics():
    made = scenario(title="<b onload=alert(1)>$x^2$</b> & co")
    made = replace(made, nodes=(replace(made.nodes[0], name="<svg>$\\alpha$"), made.nodes[1]))

    data = images(made, formats=["svg"])["images/index-a4.svg"]
    root = ET.fromstring(data)

    assert "<b onload=alert(1)>$x^2$</b> & co" in _svg_texts(data)
    assert "<svg>$\\alpha$" in _svg_texts(data)
    assert not [element for element in root.iter() if element.tag in ("b", "script")]


@pytest.mark.parametrize(("points", "kind", "centre"), [
    # Pyongyang to Moscow: north of the equator, a conic centred between them.
    ([(125.75, 39.02), (37.62, 55.75)], "+proj=lcc", 81.7),
    # Across the antimeridian (Kamchatka to Alaska, unwrapped or not): centred on 180.
    ([(158.65, 53.02), (-149.9, 61.22)], "+proj=lcc", -175.6),
    ([(158.65, 53.02), (210.1, 61.22)], "+proj=lcc", -175.6),
    # Rotterdam to Singapore reaches the equator's other side: Equal Earth.
    ([(4.48, 51.92), (103.82, 1.35), (80.0, -5.0)], "+proj=eqearth", 54.2),
])
def test_the_projection_is_chosen_for_the_extent_never_web_mercator(points, kind, centre):
    from logimap.images.projection import choose_projection

    chosen = choose_projection(points)

    assert chosen.proj.startswith(kind) and "merc" not in chosen.proj
    assert chosen.centre_lon == pytest.approx(centre, abs=0.1) or (
        chosen.centre_lon - 360.0 == pytest.approx(centre, abs=0.1))
