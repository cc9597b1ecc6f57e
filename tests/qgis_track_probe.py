"""What QGIS makes of the observed legs' layers: run by Debian's python3 with PyQGIS.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_track_probe.py OUT_FOLDER START END

Opens ``logimap.qgz`` in OUT_FOLDER and prints, as JSON, for each layer of the group
"Tracks": whether it is valid, its feature count, its time settings, and how many of its
features the Temporal Controller draws in the window START..END (ISO times). Judges nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from qgis.core import QgsDateTimeRange, QgsProject
from qgis.PyQt.QtCore import QDateTime, Qt
from qgis_probe import run_on_a_copy, temporal


def main(folder: Path, start: str, end: str) -> dict:
    project = QgsProject.instance()
    assert project.read(str(folder / "logimap.qgz"))
    window = QgsDateTimeRange(QDateTime.fromString(start, Qt.ISODate),
                              QDateTime.fromString(end, Qt.ISODate))
    group = project.layerTreeRoot().findGroup("Tracks")
    found = {}
    for node in group.findLayers() if group else []:
        layer = node.layer()
        found[layer.name()] = {
            "valid": layer.isValid(), "features": layer.featureCount(),
            "temporal": temporal(layer), "in_window": _in_window(layer, window)}
    return found


def _in_window(layer, window) -> int:
    from qgis.core import QgsFeatureRequest, QgsVectorLayerTemporalContext

    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    expression = layer.temporalProperties().createFilterString(context, window)
    request = QgsFeatureRequest()
    if expression:
        request.setFilterExpression(expression)
    return sum(1 for _ in layer.getFeatures(request))


if __name__ == "__main__":
    run_on_a_copy(main, sys.argv[2], sys.argv[3], gui=False)
