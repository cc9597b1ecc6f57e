"""What QGIS makes of logimap's exports: run by Debian's python3 with PyQGIS, headless.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_probe.py OUT_FOLDER DAY ...

Opens ``logimap.qgz`` and ``logimap.gpkg`` in OUT_FOLDER as an analyst would and prints, as
JSON, what QGIS reports: layers and groups, each layer's style and time settings, the
relations and what they join, the project's Temporal Controller settings, how many legs each
layer shows in every frame of the Temporal Controller and in a one-day window starting on
each DAY given, the default styles QGIS loads from the GeoPackage alone (QML and SLD), and
the colours it paints. It judges nothing: ``tests/test_qgis.py`` compares the figures with
the scenario. Imports only QGIS and the standard library.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsDateTimeRange,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsInterval,
    QgsLayerTreeGroup,
    QgsLayerTreeLayer,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsRenderContext,
    QgsSymbolLayer,
    QgsTemporalNavigationObject,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
    QgsWkbTypes,
)
from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm, QgsRelationWidgetWrapper
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, Qt, QTime
from qgis.PyQt.QtGui import QColor, QImage
from qgis.PyQt.QtXml import QDomDocument


def tree(group: QgsLayerTreeGroup) -> list:
    """The layer tree as nested [group name, [...]] and layer names, in order."""
    items = []
    for child in group.children():
        if isinstance(child, QgsLayerTreeLayer):
            items.append({"layer": child.layerId(), "name": child.name(),
                          "checked": child.itemVisibilityChecked()})
        else:
            items.append({"group": child.name(), "expanded": child.isExpanded(),
                          "children": tree(child)})
    return items


def renderer(layer: QgsVectorLayer) -> dict:
    found = layer.renderer()
    result = {"type": found.type()}
    if found.type() == "categorizedSymbol":
        result["field"] = found.classAttribute()
        result["categories"] = []
        for category in found.categories():
            symbol = category.symbol()
            first = symbol.symbolLayer(0)
            dash = first.dataDefinedProperties().property(first.PropertyCustomDash)
            result["categories"].append({
                "value": category.value(), "label": category.label(),
                "shown": category.renderState(), "opacity": symbol.opacity(),
                "colour": symbol.color().name(), "kind": first.layerType(),
                "width": first.width() if hasattr(first, "width") else None,
                "size": first.size() if hasattr(first, "size") else None,
                "dash": dash.expressionString() if dash.isActive() else None,
                "layers": [symbol.symbolLayer(i).layerType()
                           for i in range(symbol.symbolLayerCount())]})
    if found.type() == "RuleRenderer":
        result["rules"] = [{"label": rule.label(), "filter": rule.filterExpression()}
                           for rule in found.rootRule().children()]
    return result


def dashes(layer: QgsVectorLayer) -> dict[str, str | None]:
    """The dash pattern QGIS computes for each feature from its symbol's line (None: solid)."""
    found = {}
    context = QgsRenderContext()
    context.expressionContext().appendScopes(
        QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    drawing = layer.renderer().clone()
    drawing.startRender(context, layer.fields())
    for feature in layer.getFeatures():
        context.expressionContext().setFeature(feature)
        symbol = drawing.symbolForFeature(feature, context)
        line = symbol.symbolLayer(0) if symbol is not None else None
        found[feature["id"]] = None if line is None else line.dataDefinedProperties().value(
            QgsSymbolLayer.PropertyCustomDash, context.expressionContext(), None)
    drawing.stopRender(context)
    return found


def temporal(layer: QgsVectorLayer) -> dict:
    props = layer.temporalProperties()
    return {"active": props.isActive(), "mode": int(props.mode()),
            "start": props.startField(), "end": props.endField()}


def shown(layer: QgsVectorLayer, window: QgsDateTimeRange) -> list[str]:
    """The ids of the features QGIS draws in a time window (its temporal filter)."""
    context = QgsVectorLayerTemporalContext()
    context.setLayer(layer)
    expression = layer.temporalProperties().createFilterString(context, window)
    request = QgsFeatureRequest()
    if expression:
        request.setFilterExpression(expression)
    return sorted(feature["id"] for feature in layer.getFeatures(request))


def iso(moment: QDateTime) -> str:
    return moment.toString(Qt.ISODate)


def day(text: str) -> QDateTime:
    return QDateTime(QDate.fromString(text, Qt.ISODate), QTime(0, 0, 0))


def related(project: QgsProject, layer: QgsVectorLayer) -> dict:
    """For each relation whose rows a layer's form lists: the ids it lists per feature (the
    far end's, when the form shows it n:m through a link table)."""
    manager = project.relationManager()
    config = layer.editFormConfig()
    found = {}
    for relation in manager.referencedRelations(layer):
        partner_id = config.widgetConfig(relation.id()).get("nm-rel")
        partner = manager.relation(partner_id) if partner_id else None
        listed = {}
        for feature in layer.getFeatures():
            ids = []
            for row in relation.getRelatedFeatures(feature):
                far = partner.getReferencedFeature(row) if partner is not None else row
                ids.append(far["id"] if far.isValid() else None)
            listed[feature["id"]] = sorted(ids)
        found[relation.id()] = {"name": relation.name(), "partner": partner_id,
                                "partner_valid": bool(partner and partner.isValid()),
                                "listed": listed}
    return found


def form(layer: QgsVectorLayer) -> list[list[str]]:
    """The relation editors of the layer's attribute form (the one Identify opens) for its
    first feature: relation id, title, and the relation it goes on to (n:m), if any."""
    feature = next(layer.getFeatures(), None)
    if feature is None:
        return []
    shown = QgsAttributeForm(layer, feature, QgsAttributeEditorContext())
    editors = []
    for wrapper in shown.findChildren(QgsRelationWidgetWrapper):
        onward = wrapper.nmRelationId()  # a QVariant NULL when there is none
        editors.append([wrapper.relation().id(), wrapper.relation().name(),
                        onward if isinstance(onward, str) and onward else None])
    return sorted(editors)


def paint(layer: QgsVectorLayer, field: str, size: int = 300) -> dict:
    """Each value of ``field`` drawn alone, over the whole layer's extent on white: how many
    pixels QGIS paints and the colour it paints most."""
    extent = QgsRectangle(layer.extent())
    extent.grow(max(extent.width(), extent.height()) * 0.05 + 0.01)
    found = {}
    for value in sorted({feature[field] for feature in layer.getFeatures()}):
        alone = QgsVectorLayer(f"{layer.source()}|subset=\"{field}\" = '{value}'", value, "ogr")
        settings = QgsMapSettings()
        settings.setLayers([alone])
        settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        settings.setExtent(extent)
        settings.setOutputSize(QSize(size, size))
        settings.setBackgroundColor(QColor(255, 255, 255))
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage().convertToFormat(QImage.Format_RGB32)
        pixels = image.constBits().asstring(image.sizeInBytes())
        counts = Counter(pixels[i:i + 3] for i in range(0, len(pixels), 4))
        counts.pop(b"\xff\xff\xff", None)
        most = counts.most_common(1)
        found[value] = {"painted": sum(counts.values()),
                        "most": "#" + most[0][0][::-1].hex() if most else None}
    return found


def main(folder: Path, days: list[str]) -> dict:
    alone = gpkg_alone(folder)
    project = QgsProject.instance()
    read = project.read(str(folder / "logimap.qgz"))
    layers = {layer.id(): layer for layer in project.mapLayers().values()}
    report = {
        "qgis": Qgis.QGIS_VERSION, "read": read, "crs": project.crs().authid(),
        "title": project.metadata().title(), "about": project.metadata().abstract(),
        "tree": tree(project.layerTreeRoot()),
        "layers": {}, "relations": {}, "frames": [], "days": {}, "time": {},
    }
    for layer_id, layer in layers.items():
        report["layers"][layer_id] = {
            "name": layer.name(), "valid": layer.isValid(), "table": layer.source(),
            "count": layer.featureCount(), "subset": layer.subsetString(),
            "about": layer.metadata().abstract(), "read_only": layer.readOnly(),
            "display": layer.displayExpression(),
            "renderer": renderer(layer) if layer.isSpatial() else None,
            "temporal": temporal(layer), "labels": layer.labelsEnabled(),
            "fields": {field.name(): field.typeName() for field in layer.fields()},
            "related": related(project, layer),
            "form": form(layer),
            "ids": sorted(feature["id"] for feature in layer.getFeatures())
            if "id" in layer.fields().names() else None,
            "dashes": dashes(layer)
            if layer.geometryType() == QgsWkbTypes.LineGeometry
            and "id" in layer.fields().names() else None,
        }
    for relation in project.relationManager().relations().values():
        report["relations"][relation.id()] = {
            "valid": relation.isValid(), "name": relation.name(),
            "referencing": relation.referencingLayerId(),
            "referenced": relation.referencedLayerId(),
            "fields": [list(pair) for pair in relation.fieldPairs().items()]}
    settings = project.timeSettings()
    span = settings.temporalRange()
    report["time"] = {"start": iso(span.begin()), "end": iso(span.end()),
                      "step": settings.timeStep(), "unit": int(settings.timeStepUnit())}
    legs = {layer_id: layer for layer_id, layer in layers.items()
            if layer.temporalProperties().isActive()}
    navigation = QgsTemporalNavigationObject()
    navigation.setTemporalExtents(span)
    navigation.setFrameDuration(QgsInterval(settings.timeStep(), settings.timeStepUnit()))
    for frame in range(navigation.totalFrameCount()):
        window = navigation.dateTimeRangeForFrameNumber(frame)
        report["frames"].append({
            "begin": iso(window.begin()), "end": iso(window.end()),
            "include_end": window.includeEnd(),
            "shown": {layer_id: shown(layer, window) for layer_id, layer in legs.items()}})
    for text in days:
        window = QgsDateTimeRange(day(text), day(text).addDays(1), True, False)
        report["days"][text] = {layer_id: shown(layer, window)
                                for layer_id, layer in legs.items()}
    report["gpkg"] = alone
    return report


def gpkg_alone(folder: Path) -> dict:
    """The GeoPackage opened without the project: the default styles QGIS applies (QML),
    the SLD read back, and the colours QGIS paints the legs and places in."""
    found = {}
    path = folder / "logimap.gpkg"
    for table in ("legs", "nodes"):
        layer = QgsVectorLayer(f"{path}|layername={table}", table, "ogr")
        styles = layer.listStylesInDatabase()
        sld_layer = QgsVectorLayer(f"{path}|layername={table}", table, "ogr",
                                   QgsVectorLayer.LayerOptions(True, False))
        sld_layer.setRenderer(None)
        document = QDomDocument()
        document.setContent(_layer_styles(path, table), True)
        ok = sld_layer.readSld(document.documentElement().firstChildElement("NamedLayer"), "")
        found[table] = {
            "valid": layer.isValid(), "styles": list(styles[2]),
            "renderer": renderer(layer), "labels": layer.labelsEnabled(),
            "temporal": temporal(layer), "sld_read": bool(ok), "sld": renderer(sld_layer),
            "painted": paint(layer, "flow" if table == "legs" else "kind")}
    return found


def _layer_styles(path: Path, table: str) -> str:
    """The default SLD stored for a table, read by QGIS."""
    styles = QgsVectorLayer(f"{path}|layername=layer_styles", "layer_styles", "ogr")
    request = QgsFeatureRequest().setFilterExpression(
        f"\"f_table_name\" = '{table}' AND \"useAsDefault\"")
    return next(styles.getFeatures(request))["styleSLD"]


def run_on_a_copy(probe: Callable[..., dict], *args: object, gui: bool = True) -> None:
    """Run ``probe(folder, *args)`` in a QGIS application on a copy of the folder named by the
    first argument (QGIS may write to what it opens), and print what it returns as JSON."""
    scratch = Path(tempfile.mkdtemp(prefix="logimap-qgis-"))
    for name in ("logimap.qgz", "logimap.gpkg"):
        shutil.copyfile(Path(sys.argv[1]) / name, scratch / name)
    app = QgsApplication([], gui)
    app.initQgis()
    try:
        result = probe(scratch, *args)
    finally:
        app.exitQgis()
        shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    run_on_a_copy(main, sys.argv[2:])
