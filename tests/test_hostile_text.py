"""Hostile text: names, notes and quotes that look like HTML, script or markup display literally.

A project is written whose every free text (names, notes, bases, quotes, the stored source
they come from, units, layer titles...) carries script tags, attribute breakers, closing tags,
backticks, template literals, quotes, backslashes and a right-to-left override. The map must
run none of it and show it verbatim in every popup and tooltip, and every export must give it
back unchanged.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.browser import open_file
from tests.conftest import run
from tests.gis import probe

HOSTILE = (
    "<script>window.__pwned=1</script> "
    '"><img src=x onerror="window.__pwned=1"> '
    # a request out, were it markup (to port 8: not one that browsers refuse)
    '<img src="http://127.0.0.1:8/leak.png"> '
    "</div> `backtick` ${window.__pwned=1} </script> "
    "{{ 7 * 7 }} {% if true %}jinja{% endif %} {# comment "
    "file:///etc/hostname ftp://example.org/a user@example.org "  # links but for http(s)
    "it's \"quoted\" \\ back\\slash \u202eevil.exe"
)
KML = "{http://www.opengis.net/kml/2.2}"


def text(field: str) -> str:
    """A hostile value for ``field``, distinct from every other field's."""
    return f"{field}: {HOSTILE}"


UNIT = "units `${window.__pwned=1}` </div>"
STORED = "report"  # the stored source's id
EXTERNAL = "site"  # a source with a URL only

NODES = [
    {"id": "origin", "name": text("origin name"), "kind": "airfield", "country": "KP",
     "lat": "39.2239", "lon": "125.6700", "precision": "site",
     "basis": text("origin basis"), "note": text("origin note")},
    {"id": "hub", "name": text("hub name"), "kind": "airfield", "country": "RU",
     "lat": "43.3989", "lon": "132.1481", "precision": "town",
     "basis": text("hub basis"), "note": ""},
    # a country is a checked ISO code: the hostile text goes in the other fields
    {"id": "depot", "name": text("depot name"), "kind": "depot", "country": "RU",
     "lat": "43.8000", "lon": "131.9670", "precision": "approximate",
     "basis": text("depot basis"), "note": text("depot note")},
]
LEGS = [
    {"id": "air-leg", "mode": "air", "from": "origin", "to": "hub", "basis": "schematic",
     "basis_note": text("air basis note"), "sources": [EXTERNAL]},
    {"id": "road-leg", "mode": "road", "from": "hub", "to": "depot", "basis": "modelled",
     "basis_note": text("road basis note")},
]
CLAIMS = [
    {"id": "volume", "what": text("volume what"), "value": 5, "unit": UNIT,
     "qualifier": "about", "period": "2024", "source": STORED, "quote": text("volume quote"),
     "status": "disputed", "note": text("volume note"), "note_sources": [EXTERNAL]},
    {"id": "by-air", "what": text("by-air what"), "source": STORED,
     "quote": text("by-air quote"), "legs": ["air-leg"]},
]
PLACE_CLAIM = {"id": "at-depot", "what": text("depot claim what"), "source": STORED,
               "quote": text("depot claim quote"), "nodes": ["depot"]}
FLOW = {"id": "goods", "name": text("flow name"), "cargo": text("cargo"),
        "direction": text("direction"), "period": "2023-11/2024-12", "headline": "volume",
        "note": text("flow note"), "legs": LEGS, "claims": CLAIMS}
SOURCES = [
    {"id": STORED, "publisher": text("publisher"), "author": text("author"),
     "title": text("source title"), "date": "2025-05-30", "url": "https://example.org/report",
     "copy_url": "https://example.org/copy", "accessed": "2025-06-01",
     "file": "report.txt", "note": text("source note")},
    {"id": EXTERNAL, "publisher": text("site publisher"),
     "url": "javascript:window.__pwned=1", "copy_url": "javascript:window.__pwned=2",
     "note": text("site note")},
]
LAYERS = [
    {"id": "by-air", "title": text("air layer title"), "group": text("layer group"),
     "select": {"mode": "air"}},
    {"id": "by-road", "title": text("road layer title"), "group": text("layer group"),
     "select": {"mode": "road"}},
]
ALL_CLAIMS = [*CLAIMS, PLACE_CLAIM]


def dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")


def write_project(root: Path, title: str) -> Path:
    dump(root / "seeds/sources.yaml", {"sources": SOURCES})
    quotes = "\n\n".join(claim["quote"] for claim in ALL_CLAIMS)
    (root / "seeds/report.txt").write_text(f"A report.\n\n{quotes}\n", encoding="utf-8")
    (root / "geodata").mkdir(parents=True)
    with open(root / "geodata/nodes.csv", "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(NODES[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(NODES)
    dump(root / "routes/scenario.yaml", {
        "title": title, "description": text("description"), "as_of": "2025-05-30",
        "units": {UNIT: text("unit meaning")}, "layers": LAYERS, "claims": [PLACE_CLAIM]})
    dump(root / "routes/goods.yaml", FLOW)
    return root


def build_project(root: Path, title: str) -> Path:
    write_project(root / "project", title)
    result = run("build", "--project", str(root / "project"), "--out", str(root / "maps"))
    assert result.exit_code == 0, result.stderr
    return root / "maps"


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("hostile"), "A plain title")


@pytest.fixture
def page(browser, maps: Path):
    opened = open_file(browser, maps / "index.html")
    opened.page.wait_for_function("() => window.logimapRuntime !== undefined")
    yield opened
    opened.page.context.close()


def node(node_id: str) -> dict:
    return next(n for n in NODES if n["id"] == node_id)


def source_label(source: dict) -> list[str]:
    return [source[k] for k in ("publisher", "title", "author") if k in source]


def claim_texts(claim: dict) -> list[str]:
    source = next(s for s in SOURCES if s["id"] == claim["source"])
    found = [claim["what"], claim["quote"], *source_label(source),
             f"About this source: {source['note']}"]
    if "note" in claim:
        found.append(claim["note"])
    if "value" in claim:
        found.append(f"about {claim['value']} {UNIT}")
    return found


def leg_texts(leg: dict) -> list[str]:
    claims = [c for c in CLAIMS if "legs" not in c or leg["id"] in c["legs"]]
    return [FLOW["name"], FLOW["direction"], FLOW["cargo"], FLOW["note"], leg["basis_note"],
            f"{node(leg['from'])['name']} → {node(leg['to'])['name']}",
            *(t for c in claims for t in claim_texts(c))]


def node_texts(place: dict) -> list[str]:
    claims = [c for c in ALL_CLAIMS if place["id"] in c.get("nodes", [])]
    return [place[k] for k in ("name", "country", "basis", "note") if place[k]] + [
        t for c in claims for t in claim_texts(c)]


OPEN_EVERYTHING = """() => {
  const rt = window.logimapRuntime, map = rt.map;
  // A closed popup or tooltip fades out: the one just opened is the last in the document.
  const last = (selector) => Array.from(document.querySelectorAll(selector)).pop().innerText;
  const shown = (layer, at) => {
    layer.fire('click', {latlng: at}, true);
    const popup = last('.leaflet-popup-content');
    map.closePopup();
    layer.fire('mouseover', {latlng: at}, true);
    const tooltip = last('.leaflet-tooltip');
    layer.fire('mouseout', {latlng: at}, true);
    return {popup: popup, tooltip: tooltip};
  };
  // Labels first: an opened popup pans the map, and only labels in view are on the page.
  const labels = Array.from(document.querySelectorAll('.lm-label'), (el) => el.innerText);
  const legs = [], nodes = [];
  for (const layer of rt.layers)
    for (const item of layer.legs)
      legs.push(Object.assign({id: item.leg.id}, shown(item.line, item.line.getCenter())));
  rt.places.eachLayer((marker) => { nodes.push(shown(marker, marker.getLatLng())); });
  return {legs: legs, nodes: nodes, labels: labels};
}"""


@pytest.mark.browser
def test_no_hostile_text_runs_in_the_map(page):
    seen = page.page.evaluate(OPEN_EVERYTHING)

    assert len(seen["legs"]) == len(LEGS) and len(seen["nodes"]) == len(NODES)
    assert page.page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.page.evaluate("() => document.querySelectorAll('img[onerror]').length") == 0
    assert page.errors == []
    assert page.requests == []


@pytest.mark.browser
def test_leg_popups_and_tooltips_show_the_text_verbatim(page):
    seen = page.page.evaluate(OPEN_EVERYTHING)

    for shown in seen["legs"]:
        leg = next(leg for leg in LEGS if leg["id"] == shown["id"])
        for expected in leg_texts(leg):
            assert expected in shown["popup"], f"{leg['id']}: {expected!r} not shown"
        assert f"{FLOW['name']} — {node(leg['from'])['name']} → {node(leg['to'])['name']}" \
            in shown["tooltip"]
    # The figure counts 2024, the legs ran 2023-11/2024-12: the label names its period.
    assert seen["labels"] == [f"about 5 {UNIT} in 2024"]
    assert page.page.evaluate("() => typeof window.__pwned") == "undefined"


@pytest.mark.browser
def test_node_popups_and_tooltips_show_the_text_verbatim(page):
    seen = page.page.evaluate(OPEN_EVERYTHING)

    by_name = {n["name"]: n for n in NODES}
    assert sorted(shown["tooltip"] for shown in seen["nodes"]) == sorted(by_name)
    for shown in seen["nodes"]:
        place = by_name[shown["tooltip"]]
        for expected in node_texts(place):
            assert expected in shown["popup"], f"{place['id']}: {expected!r} not shown"
    assert page.page.evaluate("() => typeof window.__pwned") == "undefined"


@pytest.mark.browser
def test_panels_show_the_text_verbatim(page):
    content = page.page.evaluate("""() => ({
        title: document.querySelector('.lm-title').textContent,
        layers: document.querySelector('.lm-layers').textContent,
        legend: document.querySelector('.lm-legend').textContent,
        sources: document.querySelector('.lm-sources').textContent,
        links: Array.from(document.querySelectorAll('.lm-map a[href]'), (a) => a.href)})""")

    assert text("description") in content["title"]
    for layer in LAYERS:
        assert layer["title"] in content["layers"] and layer["group"] in content["layers"]
    for expected in (FLOW["name"], FLOW["direction"], UNIT):
        assert expected in content["legend"]
    for source in SOURCES:
        for expected in [*source_label(source), f"About this source: {source['note']}"]:
            assert expected in content["sources"]
    assert not [href for href in content["links"] if href.startswith("javascript:")]


@pytest.mark.browser
def test_a_hostile_title_does_not_run_either(browser, tmp_path: Path):
    maps = build_project(tmp_path, text("title").replace("<script>", "</title><script>"))
    opened = open_file(browser, maps / "index.html")
    try:
        opened.page.wait_for_function("() => window.logimapRuntime !== undefined")
        shown = opened.page.evaluate("() => document.querySelector('.lm-title h1').textContent")

        assert opened.page.evaluate("() => typeof window.__pwned") == "undefined"
        assert opened.page.title() == text("title").replace("<script>", "</title><script>")
        assert shown == opened.page.title()
    finally:
        opened.page.context.close()


# -- the same text, back from every export -------------------------------------------------


def given(value: str | None) -> str | None:
    """A value as the exports give it back: an empty text is a missing value (null)."""
    return value or None


def test_geojson_gives_the_text_back_unchanged(maps: Path):
    features = json.loads((maps / "geojson/all.geojson").read_text(encoding="utf-8"))["features"]
    nodes = {f["id"]: f["properties"] for f in features if f["properties"]["feature"] == "node"}
    legs = {f["id"]: f["properties"] for f in features if f["properties"]["feature"] == "leg"}

    for place in NODES:
        for key in ("name", "country", "basis", "note"):
            assert nodes[place["id"]][key] == given(place[key])
    for leg in LEGS:
        got = legs[leg["id"]]
        assert (got["basis_note"], got["direction"], got["cargo"]) == (
            leg["basis_note"], FLOW["direction"], FLOW["cargo"])
        assert got["headline"] == f"about 5 {UNIT}" and got["headline_unit"] == UNIT


def test_the_geopackage_gives_the_text_back_unchanged(maps: Path):
    import pyogrio

    path = maps / "logimap.gpkg"
    tables = {name: {row["id"]: row for row in pyogrio.read_dataframe(path, layer=name)
                     .astype(object).where(lambda frame: frame.notna(), None)
                     .to_dict("records")}
              for name in ("nodes", "legs", "flows", "claims", "sources")}

    for place in NODES:
        for key in ("name", "country", "basis", "note"):
            assert tables["nodes"][place["id"]][key] == given(place[key])
    for leg in LEGS:
        assert tables["legs"][leg["id"]]["basis_note"] == leg["basis_note"]
    for key in ("name", "cargo", "direction", "note"):
        assert tables["flows"][FLOW["id"]][key] == FLOW[key]
    for claim in ALL_CLAIMS:
        for key in ("what", "quote", "note", "unit"):
            assert tables["claims"][claim["id"]][key] == given(claim.get(key))
    for source in SOURCES:
        for key in ("publisher", "author", "title", "url", "copy_url", "note"):
            assert tables["sources"][source["id"]][key] == given(source.get(key))


class Balloon(HTMLParser):
    """A KML description read as the HTML a globe viewer shows: its text and its tags."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: set[str] = set()
        self.feed(markup)
        self.close()
        self.text = "".join(self.parts)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def test_kml_gives_the_text_back_unchanged(maps: Path):
    root = ET.parse(maps / "logimap.kml").getroot()
    folders = {f.findtext(f"{KML}name"): f for f in root.iter(f"{KML}Folder")}
    placemarks = {p.get("id"): p for p in root.iter(f"{KML}Placemark")}
    balloons = {key: Balloon(mark.findtext(f"{KML}description"))
                for key, mark in placemarks.items()}

    assert root.find(f"{KML}Document").findtext(f"{KML}name") == "A plain title"
    for layer in LAYERS:
        assert f"{layer['group']}: {layer['title']}" in folders
    for place in NODES:
        assert placemarks[place["id"]].findtext(f"{KML}name") == place["name"]
        for expected in (place["name"], place["basis"], place["note"]):
            assert expected in balloons[place["id"]].text
    for leg in LEGS:
        # Each name in "flow: origin → destination" isolated (U+2068 ... U+2069), so the
        # override ending the flow's name cannot reverse the places after it.
        isolated = [f"\u2068{text}\u2069" for text in (
            FLOW["name"], node(leg["from"])["name"], node(leg["to"])["name"])]
        assert placemarks[leg["id"]].findtext(f"{KML}name") == "{}: {} → {}".format(*isolated)
        balloon = balloons[leg["id"]].text
        assert leg["basis_note"] in balloon
        raw = placemarks[leg["id"]].findtext(f"{KML}description")
        assert f"<bdi>{html.escape(leg['basis_note'])}</bdi>" in raw  # in a direction of its own
        for claim in CLAIMS:
            if "legs" not in claim or leg["id"] in claim["legs"]:
                assert f"“{claim['quote']}”" in balloon
                assert claim.get("note", "") in balloon
    for balloon in balloons.values():
        # <bdi> isolates each text from the data in its own direction
        assert balloon.tags <= {"h3", "p", "br", "b", "i", "a", "bdi"}, "the data made HTML"


@pytest.mark.gis
def test_the_qgis_project_gives_the_text_back_unchanged(maps: Path):
    seen = probe("qgis_probe.py", "qgis.core", "qgis python3-qgis", maps)
    groups = {item["group"]: [child["name"] for child in item["children"]]
              for item in seen["tree"] if "group" in item}
    legs = next(layer for layer in seen["layers"].values() if layer["name"] == "legs")

    assert seen["read"] and all(layer["valid"] for layer in seen["layers"].values())
    # A layer's name reads as written: a word joiner (invisible) follows each "<", so that
    # QGIS's Information page, which writes the name as HTML, reads no tag in it.
    names = groups[LAYERS[0]["group"]]
    assert [name.replace(WORD_JOINER, "") for name in names] == [layer["title"] for layer in LAYERS]
    assert not [name for name in names if re.search(f"<(?!{WORD_JOINER})", name)]
    assert [c["label"] for c in legs["renderer"]["categories"]] == [FLOW["name"]]
    for source in SOURCES:
        assert f"{source['publisher']}" in seen["about"]
        assert source["note"] in seen["about"]


# -- what QGIS shows as HTML: map tips and each layer's Information page --------------------

WORD_JOINER = "\u2060"
TIP_TAGS = {"b", "br"}  # the markup of logimap's map tips: a heading, one line per field


@pytest.fixture(scope="module")
def qgis_pages(maps: Path) -> dict:
    """The project's map tips and Information pages as QGIS shows them (in QtWebKit)."""
    return probe("qgis_html_probe.py", "qgis.core", "qgis python3-qgis", maps)["layers"]


def named(layers: dict, name: str) -> dict:
    return next(layer for layer in layers.values() if layer["name"] == name)


def no_markup_ran(page: dict) -> None:
    assert not page["script_ran"], "script from the data ran"
    assert page["requests"] == [], "the page asked for something"


@pytest.mark.gis
def test_no_hostile_text_runs_in_a_qgis_map_tip(qgis_pages: dict):
    places, legs = named(qgis_pages, "Places"), named(qgis_pages, "legs")
    shown = [page for layer in qgis_pages.values() for page in layer["shown"]]

    assert len(places["shown"]) == len(NODES) and len(legs["shown"]) == len(LEGS)
    for page in shown:
        no_markup_ran(page)
        assert set(page["elements"]) <= TIP_TAGS and page["links"] == []
    for place in NODES:
        tip = next(page["text"] for page in places["shown"] if place["name"] in page["text"])
        for key in ("basis", "note"):
            assert place[key] in tip


@pytest.mark.gis
def test_every_qgis_map_tip_gives_the_text_back_as_text(qgis_pages: dict):
    tips = {layer["name"]: [Balloon(tip) for tip in layer["tips"]]
            for layer in qgis_pages.values()}

    assert all(layer["template"] for layer in qgis_pages.values()), "a layer without a tip"
    assert all(tip.tags <= TIP_TAGS for layer in tips.values() for tip in layer)
    for layer, expected in (("sources", [s[k] for s in SOURCES for k in ("publisher", "note")]),
                            ("claims", [claim["quote"] for claim in ALL_CLAIMS]),
                            ("flows", [FLOW["name"], FLOW["cargo"]]),
                            ("layers", [layer["title"] for layer in LAYERS]),
                            ("legs", [leg["basis_note"] for leg in LEGS])):
        text = "\n".join(tip.text for tip in tips[layer])
        assert all(value in text for value in expected), layer


@pytest.mark.gis
def test_no_hostile_text_runs_in_a_qgis_layer_information_page(qgis_pages: dict):
    places = named(qgis_pages, "Places")["information"]

    for layer in qgis_pages.values():
        page = layer["information"]
        no_markup_ran(page)
        assert not {"script", "img"} & set(page["elements"]), layer["name"]
        # links: web addresses in the data (QGIS links those in the text), and QGIS's own
        # to the GeoPackage
        assert [link for link in page["links"] if not link.startswith(("https://", "http://"))
                and not (link.startswith("file://") and link.endswith("/logimap.gpkg"))] == []
    assert "https://example.org/report" in places["links"]
    for source in SOURCES:  # the about text, as written
        assert source["publisher"] in places["text"] and source["note"] in places["text"]


@pytest.mark.gis
def test_no_hostile_text_from_a_track_runs_in_a_qgis_map_tip(tmp_path: Path):
    from tests.tracked import make_project
    from tests.voyage import voyage

    lure = '<img src=x onerror="window.__pwned=1"><img src="http://127.0.0.1:8/leak.png">'
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(["time", "lat", "lon", "id", "speed", "course"])
    writer.writerows([f.iso, f.lat, f.lon, lure, f.speed, f.course] for f in voyage())
    name = '<img src=x onerror="window.__pwned=1">.csv'  # a file name may hold markup
    project = make_project(tmp_path / "p", name, rows.getvalue(), {"track": f"'tracks/{name}'"})
    assert run("build", "--project", str(project), "--no-cache").exit_code == 0

    layers = probe("qgis_html_probe.py", "qgis.core", "qgis python3-qgis",
                   project / "maps")["layers"]
    fixes, dark = named(layers, "Fixes"), named(layers, "Dark periods")

    assert fixes["shown"] and dark["shown"]
    for page in [*fixes["shown"], *dark["shown"]]:
        no_markup_ran(page)
        assert set(page["elements"]) <= TIP_TAGS
        assert f"tracks/{name}" in page["text"]
    assert all(lure in page["text"] for page in fixes["shown"])


def test_claims_csv_gives_the_text_back_unchanged(maps: Path):
    with open(maps / "claims.csv", encoding="utf-8", newline="") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}

    for claim in ALL_CLAIMS:
        row = rows[claim["id"]]
        for key in ("what", "quote", "note", "unit"):
            assert row[key] == claim.get(key, "")
        assert row["source_publisher"] == text("publisher")


# Where each of the first letters of text is drawn (left edges, in order), in the first
# element of the open popup whose text holds it.
LETTER_POSITIONS = """(text) => {
  const rt = window.logimapRuntime, item = rt.items.find((i) => i.leg.id === 'air-leg');
  item.line.fire('click', {latlng: item.line.getCenter()}, true);
  const popup = Array.from(document.querySelectorAll('.leaflet-popup-content')).pop();
  const walker = document.createTreeWalker(popup, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    return Array.from(text, (_, i) => {
      const range = document.createRange();
      range.setStart(node, at + i);
      range.setEnd(node, at + i + 1);
      return range.getBoundingClientRect().left;
    });
  }
  return null;
}"""


@pytest.mark.browser
def test_a_right_to_left_override_in_one_field_does_not_reverse_the_next(page):
    # The origin's name ends in U+202E (right-to-left override); the destination's name
    # follows it in the leg's popup ("origin → hub"). Isolated, "hub name" reads left to right.
    assert NODES[0]["name"].endswith("\u202eevil.exe")
    lefts = page.page.evaluate(LETTER_POSITIONS, "hub name")

    assert lefts is not None and lefts == sorted(lefts) and lefts[0] < lefts[-1]
