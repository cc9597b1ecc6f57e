"""Raw AIS: NMEA 0183 sentences (``!AIVDM``, ``!AIVDO``, any talker), decoded with pyais.

AIS position reports give only the second of the minute, so each line must say when it was
received: an NMEA 4 tag block (``\\c:1694059200*hh\\!AIVDM,...``), a time before the sentence
(``2023-09-07T04:00:00Z !AIVDM,...`` or ``1694059200,!AIVDM,...``) or one after its checksum
(``!AIVDM,...*hh,1694059200``). Position reports (message types 1, 2, 3, 9, 18, 19 and 27)
become fixes; other messages (static data, base stations...), sentences whose checksum is wrong
and positions AIS marks as not available are left out and counted in a note.
"""

from __future__ import annotations

import math
import re

from logimap.errors import Problem
from logimap.read.tracks.collect import Collector, Reading, decoded
from logimap.read.tracks.times import TimeError, parse_time

POSITION_TYPES = frozenset({1, 2, 3, 9, 18, 19, 27})
_SENTENCE = re.compile(r"[!$][A-Z]{2}VD[MO],")
_CHECKSUM = re.compile(r"\*[0-9A-Fa-f]{2}")
# A time after the checksum: what follows the last '*hh' of a line. Written so that no run of
# spaces can be matched two ways (the cost stays in proportion to the line).
_SUFFIX_TIME = re.compile(r"(?:\s*[,;]\s*|\s+)([0-9]+(?:\.[0-9]*)?)")
HINT_TIME = ("log the time each sentence was received: a tag block (\\c:1694059200*hh\\), or "
             "an ISO 8601 time or seconds since 1970 before the sentence")


def read(data: bytes, path: str) -> Reading:
    """The position reports of a file of AIS sentences, with the time each was received."""
    from pyais.exceptions import InvalidNMEAMessageException, UnknownMessageException
    from pyais.messages import NMEAMessage, NMEASentenceFactory

    text, problems = decoded(data, path)
    if text is None:
        return Reading(None, problems)
    found = Collector(path, "line")
    skipped = {"checksum": 0, "unreadable": 0, "other messages": 0, "position not available": 0}
    pending: dict[tuple, list] = {}  # fragments of multi-sentence messages, by stream
    sentences = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        split = _split(line)
        if split is None:
            skipped["unreadable"] += 1
            continue
        stamp, raw = split
        sentences += 1
        try:
            sentence = NMEASentenceFactory.produce(raw.encode("ascii"))
        except (InvalidNMEAMessageException, UnknownMessageException, UnicodeEncodeError,
                ValueError):
            skipped["unreadable"] += 1
            continue
        if sentence.tag_block is not None:
            sentence.tag_block.init()
            stamp = stamp or (sentence.tag_block.receiver_timestamp or "")
        if not sentence.is_valid:
            skipped["checksum"] += 1
            continue
        if sentence.is_multi:  # fragments in order, then the message they make
            key = (sentence.channel, sentence.seq_id, sentence.frag_cnt)
            if sentence.frag_num == 1:
                pending[key] = []
            parts = pending.get(key)
            if parts is None or len(parts) != sentence.frag_num - 1:
                continue  # a fragment whose first part was not seen: left out
            parts.append((number, stamp, sentence))
            if len(parts) < sentence.frag_cnt:
                continue
            del pending[key]
            number, stamp = parts[0][0], parts[0][1]
            sentence = NMEAMessage.assemble_from_iterable([p[2] for p in parts])
        try:
            message = sentence.decode()
        except Exception:  # pyais raises many kinds for a payload it cannot decode
            skipped["unreadable"] += 1
            continue
        if message.msg_type not in POSITION_TYPES:
            skipped["other messages"] += 1
            continue
        lat, lon = getattr(message, "lat", None), getattr(message, "lon", None)
        if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
            skipped["position not available"] += 1
            continue
        where = found.where(number)
        if not stamp:
            found.problem(where, "the sentence has no time", HINT_TIME)
            continue
        try:
            moment = parse_time(stamp)
        except TimeError as exc:
            found.problem(where, str(exc), HINT_TIME)
            continue
        speed = getattr(message, "speed", None)
        course = getattr(message, "course", None)
        found.add(number, moment, float(lon), float(lat),
                  float(speed) if speed is not None and speed < 102.3 else math.nan,
                  float(course) if course is not None and course < 360 else math.nan,
                  str(message.mmsi))
    if sentences == 0:
        found.problem("", "holds no AIS sentence (!AIVDM or !AIVDO)",
                      "keep one NMEA sentence per line, as a receiver logs them")
    left_out = [f"{count} {what}" for what, count in skipped.items() if count]
    if left_out:
        found.notes.append(Problem(path, "", "sentences left out: " + ", ".join(left_out)))
    return found.reading()


def _split(line: str) -> tuple[str, str] | None:
    """A line's time as written (or "") and its NMEA sentence with any tag block."""
    line = line.strip()
    at = _SENTENCE.search(line)
    if at is None:
        return None
    start = at.start()
    if start and line[start - 1] == "\\":  # a tag block before the sentence
        start = line.rfind("\\", 0, start - 1)
        if start < 0:
            return None
    prefix, sentence = line[:start].strip().rstrip(",;").strip(), line[start:]
    star = sentence.rfind("*")
    suffix = (_SUFFIX_TIME.fullmatch(sentence, star + 3)
              if star >= 0 and _CHECKSUM.fullmatch(sentence, star, star + 3) else None)
    if suffix:
        sentence, prefix = sentence[:star + 3], prefix or suffix.group(1)
    return prefix, sentence
