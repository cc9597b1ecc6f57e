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

from logimap.exports import render_exports, write_exports
from logimap.exports.claims_csv import claims_csv, csv_text
from logimap.exports.geojson import geojson_files
from logimap.exports.gpkg import gpkg_date
from logimap.exports.kml import kml_document
from logimap.model import Claim, Flow, Layer, Leg, Location, Node, Scenario, Source
from logimap.periods import parse_period
from logimap.route import LegGeometry
from logimap.route.geometry import LegPassage
from logimap.tables import make_tables

HERE = Location("routes/test.yaml", 1)
LINE = ((170.0, 50.0), (180.0, 51.0), (190.5, 52.25))


def scenario(period: str | None = "2024-11/2024-12", url: str = "https://example.org/a?b=1&c",
             quote: str = "said <so> & \"more\"", note: str = "", title: str = "Title & co",
             leg_id: str = "leg") -> Scenario:
    source = Source("src", "The title", "The publisher", "2025-01-02", url, "", "", None, "",
                    HERE)
    nodes = (Node("a", "Port A", "port", "RU", 170.0, 50.0, "site", "basis A", "note A",
                  Location("geodata/nodes.csv", row=2)),
             Node("b", "Port B", "port", "US", -169.5, 52.25, "town", "basis B", "",
                  Location("geodata/nodes.csv", row=3)))
    leg = Leg(leg_id, "flow", "sea", "a", "b", (), "modelled", "by hand", ("src",),
              parse_period(period) if period else None, HERE)
    claims = (Claim("c1", "ships", 3.0, 3.0, "ships", "about", None, "src", quote, "disputed",
                    note, (), (), (), "flow", HERE),)
    flow = Flow("flow", "The flow", "goods", "A to B", None, "c1", "", (leg,), claims, HERE)
    layer = Layer("by-sea", "By sea", "Group", {"mode": ("sea",)}, HERE)
    return Scenario(Path("."), title, "", "2025-01-15", {"ships": "ships"}, (source,),
                    nodes, (), (flow,), (layer,))


def kml(made: Scenario) -> str:
    tables = make_tables(made, {made.legs[0].id: LegGeometry(LINE, 2000.0)})
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

    assert f"</description>{span}<styleUrl>#flow/modelled</styleUrl>" in document
    assert said in document


def test_kml_styles_say_the_flow_by_colour_and_the_basis_by_opacity_and_width():
    # The first flow's colour is the palette's first, rose #cc6677 (KML: aabbggrr).
    assert ('<Style id="flow/modelled"><LineStyle><color>e67766cc</color><width>3</width>'
            "</LineStyle><BalloonStyle><text>$[description]</text></BalloonStyle></Style>"
            ) in kml(scenario())


def test_kml_names_escape_markup_and_data_is_attached():
    document = kml(scenario())

    assert "<name>Title &amp; co</name>" in document
    assert "<Folder><name>Group: By sea</name>" in document
    # each name is isolated (U+2068 … U+2069): a right-to-left name cannot reorder the others
    assert ('<Placemark id="leg"><name>\u2068The flow\u2069: \u2068Port A\u2069 → '
            '\u2068Port B\u2069</name>') in document
    assert ('<ExtendedData><Data name="leg_id"><value>leg</value></Data><Data name="flow">'
            '<value>flow</value></Data><Data name="mode"><value>sea</value></Data>'
            '<Data name="basis"><value>modelled</value></Data><Data name="claim_ids"><value>'
            'c1</value></Data><Data name="source_ids"><value>src</value></Data>'
            "</ExtendedData>") in document


def test_a_kml_balloon_escapes_the_quote_twice_and_links_a_web_url():
    document = kml(scenario())

    # the balloon's HTML escapes the quote; the XML escapes that HTML again
    assert ("&lt;b&gt;&lt;bdi&gt;about 3 ships&lt;/bdi&gt;&lt;/b&gt; (disputed)&lt;br&gt;“"
            "&lt;bdi&gt;said &amp;lt;so&amp;gt; &amp;amp; &amp;quot;more&amp;quot;&lt;/bdi&gt;”"
            ) in document
    assert ('&lt;bdi&gt;2025-01-02&lt;/bdi&gt; &lt;a href="https://example.org/a?b=1'
            '&amp;amp;c"&gt;https://example.org/a?b=1&amp;amp;c&lt;/a&gt;') in document


@pytest.mark.parametrize(("url", "linked"), [("http://example.org/", True),
                                             ("HTTPS://EXAMPLE.ORG/", True),
                                             ("javascript:alert(1)", False),
                                             ("ftp://example.org/", False)])
def test_a_kml_balloon_links_only_web_urls(url: str, linked: bool):
    document = kml(scenario(url=url))

    assert (f'&lt;a href="{url}"&gt;{url}&lt;/a&gt;' in document) is linked
    assert f"2025-01-02&lt;/bdi&gt; {url}" in document or linked


@pytest.mark.parametrize(("url", "publisher"), [
    ("", ""),
    ("https://example.org/a", ' &lt;a href="https://example.org/a"&gt;https://example.org/a&lt;/a&gt;'),
], ids=["original unknown", "original known"])
def test_a_kml_balloon_links_the_copy_read_beside_the_publishers_page(url: str, publisher: str):
    from dataclasses import replace

    made = scenario(url=url)
    copied = replace(made.sources[0], copy_url="https://copy.example/a?b&c", accessed="2025-06")
    document = kml(replace(made, sources=(copied,)))

    assert (f"&lt;bdi&gt;2025-01-02&lt;/bdi&gt;{publisher} (copy: &lt;a "
            'href="https://copy.example/a?b&amp;amp;c"&gt;https://copy.example/a?b&amp;amp;c'
            "&lt;/a&gt;, read &lt;bdi&gt;2025-06&lt;/bdi&gt;)") in document


def test_a_kml_balloon_does_not_link_a_copy_that_is_no_web_address():
    from dataclasses import replace

    made = scenario()
    document = kml(replace(made, sources=(replace(made.sources[0],
                                                  copy_url="javascript:alert(1)"),)))

    assert "(copy: javascript:alert(1))" in document
    assert 'href="javascript' not in document


def test_a_kml_balloon_shows_a_claims_note():
    assert ("&lt;i&gt;Note:&lt;/i&gt; &lt;bdi&gt;a &amp;lt;b&amp;gt; note&lt;/bdi&gt;"
            ) in kml(scenario(note="a <b> note"))


@pytest.mark.parametrize(("text", "written"), [
    ("a & b < c > d", "a &amp; b &lt; c &gt; d"),
    ("line\rbreak", "line&#13;break"),
    ("bell\x07 nul\x00 esc\x1b", "bell\ufffd nul\ufffd esc\ufffd"),
    ("keep\ttab\nand line", "keep\ttab\nand line"),
    ("not \ufffe or \uffff", "not \ufffd or \ufffd"),
    ("quote \" stays", "quote \" stays"),
])
def test_kml_text_escapes_markup_and_replaces_what_xml_cannot_hold(text: str, written: str):
    assert f"<Document>\n<name>{written}</name>\n" in kml(scenario(title=text))


def test_kml_attributes_also_escape_double_quotes():
    document = kml(scenario(leg_id='a "b" & <c>\x01'))

    assert '<Placemark id="a &quot;b&quot; &amp; &lt;c&gt;\ufffd">' in document


def test_kml_gives_an_undated_leg_no_time_span():
    assert "<TimeSpan>" not in kml(scenario(period=None))


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
    assert rows[1][14:] == ["", "'=HYPERLINK(\"x\")", "src", "The publisher", "2025-01-02",
                            "https://example.org/a?b=1&c", ""]


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
    (["gpkg"], ["logimap.gpkg", "logimap.qgz"]),  # the QGIS project comes with it
    (["csv"], ["claims.csv", "legs.csv"]),
    (["kml", "csv"], ["logimap.kml", "claims.csv", "legs.csv"]),
    (["geojson"], ["geojson/by-sea.geojson", "geojson/all.geojson"]),
    ("csv", ["claims.csv", "legs.csv"]),
    (["csv", "csv"], ["claims.csv", "legs.csv"]),
])
def test_only_the_formats_asked_for_are_made(formats, names):
    made = scenario()
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})

    assert [name for name, _ in render_exports(made, tables, formats)] == names


def test_unknown_formats_and_layers_are_named_with_the_known_ones():
    made = scenario()
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})

    with pytest.raises(ValueError, match=re.escape(
            "unknown export format 'shp'; the formats are: geojson, gpkg, kml, csv")):
        render_exports(made, tables, ["csv", "shp"])
    with pytest.raises(ValueError, match=re.escape(
            "unknown layer 'air'; the layers are: by-sea")):
        render_exports(made, tables, ["csv"], ["air"])
    assert [name for name, _ in render_exports(made, tables, ["geojson"], "by-sea")
            ] == ["geojson/by-sea.geojson", "geojson/all.geojson"]


# -- every part of the files, exactly -----------------------------------------------------


def named(made: Scenario, **names: str) -> Scenario:
    """``made`` with its places renamed (``a="Pórt A"``)."""
    from dataclasses import replace

    nodes = tuple(replace(node, name=names.get(node.id, node.name)) for node in made.nodes)
    return replace(made, nodes=nodes)


def test_geojson_features_hold_their_properties_in_the_table_order():
    made = named(scenario(), a="Pórt A")
    tables = make_tables(made, {"leg": LegGeometry(((-0.000001, -0.000001), (1.0, 1.0)),
                                                   157.2)})

    text = dict(geojson_files(tables, ["by-sea"]))["all.geojson"]
    features = json.loads(text)["features"]

    assert text.startswith('{"type":"FeatureCollection","features":[{"type":"Feature",')
    assert text.endswith("}]}\n") and '"name":"Pórt A"' in text  # compact, UTF-8 as it is
    leg, first, second = features
    assert list(leg) == ["type", "id", "properties", "geometry"] and leg["id"] == "leg"
    assert leg["type"] == "Feature" and leg["properties"]["feature"] == "leg"
    assert '"coordinates":[[0.0,0.0],[1.0,1.0]]' in text  # -0.0 written as 0.0
    assert first == {"type": "Feature", "id": "a", "properties": {
        "feature": "node", "id": "a", "name": "Pórt A", "label": "Pórt A", "kind": "port",
        "country": "RU", "precision": "site", "basis": "basis A", "note": "note A",
        "claim_ids": None, "marker-color": "#1f77b4"},
        "geometry": {"type": "Point", "coordinates": [170.0, 50.0]}}
    assert list(first) == list(leg) and second["geometry"] == {"type": "Point",
                                                               "coordinates": [-169.5, 52.25]}


def test_geojson_legs_carry_their_flows_look_in_simplestyle():
    made = scenario()
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})

    leg = json.loads(dict(geojson_files(tables, ["by-sea"]))["by-sea.geojson"])["features"][0]

    # The only flow: the palette's first colour (rose), the neutral width of a flow with
    # nothing to compare with, and faded: its headline figure is disputed.
    assert {key: leg["properties"][key] for key in ("stroke", "stroke-width", "stroke-opacity")
            } == {"stroke": "#cc6677", "stroke-width": 2.5, "stroke-opacity": 0.45}


def test_a_place_a_hair_west_of_greenwich_is_written_at_0_not_minus_0():
    from dataclasses import replace

    made = scenario()
    made = replace(made, nodes=(replace(made.nodes[0], lon=-0.000001, lat=-0.000001),
                                made.nodes[1]))
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})

    text = dict(geojson_files(tables, ["by-sea"]))["all.geojson"]

    assert '"coordinates":[0.0,0.0]}' in text


def test_geojson_text_refuses_a_number_that_is_not_finite_rather_than_write_nan():
    from logimap.exports.geojson import _json

    with pytest.raises(ValueError, match="JSON compliant"):
        _json({"length_km": float("nan")})


def test_kml_places_are_written_exactly():
    document = kml(named(scenario(), a="Pórt A"))

    assert document.endswith(
        "\n<Folder><name>Places</name>\n"
        '<Placemark id="a"><name>Pórt A</name><description>&lt;h3&gt;&lt;bdi&gt;Pórt A'
        "&lt;/bdi&gt;&lt;/h3&gt;&lt;p&gt;port, &lt;bdi&gt;RU&lt;/bdi&gt;&lt;br&gt;Precision "
        "site: &lt;bdi&gt;basis A&lt;/bdi&gt;&lt;br&gt;&lt;bdi&gt;note A&lt;/bdi&gt;&lt;/p&gt;"
        "</description>"
        '<styleUrl>#place</styleUrl><ExtendedData><Data name="node_id"><value>a</value></Data>'
        '<Data name="kind"><value>port</value></Data><Data name="precision"><value>site'
        '</value></Data></ExtendedData><Point>'  # no claims: no claim_ids at all
        "<coordinates>170,50</coordinates></Point></Placemark>\n"
        '<Placemark id="b"><name>Port B</name><description>&lt;h3&gt;&lt;bdi&gt;Port B'
        "&lt;/bdi&gt;&lt;/h3&gt;&lt;p&gt;port, &lt;bdi&gt;US&lt;/bdi&gt;&lt;br&gt;Precision "
        "town: &lt;bdi&gt;basis B&lt;/bdi&gt;&lt;/p&gt;</description>"
        '<styleUrl>#place</styleUrl><ExtendedData><Data name="node_id"><value>b</value></Data>'
        '<Data name="kind"><value>port</value></Data><Data name="precision"><value>town'
        '</value></Data></ExtendedData><Point>'
        "<coordinates>-169.5,52.25</coordinates></Point></Placemark>\n"
        "</Folder>\n</Document>\n</kml>\n")


def test_a_kml_place_balloon_names_the_sources_of_its_basis():
    from dataclasses import replace

    made = scenario()
    made = replace(made, nodes=(replace(made.nodes[0], sources=("src",)), made.nodes[1]))

    assert ("Precision site: &lt;bdi&gt;basis A&lt;/bdi&gt;&lt;br&gt;&lt;bdi&gt;note A"
            "&lt;/bdi&gt;&lt;/p&gt;&lt;p&gt;Basis and note from:&lt;br&gt;— &lt;bdi&gt;The "
            "publisher&lt;/bdi&gt;, &lt;bdi&gt;The title&lt;/bdi&gt;, &lt;bdi&gt;2025-01-02"
            "&lt;/bdi&gt; &lt;a href=") in kml(made)


def test_kml_starts_with_its_declaration_name_styles_and_a_folder_per_layer():
    document = kml(scenario())

    assert document.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
        "\n<Document>\n<name>Title &amp; co</name>\n"
        '<Style id="flow/modelled"><LineStyle><color>e67766cc</color><width>3</width>'
        "</LineStyle><BalloonStyle><text>$[description]</text></BalloonStyle></Style>\n"
        '<Style id="place"><IconStyle><scale>0.6</scale></IconStyle><BalloonStyle><text>'
        "$[description]</text></BalloonStyle></Style>\n"
        '<Folder><name>Group: By sea</name>\n<Placemark id="leg">')
    assert "</Placemark>\n</Folder>\n<Folder><name>Places</name>\n" in document


def test_a_layer_without_a_group_is_a_folder_named_by_its_title():
    from dataclasses import replace

    made = scenario()
    made = replace(made, layers=(replace(made.layers[0], group=""),))

    assert "<Folder><name>By sea</name>\n" in kml(made)


def test_a_kml_leg_balloon_is_written_exactly():
    document = kml(named(scenario(quote="said so", url=""), a="Pórt A"))

    def bdi(text: str) -> str:
        return f"&lt;bdi&gt;{text}&lt;/bdi&gt;"

    cited = f"— {bdi('The publisher')}, {bdi('The title')}, {bdi('2025-01-02')}"
    assert (f"<description>&lt;h3&gt;{bdi('The flow')}: {bdi('Pórt A')} → {bdi('Port B')}"
            f"&lt;/h3&gt;&lt;p&gt;sea leg, modelled: {bdi('by hand')}&lt;br&gt;Period: "
            "2024-11-01 to 2024-12-31&lt;br&gt;Length: 2000.0 km, 1.4 times the great circle "
            "through its stops (1,452 km)&lt;/p&gt;&lt;p&gt;Route "
            f"reported by:&lt;br&gt;{cited}&lt;/p&gt;&lt;p&gt;&lt;b&gt;{bdi('about 3 ships')}"
            f"&lt;/b&gt; (disputed)&lt;br&gt;“{bdi('said so')}”&lt;br&gt;{cited}&lt;/p&gt;"
            "</description>") in document



def test_a_kml_leg_balloon_names_the_passages_its_line_goes_through():
    made = scenario()
    geometry = LegGeometry(LINE, 1500.0, passages=(
        LegPassage("strait", -168.9, 65.8, "bering", "Bering Strait"),))
    tables = make_tables(made, {"leg": geometry})

    document = kml_document(made, tables, ["by-sea"])

    assert ("Length: 1500.0 km&lt;br&gt;Through: &lt;bdi&gt;Bering Strait&lt;/bdi&gt;"
            "&lt;/p&gt;") in document
    assert '<Data name="passages"><value>Bering Strait</value></Data>' in document


def test_a_kml_balloon_lists_each_source_and_leaves_out_an_empty_basis_note():
    from dataclasses import replace

    made = scenario(url="")
    second = replace(made.sources[0], id="src2", publisher="Second", title="", date="")
    leg = replace(made.flows[0].legs[0], basis_note="", sources=("src", "src2"))
    a = replace(made.nodes[0], sources=("src", "src2"))
    made = replace(made, sources=(*made.sources, second), nodes=(a, made.nodes[1]),
                   flows=(replace(made.flows[0], legs=(leg,)),))
    first = ("— &lt;bdi&gt;The publisher&lt;/bdi&gt;, &lt;bdi&gt;The title&lt;/bdi&gt;, "
             "&lt;bdi&gt;2025-01-02&lt;/bdi&gt;")
    both = f"&lt;br&gt;{first}&lt;br&gt;— &lt;bdi&gt;Second&lt;/bdi&gt;&lt;/p&gt;"

    document = kml(made)

    assert "&lt;p&gt;sea leg, modelled&lt;br&gt;Period: 2024-11-01" in document
    assert f"&lt;p&gt;Route reported by:{both}" in document
    assert f"&lt;p&gt;Basis and note from:{both}" in document


def test_a_kml_place_a_claim_is_about_shows_the_claim_and_holds_its_id():
    from dataclasses import replace

    made = scenario()
    claim = replace(made.flows[0].claims[0], nodes=("b",))
    made = replace(made, flows=(replace(made.flows[0], claims=(claim,)),))

    place = kml(made).split('<Placemark id="b">')[1].split("</Placemark>")[0]

    assert ("&lt;p&gt;&lt;b&gt;&lt;bdi&gt;about 3 ships&lt;/bdi&gt;&lt;/b&gt; (disputed)"
            "&lt;br&gt;“&lt;bdi&gt;said") in place
    assert ('<Data name="precision"><value>town</value></Data><Data name="claim_ids"><value>'
            "c1</value></Data></ExtendedData>") in place

@pytest.mark.parametrize(("mode", "basis", "style"), [
    ("rail", "observed", "<color>ff7766cc</color><width>4</width>"),
    ("air", "schematic", "<color>8c7766cc</color><width>2</width>"),
    ("road", "modelled", "<color>e67766cc</color><width>3</width>"),
    ("ferry", "observed", "<color>ff7766cc</color><width>4</width>"),
    ("sea", "guessed", "<color>ff7766cc</color><width>3</width>"),
])
def test_kml_line_styles_by_flow_and_basis_whatever_the_mode(mode: str, basis: str,
                                                             style: str):
    from dataclasses import replace

    made = scenario()
    leg = replace(made.flows[0].legs[0], mode=mode, basis=basis)
    made = replace(made, flows=(replace(made.flows[0], legs=(leg,)),),
                   layers=(replace(made.layers[0], select={"mode": (mode,)}),))

    assert (f'<Style id="flow/{basis}"><LineStyle>{style}</LineStyle>') in kml(made)


def test_claims_csv_is_written_exactly():
    from dataclasses import replace

    made = scenario(quote="-3 ships")
    claim = replace(made.flows[0].claims[0], low=None, high=None, unit="", qualifier="",
                    source="elsewhere", note="a\tnote")
    made = replace(made, flows=(replace(made.flows[0], claims=(claim,), headline=""),))
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})

    assert claims_csv(made, tables) == (
        "id,flow,leg_ids,node_ids,what,value_low,value_high,unit,qualifier,quantity,"
        "period_start,period_end,status,note,note_source_ids,quote,source,source_publisher,"
        "source_date,source_url,source_copy_url\n"
        "c1,flow,leg,,ships,,,,,,,,disputed,a\tnote,,'-3 ships,elsewhere,,,,\n")


def test_claims_csv_gives_the_publishers_page_and_the_copy_read_apart():
    from dataclasses import replace

    made = scenario(url="")
    made = replace(made, sources=(replace(made.sources[0], copy_url="https://copy.example/a",
                                          accessed="2025-06-01"),))
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})

    assert claims_csv(made, tables).splitlines()[1].endswith(
        ",src,The publisher,2025-01-02,,https://copy.example/a")


def test_render_exports_uses_the_tables_given():
    made = scenario()
    tables = make_tables(made, {"leg": LegGeometry(((170.0, 50.0), (-169.5, 52.25)), 1.0)})

    (name, data), = render_exports(made, tables, ["geojson"], ["by-sea"])[:1]

    assert name == "geojson/by-sea.geojson"
    assert b'"coordinates":[[170.0,50.0],[-169.5,52.25]]' in data


def test_export_writes_what_render_exports_makes(tmp_path: Path):
    made = scenario()
    tables = make_tables(made, {"leg": LegGeometry(((170.0, 50.0), (-169.5, 52.25)), 1.0)})

    written = write_exports(made, tables, tmp_path, ["geojson"])

    assert [w.path.relative_to(tmp_path).as_posix() for w in written] == [
        "geojson/by-sea.geojson", "geojson/all.geojson"]
    assert b'"coordinates":[[170.0,50.0],[-169.5,52.25]]' in (
        tmp_path / "geojson" / "by-sea.geojson").read_bytes()


def test_a_geopackage_is_version_1_2_with_its_legs_in_wgs84(tmp_path: Path):
    import sqlite3

    import pyogrio

    made = scenario()
    tables = make_tables(made, {"leg": LegGeometry(LINE, 2000.0)})
    [gpkg] = [data for name, data in render_exports(made, tables, ["gpkg"])
              if name == "logimap.gpkg"]
    (tmp_path / "x.gpkg").write_bytes(gpkg)

    with sqlite3.connect(tmp_path / "x.gpkg") as db:
        version = db.execute("PRAGMA user_version").fetchone()[0]
    db.close()
    assert version == 10200
    assert pyogrio.read_info(tmp_path / "x.gpkg", layer="legs")["crs"] == "EPSG:4326"


@pytest.mark.parametrize("epoch", ["soon", "1.5", "99999999999999999999"])
def test_a_source_date_epoch_that_is_not_whole_seconds_is_a_usage_error(
        epoch: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)

    with pytest.raises(ValueError) as raised:
        gpkg_date(scenario())

    assert str(raised.value) == (f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of "
                                 "seconds since 1970-01-01; unset it or give one")


def test_source_date_epoch_is_read_in_utc_whatever_the_time_zone(
        monkeypatch: pytest.MonkeyPatch):
    import time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert gpkg_date(scenario()) == "2023-11-14T22:13:20.000Z"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_the_qgis_about_text_names_the_copy_a_source_was_read_from():
    from dataclasses import replace

    from logimap.exports.qgis.project import about_text

    made = scenario(url="")
    made = replace(made, sources=(replace(made.sources[0], copy_url="https://copy.example/a",
                                          accessed="2025-06"),))

    assert about_text(made, ["src"]).endswith(
        "Sources:\n1. The publisher, “The title”, 2025-01-02, copy read at "
        "https://copy.example/a on 2025-06")
