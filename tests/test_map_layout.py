"""The default map as a reader opens it on a phone, a laptop and a desktop: the panels leave
the data in view, each can be opened and closed with a pointer, a finger or the keyboard, and
axe-core finds nothing critical or serious."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser import axe_violations, open_map

pytestmark = pytest.mark.browser

# name: (width, height, touch screen)
SCREENS = {"phone": (390, 844, True), "laptop": (1280, 720, False),
           "desktop": (1920, 1080, False)}
# The most of the screen the panels may cover at first load, and of the data's box on screen.
# The phone shows only small buttons and the attribution (two lines there, when it credits
# OpenStreetMap); a laptop the title and the legend; a desktop also the time filter. No panel
# may sit on the data.
COVERAGE_TARGETS = {"phone": (0.14, 0.0), "laptop": (0.35, 0.0), "desktop": (0.25, 0.0)}

# For the given points (lon, lat), the share of the map the controls cover, and the share of
# the points' box on screen that they cover: sampled every 2 pixels.
COVERAGE = """(points) => {
  const map = window.logimapRuntime.map, frame = map.getContainer().getBoundingClientRect();
  const boxes = Array.from(document.querySelectorAll('.leaflet-control'))
    .map((node) => node.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
  const xy = points.map(([lon, lat]) => map.latLngToContainerPoint([lat, lon]));
  const box = [Math.min(...xy.map((p) => p.x)), Math.min(...xy.map((p) => p.y)),
               Math.max(...xy.map((p) => p.x)), Math.max(...xy.map((p) => p.y))];
  const covered = (x, y) => boxes.some((r) => x >= r.left - frame.left &&
    x < r.right - frame.left && y >= r.top - frame.top && y < r.bottom - frame.top);
  let all = 0, hit = 0, inBox = 0, hitInBox = 0;
  for (let y = 0.5; y < frame.height; y += 2) {
    for (let x = 0.5; x < frame.width; x += 2) {
      const h = covered(x, y), inside = x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
      all += 1; hit += h; inBox += inside; hitInBox += h && inside;
    }
  }
  return {screen: hit / all, data: hitInBox / Math.max(inBox, 1), box: box,
          size: [frame.width, frame.height]};
}"""


def drawn_points(maps: Path) -> list[list[float]]:
    """Every point of every leg and place, as the GeoJSON export gives them."""
    points = []
    for feature in json.loads((maps / "geojson/all.geojson").read_text())["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Point":
            points.append(geometry["coordinates"])
        elif geometry["type"] == "LineString":
            points += geometry["coordinates"]
        else:
            points += [p for part in geometry["coordinates"] for p in part]
    return points


def screen(browser, maps: Path, name: str, page: str = "index.html", fragment: str = ""):
    width, height, touch = SCREENS[name]
    return open_map(browser, maps / page, width=width, height=height, touch=touch,
                    fragment=fragment)


def toggles(page) -> dict[str, str]:
    """Each panel's button: its name and whether its panel is open."""
    return page.evaluate("""() => Object.fromEntries(
        Array.from(document.querySelectorAll('.lm-toggle'),
                   (b) => [b.textContent.trim(), b.getAttribute('aria-expanded')]))""")


@pytest.mark.parametrize("name", list(SCREENS))
@pytest.mark.slow
def test_at_first_load_the_panels_leave_the_data_in_view(browser, default_maps, name):
    opened = screen(browser, default_maps, name)
    try:
        seen = opened.page.evaluate(COVERAGE, drawn_points(default_maps))
    finally:
        opened.page.context.close()
    most_screen, most_data = COVERAGE_TARGETS[name]
    left, top, right, bottom = seen["box"]
    width, height = seen["size"]

    print(f"{name} {width}x{height}: panels cover {seen['screen']:.1%} of the screen and "
          f"{seen['data']:.1%} of the data's box ({right - left:.0f}x{bottom - top:.0f} px)")
    assert seen["screen"] <= most_screen
    assert seen["data"] <= most_data
    assert left >= 0 and top >= 0 and right <= width and bottom <= height
    assert (right - left) > width * 0.6 or (bottom - top) > height * 0.6  # fitted, not lost


@pytest.mark.parametrize("name", list(SCREENS))
@pytest.mark.slow
def test_at_first_load_no_control_sits_on_another(browser, default_maps, name):
    # the attribution, which wraps on a phone, included: the scale stands above it
    opened = screen(browser, default_maps, name)
    try:
        boxes = opened.page.evaluate("""() => Array.from(
            document.querySelectorAll('.leaflet-control'), (node) => {
              const r = node.getBoundingClientRect();
              return [node.className.split(' ').slice(0, 2).join(' '),
                      r.left, r.top, r.right, r.bottom];
            }).filter(([, l, t, r, b]) => r > l && b > t)""")
    finally:
        opened.page.context.close()

    overlaps = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert len(boxes) >= 6 and overlaps == []


def test_on_a_phone_every_panel_is_a_small_button_and_they_open_one_at_a_time(
        browser, default_maps):
    opened = screen(browser, default_maps, "phone")
    page = opened.page
    try:
        closed = toggles(page)
        page.get_by_role("button", name="Legend", exact=True).tap()
        legend_open = toggles(page)
        sheet = page.locator(".lm-legend .lm-body").bounding_box()
        page.get_by_role("button", name="Layers", exact=True).tap()
        layers_open = toggles(page)
        page.get_by_role("button", name="Close Layers").tap()
        all_closed = toggles(page)
        buttons = page.evaluate("""() => Array.from(document.querySelectorAll('.lm-panel'),
            (p) => p.getBoundingClientRect()).map((r) => [r.width, r.height])""")
    finally:
        page.context.close()

    assert set(closed.values()) == {"false"} and len(closed) == 5
    assert [name for name, state in legend_open.items() if state == "true"] == ["Legend"]
    assert sheet["width"] > 390 * 0.9 and sheet["height"] <= 844 * 0.6 + 1
    assert [name for name, state in layers_open.items() if state == "true"] == ["Layers"]
    assert set(all_closed.values()) == {"false"}
    assert all(h <= 40 for _, h in buttons) and all(w <= 390 - 100 for w, _ in buttons)


@pytest.mark.parametrize("name", list(SCREENS))
@pytest.mark.slow
def test_every_panel_opens_and_can_be_closed(browser, default_maps, name):
    opened = screen(browser, default_maps, name)
    page = opened.page
    try:
        for title in toggles(page):
            toggle = page.get_by_role("button", name=title, exact=True)
            if toggle.get_attribute("aria-expanded") == "false":
                toggle.click()
            assert toggle.get_attribute("aria-expanded") == "true", title
            # Its button, or on a phone the sheet's own close button, closes it.
            close = page.get_by_role("button", name=f"Close {title}")
            (close if close.is_visible() else toggle).click()
            assert toggle.get_attribute("aria-expanded") == "false", title
    finally:
        page.context.close()


def test_escape_closes_the_panel_holding_the_focus_and_gives_the_focus_back(
        browser, default_maps):
    opened = screen(browser, default_maps, "laptop")
    page = opened.page
    try:
        layers = page.get_by_role("button", name="Layers", exact=True)
        layers.focus()
        page.keyboard.press("Enter")
        opened_by_key = layers.get_attribute("aria-expanded")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # inside the panel
        inside = page.evaluate("() => document.activeElement.closest('.lm-layers') !== null")
        page.keyboard.press("Escape")
        closed = layers.get_attribute("aria-expanded")
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
    finally:
        page.context.close()

    assert opened_by_key == "true" and inside
    assert closed == "false" and focused == "Layers"


def test_on_a_phone_escape_closes_the_open_panel(browser, default_maps):
    opened = screen(browser, default_maps, "phone")
    page = opened.page
    try:
        page.get_by_role("button", name="Legend", exact=True).tap()
        focus_in_sheet = page.evaluate(
            "() => document.activeElement.closest('.lm-legend .lm-body') !== null")
        page.keyboard.press("Escape")
        state = toggles(page)["Legend"]
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
    finally:
        page.context.close()

    assert focus_in_sheet
    assert state == "false" and focused == "Legend"


def test_the_keyboard_reaches_the_controls_in_reading_order(browser, default_maps):
    opened = screen(browser, default_maps, "laptop")
    page = opened.page
    reached = []
    try:
        for _ in range(60):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("""() => {
              const e = document.activeElement;
              return (e.getAttribute('aria-label') || e.textContent || e.tagName).trim();
            }"""))
    finally:
        page.context.close()
    sources = next(name for name in reached if name.startswith("Sources ("))
    order = ["North Korea–Russia arms traffic reported by the MSMT (May 2025)", "Layers",
             sources, "Time filter", "Legend", "Zoom in", "Zoom out"]
    firsts = [reached.index(name) for name in order]

    assert firsts == sorted(firsts), reached
    assert "Artillery munitions" in reached  # a flow of the legend, between Legend and zoom


@pytest.mark.parametrize(("page_name", "name"), [
    ("index.html", "laptop"), ("index.html", "phone"), ("index.html", "desktop"),
    ("dprk-russia-rail.html", "laptop"), ("russia-dprk-air.html", "phone")])
@pytest.mark.slow
def test_axe_finds_no_critical_or_serious_violation(browser, default_maps, page_name, name):
    opened = screen(browser, default_maps, name, page=page_name)
    page = opened.page
    try:
        first = axe_violations(page)
        for title in toggles(page):  # every panel open in turn (on a phone, one at a time)
            toggle = page.get_by_role("button", name=title, exact=True)
            if toggle.get_attribute("aria-expanded") == "false":
                toggle.click()
        page.evaluate("""() => { const rt = window.logimapRuntime, item = rt.items[0];
          L.popup().setLatLng(rt.map.getCenter()).setContent(rt.legPopup(item.leg))
            .openOn(rt.map); }""")
        page.wait_for_timeout(400)  # the popup fades in
        opened_up = axe_violations(page)
    finally:
        page.context.close()

    assert first == [] and opened_up == []
