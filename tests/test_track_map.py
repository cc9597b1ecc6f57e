"""Observed legs on the map, in Chromium: the track drawn solid and its dark period dotted
and labelled, the popup listing it, the time filter showing where the vessel was in the
chosen month, and the play button moving a time cursor over the track."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.browser import open_file
from tests.conftest import run
from tests.tracked import make_project
from tests.voyage import DARK_AFTER, WRITERS, Fix, voyage

pytestmark = pytest.mark.browser

# The voyage moved to end of September: it goes dark on 30 September and is seen again on
# 1 October.
SHIFT = timedelta(days=23)
TRACK_ITEM = "window.logimapRuntime.tracks.items[0]"
PARTS = f"""() => {TRACK_ITEM}.group.getLayers().filter((layer) => layer.options.className)
  .map((layer) => ({{
  kind: layer.options.className.split(' ').pop(),
  points: layer.getLatLngs ? layer.getLatLngs().flat(2).map((p) => [p.lng, p.lat])
                           : [[layer.getLatLng().lng, layer.getLatLng().lat]]}}))"""


@pytest.fixture(scope="module")
def fixes() -> list[Fix]:
    return [Fix(f.time + SHIFT, f.lon, f.lat, f.speed, f.course) for f in voyage()]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, browser, fixes: list[Fix]):
    root = tmp_path_factory.mktemp("track-map")
    source = WRITERS["csv"](root / "v.csv", fixes)
    project = make_project(root / "p", "v.csv", source.read_bytes())
    result = run("build", "--project", str(project), "--no-cache")
    assert result.exit_code == 0, result.stderr
    opened = open_file(browser, project / "maps/index.html")
    opened.page.wait_for_function("() => document.querySelector('[data-legs-drawn]')")
    yield opened
    assert opened.errors == [] and opened.requests == []
    opened.page.context.close()


def _count(page, selector: str) -> int:
    return page.evaluate(f"() => document.querySelectorAll({selector!r}).length")


def _parts(page) -> dict[str, list[list[list[float]]]]:
    found: dict[str, list] = {}
    for part in page.evaluate(PARTS):
        found.setdefault(part["kind"], []).append(part["points"])
    return found


def _open_time_filter(page) -> None:
    """Open the time filter's panel (closed at first on a screen less than 1,000 px high)."""
    toggle = page.get_by_role("button", name="Time filter", exact=True)
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


def _month(page, year: int, month: int, mode: str = "at") -> None:
    _open_time_filter(page)
    page.locator(".lm-time input[type=checkbox]").check()
    page.locator(".lm-time select").select_option(mode)
    page.locator(".lm-time input[type=range]").evaluate(
        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }",
        year * 12 + month - 1)


def _close(a: list[float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 1e-4 and abs(a[1] - b[1]) < 1e-4  # the page's 1/10,000 degree


def test_the_track_is_drawn_solid_and_its_dark_period_dotted_and_labelled(page, fixes):
    p = page.page
    p.evaluate("() => window.logimapRuntime.map.setView([42.4, 131.6], 9, {animate: false})")

    assert _count(p, "path.lm-track") == 1 and _count(p, "path.lm-track-gap") == 1
    dark = _parts(p)["lm-track-gap"][0]
    before, after = fixes[DARK_AFTER - 1], fixes[DARK_AFTER]
    assert _close(dark[0], (before.lon, before.lat)) and _close(dark[1], (after.lon, after.lat))
    labels = p.evaluate("() => Array.from(document.querySelectorAll('.lm-gap-label'), "
                        "(e) => e.textContent)")
    assert labels == ["no AIS received for 30 h"]
    assert _count(p, "path.lm-track-head") == 0


def test_the_popup_lists_the_dark_period(page):
    p = page.page
    p.evaluate(f"() => {TRACK_ITEM}.group.fire('click', {{latlng: L.latLng(42.4, 131.6)}})")
    popup = p.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    p.evaluate("() => window.logimapRuntime.map.closePopup()")

    assert "Dark periods (no fix for more than 6 h): 1" in text
    assert "2023-09-30 10:30 UTC to 2023-10-01 16:30 UTC: no AIS received for 30 h" in text
    assert "67 fixes of 273999001 from tracks/v.csv" in text


def test_the_time_filter_shows_where_the_vessel_was_in_the_chosen_month(page, fixes):
    p = page.page
    before, after = fixes[DARK_AFTER - 1], fixes[DARK_AFTER]

    _month(p, 2023, 9)
    september = _parts(p)
    _month(p, 2023, 10)
    october = _parts(p)
    _month(p, 2023, 11)
    november = _parts(p)
    p.locator(".lm-time input[type=checkbox]").uncheck()

    # September: sailing until it went dark, the dark period up to the month's end, and its
    # position then: the last fix before the dark period.
    assert _close(september["lm-track"][0][-1], (before.lon, before.lat))
    assert _close(september["lm-track-head"][0][0], (before.lon, before.lat))
    assert not _close(september["lm-track-gap"][0][-1], (after.lon, after.lat))
    # October: the rest of the dark period, then sailing to Dunai, where it ends the month.
    assert _close(october["lm-track"][0][0], (after.lon, after.lat))
    assert _close(october["lm-track-head"][0][0], (fixes[-1].lon, fixes[-1].lat))
    assert _close(october["lm-track-gap"][0][-1], (after.lon, after.lat))
    assert november == {}


def test_play_moves_a_cursor_over_the_track(page, fixes):
    p = page.page
    _open_time_filter(p)
    p.locator(".lm-play").click()
    p.wait_for_function("() => document.querySelector('.lm-play-time').textContent !== ''")
    first = p.locator(".lm-play-time").inner_text()
    p.wait_for_function("(t) => document.querySelector('.lm-play-time').textContent !== t",
                        arg=first)
    heads = _parts(p).get("lm-track-head")
    p.locator(".lm-play").click()  # pause
    later = p.locator(".lm-play-time").inner_text()
    month = p.locator(".lm-time output").inner_text()

    assert first.startswith("2023-09-30") and later > first
    assert month == later[:7]  # the time filter follows the cursor
    assert heads and len(heads) == 1
    p.locator(".lm-time input[type=checkbox]").uncheck()  # back to the whole track
    assert _count(p, "path.lm-track-head") == 0
    assert p.locator(".lm-play-time").inner_text() == ""
