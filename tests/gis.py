"""Debian's GIS tools for the tests: GDAL's Python bindings and PyQGIS run under Debian's own
python3 (they are not on PyPI's Python), in a child process that prints JSON."""

from __future__ import annotations

import json
import os
import subprocess
from functools import cache
from pathlib import Path

import pytest

from tests.markers import require

HERE = Path(__file__).resolve().parent
DEBIAN_PYTHON = "/usr/bin/python3"


@cache
def _imports(module: str) -> bool:
    if not Path(DEBIAN_PYTHON).exists():
        return False
    return subprocess.run([DEBIAN_PYTHON, "-c", f"import {module}"],
                          capture_output=True).returncode == 0


def debian_python(module: str, packages: str) -> str:
    """Debian's python3 when it can import ``module``. Under CI=true a missing package
    fails the test (CI installs it); elsewhere the test is skipped, naming what to install.
    The test must be marked ``gis``."""
    require("gis")
    if _imports(module):
        return DEBIAN_PYTHON
    hint = f"{DEBIAN_PYTHON} cannot import {module}: apt-get install {packages}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"required when CI=true: {hint}")
    pytest.skip(hint)


def probe(script: str, module: str, packages: str, *args: str, timeout: float = 300) -> dict:
    """Run ``tests/<script>`` under Debian's python3 and return the JSON it prints."""
    python = debian_python(module, packages)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([python, str(HERE / script), *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env)
    assert done.returncode == 0, f"{script} failed:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout)


def gdal_read(path: Path) -> dict:
    """What GDAL (Debian's python3-gdal) reads from a file: see ``tests/gdal_probe.py``."""
    return probe("gdal_probe.py", "osgeo.ogr", "python3-gdal", path)


def validate_gpkg(path: Path) -> subprocess.CompletedProcess:
    """GDAL's GeoPackage validator (``validate_gpkg.py`` from python3-gdal), every check,
    warnings counted as errors."""
    python = debian_python("osgeo_utils.samples.validate_gpkg", "python3-gdal")
    return subprocess.run([python, "-m", "osgeo_utils.samples.validate_gpkg", "-k",
                           "--extra", "--warning-as-error", str(path)],
                          capture_output=True, text=True, timeout=300)
