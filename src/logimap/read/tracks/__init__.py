"""Tracks: the fixes of one vessel or aircraft, read from a file of the project (CSV, GPX,
GeoJSON, KML, raw AIS), that an observed leg's line follows; and ``track extract``, which
pulls one vessel's fixes out of a large dump."""

from logimap.read.tracks.collect import KNOTS_PER_MS, MAX_PROBLEMS, Collector, Reading, decoded
from logimap.read.tracks.formats import READERS, read_data, reader_for

__all__ = ["KNOTS_PER_MS", "MAX_PROBLEMS", "READERS", "Collector", "Reading", "decoded",
           "read_data", "reader_for"]
