"""Whether a source's ``url`` is on its publisher's own site, or looks like a copy elsewhere.

A site is the publisher's when the source declares it (``publisher_site: yna.co.kr``: that
host or any under it), or when the publisher's name shows in the host: a label of the host
(the top-level domain aside, hyphens ignored) is one of the publisher's words (without
accents, or with umlauts spelt out), several of them written together, or their initials,
or begins or ends with such a run of four letters or more (``Kyiv Post`` on
``kyivpost.com``, ``38 North`` on ``38north.org``, ``Sputnik`` on ``sputnikglobe.com``,
``Moscow Defense Brief`` on ``mdb.cast.ru``). Words as common as "news", "world" or "daily"
count only with others. This is a first check, not a proof: a site that merely shares a word
with the publisher passes, and a publisher whose site bears another name (Yonhap on
yna.co.kr) needs ``publisher_site``.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# Words of publishers' names too common to tell one site from another on their own.
COMMON_WORDS = frozenset({
    "a", "an", "and", "as", "by", "the", "of", "in", "on", "for", "via", "citing", "quoting",
    "reported", "reporting", "summarised", "summarized", "summary", "mirror", "copy",
    "news", "world", "daily", "times", "post", "press", "service", "agency", "media", "online",
    "global", "international", "network", "group", "today", "report", "journal", "herald",
    "tribune", "review", "weekly", "magazine", "radio", "tv", "us", "uk", "fact", "sheet",
})
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Runs of at most this many words of a publisher's name are compared with a host's labels.
_RUN = 4


def url_host(url: str) -> str:
    """The host of an http(s) URL, lower case and without ``www.``; empty for anything else.

    >>> url_host("https://www.Kyivpost.com/post/39368")
    'kyivpost.com'
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.") if parts.scheme in ("http", "https") else ""


def on_publishers_site(host: str, publisher: str, publisher_site: str = "") -> bool:
    """True when ``host`` is ``publisher_site`` (or under it), or shows ``publisher``'s name.

    >>> on_publishers_site("kyivpost.com", "Kyiv Post quoting UK Defence Intelligence")
    True
    >>> on_publishers_site("daily8.com", "CNN citing the James Martin Center (CNS)")
    False
    >>> on_publishers_site("en.yna.co.kr", "Yonhap", "yna.co.kr")
    True
    """
    if publisher_site:
        return host == publisher_site or host.endswith("." + publisher_site)
    labels = [label.replace("-", "") for label in host.split(".")[:-1]]
    runs = [run for spelling in _spellings(publisher) for run in _runs(spelling)]
    return any(_matches(label, run) for label in labels if label for run in runs)


def _spellings(name: str) -> list[list[str]]:
    """A name's words, lower case, punctuation left out, accents left out and, for German
    names, umlauts spelt out (Süddeutsche: suddeutsche, sueddeutsche)."""
    lower = name.lower()
    spelt = lower.translate(_UMLAUTS)
    return [_words(text) for text in dict.fromkeys((lower, spelt))]


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text)
    return re.findall(r"[a-z0-9]+", "".join(c for c in folded if not unicodedata.combining(c)))


def _runs(words: list[str]) -> list[tuple[str, ...]]:
    """Runs of one to ``_RUN`` consecutive words."""
    return [tuple(words[i:i + n]) for n in range(1, _RUN + 1) for i in range(len(words) - n + 1)]


def _matches(label: str, run: tuple[str, ...]) -> bool:
    """True when ``label`` is ``run`` written together (or begins or ends with it, from four
    letters on), or its initials."""
    if len(run) == 1 and (run[0] in COMMON_WORDS or len(run[0]) < 2):
        return False
    joined = "".join(run)
    if label == joined or (len(run) > 1 and label == "".join(word[0] for word in run)):
        return True
    return len(joined) >= 4 and (label.startswith(joined) or label.endswith(joined))
