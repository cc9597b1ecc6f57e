"""Values as every export writes them: coordinates rounded to ``DECIMALS`` places (about 1 m),
lines cut at ±180 (RFC 7946 section 3.1.9), times as ISO 8601 text in UTC, links http(s)
only."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from logimap.geo.antimeridian import split_at_antimeridian

if TYPE_CHECKING:
    import numpy as np

    from logimap.tables import Tables

DECIMALS = 5
LineParts = list[list[list[float]]]


def is_web_link(url: str) -> bool:
    """Whether ``url`` is a web address (http or https), the only links an export writes.

    >>> [is_web_link(u) for u in ("https://a.org", "HTTP://a.org", "javascript:go()", "")]
    [True, True, False, False]
    """
    return url.lower().startswith(("https://", "http://"))


def rounded(value: float) -> float:
    """A coordinate rounded to ``DECIMALS`` places; + 0.0 turns -0.0 into 0.0."""
    return round(float(value), DECIMALS) + 0.0


def rounded_values(values: np.ndarray) -> list[float | None]:
    """Coordinates rounded as ``rounded`` does, NaN as None."""
    return [None if math.isnan(v) else round(v, DECIMALS) + 0.0 for v in values.tolist()]


def line_parts(coords: Sequence[tuple[float, float]]) -> LineParts:
    """A leg's unwrapped line as parts within [-180, 180] cut at ±180, coordinates rounded."""
    return [[[round(x, DECIMALS) + 0.0, round(y, DECIMALS) + 0.0] for x, y in part]
            for part in split_at_antimeridian(list(coords))]


def leg_lines(tables: Tables) -> dict[str, LineParts]:
    """Each leg's line parts (``line_parts``) by leg id: computed once for every format."""
    return {leg_id: line_parts(line) for leg_id, line in tables.leg_lines.items()}


def stretch_lines(tables: Tables) -> list[LineParts]:
    """Each schematic stretch's line parts (``line_parts``), in table order."""
    return [line_parts(line) for line in tables.stretch_lines]


def stretch_name(row: dict[str, object], names: dict[str, str]) -> str:
    """A schematic stretch as exports name it: ``approach to Musudan area, 1.28 km``."""
    from logimap.tables import ISOLATE

    what = "approach to" if row["kind"] == "approach" else "off network at"
    node = str(row["node_id"])
    return f"{what} {ISOLATE.format(names.get(node, node))}, {row['length_km']:g} km"


def iso_times(ms: np.ndarray) -> np.ndarray:
    """Times (int64 ms since 1970) as ``2023-09-07T04:00:00.000Z`` texts."""
    import numpy as np

    text = np.datetime_as_string(ms.astype("datetime64[ms]"), unit="ms")
    return np.char.add(text.astype(str), "Z")
