"""The data a map page is sent: compact, and the same numbers the build computed."""

from __future__ import annotations

import pytest

from logimap.render import encoding, payload


def test_a_line_is_written_as_googles_encoded_polyline_algorithm_writes_it(
        monkeypatch: pytest.MonkeyPatch):
    # The worked example of Google's documentation: (lat, lng) pairs at 1e5, whose first
    # number is encoded first, as logimap's x is.
    monkeypatch.setattr(encoding, "COORD_SCALE", 100_000)

    line = encoding.encode_line([(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)])

    assert line == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


def test_the_legend_keeps_the_first_the_last_and_evenly_spaced_widths_between():
    ranked = [("a", 8.0), ("b", 7.0), ("c", 6.0), ("d", 5.0), ("e", 4.0), ("f", 3.0), ("g", 2.0)]

    assert payload.spread(ranked, 4) == [("a", 8.0), ("c", 6.0), ("e", 4.0), ("g", 2.0)]
    assert payload.spread(ranked[:3], 4) == ranked[:3]


# -- places and lines as the page draws them --------------------------------------------------

@pytest.mark.parametrize(("kind", "precision", "claims", "ends", "tier"), [
    ("port", "town", False, False, 0), ("border_crossing", "site", False, False, 0),
    ("depot", "approximate", False, True, 0), ("rail_station", "site", True, False, 0),
    ("airfield", "site", False, True, 1), ("town", "town", False, True, 1),
    ("rail_station", "site", False, False, 2), ("town", "approximate", False, False, 2),
    ("waypoint", "waypoint", True, True, None), ("port", "waypoint", True, True, None)])
def test_places_are_named_by_tier_and_waypoints_never(kind, precision, claims, ends, tier):
    from logimap.tables.style import label_tier

    assert label_tier(kind, precision, claims, ends) == tier


def _legs(*stops: tuple[str, ...]) -> list:
    from logimap.model import Leg, Location

    return [Leg(f"leg{i}", "flow", "air", leg[0], leg[-1], tuple(leg[1:-1]), "schematic", "",
                (), None, Location("routes/flow.yaml")) for i, leg in enumerate(stops)]


def _node(node_id: str, lon: float, lat: float):
    from logimap.model import Location, Node

    return Node(node_id, node_id, "airfield", "", lon, lat, "site", "test", "",
                Location("geodata/nodes.csv"))


def test_a_place_is_drawn_on_each_world_copy_its_lines_reach():
    nodes = [_node("tokyo", 139.8, 35.6), _node("anchorage", -150.0, 61.2),
             _node("seattle", -122.3, 47.4), _node("london", -0.5, 51.5)]
    legs = _legs(("tokyo", "anchorage"), ("seattle", "anchorage"), ("london", "tokyo"),
                 ("tokyo", "seattle"))
    lines = {"leg0": [(139.8, 35.6), (180.0, 55.0), (210.0, 61.2)],  # east over ±180
             "leg1": [(-122.3, 47.4), (-150.0, 61.2)],
             "leg2": [(-0.5, 51.5), (139.8, 35.6)],
             "leg3": [(139.8, 35.6), (200.0, 50.0), (237.7, 47.4)]}  # via no one

    copies = payload.world_copies(legs, lines, nodes)

    assert copies == {"tokyo": [0], "anchorage": [0, 1], "seattle": [0, 1], "london": [0]}


def test_legs_across_180_are_moved_by_whole_turns_to_lie_beside_each_other():
    from types import SimpleNamespace

    tables = SimpleNamespace(leg_lines={
        "vladivostok-anchorage": [(132.1, 43.4), (180.0, 55.0), (210.0, 61.2)],
        "seattle-anchorage": [(-122.3, 47.4), (-150.0, 61.2)],
        "anchorage-seattle": [(-150.0, 61.2), (-122.3, 47.4)]})

    drawn = payload.drawn_lines(tables)

    # Each leg keeps its shape, moved by whole turns, and Anchorage is reached at one place
    # from every side.
    for leg_id, line in tables.leg_lines.items():
        turns = {round((x - x0) / 360, 9) for (x, _), (x0, _) in zip(drawn[leg_id], line,
                                                                     strict=True)}
        assert len(turns) == 1 and turns.pop().is_integer(), leg_id
    assert (drawn["vladivostok-anchorage"][-1] == drawn["seattle-anchorage"][-1]
            == drawn["anchorage-seattle"][0])


def test_a_volume_label_names_its_figures_period_when_it_is_not_its_legs(scenario):
    from logimap.pipeline import tables_of

    labels = payload.build_payload(scenario, tables_of(scenario))["labels"]
    texts = {label["text"] for label in labels}

    # 9,000,000 shells is the 2024 figure; the munitions legs ran from 2023 into 2025.
    assert "about 9,000,000 shells in 2024" in texts
    # more than 200 artillery units has no period: nothing to name.
    assert "more than 200 artillery units" in texts
    # about 100 missiles sizes no leg: no flow has it as its headline.
    assert not any("missiles" in text for text in texts)


def test_a_place_lists_the_sources_of_its_basis_by_their_numbers(scenario):
    from logimap.pipeline import tables_of

    data = payload.build_payload(scenario, tables_of(scenario))
    numbers = {source["id"]: n for n, source in enumerate(data["sources"], 1)}
    columns = {name: column if isinstance(column, list)
               else [column["values"][i] for i in column["index"]]
               for name, column in data["nodes"]["columns"].items()}
    rajin = columns["sources"][columns["id"].index("rajin_port")]

    # geodata/nodes.csv cites CSIS's report on Najin for the piers in the note on Rajin
    assert rajin == [numbers["csis-najin-2023-10"]]


def test_the_width_legend_lists_each_units_real_flows_with_their_figures(scenario):
    from logimap.pipeline import tables_of

    data = payload.build_payload(scenario, tables_of(scenario))
    names = [flow["name"] for flow in data["flows"]]
    legend = {unit["unit"]: (unit["compared"], [(names[s["flow"]], s["text"])
                                                for s in unit["samples"]])
              for unit in data["widths"]}

    assert legend["shells"] == (False, [("Artillery munitions", "about 9,000,000 shells")])
    assert legend["vehicles"] == (False, [("Air-defence systems", "at least 1 vehicle")])
    assert not any(compared for compared, _ in legend.values())


def test_a_source_gives_the_publishers_page_and_the_copy_read_apart(scenario):
    import pandas as pd

    from logimap.pipeline import tables_of

    tables = tables_of(scenario)
    sent = {source["id"]: source for source in payload.build_payload(scenario, tables)["sources"]}
    table = tables.sources.set_index("id")

    # seeds/sources.yaml: CNN's report was read on an aggregator, its own page is not known;
    # Yonhap's report of October 2023 was read on Yonhap's own site
    copy = "https://www.daily8.com/en/article/03f73f560835996ea933ed316762fa72"
    original = "https://en.yna.co.kr/view/AEN20231014000400315"
    assert (sent["cnn-cns-2025-02-27"]["url"], sent["cnn-cns-2025-02-27"]["copy_url"]) == (
        "", copy)
    assert (sent["yonhap-2023-10-14"]["url"], sent["yonhap-2023-10-14"]["copy_url"]) == (
        original, "")
    cnn, yonhap = table.loc["cnn-cns-2025-02-27"], table.loc["yonhap-2023-10-14"]
    assert pd.isna(cnn["url"]) and cnn["copy_url"] == copy  # missing values are nulls
    assert yonhap["url"] == original and pd.isna(yonhap["copy_url"])


# -- titles ---------------------------------------------------------------------------------

def test_a_layers_page_is_titled_with_the_layer_over_the_scenario(scenario):
    from logimap.tables import page_titles

    one = [{"id": "by-sea", "title": "By sea"}]

    assert page_titles(scenario, one) == {"title": "By sea",
                                                  "subtitle": scenario.title}
    assert page_titles(scenario, [*one, {"id": "x", "title": "X"}]) == {
        "title": scenario.title, "subtitle": ""}
    assert page_titles(scenario, []) == {"title": scenario.title, "subtitle": ""}


def test_the_pages_title_element_is_the_pages_title_as_text():
    from logimap.render.page import _page, page_html

    html = page_html(_page({"title": "By <sea> & rail"}, "{}"))

    assert "<title>By &lt;sea&gt; &amp; rail</title>" in html
