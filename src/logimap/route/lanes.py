"""The bundled sea lanes: a graph over the world's seas, canals and the rivers ships use.

``data/sealanes/sealanes.fgb`` holds searoute's maritime network with every edge that crossed
Natural Earth 1:10m land either repaired on water or marked ``inland`` (a canal, a river or
a lake that 1:10m land covers); see ``scripts/sealanes.py`` and PROVENANCE.md there. Lines are
densified about every 25 km and every vertex is a node, so a port is joined to a lane near it.

Nodes are keyed by their wrapped (lon, lat): the same point at -180 and 180 is one node.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import as_file, files
from typing import TYPE_CHECKING, Any

from logimap.geo.geodesy import GEOD, Point

if TYPE_CHECKING:
    import numpy as np
    from shapely import MultiLineString

BBox = tuple[float, float, float, float]
FILE = "sealanes.fgb"


@dataclass(frozen=True)
class Lanes:
    """The lane graph: ``points`` (n, 2) wrapped lon, lat of the nodes; ``edges`` (m, 2)
    node indices; ``km`` each edge's geodesic length; ``inland`` whether it runs over
    1:10m land (a waterway)."""

    points: np.ndarray
    edges: np.ndarray
    km: np.ndarray
    inland: np.ndarray

    @cached_property
    def graph(self) -> Any:
        """The symmetric sparse matrix of edge lengths, for ``scipy.sparse.csgraph``."""
        import numpy as np
        from scipy.sparse import csr_matrix

        size = len(self.points)
        rows = np.concatenate([self.edges[:, 0], self.edges[:, 1]])
        cols = np.concatenate([self.edges[:, 1], self.edges[:, 0]])
        return csr_matrix((np.tile(np.maximum(self.km, 1e-9), 2), (rows, cols)),
                          shape=(size, size))

    def within(self, bbox: BBox) -> np.ndarray:
        """Indices of the nodes inside ``bbox`` (its longitudes may be unwrapped)."""
        import numpy as np

        west, south, east, north = bbox
        lon = self.points[:, 0]
        shifted = west + np.remainder(lon - west, 360.0)
        inside = (shifted <= east) & (self.points[:, 1] >= south) & (self.points[:, 1] <= north)
        return np.flatnonzero(inside)

    def point_near(self, node: int, lon: float) -> Point:
        """Node ``node`` with its longitude shifted by a multiple of 360 next to ``lon``."""
        x, y = self.points[node]
        return (float(x + 360.0 * round((lon - x) / 360.0)), float(y))

    def inland_lines(self, bbox: BBox) -> MultiLineString:
        """The inland (waterway) edges with an end inside ``bbox``, in its longitudes."""
        import numpy as np
        import shapely

        inside = np.zeros(len(self.points), dtype=bool)
        inside[self.within(bbox)] = True
        chosen = self.edges[self.inland & (inside[self.edges[:, 0]] | inside[self.edges[:, 1]])]
        middle = (bbox[0] + bbox[2]) / 2.0
        lines = []
        for a, b in chosen:
            start = self.point_near(int(a), middle)
            lines.append((start, self.point_near(int(b), start[0])))
        return shapely.MultiLineString(lines)


@lru_cache(maxsize=1)
def lanes() -> Lanes:
    """The bundled lane graph (read once per process)."""
    import numpy as np
    import pyogrio.raw
    import shapely

    with as_file(files("logimap") / "data" / "sealanes" / FILE) as path:
        _, _, wkb, fields = pyogrio.raw.read(path, columns=["kind"])
    lines = shapely.from_wkb(wkb)
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    wrapped = coords.copy()
    wrapped[:, 0] = np.remainder(wrapped[:, 0] + 180.0, 360.0) - 180.0
    keys = np.round(wrapped, 7)
    # one complex number per point: np.unique sorts those far faster than rows
    unique, index = np.unique(keys[:, 0] + 1j * keys[:, 1], return_inverse=True)
    points = np.stack([unique.real, unique.imag], axis=1)
    same_line = owner[1:] == owner[:-1]
    starts, ends = index[:-1][same_line], index[1:][same_line]
    _, _, metres = GEOD.inv(coords[:-1][same_line, 0], coords[:-1][same_line, 1],
                            coords[1:][same_line, 0], coords[1:][same_line, 1])
    kind = np.asarray(fields[0])[owner[:-1][same_line]]
    keep = starts != ends
    return Lanes(points=points, edges=np.stack([starts, ends], axis=1)[keep],
                 km=np.asarray(metres)[keep] / 1000.0, inland=(kind == "inland")[keep])
