"""The JavaScript tests (tests/js) run the map runtime beside the Leaflet that the maps inline:
package.json pins the npm release of the xstatic-leaflet installed."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_javascript_tests_load_the_leaflet_the_maps_inline():
    # XStatic versions are the library's release and a packaging number: 1.9.3.0 is 1.9.3.
    inlined = version("xstatic-leaflet").rsplit(".", 1)[0]
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert package["devDependencies"]["leaflet"] == inlined
    assert lock["packages"]["node_modules/leaflet"]["version"] == inlined
