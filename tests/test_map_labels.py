"""Places named on the map: the important first, never two labels on one another, more as
the reader zooms in, and never a routing waypoint."""

from __future__ import annotations

from pathlib import Path

import pytest

import logimap
from logimap.pipeline import build
from tests.browser import open_map

pytestmark = pytest.mark.browser

# Every label shown, with its text and box, and whether the reader sees it: no panel over its
# corners or middle (labels let the pointer through to the map, so elementFromPoint gives
# what lies under them, a panel if one covers them).
LABELS = """() => Array.from(document.querySelectorAll('.lm-label, .lm-place')).map((e) => {
  const r = e.getBoundingClientRect();
  const points = [[r.left + 1, r.top + 1], [r.right - 1, r.top + 1], [r.left + 1, r.bottom - 1],
                  [r.right - 1, r.bottom - 1], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
  const seen = points.every(([x, y]) => {
    const under = document.elementFromPoint(x, y);
    return under !== null && !under.closest('.leaflet-control');
  });
  return {text: e.textContent, kind: e.classList.contains('lm-place') ? 'place' : 'volume',
          box: [r.left, r.top, r.right, r.bottom], seen: seen,
          inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight};
})"""


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    boxes = [(label["text"], label["box"]) for label in labels]
    return [(a, b) for i, (a, p) in enumerate(boxes) for b, q in boxes[:i]
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]]


def set_view(page, lat: float, lon: float, zoom: float) -> list[dict]:
    page.evaluate("([lat, lon, zoom]) => { window.logimapRuntime.map.setView([lat, lon], zoom, "
                  "{animate: false}); }", [lat, lon, zoom])
    return page.evaluate(LABELS)


@pytest.fixture
def laptop(browser, default_maps: Path):
    opened = open_map(browser, default_maps / "index.html", width=1280, height=720)
    yield opened.page
    opened.page.context.close()


def test_at_zoom_6_over_korea_rajin_tumangang_vostochny_and_vladivostok_are_named(laptop):
    labels = set_view(laptop, 42.7, 131.7, 6)
    named = {label["text"] for label in labels if label["kind"] == "place" and label["seen"]
             and label["inside"]}

    assert {"Rajin", "Tumangang", "Vostochny", "Vladivostok"} <= named
    assert overlapping(labels) == []


@pytest.mark.parametrize(("lat", "lon", "zoom"), [
    (42.7, 131.7, 5), (42.5, 131.0, 7), (43.0, 132.0, 8), (55.0, 60.0, 4), (48.0, 42.0, 6),
    (40.0, 128.0, 6.5)])
@pytest.mark.slow
def test_no_two_labels_ever_overlap(laptop, lat, lon, zoom):
    labels = set_view(laptop, lat, lon, zoom)

    assert labels
    assert overlapping(labels) == []
    assert all(label["inside"] for label in labels)


def test_a_place_claims_are_about_or_a_port_is_named_before_a_station_beside_it(laptop):
    # Rajin's port and its station are 1.5 km apart: at zoom 6 only one name fits there.
    labels = set_view(laptop, 42.7, 131.7, 6)
    names = {label["text"] for label in labels}

    assert "Rajin" in names and "Rajin station" not in names


def test_zooming_in_names_more_places(laptop, scenario):
    # The places within a degree of Rajin, named at each zoom (all in view at each).
    near = {n.label or n.name for n in scenario.nodes
            if abs(n.lat - 42.4) < 0.5 and abs(n.lon - 130.5) < 0.5}
    counts = []
    for zoom in (5, 6, 7, 8):
        labels = set_view(laptop, 42.4, 130.5, zoom)
        counts.append(len(near & {label["text"] for label in labels}))
        assert overlapping(labels) == []

    assert counts == sorted(counts) and counts[-1] > counts[0]
    assert "Rajin station" in {label["text"] for label in set_view(laptop, 42.245, 130.295, 11)}


def test_labels_do_not_go_under_the_panels(laptop):
    labels = set_view(laptop, 45.0, 100.0, 4)

    assert labels and all(label["seen"] for label in labels)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    from bench import synth

    project = synth.generate(tmp_path_factory.mktemp("synth-labels") / "project", 100)
    scenario = logimap.load(project)
    build(scenario, project / "maps")
    return project / "maps", scenario


def test_waypoints_are_never_named(browser, synthetic):
    maps, scenario = synthetic
    waypoints = [n for n in scenario.nodes if n.kind == "waypoint"
                 and any(n.id in leg.via for leg in scenario.legs)]
    assert waypoints
    opened = open_map(browser, maps / "index.html", width=1280, height=720)
    try:
        for waypoint in waypoints[:3]:
            labels = set_view(opened.page, waypoint.lat, waypoint.lon, 10)
            drawn = opened.page.evaluate(
                "() => document.querySelectorAll('path.lm-node-waypoint').length")
            assert drawn and waypoint.name not in {label["text"] for label in labels}
    finally:
        opened.page.context.close()
