"""JavaScript and CSS inlined into every map, read from installed packages: nothing is
fetched from a CDN, so a map opens offline."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path


def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


# logimap's scripts, in the order they run: each uses what those before it define. They
# share one function scope (see inline_assets), so nothing of theirs is global but
# window.logimapRender (and window.logimapRuntime, the page's runtime, once drawn).
SCRIPTS = ("dom.js", "lines.js", "offsets.js", "labels.js", "panels.js", "logimap.js")


@cache
def inline_assets() -> str:
    """``<style>`` and ``<script>`` elements holding Leaflet and logimap's own code."""
    static = resources.files("logimap.render") / "static"
    css = [(_leaflet_dir() / "leaflet.css").read_text(encoding="utf-8"),
           (static / "logimap.css").read_text(encoding="utf-8")]
    own = "\n".join((static / name).read_text(encoding="utf-8") for name in SCRIPTS)
    js = [(_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8"),
          f'(function () {{\n"use strict";\n{own}\n}})();']
    for text in css + js:
        if "</script" in text.lower() or "</style" in text.lower():
            raise ValueError("an inlined asset contains a closing tag")
    # Leaflet's CSS points at marker and layer-control images that logimap never uses.
    styles = re.sub(r"url\(images/[^)]*\)", "none", "\n".join(css))
    scripts = "".join(f"<script>\n{code}\n</script>\n" for code in js)
    return f"<style>\n{styles}\n</style>\n{scripts}"


@cache
def track_assets() -> str:
    """``<script>`` drawing observed legs from their tracks (dark periods, the time filter's
    positions, the play button), inlined into pages that have some."""
    static = resources.files("logimap.render") / "static"
    css = (static / "logimap-tracks.css").read_text(encoding="utf-8")
    code = (static / "logimap-tracks.js").read_text(encoding="utf-8")
    if "</script" in code.lower() or "</style" in css.lower():
        raise ValueError("an inlined asset contains a closing tag")
    return f"<style>\n{css}\n</style>\n<script>\n{code}\n</script>\n"
