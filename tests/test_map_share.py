"""What a reader shares: a flow put in focus from the legend, and the URL that brings back the
same view, layers, time filter and focus; and a layer's page, the same whatever else is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from logimap.pipeline import build
from tests.browser import open_map

VIEW = """() => { const map = window.logimapRuntime.map, c = map.getCenter();
                  return [map.getZoom(), c.lat, c.lng]; }"""
# Each flow's legs' stroke opacity as drawn, and whether all its legs are in view.
FLOWS_DRAWN = """() => {
  const rt = window.logimapRuntime, view = rt.map.getBounds(), out = {};
  for (const item of rt.items) {
    const path = item.line.getElement();
    const lls = item.leg.lonLats, inView = [];
    for (let i = 0; i < lls.length; i += 2) inView.push(view.contains([lls[i + 1], lls[i]]));
    const flow = out[item.flow.name] = out[item.flow.name] || {opacity: [], inView: true};
    flow.opacity.push(Number(path.getAttribute('stroke-opacity')));
    flow.inView = flow.inView && inView.every(Boolean);
  }
  return out;
}"""


@pytest.fixture
def laptop(browser, default_maps: Path):
    opened = open_map(browser, default_maps / "index.html", width=1280, height=720)
    yield opened.page
    opened.page.context.close()


@pytest.mark.browser
def test_a_flow_selected_in_the_legend_is_shown_alone_and_a_second_click_restores_all(laptop):
    page = laptop
    before_view, before = page.evaluate(VIEW), page.evaluate(FLOWS_DRAWN)
    oil = page.get_by_role("button", name="Refined petroleum", exact=True)

    oil.click()
    focused_view, focused = page.evaluate(VIEW), page.evaluate(FLOWS_DRAWN)
    pressed = oil.get_attribute("aria-pressed")
    oil.click()
    after_view, after = page.evaluate(VIEW), page.evaluate(FLOWS_DRAWN)

    assert pressed == "true" and oil.get_attribute("aria-pressed") == "false"
    assert focused["Refined petroleum"]["opacity"] == before["Refined petroleum"]["opacity"]
    # zoomed in on its legs, from Vostochny down to Nampo
    assert focused["Refined petroleum"]["inView"] and focused_view[0] > before_view[0] + 1
    for name, drawn in focused.items():
        if name != "Refined petroleum":
            assert max(drawn["opacity"]) < min(before[name]["opacity"]) / 2, name
    assert after == before and after_view == pytest.approx(before_view)


@pytest.mark.browser
def test_escape_restores_the_map_after_a_flow_was_selected(laptop):
    page = laptop
    before_view, before = page.evaluate(VIEW), page.evaluate(FLOWS_DRAWN)

    page.get_by_role("button", name="Civilian workers", exact=True).click()
    page.keyboard.press("Escape")

    assert page.evaluate(FLOWS_DRAWN) == before
    assert page.evaluate(VIEW) == pytest.approx(before_view)
    assert page.get_by_role("button", name="Legend", exact=True).get_attribute(
        "aria-expanded") == "true"  # the legend stays open: Escape ended the focus first


@pytest.mark.browser
@pytest.mark.slow
def test_the_url_brings_back_the_view_layers_time_filter_and_focus(browser, default_maps,
                                                                  laptop):
    page = laptop
    page.get_by_role("button", name="Layers", exact=True).click()
    page.locator(".lm-layers [data-layer=dprk-russia-air] input").uncheck()
    page.locator(".lm-layers [data-overlay=names] input").uncheck()
    page.get_by_role("button", name="Time filter", exact=True).click()
    page.locator(".lm-time input[type=checkbox]").check()
    page.locator(".lm-time select").select_option("upto")
    page.locator(".lm-time input[type=range]").evaluate(
        "(el) => { el.value = 2024 * 12 + 2; el.dispatchEvent(new Event('input')); }")
    page.get_by_role("button", name="Troops", exact=True).click()
    page.evaluate("() => { window.logimapRuntime.map.setView([50, 60], 5, {animate: false}); }")
    shared = page.evaluate("() => window.location.hash")
    view = page.evaluate(VIEW)
    legs = page.evaluate("() => document.querySelectorAll('path.lm-leg').length")

    opened = open_map(browser, default_maps / "index.html", width=1280, height=720,
                      fragment=shared)
    again = opened.page
    try:
        seen = again.evaluate("""() => ({
          air: document.querySelector('.lm-layers [data-layer=dprk-russia-air] input').checked,
          sea: document.querySelector('.lm-layers [data-layer=dprk-russia-sea] input').checked,
          names: document.querySelector('.lm-layers [data-overlay=names] input').checked,
          placeNames: document.querySelectorAll('.lm-place').length,
          filter: document.querySelector('.lm-time input[type=checkbox]').checked,
          mode: document.querySelector('.lm-time select').value,
          month: document.querySelector('.lm-time output').textContent,
          legs: document.querySelectorAll('path.lm-leg').length})""")
        pressed = again.get_by_role("button", name="Troops", exact=True).get_attribute(
            "aria-pressed")
        view_again = again.evaluate(VIEW)
    finally:
        again.context.close()

    assert "view=5/50.0000/60.0000" in shared and "flow=troops" in shared
    assert seen == {"air": False, "sea": True, "names": False, "placeNames": 0,
                    "filter": True, "mode": "upto", "month": "2024-03", "legs": legs}
    assert pressed == "true"
    assert view_again == pytest.approx(view)


@pytest.mark.slow
def test_a_layers_page_is_the_same_whatever_else_is_built(scenario, tmp_path: Path):
    build(scenario, tmp_path / "all")
    build(scenario, tmp_path / "one", layers=["russia-dprk-sea"])

    page = "russia-dprk-sea.html"
    assert (tmp_path / "one" / page).read_bytes() == (tmp_path / "all" / page).read_bytes()
    assert (tmp_path / "one/index.html").read_bytes() != (tmp_path / "all/index.html").read_bytes()
