"""The line a page draws of a track: every fix within 100 m of where the line puts the vessel
at the fix's time, in time in proportion to n log n even for a zig-zag that keeps every fix,
and no more than ``MAX_PAGE_POINTS`` points of tracks on a page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from logimap.render import tracks
from tests.tracked import make_project

METRES_PER_DEGREE = 111_195.0


def _random_walk(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    heading = np.cumsum(rng.normal(0, 0.05, n))
    lon = 130 + np.cumsum(np.cos(heading)) * 0.002 + rng.normal(0, 0.0003, n)
    lat = 42 + np.cumsum(np.sin(heading)) * 0.002 + rng.normal(0, 0.0003, n)
    return np.column_stack([lon, lat]), np.arange(n) * 60.0 + rng.uniform(0, 30, n).cumsum()


def _zigzag(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Fixes a minute apart turning every time, 0.01 degree (about 1.1 km) to either side."""
    lon = 130 + np.arange(n) * 1e-4
    lat = 42 + np.where(np.arange(n) % 2, 0.01, 0.0)
    return np.column_stack([lon, lat]), np.arange(n) * 60.0


def _worst_miss_m(xy: np.ndarray, times: np.ndarray, kept: np.ndarray) -> float:
    """The farthest any fix is from where the line through ``kept`` puts the vessel at that
    fix's time (metres, on a plane tangent at the mean latitude)."""
    scale = np.cos(np.radians(xy[:, 1].mean()))
    at_x = np.interp(times, times[kept], xy[kept, 0])
    at_y = np.interp(times, times[kept], xy[kept, 1])
    return float(np.max(np.hypot((at_x - xy[:, 0]) * scale, at_y - xy[:, 1]))
                 * METRES_PER_DEGREE)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_fix_is_within_100_m_of_the_line_at_its_time(seed: int):
    xy, times = _random_walk(20_000, seed)

    kept = tracks.simplified(xy, times, [0, len(xy) - 1], 100.0)

    assert _worst_miss_m(xy, times, kept) <= 100.0
    assert len(kept) < len(xy) / 3  # a wandering track is drawn from far fewer points


def test_the_points_asked_for_are_kept_and_sent_in_order():
    xy, times = _random_walk(2_000, 4)

    kept = tracks.simplified(xy, times, [0, 700, 701, 1_999], 100.0)

    assert {0, 700, 701, 1_999} <= set(kept.tolist())
    assert np.all(np.diff(kept) > 0)


def test_a_zigzag_of_turns_over_100_m_keeps_every_fix():
    xy, times = _zigzag(5_000)

    kept = tracks.simplified(xy, times, [0, len(xy) - 1], 100.0)

    assert kept.tolist() == list(range(len(xy)))


@pytest.mark.slow
def test_a_zigzag_of_320000_fixes_is_simplified_within_a_bounded_cpu_time():
    # Split one fix at a time, this zig-zag took 8 s at 40,000 fixes and minutes at 320,000.
    script = (
        "import resource, numpy as np\n"
        "resource.setrlimit(resource.RLIMIT_CPU, (20, 20))\n"
        "from logimap.render.tracks import simplified\n"
        "n = 320_000\n"
        "xy = np.column_stack([130 + np.arange(n) * 1e-4,"
        " 42 + np.where(np.arange(n) % 2, 0.01, 0.0)])\n"
        "print(len(simplified(xy, np.arange(n) * 60.0, [0, n - 1], 100.0)))\n")

    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)

    assert ran.returncode == 0, ran.stderr  # SIGXCPU past 20 s of CPU
    assert ran.stdout.split() == ["320000"]


def test_thinning_keeps_the_ends_and_spaces_the_rest_evenly():
    kept = np.arange(0, 1_000, 2)
    ends = np.array([0, 500, 502, 998])

    thin = tracks.thinned(kept, ends, 54)

    assert set(ends.tolist()) <= set(thin.tolist())
    assert len(thin) <= 54
    steps = np.diff(np.setdiff1d(thin, ends[1:3]))
    assert steps.max() - steps.min() <= 4  # evenly spaced, give or take a rounding
    assert tracks.thinned(kept, ends, 500) is kept


@pytest.mark.slow
def test_past_the_page_cap_a_track_is_sent_thinned_with_its_dark_period(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from logimap.pipeline import load, tables_of
    from logimap.render.payload import build_payload
    from tests.voyage import WRITERS, voyage

    source = WRITERS["csv"](tmp_path / "v.csv", voyage())
    project = make_project(tmp_path / "p", "v.csv", source.read_bytes())
    scenario = load(project)
    tables = tables_of(scenario)
    full = _track_of(build_payload(scenario, tables))

    monkeypatch.setattr(tracks, "MAX_PAGE_POINTS", 12)
    thin = _track_of(build_payload(scenario, tables))

    assert full["track_info"]["sent"] > 12
    assert thin["track_info"]["sent"] <= 12
    assert thin["track_info"]["fixes"] == full["track_info"]["fixes"] == len(voyage())
    full_times, thin_times = _decoded(full["times"]), _decoded(thin["times"])
    assert len(thin_times) == thin["track_info"]["sent"]
    assert set(thin_times) <= set(full_times)
    # The dark period runs from the same fix, sent with the same time.
    assert thin_times[thin["gaps"][0][0]] == full_times[full["gaps"][0][0]]
    assert thin_times[thin["gaps"][0][0] + 1] == full_times[full["gaps"][0][0] + 1]
    assert thin["gaps"][0][1:] == full["gaps"][0][1:]
    assert full_times[full["gaps"][0][0] + 1] - full_times[full["gaps"][0][0]] == 30 * 3600


def _decoded(text: str) -> list[int]:
    """Integers written as Google's encoded polyline algorithm writes them, each a step from
    the one before."""
    values, number, shift, total = [], 0, 0, 0
    for char in text:
        group = ord(char) - 63
        number |= (group & 31) << shift
        shift += 5
        if group < 32:
            total += ~(number >> 1) if number & 1 else number >> 1
            values.append(total)
            number, shift = 0, 0
    return values


def _track_of(data: dict) -> dict:
    """The first leg's track fields as the page is sent them."""
    columns = data["legs"]["columns"]

    def first(name: str):
        column = columns[name]
        return column[0] if isinstance(column, list) else column["values"][column["index"][0]]

    return {name: first(name) for name in ("track_info", "gaps", "times")}
