"""Screenshot a built map in headless Chromium, for docs/map.png.

    logimap build && python scripts/screenshot.py maps/index.html docs/map.png

Needs Debian's chromium and the ``test`` extra (playwright). Network requests are blocked,
so the picture shows what an offline reader sees.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find bench/
from bench.chromium import CHROMIUM_FLAGS, find_chromium


def screenshot(page_path: Path, image_path: Path, width: int = 1400, height: int = 860) -> None:
    """Open ``page_path`` offline and save a PNG of the viewport to ``image_path``."""
    from playwright.sync_api import sync_playwright

    exe = find_chromium()
    if exe is None:
        sys.exit("chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith("file:") else route.abort())
        page.goto(page_path.resolve().as_uri())
        page.wait_for_function("() => document.querySelector('[data-legs-drawn]')")
        page.wait_for_timeout(500)
        image_path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(image_path))
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python scripts/screenshot.py MAP.html OUT.png")
    screenshot(Path(sys.argv[1]), Path(sys.argv[2]))
