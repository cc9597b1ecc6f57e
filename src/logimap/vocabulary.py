"""The closed vocabularies of the data format: each value a file may use, with its meaning."""

from __future__ import annotations

# The columns of geodata/nodes.csv, in the order logimap writes them.
NODE_COLUMNS = ("id", "name", "label", "kind", "country", "lat", "lon", "precision", "basis",
                "note", "sources")

MODES: dict[str, str] = {
    "sea": "by ship, routed on water: sea lanes, the sea near ports, rivers and canals",
    "rail": "by train, routed over OpenStreetMap's railways and geodata/networks/rail.csv",
    "air": "by aircraft, drawn as a great circle",
    "road": "by road, routed over OpenStreetMap's highways and geodata/networks/road.csv",
}

# The networks a project may add to in geodata/networks/<name>.csv, and what each is for.
NETWORKS: dict[str, str] = {
    "rail": "railway lines, for rail legs",
    "road": "roads, for road legs",
    "waterway": "rivers and canals that ships use, for sea legs",
}

PATHS: dict[str, str] = {
    "network": "routed over the bundled network and the scenario's own edges (the default)",
    "direct": "drawn as geodesic lines through the stops, as air legs are",
}

NETWORK_MODES = ("rail", "road")

BASES: dict[str, str] = {
    "observed": "the path follows a reported track (AIS, imagery, a published route map)",
    "modelled": "the endpoints are reported; the path is routed by logimap (sea lanes, rail graph)",
    "schematic": "the path is not public; the line only shows that the two places are linked",
}

PRECISIONS: dict[str, str] = {
    "site": "a published coordinate of the facility itself",
    "town": "a published coordinate of the town; the facility is nearby",
    "approximate": "an estimate from a description or general knowledge; good to a few km",
    "approximate-low": "an estimate that may be off by tens of km; for schematic drawing only",
    "waypoint": "a routing point added so that a line follows water or a corridor; not reported",
}

NODE_KINDS: dict[str, str] = {
    "port": "sea or river port",
    "naval_port": "naval base or military port",
    "shipyard": "shipyard",
    "rail_station": "railway station or terminal",
    "rail_junction": "railway junction or city on a rail line",
    "border_crossing": "border crossing (bridge, checkpoint)",
    "depot": "depot, arsenal or storage site",
    "warehouse": "warehouse or logistics hub",
    "factory": "factory or plant",
    "airfield": "airport or air base",
    "city": "city",
    "town": "town or village",
    "front": "front line or area of operations",
    "test_range": "test or firing range",
    "site": "other site",
    "waypoint": "routing point with no reported activity",
}

# The parts of a leg's line that no water or network carries, drawn as schematic.
STRETCHES: dict[str, str] = {
    "approach": "from a port or site off the water to the water its sea leg uses",
    "off_network": "from a rail or road stop to the network, farther than its join radius",
}

QUALIFIERS: dict[str, str] = {
    "exactly": "the figure as stated, without hedging",
    "about": "about, approximately, roughly",
    "at least": "at least, no fewer than",
    "more than": "more than, over",
    "up to": "up to, at most",
    "less than": "less than, under",
}

STATUSES: dict[str, str] = {
    "reported": "stated by the source; not contradicted by other sources on record",
    "disputed": "other sources on record state it differently; see the note",
    "corrected": "known to be wrong as stated; the note gives the correction and its sources",
}

LAYER_KEYS: dict[str, str] = {
    "flow": "flow ids",
    "direction": "flow directions",
    "cargo": "flow cargo categories",
    "mode": "leg modes",
    "basis": "leg geometry bases",
}

EXPORT_FORMATS: dict[str, str] = {
    "geojson": "geojson/<layer>.geojson per layer and geojson/all.geojson (RFC 7946)",
    "gpkg": "logimap.gpkg (tables, link tables, QGIS default styles) and its QGIS project "
            "logimap.qgz",
    "kml": "logimap.kml: a folder per layer, for Google Earth",
    "csv": "claims.csv: one row per claim; legs.csv: one row per leg",
}
# What ``logimap build`` writes unless told: the maps (html) and the GIS exports; images
# when asked.
BUILD_FORMATS = ("html", *EXPORT_FORMATS)
IMAGE_FORMATS: dict[str, str] = {
    "svg": "images/<name>-a4.svg: the map of the scenario (index) and of each layer, vector, "
           "text as text, a group per flow",
    "pdf": "images/<name>-a4.pdf: the same, for print, fonts embedded",
    "png": "images/<name>-social.png (1200×675) and images/<name>-square.png (1080×1080), "
           "at 2× density",
}
