"""Points and great-circle arcs on a sphere of the Earth's mean radius, as unit vectors.

What joining a stop to a network needs: the nearest point of many arcs at once, and which
arcs may pass near a point. Numpy is imported only when these run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from logimap.geo.geodesy import Point

if TYPE_CHECKING:
    import numpy as np

EARTH_KM = 6371.0088


def xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Unit vectors of (lon, lat) points on the sphere, one row each."""
    import numpy as np

    lam, phi = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def lonlat(vectors: np.ndarray) -> np.ndarray:
    """(lon, lat) degrees of unit vectors, one row each."""
    import numpy as np

    return np.column_stack([np.degrees(np.arctan2(vectors[:, 1], vectors[:, 0])),
                            np.degrees(np.arcsin(np.clip(vectors[:, 2], -1.0, 1.0)))])


def arc_km(a: Point, b: Point) -> float:
    """The great-circle distance between two (lon, lat) points, km."""
    import numpy as np

    u, v = xyz(np.array([a[0], b[0]]), np.array([a[1], b[1]]))
    return float(np.arctan2(np.linalg.norm(np.cross(u, v)), np.dot(u, v))) * EARTH_KM


def middles(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The midpoints (unit vectors) of arcs a[i]-b[i] and half their angles (radians)."""
    import numpy as np

    middle = a + b
    middle /= np.maximum(np.linalg.norm(middle, axis=1), 1e-15)[:, None]
    return middle, np.arcsin(np.clip(np.linalg.norm(a - b, axis=1) / 2, 0.0, 1.0))


def near_middles(p: np.ndarray, middle: np.ndarray, half: np.ndarray,
                  radius_km: float) -> np.ndarray:
    """Which arcs (given by ``middles``) may pass within ``radius_km`` of ``p``."""
    import numpy as np

    return middle @ p >= np.cos(np.minimum(radius_km / EARTH_KM + half, np.pi))


def nearest_on_arcs(p: np.ndarray, a: np.ndarray, b: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each great-circle arc a[i]-b[i]: the angle from ``p`` to its nearest point, the
    fraction of the arc's length at which that point lies, and the point (unit vectors).
    ``p`` is one point, or one per arc (``p[i]`` for arc i)."""
    import numpy as np

    def cross(u: np.ndarray, v: np.ndarray) -> np.ndarray:  # np.cross, without its overhead
        return np.stack([u[..., 1] * v[..., 2] - u[..., 2] * v[..., 1],
                         u[..., 2] * v[..., 0] - u[..., 0] * v[..., 2],
                         u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]], axis=-1)

    normal = cross(a, b)
    norm = np.linalg.norm(normal, axis=1)
    degenerate = norm < 1e-12
    unit = normal / np.where(degenerate, 1.0, norm)[:, None]
    across = unit @ p if p.ndim == 1 else np.einsum("ij,ij->i", unit, p)
    foot = p - across[:, None] * unit
    foot /= np.maximum(np.linalg.norm(foot, axis=1), 1e-15)[:, None]
    inside = (~degenerate & (np.einsum("ij,ij->i", cross(a, foot), unit) >= 0)
              & (np.einsum("ij,ij->i", cross(foot, b), unit) >= 0))

    def angle(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        return np.arctan2(np.linalg.norm(cross(u, v), axis=-1), (u * v).sum(axis=-1))

    rows = p[None, :] if p.ndim == 1 else p
    to_a, to_b = angle(a, rows), angle(b, rows)
    arc = angle(a, b)
    nearer_a = to_a <= to_b
    distance = np.where(inside, angle(foot, rows), np.where(nearer_a, to_a, to_b))
    fraction = np.where(inside, angle(a, foot) / np.where(arc > 0, arc, 1.0),
                        np.where(nearer_a, 0.0, 1.0))
    point = np.where(inside[:, None], foot, np.where(nearer_a[:, None], a, b))
    return distance, np.clip(fraction, 0.0, 1.0), point
