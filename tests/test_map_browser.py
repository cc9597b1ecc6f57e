"""The default map in headless Chromium: offline, layered, annotated, filterable."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import logimap
from logimap.pipeline import build
from tests.browser import open_map

pytestmark = pytest.mark.browser

LAND = (0xF4, 0xF1, 0xE8)


@pytest.fixture
def index(browser, default_maps: Path):
    opened = open_map(browser, default_maps / "index.html")
    yield opened
    opened.page.context.close()


def open_panel(page, title: str) -> None:
    """Open a panel as a reader does: by its button."""
    toggle = page.get_by_role("button", name=title, exact=True)
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def count(page, selector: str) -> int:
    return page.evaluate(f"() => document.querySelectorAll({selector!r}).length")


def test_the_map_loads_offline_without_errors(index):
    assert index.page.evaluate("() => typeof L.map") == "function"
    assert index.errors == []
    assert index.requests == []


def test_every_leg_and_layer_is_drawn(index, scenario):
    page = index.page

    assert count(page, "path.lm-leg") == len(scenario.legs)
    # the layers, then places, place names and volume labels
    assert count(page, ".lm-layers input[type=checkbox]") == len(scenario.layers) + 3
    assert count(page, "path.lm-node") == len({n for leg in scenario.legs for n in leg.stops}
                                              | {n for c in scenario.claims for n in c.nodes})
    labels = page.evaluate(
        "() => window.logimapRuntime.labels.items.filter((i) => i.kind === 'volume').length")
    assert labels == sum(1 for f in scenario.flows if f.headline)
    assert 0 < count(page, ".lm-label") <= labels


def test_each_leg_is_drawn_along_its_routed_line_to_a_ten_thousandth_of_a_degree(index,
                                                                                 scenario):
    from logimap.render.encoding import COORD_SCALE
    from logimap.route import build_geometries

    drawn = index.page.evaluate("""() => Object.fromEntries(window.logimapRuntime.data.legs
      .map((leg) => [leg.id, [Array.from(leg.lonLats),
                              leg.stretches.map((s) => Array.from(s.lonLats))]]))""")
    routed = build_geometries(scenario)

    def steps(points) -> list[float]:
        return [round(v * COORD_SCALE) / COORD_SCALE for point in points for v in point[:2]]

    assert set(drawn) == {leg.id for leg in scenario.legs}
    for leg in scenario.legs:
        line, stretches = drawn[leg.id]
        # the line its water or network carries, and its schematic stretches apart
        assert line == pytest.approx(steps(routed[leg.id].carried_line()), abs=1e-12), leg.id
        assert stretches == [pytest.approx(steps(routed[leg.id].stretch_coords(s)), abs=1e-12)
                             for s in sorted(routed[leg.id].stretches, key=lambda s: s.first)]


VISIBLE_LABEL_BOXES = """() => Array.from(document.querySelectorAll('.lm-label, .lm-place'))
  .filter((el) => getComputedStyle(el).visibility === 'visible')
  .map((el) => { const r = el.getBoundingClientRect();
                 return [r.left, r.top, r.right, r.bottom]; })"""


def overlapping(boxes: list[list[float]]) -> list[tuple[int, int]]:
    return [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes[:i])
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


def test_labels_never_cover_one_another(index):
    page = index.page
    shown = page.evaluate(VISIBLE_LABEL_BOXES)
    assert shown and overlapping(shown) == []

    page.evaluate("() => { window.logimapRuntime.map.setView([45, 100], 6, {animate: false}); }")
    assert overlapping(page.evaluate(VISIBLE_LABEL_BOXES)) == []


def test_zooming_in_names_a_place_that_was_not_named_and_only_labels_in_view_are_elements(
        index):
    page = index.page
    hidden = page.evaluate("""() => {
      const rt = window.logimapRuntime, view = rt.map.getBounds();
      const item = rt.labels.items.find((i) => i.kind === 'place' && !i.marker &&
                                              view.contains(i.at));
      return item ? item.text : null;
    }""")
    assert hidden, "the first view names every place"

    page.evaluate("""(text) => {
      const rt = window.logimapRuntime;
      const item = rt.labels.items.find((i) => i.text === text);
      rt.map.setView(item.at, rt.map.getZoom() + 5, {animate: false});
    }""", hidden)

    texts = page.evaluate("() => Array.from(document.querySelectorAll('.lm-place'), "
                          "(e) => e.textContent)")
    assert hidden in texts
    in_view = page.evaluate("""() => {
      const map = window.logimapRuntime.map, view = map.getBounds().pad(0.5);
      return window.logimapRuntime.labels.items.filter(
        (i) => [i.at, ...(i.more ? i.more() : [])].some((at) => view.contains(at))).length;
    }""")
    assert len(texts) + count(page, ".lm-label") <= in_view


def test_unticking_a_layer_hides_its_paths_and_ticking_shows_them(index, scenario):
    page = index.page
    sea = sum(1 for leg in scenario.legs if leg.mode == "sea"
              and scenario.flow_by_id[leg.flow].direction == "DPRK to Russia")
    open_panel(page, "Layers")
    box = page.locator(".lm-layers [data-layer=dprk-russia-sea] input")

    all_sea = sum(1 for leg in scenario.legs if leg.mode == "sea")

    box.uncheck()
    assert count(page, "path.lm-leg") == len(scenario.legs) - sea
    assert count(page, "path.lm-leg-sea") == all_sea - sea

    box.check()
    assert count(page, "path.lm-leg") == len(scenario.legs)


ARROW_HEADS = """() => Array.from(document.querySelectorAll('path.lm-arrow-head'),
    (path) => (path.getAttribute('d').match(/M/g) || []).length).reduce((a, b) => a + b, 0)"""


def test_direction_arrows_are_redrawn_for_the_zoom(index):
    page = index.page
    before = page.evaluate(ARROW_HEADS)

    page.evaluate(
        "() => { window.logimapRuntime.map.setView([42.9, 131.9], 7, {animate: false}); }")
    page.wait_for_function(f"() => ({ARROW_HEADS})() != {before}")

    assert before > 0
    assert page.evaluate(ARROW_HEADS) > 0


def test_a_legs_popup_shows_its_claims_with_quotes_and_sources(index, scenario):
    page = index.page
    page.evaluate(
        """(id) => { for (const layer of window.logimapRuntime.layers)
                       for (const item of layer.legs)
                         if (item.leg.id === id)
                           item.line.fire('click', {latlng: item.line.getCenter()}, true); }""",
        "munitions-sea-rajin-dunay",
    )
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()

    assert "Artillery munitions" in text
    assert "about 9,000,000 shells" in text
    assert "49 voyages" in text
    assert "Early shipments involved 49 voyages by Russian cargo ships" in text
    assert "[1]" in text
    assert "modelled" in text and " km" in text


@pytest.mark.parametrize(("leg", "through"), [
    ("oil-sea-vostochny-nampo", "Korea Strait"),  # round Korea, between it and Japan
    ("munitions-rail-border", "KP→RU border (unnamed)"),  # over the Tumen at Tumangang
])
def test_a_legs_popup_names_the_passages_and_borders_it_goes_through(index, leg, through):
    page = index.page
    page.evaluate(
        """(id) => { for (const layer of window.logimapRuntime.layers)
                       for (const item of layer.legs)
                         if (item.leg.id === id)
                           item.line.fire('click', {latlng: item.line.getCenter()}, true); }""",
        leg,
    )
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()

    assert f"Through\n{through}" in popup.inner_text()


def test_a_legs_popup_shows_who_reports_its_route_with_their_notes(index, scenario):
    page = index.page
    leg = scenario.leg_by_id["munitions-sea-rajin-vostochny"]
    cited = [s for s in scenario.sources if s.id in leg.sources]
    page.evaluate(
        """(id) => { for (const layer of window.logimapRuntime.layers)
                       for (const item of layer.legs)
                         if (item.leg.id === id)
                           item.line.fire('click', {latlng: item.line.getCenter()}, true); }""",
        leg.id,
    )
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    reported = popup.locator(".lm-route-sources").inner_text()

    assert reported.startswith("Route reported by:")
    assert len(cited) > 1 and any(source.note for source in cited)
    for source in cited:
        assert source.publisher in reported
        if source.note:
            assert f"About this source: {source.note}" in " ".join(reported.split())


def test_the_time_filter_hides_flows_outside_the_chosen_month(index, scenario):
    page = index.page
    month = "2023-10"
    moving = [leg for leg in scenario.legs
              if leg.period is None or (leg.period.start.isoformat()[:7] <= month
                                        and (leg.period.end is None
                                             or leg.period.end.isoformat()[:7] >= month))]
    year, mon = (int(part) for part in month.split("-"))

    open_panel(page, "Time filter")
    page.locator(".lm-time input[type=checkbox]").check()
    page.locator(".lm-time input[type=range]").evaluate(
        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", year * 12 + mon - 1)

    assert page.locator(".lm-time output").inner_text() == month
    assert count(page, "path.lm-leg") == len(moving) < len(scenario.legs)
    assert count(page, "path.lm-leg-sea") > 0  # Rajin's shipments were under way
    page.locator(".lm-time input[type=checkbox]").uncheck()
    assert count(page, "path.lm-leg") == len(scenario.legs)


def test_the_legend_and_sources_panel_are_there(index, scenario):
    page = index.page
    legend = page.locator(".lm-legend").inner_text()

    assert "schematic" in legend and "shells" in legend and "troops" in legend
    sources = page.locator(".lm-sources li")
    assert sources.count() >= 1
    assert "Korea Daily" in sources.first.inner_text()


def test_the_sources_panel_tells_the_publishers_page_from_the_copy_read(index, scenario):
    page = index.page
    numbers = page.evaluate("() => window.logimapRuntime.sources.map((s) => s.id)")
    open_panel(page, f"Sources ({len(numbers)})")
    items = page.locator(".lm-sources li")

    def shown(source_id: str) -> tuple[str, list[str]]:
        item = items.nth(numbers.index(source_id))
        return item.inner_text(), item.locator("a").evaluate_all("(a) => a.map((x) => x.href)")

    # seeds/sources.yaml: CNN's report was read on an aggregator; Yonhap's on Yonhap's site
    copy = "https://www.daily8.com/en/article/03f73f560835996ea933ed316762fa72"
    cnn_text, cnn_links = shown("cnn-cns-2025-02-27")
    yonhap_text, yonhap_links = shown("yonhap-2023-10-14")

    assert f"Read from a copy: {copy}; the publisher's own address is not known" in cnn_text
    assert cnn_links == [copy]
    assert "Read from a copy" not in yonhap_text
    assert yonhap_links == ["https://en.yna.co.kr/view/AEN20231014000400315"]


def test_a_screenshot_shows_the_basemap_and_the_lines(index):
    from PIL import Image

    image = Image.open(io.BytesIO(index.page.screenshot())).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    total = image.width * image.height
    land = sum(n for n, rgb in colours if rgb == LAND)
    lines = sum(n for n, rgb in colours if rgb[0] > 150 and rgb[1] < 110 and rgb[2] < 90)

    assert land > total * 0.05
    assert lines > 500


# -- a page with many legs: drawn on a canvas -------------------------------------------------

# For each leg, the page pixel of its middle, when no other leg passes within 12 px of it.
LONE_LEG_MIDDLES = """() => {
  const rt = window.logimapRuntime, map = rt.map, box = map.getContainer().getBoundingClientRect();
  const items = rt.layers.flatMap((layer) => layer.legs);
  const px = (item) => Array.from({length: item.leg.lonLats.length / 2}, (_, i) =>
    map.latLngToContainerPoint([item.leg.lonLats[2 * i + 1], item.leg.lonLats[2 * i]]));
  const near = (p, pts) => pts.some((a, i) => i > 0 &&
    L.LineUtil.pointToSegmentDistance(p, pts[i - 1], a) < 12);
  const nodes = rt.data.nodes.map((n) => map.latLngToContainerPoint([n.lat, n.lon]));
  return items.map((item) => {
    const pts = px(item), half = Math.floor(pts.length / 2);
    const middle = pts[half - 1].add(pts[half]).divideBy(2);
    if (nodes.some((n) => n.distanceTo(middle) < 16)) return false;
    const alone = items.every((other) => other.leg === item.leg || !near(middle, px(other)));
    const x = box.left + middle.x, y = box.top + middle.y;
    const under = document.elementFromPoint(x, y);
    const free = under && !under.closest('.leaflet-control, .lm-label, .lm-place');
    return alone && free && {id: item.leg.id, flow: item.flow.name, start: item.leg.start,
                             places: [item.leg.fromNode.name, item.leg.toNode.name], x: x, y: y};
  }).filter(Boolean);
}"""


@pytest.fixture(scope="module")
def canvas_built(tmp_path_factory: pytest.TempPathFactory, scenario) -> Path:
    out = tmp_path_factory.mktemp("canvas")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("logimap.render.payload.CANVAS_FROM_LEGS", 1)
        build(scenario, out)
    return out


@pytest.fixture
def canvas_index(browser, canvas_built: Path):
    opened = open_map(browser, canvas_built / "index.html")
    yield opened
    opened.page.context.close()


def test_a_page_with_many_legs_draws_them_on_a_canvas(canvas_index, scenario):
    page = canvas_index.page

    assert count(page, "path.lm-leg") == 0
    assert count(page, "canvas.lm-leg-canvas") == page.evaluate(
        "() => window.logimapRuntime.layers.length") > 0
    assert page.evaluate("() => document.querySelector('[data-legs-drawn]').dataset.legsDrawn") \
        == str(len(scenario.legs))
    assert canvas_index.errors == [] and canvas_index.requests == []


# What one redraw of the leg canvases does: lines started (by line cap: legs are butt-ended,
# arrow heads round) and strokes made.
LEG_CANVAS_DRAWING = """() => {
  const seen = {butt: 0, round: 0, strokes: 0}, proto = CanvasRenderingContext2D.prototype;
  const moveTo = proto.moveTo, stroke = proto.stroke;
  const ours = (ctx) => ctx.canvas.classList.contains('lm-leg-canvas');
  proto.moveTo = function () { if (ours(this)) seen[this.lineCap] += 1;
                               return moveTo.apply(this, arguments); };
  proto.stroke = function () { if (ours(this)) seen.strokes += 1;
                               return stroke.apply(this, arguments); };
  try { window.logimapRuntime.map.fire('moveend'); }
  finally { proto.moveTo = moveTo; proto.stroke = stroke; }
  return seen;
}"""


def test_a_canvas_page_paints_every_leg_and_its_direction_arrows(canvas_index):
    page = canvas_index.page
    legs = page.evaluate("() => window.logimapRuntime.layers.flatMap((l) => l.legs).length")
    seen = page.evaluate(LEG_CANVAS_DRAWING)

    assert seen["butt"] == legs  # every leg is in the first view, each one line
    assert seen["round"] > 0  # arrow heads
    assert legs < seen["strokes"] < 2 * legs  # a stroke per leg, one per colour for heads


# Each leg line painted on the canvases in one redraw, as the points passed to moveTo/lineTo,
# beside the leg's full track in the same pixels (the first point is always painted).
PAINTED_AND_FULL_LINES = """() => {
  const rt = window.logimapRuntime, proto = CanvasRenderingContext2D.prototype;
  const saved = {moveTo: proto.moveTo, lineTo: proto.lineTo, stroke: proto.stroke};
  const lines = [];
  let current = [];
  proto.moveTo = function (x, y) { current = [[x, y]]; return saved.moveTo.call(this, x, y); };
  proto.lineTo = function (x, y) { current.push([x, y]); return saved.lineTo.call(this, x, y); };
  proto.stroke = function () {
    if (this.lineCap === 'butt' && this.canvas.classList.contains('lm-leg-canvas')) {
      lines.push(current);
    }
    return saved.stroke.apply(this, arguments);
  };
  try { rt.map.fire('moveend'); } finally { Object.assign(proto, saved); }
  const k = Math.pow(2, rt.map.getZoom());
  const items = rt.layers.flatMap((layer) => layer.legs);
  // Legs drawn beside others sharing their stretch are offset from their track.
  return items.map((item, i) => item.offset ? null : {item: item, painted: lines[i]})
      .filter(Boolean).map(({item, painted}) => {
    const xy = item.leg.track.xy;
    const dx = painted[0][0] - xy[0] * k, dy = painted[0][1] - xy[1] * k;
    const full = [];
    for (let j = 0; j < xy.length; j += 2) full.push([xy[j] * k + dx, xy[j + 1] * k + dy]);
    return {painted: painted, full: full};
  });
}"""


def test_canvas_legs_leave_out_only_points_that_would_move_them_less_than_half_a_pixel(
        canvas_index):
    from shapely import LineString, Point

    lines = canvas_index.page.evaluate(PAINTED_AND_FULL_LINES)
    painted = sum(len(line["painted"]) for line in lines)
    full = sum(len(line["full"]) for line in lines)
    worst = max(LineString(line["painted"]).distance(Point(p))
                for line in lines if len(line["painted"]) > 1 for p in line["full"])

    assert painted < full * 0.8
    assert worst <= 0.5 + 1e-6
    assert all(line["painted"][-1] == pytest.approx(line["full"][-1]) for line in lines)


def test_canvas_legs_are_placed_by_leaflets_own_projection(canvas_index):
    worst = canvas_index.page.evaluate("""() => {
      let worst = 0;
      for (const leg of window.logimapRuntime.data.legs) {
        const xy = leg.track.xy;
        for (let i = 0; i < xy.length / 2; i++) {
          const p = L.CRS.EPSG3857.latLngToPoint(
            L.latLng(leg.lonLats[2 * i + 1], leg.lonLats[2 * i]), 0);
          worst = Math.max(worst, Math.abs(p.x - xy[2 * i]), Math.abs(p.y - xy[2 * i + 1]));
        }
      }
      return worst;
    }""")

    assert worst < 1e-9


def test_clicking_a_line_on_the_canvas_opens_its_popup(canvas_index):
    page = canvas_index.page
    lone = page.evaluate(LONE_LEG_MIDDLES)
    assert lone, "no leg stands apart from the others at this zoom"
    leg = lone[0]

    page.mouse.move(leg["x"], leg["y"])
    page.locator(".leaflet-tooltip").wait_for()
    tooltip = page.locator(".leaflet-tooltip").inner_text()
    page.mouse.click(leg["x"], leg["y"])
    page.locator(".leaflet-popup-content").wait_for()
    popup = page.locator(".leaflet-popup-content").inner_text()

    assert leg["flow"] in tooltip
    assert leg["flow"] in popup and all(place in popup for place in leg["places"])


def test_unticking_a_layer_removes_its_canvas_and_ticking_restores_it(canvas_index):
    page = canvas_index.page
    before = count(page, "canvas.lm-leg-canvas")
    open_panel(page, "Layers")
    box = page.locator(".lm-layers [data-layer=dprk-russia-sea] input")

    box.uncheck()
    assert count(page, "canvas.lm-leg-canvas") == before - 1
    box.check()
    assert count(page, "canvas.lm-leg-canvas") == before


def test_a_leg_the_time_filter_hides_no_longer_answers_the_pointer(canvas_index):
    page = canvas_index.page
    dated = [leg for leg in page.evaluate(LONE_LEG_MIDDLES) if leg["start"]]
    assert dated, "no lone dated leg"
    leg = dated[0]
    year, month = (int(part) for part in leg["start"][:7].split("-"))

    open_panel(page, "Time filter")
    page.locator(".lm-time input[type=checkbox]").check()
    page.locator(".lm-time input[type=range]").evaluate(
        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }",
        year * 12 + month - 2)  # the month before the leg starts
    page.mouse.click(leg["x"], leg["y"])

    assert count(page, ".leaflet-popup") == 0


ANIMATED_ZOOM = """() => new Promise((done) => {
  const map = window.logimapRuntime.map, canvas = document.querySelector('canvas.lm-leg-canvas');
  let during = null;
  map.once('zoomanim', () => setTimeout(() => { during = canvas.style.transform; }, 0));
  map.once('zoomend', () => setTimeout(() => done(during), 50));
  map.zoomIn(1, {animate: true});
})"""


def test_canvas_legs_follow_an_animated_zoom_and_still_answer_the_pointer(canvas_index):
    page = canvas_index.page

    during = page.evaluate(ANIMATED_ZOOM)
    lone = page.evaluate(LONE_LEG_MIDDLES)
    page.mouse.click(lone[0]["x"], lone[0]["y"])
    page.locator(".leaflet-popup-content").wait_for()

    assert during is not None and "scale(2)" in during
    assert lone[0]["flow"] in page.locator(".leaflet-popup-content").inner_text()


# -- a page with many flows: a legend that stays short -----------------------------------------

@pytest.fixture(scope="module")
def many_flows(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    from bench import synth

    project = synth.generate(tmp_path_factory.mktemp("synth") / "project", 400)
    scenario = logimap.load(project)
    out = project / "maps"
    build(scenario, out)
    return out, scenario


@pytest.fixture
def many_flows_index(browser, many_flows):
    opened = open_map(browser, many_flows[0] / "index.html")
    yield opened
    opened.page.context.close()


FLOW_ROWS = """() => Array.from(document.querySelectorAll('.lm-legend .lm-flow'))
  .map((row) => row.textContent)"""


def test_a_legend_of_many_flows_lists_the_first_and_the_rest_on_request(many_flows_index,
                                                                       many_flows):
    page, flows = many_flows_index.page, many_flows[1].flows
    first = page.evaluate(FLOW_ROWS)
    more = page.locator(".lm-legend button.lm-more")

    assert len(flows) == 40 and len(first) == 25
    assert more.inner_text() == "Show all 40 flows"
    more.click()
    assert sorted(page.evaluate(FLOW_ROWS)) == sorted(flow.name for flow in flows)
    assert page.locator(".lm-legend button.lm-more").count() == 0


def test_the_width_legend_shows_the_widest_the_narrowest_and_two_between(many_flows_index,
                                                                         many_flows):
    scenario = many_flows[1]
    page = many_flows_index.page
    scales = page.evaluate("() => window.logimapRuntime.data.widths")
    width = page.evaluate("""() => Object.fromEntries(window.logimapRuntime.data.legs.map(
      (leg) => [window.logimapRuntime.data.flows[leg.flow].id, leg.width]))""")
    by_unit: dict[str, list[float]] = {}
    for flow in scenario.flows:
        by_unit.setdefault(scenario.claim_by_id[flow.headline].unit, []).append(width[flow.id])

    assert sorted(scale["unit"] for scale in scales) == sorted(by_unit)
    for scale in scales:
        shown = [sample["width"] for sample in scale["samples"]]
        assert len(shown) == 4 and shown == sorted(shown, reverse=True)
        assert (shown[0], shown[-1]) == (max(by_unit[scale["unit"]]), min(by_unit[scale["unit"]]))
