"""The data a map page draws: one JSON object built from the scenario's tables.

Text is passed as plain strings and inserted by the page with ``textContent``. Every leg is
embedded once per page. Legs, places and claims are sent as tables (``table``: one list per
field, repeated values listed once) and lines as integer steps of 1/``COORD_SCALE`` degree
(about 10 m) from the previous point, written as text (``encode_line``); the page unpacks
both before drawing.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from logimap import wording
from logimap.model import Claim, Flow, Leg, Node, Scenario, Source
from logimap.periods import Period
from logimap.render.encoding import COORD_SCALE, encode_line
from logimap.render.tracks import add_tracks
from logimap.tables import style, time_range

if TYPE_CHECKING:
    from logimap.tables import Tables

# From this many legs on a page, lines are drawn on a canvas instead of as SVG elements.
CANVAS_FROM_LEGS = 1_000
# Widths shown in the legend per unit: the widest, the narrowest and evenly between.
WIDTH_SAMPLES = 4


def _source(source: Source) -> dict[str, Any]:
    """A source as the map lists it: its label, the publisher's page, the copy read (and
    when), whether its text is stored, its note."""
    return {"id": source.id, "label": _source_label(source), "url": source.url,
            "copy_url": source.copy_url, "accessed": source.accessed, "stored": source.stored,
            "note": source.note}


def _source_label(source: Source) -> str:
    parts = [source.publisher, f"“{source.title}”" if source.title else "", source.date,
             f"by {source.author}" if source.author else ""]
    return ", ".join(p for p in parts if p)


def table(records: list[dict[str, Any]], distinct: tuple[str, ...] = ()) -> dict[str, Any]:
    """Records as columns: ``{"count": n, "columns": {field: values}}``. A field whose values
    repeat (fewer distinct values than half the records) is sent as
    ``{"values": distinct, "index": [position in distinct, ...]}``; fields named in
    ``distinct`` (values known not to repeat) are not checked.

    >>> table([{"a": "x", "b": 1}, {"a": "x", "b": 2}, {"a": "x", "b": 3}])
    {'count': 3, 'columns': {'a': {'values': ['x'], 'index': [0, 0, 0]}, 'b': [1, 2, 3]}}
    """
    columns: dict[str, Any] = {}
    for name in dict.fromkeys(key for record in records for key in record):
        values = [record[name] for record in records]
        if name in distinct:
            columns[name] = values
            continue
        keys = [_key(v) for v in values]
        seen = dict.fromkeys(keys)
        if len(seen) * 2 < len(values):
            position = {key: i for i, key in enumerate(seen)}
            first = {key: value for key, value in zip(keys, values, strict=True)}
            columns[name] = {"values": [first[key] for key in seen],
                             "index": [position[key] for key in keys]}
        else:
            columns[name] = values
    return {"count": len(records), "columns": columns}


def _key(value: Any) -> Any:
    """A hashable stand-in for a JSON value that equals another only for the same JSON."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True)
    return (type(value).__name__, value)


def build_payload(scenario: Scenario, tables: Tables,
                  layers: list[str] | None = None) -> dict[str, Any]:
    """Everything the page draws for the named layers (default: all) but the basemap, as
    JSON-ready values; ``bounds`` is the extent of what the page draws (its first view).
    Colours and widths are the scenario's, so a flow looks the same on every page. A page
    of one layer is titled with the layer's title, the scenario's as its subtitle.
    """
    from logimap.tables import map_layers, page_titles

    chosen = [layer for layer in map_layers(scenario, tables)
              if layers is None or layer["id"] in layers]
    leg_ids = list(dict.fromkeys(leg_id for layer in chosen for leg_id in layer["leg_ids"]))
    legs = [scenario.leg_by_id[leg_id] for leg_id in leg_ids]
    flow_ids = {leg.flow for leg in legs}
    flows = [f for f in scenario.flows if f.id in flow_ids]
    flow_index = {flow.id: i for i, flow in enumerate(flows)}
    geometry = drawn_lines(tables)
    length = dict(zip(tables.legs["id"], tables.legs["length_km"], strict=True))
    rows = {row["id"]: row for row in tables.records("legs")}

    nodes = drawn_places(scenario, legs, all_layers=layers is None)
    node_index = {n.id: i for i, n in enumerate(nodes)}
    copies = world_copies(legs, geometry, nodes)

    claim_ids = [c.id for c in scenario.claims
                 if c.flow in flow_index or (not c.flow and layers is None)
                 or any(n in node_index for n in c.nodes)]
    claim_index = {c: i for i, c in enumerate(claim_ids)}
    cited = _cited_sources(scenario, claim_ids, legs, nodes)
    number = {source_id: i + 1 for i, source_id in enumerate(cited)}

    colours = style.flow_colours([f.id for f in scenario.flows])
    widths = style.flow_widths(scenario)
    payload_legs = []
    for leg in legs:
        flow = scenario.flow_by_id[leg.flow]
        start, end = leg.period.iso() if leg.period else ("", "")
        payload_legs.append({
            "id": leg.id, "flow": flow_index[leg.flow], "mode": leg.mode, "basis": leg.basis,
            "basis_note": leg.basis_note, "from": node_index[leg.origin],
            "to": node_index[leg.destination],
            "period_text": wording.period(leg.period), "start": start, "end": end,
            "length_km": f"{length[leg.id]:,.0f}",
            "detour": wording.detour(length[leg.id], rows[leg.id]["great_circle_km"]),
            "passages": rows[leg.id]["passages"] or "", "coords": encode_line(geometry[leg.id]),
            "claims": [claim_index[c.id] for c in scenario.claims_for_leg(leg)],
            "sources": [number[s] for s in leg.sources if s in number],
            "width": widths.get(flow.id, style.DEFAULT_WIDTH),
            "faded": style.faded(scenario, flow),
        })
    tracked = 0
    if any(leg.id in scenario.tracks for leg in legs):  # observed legs: their tracks
        tracked = add_tracks(scenario, legs, payload_legs, geometry)
    leg_position = {leg.id: i for i, leg in enumerate(legs)}
    stretches = _stretches(tables, geometry, leg_position, node_index)
    bounds = drawn_bounds(legs, geometry, nodes, copies)
    return {
        **({"tracked": tracked} if tracked else {}),
        **page_titles(scenario, chosen if layers is not None else []),
        "description": scenario.description, "as_of": scenario.as_of,
        "shade_note": style.shade_note(len(scenario.flows)),
        "sources": [_source(scenario.source_by_id[s]) for s in cited],
        "claims": table([_claim(scenario.claim_by_id[cid], number) for cid in claim_ids]),
        "flows": [{"id": f.id, "name": f.name, "cargo": f.cargo, "direction": f.direction,
                   "note": f.note, "color": colours[f.id]} for f in flows],
        "layers": [{"id": layer["id"], "title": layer["title"], "group": layer["group"],
                    "legs": [leg_position[i] for i in layer["leg_ids"]]} for layer in chosen],
        "legs": table(payload_legs, distinct=("id", "coords")),
        "stretches": table(stretches, distinct=("coords",)),
        "renderer": "canvas" if len(legs) >= CANVAS_FROM_LEGS else "svg",
        "coord_scale": COORD_SCALE,
        "nodes": table(_places(scenario, legs, nodes, claim_index, copies, number)),
        "labels": _labels(scenario, flows, legs, length),
        "widths": _width_legend(scenario, flows, widths, flow_index),
        "line": {"opacity": style.LINE_OPACITY, "faded_opacity": style.FADED_OPACITY,
                 "dash": " ".join(map(str, style.SCHEMATIC_DASH)),
                 "stretch_dash": " ".join(map(str, style.STRETCH_DASH)),
                 "default_width": style.DEFAULT_WIDTH},
        "kinds": {kind: {"color": colour, "radius": radius}
                  for kind, (colour, radius) in style.KIND_STYLES.items()
                  if any(n.kind == kind for n in nodes)},
        "time": time_range(scenario, legs),
        "bounds": [[bounds[1], bounds[0]], [bounds[3], bounds[2]]],
        "tiles": _tiles(),
        "attribution": _attribution(legs),
    }


def _stretches(tables: Tables, drawn: dict[str, list[tuple[float, float]]],
               leg_position: dict[str, int], node_index: dict[str, int]
               ) -> list[dict[str, Any]]:
    """The schematic stretches of the page's legs (``tables.stretches``), each on the copy of
    the world its leg is drawn on: its leg and place (positions in the page's lists), its
    kind, its length as text and its line."""
    lines = tables.leg_lines
    found = []
    for row, line in zip(tables.records("stretches"), tables.stretch_lines, strict=True):
        leg_id = row["leg_id"]
        if leg_id not in leg_position:
            continue
        turns = round((drawn[leg_id][0][0] - lines[leg_id][0][0]) / 360.0)
        shifted = [(x + 360.0 * turns, y) for x, y in line] if turns else line
        found.append({"leg": leg_position[leg_id], "node": node_index[row["node_id"]],
                      "kind": row["kind"], "length_km": f"{row['length_km']:,.1f}",
                      "coords": encode_line(shifted)})
    return found


def _attribution(legs: list[Any]) -> str:
    """The credit the offline map shows: Natural Earth for the base map, and OpenStreetMap
    (whose licence, the ODbL, asks for it) when a leg is routed over its railways or roads."""
    from logimap.tables.credits import follows_osm

    credit = "Base map: Natural Earth"
    if any(map(follows_osm, legs)):
        credit += ("; rail and road routes: © <a href=\"https://www.openstreetmap.org/"
                   "copyright\">OpenStreetMap</a> contributors")
    return credit


def drawn_places(scenario: Scenario, legs: list[Leg], all_layers: bool = True) -> list[Node]:
    """The places a page draws: the stops of its legs, and the places its claims are about
    (claims of its flows; with ``all_layers``, the claims about the reporting too)."""
    flows = {leg.flow for leg in legs}
    ids = dict.fromkeys(
        [n for leg in legs for n in leg.stops]
        + [n for c in scenario.claims for n in c.nodes
           if c.flow in flows or (not c.flow and all_layers)])
    return [scenario.node_by_id[n] for n in ids]


def world_copies(legs: list[Leg], lines: dict[str, list[tuple[float, float]]],
                 nodes: list[Node]) -> dict[str, list[int]]:
    """For each place, the copies of the world it is drawn on (k: at longitude lon + 360 k):
    those where the (unwrapped) lines reaching it arrive, so that a line across ±180 ends
    at its marker; both copies for a place reached from both sides. A place no line reaches
    is drawn on the copy nearest the middle of the legs."""
    by_id = {node.id: node for node in nodes}
    found: dict[str, set[int]] = {}
    for leg in legs:
        line = lines[leg.id]
        for stop in leg.stops:
            node = by_id[stop]
            if stop == leg.origin:
                lon = line[0][0]
            elif stop == leg.destination:
                lon = line[-1][0]
            else:
                lon = min(line, key=lambda p, n=node: (_wrapped(p[0] - n.lon) ** 2
                                                       + (p[1] - n.lat) ** 2))[0]
            found.setdefault(stop, set()).add(round((lon - node.lon) / 360.0))
    middles = [(lines[leg.id][0][0] + lines[leg.id][-1][0]) / 2 for leg in legs]
    centre = sum(middles) / len(middles) if middles else 0.0
    return {node.id: sorted(found.get(node.id) or {round((_near(node.lon, centre) - node.lon)
                                                          / 360.0)})
            for node in nodes}


def _wrapped(degrees: float) -> float:
    """A longitude difference brought within ±180."""
    return (degrees + 180.0) % 360.0 - 180.0


def drawn_bounds(legs: list[Leg], lines: dict[str, list[tuple[float, float]]],
                 nodes: list[Node], copies: dict[str, list[int]]
                 ) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the legs' lines and the places as drawn (unwrapped)."""
    points = [p for leg in legs for p in lines[leg.id]]
    points += [(n.lon + 360.0 * k, n.lat) for n in nodes for k in copies[n.id]]
    return _bounds(points)


def scenario_extent(scenario: Scenario, tables: Tables) -> tuple[float, float, float, float]:
    """(west, south, east, north) of everything the map of every layer draws: the extent the
    basemap covers on every page, whichever layers are built."""
    legs, lines = list(scenario.legs), drawn_lines(tables)
    nodes = drawn_places(scenario, legs)
    return drawn_bounds(legs, lines, nodes, world_copies(legs, lines, nodes))


def drawn_lines(tables: Tables) -> dict[str, list[tuple[float, float]]]:
    """Each leg's line as the pages draw it: unwrapped (it may pass ±180), and moved by whole
    turns so that its middle lies within 180 degrees of the middle of all the scenario's legs
    (their circular mean). Legs on either side of ±180 are then drawn side by side, the same
    on every page, a leg from Seattle beside the leg from Vladivostok that reaches it."""
    lines = tables.leg_lines
    middles = [(line[0][0] + line[-1][0]) / 2 for line in lines.values() if line]
    if not middles:
        return dict(lines)
    centre = math.degrees(math.atan2(sum(math.sin(math.radians(m)) for m in middles),
                                     sum(math.cos(math.radians(m)) for m in middles)))
    drawn = {}
    for leg_id, line in lines.items():
        turns = round((centre - (line[0][0] + line[-1][0]) / 2) / 360.0) if line else 0
        drawn[leg_id] = [(x + 360.0 * turns, y) for x, y in line] if turns else line
    return drawn


def _places(scenario: Scenario, legs: list[Leg], nodes: list[Node], claim_index: dict[str, int],
            copies: dict[str, list[int]], number: dict[str, int]) -> list[dict[str, Any]]:
    """The places as the page draws them: with their claims, the world copies they are drawn
    on and their label's tier (``style.label_tier``) and reach (legs through them)."""
    reach: dict[str, int] = {}
    ends = set()
    for leg in legs:
        ends.update((leg.origin, leg.destination))
        for stop in dict.fromkeys(leg.stops):
            reach[stop] = reach.get(stop, 0) + 1
    places = []
    for n in nodes:
        claims = [claim_index[c.id] for c in scenario.claims_for_node(n.id)
                  if c.id in claim_index]
        places.append({
            "id": n.id, "name": n.name, "label": n.display_label, "kind": n.kind,
            "country": n.country, "lat": n.lat, "lon": n.lon, "precision": n.precision,
            "basis": n.basis, "note": n.note, "sources": [number[s] for s in n.sources],
            "claims": claims, "copies": copies[n.id],
            "tier": style.label_tier(n.kind, n.precision, bool(claims), n.id in ends),
            "reach": reach.get(n.id, 0)})
    return places


def _claim(claim: Claim, number: dict[str, int]) -> dict[str, Any]:
    return {"what": claim.what, "quantity": wording.quantity(claim),
            "period": wording.period(claim.period), "status": claim.status,
            "note": claim.note, "quote": claim.quote, "source": number[claim.source],
            "note_sources": [number[s] for s in claim.note_sources]}


def _cited_sources(scenario: Scenario, claim_ids: list[str], legs: list[Any],
                   nodes: list[Node]) -> list[str]:
    cited: dict[str, None] = {}
    for cid in claim_ids:
        claim = scenario.claim_by_id[cid]
        cited.update(dict.fromkeys([claim.source, *claim.note_sources]))
    for leg in legs:
        cited.update(dict.fromkeys(leg.sources))
    for node in nodes:
        cited.update(dict.fromkeys(node.sources))
    return [s.id for s in scenario.sources if s.id in cited]


def _width_legend(scenario: Scenario, flows: list[Flow], widths: dict[str, float],
                  flow_index: dict[str, int]) -> list[dict[str, Any]]:
    """Per unit of the page's headline figures, the real flows the width legend shows, with
    their figures and widths: for a unit whose flows are compared (``compared``), the widest,
    the narrowest and evenly between (at most ``WIDTH_SAMPLES``); else its one flow, drawn
    at the neutral width."""
    legend = []
    for unit, pairs in style.headlines_by_unit(scenario, flows).items():
        ranked = sorted(pairs, key=lambda pair: -style.headline_value(pair[1]))
        legend.append({"unit": unit, "compared": any(f.id in widths for f, _ in pairs),
                       "samples": [{"flow": flow_index[flow.id],
                                    "text": wording.quantity(claim),
                                    "width": widths.get(flow.id, style.DEFAULT_WIDTH)}
                                   for flow, claim in spread(ranked, WIDTH_SAMPLES)]})
    return legend


def spread(ranked: list[Any], count: int) -> list[Any]:
    """At most ``count`` items of a ranked list: the first, the last and evenly between."""
    if len(ranked) <= count:
        return ranked
    return [ranked[round(i * (len(ranked) - 1) / (count - 1))] for i in range(count)]


def _labels(scenario: Scenario, flows: list[Any], legs: list[Any],
            length: dict[str, float]) -> list[dict[str, Any]]:
    """One volume label per flow with a headline, on the flow's longest leg; labels on longer
    legs come first (where two would overlap, the page shows the first). A label names the
    figure's period when it is not the leg's ("about 9,000,000 shells in 2024")."""
    position = {leg.id: i for i, leg in enumerate(legs)}
    by_flow: dict[str, list[Any]] = {}
    for leg in legs:
        by_flow.setdefault(leg.flow, []).append(leg)
    labels = []
    for flow in flows:
        claim = scenario.claim_by_id.get(flow.headline)
        own = by_flow.get(flow.id, [])
        if claim is None or not own:
            continue
        longest = max(own, key=lambda leg: length[leg.id])
        text = wording.quantity(claim)
        if claim.period and not _same_days(claim.period, longest.period):
            text = f"{text} {wording.period_phrase(claim.period)}"
        labels.append((-length[longest.id], {"leg": position[longest.id], "text": text}))
    return [label for _, label in sorted(labels, key=lambda pair: pair[0])]


def _same_days(a: Period, b: Period | None) -> bool:
    return b is not None and (a.start, a.end) == (b.start, b.end)


def _near(lon: float, centre: float) -> float:
    """``lon`` shifted by whole turns to lie within 180 degrees of ``centre`` (unwrapped)."""
    return lon + 360.0 * round((centre - lon) / 360.0)


def _bounds(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    lons = [p[0] for p in points] or [0.0]
    lats = [p[1] for p in points] or [0.0]
    return (min(lons), min(lats), max(lons), max(lats))


def _tiles() -> list[dict[str, Any]]:
    """Optional online base layers, for viewers who are online."""
    import xyzservices.providers as xyz

    chosen = [("osm", "OpenStreetMap", xyz.OpenStreetMap.Mapnik),
              ("esri-grey", "Esri light grey", xyz.Esri.WorldGrayCanvas),
              ("esri-imagery", "Esri imagery", xyz.Esri.WorldImagery)]
    return [{"id": key, "name": name, "url": provider.build_url(),
             "attribution": provider.html_attribution, "max_zoom": provider.get("max_zoom", 18)}
            for key, name, provider in chosen]
