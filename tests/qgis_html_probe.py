"""What QGIS shows as HTML from logimap's QGIS project: run by Debian's python3 with PyQGIS.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_html_probe.py OUT_FOLDER

Opens ``logimap.qgz`` in OUT_FOLDER as an analyst would and prints, as JSON, for every layer:

- ``template``: its map tip template, and ``tips``: the template filled for each of its
  features by QGIS's expression engine (``QgsExpression.replaceExpressionText``);
- ``shown``: for the first features of a layer with geometry, their map tip as QGIS shows it
  to a user hovering over them (``QgsMapTip`` on a map canvas, in QtWebKit, script enabled);
- ``information``: its Information page (``htmlMetadata``) as the layer properties show it,
  in QtWebKit.

For each page shown: its text, the elements in the part that comes from the project, its
links, whether script from the data ran (it sets ``window.__pwned``) and every request the
page made.
Judges nothing: ``tests/test_hostile_text.py`` does.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from qgis.core import (
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.gui import QgsMapCanvas, QgsMapTip
from qgis.PyQt.QtCore import QEventLoop, QPoint, QTimer
from qgis.PyQt.QtWebKit import QWebSettings
from qgis.PyQt.QtWebKitWidgets import QWebView
from qgis_probe import run_on_a_copy

WAIT_MS = 3000  # the most a page given here is given to load (with what it asks for)
SETTLE_MS = 500  # the time a map tip, shown by QGIS, is given to run and ask for things
TIPS_SHOWN = 3  # the features of a layer whose map tip is shown (the first ones)
# The elements of a page's part that holds what QGIS was given (the rest is QGIS's frame).
ELEMENTS = """(function () {
  var root = document.getElementById('QgsWebViewContainer') || document.body;
  return Array.prototype.map.call(root.querySelectorAll('*'), function (e) {
    return e.tagName.toLowerCase(); });
})()"""


def watched(view: QWebView, html: str | None = None) -> dict:
    """What a page shows, holds, ran and asked for: the page QGIS put in ``view``, after a
    while, or ``html`` put there now, once it has loaded."""
    requests: list[str] = []
    manager = view.page().networkAccessManager()
    manager.finished.connect(lambda reply: requests.append(reply.url().toString()))
    loop, loaded = QEventLoop(), []
    if html is None:
        QTimer.singleShot(SETTLE_MS, loop.quit)
    else:
        view.loadFinished.connect(lambda ok: (loaded.append(ok), loop.quit()))
        QTimer.singleShot(WAIT_MS, loop.quit)
        view.setHtml(html)
    if not loaded:  # a page without images may load at once, within setHtml
        loop.exec_()
    frame = view.page().mainFrame()
    return {"text": frame.evaluateJavaScript("document.body.innerText"),
            "elements": frame.evaluateJavaScript(ELEMENTS),
            "links": frame.evaluateJavaScript(
                "Array.prototype.map.call(document.links, function (a) { return a.href; })"),
            "script_ran": frame.evaluateJavaScript("typeof window.__pwned") != "undefined",
            "requests": requests}


def filled(layer: QgsVectorLayer) -> list[str]:
    """The layer's map tip template filled for each feature, as QGIS fills it."""
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    tips = []
    for feature in layer.getFeatures():
        context.setFeature(feature)
        tips.append(QgsExpression.replaceExpressionText(layer.mapTipTemplate(), context))
    return tips


def shown_tips(layer: QgsVectorLayer, canvas: QgsMapCanvas) -> list[dict]:
    """The first features' map tips as a user sees them: the canvas centred on the feature (a
    line at its middle), the pointer over it."""
    found = []
    for feature in islice(layer.getFeatures(), TIPS_SHOWN):
        geometry = feature.geometry()
        if geometry.type() == QgsWkbTypes.LineGeometry:
            at = geometry.interpolate(geometry.length() / 2)
        elif geometry.type() == QgsWkbTypes.PolygonGeometry:
            at = geometry.pointOnSurface()
        else:
            at = geometry
        point = canvas.mapSettings().layerToMapCoordinates(layer, at.asPoint())
        canvas.setExtent(QgsRectangle(point.x() - 5000, point.y() - 5000,
                                      point.x() + 5000, point.y() + 5000))
        canvas.refresh()
        pixel = canvas.getCoordinateTransform().transform(point)
        before = set(canvas.findChildren(QWebView))
        tip = QgsMapTip()
        tip.showMapTip(layer, point, QPoint(round(pixel.x()), round(pixel.y())), canvas)
        views = [view for view in canvas.findChildren(QWebView) if view not in before]
        found += [watched(view) for view in views]
        tip.clear(canvas)
    return found


def information(layer: QgsVectorLayer) -> dict:
    """The layer's Information page, as its properties show it (QtWebKit's defaults)."""
    html = layer.htmlMetadata()
    return {"html": html, **watched(QWebView(), f"<html><body>{html}</body></html>")}


def main(folder: Path) -> dict:
    project = QgsProject.instance()
    read = project.read(str(folder / "logimap.qgz"))
    canvas = QgsMapCanvas()
    canvas.resize(600, 400)
    canvas.setDestinationCrs(project.crs())
    canvas.show()
    report = {"read": read, "script_enabled": QWebSettings.globalSettings().testAttribute(
        QWebSettings.JavascriptEnabled), "layers": {}}
    for layer in project.mapLayers().values():
        canvas.setLayers([layer])
        report["layers"][layer.id()] = {
            "name": layer.name(), "template": layer.mapTipTemplate(), "tips": filled(layer),
            "shown": shown_tips(layer, canvas) if layer.isSpatial() else [],
            "information": information(layer)}
    return report


if __name__ == "__main__":
    run_on_a_copy(main)
