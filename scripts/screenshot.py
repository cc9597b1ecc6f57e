"""Screenshot a built map in headless Chromium, for docs/map.png and docs/map-phone.png.

    logimap build && python scripts/screenshot.py maps/index.html docs/map.png
    python scripts/screenshot.py --phone maps/index.html docs/map-phone.png

Needs Debian's chromium and the ``test`` extra (playwright). Network requests are blocked,
so the picture shows what an offline reader sees. ``--phone`` opens the map as a phone
would: 390 x 844 CSS pixels, a touch screen, at twice the pixel density.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: find bench/
from bench.chromium import CHROMIUM_FLAGS, find_chromium

DESKTOP = {"viewport": {"width": 1400, "height": 860}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "has_touch": True, "is_mobile": True}


def screenshot(page_path: Path, image_path: Path, phone: bool = False) -> None:
    """Open ``page_path`` offline and save a PNG of the viewport to ``image_path``."""
    from playwright.sync_api import sync_playwright

    exe = find_chromium()
    if exe is None:
        sys.exit("chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS)
        page = browser.new_context(**(PHONE if phone else DESKTOP)).new_page()
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith("file:") else route.abort())
        page.goto(page_path.resolve().as_uri())
        page.wait_for_function("() => document.querySelector('[data-legs-drawn]')")
        page.wait_for_timeout(500)
        image_path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(image_path))
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Screenshot a built map, offline.")
    parser.add_argument("--phone", action="store_true", help="as a phone shows it")
    parser.add_argument("page", type=Path, help="the map, e.g. maps/index.html")
    parser.add_argument("image", type=Path, help="the PNG to write")
    args = parser.parse_args()
    screenshot(args.page, args.image, phone=args.phone)
