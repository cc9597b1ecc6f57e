"""Assemble the folium map: inlined assets, the data payload, deterministic element ids."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from branca.element import Element, MacroElement
from jinja2 import Template
from markupsafe import escape

from logimap.model import Scenario
from logimap.render.assets import inline_assets, track_assets

if TYPE_CHECKING:
    import folium

    from logimap.publish.files import WrittenFile
    from logimap.store.results import RouteStore
    from logimap.tables import Tables

DATA_ID = "logimap-data"
BASEMAP_ID = "logimap-basemap"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: object) -> str:
    """JSON that is safe inside ``<script>``: no character can close the element.

    >>> script_json({"q": "</script>"})
    '{"q":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


class _Verbatim(Element):
    """HTML inserted as it is: not compiled as a template (Leaflet's source is large)."""

    _template = Template("{{ this.html }}")

    def __init__(self, html: str):
        super().__init__()
        self.html = html


class _Runtime(MacroElement):
    """Hands the payload and the basemap to ``logimapRender`` once the Leaflet map exists.
    Both are in the page as JSON (``_json_element``): ``JSON.parse`` reads it faster than a
    script evaluates the same object, and branca compiles what a macro returns as a Jinja
    template, so no data may pass through one."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "logimapRender({{ this._parent.get_name() }}, "
        'JSON.parse(document.getElementById("{{ this.data_id }}").textContent), '
        'JSON.parse(document.getElementById("{{ this.basemap_id }}").textContent));'
        "{% endmacro %}"
    )

    def __init__(self, data_id: str, basemap_id: str):
        super().__init__()
        self._name = "LogimapRuntime"
        self.data_id = data_id
        self.basemap_id = basemap_id


def _json_element(element_id: str, json_text: str) -> _Verbatim:
    """``<script type="application/json">`` holding ``script_json`` text, inserted verbatim."""
    return _Verbatim(f'<script type="application/json" id="{element_id}">{json_text}</script>')


def basemap_json(extent: tuple[float, float, float, float],
                 store: RouteStore | None = None) -> str:
    """The basemap around ``extent`` (west, south, east, north; ``scenario_extent``), with
    the ``extent`` it covers (``extent_with_margin``), as ``script_json`` text, made once and
    shared by every page; with a ``store``, one made
    before is reused when ``logimap.store.values.basemap`` finds it sound, and escaped for the page
    like a new one."""
    from logimap.render.basemap import basemap, extent_with_margin
    from logimap.store.kept import kept_or_computed
    from logimap.store.values import basemap as stored_basemap

    ((_, data),) = kept_or_computed(
        store, [extent], inputs=lambda box: {"basemap": list(box)}, compute=basemap,
        pack=lambda made: json.dumps(made, separators=(",", ":"), allow_nan=False).encode(),
        unpack=lambda box, value: stored_basemap(value), describe=lambda box: "basemap")
    # what it covers, so that the page lets no one pan or zoom out past it
    return script_json({**data, "extent": list(extent_with_margin(extent))})


def make_map(scenario: Scenario, tables: Tables, layers: list[str] | None = None
             ) -> folium.Map:
    """A ``folium.Map`` of the scenario made from its ``tables`` (all layers, or only
    ``layers``).

    It is self-contained: Leaflet and logimap's scripts are inlined and the basemap is drawn
    from bundled Natural Earth data, so it displays offline, in a browser or in Jupyter.
    """
    from logimap.render.payload import build_payload, scenario_extent

    payload = build_payload(scenario, tables, layers)
    return _page(payload, basemap_json(scenario_extent(scenario, tables)))


def _page(payload: dict, base: str) -> folium.Map:
    """The folium map that hands ``payload`` and the basemap JSON ``base`` to the page's
    runtime."""
    import folium

    fmap = folium.Map(location=None, tiles=None, zoom_start=2, control_scale=False,
                      prefer_canvas=False, width="100%", height="100%")
    fmap.default_js = []
    fmap.default_css = []
    root = fmap.get_root()
    root.title = escape(payload["title"])  # branca writes <title> without escaping
    root.header.add_child(_Verbatim(inline_assets()), name="logimap_assets")
    if payload.get("tracked"):
        root.header.add_child(_Verbatim(track_assets()), name="logimap_track_assets")
    root.html.add_child(_json_element(DATA_ID, script_json(payload)), name="logimap_data")
    root.html.add_child(_json_element(BASEMAP_ID, base), name="logimap_basemap")
    fmap.add_child(_Runtime(DATA_ID, BASEMAP_ID))
    _number_elements(root)
    return fmap


def _number_elements(root: Element) -> None:
    """Replace branca's random element ids with ids numbered in tree order."""
    counter = 0
    pending = [root]
    while pending:
        element = pending.pop(0)
        element._id = f"{counter:04d}"
        counter += 1
        pending.extend(element._children.values())


# folium's viewport forbids zooming the page, which a reader of small text may need; the
# map itself still zooms by pinching (Leaflet handles touches on it).
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'
LANG = "en"  # the language of the page's own words (the data keeps its own)


def page_html(fmap: folium.Map) -> str:
    """The map's full HTML page, in ``LANG``, with a viewport that lets the page zoom."""
    html = fmap.get_root().render()
    html, langs = re.subn(r"<html>", f'<html lang="{LANG}">', html, count=1)
    html, viewports = re.subn(r'<meta name="viewport"[^>]*>', VIEWPORT, html, count=1)
    if (langs, viewports) != (1, 1):
        raise ValueError("folium's page template has changed: no <html> or viewport to set")
    return "\n".join(line.rstrip() for line in html.splitlines()) + "\n"


def write_maps(scenario: Scenario, tables: Tables, out: Path, layers: list[str] | None = None,
               store: RouteStore | None = None) -> list[WrittenFile]:
    """Write ``index.html`` (every layer, or those named) and one ``<layer>.html`` per layer
    (``store``: see ``basemap_json``). A layer's page is the same whichever layers are built:
    its basemap covers the whole scenario, and colours and widths are the scenario's."""
    from logimap.publish.files import write_text
    from logimap.render.payload import build_payload, scenario_extent

    chosen = layers or [layer.id for layer in scenario.layers]
    index = build_payload(scenario, tables, layers)
    base = basemap_json(scenario_extent(scenario, tables), store)
    written = [write_text(Path(out) / "index.html", page_html(_page(index, base)))]
    for layer_id in chosen:
        payload = build_payload(scenario, tables, [layer_id])
        written.append(write_text(Path(out) / f"{layer_id}.html",
                                  page_html(_page(payload, base))))
    return written
