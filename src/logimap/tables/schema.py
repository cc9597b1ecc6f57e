"""The tables' schema: the columns of every table the map and the exports share, what each
holds, the link tables and how the exports type a column.

Seven tables of things, five link tables (``LINKS``), one row per pair that a ';'-joined
column lists, and ``leg_passages``, one row per passage or border a leg's line goes through,
in order. Ids are the data's own ids, dates are ISO strings (a period's end is its last
day), and a missing value is None, never ``""``. ``COLUMN_TYPES`` says how the exports type
each column.
"""

from __future__ import annotations

SCHEMA: dict[str, dict[str, str]] = {
    "nodes": {
        "id": "node id", "name": "name",
        "label": "short name written on the map (the name when the data gives none)",
        "kind": "kind of place", "country": "country code(s)",
        "lon": "longitude", "lat": "latitude", "precision": "precision of the coordinate",
        "basis": "where the coordinate comes from", "note": "note",
        "source_ids": "ids of the sources its basis or note rests on, ';'-joined",
        "claim_ids": "ids of claims about the place, ';'-joined",
        "geometry": "Point (lon, lat)",
    },
    "legs": {
        "id": "leg id", "flow": "flow id", "direction": "the flow's direction",
        "cargo": "the flow's cargo", "mode": "sea, rail, air or road",
        "from_node": "origin node id", "to_node": "destination node id",
        "via": "via node ids and passage ids, in order, ';'-joined",
        "basis": "observed, modelled or schematic",
        "basis_note": "why the line is drawn as it is",
        "period_start": "first day, null when undated",
        "period_end": "last day, null when open or undated",
        "length_km": "geodesic length of the route from its origin to its destination, its "
                     "schematic stretches included, km",
        "great_circle_km": "length of the great circle through its stops, km",
        "passages": "the named passages (sea) or borders (rail, road) the line goes through, "
                    "in order, '; '-joined",
        "headline": "the flow's headline volume as text",
        "headline_value": "its value (mid-point of a range)", "headline_unit": "its unit",
        "claim_ids": "ids of claims that apply to the leg, ';'-joined",
        "source_ids": "ids of sources reporting the route, ';'-joined",
        "source_notes": "the notes on the sources the leg cites (for its route and its "
                        "claims), one line each: 'source id: note'",
        "layer_ids": "ids of layers the leg is in, ';'-joined",
        "geometry": "LineString, unwrapped longitudes (may pass ±180): the line the water or "
                    "network carries, without its schematic stretches",
    },
    "stretches": {
        "id": "the leg's id, the stretch's kind and its number along the leg "
              "('troops-sea-musudan-vladivostok/approach/1')",
        "leg_id": "id of the leg whose line it is part of",
        "kind": "approach (from a port or site to the water its sea leg follows) or "
                "off_network (from a rail or road stop to the network, beyond its join radius)",
        "node_id": "id of the place it joins to the water or network",
        "length_km": "geodesic length, km",
        "geometry": "LineString, straight, unwrapped longitudes (may pass ±180); schematic",
    },
    "flows": {
        "id": "flow id", "name": "name", "cargo": "cargo", "direction": "direction",
        "period_start": "first day", "period_end": "last day",
        "headline_claim": "id of the headline claim", "note": "note",
        "leg_ids": "leg ids, ';'-joined", "claim_ids": "claim ids, ';'-joined",
        "colour": "the colour its legs are drawn in on every map and export (#rrggbb)",
        "width": "the width its legs are drawn at, pixels",
        "opacity": "the opacity its legs are drawn at (fainter when the headline figure is "
                   "disputed or corrected)",
    },
    "claims": {
        "id": "claim id", "flow": "flow id, null for a claim about the reporting itself",
        "what": "what is counted or stated", "value_low": "value, or low end of a range",
        "value_high": "value, or high end of a range", "unit": "unit",
        "qualifier": "about, at least, ...", "quantity": "the value as a reader says it",
        "period_start": "first day", "period_end": "last day",
        "status": "reported, disputed or corrected", "note": "the correction or conflict",
        "note_source_ids": "sources of the note, ';'-joined", "quote": "the verbatim quote",
        "source": "source id", "leg_ids": "legs the claim applies to, ';'-joined",
        "node_ids": "places the claim is about, ';'-joined",
    },
    "sources": {
        "id": "source id", "publisher": "publisher", "author": "author", "title": "title",
        "date": "publication date as written (YYYY, YYYY-MM or YYYY-MM-DD)",
        "url": "the publisher's own address, null when not known",
        "copy_url": "the copy the text was read from, when not the publisher's own page",
        "accessed": "when the text was read, as written",
        "stored": "true when the text is stored", "note": "note",
    },
    "layers": {
        "id": "layer id", "title": "title", "group": "group of layers shown together",
        "select": "which legs it selects ('key: value or value', '; '-separated)",
    },
    "claim_legs": {"claim_id": "claim id", "leg_id": "id of a leg the claim applies to"},
    "claim_nodes": {"claim_id": "claim id", "node_id": "id of a place the claim is about"},
    "leg_sources": {"leg_id": "leg id", "source_id": "id of a source reporting the route"},
    "leg_layers": {"leg_id": "leg id", "layer_id": "id of a layer the leg is in"},
    "node_sources": {"node_id": "node id",
                     "source_id": "id of a source its basis or note rests on"},
    "leg_passages": {
        "leg_id": "leg id", "seq": "its place along the line, 1 first",
        "kind": "canal, strait, cape, route or border",
        "passage_id": "the passage's id, null for a border",
        "name": "as the legs' passages column names it",
        "restricted": "true for a seasonal passage used only when asked for",
        "from_country": "a border's country left (alpha-2 code)",
        "to_country": "a border's country entered (alpha-2 code)",
        "crossing": "a border's nearest named crossing (UN/LOCODE), null when unnamed",
        "crossing_code": "its UN/LOCODE",
        "crossing_km": "how far it lies from where the line crosses, km",
        "lon": "longitude where the line crosses", "lat": "latitude where the line crosses",
    },
}

# The map layer holding the legs that no layer of the scenario selects.
OTHER_LEGS = "other-legs"

# Link tables: name -> (its columns and the tables their ids come from, the ';'-joined
# column whose lists it holds as pairs). Each pair is listed once, in table order.
LINKS: dict[str, tuple[tuple[tuple[str, str], tuple[str, str]], tuple[str, str]]] = {
    "claim_legs": ((("claim_id", "claims"), ("leg_id", "legs")), ("claims", "leg_ids")),
    "claim_nodes": ((("claim_id", "claims"), ("node_id", "nodes")), ("claims", "node_ids")),
    "leg_sources": ((("leg_id", "legs"), ("source_id", "sources")), ("legs", "source_ids")),
    "leg_layers": ((("leg_id", "legs"), ("layer_id", "layers")), ("legs", "layer_ids")),
    "node_sources": ((("node_id", "nodes"), ("source_id", "sources")),
                     ("nodes", "source_ids")),
}

# The exports give a period's days as moments (UTC): its first day from the start, its last
# day to the end, so that a time filter includes both (QGIS 3.22 compares a date with a time
# as text, so both ends are times).
DAY_TIMES = {"start of day": "00:00:00.000", "end of day": "23:59:59.999"}

# How the exports type a column: "start of day" or "end of day" (a moment, DAY_TIMES),
# "real", "integer", "boolean"; every other column is text.
COLUMN_TYPES: dict[str, dict[str, str]] = {
    "nodes": {"lon": "real", "lat": "real"},
    "legs": {"period_start": "start of day", "period_end": "end of day", "length_km": "real",
             "great_circle_km": "real", "headline_value": "real"},
    "stretches": {"length_km": "real"},
    "flows": {"period_start": "start of day", "period_end": "end of day", "width": "real",
              "opacity": "real"},
    "claims": {"value_low": "real", "value_high": "real", "period_start": "start of day",
               "period_end": "end of day"},
    "sources": {"stored": "boolean"},
    "leg_passages": {"seq": "integer", "restricted": "boolean", "crossing_km": "real",
                     "lon": "real", "lat": "real"},
}


# Unicode's first-strong isolate and its end: a note written right to left (or holding a
# stray direction mark) cannot reorder the text around it.
ISOLATE = "\u2068{}\u2069"
