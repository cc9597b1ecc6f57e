"""What a track reader gathers while it goes through a file: fixes and located problems.

Each format family has a reader module (``logimap.read.tracks.formats.READERS``) with
``read(data, path) -> Reading``; they share ``Collector``, which keeps fixes in lists until
``reading()`` makes them arrays (``logimap.model.Fixes``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from logimap.errors import Problem
from logimap.messages import excerpt
from logimap.model.tracks import ARRAYS, Fixes, fix_place
from logimap.read.fields import DECIMAL

if TYPE_CHECKING:
    import numpy as np

KNOTS_PER_MS = 3600.0 / 1852.0  # a speed in metres per second, in knots
MAX_PROBLEMS = 20  # problems listed per track file; the rest are counted


@dataclass
class Reading:
    """What a reader made of a file: its fixes (None when nothing could be read), problems
    that stop the leg being drawn, and notes (what was left out or put right)."""

    fixes: Fixes | None
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)


class Collector:
    """Gathers fixes and located problems while a reader goes through a file; at most
    ``MAX_PROBLEMS`` problems are listed, then how many more there were."""

    def __init__(self, path: str, kind: str):
        self.path = path
        self.kind = kind
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.unlisted = 0
        self.columns: dict[str, list] = {name: [] for name in ARRAYS}
        self.id_index: dict[str, int] = {}

    def where(self, place: int, vertex: int = 0) -> str:
        return fix_place(self.kind, place, vertex)

    def problem(self, where: str, message: str, hint: str = "") -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.path, where, message, hint))
        else:
            self.unlisted += 1

    def add(self, place: int, time_ms: int, lon: float, lat: float, speed: float = float("nan"),
            course: float = float("nan"), ident: str = "", vertex: int = 0) -> None:
        """One fix, its position already checked (``position``)."""
        columns = self.columns
        columns["times"].append(time_ms)
        columns["lons"].append(lon)
        columns["lats"].append(lat)
        columns["speeds"].append(speed)
        columns["courses"].append(course)
        columns["places"].append(place)
        columns["vertices"].append(vertex)
        columns["ids"].append(self.id_index.setdefault(ident, len(self.id_index)))

    def add_many(self, places: list[int], times: list[int], lons: np.ndarray,
                 lats: np.ndarray, speeds: np.ndarray, courses: np.ndarray,
                 idents: list[str]) -> None:
        """Fixes already checked, in bulk (as ``add`` one by one)."""
        columns = self.columns
        for name, values in (("places", places), ("times", times), ("lons", lons),
                             ("lats", lats), ("speeds", speeds), ("courses", courses)):
            columns[name].extend(values.tolist() if hasattr(values, "tolist") else values)
        columns["vertices"].extend([0] * len(places))
        index = self.id_index
        columns["ids"].extend(index.setdefault(i, len(index)) for i in idents)

    def number(self, where: str, text: str, name: str) -> float | None:
        """The finite number written in ``text``; None, and a problem, when it is none
        (``nan``, ``inf`` and numbers beyond a float's range are not finite)."""
        text = text.strip()
        written = DECIMAL.fullmatch(text) is not None
        if written and math.isfinite(value := float(text)):
            return value
        self.problem(where, f"{name} {excerpt(text)} is not a "
                     f"{'finite number' if written else 'number'}",
                     "write a decimal number with the digits 0-9 and '.'")
        return None

    def position(self, where: str, lat: float, lon: float) -> bool:
        """True when (lat, lon) is on the globe; else a problem saying what is wrong."""
        if not (abs(lat) <= 90.0 and abs(lon) <= 180.0):  # also false for NaN
            swapped = abs(lat) > 90.0 and abs(lon) <= 90.0
            self.problem(where, f"lat {lat:g}, lon {lon:g} is not a position on the globe"
                         + (" (lat and lon look swapped)" if swapped else ""),
                         "lat is -90..90 (north positive), lon -180..180 (east positive)")
            return False
        return True

    def reading(self) -> Reading:
        """The fixes gathered (None if there were problems) and every problem and note."""
        import numpy as np

        if self.unlisted:
            self.problems.append(Problem(self.path, "", f"and {self.unlisted} more problem(s) "
                                         "like those above", "fix those first"))
        if self.problems:
            return Reading(None, self.problems, self.notes)
        c = self.columns
        fixes = Fixes(
            path=self.path, kind=self.kind, times=np.array(c["times"], dtype=np.int64),
            lons=np.array(c["lons"], dtype=float), lats=np.array(c["lats"], dtype=float),
            speeds=np.array(c["speeds"], dtype=float),
            courses=np.array(c["courses"], dtype=float),
            places=np.array(c["places"], dtype=np.int64),
            vertices=np.array(c["vertices"], dtype=np.int64),
            ids=np.array(c["ids"], dtype=np.int32), id_values=tuple(self.id_index))
        return Reading(fixes, self.problems, self.notes)


def decoded(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """A track file's text (UTF-8, a byte order mark dropped), or a problem saying where it
    is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(path, f":{line}", f"byte {data[exc.start]:#04x} is not UTF-8",
                              "save the file as UTF-8")]
