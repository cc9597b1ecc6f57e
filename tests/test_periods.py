"""Partial dates and periods: what each form means, and what is refused."""

from __future__ import annotations

from datetime import date

import pytest

from logimap.periods import Period, parse_partial_date, parse_period


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
    ("2024-11", date(2024, 11, 1), date(2024, 11, 30)),
    ("2024-11-07", date(2024, 11, 7), date(2024, 11, 7)),
    (" 2024-12 ", date(2024, 12, 1), date(2024, 12, 31)),
])
def test_a_partial_date_stands_for_its_first_to_its_last_day(text: str, first: date,
                                                             last: date):
    assert parse_partial_date(text) == first
    assert parse_partial_date(text, last=True) == last


@pytest.mark.parametrize("text", ["2024-11-07x", "x2024", "24", "2024-1", "2024-011",
                                  "2024/11", "２０２４", "2024-11-07\n1", "", "2024-11-"])
def test_a_date_in_another_form_is_refused(text: str):
    with pytest.raises(ValueError) as raised:
        parse_partial_date(text)

    assert str(raised.value) == (f"{text!r} is not a date of the form YYYY, YYYY-MM or "
                                 "YYYY-MM-DD")


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "2023-02-29", "2024-04-31"])
def test_a_date_that_does_not_exist_is_refused(text: str):
    with pytest.raises(ValueError, match=f"^'{text}' is not a real date \\("):
        parse_partial_date(text)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2023-09/2024-12", date(2023, 9, 1), date(2024, 12, 31)),
    ("2024-11-07/2024-11-07", date(2024, 11, 7), date(2024, 11, 7)),
    ("2024-11-07/2024-11-08", date(2024, 11, 7), date(2024, 11, 8)),
    ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ("2024-03", date(2024, 3, 1), date(2024, 3, 31)),
    ("2024-11/..", date(2024, 11, 1), None),
    (" 2024-11/ .. ", date(2024, 11, 1), None),
    ("2024/2024", date(2024, 1, 1), date(2024, 12, 31)),
])
def test_a_period_runs_from_its_start_to_its_end(text: str, start: date, end: date | None):
    period = parse_period(text)

    assert (period.start, period.end, period.text) == (start, end, text.strip())


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError) as raised:
        parse_period("2024-11-08/2024-11-07")

    assert str(raised.value) == "period '2024-11-08/2024-11-07' ends before it starts"


@pytest.mark.parametrize("text", ["2024/", "/2024", "2024/...", "2024/2025/2026", "../2024"])
def test_a_period_with_a_side_that_is_not_a_date_is_refused(text: str):
    with pytest.raises(ValueError, match="is not a date"):
        parse_period(text)


def test_a_period_as_iso_strings_has_an_empty_open_end():
    assert parse_period("2024").iso() == ("2024-01-01", "2024-12-31")
    assert parse_period("2024-11/..").iso() == ("2024-11-01", "")
    assert Period(date(2020, 5, 6), None, "x").iso() == ("2020-05-06", "")


@pytest.mark.parametrize(("text", "first", "last", "shared"), [
    ("2024", date(2023, 8, 1), date(2023, 12, 31), False),  # ends the day before
    ("2024", date(2023, 8, 1), date(2024, 1, 1), True),  # shares the first day only
    ("2024", date(2024, 12, 31), date(2025, 3, 1), True),  # shares the last day only
    ("2024", date(2025, 1, 1), date(2025, 3, 1), False),  # starts the day after
    ("2024-11-07/2024-11-07", date(2024, 11, 7), date(2024, 11, 7), True),  # one day
    ("2024-11/..", date(2030, 1, 1), date(2030, 1, 1), True),  # open: runs on
    ("2024-11/..", date(2024, 1, 1), date(2024, 10, 31), False),
])
def test_a_period_overlaps_a_span_when_they_share_a_day(text: str, first: date, last: date,
                                                         shared: bool):
    assert parse_period(text).overlaps(first, last) is shared
