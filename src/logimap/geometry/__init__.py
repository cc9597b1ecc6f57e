"""Leg geometry, one module per transport mode. Pure functions: no file I/O, no folium.

Coordinates are (lon, lat) WGS84. Longitudes along a line are *unwrapped*: each differs from
the previous by less than 180 degrees, so a line crossing the antimeridian continues past
±180 (e.g. 179.5 -> 180.5) and draws as one piece on a web map. Exports split such lines at
±180 (see ``antimeridian``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LegGeometry:
    """The drawn path of one leg: unwrapped (lon, lat) points and its geodesic length."""

    coords: tuple[tuple[float, float], ...]
    length_km: float
