"""Times of track fixes: ISO 8601 with a zone, or seconds since 1970, read as UTC.

A fix's time is kept as whole milliseconds since 1970-01-01T00:00:00Z (``int``), so that
every format reads the same instant to the same number and nothing is lost to rounding.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from logimap.messages import excerpt

# Seconds since 1970 as digits, optionally signed and with a fraction.
_EPOCH = re.compile(r"[+-]?[0-9]+(?:\.[0-9]*)?")
# A number of seconds this large would be after the year 5138: it is milliseconds.
MILLISECONDS_FROM = 10**11
# ISO 8601 as people and exports write it: a date, a time, then a zone or none.
_ISO = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})[T ]"
    r"(?P<time>[0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2}(?:[.,][0-9]+)?)?)?)"
    r"\s*(?P<zone>Z|z|[+-][0-9]{2}(?::?[0-9]{2})?|UTC|GMT)?")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The times a fix may have, in milliseconds since 1970: from 1900-01-01 (included) to
# 2200-01-01 (excluded). Anything else is a mistake in the file, not a fix.
FIRST_MS = -2_208_988_800_000
END_MS = 7_258_118_400_000
RANGE_TEXT = "1900-01-01 to 2200-01-01"


class TimeError(ValueError):
    """A time that cannot be read; the message says what is wrong with it."""


def parse_time(text: str, *, utc_if_bare: bool = False) -> int:
    """Milliseconds since 1970 (UTC) of an ISO 8601 time with a zone
    (``2023-09-07T04:00:00Z``, ``2023-09-07 13:00+09:00``, ``2023-09-07 04:00:00 UTC``) or
    of seconds since 1970 (``1694059200``; a number too large to be seconds is taken as
    milliseconds). A time without a zone is refused, unless ``utc_if_bare`` (for formats
    whose specification says their times are UTC), and so is a time outside
    ``RANGE_TEXT``.

    >>> parse_time("2023-09-07T13:00:00+09:00") == parse_time("1694059200")
    True
    """
    value = text.strip()
    if _EPOCH.fullmatch(value):
        number = float(value)
        if abs(number) >= MILLISECONDS_FROM:
            number /= 1000.0
        if not FIRST_MS <= number * 1000.0 < END_MS:  # also false for an infinite number
            raise _outside(text)
        return to_ms(EPOCH + timedelta(seconds=number))
    found = _ISO.fullmatch(value)
    if not found:
        raise TimeError(f"time {excerpt(text)} is neither ISO 8601 (2023-09-07T04:00:00Z) "
                        "nor seconds since 1970")
    zone = found["zone"]
    if zone is None and not utc_if_bare:
        raise TimeError(f"time {excerpt(text)} has no time zone")
    iso = f"{found['date']}T{found['time']}"  # Python reads 04:00:00,25 as 04:00:00.25
    if zone and zone.upper() not in ("Z", "UTC", "GMT"):
        iso += zone
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        raise TimeError(f"time {excerpt(text)} is not a real date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    ms = to_ms(moment)
    if not FIRST_MS <= ms < END_MS:
        raise _outside(text)
    return ms


def _outside(text: str) -> TimeError:
    return TimeError(f"time {excerpt(text)} is outside {RANGE_TEXT}, the times a fix may have")


def to_ms(moment: datetime) -> int:
    """A zone-aware moment as whole milliseconds since 1970 (UTC), rounded."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + round(delta.microseconds / 1000)


def iso(ms: int) -> str:
    """Milliseconds since 1970 as ISO 8601 UTC, to the second unless it has a fraction.

    >>> iso(1694059200000), iso(1694059200500)
    ('2023-09-07T04:00:00Z', '2023-09-07T04:00:00.500Z')
    """
    moment = EPOCH + timedelta(milliseconds=int(ms))
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{int(ms) % 1000:03d}Z" if int(ms) % 1000 else f"{text}Z"


def short(ms: int) -> str:
    """A moment as a reader sees it: ``2023-09-07 04:00 UTC``."""
    return (EPOCH + timedelta(milliseconds=int(ms))).strftime("%Y-%m-%d %H:%M UTC")


# Seconds since 1970, one a line: read in bulk.
_ALL_EPOCH = re.compile(r"(?:[0-9]{1,15}(?:\.[0-9]{0,6})?\n)+")
# The form most exports write (2023-09-07T04:00:00Z, milliseconds optional): read in bulk.
_PLAIN_UTC = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,3})?Z")


def parse_times(texts: list[str], *, utc_if_bare: bool = False
                ) -> tuple[list[int | None], list[tuple[int, str]]]:
    """``parse_time`` of each text: the times (None where unreadable) and, for each
    unreadable one, its index and what is wrong. Texts all in a common form are read in bulk
    (``bulk_times``)."""
    bulk = bulk_times(texts)
    if bulk is not None:
        return bulk, []
    times: list[int | None] = []
    errors = []
    for index, text in enumerate(texts):
        try:
            times.append(parse_time(text, utc_if_bare=utc_if_bare))
        except TimeError as exc:
            times.append(None)
            errors.append((index, str(exc)))
    return times, errors


def bulk_times(texts: list[str]) -> list[int] | None:
    """The times of ``texts`` read at once when all are seconds since 1970 without a sign,
    or all in the form most exports write (2023-09-07T04:00:00Z, milliseconds optional), and
    all are in ``RANGE_TEXT``; else None (``parse_times`` reads them one by one).

    >>> bulk_times(["1694059200", "1694059200500"]), bulk_times(["2023-09-07T04:00:00.5Z"])
    ([1694059200000, 1694059200500], [1694059200500])
    >>> bulk_times(["1694059200", "noon"]), bulk_times(["2200-01-01T00:00:00Z"])
    (None, None)
    """
    import numpy as np

    if not texts:
        return None
    if _ALL_EPOCH.fullmatch("\n".join(texts) + "\n"):  # never negative: no sign
        seconds = np.array(texts, dtype=float)
        seconds = np.where(seconds >= MILLISECONDS_FROM, seconds / 1000.0, seconds)
        ms = np.rint(seconds * 1000.0).astype(np.int64)
    elif all(_PLAIN_UTC.fullmatch(t) for t in texts):
        try:
            ms = np.array([t[:-1] for t in texts], dtype="datetime64[ms]").astype(np.int64)
        except ValueError:  # a date that is not real
            return None
    else:
        return None
    return ms.tolist() if np.all((ms >= FIRST_MS) & (ms < END_MS)) else None
