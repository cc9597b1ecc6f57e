"""Read YAML into dicts and lists that remember the line of every key and item.

Dates stay strings (``2024-11`` and ``2024-11-07`` alike) and duplicate keys are errors,
so what a person typed is what the loader sees. Numbers that YAML 1.1 reads differently from
YAML 1.2 and from a person (``012`` as 10, ``1:30`` as 90, ``0x10``, ``0b101``) are errors with
a hint, and aliases may not multiply a document's size (a "billion laughs" file is refused
before anything is built from it). The text is parsed by libyaml when PyYAML has
it (about eight times faster); nodes are composed and constructed in Python either way, so
input nested too deeply ends in a ``RecursionError`` rather than a crash in C.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.resolver import Resolver

from logimap.messages import excerpt, printable

# Aliases may add at most this many values to a document, or as many as it holds, if more.
MAX_ALIAS_VALUES = 10_000
SAID_CHARS = 120  # the most shown of a parser's message (it may quote the data)
# Integer and float forms of YAML 1.1 that YAML 1.2 and people read otherwise.
_OLD_NUMBER = re.compile(r"[-+]?(?:0[0-7_]+|0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+"
                         r"(?:\.[0-9_]*)?)")


class LocatedDict(dict):
    """A mapping from YAML; ``line`` is where it starts, ``key_lines[key]`` where each key is."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A sequence from YAML; ``line`` is where it starts, ``item_lines[i]`` where item i is."""

    line: int = 0
    item_lines: list[int]


class YamlError(ValueError):
    """Malformed YAML; ``line`` is 1-based, ``hint`` says how to fix it (may be empty)."""

    def __init__(self, message: str, line: int, hint: str = ""):
        super().__init__(message)
        self.line = line
        self.hint = hint


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _Loader(Composer, CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        """libyaml's parser with PyYAML's own composer, safe constructor and resolver."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self.first_alias = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            _note_alias(self)
            return Composer.compose_node(self, parent, index)
else:
    class _Loader(yaml.SafeLoader):  # type: ignore[no-redef]
        """PyYAML's pure-Python safe loader."""

        first_alias = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            _note_alias(self)
            return super().compose_node(parent, index)


def _note_alias(loader: Any) -> None:
    """Remember the line of the document's first alias (``*name``)."""
    if not loader.first_alias and loader.check_event(AliasEvent):
        loader.first_alias = loader.peek_event().start_mark.line + 1


# Keep dates as the strings a person wrote: periods and partial dates are parsed later.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise YamlError(f"key {excerpt(key)} is not text", key_node.start_mark.line + 1,
                            "write keys as plain words")
        if key in result:
            line = key_node.start_mark.line + 1
            raise YamlError(f"key {excerpt(key)} appears twice in one mapping", line,
                            "keep one of them")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _number(loader: _Loader, node: yaml.ScalarNode) -> int | float:
    """An integer or float, unless it is written in a form only YAML 1.1 reads as a number,
    or is an integer of more digits than Python reads (4,300: no field takes one so large,
    and the fields say so of those that are merely too large)."""
    if _OLD_NUMBER.fullmatch(node.value):
        raise _old_number(loader, node)
    if node.tag.endswith(":int"):
        digits = sum(character.isdigit() for character in node.value)
        if digits > sys.get_int_max_str_digits():
            raise YamlError(f"{excerpt(node.value)} is implausibly large ({digits:,} digits)",
                            node.start_mark.line + 1, "check the digits")
        return SafeConstructor.construct_yaml_int(loader, node)
    return SafeConstructor.construct_yaml_float(loader, node)


def _old_number(loader: _Loader, node: yaml.ScalarNode) -> YamlError:
    """The error for a YAML 1.1 number form: what it would be read as and what to write."""
    text = node.value
    line = node.start_mark.line + 1
    if ":" in text:
        read = SafeConstructor.construct_yaml_float(loader, node) if "." in text else (
            SafeConstructor.construct_yaml_int(loader, node))
        return YamlError(f"{excerpt(text)} is a base-60 number in YAML 1.1 (read as {read:g})",
                         line, f"write {read:g}, or '{text}' for text")
    if text.lstrip("+-")[:2].lower() in ("0x", "0b"):
        read = SafeConstructor.construct_yaml_int(loader, node)
        base = "hexadecimal" if "x" in text.lower() else "binary"
        return YamlError(f"{excerpt(text)} is a {base} number in YAML 1.1 (read as {read})",
                         line, f"write {read}, or '{text}' for text")
    digits = text.replace("_", "")
    sign = "-" if digits.startswith("-") else ""
    decimal = sign + (digits.lstrip("+-").lstrip("0") or "0")
    return YamlError(f"{excerpt(text)} has a leading zero, which YAML 1.1 reads as octal "
                     f"({SafeConstructor.construct_yaml_int(loader, node)})", line,
                     f"write {decimal}, or '{text}' for text")


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:int", _number)
_Loader.add_constructor("tag:yaml.org,2002:float", _number)


def parse_yaml(text: str) -> Any:
    """Parse one YAML document; raise YamlError with the line of the first problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if loader.first_alias:
            _check_aliases(node, loader.first_alias)
        return loader.construct_document(node)  # safe: SafeConstructor, no Python objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(f"malformed YAML: {_said(exc.problem or exc.context)}", line,
                        "check indentation, colons and quotes") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YamlError(f"malformed YAML: {_said(str(exc).splitlines()[0])}", line,
                        "save the file as UTF-8 text without control characters") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"malformed YAML: {_said(str(exc))}", 1,
                        "check indentation, colons and quotes") from None
    except RecursionError:
        raise YamlError("YAML nested too deeply to read", 1, "nest fewer levels") from None
    finally:
        loader.dispose()


def _said(message: object) -> str:
    """A parser's message, control characters escaped and cut short (it may quote the data)."""
    text = printable(str(message))
    return text if len(text) <= SAID_CHARS else text[: SAID_CHARS - 1] + "…"


def _check_aliases(root: yaml.Node, line: int) -> None:
    """Raise YamlError when aliases make the document larger than ``MAX_ALIAS_VALUES`` more
    values than it writes out (or twice its size, for a large document).

    Counted on the composed nodes, where an alias is the node it names, so the count costs no
    more than the document: nothing is expanded.
    """
    sizes: dict[int, int] = {}  # values each node stands for, once counted
    path = {id(root)}  # the nodes being counted, from the root down
    stack = [(root, iter(_children(root)))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            path.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(each)] for each in _children(node))
        elif id(child) in path:
            return  # an alias inside the node it names: the constructor reports the loop
        elif id(child) not in sizes:
            path.add(id(child))
            stack.append((child, iter(_children(child))))
    written = len(sizes)
    if sizes[id(root)] - written > max(MAX_ALIAS_VALUES, written):
        raise YamlError(f"aliases expand this file to {sizes[id(root)]:,} values from the "
                        f"{written:,} it writes out", line,
                        "write the values out instead of repeating aliases of aliases")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
