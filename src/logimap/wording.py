"""Plain-text renderings of model values, shared by the CLI, the map and the exports."""

from __future__ import annotations

from logimap.model import Claim, Gap, ObservedTrack
from logimap.periods import OPEN, Period


def number(value: float) -> str:
    """``9000000.0`` -> ``9,000,000``; decimals only where the value has them."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def quantity(claim: Claim) -> str:
    """The claim's value as a reader would say it: ``about 9,000,000 shells``, ``at least 1
    vehicle`` (the unit's singular, where the scenario declares one); ``""`` if none."""
    if claim.low is None or claim.high is None:
        return ""
    amount = number(claim.low) if claim.low == claim.high else (
        f"{number(claim.low)}–{number(claim.high)}"
    )
    unit = claim.unit_one if claim.low == claim.high == 1 and claim.unit_one else claim.unit
    words = [claim.qualifier if claim.qualifier not in ("", "exactly") else "", amount, unit]
    return " ".join(w for w in words if w)


def period(value: Period | None) -> str:
    """``2023-09/2024-12`` as written in the data, ``""`` when unknown."""
    return value.text if value else ""


def period_phrase(value: Period) -> str:
    """A period as a phrase to follow a figure: ``in 2024``, ``in 2024-11``, ``from 2023-09
    to 2024-12``, ``since 2024-03`` (an open period).

    >>> from logimap.periods import parse_period
    >>> period_phrase(parse_period("2023-09/2024-12"))
    'from 2023-09 to 2024-12'
    """
    start, sep, end = (part.strip() for part in value.text.partition("/"))
    if not sep:
        return f"in {start}"
    if end == OPEN:
        return f"since {start}"
    return f"from {start} to {end}"


def detour(length_km: float, great_circle_km: float | None) -> str:
    """How a leg's drawn length compares with the great circle through its stops, when it is
    longer by a tenth or more ("" otherwise).

    >>> detour(982.4, 439.0)
    '2.2 times the great circle through its stops (439 km)'
    >>> detour(102.0, 100.0)
    ''
    """
    if not great_circle_km or length_km < 1.1 * great_circle_km:
        return ""
    return (f"{length_km / great_circle_km:.1f} times the great circle through its stops "
            f"({great_circle_km:,.0f} km)")


def ratio(length_km: float, great_circle_km: float | None) -> float | None:
    """The drawn length over the great circle's, to two decimals (None for a leg whose
    stops coincide)."""
    return round(length_km / great_circle_km, 2) if great_circle_km else None


def table(headers: list[str], rows: list[list[str]], *, widest: int = 60) -> str:
    """A fixed-width text table; cells longer than ``widest`` are cut with an ellipsis."""
    cut = [[c if len(c) <= widest else c[: widest - 1] + "…" for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cut)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cut]
    return "\n".join(lines)


def hours_text(hours: float) -> str:
    """``31 h``, ``6.5 h``; days too past three: ``80 h (3.3 days)``."""
    text = f"{hours:.0f} h" if hours >= 10 else f"{hours:.1f} h".replace(".0 h", " h")
    return f"{text} ({hours / 24:.1f} days)" if hours >= 72 else text


def dark_period(track: ObservedTrack, gap: Gap) -> str:
    """A dark period as the map labels it: ``no AIS received for 31 h``."""
    return f"{track.word} {hours_text(gap.hours)}"
