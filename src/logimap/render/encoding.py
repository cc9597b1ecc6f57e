"""Numbers as compact text for a map page: each integer written as Google's encoded polyline
algorithm writes one (doubled, negatives inverted, cut into 5-bit groups from the lowest,
each group plus 63, and plus 32 more when another follows), as steps from the one before.
The page's ``decodeLines`` reads them back."""

from __future__ import annotations

from typing import Any

COORD_SCALE = 10_000  # a line's coordinates are sent in integer 1/COORD_SCALE degrees
# 5-bit groups per integer: 7 hold 35 bits, more than any coordinate or a time in seconds
# since 1970 (doubled) needs.
GROUPS = 7


def encode_line(coords: Any) -> str:
    """A line as text: its points in integer 1/COORD_SCALE degrees, each point as the step
    [dx, dy] from the one before (the first from 0, 0). A step of a few hundred metres takes
    two or three characters.

    >>> encode_line([(130.5, 42.25), (130.5001, 42.2)])
    'oysnAgexXAf^'
    """
    import numpy as np

    points = np.rint(np.asarray(coords, dtype=float)[:, :2] * COORD_SCALE).astype(np.int64)
    return _steps_text(np.diff(points, axis=0, prepend=0).ravel())


def encode_integers(values: Any) -> str:
    """Integers as text: the first, then each step from the one before.

    >>> import numpy as np
    >>> encode_integers(np.array([0, 1, 3]))
    '?AC'
    """
    import numpy as np

    return _steps_text(np.diff(np.asarray(values, dtype=np.int64), prepend=0))


def _steps_text(values: Any) -> str:
    import numpy as np

    doubled = np.where(values < 0, ~(values << 1), values << 1)
    index = np.arange(GROUPS)
    groups = (doubled[:, None] >> (5 * index)) & 31
    count = 1 + (doubled[:, None] >= 32 ** index[1:]).sum(axis=1)[:, None]
    chars = groups + 63 + 32 * (index < count - 1)
    return chars[index < count].astype(np.uint8).tobytes().decode("ascii")
