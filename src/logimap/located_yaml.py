"""Read YAML into dicts and lists that remember the line of every key and item.

Dates stay strings (``2024-11`` and ``2024-11-07`` alike) and duplicate keys are errors,
so what a person typed is what the loader sees. The text is parsed by libyaml when PyYAML has
it (about eight times faster); nodes are composed and constructed in Python either way, so
input nested too deeply ends in a ``RecursionError`` rather than a crash in C.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver


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
    """Malformed YAML; ``line`` is 1-based."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _Loader(Composer, CParser, SafeConstructor, Resolver):  # type: ignore[misc]
        """libyaml's parser with PyYAML's own composer, safe constructor and resolver."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
else:
    class _Loader(yaml.SafeLoader):  # type: ignore[no-redef]
        """PyYAML's pure-Python safe loader."""


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
            raise YamlError(f"key {key!r} is not text", key_node.start_mark.line + 1)
        if key in result:
            line = key_node.start_mark.line + 1
            raise YamlError(f"key {key!r} appears twice in one mapping", line)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def parse_yaml(text: str) -> Any:
    """Parse one YAML document; raise YamlError with the line of the first problem."""
    try:
        return yaml.load(text, Loader=_Loader)  # safe: SafeConstructor, no Python objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(f"malformed YAML: {exc.problem or exc.context}", line) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YamlError(f"malformed YAML: {str(exc).splitlines()[0]}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"malformed YAML: {exc}", 1) from None
    except RecursionError:
        raise YamlError("YAML nested too deeply to read", 1) from None
