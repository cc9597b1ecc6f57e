"""Check: what a read scenario must satisfy (``rules``: references, quotes, networks, layers),
places against their countries (``places``), tracks against their legs (``tracks``), and the
warnings about evidence that could mislead a reader (``evidence``, with ``sites`` telling a
publisher's own site from a copy's)."""

from logimap.check.evidence import warnings
from logimap.check.places import place_problems
from logimap.check.rules import check, summarise

__all__ = ["check", "place_problems", "summarise", "warnings"]
