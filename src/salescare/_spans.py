"""What a working calendar is built from: spans of hours, closures, and the checks of both.

:func:`hours` reads spans from text; :class:`Closure` is a partial-day closure; the rest are
the checks :class:`~salescare.calendars.WorkCalendar` runs on its fields and arguments, each
naming the field, the value and what is accepted. Kept apart from the calendar's arithmetic
so each module holds one job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import attrs

from salescare._checks import zone
from salescare.errors import NaiveDatetimeError, ValidationError, WrongTypeError
from salescare.i18n import tr

__all__ = [
    "EPOCH",
    "MICROSECOND",
    "Closure",
    "Span",
    "check_duration",
    "check_moment",
    "check_spans",
    "checked_date",
    "closures_validator",
    "covered_validator",
    "date_set",
    "dates_validator",
    "hours",
    "items_of",
    "name_validator",
    "spans_of",
    "tz_validator",
    "week_validator",
]

Span = tuple[time, time]
"""A working span of a day, ``(start, end)``; ``end <= start`` means it ends the next day."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
_SPAN = re.compile(r"\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_HOURS_PER_DAY = 24


def hours(*spans: str) -> tuple[Span, ...]:
    """Spans of a day from text such as ``"09:00-12:00"``, ``"22:00-06:00"``, ``"00:00-24:00"``.

    Examples:
        >>> hours("09:00-12:00", "13:30-18:00")
        ((datetime.time(9, 0), datetime.time(12, 0)), (datetime.time(13, 30), datetime.time(18, 0)))
        >>> hours("00:00-24:00")
        ((datetime.time(0, 0), datetime.time(0, 0)),)
    """
    parsed = []
    for text in spans:
        match = _SPAN.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValidationError(
                ("hours",), text, tr("is not a span of hours"), tr("text like '09:00-12:00'")
            )
        h1, m1, h2, m2 = (int(part) for part in match.groups())
        if h2 == _HOURS_PER_DAY and m2 == 0:
            h2 = 0
        if h1 >= _HOURS_PER_DAY or h2 >= _HOURS_PER_DAY or m1 > 59 or m2 > 59:  # noqa: PLR2004
            raise ValidationError(
                ("hours",), text, tr("is not a valid time span"), tr("00:00 to 24:00")
            )
        parsed.append((time(h1, m1), time(h2, m2)))
    return tuple(parsed)


def check_moment(moment: Any, field: str) -> int:
    if not isinstance(moment, datetime):
        raise WrongTypeError(
            ("WorkCalendar", field),
            moment,
            tr("is not a datetime"),
            tr("a timezone-aware datetime"),
        )
    if moment.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("WorkCalendar", field), moment)
    return (moment - EPOCH) // MICROSECOND


def check_duration(duration: Any, field: str = "duration") -> int:
    if not isinstance(duration, timedelta):
        raise WrongTypeError(
            ("WorkCalendar", field),
            duration,
            tr("is not a timedelta"),
            tr("a datetime.timedelta >= 0"),
        )
    if duration < timedelta(0):
        raise ValidationError(
            ("WorkCalendar", field),
            duration,
            tr("is negative"),
            tr("a duration >= 0"),
            tr("Working time only runs forward; subtract from the start yourself if you need to"),
        )
    return duration // MICROSECOND


@attrs.frozen(kw_only=True)
class Closure:
    """A partial-day closure: the office is closed from ``start`` to ``end`` on ``day``.

    ``end`` of ``00:00`` means the end of the day. Only spans that start on ``day`` are cut.

    Examples:
        >>> Closure(day=date(2024, 12, 31), start=time(13, 0), end=time(0, 0)).day
        datetime.date(2024, 12, 31)
    """

    day: date = attrs.field(validator=lambda _, __, v: checked_date(v, ("Closure", "day")))
    start: time = attrs.field(validator=lambda _, __, v: checked_time(v, ("Closure", "start")))
    end: time = attrs.field(validator=lambda _, __, v: checked_time(v, ("Closure", "end")))


def checked_date(value: Any, where: tuple[str | int, ...]) -> date:
    if type(value) is not date:
        raise WrongTypeError(where, value, tr("is not a date"), tr("a datetime.date"))
    return value


def checked_time(value: Any, where: tuple[str | int, ...]) -> time:
    if not isinstance(value, time) or value.tzinfo is not None:
        raise WrongTypeError(where, value, tr("is not a time of day"), tr("a naive datetime.time"))
    return value


def items_of(value: Any, where: tuple[str | int, ...], what: str) -> tuple[Any, ...]:
    """The items of a collection (text is not a collection of ``what`` here)."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise WrongTypeError(
            where,
            value,
            tr("is not a collection of {what}", what=what),
            tr("a list of {what}", what=what),
        )
    try:
        return tuple(value)
    except TypeError:
        raise WrongTypeError(
            where,
            value,
            tr("is not a collection of {what}", what=what),
            tr("a list of {what}", what=what),
        ) from None


def date_set(value: Any, where: tuple[str | int, ...]) -> frozenset[date]:
    items = items_of(value, where, "dates")
    return frozenset(checked_date(item, (*where, index)) for index, item in enumerate(items))


def check_spans(value: Any, where: tuple[str | int, ...]) -> tuple[Span, ...]:
    if not isinstance(value, tuple):
        raise WrongTypeError(
            where, value, tr("is not a tuple of spans"), tr("e.g. hours('09:00-17:00')")
        )
    for index, span in enumerate(value):
        if (
            not isinstance(span, tuple)
            or len(span) != 2  # noqa: PLR2004 - (start, end)
            or not all(isinstance(t, time) and t.tzinfo is None for t in span)
        ):
            raise WrongTypeError(
                (*where, index),
                span,
                tr("is not a (start, end) pair of naive times"),
                tr("two times"),
            )
    return value


def week_validator(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or len(value) != len(_WEEKDAYS):
        raise ValidationError(
            ("WorkCalendar", "week"), value, tr("does not have 7 days"), tr("spans for Mon … Sun")
        )
    for index, day in enumerate(value):
        check_spans(day, ("WorkCalendar", "week", index))


def tz_validator(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        zone(value, ("WorkCalendar", "tz"))


def closures_validator(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(c, Closure) for c in value):
        raise WrongTypeError(
            ("WorkCalendar", "closures"),
            value,
            tr("is not a tuple of Closure"),
            tr("Closure(...)s"),
        )


def covered_validator(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if (
        not isinstance(value, tuple)
        or len(value) != 2  # noqa: PLR2004 - (first, last)
        or not all(type(year) is int for year in value)
        or value[0] > value[1]
    ):
        raise ValidationError(
            ("WorkCalendar", "covered"),
            value,
            tr("is not a (first year, last year) pair"),
            tr("two ints, first <= last, e.g. (2020, 2026)"),
        )


def name_validator(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise WrongTypeError(("WorkCalendar", "name"), value, tr("is not text"), tr("a str"))


def dates_validator(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, frozenset) or not all(type(d) is date for d in value):
        raise WrongTypeError(
            ("WorkCalendar", attribute.name), value, tr("is not a frozenset of dates"), tr("dates")
        )


def spans_of(value: Iterable[str] | tuple[Span, ...]) -> tuple[Span, ...]:
    items = items_of(value, ("WorkCalendar", "hours"), "spans")
    if all(isinstance(item, str) for item in items):
        return hours(*items)
    return check_spans(items, ("WorkCalendar", "hours"))
