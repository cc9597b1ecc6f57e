"""Load and zoom times of a map page in headless Chromium, with the network blocked.

Load-to-idle: from navigation start (``performance.now()`` is 0 there) until every leg is
drawn and the page has been quiet for ``QUIET_MS``: no DOM mutation and no long task (>50 ms,
which includes style, layout and paint) since the time returned. "Drawn" is a predicate run
in the page: logimap's says so itself (``data-legs-drawn``, set once every leg is on the map,
SVG or canvas); folium's counts its ``path`` elements.

Zoom: ``map.setZoom(zoom + 1, {animate: false})``; the time until ``zoomend`` has run every
handler (logimap redraws its arrows there) and the next frame has been rendered.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Also used by tests/browser.py and scripts/screenshot.py.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
QUIET_MS = 500
TIMEOUT_MS = 600_000

_OBSERVE = """(() => {
  const b = window.__bench = {last: 0};
  const bump = (t) => { b.last = Math.max(b.last, t); };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bump(e.startTime + e.duration);
    }).observe({type: "longtask", buffered: true});
  } catch (e) {}
  new MutationObserver(() => bump(performance.now()))
    .observe(document, {childList: true, subtree: true, attributes: true});
})();"""

LOGIMAP_DRAWN = """() =>
  document.querySelector('[data-legs-drawn]') ? performance.now() : false"""
FOLIUM_DRAWN = """(count) =>
  document.querySelectorAll('path.bl-leg').length >= count ? performance.now() : false"""

_QUIET = f"""() => performance.now() - window.__bench.last >= {QUIET_MS}
  ? window.__bench.last : false"""

_ZOOM = """async () => {
  const map = window.logimapRuntime ? window.logimapRuntime.map
    : window[Object.keys(window).find((k) => /^map_[0-9a-f]+$/.test(k))];
  const start = performance.now();
  let zoomend = null;
  map.once("zoomend", () => { zoomend = performance.now() - start; });
  map.setZoom(map.getZoom() + 1, {animate: false});
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return {zoomend: zoomend, painted: performance.now() - start};
}"""


def find_chromium() -> str | None:
    """Debian's Chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass(frozen=True)
class PageTimes:
    """One page load: ms to all legs drawn, to idle, and for one zoom step."""

    drawn_ms: float
    load_ms: float
    zoom_ms: float


@contextmanager
def driver() -> Iterator[Any]:
    """Playwright, to launch Chromium with."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def measure(playwright: Any, executable: str, path: Path, drawn: str, legs: int
            ) -> PageTimes:
    """Open ``path`` in a freshly launched browser, wait until the ``drawn`` predicate
    (``LOGIMAP_DRAWN`` or ``FOLIUM_DRAWN``, given ``legs``) holds and for idle, then time one
    zoom step."""
    chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
    try:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(TIMEOUT_MS)
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith(("file:", "data:", "about:"))
                   else route.abort())
        page.add_init_script(_OBSERVE)
        page.goto(path.resolve().as_uri(), wait_until="load")
        drawn_at = page.wait_for_function(drawn, arg=legs, polling="raf").json_value()
        quiet = page.wait_for_function(_QUIET, polling=100).json_value()
        zoom = page.evaluate(_ZOOM)
        return PageTimes(drawn_at, max(drawn_at, quiet), zoom["painted"])
    finally:
        chromium.close()
