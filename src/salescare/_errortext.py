"""Errors' text: values quoted and cut short, paths written, values made JSON-safe.

Every message salescare writes about a value passes through here, so no input (a
million-character name, an integer of ten thousand digits, a value whose ``repr`` fails)
can make a message unreadable or fail to print.
"""

from __future__ import annotations

import math
import reprlib
from datetime import date, datetime, time
from typing import Any

__all__ = ["format_path", "json_safe", "quoted", "shorten"]

PathPart = str | int
Path = tuple[PathPart, ...]

_PRINTABLE_BITS = 13_000  # Python refuses to print ints past 4300 digits (about 14,284 bits)


class _ShortRepr(reprlib.Repr):
    def repr_int(self, x: int, level: int) -> str:
        # say how long an unprintable int is instead of failing to print it
        if x.bit_length() > _PRINTABLE_BITS:
            return f"<int of about {int(x.bit_length() * 0.30103) + 1} digits>"
        return super().repr_int(x, level)


_short_repr = _ShortRepr()
_short_repr.maxstring = 80
_short_repr.maxother = 80
_short_repr.maxlong = 40
_PART_LIMIT = 300  # characters of any one sentence in a message
_NAME_LIMIT = 60  # characters of a field name or key in a path


def shorten(text: str, limit: int = _PART_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, marking the cut.

    Messages stay readable whatever the input: a million-character event name is not echoed
    whole.

    Examples:
        >>> shorten("x" * 10, 6)
        'xxxxx…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: Any) -> str:
    """``repr(value)``, cut short (strings to 80 characters, numbers to 40 digits).

    Examples:
        >>> quoted("a" * 100)
        "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"
        >>> quoted((1, 10**5000))
        '(1, <int of about 5001 digits>)'
    """
    try:
        return _short_repr.repr(value)
    except Exception:  # noqa: BLE001 - a value whose repr fails is still reported
        return f"<{type(value).__name__}>"


_TEXT_LIMIT = 80  # characters of a text input kept in to_list()


def json_safe(value: Any) -> Any:
    """``value`` as JSON data for an error report.

    Short text, numbers, flags and ``None`` as they are; dates and times as ISO text;
    anything else as its short ``repr``.

    Examples:
        >>> from datetime import date
        >>> json_safe(date(2024, 5, 15)), json_safe("x" * 100)[-3:], json_safe(float("nan"))
        ('2024-05-15', 'xx…', 'nan')
    """
    if value is None or isinstance(value, bool):
        return value
    if type(value) is int:
        return value if value.bit_length() <= 53 else quoted(value)  # noqa: PLR2004 - exact in JSON
    if type(value) is float:
        return value if math.isfinite(value) else repr(value)
    if type(value) is str:
        return shorten(value, _TEXT_LIMIT)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return quoted(value)


def format_path(path: Path) -> str:
    """Render a field path the way messages show it.

    Examples:
        >>> format_path(("Handover", "contacts", 0, "phone"))
        'Handover.contacts[0].phone'
        >>> format_path(("$", 3, "level"))
        '$[3].level'
    """
    if not path:
        return "$"
    head, *rest = path
    parts = [shorten(str(head), _NAME_LIMIT)]
    parts.extend(
        f"[{part}]" if isinstance(part, int) else f".{shorten(str(part), _NAME_LIMIT)}"
        for part in rest
    )
    return "".join(parts)
