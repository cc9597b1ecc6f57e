"""XML as the KML and the QGIS files are written: ElementTree elements made into text, with
the characters XML cannot hold (C0 controls but tab, LF and CR; lone surrogates; U+FFFE and
U+FFFF) from the data replaced by U+FFFD, and a carriage return kept as ``&#13;`` (a parser
would turn a raw one into a line feed)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """Serialised XML with what it cannot hold replaced and carriage returns kept."""
    return NOT_XML.sub("\ufffd", text).replace("\r", "&#13;")


def element_text(element: ET.Element) -> str:
    """An element as XML text on one line."""
    return clean(ET.tostring(element, encoding="unicode"))


def xml_text(root: ET.Element) -> str:
    """An element as indented XML text."""
    ET.indent(root)
    return clean(ET.tostring(root, encoding="unicode"))


def xml_text_of_children(parent: ET.Element, level: int) -> str:
    """The children of ``parent`` but its last, as ``xml_text`` writes them where ``parent``
    stands at ``level``: each followed by the indent before its next sibling."""
    ET.indent(parent, level=level)
    return clean("".join(ET.tostring(child, encoding="unicode") for child in list(parent)[:-1]))
