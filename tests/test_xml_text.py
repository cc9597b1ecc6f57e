"""XML text as the KML and QGIS files are written.

- ``serialised`` writes an element exactly as ``ElementTree.tostring`` does, with and without
  short empty elements: tags, attributes, text and tails holding every character XML escapes
  (``& < > "``, CR, LF, tab), nested elements, and the elements it leaves to ElementTree
  (namespaced tags, comments).
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET

import pytest

from logimap.exports.xml import serialised

CHARACTERS = ["a", "&", "<", ">", '"', "'", "\r", "\n", "\t", "é", " ", "\x01", "]]>"]


def _text(rng: random.Random) -> str | None:
    if rng.random() < 0.2:
        return None
    return "".join(rng.choice(CHARACTERS) for _ in range(rng.randint(0, 8)))


def _element(rng: random.Random, depth: int = 0) -> ET.Element:
    tag = rng.choice(["a", "Placemark", "gx:Track", "{http://www.opengis.net/kml/2.2}name"])
    keys = rng.sample(["id", "x", "{http://www.w3.org/1999/xlink}href"], rng.randint(0, 2))
    element = ET.Element(tag, {key: _text(rng) or "" for key in keys})
    element.text, element.tail = _text(rng), _text(rng)
    if depth < 3:
        element.extend(_element(rng, depth + 1) for _ in range(rng.randint(0, 3)))
        if rng.random() < 0.1:
            element.append(ET.Comment("a comment"))
    return element


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("short", [True, False])
def test_an_element_is_written_as_elementtree_writes_it(seed, short):
    rng = random.Random(seed)
    for _ in range(25):
        element = _element(rng)
        assert serialised(element, short) == ET.tostring(element, encoding="unicode",
                                                         short_empty_elements=short)


def test_an_empty_element_and_one_with_an_attribute():
    assert serialised(ET.Element("a")) == "<a />"
    assert serialised(ET.Element("a"), short_empty_elements=False) == "<a></a>"
    assert serialised(ET.Element("a", {"b": 'say "x" & <y>\n'})) == (
        '<a b="say &quot;x&quot; &amp; &lt;y&gt;&#10;" />')
