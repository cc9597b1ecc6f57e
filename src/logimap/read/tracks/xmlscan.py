"""XML track files read safely: a document type declaration (which could define entities
that expand to gigabytes or read other files) is refused before anything is parsed, elements
nested deeper than ``MAX_DEPTH`` are refused where they start, and elements are found with the
line they start on. expat reads the text in one pass, so the time taken grows with its size."""

from __future__ import annotations

from collections.abc import Callable
from xml.parsers import expat

from logimap.errors import Problem

NAMESPACE_SEPARATOR = " "
MAX_DEPTH = 64  # elements nested deeper than this are refused (GPX and KML need a dozen)


class Refused(ValueError):
    """An XML file logimap does not parse; the message says why, ``line`` where."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def scan(text: str, start: Callable[[str, dict[str, str], int], None],
         end: Callable[[str], None] | None = None,
         chars: Callable[[str], None] | None = None) -> None:
    """Parse ``text`` with expat, calling ``start(local name, attributes, line)``,
    ``end(local name)`` and ``chars(text)``. Raises ``Refused`` for a document type
    declaration, elements nested deeper than ``MAX_DEPTH`` or malformed XML."""
    parser = expat.ParserCreate(namespace_separator=NAMESPACE_SEPARATOR)
    depth = 0

    def doctype(*_args: object) -> None:
        raise Refused("holds a document type declaration (<!DOCTYPE ...>), which a track "
                      "file needs no more than it may abuse", parser.CurrentLineNumber)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    def opened(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise Refused(f"nests elements more than {MAX_DEPTH} deep", parser.CurrentLineNumber)
        start(local(name), {local(key): value for key, value in attrs.items()},
              parser.CurrentLineNumber)

    def closed(name: str) -> None:
        nonlocal depth
        depth -= 1
        if end is not None:
            end(local(name))

    parser.StartElementHandler = opened
    parser.EndElementHandler = closed
    if chars is not None:
        parser.CharacterDataHandler = chars
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise Refused(f"is not well-formed XML ({expat.ErrorString(exc.code)})",
                      exc.lineno) from None


def local(name: str) -> str:
    """An element's name without its namespace: ``when`` for '{kml} when'."""
    return name.rpartition(NAMESPACE_SEPARATOR)[2]


def namespace(name: str) -> str:
    return name.rpartition(NAMESPACE_SEPARATOR)[0]


def refused_problem(path: str, exc: Refused) -> Problem:
    return Problem(path, f":{exc.line}", str(exc), "save the track as plain GPX or KML")
