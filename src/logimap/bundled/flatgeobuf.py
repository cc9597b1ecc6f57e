"""A small reader of the bundled FlatGeobuf files, with numpy and shapely only.

GDAL (through pyogrio) reads these files too, but importing pyogrio imports pandas and
geopandas, which costs a routing step more than reading the data. This reader takes what the
bundled files use (https://flatgeobuf.org, version 3): 2D points, lines and polygons, single
or multi, with string, integer and float properties, and a packed Hilbert R-tree index whose
leaves give each feature's bounding box.

``read(path, bbox)`` gives the features whose shapes intersect ``bbox`` (the features whose
bounding box meets it, then GEOS's ``intersects``), in the order of the file, as GDAL does.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

MAGIC = b"fgb\x03"
NODE_BYTES = 40  # an index node: min x, min y, max x, max y (doubles), offset (uint64)
# geometry types (FlatGeobuf's GeometryType)
POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON = 1, 2, 3, 4, 5, 6
# property types (FlatGeobuf's ColumnType): struct formats of the fixed-size ones
FIXED = {0: "<b", 1: "<B", 2: "<?", 3: "<h", 4: "<H", 5: "<i", 6: "<I", 7: "<q", 8: "<Q",
         9: "<f", 10: "<d"}
SIZED = {11, 12, 13, 14}  # String, Json, DateTime, Binary: a uint32 length, then the bytes


RAGGED = {POINT: 0, LINESTRING: 1, POLYGON: 3, MULTIPOINT: 4, MULTILINESTRING: 5,
          MULTIPOLYGON: 6}  # shapely's GeometryType of each


class FlatGeobufError(ValueError):
    """A file this reader cannot read (not FlatGeobuf, or with parts it does not take)."""


@dataclass(frozen=True)
class Features:
    """Features read from a file: their shapes and the columns asked for (None where a
    feature has no value)."""

    geometries: np.ndarray
    columns: dict[str, list[Any]]


class _Table:
    """A FlatBuffers table in ``data`` at ``at``: its fields by number."""

    def __init__(self, data: memoryview, at: int):
        self.data, self.at = data, at
        vtable = at - struct.unpack_from("<i", data, at)[0]
        size = struct.unpack_from("<H", data, vtable)[0]
        self.offsets = struct.unpack_from(f"<{(size - 4) // 2}H", data, vtable + 4)

    def _field(self, number: int) -> int:
        """Where field ``number`` lies, 0 when the table lacks it."""
        if number >= len(self.offsets) or self.offsets[number] == 0:
            return 0
        return self.at + self.offsets[number]

    def scalar(self, number: int, fmt: str, default: Any) -> Any:
        at = self._field(number)
        return struct.unpack_from(fmt, self.data, at)[0] if at else default

    def _vector(self, number: int) -> tuple[int, int]:
        """Where the items of vector field ``number`` start, and how many there are."""
        at = self._field(number)
        if not at:
            return 0, 0
        start = at + struct.unpack_from("<I", self.data, at)[0]
        return start + 4, struct.unpack_from("<I", self.data, start)[0]

    def array(self, number: int, dtype: str) -> np.ndarray:
        import numpy as np

        start, count = self._vector(number)
        return np.frombuffer(self.data, dtype=dtype, count=count, offset=start) if count else \
            np.empty(0, dtype=dtype)

    def bytes(self, number: int, item_size: int = 1) -> memoryview:
        """The raw items of vector field ``number``, each ``item_size`` bytes long."""
        start, count = self._vector(number)
        return self.data[start:start + count * item_size]

    def string(self, number: int) -> str:
        return bytes(self.bytes(number)).decode("utf-8")

    def table(self, number: int) -> _Table | None:
        at = self._field(number)
        return _Table(self.data, at + struct.unpack_from("<I", self.data, at)[0]) if at else None

    def tables(self, number: int) -> list[_Table]:
        start, count = self._vector(number)
        return [_Table(self.data, start + 4 * i + struct.unpack_from("<I", self.data,
                                                                      start + 4 * i)[0])
                for i in range(count)]


def read(path: str | Path, bbox: tuple[float, float, float, float] | None = None,
         columns: tuple[str, ...] = ()) -> Features:
    """The features of the file at ``path`` (those intersecting ``bbox``, when given), with
    the properties named in ``columns``. A file is read once per process and each shape made
    once: treat the shapes as read-only."""
    import numpy as np
    import shapely

    source = _opened(str(path))
    missing = sorted(set(columns) - {name for name, _ in source.names})
    if missing:
        raise FlatGeobufError(f"{path}: has no column {', '.join(map(repr, missing))}")
    chosen = np.arange(len(source.boxes))
    if bbox is not None:
        box = source.boxes
        chosen = np.flatnonzero((box[:, 0] <= bbox[2]) & (box[:, 2] >= bbox[0])
                                & (box[:, 1] <= bbox[3]) & (box[:, 3] >= bbox[1]))
    geometries = source.shapes(chosen)
    if bbox is not None:
        shapely.prepare(geometries)  # kept prepared for the next read of the same shapes
        keep = shapely.intersects(geometries, shapely.box(*bbox))
        chosen, geometries = chosen[keep], geometries[keep]
    return Features(geometries, source.values(chosen, columns))


@lru_cache(maxsize=16)
def _opened(path: str) -> _File:
    return _File(path)


class _File:
    """One FlatGeobuf file: its header, each feature's bounding box and where it lies, and
    the shapes made so far."""

    def __init__(self, path: str):
        import numpy as np

        self.path = path
        self.data = data = memoryview(Path(path).read_bytes())
        if bytes(data[:4]) != MAGIC:
            raise FlatGeobufError(f"{path}: not a FlatGeobuf file of version 3")
        header_size = struct.unpack_from("<I", data, 8)[0]
        header = _Table(data, 12 + struct.unpack_from("<I", data, 12)[0])
        if any(header.scalar(number, "<?", False) for number in (3, 4, 5, 6)):
            raise FlatGeobufError(f"{path}: has z, m or time values, which this reader does "
                                  "not take")
        self.kind = header.scalar(2, "<B", 0)
        self.names = [(column.string(0), column.scalar(1, "<B", 0))
                      for column in header.tables(7)]
        count = header.scalar(8, "<Q", 0)
        node_size = header.scalar(9, "<H", 16)
        if node_size < 2:
            raise FlatGeobufError(f"{path}: has no spatial index")
        index_at = 12 + header_size
        levels = _level_sizes(count, node_size)
        leaves = np.frombuffer(data, dtype=[("box", "<f8", 4), ("offset", "<u8")],
                               count=count, offset=index_at + NODE_BYTES * (sum(levels) - count))
        self.boxes, self.offsets = leaves["box"], leaves["offset"].tolist()
        self.features_at = index_at + NODE_BYTES * sum(levels)
        self.made = np.empty(count, dtype=object)

    def _feature(self, number: int) -> _Table:
        at = self.features_at + self.offsets[number] + 4
        return _Table(self.data, at + struct.unpack_from("<I", self.data, at)[0])

    def shapes(self, numbers: np.ndarray) -> np.ndarray:
        """The shapes of features ``numbers``, made where not made yet."""
        import numpy as np

        new = [n for n in numbers.tolist() if self.made[n] is None]
        if new:
            shapes = _Shapes(self.kind)
            for number in new:
                shape = self._feature(number).table(0)
                if shape is None:
                    raise FlatGeobufError(f"{self.path}: feature {number} has no shape")
                shapes.add(shape)
            self.made[np.asarray(new, dtype=np.int64)] = shapes.geometries()
        return self.made[numbers]

    def values(self, numbers: np.ndarray, columns: tuple[str, ...]) -> dict[str, list[Any]]:
        """The values of ``columns`` of features ``numbers`` (None where one has none)."""
        values: dict[str, list[Any]] = {name: [] for name in columns}
        wanted = {number: (name, kind) for number, (name, kind) in enumerate(self.names)
                  if name in values}
        if not wanted:
            return values
        for number in numbers.tolist():
            found = _properties(self._feature(number).bytes(1), self.names, wanted)
            for name, column in values.items():
                column.append(found.get(name))
        return values


class _Shapes:
    """Shapes of one type gathered from their FlatGeobuf tables, made into shapely
    geometries at once (``shapely.from_ragged_array``)."""

    def __init__(self, kind: int):
        if kind not in (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON):
            raise FlatGeobufError(f"geometry type {kind}, which this reader does not take")
        self.kind = kind
        self.xy: list[memoryview] = []
        self.pieces: list[int] = []  # points in each ring or line
        self.polygons: list[int] = []  # rings in each polygon (multipolygons)
        self.counts: list[int] = []  # points, lines, rings or polygons in each shape

    def add(self, shape: _Table) -> None:
        if self.kind == MULTIPOLYGON:
            parts = shape.tables(7)
            for part in parts:
                self.polygons.append(self._rings(part))
            self.counts.append(len(parts))
        elif self.kind in (POLYGON, MULTILINESTRING):
            self.counts.append(self._rings(shape))
        else:
            self.counts.append(self._coordinates(shape))

    def _coordinates(self, shape: _Table) -> int:
        """Take ``shape``'s coordinates; how many points it has."""
        raw = shape.bytes(1, 8)
        self.xy.append(raw)
        return len(raw) // 16

    def _rings(self, shape: _Table) -> int:
        """Take ``shape``'s rings or lines; how many there are."""
        points = self._coordinates(shape)
        ends = shape.array(0, "<u4").tolist() or ([points] if points else [])
        self.pieces += [b - a for a, b in zip([0, *ends[:-1]], ends, strict=True)]
        return len(ends)

    def geometries(self) -> np.ndarray:
        import numpy as np
        import shapely

        coords = np.frombuffer(b"".join(self.xy), dtype="<f8").reshape(-1, 2)
        if self.kind == POINT:
            if any(count != 1 for count in self.counts):
                raise FlatGeobufError("a point shape without exactly one point")
            return shapely.from_ragged_array(shapely.GeometryType.POINT, coords)
        levels = {MULTIPOLYGON: (self.pieces, self.polygons, self.counts),
                  POLYGON: (self.pieces, self.counts),
                  MULTILINESTRING: (self.pieces, self.counts)}.get(self.kind, (self.counts,))
        offsets = tuple(np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])
                        for counts in levels)
        return shapely.from_ragged_array(RAGGED[self.kind], coords, offsets)


def _level_sizes(count: int, node_size: int) -> list[int]:
    """The number of nodes in each level of the packed R-tree of ``count`` features."""
    sizes, n = [count], count
    while n > 1:
        n = -(-n // node_size)
        sizes.append(n)
    return sizes


def _properties(data: memoryview, names: list[tuple[str, int]],
                wanted: dict[int, tuple[str, int]]) -> dict[str, Any]:
    """The values of the ``wanted`` columns in a feature's properties."""
    found: dict[str, Any] = {}
    at = 0
    while at < len(data) and len(found) < len(wanted):
        number = struct.unpack_from("<H", data, at)[0]
        at += 2
        if number >= len(names):
            raise FlatGeobufError(f"a property of column number {number}, which is not one")
        kind = names[number][1]
        if kind in FIXED:
            value = struct.unpack_from(FIXED[kind], data, at)[0]
            at += struct.calcsize(FIXED[kind])
        elif kind in SIZED:
            length = struct.unpack_from("<I", data, at)[0]
            raw = bytes(data[at + 4:at + 4 + length])
            value = raw if kind == 14 else raw.decode("utf-8")
            at += 4 + length
        else:
            raise FlatGeobufError(f"a property of type {kind}, which this reader does not take")
        if number in wanted:
            found[wanted[number][0]] = value
    return found
