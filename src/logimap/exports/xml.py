"""XML as the KML and the QGIS files are written: ElementTree elements made into text, with
the characters XML cannot hold (C0 controls but tab, LF and CR; lone surrogates; U+FFFE and
U+FFFF) from the data replaced by U+FFFD, and a carriage return kept as ``&#13;`` (a parser
would turn a raw one into a line feed)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """Serialised XML with what it cannot hold replaced and carriage returns kept."""
    return NOT_XML.sub("\ufffd", text).replace("\r", "&#13;")


def serialised(element: ET.Element, short_empty_elements: bool = True) -> str:
    """``ET.tostring(element, encoding="unicode")`` for the elements KML and QGIS files are
    made of (plain tags and attribute names, text and tails), written without ElementTree's
    search for namespaces over every element; ElementTree itself writes any other."""
    parts: list[str] = []
    if not _serialise(element, parts.append, short_empty_elements):
        return ET.tostring(element, encoding="unicode", short_empty_elements=short_empty_elements)
    return "".join(parts)


def _serialise(element: ET.Element, write: Callable[[str], None], short: bool) -> bool:
    """Write ``element`` as ElementTree would; False (having written part of it) when it
    holds something this writer leaves to ElementTree: a namespace, a comment, a value
    that is not text."""
    tag, text, tail = element.tag, element.text, element.tail
    if not isinstance(tag, str) or "{" in tag or not all(
            isinstance(v, str | None) for v in (text, tail)):
        return False
    write("<" + tag)
    for key, value in element.items():
        if not (isinstance(key, str) and isinstance(value, str)) or "{" in key:
            return False
        write(f' {key}="{_attribute(value)}"')
    if text or len(element) or not short:
        write(">")
        if text:
            write(_character_data(text))
        for child in element:
            if not _serialise(child, write, short):
                return False
        write("</" + tag + ">")
    else:
        write(" />")
    if tail:
        write(_character_data(tail))
    return True


def _character_data(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return (_character_data(text).replace('"', "&quot;").replace("\r", "&#13;")
            .replace("\n", "&#10;").replace("\t", "&#09;"))


def element_text(element: ET.Element) -> str:
    """An element as XML text on one line."""
    return clean(serialised(element))


def xml_text(root: ET.Element) -> str:
    """An element as indented XML text."""
    ET.indent(root)
    return clean(serialised(root))


def xml_text_of_children(parent: ET.Element, level: int) -> str:
    """The children of ``parent`` but its last, as ``xml_text`` writes them where ``parent``
    stands at ``level``: each followed by the indent before its next sibling."""
    ET.indent(parent, level=level)
    return clean("".join(serialised(child) for child in list(parent)[:-1]))
