"""On the map, a leg's schematic stretches (an approach from a port to the water, a stop off
the network) are drawn apart from its line, in short dashes, and their popup names them."""

from __future__ import annotations

import pytest

from tests.browser import open_map

pytestmark = pytest.mark.browser

MUSUDAN_LEG = "troops-sea-musudan-vladivostok"

# Each leg's path and its stretches' paths as the page drew them.
DRAWN = """() => window.logimapRuntime.items.map(item => ({
  leg: item.leg.id,
  dash: item.line.getElement().getAttribute('stroke-dasharray'),
  stretches: (item.stretchLines || []).map(line => ({
    className: line.getElement().getAttribute('class'),
    dash: line.getElement().getAttribute('stroke-dasharray'),
    colour: line.getElement().getAttribute('stroke'),
    legColour: item.line.getElement().getAttribute('stroke'),
    start: line.getLatLngs()[0], end: line.getLatLngs().slice(-1)[0],
  })),
  first: item.line.getLatLngs()[0],
}))"""

# The popup of the Musudan leg's first stretch, opened as a click on it opens it.
POPUP = """(leg) => {
  const item = window.logimapRuntime.items.find(i => i.leg.id === leg);
  const line = item.stretchLines[0];
  line.fire('click', {latlng: line.getLatLngs()[0]}, true);
  const popups = document.querySelectorAll('.leaflet-popup-content');
  return popups[popups.length - 1].textContent;
}"""


def test_approaches_are_drawn_in_short_dashes_apart_from_the_sea_lines(browser, default_maps,
                                                                       scenario):
    opened = open_map(browser, default_maps / "index.html")
    try:
        drawn = opened.page.evaluate(DRAWN)
        popup = opened.page.evaluate(POPUP, MUSUDAN_LEG)
        legend = opened.page.locator(".lm-legend").text_content()
    finally:
        opened.page.context.close()

    sea = {leg.id for leg in scenario.legs if leg.mode == "sea"}
    nodes = scenario.node_by_id
    for item in drawn:
        if item["leg"] not in sea:
            continue
        leg = scenario.leg_by_id[item["leg"]]
        assert item["dash"] is None  # a modelled leg's sea line is solid
        assert len(item["stretches"]) == 2  # an approach at each end
        for stretch in item["stretches"]:
            assert stretch["className"].split() == ["lm-stretch", "lm-stretch-approach",
                                                    "leaflet-interactive"]
            assert stretch["dash"] == "2 4"
            assert stretch["colour"] == stretch["legColour"]
        origin = item["stretches"][0]["start"]
        assert (origin["lat"], origin["lng"]) == (nodes[leg.origin].lat, nodes[leg.origin].lon)
        # the sea line starts where the approach ends, not at the place
        assert item["first"] == item["stretches"][0]["end"] != origin
    assert "Approach" not in legend and "approach to the water" in legend
    assert popup.startswith("Troops")
    assert "Stretchapproach" in popup and "PlaceMusudan area" in popup
    assert "Lineschematic: a straight line from the place to the water its sea leg follows" \
        in popup
    assert not opened.errors
