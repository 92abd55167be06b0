"""The data of a history entry: what an event was given, as JSON values, kept immutable.

A workflow step records each value it was given in its JSON form (``"L1"``, ``"A0045"``,
ISO text, ``2``, ``["urgent_level"]``, a measure as an object), so the history can be
stored as JSON, read by another system, and replayed (``salescare.workflow.replay``). Inside
a record, arrays are tuples and objects are :class:`JsonObject` (pairs), so a history entry
stays immutable and hashable; :meth:`Details.json` gives plain JSON back.

Examples:
    >>> details = Details.of([("level", "L1"), ("measures", [{"kind": "fix"}])])
    >>> details
    (('level', 'L1'), ('measures', ({'kind': 'fix'},)))
    >>> details.json()
    [['level', 'L1'], ['measures', [{'kind': 'fix'}]]]
    >>> details == (("level", "L1"), ("measures", ({"kind": "fix"},)))
    True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from salescare.errors import ValidationError, WrongTypeError
from salescare.i18n import tr

__all__ = [
    "EMPTY_DETAILS",
    "Details",
    "JsonObject",
    "as_details",
    "checked_details",
    "frozen_json",
    "thawed_json",
]

_DEPTH = 64  # JSON nested deeper than this is not event data
_SCALARS = (str, int, bool, type(None))  # JSON values kept as they are
_PAIRS = (list, tuple)


class JsonObject(tuple[tuple[str, Any], ...]):
    """A JSON object kept immutable: its ``(key, value)`` pairs, in order.

    It equals the dict of its pairs, and shows as one.

    Examples:
        >>> JsonObject.of({"kind": "fix"}) == {"kind": "fix"}
        True
    """

    __slots__ = ()

    @classmethod
    def of(cls, value: Mapping[str, Any]) -> JsonObject:
        """The frozen form of a JSON object."""
        return cls((str(key), frozen_json(item)) for key, item in value.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self) == dict(other)
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return tuple.__hash__(self)

    def __repr__(self) -> str:
        return repr(dict(self))


def frozen_json(value: Any, _depth: int = 0) -> Any:  # noqa: PLR0911 - one return per kind
    """A JSON value (text, a number, a flag, ``None``, an array, an object) made immutable.

    Examples:
        >>> frozen_json([1, {"a": [True, None]}])
        (1, {'a': (True, None)})
    """
    if value is None or type(value) in (str, bool, int):
        return value
    if isinstance(value, str):  # a text enum member or a text subclass: its text
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if type(value) is float and math.isfinite(value):
        return value
    if _depth < _DEPTH:
        if isinstance(value, Mapping) and all(type(key) is str for key in value):
            return JsonObject((key, frozen_json(item, _depth + 1)) for key, item in value.items())
        if isinstance(value, list | tuple) and not isinstance(value, JsonObject):
            return tuple(frozen_json(item, _depth + 1) for item in value)
        if isinstance(value, JsonObject):
            return value
    raise WrongTypeError(
        ("details",),
        value,
        tr("is not a JSON value"),
        tr("text, a number, true/false, null, an array or an object with text keys"),
    )


def thawed_json(value: Any) -> Any:
    """Plain JSON (lists and dicts) from :func:`frozen_json`'s form.

    Examples:
        >>> thawed_json((1, JsonObject.of({"a": (True,)})))
        [1, {'a': [True]}]
    """
    if isinstance(value, JsonObject):
        return {key: thawed_json(item) for key, item in value}
    if isinstance(value, tuple):
        return [thawed_json(item) for item in value]
    return value


class Details(tuple[tuple[str, Any], ...]):
    """A history entry's data: ``(name, JSON value)`` pairs, immutable.

    It equals the tuple of its pairs.

    Examples:
        >>> Details.of({"satisfaction": 2}).json()
        [['satisfaction', 2]]
    """

    __slots__ = ()

    @classmethod
    def of(cls, pairs: Iterable[Any] | Mapping[str, Any] = ()) -> Details:
        """Details from pairs (or a mapping) of names and JSON values; anything else is refused."""
        if isinstance(pairs, Details):
            return pairs
        if type(pairs) is not list and type(pairs) is not tuple:  # the common cases first
            if isinstance(pairs, str | bytes) or not isinstance(pairs, Iterable | Mapping):
                raise WrongTypeError(
                    ("details",), pairs, tr("is not a list of pairs"), tr("[[name, value]]")
                )
            pairs = list(pairs.items() if isinstance(pairs, Mapping) else pairs)
        kept = []
        for index, pair in enumerate(pairs):
            if type(pair) in _PAIRS and len(pair) == 2 and type(pair[0]) is str:  # noqa: PLR2004
                value = pair[1]
                kept.append((pair[0], value if type(value) in _SCALARS else frozen_json(value)))
            elif isinstance(pair, list | tuple) and len(pair) == 2 and type(pair[0]) is str:  # noqa: PLR2004
                kept.append((pair[0], frozen_json(pair[1])))
            else:
                raise WrongTypeError(
                    ("details", index), pair, tr("is not a [name, value] pair"), tr("[name, value]")
                )
        return cls(kept)

    def json(self) -> list[list[Any]]:
        """The pairs as plain JSON: ``[[name, value], ...]``."""
        return [
            [name, value if type(value) in _SCALARS else thawed_json(value)] for name, value in self
        ]

    def data(self) -> dict[str, Any]:
        """The pairs as the keyword data of the event, in plain JSON (for replay)."""
        return {name: thawed_json(value) for name, value in self}


EMPTY_DETAILS = Details()
"""No data."""


def as_details(value: Any) -> Any:
    """The field converter: :class:`Details` from pairs.

    Anything else is left for the validator to refuse with the field's path (converters do
    not raise).
    """
    try:
        return Details.of(value)
    except ValidationError:
        return value


def checked_details(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The field validator: :class:`Details`, or the reason why not, at the field's path."""
    if isinstance(value, Details):
        return
    try:
        Details.of(value)
    except ValidationError as error:
        raise error.relocated((type(instance).__name__, attribute.name)) from None
    raise WrongTypeError(
        (type(instance).__name__, attribute.name),
        value,
        tr("is not Details"),
        tr("[[name, value]]"),
    )
