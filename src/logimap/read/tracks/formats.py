"""Track file formats: a file's suffix names the module that reads it.

A new format is one module with ``read(data, path) -> Reading`` and one line in ``READERS``.
"""

from __future__ import annotations

import importlib

from logimap.errors import Problem
from logimap.read.tracks.collect import Reading

READERS: dict[str, str] = {
    ".csv": "logimap.read.tracks.tabular",
    ".gpx": "logimap.read.tracks.gpx",
    ".geojson": "logimap.read.tracks.geojson",
    ".json": "logimap.read.tracks.geojson",
    ".kml": "logimap.read.tracks.kml",
    ".nmea": "logimap.read.tracks.nmea",
    ".ais": "logimap.read.tracks.nmea",
    ".txt": "logimap.read.tracks.nmea",
    ".log": "logimap.read.tracks.nmea",
}

# The readers of files that hold the positions a device logged itself (GPS loggers and what
# is exported from them), not those a receiver picked up from a transponder.
LOGGED_READERS = ("logimap.read.tracks.gpx", "logimap.read.tracks.geojson",
                  "logimap.read.tracks.kml")


def reader_for(path: str) -> str | None:
    """The module that reads the file at ``path``, by its suffix (None: no reader)."""
    lower = path.lower()
    return next((module for suffix, module in READERS.items() if lower.endswith(suffix)), None)


def read_data(data: bytes, path: str) -> Reading:
    """The fixes of a track file's ``data`` (its project path ``path`` names the format)."""
    module = reader_for(path)
    if module is None:
        known = ", ".join(sorted(READERS))
        return Reading(None, [Problem(path, "", "is not a track format logimap reads",
                                      f"name the file by its format: {known}")])
    return importlib.import_module(module).read(data, path)
