"""Headless Chromium for tests: Debian's browser driven by Playwright, with no network."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bench.chromium import CHROMIUM_FLAGS, find_chromium


def chromium_or_skip() -> str:
    """The Chromium executable; skip when absent, but fail under CI=true."""
    exe = find_chromium()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required when CI is set: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    return exe


@dataclass
class OpenedPage:
    """A page opened from a file, with every non-file request blocked and recorded."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    exe = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def default_maps(tmp_path_factory: pytest.TempPathFactory, scenario) -> Path:
    """The default scenario's maps and exports, built once for the session (read-only)."""
    from logimap.pipeline import build

    out = tmp_path_factory.mktemp("default-maps")
    build(scenario, out)
    return out


def open_file(browser: object, path: Path, *, width: int = 1280, height: int = 900,
              touch: bool = False, fragment: str = "") -> OpenedPage:
    """Open a local HTML file (``fragment``: its URL's #...; ``touch``: as a phone, with a
    touch screen); network requests are aborted and listed, errors collected."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  has_touch=touch, is_mobile=touch)
    page = context.new_page()
    opened = OpenedPage(page)

    def route(route_):
        url = route_.request.url
        if url.startswith("file:") or url.startswith("data:") or url == "about:blank":
            route_.continue_()
        else:
            opened.requests.append(url)
            route_.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    page.goto(path.resolve().as_uri() + fragment)
    page.wait_for_load_state("load")
    return opened


def open_map(browser: object, path: Path, **options: object) -> OpenedPage:
    """``open_file``, then wait until the map has drawn its legs."""
    opened = open_file(browser, path, **options)
    opened.page.wait_for_function("() => document.querySelector('[data-legs-drawn]')")
    return opened


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def axe_violations(page: object, impacts: tuple[str, ...] = ("critical", "serious")
                   ) -> list[dict]:
    """The rules axe-core (vendored, see tests/vendor/axe-core) finds violated on the page,
    of the given impacts: ``{id, impact, targets}`` each. Only the test injects axe."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => (await axe.run(document)).violations.map((v) => ({
        id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' '))}))""")
    return [v for v in found if v["impact"] in impacts]
