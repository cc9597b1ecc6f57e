"""The plain-folium baseline: the same legs drawn the way a user would without logimap.

Reads a logimap output folder's ``geojson/all.geojson`` (the drawn legs) and ``claims.csv``
(the quotes), and writes one ``folium.Map`` with a ``folium.PolyLine`` per leg, each with a
``folium.Popup`` holding the leg's flow, mode, ends and the verbatim quotes of its claims.
Coordinates are rounded to 4 decimals, as in logimap's map. folium's default CDN assets are
dropped; Leaflet and jQuery (folium's popups need ``$``) are inlined from the same
xstatic packages logimap uses, so the page draws offline like logimap's.

    python bench/baseline.py MAPS_DIR OUT.html
"""

from __future__ import annotations

import csv
import html
import json
import sys
from pathlib import Path

import folium
import xstatic.pkg.jquery as jquery
import xstatic.pkg.leaflet as leaflet
from branca.element import Element

COLOURS = {"sea": "#1f77b4", "rail": "#555555", "air": "#9467bd", "road": "#2ca02c"}


def _inline_assets() -> str:
    css = (Path(leaflet.BASE_DIR) / "leaflet.css").read_text(encoding="utf-8")
    scripts = [Path(leaflet.BASE_DIR) / "leaflet.js", Path(jquery.BASE_DIR) / "jquery.min.js"]
    code = "".join(f"<script>{p.read_text(encoding='utf-8')}</script>\n" for p in scripts)
    return f"<style>{css}</style>\n{code}"


def make_map(maps_dir: Path) -> folium.Map:
    """A folium map of every leg in ``maps_dir/geojson/all.geojson``, popups with quotes."""
    features = json.loads((maps_dir / "geojson/all.geojson").read_text(encoding="utf-8"))
    with open(maps_dir / "claims.csv", encoding="utf-8", newline="") as handle:
        quotes = {row["id"]: row["quote"] for row in csv.DictReader(handle)}
    fmap = folium.Map(tiles=None, prefer_canvas=False)
    fmap.default_js, fmap.default_css = [], []
    fmap.get_root().header.add_child(Element(_inline_assets()), name="assets")
    bounds = []
    for feature in features["features"]:
        props = feature["properties"]
        if props.get("feature") != "leg":
            continue
        geometry = feature["geometry"]
        parts = ([geometry["coordinates"]] if geometry["type"] == "LineString"
                 else geometry["coordinates"])
        lines = [[[round(lat, 4), round(lon, 4)] for lon, lat in part] for part in parts]
        bounds += [point for line in lines for point in line]
        text = "".join(f"<blockquote>{html.escape(quotes[c])}</blockquote>"
                       for c in props["claim_ids"].split(";") if c)
        popup = (f"<b>{html.escape(props['flow'])}</b><br>{props['mode']}: "
                 f"{html.escape(props['from_node'])} → {html.escape(props['to_node'])}{text}")
        folium.PolyLine(lines if len(lines) > 1 else lines[0], color=COLOURS[props["mode"]],
                        weight=3, className="bl-leg",
                        popup=folium.Popup(popup, max_width=440)).add_to(fmap)
    if bounds:
        lats, lons = [p[0] for p in bounds], [p[1] for p in bounds]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    return fmap


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.exit("usage: python bench/baseline.py MAPS_DIR OUT.html")
    make_map(Path(args[0])).save(args[1])


if __name__ == "__main__":
    main()
