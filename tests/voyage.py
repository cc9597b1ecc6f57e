"""A synthetic voyage from Rajin to Dunai, and the same fixes written in every track format.

The ship is invented: it sails a hand-drawn path (``PATH``) at 10 knots, a fix every 10
minutes, and sends nothing for 30 hours in the middle (a dark period), while it drifts a few
km. Positions lie on AIS's grid (1/600,000 degree, to six decimals as decoders give it)
and speeds and courses on its tenths, so that every format, raw AIS included, holds exactly
these values. The writers here use only
the standard library and pyais's encoder, never logimap's code.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

# (lon, lat): Rajin port, out to sea, east along the coast, south of Askold, into Strelok Bay.
PATH = [(130.3000, 42.2400), (130.5500, 42.1000), (131.2000, 42.2500), (131.9000, 42.5000),
        (132.3000, 42.7000), (132.3375, 42.8803)]
START = datetime(2023, 9, 7, 4, 0, tzinfo=UTC)
STEP = timedelta(minutes=10)
KNOTS = 10.0
DARK_AFTER = 40  # fixes before the dark period
DARK = timedelta(hours=30)
AIS_GRID = 600_000  # AIS positions are in 1/10,000 minute
MMSI = "273999001"  # an MMSI no ship is known to use (invented for the test)


@dataclass(frozen=True)
class Fix:
    time: datetime
    lon: float
    lat: float
    speed: float  # knots
    course: float  # degrees

    @property
    def epoch_ms(self) -> int:
        return round(self.time.timestamp() * 1000)

    @property
    def iso(self) -> str:
        return self.time.strftime("%Y-%m-%dT%H:%M:%SZ")


def _grid(value: float) -> float:
    """On AIS's grid, as a decoder gives it back: to six decimals."""
    return round(round(value * AIS_GRID) / AIS_GRID, 6)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (b[0] - a[0]) * 111.32 * math.cos(math.radians((a[1] + b[1]) / 2))
    dy = (b[1] - a[1]) * 110.57
    return math.hypot(dx, dy)


def _course(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (b[0] - a[0]) * math.cos(math.radians((a[1] + b[1]) / 2))
    return round(math.degrees(math.atan2(dx, b[1] - a[1])) % 360, 1)


def voyage() -> list[Fix]:
    """The fixes, in time order: along PATH at KNOTS, a 30-hour silence after DARK_AFTER."""
    step_km = KNOTS * 1.852 * STEP.total_seconds() / 3600
    fixes, time, travelled = [], START, 0.0
    legs = list(pairwise(PATH))
    total = sum(_km(a, b) for a, b in legs)
    while travelled <= total:
        left, point, course = travelled, PATH[-1], 0.0
        for a, b in legs:
            length = _km(a, b)
            if left <= length:
                f = left / length
                point = (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)
                course = _course(a, b)
                break
            left -= length
        fixes.append(Fix(time, _grid(point[0]), _grid(point[1]), KNOTS, course))
        time += STEP
        travelled += step_km
        if len(fixes) == DARK_AFTER:
            time += DARK - STEP
            travelled += 3.0  # drifted while dark
    last = fixes[-1]
    fixes.append(Fix(last.time + STEP, _grid(PATH[-1][0]), _grid(PATH[-1][1]), 0.0, 0.0))
    return fixes


def write_csv(path: Path, fixes: list[Fix]) -> Path:
    lines = ["time,lat,lon,id,speed,course"]
    lines += [f"{f.iso},{f.lat!r},{f.lon!r},{MMSI},{f.speed!r},{f.course!r}" for f in fixes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_gpx(path: Path, fixes: list[Fix]) -> Path:
    points = "".join(f'<trkpt lat="{f.lat!r}" lon="{f.lon!r}"><time>{f.iso}</time></trkpt>\n'
                     for f in fixes)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="test" '
                    'xmlns="http://www.topografix.com/GPX/1/1">\n<trk><name>synthetic</name>'
                    f"<trkseg>\n{points}</trkseg></trk>\n</gpx>\n", encoding="utf-8")
    return path


def write_geojson_points(path: Path, fixes: list[Fix]) -> Path:
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [f.lon, f.lat]},
                 "properties": {"time": f.iso, "id": MMSI, "speed": f.speed,
                                "course": f.course}} for f in fixes]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    return path


def write_geojson_line(path: Path, fixes: list[Fix]) -> Path:
    feature = {"type": "Feature",
               "geometry": {"type": "LineString", "coordinates": [[f.lon, f.lat] for f in fixes]},
               "properties": {"id": MMSI, "coordTimes": [f.iso for f in fixes]}}
    path.write_text(json.dumps(feature), encoding="utf-8")
    return path


def write_kml(path: Path, fixes: list[Fix]) -> Path:
    whens = "".join(f"<when>{f.iso}</when>\n" for f in fixes)
    coords = "".join(f"<gx:coord>{f.lon!r} {f.lat!r} 0</gx:coord>\n" for f in fixes)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/'
                    'kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document>'
                    f"<Placemark><name>synthetic</name><gx:Track>\n{whens}{coords}"
                    "</gx:Track></Placemark></Document></kml>\n", encoding="utf-8")
    return path


def nmea_sentences(fixes: list[Fix], mmsi: str = MMSI) -> list[str]:
    """One AIS position report (type 1) per fix, each after an NMEA 4 tag block giving the
    time it was received."""
    from pyais.encode import encode_dict

    lines = []
    for f in fixes:
        sentence = encode_dict({"type": 1, "mmsi": int(mmsi), "lat": f.lat, "lon": f.lon,
                                "speed": f.speed, "course": f.course, "second": f.time.second},
                               talker_id="AI")[0].replace("!AIVDO", "!AIVDM")
        sentence = sentence[:-2] + _checksum(sentence[1:sentence.index("*")])
        block = f"c:{int(f.time.timestamp())}"
        lines.append(f"\\{block}*{_checksum(block)}\\{sentence}")
    return lines


def _checksum(text: str) -> str:
    value = 0
    for char in text:
        value ^= ord(char)
    return f"{value:02X}"


def write_nmea(path: Path, fixes: list[Fix]) -> Path:
    path.write_text("\n".join(nmea_sentences(fixes)) + "\n", encoding="ascii")
    return path


WRITERS = {"csv": write_csv, "gpx": write_gpx, "geojson": write_geojson_points,
           "line.geojson": write_geojson_line, "kml": write_kml, "nmea": write_nmea}
