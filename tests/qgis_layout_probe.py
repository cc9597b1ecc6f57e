"""What QGIS makes of the base map and the print layout of logimap's QGIS project: run by
Debian's python3 with PyQGIS, headless.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_layout_probe.py OUT_FOLDER PRINTS

Opens ``logimap.qgz`` in OUT_FOLDER and prints, as JSON: the layer tree's groups in order,
the base map's layers (valid or not, geometry, features), the print layouts with their
items (type, id, text), and what ``QgsLayoutExporter`` returns exporting each layout to
``PRINTS/<layout>.pdf`` and ``.png`` (at 50 dpi), with the share of the PNG's pixels that
are not white. It judges nothing: ``tests/test_qgis_print.py`` does, and reads the files.
Imports only QGIS and the standard library.
"""

from __future__ import annotations

import sys
from pathlib import Path

from qgis.core import (
    QgsLayerTreeGroup,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsProject,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QImage
from qgis_probe import run_on_a_copy

KINDS = {QgsLayoutItemMap: "map", QgsLayoutItemLabel: "label", QgsLayoutItemLegend: "legend",
         QgsLayoutItemScaleBar: "scale bar"}


def main(folder: Path, prints: Path) -> dict:
    project = QgsProject.instance()
    assert project.read(str(folder / "logimap.qgz"))
    root = project.layerTreeRoot()
    groups = [child.name() for child in root.children() if isinstance(child, QgsLayerTreeGroup)]
    basemap = root.findGroup("Base map")
    layers = {}
    for node in basemap.findLayers() if basemap else []:
        layer = node.layer()
        layers[node.name()] = {"valid": layer.isValid(), "features": layer.featureCount(),
                               "geometry": QgsWkbTypes.displayString(layer.wkbType()),
                               "visible": node.itemVisibilityChecked()}
    layouts = {}
    for layout in project.layoutManager().printLayouts():
        items = []
        for item in layout.items():
            kind = next((name for cls, name in KINDS.items() if isinstance(item, cls)), None)
            if kind is None:
                continue
            seen = {"kind": kind, "id": item.id()}
            if kind == "label":
                seen["text"] = item.text()
            if kind == "map":
                seen["layers"] = len(item.layersToRender())
            if kind in ("legend", "scale bar"):
                seen["linked"] = item.linkedMap() is not None
            items.append(seen)
        page = layout.pageCollection().page(0)
        exporter = QgsLayoutExporter(layout)
        pdf, png = prints / f"{layout.name()}.pdf", prints / f"{layout.name()}.png"
        pdf_result = exporter.exportToPdf(str(pdf), QgsLayoutExporter.PdfExportSettings())
        image_settings = QgsLayoutExporter.ImageExportSettings()
        image_settings.dpi = 50
        png_result = exporter.exportToImage(str(png), image_settings)
        image = QImage(str(png))
        coloured = sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
                       if image.pixelColor(x, y).name() != "#ffffff")
        layouts[layout.name()] = {
            "items": sorted(items, key=lambda seen: (seen["kind"], seen["id"])),
            "page_mm": [page.pageSize().width(), page.pageSize().height()],
            "pdf": pdf_result == QgsLayoutExporter.Success,
            "png": png_result == QgsLayoutExporter.Success,
            "png_size": [image.width(), image.height()],
            "png_coloured_share": coloured / max(1, (image.width() // 2) * (image.height() // 2))}
    return {"groups": groups, "basemap": layers, "layouts": layouts}


if __name__ == "__main__":
    run_on_a_copy(main, Path(sys.argv[2]), gui=False)
