"""What a test needs beyond Python, as markers (registered in pyproject.toml): ``browser``
(Debian's Chromium), ``gis`` (GDAL's and QGIS's Python under Debian's python3), ``office``
(LibreOffice) and ``slow`` (a second or more: whole projects built or routed, often in a child
process). The helpers that start those programs check that the running test is marked, so
that ``pytest -m "not browser and not gis"`` leaves out every test that needs them."""

from __future__ import annotations

from typing import Any

import pytest

RUNNING: list[Any] = [None]  # the test being set up or run (set by conftest)


def require(marker: str) -> None:
    """Fail the running test unless it is marked ``marker``."""
    item = RUNNING[0]
    if item is not None and item.get_closest_marker(marker) is None:
        pytest.fail(f"{item.nodeid} needs what the {marker!r} marker names but is not marked "
                    f"with it: add @pytest.mark.{marker}", pytrace=False)
