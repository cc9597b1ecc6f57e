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


def open_file(browser: object, path: Path, *, width: int = 1280, height: int = 900) -> OpenedPage:
    """Open a local HTML file; network requests are aborted and listed, errors collected."""
    context = browser.new_context(viewport={"width": width, "height": height})
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
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return opened
