"""The default styles of the GeoPackage's layers, as QGIS stores them in ``layer_styles``: QML
(QGIS's own) and SLD (for other tools)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from logimap.exports.gpkg import LayerStyle
from logimap.exports.qgis.basemap import basemap_styles
from logimap.exports.qgis.styles import (
    flow_looks,
    kind_looks,
    legs_qml,
    legs_sld,
    nodes_qml,
    nodes_sld,
    stretches_qml,
    stretches_sld,
)
from logimap.exports.qgis.tracks import gaps_qml, points_qml

if TYPE_CHECKING:
    from logimap.model import Scenario
    from logimap.tables import Tables


def layer_styles(scenario: Scenario, tables: Tables) -> list[LayerStyle]:
    """The default styles of the legs, their schematic stretches and places, QML and SLD,
    and of the base map, for ``layer_styles``."""
    flows = flow_looks(scenario)
    kinds = kind_looks(tables)
    styles = [
        LayerStyle("legs", "logimap", legs_qml(flows), legs_sld(flows, tables),
                   "Legs coloured by flow and sized by headline volume, as on the web map"),
        LayerStyle("nodes", "logimap", nodes_qml(kinds), nodes_sld(kinds),
                   "Places coloured and sized by kind, as on the web map; waypoints hidden"),
        LayerStyle("stretches", "logimap", stretches_qml(), stretches_sld(),
                   "Schematic stretches (approaches, stops off the network): short dashes"),
    ]
    if tables.tracks is not None:  # the observed legs' fixes and dark periods
        styles += [
            LayerStyle("track_points", "logimap", points_qml(), "",
                       "Every fix of the observed legs, by status, each at its own time"),
            LayerStyle("track_gaps", "logimap", gaps_qml(), "",
                       "Dark periods: dotted, labelled with their length, while they last"),
        ]
    return [*styles, *basemap_styles()]
