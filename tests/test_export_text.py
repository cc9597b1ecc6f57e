"""How the exports write text and numbers: KML's escaping, coordinates, time spans and
balloons, and claims.csv's cells, each expectation written out by hand.

A two-place scenario with a leg drawn by hand (no router) is exported, so every coordinate
and every text in the files is known here.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from logimap import exports
from logimap.exports import claims_csv, csv_text, geojson_files, kml_document, render_exports
from logimap.geometry import LegGeometry
from logimap.model import Claim, Flow, Layer, Leg, Location, Node, Scenario, Source
from logimap.periods import parse_period
from logimap.tables import make_tables

HERE = Location("routes/test.yaml", 1)
LINE = ((170.0, 50.0), (180.0, 51.0), (190.5, 52.25))


def scenario(period: str | None = "2024-11/2024-12", url: str = "https://example.org/a?b=1&c",
             quote: str = "said <so> & \"more\"", note: str = "") -> Scenario:
    source = Source("src", "The title", "The publisher", "2025-01-02", url, "", "", None, "",
                    HERE)
    nodes = (Node("a", "Port A", "port", "RU", 170.0, 50.0, "site", "basis A", "note A",
                  Location("geodata/nodes.csv", row=2)),
             Node("b", "Port B", "port", "US", -169.5, 52.25, "town", "basis B", "",
                  Location("geodata/nodes.csv", row=3)))
    leg = Leg("leg", "flow", "sea", "a", "b", (), "modelled", "by hand", ("src",),
              parse_period(period) if period else None, HERE)
    claims = (Claim("c1", "ships", 3.0, 3.0, "ships", "about", None, "src", quote, "disputed",
                    note, (), (), (), "flow", HERE),)
    flow = Flow("flow", "The flow", "goods", "A to B", None, "c1", "", (leg,), claims, HERE)
    layer = Layer("by-sea", "By sea", "Group", {"mode": ("sea",)}, HERE)
    return Scenario(Path("."), "Title & co", "", "2025-01-15", {"ships": "ships"}, (source,),
                    nodes, (), (flow,), (layer,))


def kml(made: Scenario) -> str:
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})
    return kml_document(made, tables, ["by-sea"])


# -- KML ----------------------------------------------------------------------------------


def test_kml_writes_a_line_cut_at_180_with_plain_decimal_coordinates():
    assert ("<MultiGeometry><LineString><tessellate>1</tessellate><coordinates>170,50 180,51"
            "</coordinates></LineString><LineString><tessellate>1</tessellate><coordinates>"
            "-180,51 -169.5,52.25</coordinates></LineString></MultiGeometry>") in kml(scenario())
    assert "<Point><coordinates>-169.5,52.25</coordinates></Point>" in kml(scenario())


@pytest.mark.parametrize(("period", "span", "said"), [
    ("2024-11/2024-12", "<TimeSpan><begin>2024-11-01</begin><end>2024-12-31</end></TimeSpan>",
     "Period: 2024-11-01 to 2024-12-31"),
    ("2024-11/..", "<TimeSpan><begin>2024-11-01</begin></TimeSpan>", "Period: from 2024-11-01"),
    (None, "", "Period: undated"),
])
def test_kml_gives_a_leg_its_time_span_and_says_its_period(period, span, said):
    document = kml(scenario(period))

    assert f"</description>{span}<styleUrl>#sea-modelled</styleUrl>" in document
    assert said in document


def test_kml_styles_say_the_mode_by_colour_and_the_basis_by_opacity_and_width():
    assert ('<Style id="sea-modelled"><LineStyle><color>e6b4771f</color><width>3</width>'
            "</LineStyle><BalloonStyle><text>$[description]</text></BalloonStyle></Style>"
            ) in kml(scenario())


def test_kml_names_escape_markup_and_data_is_attached():
    document = kml(scenario())

    assert "<name>Title &amp; co</name>" in document
    assert "<Folder><name>Group: By sea</name>" in document
    assert ('<Placemark id="leg"><name>The flow: Port A → Port B</name>') in document
    assert ('<ExtendedData><Data name="leg_id"><value>leg</value></Data><Data name="flow">'
            '<value>flow</value></Data><Data name="mode"><value>sea</value></Data>'
            '<Data name="basis"><value>modelled</value></Data><Data name="claim_ids"><value>'
            'c1</value></Data><Data name="source_ids"><value>src</value></Data>'
            "</ExtendedData>") in document


def test_a_kml_balloon_escapes_the_quote_twice_and_links_a_web_url():
    document = kml(scenario())

    # the balloon's HTML escapes the quote; the XML escapes that HTML again
    assert ("&lt;b&gt;about 3 ships&lt;/b&gt; (disputed)&lt;br&gt;“said &amp;lt;so&amp;gt; "
            "&amp;amp; &amp;quot;more&amp;quot;”") in document
    assert ('— The publisher, The title, 2025-01-02 &lt;a href="https://example.org/a?b=1'
            '&amp;amp;c"&gt;https://example.org/a?b=1&amp;amp;c&lt;/a&gt;') in document


@pytest.mark.parametrize(("url", "linked"), [("http://example.org/", True),
                                             ("HTTPS://EXAMPLE.ORG/", True),
                                             ("javascript:alert(1)", False),
                                             ("ftp://example.org/", False)])
def test_a_kml_balloon_links_only_web_urls(url: str, linked: bool):
    document = kml(scenario(url=url))

    assert (f'&lt;a href="{url}"&gt;{url}&lt;/a&gt;' in document) is linked
    assert f"2025-01-02 {url}" in document or linked


def test_a_kml_balloon_shows_a_claims_note():
    assert "&lt;i&gt;Note:&lt;/i&gt; a &amp;lt;b&amp;gt; note" in kml(scenario(
        note="a <b> note"))


@pytest.mark.parametrize(("text", "written"), [
    ("a & b < c > d", "a &amp; b &lt; c &gt; d"),
    ("line\rbreak", "line&#13;break"),
    ("bell\x07 nul\x00 esc\x1b", "bell\ufffd nul\ufffd esc\ufffd"),
    ("keep\ttab\nand line", "keep\ttab\nand line"),
    ("not \ufffe or \uffff", "not \ufffd or \ufffd"),
    ("quote \" stays", "quote \" stays"),
])
def test_kml_text_escapes_markup_and_replaces_what_xml_cannot_hold(text: str, written: str):
    assert exports._xml(text) == written


def test_kml_attributes_also_escape_double_quotes():
    assert exports._attr('a "b" & <c>\x01') == "a &quot;b&quot; &amp; &lt;c&gt;\ufffd"


def test_kml_time_is_empty_for_an_undated_row():
    assert exports._kml_time({"period_start": "", "period_end": "2024-01-01"}) == ""


# -- CSV and GeoJSON ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "written"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\r=1", "'=1"), ("\x1b[2J-1", "[2J-1"), ("a\x07b\x9bc\x7fd", "abcd"),
    ("keeps\ttab\nand line", "keeps\ttab\nand line"), ("plain - text = fine", "plain - text "
                                                       "= fine"), ("", ""),
])
def test_a_csv_cell_cannot_start_a_formula_or_hold_control_characters(text: str,
                                                                     written: str):
    assert csv_text(text) == written


def test_claims_csv_writes_whole_numbers_without_a_point_and_text_made_safe():
    made = scenario(quote="=HYPERLINK(\"x\")")
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})

    rows = list(csv.reader(io.StringIO(claims_csv(made, tables))))

    assert rows[1][:10] == ["c1", "flow", "leg", "", "ships", "3", "3", "ships", "about",
                            "about 3 ships"]
    assert rows[1][14:] == ["'=HYPERLINK(\"x\")", "src", "The publisher", "2025-01-02",
                            "https://example.org/a?b=1&c"]


def test_geojson_keeps_the_exact_text_and_rounds_coordinates():
    made = scenario(quote="=HYPERLINK(\"x\")")
    tables = make_tables(made, {"leg": LegGeometry(((170.123456789, 50.0), (171.0, 50.5)),
                                                   80.0)})

    files = dict(geojson_files(tables, ["by-sea"]))

    leg = json.loads(files["by-sea.geojson"])["features"][0]
    assert leg["geometry"] == {"type": "LineString",
                               "coordinates": [[170.12346, 50.0], [171.0, 50.5]]}
    nodes = [f for f in json.loads(files["all.geojson"])["features"]
             if f["properties"]["feature"] == "node"]
    assert [n["geometry"]["coordinates"] for n in nodes] == [[170.0, 50.0], [-169.5, 52.25]]


@pytest.mark.parametrize(("formats", "names"), [
    (["gpkg"], ["logimap.gpkg"]),
    (["csv"], ["claims.csv"]),
    (["kml", "csv"], ["logimap.kml", "claims.csv"]),
    (["geojson"], ["geojson/by-sea.geojson", "geojson/all.geojson"]),
    ("csv", ["claims.csv"]),
    (["csv", "csv"], ["claims.csv"]),
])
def test_only_the_formats_asked_for_are_made(formats, names):
    made = scenario()
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})

    assert [name for name, _ in render_exports(made, formats, tables=tables)] == names


def test_unknown_formats_and_layers_are_named_with_the_known_ones():
    made = scenario()
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})

    with pytest.raises(ValueError, match=re.escape(
            "unknown export format 'shp'; the formats are: geojson, gpkg, kml, csv")):
        render_exports(made, ["csv", "shp"], tables=tables)
    with pytest.raises(ValueError, match=re.escape(
            "unknown layer 'air'; the layers are: by-sea")):
        render_exports(made, ["csv"], ["air"], tables=tables)
    assert [name for name, _ in render_exports(made, ["geojson"], "by-sea", tables=tables)
            ] == ["geojson/by-sea.geojson", "geojson/all.geojson"]
