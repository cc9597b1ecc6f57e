"""The data a map page is sent: compact, and the same numbers the build computed."""

from __future__ import annotations

import pytest

from logimap.render import payload


def test_a_line_is_written_as_googles_encoded_polyline_algorithm_writes_it(
        monkeypatch: pytest.MonkeyPatch):
    # The worked example of Google's documentation: (lat, lng) pairs at 1e5, whose first
    # number is encoded first, as logimap's x is.
    monkeypatch.setattr(payload, "COORD_SCALE", 100_000)

    line = payload.encode_line([(38.5, -120.2), (40.7, -120.95), (43.252, -126.453)])

    assert line == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


def test_the_legend_keeps_the_first_the_last_and_evenly_spaced_widths_between():
    ranked = [("a", 8.0), ("b", 7.0), ("c", 6.0), ("d", 5.0), ("e", 4.0), ("f", 3.0), ("g", 2.0)]

    assert payload.spread(ranked, 4) == [("a", 8.0), ("c", 6.0), ("e", 4.0), ("g", 2.0)]
    assert payload.spread(ranked[:3], 4) == ranked[:3]
