"""The base map covers everything the page lets a reader see: the first view on a phone, a
laptop, a desktop and an ultra-wide screen, and the view zoomed out as far as the page allows
and panned to each corner. Scenarios of different shapes: a long north-south voyage (the
Baltic to Suez), a short one, one across the Pacific (±180) and the default scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import open_map
from tests.conftest import run

pytestmark = pytest.mark.browser

# (lon, lat) of the places a chain of air legs joins, in order
SHAPES = {
    "baltic-to-suez": [(28.7, 60.35), (32.3, 31.26), (-5.35, 36.14)],
    "short": [(130.4, 42.3), (131.9, 43.1)],
    "across-the-pacific": [(131.9, 43.1), (-122.3, 47.6)],
}
SCREENS = {"phone": (390, 844), "laptop": (1280, 900), "desktop": (1920, 1080),
           "ultra-wide": (2560, 1080)}

# Whether the base map's extent covers the whole map container, give or take a pixel; then
# the same after zooming out as far as the page allows and panning to each corner.
COVERED = """() => {
  const runtime = window.logimapRuntime, map = runtime.map, e = runtime.data.basemap.extent;
  const covered = () => {
    const nw = map.latLngToContainerPoint([e[3], e[0]]);
    const se = map.latLngToContainerPoint([e[1], e[2]]), size = map.getSize();
    return nw.x <= 1 && nw.y <= 1 && se.x >= size.x - 1 && se.y >= size.y - 1;
  };
  const found = [covered()];
  map.setZoom(map.getMinZoom(), {animate: false});
  for (const corner of [[90, 1000], [-90, -1000], [90, -1000], [-90, 1000]]) {
    map.panTo(corner, {animate: false});
    found.push(covered());
  }
  return found;
}"""


def chain(root: Path, places: list[tuple[float, float]]) -> Path:
    for sub in ("seeds", "geodata", "routes"):
        (root / sub).mkdir(parents=True)
    (root / "seeds/sources.yaml").write_text(
        "sources:\n  - id: s\n    publisher: P\n    url: https://example.org/\n"
        "    publisher_site: example.org\n", encoding="utf-8")
    rows = "".join(f"n{i},Place {i},airfield,,{lat},{lon},approximate,test,\n"
                   for i, (lon, lat) in enumerate(places))
    (root / "geodata/nodes.csv").write_text(
        "id,name,kind,country,lat,lon,precision,basis,note\n" + rows, encoding="utf-8")
    (root / "routes/scenario.yaml").write_text(
        "title: A chain\nas_of: 2025-01-01\nunits: {boxes: boxes}\n", encoding="utf-8")
    legs = "".join(f"  - id: leg-{i}\n    mode: air\n    from: n{i}\n    to: n{i + 1}\n"
                   "    basis: schematic\n    sources: [s]\n" for i in range(len(places) - 1))
    (root / "routes/chain.yaml").write_text(
        "id: chain\nname: A chain\ncargo: goods\ndirection: onwards\nlegs:\n" + legs,
        encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, default_maps: Path) -> dict[str, Path]:
    found = {"default": default_maps / "index.html"}
    for name, places in SHAPES.items():
        root = chain(tmp_path_factory.mktemp(name), places)
        result = run("build", "--project", str(root), "--out", str(root / "maps"))
        assert result.exit_code == 0, result.stderr
        found[name] = root / "maps/index.html"
    return found


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("shape", ["default", *SHAPES])
def test_no_edge_of_the_base_map_is_ever_in_view(browser, pages, shape: str, screen: str):
    width, height = SCREENS[screen]
    opened = open_map(browser, pages[shape], width=width, height=height)
    try:
        first, *zoomed_out = opened.page.evaluate(COVERED)
    finally:
        opened.page.context.close()

    assert first, "the first view shows an edge of the base map"
    assert zoomed_out == [True] * 4, "zoomed out and panned, the view shows an edge"


def test_a_popup_may_move_the_map_past_the_base_map_and_the_map_comes_back(browser, pages):
    opened = open_map(browser, pages["default"], width=390, height=844, touch=True)
    page = opened.page
    try:
        page.evaluate("""() => { const rt = window.logimapRuntime, map = rt.map;
          const north = map.getBounds().getNorth();
          L.popup().setLatLng([north, map.getCenter().lng])
            .setContent("<p>A popup</p><p>of a few lines</p><p>at the top</p>").openOn(map);
        }""")
        page.wait_for_timeout(600)  # the popup pans the map and fades in
        top = page.evaluate(
            "() => document.querySelector('.leaflet-popup').getBoundingClientRect().top")
        page.evaluate("() => window.logimapRuntime.map.closePopup()")
        back = page.evaluate(COVERED)[0]
    finally:
        page.context.close()

    assert top >= 0, "the popup opened at the top of the map is not moved into view"
    assert back, "after the popup closed, the view still shows an edge of the base map"
