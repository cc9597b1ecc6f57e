"""Times of track fixes: every form a track file writes them in read to the same
millisecond since 1970 (UTC), and every time that is no fix's a located message."""

from __future__ import annotations

import pytest

from logimap.read.tracks.times import TimeError, iso, parse_time, parse_times, short

# 2023-09-07T04:00:00Z, worked out by hand: 19,607 days after 1970-01-01, plus 4 hours.
SEPT_7 = (19_607 * 86_400 + 4 * 3_600) * 1000


@pytest.mark.parametrize(("text", "ms"), [
    ("2023-09-07T04:00:00Z", SEPT_7),
    ("2023-09-07t04:00:00z".upper(), SEPT_7),
    ("2023-09-07T04:00:00z", SEPT_7),
    ("2023-09-07 04:00:00 UTC", SEPT_7),
    ("2023-09-07 04:00:00 GMT", SEPT_7),
    ("2023-09-07T04:00Z", SEPT_7),
    ("2023-09-07T04Z", SEPT_7),
    ("20230907T040000Z", SEPT_7),
    ("2023-09-07T13:00:00+09:00", SEPT_7),
    ("2023-09-07T13:00:00+0900", SEPT_7),
    ("2023-09-07T13:00:00+09", SEPT_7),
    ("2023-09-06T23:00:00-05:00", SEPT_7),
    ("2023-09-07T04:00:00.250Z", SEPT_7 + 250),
    ("2023-09-07T04:00:00,250Z", SEPT_7 + 250),
    ("2023-09-07T04:00:00.2506Z", SEPT_7 + 251),  # rounded to the millisecond, not cut
    ("2023-09-07T04:00:00.2504Z", SEPT_7 + 250),
    ("  2023-09-07T04:00:00Z  ", SEPT_7),
    ("1694059200", SEPT_7),
    ("1694059200.25", SEPT_7 + 250),
    ("1694059200.0006", SEPT_7 + 1),
    ("+1694059200", SEPT_7),
    ("1694059200000", SEPT_7),  # too large for seconds: milliseconds
    ("7258118399", 7_258_118_399_000),  # as seconds: the last second before 2200
    ("100000000000", 100_000_000_000),  # the smallest read as milliseconds (1973)
    ("-100000000000", -100_000_000_000),
    ("0", 0),
])
def test_each_form_of_a_time_reads_to_its_millisecond(text: str, ms: int):
    assert parse_time(text) == ms


def test_a_time_without_a_zone_is_refused_unless_the_format_says_utc():
    with pytest.raises(TimeError, match=r"^time '2023-09-07T04:00:00' has no time zone$"):
        parse_time("2023-09-07T04:00:00")

    assert parse_time("2023-09-07T04:00:00", utc_if_bare=True) == SEPT_7
    assert parse_time("2023-09-07T13:00:00+09:00", utc_if_bare=True) == SEPT_7


@pytest.mark.parametrize(("text", "message"), [
    ("yesterday", "time 'yesterday' is neither ISO 8601 (2023-09-07T04:00:00Z) nor seconds "
                  "since 1970"),
    ("2023-09-31T04:00:00Z", "time '2023-09-31T04:00:00Z' is not a real date and time"),
    ("2023-09-07T04:00:00 CET", "time '2023-09-07T04:00:00 CET' is neither ISO 8601"),
    ("1899-12-31T23:59:59.999Z", "time '1899-12-31T23:59:59.999Z' is outside 1900-01-01 to "
                                 "2200-01-01, the times a fix may have"),
    ("2200-01-01T00:00:00Z", "time '2200-01-01T00:00:00Z' is outside"),
    ("2200-01-01T10:00:00+09:00", "is outside"),
    ("99999999999", "time '99999999999' is outside"),  # seconds: the year 5138
    ("9999-12-31T00:00:00Z", "is outside"),
    ("7258118400", "time '7258118400' is outside"),
    ("-2208988801", "time '-2208988801' is outside"),
    ("300000000000000", "time '300000000000000' is outside"),
    ("9" * 400, "is outside"),
])
def test_a_time_that_is_no_fixs_says_what_is_wrong(text: str, message: str):
    with pytest.raises(TimeError) as raised:
        parse_time(text)

    assert message in str(raised.value)


def test_the_first_and_last_moments_of_the_range_are_read():
    assert parse_time("1900-01-01T00:00:00Z") == -2_208_988_800_000
    assert parse_time("-2208988800") == -2_208_988_800_000
    assert parse_time("2199-12-31T23:59:59.999Z") == 7_258_118_399_999
    assert parse_time("2200-01-01T08:59:59+09:00") == 7_258_118_399_000


def test_times_are_written_back_in_iso_to_the_second_or_the_millisecond():
    assert iso(SEPT_7) == "2023-09-07T04:00:00Z"
    assert iso(SEPT_7 + 7) == "2023-09-07T04:00:00.007Z"
    assert iso(-1) == "1969-12-31T23:59:59.999Z"
    assert short(SEPT_7 + 59_999) == "2023-09-07 04:00 UTC"


@pytest.mark.parametrize("texts", [
    ["1694059200", "1694059260.5", "1694059200000"],  # seconds, read in bulk
    ["2023-09-07T04:00:00Z", "2023-09-07T04:01:00.500Z"],  # the common UTC form, in bulk
    ["2023-09-07T04:00:00Z", "2023-09-07T13:01:00.500+09:00"],  # mixed: one by one
])
def test_a_column_of_times_reads_as_each_time_alone(texts: list[str]):
    assert parse_times(texts) == ([parse_time(t) for t in texts], [])


@pytest.mark.parametrize("texts", [
    ["1694059200", "300000000000000"],
    ["2023-09-07T04:00:00Z", "9999-12-31T00:00:00Z"],
    ["2023-09-07T04:00:00Z", "1800-01-01T00:00:00Z"],
    ["2023-09-07T04:00:00Z", "2023-02-30T00:00:00Z"],
])
def test_a_column_with_one_bad_time_names_it_and_reads_the_others(texts: list[str]):
    times, errors = parse_times(texts)

    assert times == [SEPT_7, None]
    assert [index for index, _ in errors] == [1]
    assert errors[0][1].startswith(f"time {texts[1]!r} is ")


def test_bare_times_in_a_column_are_read_as_utc_only_when_the_format_says_so():
    assert parse_times(["2023-09-07T04:00:00"], utc_if_bare=True) == ([SEPT_7], [])
    assert parse_times(["2023-09-07T04:00:00"])[1] == [
        (0, "time '2023-09-07T04:00:00' has no time zone")]


@pytest.mark.parametrize(("texts", "ms"), [
    (["1694059200", "1694059200.25", "1694059200.0006"], [SEPT_7, SEPT_7 + 250, SEPT_7 + 1]),
    (["99999999999", "100000000000"], None),  # the first is seconds: the year 5138
    (["100000000000", "1694059200500"], [100_000_000_000, SEPT_7 + 500]),
    (["7258118399", "7258118399999"], [7_258_118_399_000, 7_258_118_399_999]),
    (["7258118400"], None),
    (["7258118400000"], None),
    (["2023-09-07T04:00:00Z", "2023-09-07T04:00:00.5Z", "2023-09-07T04:00:00.25Z"],
     [SEPT_7, SEPT_7 + 500, SEPT_7 + 250]),
    (["1900-01-01T00:00:00Z", "2199-12-31T23:59:59.999Z"],
     [-2_208_988_800_000, 7_258_118_399_999]),
    (["1899-12-31T23:59:59.999Z"], None),
    (["2200-01-01T00:00:00Z"], None),
    (["2023-02-30T00:00:00Z"], None),
    (["2023-09-07T04:00:00Z", "1694059200"], None),  # two forms: one by one
    (["-1694059200"], None),
    ([], None),
])
def test_a_column_in_one_common_form_is_read_at_once(texts: list[str], ms: list[int] | None):
    from logimap.read.tracks.times import bulk_times

    read = bulk_times(texts)

    assert read == ms
    if read is not None:
        assert all(type(value) is int for value in read)
        assert read == [parse_time(text) for text in texts]
