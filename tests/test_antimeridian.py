"""Cutting unwrapped lines at ±180 for the exports: where, at which latitude, into which parts.

The latitude of each cut is checked against the great circle computed here with vectors (the
intersection of the segment's great-circle plane with the plane of meridians 0 and 180), not
with the module's own formula.
"""

from __future__ import annotations

import math

import pytest

from logimap.geo.antimeridian import split_at_antimeridian


def crossing_latitude(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Where the great circle through a and b meets the meridian ±180, in degrees."""
    def xyz(lon: float, lat: float) -> tuple[float, float, float]:
        lon, lat = math.radians(lon), math.radians(lat)
        return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))

    p, q = xyz(*a), xyz(*b)
    normal = (p[1] * q[2] - p[2] * q[1], p[2] * q[0] - p[0] * q[2], p[0] * q[1] - p[1] * q[0])
    # the meridian plane of lon 0 and 180 has the normal (0, 1, 0): the line is normal x (0,1,0)
    d = (-normal[2], 0.0, normal[0])
    if d[0] > 0:  # the point on meridian 180, not 0
        d = (-d[0], 0.0, -d[2])
    return math.degrees(math.atan2(d[2], abs(d[0])))


def test_a_line_within_the_world_is_one_part_unchanged():
    line = [(10.0, 0.0), (20.0, 1.0), (-180.0, 2.0), (180.0, 3.0)]

    assert split_at_antimeridian(line) == [line]


def test_repeated_points_are_dropped():
    assert split_at_antimeridian([(1.0, 1.0), (1.0, 1.0), (2.0, 2.0)]) == [[(1.0, 1.0),
                                                                          (2.0, 2.0)]]


@pytest.mark.parametrize(("point", "kept"), [((190.0, 5.0), (-170.0, 5.0)),
                                             ((-190.0, 5.0), (170.0, 5.0)),
                                             ((30.0, 5.0), (30.0, 5.0))])
def test_a_line_of_one_place_is_one_part_of_that_place_twice(point, kept):
    assert split_at_antimeridian([point, point]) == [[kept, kept]]


def test_the_cut_follows_the_great_circle_not_a_straight_line_in_degrees():
    a, b = (170.0, 60.0), (190.0, 10.0)

    (west, east) = split_at_antimeridian([a, b])

    latitude = crossing_latitude(a, b)
    assert abs(latitude - 44.1) < 0.05  # a straight line in degrees would cross at 35.0
    assert west == [(170.0, 60.0), (180.0, west[1][1])] and abs(west[1][1] - latitude) < 1e-9
    assert east == [(-180.0, west[1][1]), (-170.0, 10.0)]


def test_a_line_crossing_westwards_is_cut_the_same_way():
    a, b = (-170.0, -20.0), (-190.0, 30.0)

    (east, west) = split_at_antimeridian([a, b])

    latitude = crossing_latitude(a, b)
    assert east == [(-170.0, -20.0), (-180.0, east[1][1])]
    assert abs(east[1][1] - latitude) < 1e-9
    assert west == [(180.0, east[1][1]), (170.0, 30.0)]


def test_a_line_going_round_twice_is_cut_at_each_crossing():
    line = [(170.0, 0.0), (190.0, 0.0), (350.0, 0.0), (530.0, 0.0), (550.0, 0.0)]

    parts = split_at_antimeridian(line)

    assert parts == [[(170.0, 0.0), (180.0, 0.0)],
                     [(-180.0, 0.0), (-170.0, 0.0), (-10.0, 0.0), (170.0, 0.0), (180.0, 0.0)],
                     [(-180.0, 0.0), (-170.0, 0.0)]]


def test_a_vertex_on_the_antimeridian_starts_the_next_part():
    parts = split_at_antimeridian([(170.0, 1.0), (180.0, 2.0), (190.0, 3.0)])

    assert parts == [[(170.0, 1.0), (180.0, 2.0)], [(-180.0, 2.0), (-170.0, 3.0)]]


def test_a_line_wholly_east_of_180_is_shifted_back_into_the_world():
    assert split_at_antimeridian([(185.0, 1.0), (200.0, 2.0)]) == [[(-175.0, 1.0),
                                                                   (-160.0, 2.0)]]


def test_a_segment_through_a_pole_is_cut_by_interpolation():
    (first, second) = split_at_antimeridian([(170.0, 90.0), (190.0, 80.0)])

    assert first == [(170.0, 90.0), (180.0, 85.0)]
    assert second == [(-180.0, 85.0), (-170.0, 80.0)]


@pytest.mark.parametrize(("a", "b"), [((179.0, -1.0), (181.0, 1.0)), ((150.0, 45.0),
                                                                      (210.0, 50.0)),
                                      ((120.0, -60.0), (240.0, -10.0))])
def test_each_cut_latitude_is_on_the_great_circle(a, b):
    parts = split_at_antimeridian([a, b])

    assert len(parts) == 2
    assert abs(parts[0][-1][1] - crossing_latitude(a, b)) < 1e-9
    assert parts[0][-1][0] == 180.0 and parts[1][0][0] == -180.0


def test_a_place_just_past_180_is_counted_in_the_next_world():
    (part,) = split_at_antimeridian([(180.3, 5.0), (180.3, 5.0)])

    assert part == [pytest.approx((-179.7, 5.0))] * 2


def test_a_line_three_and_a_half_turns_east_is_cut_in_its_own_world():
    assert split_at_antimeridian([(1250.0, 0.0), (1270.0, 0.0)]) == [
        [(170.0, 0.0), (180.0, 0.0)], [(-180.0, 0.0), (-170.0, 0.0)]]


def test_a_step_just_west_of_minus_180_starts_a_part_on_the_other_side():
    assert split_at_antimeridian([(-179.5, 0.0), (-180.5, 0.0)]) == [
        [(-179.5, 0.0), (-180.0, 0.0)], [(180.0, 0.0), (179.5, 0.0)]]


def test_a_line_touching_180_from_the_east_and_turning_back_stays_one_part():
    assert split_at_antimeridian([(190.0, 0.0), (180.0, 1.0), (190.0, 2.0)]) == [
        [(-170.0, 0.0), (-180.0, 1.0), (-170.0, 2.0)]]


def test_a_line_touching_180_from_the_west_and_turning_back_stays_one_part():
    assert split_at_antimeridian([(170.0, 0.0), (180.0, 1.0), (170.0, 2.0)]) == [
        [(170.0, 0.0), (180.0, 1.0), (170.0, 2.0)]]


def test_a_line_one_turn_east_touching_180_stays_in_its_world():
    assert split_at_antimeridian([(530.0, 0.0), (540.0, 1.0), (530.0, 2.0)]) == [
        [(170.0, 0.0), (180.0, 1.0), (170.0, 2.0)]]


def test_a_line_ending_a_rounding_error_past_180_ends_just_east_of_minus_180():
    # how a geodesic from (1, 0) to (-179.99999999999997, 0) ends once unwrapped
    assert split_at_antimeridian([(179.5513784461153, 0.0), (180.00000000000003, 0.0)]) == [
        [(179.5513784461153, 0.0), (180.0, 0.0)], [(-180.0, 0.0), (-179.99999999999997, 0.0)]]


def test_a_line_ending_a_rounding_error_past_minus_180_ends_just_west_of_180():
    assert split_at_antimeridian([(-179.5513784461153, 0.0), (-180.00000000000003, 0.0)]) == [
        [(-179.5513784461153, 0.0), (-180.0, 0.0)], [(180.0, 0.0), (179.99999999999997, 0.0)]]
