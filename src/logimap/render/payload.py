"""The data a map page draws: one JSON object built from the scenario's tables.

Text is passed as plain strings and inserted by the page with ``textContent``. Every leg is
embedded once per page. Legs, places and claims are sent as tables (``table``: one list per
field, repeated values listed once) and lines as integer steps of 1/``COORD_SCALE`` degree
(about 10 m) from the previous point, written as text (``encode_line``); the page unpacks
both before drawing.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from logimap import formatting
from logimap.model import Claim, Scenario, Source
from logimap.periods import parse_partial_date
from logimap.render import style

if TYPE_CHECKING:
    from logimap.tables import Tables

COORD_SCALE = 10_000
# 5-bit groups per integer in encode_line: 7 hold 35 bits, more than any coordinate needs.
LINE_GROUPS = 7
# From this many legs on a page, lines are drawn on a canvas instead of as SVG elements.
CANVAS_FROM_LEGS = 1_000
# Widths shown in the legend per unit: the widest, the narrowest and evenly between.
WIDTH_SAMPLES = 4


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


def encode_line(coords: Any) -> str:
    """A line as text: its points in integer 1/COORD_SCALE degrees, each point as the step
    [dx, dy] from the one before (the first from 0, 0), each integer written as Google's
    encoded polyline algorithm writes one: doubled (negatives inverted), then cut into 5-bit
    groups from the lowest, each group plus 63, and plus 32 more when another follows. A
    step of a few hundred metres takes two or three characters.

    >>> encode_line([(130.5, 42.25), (130.5001, 42.2)])
    'oysnAgexXAf^'
    """
    import numpy as np

    points = np.rint(np.asarray(coords, dtype=float)[:, :2] * COORD_SCALE).astype(np.int64)
    values = np.diff(points, axis=0, prepend=0).ravel()
    doubled = np.where(values < 0, ~(values << 1), values << 1)
    index = np.arange(LINE_GROUPS)
    groups = (doubled[:, None] >> (5 * index)) & 31
    count = 1 + (doubled[:, None] >= 32 ** index[1:]).sum(axis=1)[:, None]
    chars = groups + 63 + 32 * (index < count - 1)
    return chars[index < count].astype(np.uint8).tobytes().decode("ascii")


def build_payload(scenario: Scenario, tables: Tables,
                  layers: list[str] | None = None) -> dict[str, Any]:
    """Everything the page draws for the named layers (default: all) but the basemap, as
    JSON-ready values; ``bounds`` is the extent the basemap must cover.
    """
    from logimap.tables import map_layers

    chosen = [layer for layer in map_layers(scenario, tables)
              if layers is None or layer["id"] in layers]
    leg_ids = list(dict.fromkeys(leg_id for layer in chosen for leg_id in layer["leg_ids"]))
    legs = [scenario.leg_by_id[leg_id] for leg_id in leg_ids]
    flow_ids = {leg.flow for leg in legs}
    flows = [f for f in scenario.flows if f.id in flow_ids]
    flow_index = {flow.id: i for i, flow in enumerate(flows)}
    geometry = tables.leg_lines
    length = dict(zip(tables.legs["id"], tables.legs["length_km"], strict=True))

    node_ids = list(dict.fromkeys(
        [n for leg in legs for n in leg.stops]
        + [n for c in scenario.claims for n in c.nodes if not c.flow or c.flow in flow_index]))
    nodes = [scenario.node_by_id[n] for n in node_ids]
    node_index = {n: i for i, n in enumerate(node_ids)}

    claim_ids = [c.id for c in scenario.claims
                 if c.flow in flow_index or (not c.flow and layers is None)
                 or any(n in node_index for n in c.nodes)]
    claim_index = {c: i for i, c in enumerate(claim_ids)}
    cited = _cited_sources(scenario, claim_ids, legs)
    number = {source_id: i + 1 for i, source_id in enumerate(cited)}

    colours = style.flow_colours([(f.id, f.direction) for f in flows])
    widths, scales = _widths(scenario, flows)
    payload_legs = []
    for leg in legs:
        flow = scenario.flow_by_id[leg.flow]
        start, end = leg.period.iso() if leg.period else ("", "")
        payload_legs.append({
            "id": leg.id, "flow": flow_index[leg.flow], "mode": leg.mode, "basis": leg.basis,
            "basis_note": leg.basis_note, "from": node_index[leg.origin],
            "to": node_index[leg.destination],
            "period_text": formatting.period(leg.period), "start": start, "end": end,
            "length_km": f"{length[leg.id]:,.0f}", "coords": encode_line(geometry[leg.id]),
            "claims": [claim_index[c.id] for c in scenario.claims_for_leg(leg)],
            "sources": [number[s] for s in leg.sources if s in number],
            "width": widths.get(flow.id, style.DEFAULT_WIDTH),
            "faded": style.faded(scenario, flow),
        })
    tracked = 0
    if any(leg.id in scenario.tracks for leg in legs):  # observed legs: their tracks
        from logimap.render.tracks import add_tracks

        tracked = add_tracks(scenario, legs, payload_legs, geometry)
    leg_position = {leg.id: i for i, leg in enumerate(legs)}
    line_points = [p for leg in legs for p in geometry[leg.id]]
    centre = sum(p[0] for p in line_points) / len(line_points) if line_points else 0.0
    bounds = _bounds(line_points + [(_near(n.lon, centre), n.lat) for n in nodes])
    return {
        **({"tracked": tracked} if tracked else {}),
        "title": scenario.title, "description": scenario.description, "as_of": scenario.as_of,
        "sources": [{"id": s, "label": _source_label(scenario.source_by_id[s]),
                     "url": scenario.source_by_id[s].url,
                     "stored": scenario.source_by_id[s].stored} for s in cited],
        "claims": table([_claim(scenario.claim_by_id[cid], number) for cid in claim_ids]),
        "flows": [{"id": f.id, "name": f.name, "cargo": f.cargo, "direction": f.direction,
                   "note": f.note, "color": colours[f.id]} for f in flows],
        "layers": [{"id": layer["id"], "title": layer["title"], "group": layer["group"],
                    "legs": [leg_position[i] for i in layer["leg_ids"]]} for layer in chosen],
        "legs": table(payload_legs, distinct=("id", "coords")),
        "renderer": "canvas" if len(legs) >= CANVAS_FROM_LEGS else "svg",
        "coord_scale": COORD_SCALE,
        "nodes": table([{"id": n.id, "name": n.name, "kind": n.kind, "country": n.country,
                         "lat": n.lat, "lon": n.lon, "precision": n.precision,
                         "basis": n.basis, "note": n.note,
                         "claims": [claim_index[c.id] for c in scenario.claims_for_node(n.id)
                                    if c.id in claim_index]} for n in nodes]),
        "labels": _labels(scenario, flows, legs, length),
        "widths": scales,
        "line": {"opacity": style.LINE_OPACITY, "faded_opacity": style.FADED_OPACITY,
                 "dash": " ".join(map(str, style.SCHEMATIC_DASH))},
        "kinds": {kind: {"color": colour, "radius": radius}
                  for kind, (colour, radius) in style.KIND_STYLES.items()
                  if any(n.kind == kind for n in nodes)},
        "time": time_range(scenario, legs),
        "bounds": [[bounds[1], bounds[0]], [bounds[3], bounds[2]]],
        "tiles": _tiles(),
    }


def _claim(claim: Claim, number: dict[str, int]) -> dict[str, Any]:
    return {"what": claim.what, "quantity": formatting.quantity(claim),
            "period": formatting.period(claim.period), "status": claim.status,
            "note": claim.note, "quote": claim.quote, "source": number[claim.source],
            "note_sources": [number[s] for s in claim.note_sources]}


def _cited_sources(scenario: Scenario, claim_ids: list[str], legs: list[Any]) -> list[str]:
    cited: dict[str, None] = {}
    for cid in claim_ids:
        claim = scenario.claim_by_id[cid]
        cited.update(dict.fromkeys([claim.source, *claim.note_sources]))
    for leg in legs:
        cited.update(dict.fromkeys(leg.sources))
    return [s.id for s in scenario.sources if s.id in cited]


def _widths(scenario: Scenario, flows: list[Any]) -> tuple[dict[str, float], list[dict]]:
    """Line width per flow from its headline volume, compared only within each unit, and
    the widths the legend shows per unit."""
    widths = style.flow_widths(scenario, flows)
    scales = []
    for unit, pairs in style.headlines_by_unit(scenario, flows).items():
        samples = {}
        for flow, claim in pairs:
            samples.setdefault(formatting.quantity(claim), widths[flow.id])
        ranked = sorted(samples.items(), key=lambda item: -item[1])
        scales.append({"unit": unit, "samples": [
            {"text": text, "width": width} for text, width in spread(ranked, WIDTH_SAMPLES)]})
    return widths, scales


def spread(ranked: list[Any], count: int) -> list[Any]:
    """At most ``count`` items of a ranked list: the first, the last and evenly between."""
    if len(ranked) <= count:
        return ranked
    return [ranked[round(i * (len(ranked) - 1) / (count - 1))] for i in range(count)]


def _labels(scenario: Scenario, flows: list[Any], legs: list[Any],
            length: dict[str, float]) -> list[dict[str, Any]]:
    """One volume label per flow with a headline, on the flow's longest leg; labels on longer
    legs come first (where two would overlap, the page shows the first)."""
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
        labels.append((-length[longest.id], {"leg": position[longest.id],
                                              "text": formatting.quantity(claim)}))
    return [label for _, label in sorted(labels, key=lambda pair: pair[0])]


def time_range(scenario: Scenario, legs: list[Any]) -> dict[str, str] | None:
    """The days the time filter spans (ISO ``first`` and ``last``): from the first leg's
    start to the last end, or the data's date (``as_of``) when later; None when no leg is
    dated."""
    dated = [leg.period for leg in legs if leg.period]
    if not dated:
        return None
    first = min(p.start for p in dated).isoformat()
    ends = [p.end.isoformat() for p in dated if p.end]
    if scenario.as_of:
        ends.append(parse_partial_date(scenario.as_of, last=True).isoformat())
    return {"first": first, "last": max(ends, default=first)}


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
