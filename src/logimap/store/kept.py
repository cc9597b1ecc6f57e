"""The one way results go through the route store: key the inputs, fetch in batch, use what
was kept and is sound, compute the rest, keep it, save.

Routing, checks and basemaps are pure functions of their inputs; this wraps them. A value read
back goes through ``unpack``, which checks it (``logimap.store.values``) and raises
``Unusable`` when it is not sound: it is then computed again and overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from logimap.store.results import note_miss
from logimap.store.values import Unusable

if TYPE_CHECKING:
    from logimap.store.results import RouteStore

Item = TypeVar("Item")
Value = TypeVar("Value")


def kept_or_computed(store: RouteStore | None, items: Sequence[Item], *,
                     inputs: Callable[[Item], object], compute: Callable[[Item], Value],
                     pack: Callable[[Value], bytes | None],
                     unpack: Callable[[Item, bytes], Value], describe: Callable[[Item], str],
                     afresh: Collection[int] = ()) -> Iterator[tuple[Item, Value]]:
    """Each item with its value, in order: read back from ``store`` when it was kept there
    and ``unpack`` finds it sound, else ``compute``d and kept (unless ``pack`` gives None, a
    value not to keep, such as a problem). ``inputs`` names what an item's value depends on
    (a JSON value); the items at the positions in ``afresh`` are computed whatever is kept.
    What was kept is saved when the items are done. Without an active store, every value is
    computed."""
    keys: list[str | None] = [None] * len(items)
    found: dict[str, bytes] = {}
    if store is not None and store.active:
        keys = [store.key(inputs(item)) for item in items]
        found = store.get(key for at, key in enumerate(keys) if at not in afresh)
    try:
        for item, key in zip(items, keys, strict=True):
            if key in found:
                try:
                    yield item, unpack(item, found[key])
                    continue
                except Unusable as exc:
                    note_miss(describe(item), str(exc))
            value = compute(item)
            data = pack(value) if key else None
            if key and data is not None:
                store.put(key, data)
            yield item, value
    finally:
        if store is not None:
            store.save()
