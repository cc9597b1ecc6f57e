"""The exports in QGIS, as an analyst opens them: ``logimap.qgz`` and ``logimap.gpkg``.

QGIS (Debian's qgis and python3-qgis, headless) runs ``tests/qgis_probe.py`` and reports what
it sees; the figures are compared here with the scenario and with the web map's own data.
Two scenarios: the bundled one, and a copy where a layer is dropped (its legs are in no
layer), a leg's period is left open and a headline figure is disputed.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

import logimap
from logimap.periods import parse_partial_date
from logimap.pipeline import tables_of
from logimap.render.payload import build_payload
from logimap.tables import LINKS
from tests.conftest import PROJECT_DIRS, replace_in, write_exports_of
from tests.gis import probe

pytestmark = pytest.mark.gis

DISPUTED_FLOW = "troops"
DROPPED_LAYER = "dprk-russia-road"


def variant_project(root: Path, default_project: Path) -> Path:
    """The default scenario with a layer dropped, a period left open, a headline disputed."""
    for name in PROJECT_DIRS:
        shutil.copytree(default_project / name, root / name)
    replace_in(root / "routes/scenario.yaml",
               "  - id: dprk-russia-road\n    title: By road\n    group: DPRK to Russia\n"
               "    select: {direction: DPRK to Russia, mode: road}\n", "")
    replace_in(root / "routes/troops.yaml", "    period: 2024-10/2024-11", "    period: 2024-10/..")
    replace_in(root / "routes/troops.yaml", "    value: 11000\n",
               "    value: 11000\n    status: disputed\n    note: Disputed in this copy.\n")
    return root


def days_to_probe(scenario) -> list[str]:
    """The first and last day of every period, and the day before and after each."""
    found = set()
    for leg in scenario.legs:
        if leg.period:
            found |= {leg.period.start, leg.period.start - timedelta(days=1)}
            if leg.period.end:
                found |= {leg.period.end, leg.period.end + timedelta(days=1)}
    return sorted(day.isoformat() for day in found)


def export_and_probe(scenario, out: Path) -> dict:
    write_exports_of(scenario, out)
    seen = probe("qgis_probe.py", "qgis.core", "qgis python3-qgis", out,
                 *days_to_probe(scenario))
    seen["scenario"] = scenario
    seen["payload"] = build_payload(scenario, tables_of(scenario))
    return seen


@pytest.fixture(scope="module", params=["default", "variant"])
def seen(request, tmp_path_factory: pytest.TempPathFactory, default_project: Path) -> dict:
    root = tmp_path_factory.mktemp(request.param)
    if request.param == "default":
        scenario = logimap.load()
    else:
        scenario = logimap.load(variant_project(root / "project", default_project))
    return export_and_probe(scenario, root / "out")


# -- what the model says ------------------------------------------------------------------


def layer_legs(scenario) -> list[tuple[str, str, list[str]]]:
    """(group, title, leg ids) of each layer the map offers, the legs in none last."""
    found = [(layer.group, layer.title, [leg.id for flow in scenario.flows for leg in flow.legs
                                         if layer.matches(flow, leg)])
             for layer in scenario.layers]
    covered = {leg_id for *_, legs in found for leg_id in legs}
    rest = [leg.id for leg in scenario.legs if leg.id not in covered]
    return found + ([("Other", "Other legs", rest)] if rest else [])


def moving(scenario, leg_ids: list[str], first: date, last: date) -> list[str]:
    """The legs whose period shares a day with first..last; an undated leg always."""
    return sorted(leg_id for leg_id in leg_ids
                  if (period := scenario.leg_by_id[leg_id].period) is None
                  or (period.start <= last and (period.end is None or first <= period.end)))


def is_variant(seen: dict) -> bool:
    return DROPPED_LAYER not in {layer.id for layer in seen["scenario"].layers}


def map_layer_ids(seen: dict) -> list[str]:
    """The ids of the project's legs layers in the groups, in the tree's order."""
    return [item["layer"] for group in seen["tree"] if "group" in group
            and group["group"] not in ("Base map", "Tables") for item in group["children"]]


# -- the project --------------------------------------------------------------------------


@pytest.mark.slow
def test_the_project_opens_with_every_layer_valid_and_read_only(seen: dict):
    scenario = seen["scenario"]

    assert seen["read"] is True and seen["qgis"].startswith("3.")
    assert seen["crs"] == "EPSG:3857" and seen["title"] == scenario.title
    for layer in seen["layers"].values():
        assert layer["valid"] and layer["read_only"], layer["name"]
    counts = {layer["name"]: layer["count"] for layer in seen["layers"].values()
              if layer["table"].endswith(("=nodes", "=claims", "=sources", "=flows"))}
    assert counts == {"Places": len(scenario.nodes), "claims": len(scenario.claims),
                      "sources": len(scenario.sources), "flows": len(scenario.flows)}


def test_layers_are_grouped_like_the_map_layer_control(seen: dict):
    scenario = seen["scenario"]
    groups: dict[str, list[str]] = {}
    for group, title, _ in layer_legs(scenario):
        groups.setdefault(group, []).append(title)
    tree = seen["tree"]

    assert tree[0]["name"] == "Places" and tree[0]["checked"]
    assert [(item["group"], [child["name"] for child in item["children"]])
            for item in tree[1:-3]] == list(groups.items())
    assert tree[-3]["name"] == "Schematic stretches" and tree[-3]["checked"]
    assert tree[-2]["group"] == "Base map" and [
        (child["name"], child["checked"]) for child in tree[-2]["children"]] == [
        ("Borders", True), ("Coastlines", True), ("Land", True)]
    assert tree[-1]["group"] == "Tables" and not tree[-1]["expanded"]
    assert [child["name"] for child in tree[-1]["children"]] == [
        "legs", "flows", "claims", "sources", "layers", *LINKS]
    assert not tree[-1]["children"][0]["checked"]  # every leg, for forms, not drawn twice


def test_each_map_layer_holds_the_legs_it_selects(seen: dict):
    expected = layer_legs(seen["scenario"])
    layers = [seen["layers"][layer_id] for layer_id in map_layer_ids(seen)]

    assert [(layer["name"], layer["ids"]) for layer in layers] == [
        (title, sorted(legs)) for _, title, legs in expected]


def test_legs_in_no_layer_have_a_layer_of_their_own_as_on_the_map(seen: dict):
    scenario = seen["scenario"]
    in_none = [leg.id for leg in scenario.legs
               if not any(layer.matches(scenario.flow_by_id[leg.flow], leg)
                          for layer in scenario.layers)]
    other = [item for item in seen["tree"] if item.get("group") == "Other"]

    assert bool(in_none) == is_variant(seen)
    if in_none:
        [group] = other
        assert [child["name"] for child in group["children"]] == ["Other legs"]
        assert seen["layers"][group["children"][0]["layer"]]["ids"] == sorted(in_none)
    else:
        assert not other


# -- styles -------------------------------------------------------------------------------


def test_legs_are_drawn_in_the_map_colours_widths_and_opacities(seen: dict):
    payload = seen["payload"]
    colours = {flow["id"]: flow["color"] for flow in payload["flows"]}
    flow_of = {leg.id: leg.flow for leg in seen["scenario"].legs}
    widths, faded = {}, {}
    for leg in _rows(payload["legs"]):
        widths[flow_of[leg["id"]]] = leg["width"]
        faded[flow_of[leg["id"]]] = leg["faded"]
    line = payload["line"]

    for layer_id in [*map_layer_ids(seen), "logimap-legs"]:
        renderer = seen["layers"][layer_id]["renderer"]
        assert renderer["type"] == "categorizedSymbol" and renderer["field"] == "flow"
        drawn = {c["value"]: c for c in renderer["categories"]}
        assert set(drawn) == set(colours)
        for flow_id, category in drawn.items():
            assert category["shown"] and category["layers"] == ["SimpleLine", "MarkerLine"]
            assert category["colour"] == colours[flow_id]
            assert category["width"] == widths[flow_id]
            assert category["opacity"] == (line["faded_opacity"] if faded[flow_id]
                                           else line["opacity"])
    assert faded[DISPUTED_FLOW] == is_variant(seen)


def _rows(table: dict) -> list[dict]:
    """The payload's column table (``render.payload.table``) as one dict per row."""
    columns = {name: values if isinstance(values, list) else
               [values["values"][i] for i in values["index"]]
               for name, values in table["columns"].items()}
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def test_schematic_legs_are_dashed_and_the_others_solid(seen: dict):
    dashes = seen["layers"]["logimap-legs"]["dashes"]
    dash = seen["payload"]["line"]["dash"].replace(" ", ";")

    for leg in seen["scenario"].legs:
        assert dashes[leg.id] == (dash if leg.basis == "schematic" else None), leg.id


def test_places_are_drawn_by_kind_and_waypoints_hidden(seen: dict):
    kinds = seen["payload"]["kinds"]
    renderer = seen["layers"]["logimap-places"]["renderer"]
    drawn = {c["value"]: c for c in renderer["categories"]}

    assert renderer["field"] == "kind" and seen["layers"]["logimap-places"]["labels"]
    assert set(drawn) == {node.kind for node in seen["scenario"].nodes}
    assert set(kinds) <= set(drawn)  # the map draws the places its legs and claims name
    for kind, category in drawn.items():
        assert category["shown"] == (kind != "waypoint"), kind
        if kind in kinds:
            assert category["colour"] == kinds[kind]["color"]
            assert category["size"] == 2 * kinds[kind]["radius"]


def test_the_geopackage_alone_opens_with_its_default_styles(seen: dict):
    alone = seen["gpkg"]
    legs, nodes = alone["legs"], alone["nodes"]
    scenario = seen["scenario"]
    pairs = {(leg.flow, leg.basis == "schematic") for leg in scenario.legs}

    # QGIS lists the styles of the legs, then those of the other layers (stretches, places)
    assert legs["valid"] and legs["styles"][0] == "logimap" and set(legs["styles"]) == {
        "logimap"}
    assert legs["renderer"]["type"] == nodes["renderer"]["type"] == "categorizedSymbol"
    assert nodes["labels"] and not legs["labels"]
    assert legs["sld_read"] and nodes["sld_read"]
    assert len(legs["sld"]["rules"]) == len(pairs)
    assert len(nodes["sld"]["rules"]) == len({n.kind for n in scenario.nodes} - {"waypoint"})
    # QGIS 3.22 resets a layer's time after loading its default style: only the fields stay.
    assert (legs["temporal"]["start"], legs["temporal"]["end"]) == ("period_start",
                                                                    "period_end")


def test_qgis_paints_each_flow_in_its_colour_and_no_waypoint(seen: dict):
    colours = {flow["id"]: flow["color"] for flow in seen["payload"]["flows"]}
    opacity = {c["value"]: c["opacity"] for c in
               seen["layers"]["logimap-legs"]["renderer"]["categories"]}

    for flow_id, painted in seen["gpkg"]["legs"]["painted"].items():
        assert painted["painted"] > 0, flow_id
        shares = _share_over_white(colours[flow_id], painted["most"])
        assert max(shares) - min(shares) < 0.05, (flow_id, painted)  # the flow's own hue
        assert opacity[flow_id] - 0.02 <= min(shares) <= 1.0, (flow_id, painted)
    for kind, painted in seen["gpkg"]["nodes"]["painted"].items():
        assert (painted["painted"] > 0) == (kind != "waypoint"), kind


def _share_over_white(colour: str, seen_colour: str) -> list[float]:
    """How much of ``colour`` over white each channel of ``seen_colour`` shows (0 to 1)."""
    shares = []
    for index in (1, 3, 5):
        pure, got = int(colour[index:index + 2], 16), int(seen_colour[index:index + 2], 16)
        if pure < 250:
            shares.append((255 - got) / (255 - pure))
    return shares


# -- time ---------------------------------------------------------------------------------


def test_legs_layers_take_their_time_from_the_period_fields(seen: dict):
    for layer_id in [*map_layer_ids(seen), "logimap-legs"]:
        assert seen["layers"][layer_id]["temporal"] == {
            "active": True, "mode": 2, "start": "period_start", "end": "period_end"}


def test_the_temporal_controller_covers_the_data_a_month_a_step(seen: dict):
    scenario = seen["scenario"]
    periods = [leg.period for leg in scenario.legs if leg.period]
    ends = [p.end for p in periods if p.end] + [parse_partial_date(scenario.as_of, last=True)]

    assert seen["time"]["start"] == f"{min(p.start for p in periods).isoformat()}T00:00:00Z"
    assert seen["time"]["end"] == f"{max(ends).isoformat()}T23:59:59Z"
    assert (seen["time"]["step"], seen["time"]["unit"]) == (1.0, 6)  # QgsUnitTypes.TemporalMonths


def test_every_frame_of_the_temporal_controller_shows_the_legs_moving_in_it(seen: dict):
    scenario = seen["scenario"]
    legs_of = {layer_id: seen["layers"][layer_id]["ids"]
               for layer_id in [*map_layer_ids(seen), "logimap-legs"]}

    assert len(seen["frames"]) >= 12
    for frame in seen["frames"]:
        assert frame["begin"].endswith("T00:00:00Z") and frame["end"].endswith("T00:00:00Z")
        assert not frame["include_end"]
        first = date.fromisoformat(frame["begin"][:10])
        last = date.fromisoformat(frame["end"][:10]) - timedelta(days=1)
        for layer_id, leg_ids in legs_of.items():
            assert frame["shown"][layer_id] == moving(scenario, leg_ids, first, last), (
                frame["begin"], layer_id)


def test_a_window_ending_on_a_period_last_day_keeps_the_legs_that_end_that_day(seen: dict):
    scenario = seen["scenario"]
    every_leg = seen["layers"]["logimap-legs"]["ids"]
    last_days = {leg.period.end for leg in scenario.legs if leg.period and leg.period.end}

    assert last_days
    for last in last_days:
        ending = [leg.id for leg in scenario.legs if leg.period and leg.period.end == last]
        shown = seen["days"][last.isoformat()]["logimap-legs"]
        after = seen["days"][(last + timedelta(days=1)).isoformat()]["logimap-legs"]

        assert shown == moving(scenario, every_leg, last, last)
        assert set(ending) <= set(shown), last
        assert not set(ending) & set(after), last
    for day, shown in seen["days"].items():
        moment = date.fromisoformat(day)
        assert shown["logimap-legs"] == moving(scenario, every_leg, moment, moment), day


def test_undated_and_open_legs_show_in_every_window_they_reach(seen: dict):
    scenario = seen["scenario"]
    undated = [leg.id for leg in scenario.legs if leg.period is None]
    open_ended = [leg for leg in scenario.legs if leg.period and leg.period.end is None]

    assert undated and bool(open_ended) == is_variant(seen)
    for frame in seen["frames"]:
        assert set(undated) <= set(frame["shown"]["logimap-legs"])
        for leg in open_ended:
            if date.fromisoformat(frame["end"][:10]) > leg.period.start:
                assert leg.id in frame["shown"]["logimap-legs"], frame["begin"]


# -- relations and forms ------------------------------------------------------------------


def test_every_relation_is_valid(seen: dict):
    relations = seen["relations"]

    assert relations and all(relation["valid"] for relation in relations.values())


def test_a_leg_form_lists_its_claims_and_sources(seen: dict):
    scenario = seen["scenario"]

    for layer_id in [*map_layer_ids(seen), "logimap-legs"]:
        related = seen["layers"][layer_id]["related"]
        claims = related[f"claim_legs-{layer_id}"]
        sources = related[f"leg_sources-{layer_id}"]
        assert (claims["name"], sources["name"]) == ("Claims", "Sources")
        assert claims["partner_valid"] and sources["partner_valid"]
        for leg_id, listed in claims["listed"].items():
            leg = scenario.leg_by_id[leg_id]
            assert listed == sorted(c.id for c in scenario.claims_for_leg(leg)), leg_id
            assert sources["listed"][leg_id] == sorted(leg.sources), leg_id


def test_a_place_form_lists_the_claims_about_it_and_its_sources_and_a_claim_its_legs_and_places(
        seen: dict):
    scenario = seen["scenario"]
    places = seen["layers"]["logimap-places"]["related"]["claim_nodes-logimap-places"]
    claims = seen["layers"]["logimap-claims"]["related"]

    cited = seen["layers"]["logimap-places"]["related"]["node_sources-logimap-places"]
    for node in scenario.nodes:
        assert places["listed"][node.id] == sorted(
            c.id for c in scenario.claims_for_node(node.id))
        assert cited["listed"][node.id] == sorted(node.sources)
    for claim in scenario.claims:
        legs = [leg.id for leg in scenario.legs if claim in scenario.claims_for_leg(leg)]
        assert claims["claim_legs-logimap-claims"]["listed"][claim.id] == sorted(legs)
        assert claims["claim_nodes-logimap-claims"]["listed"][claim.id] == sorted(
            set(claim.nodes))


def test_the_attribute_forms_show_the_related_rows_across_the_link_tables(seen: dict):
    layers = seen["layers"]

    for layer_id in [*map_layer_ids(seen), "logimap-legs"]:
        assert layers[layer_id]["form"] == [
            [f"claim_legs-{layer_id}", "Claims", "claim_legs-logimap-claims"],
            [f"leg_layers-{layer_id}", "Layers", "leg_layers-logimap-layers"],
            [f"leg_sources-{layer_id}", "Sources", "leg_sources-logimap-sources"]]
    assert layers["logimap-places"]["form"] == [
        ["claim_nodes-logimap-places", "Claims", "claim_nodes-logimap-claims"],
        ["node_sources-logimap-places", "Sources", "node_sources-logimap-sources"]]
    assert layers["logimap-claims"]["form"] == [
        ["claim_legs-logimap-claims", "Legs", "claim_legs-logimap-legs"],
        ["claim_nodes-logimap-claims", "Places", "claim_nodes-logimap-places"]]
    assert layers["logimap-sources"]["form"] == [
        ["claims-source", "Claims", None],
        ["leg_sources-logimap-sources", "Legs", "leg_sources-logimap-legs"],
        ["node_sources-logimap-sources", "Places", "node_sources-logimap-places"]]
    assert layers["logimap-flows"]["form"] == [["claims-flow", "Claims", None],
                                               ["legs-flow", "Legs", None]]


def test_a_source_form_lists_its_claims_and_a_flow_form_its_legs_and_claims(seen: dict):
    scenario = seen["scenario"]
    sources = seen["layers"]["logimap-sources"]["related"]
    flows = seen["layers"]["logimap-flows"]["related"]

    for source in scenario.sources:
        assert sources["claims-source"]["listed"][source.id] == sorted(
            c.id for c in scenario.claims if c.source == source.id)
        assert sources["leg_sources-logimap-sources"]["listed"][source.id] == sorted(
            leg.id for leg in scenario.legs if source.id in leg.sources)
    for flow in scenario.flows:
        assert flows["legs-flow"]["listed"][flow.id] == sorted(leg.id for leg in flow.legs)
        assert flows["claims-flow"]["listed"][flow.id] == sorted(c.id for c in flow.claims)


# -- about --------------------------------------------------------------------------------


def test_every_layer_says_what_it_shows_and_names_its_sources(seen: dict):
    scenario = seen["scenario"]
    expected = layer_legs(scenario)

    assert scenario.title in seen["about"]
    for source in scenario.sources:
        assert source.publisher in seen["about"]
    for layer_id, (_, _, legs) in zip(map_layer_ids(seen), expected, strict=True):
        about = seen["layers"][layer_id]["about"]
        assert about.startswith(scenario.title) and "Sources:" in about
        for leg_id in legs:
            leg = scenario.leg_by_id[leg_id]
            for source_id in [*leg.sources, *(c.source for c in scenario.claims_for_leg(leg))]:
                assert scenario.source_by_id[source_id].publisher in about, (layer_id, source_id)
