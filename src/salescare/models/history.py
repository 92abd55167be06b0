"""Append-only lists of a record: its history and its progress updates.

Every workflow step appends a :class:`~salescare.models.HistoryEntry`, and a progress update
a :class:`~salescare.models.ProgressUpdate`. With tuples, each step would copy (and re-check)
the whole list, so a ticket's life of N steps would cost O(N²). A :class:`Log` is a view of
the first ``n`` items of an append-only list: the newest view of a list appends to it in place
and returns the view one longer, sharing the list; an older view (a record evolved twice from
the same state) copies its part first. Items inside a view never change, so every view is
immutable; it equals, hashes and pickles like the tuple of its items. What has been checked
about a view's leading items (their type, a record's rule about them) is remembered and
inherited by the longer view, so only new items are checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, ClassVar, Generic, TypeVar, overload

import attrs

from salescare.errors import WrongTypeError
from salescare.i18n import tr
from salescare.models.common import HistoryEntry, ProgressUpdate

__all__ = [
    "EMPTY_HISTORY",
    "EMPTY_PROGRESS",
    "History",
    "Log",
    "Progress",
    "as_history",
    "as_progress",
    "checked_history",
    "checked_progress",
]

T = TypeVar("T")


class Log(Sequence[T], Generic[T]):
    """An immutable sequence of items that grows at the end in constant time.

    Build one from any iterable of items; :meth:`appended` gives the log one item longer. It
    compares equal to the tuple of its items.
    """

    # _items: a tuple (as built) or a list (once appended to) shared by views; _typed: how
    # many leading items are known to be of item_type; _rule: (key, against, count) of the
    # one record rule remembered (see checked)
    __slots__ = ("_hash", "_items", "_rule", "_size", "_typed")
    item_type: ClassVar[type]
    """The type every item has."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        kept = tuple(items)
        _check_items(type(self).item_type, kept, 0, (type(self).__name__,))
        self._items: tuple[T, ...] | list[T] = kept
        self._size = len(kept)
        self._hash: int | None = None
        self._typed = len(kept)
        self._rule: tuple[str, object, int] | None = None

    @classmethod
    def _view(
        cls,
        items: tuple[Any, ...] | list[Any],
        size: int,
        typed: int,
        rule: tuple[str, object, int] | None = None,
    ) -> Any:
        """A view of the first ``size`` of ``items`` (shared, not copied)."""
        view = object.__new__(cls)
        view._items = items
        view._size = size
        view._hash = None
        view._typed = typed
        view._rule = rule
        return view

    def appended(self, item: T) -> Any:
        """This log with ``item`` after the last; this one is unchanged."""
        kind = type(self).item_type
        if not isinstance(item, kind):
            expected = f"a {kind.__name__}"
            raise WrongTypeError(
                (type(self).__name__, self._size),
                item,
                tr("is not {expected}", expected=expected),
                expected,
            )
        items, size = self._items, self._size
        typed = size + 1 if self._typed == size else self._typed  # the new item just checked
        if type(items) is list and len(items) == size:
            items.append(item)
            # appends are atomic: the item is ours at ``size`` unless another view of the
            # same list got there first, and then this view grows a copy instead
            if items[size] is item:
                return self._view(items, size + 1, typed, self._rule)
        # a tuple (as loaded) becomes a list on its first append: one copy, then shared
        grown = list(items[:size])
        grown.append(item)
        return self._view(grown, size + 1, typed, self._rule)

    def checked(self, key: str, against: object = None) -> int:
        """How many leading items are known to pass the check ``key`` against ``against``.

        ``against`` is what the check compares with (a record's submission time, say): a
        count remembered for another key or value does not count.
        """
        rule = self._rule
        return rule[2] if rule is not None and rule[0] == key and rule[1] == against else 0

    def passed(self, key: str, count: int, against: object = None) -> None:
        """Remember that the first ``count`` items pass the check ``key`` against ``against``."""
        self._rule = (key, against, count)

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self._items[: self._size][index])
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._items[index]

    def __iter__(self) -> Iterator[T]:
        return islice(self._items, self._size)

    def __reversed__(self) -> Iterator[T]:
        return reversed(self._items[: self._size])

    def __eq__(self, other: object) -> bool:
        size = self._size
        if isinstance(other, Log):
            if other._items is self._items:
                return other._size == size
            theirs: Sequence[Any] = other._items
            if other._size != size:
                return False
        elif isinstance(other, tuple):
            theirs = other
            if len(other) != size:
                return False
        else:
            return NotImplemented
        # item by item, up to the views' size (their lists may hold later items of other views)
        mine, others = islice(self._items, size), islice(theirs, size)
        return all(a == b for a, b in zip(mine, others, strict=True))

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self))
        return self._hash

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (tuple(self),))

    def __add__(self, other: Iterable[T]) -> Any:
        grown = self
        for item in other:
            grown = grown.appended(item)
        return grown


class History(Log[HistoryEntry]):
    """A record's history, oldest entry first.

    Examples:
        >>> from datetime import UTC, datetime
        >>> at = datetime(2024, 5, 15, tzinfo=UTC)
        >>> first = HistoryEntry(at=at, actor="A0045", event="triage")
        >>> history = History().appended(first)
        >>> len(history), history[-1].event, history == (first,)
        (1, 'triage', True)
    """

    __slots__ = ()
    item_type = HistoryEntry


class Progress(Log[ProgressUpdate]):
    """A ticket's or feedback item's progress updates, in the order they were added."""

    __slots__ = ()
    item_type = ProgressUpdate


def _check_items(kind: type, items: Sequence[Any], start: int, path: tuple[Any, ...]) -> None:
    for index in range(start, len(items)):
        if not isinstance(items[index], kind):
            expected = f"a {kind.__name__}"
            raise WrongTypeError(
                (*path, index), items[index], tr("is not {expected}", expected=expected), expected
            )


def _as_log(cls: type[Log[Any]], value: Any) -> Any:
    if type(value) is cls:
        return value
    if isinstance(value, tuple | list):
        # checked by the field's validator; a tuple is kept as it is (compact) until appended
        items = value if type(value) is tuple else tuple(value)
        return cls._view(items, len(items), 0)
    return value  # refused by the field's validator, at its field


def _check_log(
    cls: type[Log[Any]], instance: Any, attribute: attrs.Attribute[Any], value: Any
) -> None:
    where = (type(instance).__name__, attribute.name)
    if type(value) is not cls:
        expected = tr("a tuple of {name}", name=cls.item_type.__name__)
        raise WrongTypeError(where, value, tr("is not a tuple"), expected)
    done = value._typed  # noqa: SLF001 - the field's own check
    if done < len(value):
        _check_items(cls.item_type, value._items[: len(value)], done, where)  # noqa: SLF001
        value._typed = len(value)  # noqa: SLF001


def as_history(value: History | tuple[HistoryEntry, ...] | list[HistoryEntry]) -> History:
    """A record's ``history`` field as a :class:`History` (the field's converter)."""
    return _as_log(History, value)  # type: ignore[no-any-return]


def checked_history(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A record's ``history`` holds HistoryEntry items (the field's validator).

    Items are checked once: a history grown by :meth:`Log.appended` from a checked one is
    checked already, so a workflow step costs the same at any history length.
    """
    _check_log(History, instance, attribute, value)


def as_progress(value: Progress | tuple[ProgressUpdate, ...] | list[ProgressUpdate]) -> Progress:
    """A record's ``progress`` field as a :class:`Progress` (the field's converter)."""
    return _as_log(Progress, value)  # type: ignore[no-any-return]


def checked_progress(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A record's ``progress`` holds ProgressUpdate items, each checked once."""
    _check_log(Progress, instance, attribute, value)


EMPTY_HISTORY = History()
"""The empty history every new record starts with (shared: appending never changes it)."""
EMPTY_PROGRESS = Progress()
"""The empty progress of a new ticket or feedback item (shared, like the empty history)."""
