"""Lines a reader can trust: widths that compare like with like, flows sharing a stretch
drawn side by side (each visible and clickable), and places across ±180 at the ends of the
lines that reach them."""

from __future__ import annotations

import io
import json
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

import logimap
from logimap.pipeline import build
from tests.browser import open_map
from tests.conftest import PROJECT_DIRS, replace_in

pytestmark = pytest.mark.browser

# Each flow's legs as drawn: the stroke width of its SVG paths.
STROKE_WIDTHS = """() => {
  const widths = {};
  for (const item of window.logimapRuntime.items) {
    (widths[item.flow.id] = widths[item.flow.id] || []).push(
      Number(item.line.getElement().getAttribute('stroke-width')));
  }
  return widths;
}"""


def widths_drawn(browser, maps: Path) -> dict[str, float]:
    opened = open_map(browser, maps / "index.html")
    try:
        drawn = opened.page.evaluate(STROKE_WIDTHS)
        legend = opened.page.locator(".lm-legend").text_content()
    finally:
        opened.page.context.close()
    assert all(len(set(widths)) == 1 for widths in drawn.values())  # a flow has one width
    return {flow: widths[0] for flow, widths in drawn.items()}, legend


def headline_units(scenario) -> dict[str, list[str]]:
    """Flow ids by the unit of their headline figure."""
    units: dict[str, list[str]] = {}
    for flow in scenario.flows:
        claim = scenario.claim_by_id.get(flow.headline)
        if claim is not None and claim.has_value:
            units.setdefault(claim.unit, []).append(flow.id)
    return units


def test_in_the_default_scenario_no_figure_alone_in_its_unit_is_drawn_wider(
        browser, default_maps, scenario):
    widths, legend = widths_drawn(browser, default_maps)
    units = headline_units(scenario)
    with_figure = {flow for flows in units.values() for flow in flows}
    without_figure = [f.id for f in scenario.flows if f.id not in with_figure]

    assert units and all(len(flows) == 1 for flows in units.values())  # nothing to compare
    assert without_figure  # a flow without a headline figure: the neutral width
    assert set(widths.values()) == {widths[without_figure[0]]}
    assert "Artillery munitions: about 9,000,000 shells" in legend


@pytest.fixture(scope="module")
def two_troop_flows(tmp_path_factory: pytest.TempPathFactory, default_project: Path):
    """The default scenario with a second flow counted in troops, and the same again with
    another unit's figure changed: (maps, scenario) each."""
    built = []
    for shells in ("9000000", "1"):
        root = tmp_path_factory.mktemp(f"troops-{shells}")
        for name in PROJECT_DIRS:
            shutil.copytree(default_project / name, root / name)
        (root / "routes/troops-2025.yaml").write_text(yaml.safe_dump({
            "id": "troops-2025", "name": "Troops sent in 2025", "cargo": "troops",
            "direction": "DPRK to Russia", "period": "2025-01/2025-05",
            "headline": "troops-2025-figure",
            "legs": [{"id": "troops-2025-air", "mode": "air", "from": "pyongyang_sunan",
                      "to": "vladivostok_airport", "basis": "schematic"}],
            "claims": [{**_claim("troops-2025"), "id": "troops-2025-figure"}],
        }, sort_keys=False, allow_unicode=True), encoding="utf-8")
        replace_in(root / "routes/artillery-munitions.yaml", "value: 9000000",
                   f"value: {shells}")
        scenario = logimap.load(root)
        build(scenario, root / "maps")
        built.append((root / "maps", scenario))
    return built


def _claim(claim_id: str) -> dict:
    """A claim of the default scenario, as its flow file writes it (the same quote)."""
    flow = yaml.safe_load(io.StringIO(
        (logimap.load().root / "routes/troops.yaml").read_text(encoding="utf-8")))
    found = next(c for c in flow["claims"] if c["id"] == claim_id)
    return {k: v for k, v in found.items() if k != "legs"}


@pytest.mark.slow
def test_widths_compare_flows_counted_in_the_same_unit_and_only_those(browser,
                                                                      two_troop_flows):
    (maps, scenario), (changed_maps, _) = two_troop_flows
    widths, legend = widths_drawn(browser, maps)
    changed, _ = widths_drawn(browser, changed_maps)
    units = headline_units(scenario)
    alone = [flows[0] for flows in units.values() if len(flows) == 1]

    assert sorted(units["troops"]) == ["troops", "troops-2025"]
    # 11,000 troops against 3,000: wider, and both wider than a figure compared with nothing.
    assert widths["troops"] > widths["troops-2025"] > widths[alone[0]]
    assert {widths[flow] for flow in alone} == {widths[alone[0]]}
    # Another unit's figure (the shells) changes nothing.
    assert changed == widths
    assert "Troops: more than 11,000 troops" in legend
    assert "Troops sent in 2025: 3,000 troops" in legend


# -- flows sharing a stretch -------------------------------------------------------------------


def shared_segment(maps: Path) -> tuple[list[float], list[float], list[str]]:
    """The longest segment that legs of several flows share in the GeoJSON export (the
    routed lines), its ends and the flows on it."""
    segments: dict[tuple, set[str]] = {}
    for feature in json.loads((maps / "geojson/all.geojson").read_text())["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        if props["feature"] != "leg" or geometry["type"] != "LineString":
            continue
        points = [tuple(p) for p in geometry["coordinates"]]
        for a, b in pairwise(points):
            segments.setdefault(tuple(sorted((a, b))), set()).add(props["flow"])
    shared = [(key, flows) for key, flows in segments.items() if len(flows) > 1]

    def length(key):
        (x1, y1), (x2, y2) = key
        return (x1 - x2) ** 2 + (y1 - y2) ** 2

    (a, b), flows = max(shared, key=lambda pair: length(pair[0]))
    return list(a), list(b), sorted(flows)


# At each step across the shared segment (through its middle, and at two points beside it
# along it): the flow whose tooltip the pointer shows, and the pixel colours under it.
ACROSS = """([a, b]) => {
  const map = window.logimapRuntime.map, la = L.latLng(a[1], a[0]), lb = L.latLng(b[1], b[0]);
  const span = (zoom) => map.project(la, zoom).distanceTo(map.project(lb, zoom));
  const centre = L.latLng((a[1] + b[1]) / 2, (a[0] + b[0]) / 2);
  map.setView(centre, Math.min(10, 6 + Math.log2(300 / span(6))), {animate: false});
  const pa = map.latLngToContainerPoint(la), pb = map.latLngToContainerPoint(lb);
  const frame = map.getContainer().getBoundingClientRect();
  const length = pa.distanceTo(pb), ux = (pb.x - pa.x) / length, uy = (pb.y - pa.y) / length;
  const mid = pa.add(pb).divideBy(2);
  return {mid: [frame.left + mid.x, frame.top + mid.y], along: [ux, uy], across: [-uy, ux],
          length: length};
}"""


CUTS = (-4, 0, 4)  # cuts across the segment, so as not to meet only a dash's gap


def click_across(page, a, b, flows: set[str]) -> tuple[dict[str, tuple], list]:
    """Click across the segment near its middle, a pixel at a time, on a few cuts, until
    every flow named in flows has opened its popup: the point where each did; and the
    screenshot's pixels on the cuts."""
    from PIL import Image

    # Popups and tooltips go at once when closed, rather than fading out.
    page.evaluate("() => { window.logimapRuntime.map._fadeAnimated = false; }")
    frame = page.evaluate(ACROSS, [a, b])
    assert frame["length"] > 60  # long enough on screen to point at
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    pixels = [image.getpixel((round(x), round(y))) for x, y in
              (across_point(frame, cut, d) for cut in CUTS for d in range(-12, 13))]
    opened: dict[str, tuple] = {}
    for cut in CUTS:
        for d in range(-12, 13):
            page.mouse.click(*across_point(frame, cut, d))
            title = page.locator(".leaflet-popup-content h3")
            if title.count():
                opened.setdefault(title.inner_text(), (cut, d))
                page.evaluate("() => { window.logimapRuntime.map.closePopup(); }")
                frame = page.evaluate(ACROSS, [a, b])  # the popup may have moved the map
            if flows <= set(opened):
                return opened, pixels
    return opened, pixels


def across_point(frame: dict, cut: int, d: int) -> tuple[float, float]:
    (mx, my), (ux, uy), (nx, ny) = frame["mid"], frame["along"], frame["across"]
    return mx + ux * cut + nx * d, my + uy * cut + ny * d


def near(colour: tuple, hex_colour: str, opacity: float, ground: tuple) -> float:
    target = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    drawn = [opacity * c + (1 - opacity) * g for c, g in zip(target, ground, strict=True)]
    return max(abs(p - q) for p, q in zip(colour, drawn, strict=True))


@pytest.mark.parametrize("renderer", ["svg", "canvas"])
@pytest.mark.slow
def test_two_flows_on_one_stretch_are_both_seen_and_each_opens_its_own_popup(
        browser, default_maps, scenario, tmp_path_factory, renderer):
    if renderer == "canvas":
        maps = tmp_path_factory.mktemp("canvas-shared")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("logimap.render.payload.CANVAS_FROM_LEGS", 1)
            build(scenario, maps)
    else:
        maps = default_maps
    a, b, flow_ids = shared_segment(maps)
    names = {f.id: f.name for f in scenario.flows}
    opened = open_map(browser, maps / "index.html", width=1280, height=720)
    page = opened.page
    try:
        colours = page.evaluate("() => Object.fromEntries(window.logimapRuntime.data.flows"
                                ".map((f) => [f.id, f.color]))")
        popups, pixels = click_across(page, a, b, {names[f] for f in flow_ids})
    finally:
        page.context.close()

    assert len(flow_ids) >= 2
    # Each flow opens its own popup somewhere across the stretch, and at different points.
    assert {names[f] for f in flow_ids} <= set(popups)
    assert len({popups[names[f]] for f in flow_ids}) == len(flow_ids)
    land = (0xF4, 0xF1, 0xE8)
    for flow_id in flow_ids:  # and each is painted: a pixel in its colour
        assert min(near(p, colours[flow_id], 0.9, land) for p in pixels) < 40, flow_id


# -- across ±180 -------------------------------------------------------------------------------

PACIFIC_NODES = [  # id, name, lat, lon: airports (Wikipedia coordinates, rounded)
    ("vvo", "Vladivostok airport", 43.3989, 132.1481),
    ("anc", "Anchorage airport", 61.1744, -149.9964),
    ("sea", "Seattle airport", 47.4490, -122.3093),
]


def pacific_project(root: Path) -> Path:
    (root / "seeds").mkdir(parents=True)
    (root / "geodata").mkdir()
    (root / "routes").mkdir()
    (root / "seeds/sources.yaml").write_text(yaml.safe_dump({"sources": [
        {"id": "note", "publisher": "A test", "url": "https://example.org/"}]}))
    rows = ["id,name,kind,country,lat,lon,precision,basis,note"] + [
        f"{i},{name},airfield,,{lat},{lon},site,test," for i, name, lat, lon in PACIFIC_NODES]
    (root / "geodata/nodes.csv").write_text("\n".join(rows) + "\n")
    (root / "routes/scenario.yaml").write_text(yaml.safe_dump({
        "title": "Across the Pacific", "as_of": "2025-01-01", "units": {"flights": "flights"},
        "layers": [{"id": "air", "title": "By air", "select": {"mode": "air"}}]}))
    (root / "routes/flights.yaml").write_text(yaml.safe_dump({
        "id": "flights", "name": "Flights", "cargo": "cargo", "direction": "east",
        "legs": [{"id": "vvo-anc", "mode": "air", "from": "vvo", "to": "anc",
                  "basis": "schematic"},
                 {"id": "sea-anc", "mode": "air", "from": "sea", "to": "anc",
                  "basis": "schematic"}]}))
    return root


# Where each line and each place is drawn, in page pixels: the two ends of every leg's SVG
# path, and the centre of every place's circle.
DRAWN_ENDS = """() => {
  const at = (path, length) => {
    const p = path.getPointAtLength(length), m = path.getScreenCTM();
    return [p.x * m.a + p.y * m.c + m.e, p.x * m.b + p.y * m.d + m.f];
  };
  const ends = Array.from(document.querySelectorAll('path.lm-leg'),
                          (path) => [at(path, 0), at(path, path.getTotalLength())]).flat();
  const markers = Array.from(document.querySelectorAll('path.lm-node'), (path) => {
    const r = path.getBoundingClientRect();
    return [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
  });
  return {ends: ends, markers: markers};
}"""


def test_a_place_across_180_is_drawn_where_its_lines_end(browser, tmp_path: Path):
    from logimap.route import build_geometries

    scenario = logimap.load(pacific_project(tmp_path / "pacific"))
    build(scenario, tmp_path / "maps")
    routed = build_geometries(scenario)
    opened = open_map(browser, tmp_path / "maps/index.html", width=1280, height=720)
    try:
        seen = opened.page.evaluate(DRAWN_ENDS)
    finally:
        opened.page.context.close()

    # Routed, the line from Vladivostok ends past 180 and the one from Seattle before -140:
    assert routed["vvo-anc"].coords[-1][0] > 180 and routed["sea-anc"].coords[-1][0] < -140
    # drawn, both end at Anchorage's marker, as every line ends at a marker, within a pixel.
    def gap(point, others):
        return min(max(abs(point[0] - o[0]), abs(point[1] - o[1])) for o in others)

    assert len(seen["ends"]) == 4 and len(seen["markers"]) == 3
    assert all(gap(end, seen["markers"]) <= 1 for end in seen["ends"])
    assert all(gap(marker, seen["ends"]) <= 1 for marker in seen["markers"])
