"""The examples in the library's docstrings hold (each module that has some is listed)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import logimap

MODULES = [
    "logimap.bundled.gazetteer",
    "logimap.bundled.names",
    "logimap.bundled.naturalearth",
    "logimap.bundled.passages",
    "logimap.check.evidence",
    "logimap.check.quotes",
    "logimap.check.sites",
    "logimap.exports.claims_csv",
    "logimap.exports.qgis.project",
    "logimap.exports.values",
    "logimap.geo.antimeridian",
    "logimap.geo.geodesy",
    "logimap.images.projection",
    "logimap.messages",
    "logimap.periods",
    "logimap.publish.manifest",
    "logimap.read.tracks.times",
    "logimap.render.encoding",
    "logimap.render.page",
    "logimap.render.payload",
    "logimap.render.tracks",
    "logimap.wording",
]


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_a_modules_docstrings_hold(name: str):
    result = doctest.testmod(importlib.import_module(name))

    assert result.attempted > 0 and result.failed == 0


def has_examples(name: str) -> bool:
    tests = doctest.DocTestFinder().find(importlib.import_module(name))
    return any(test.examples for test in tests)


def test_every_module_with_examples_is_listed():
    names = [info.name for info in pkgutil.walk_packages(logimap.__path__, "logimap.")
             if not info.name.endswith("__main__")]  # running that would start the CLI

    assert sorted(name for name in names if has_examples(name)) == MODULES
