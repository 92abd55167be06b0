"""Record times read from ISO 8601 text and written back as :meth:`datetime.isoformat` writes them.

Reading refuses a time without a zone unless the caller names the zone those times are in
(:func:`localising_reader`): never a silent guess.

Writing is the same text as ``isoformat``, in a third of the time.
Writing records spends most of its time on their times: ``isoformat`` costs about 0.7 µs per
aware datetime and a fully populated ticket has twenty. Records' times share few days, few
clock readings (minutes and seconds) and fewer zones, so the text is assembled from the three
parts, each formatted once and kept. A time with microseconds, a zone other than a fixed offset
(whose offset depends on the moment) or a ``datetime`` subclass is written by ``isoformat``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone, tzinfo
from typing import Any

from salescare.errors import NaiveDatetimeError, ValidationError, WrongTypeError
from salescare.i18n import tr

__all__ = [
    "localising_reader",
    "native_time",
    "native_time_or_none",
    "read_time",
    "time_text",
    "time_text_or_none",
]


def _parsed(value: Any) -> datetime:
    """``value`` (ISO text or a datetime) as a datetime, aware or naive; else an error."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise WrongTypeError(("datetime",), value, tr("is not a datetime"), tr("ISO 8601 text"))
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            ("datetime",),
            value,
            tr("is not an ISO 8601 datetime"),
            "e.g. 2024-05-15T09:15:00+08:00",
            code="bad_format",
        ) from None


def read_time(value: Any, _: Any = None) -> datetime:
    """An aware datetime from ISO 8601 text with an offset (or an aware datetime).

    Examples:
        >>> read_time("2024-05-15T09:15:00+08:00").utcoffset()
        datetime.timedelta(seconds=28800)
        >>> read_time("2024-05-15T09:15:00")
        Traceback (most recent call last):
        ...
        salescare.errors.NaiveDatetimeError: datetime: '2024-05-15T09:15:00' has no time zone; \
expected an ISO 8601 datetime with an offset, e.g. 2024-05-15T09:15:00+08:00. Or name the \
zone such times are in: from_dict(..., tz="Asia/Shanghai")
    """
    if type(value) is str:  # the common case, JSON text: fromisoformat's zone is fixed or none
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if moment.tzinfo is not None:
                return moment
    moment = _parsed(value)
    if moment.utcoffset() is None:
        raise NaiveDatetimeError(
            ("datetime",),
            value,
            tr("has no time zone"),
            tr("an ISO 8601 datetime with an offset, e.g. 2024-05-15T09:15:00+08:00"),
            tr('Or name the zone such times are in: from_dict(..., tz="Asia/Shanghai")'),
        )
    return moment


def localising_reader(zone: tzinfo) -> Callable[[Any, Any], datetime]:
    """A reader like :func:`read_time` that places a time without a zone in ``zone``.

    The caller says which zone (a database that drops offsets, an export of local times);
    a local time the zone's clocks showed twice or skipped (a daylight-saving change) is
    refused, since it is not one instant. A time with its own offset keeps it.

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> read = localising_reader(ZoneInfo("Asia/Shanghai"))
        >>> read("2024-05-15T09:15:00", None).isoformat()
        '2024-05-15T09:15:00+08:00'
        >>> read("2024-05-15T09:15:00+00:00", None).isoformat()
        '2024-05-15T09:15:00+00:00'
        >>> localising_reader(ZoneInfo("America/New_York"))("2024-11-03T01:30:00", None)
        Traceback (most recent call last):
        ...
        salescare.errors.ValidationError: datetime: '2024-11-03T01:30:00' is not one instant \
in America/New_York (its clocks showed that time twice, or never, that day); expected the \
time with its offset, e.g. 2024-11-03T01:30:00-04:00
    """

    def read(value: Any, _: Any) -> datetime:
        moment = _parsed(value)
        if moment.utcoffset() is not None:
            return moment
        first = moment.replace(tzinfo=zone, fold=0)
        second = moment.replace(tzinfo=zone, fold=1)
        if first.utcoffset() != second.utcoffset():
            example = first.isoformat()
            raise ValidationError(
                ("datetime",),
                value,
                tr(
                    "is not one instant in {zone} (its clocks showed that time twice, or never, "
                    "that day)",
                    zone=zone,
                ),
                tr("the time with its offset, e.g. {example}", example=example),
                code="ambiguous_time",
            )
        return first

    return read


_LIMIT = 8192  # parts kept per table; past it a table starts afresh
_DAYS: dict[int, str] = {}  # proleptic ordinal -> "YYYY-MM-DDT"
_CLOCKS: dict[int, str] = {}  # second of the day -> "HH:MM:SS"
_ZONES: dict[timezone, str] = {}  # fixed offset -> "+08:00" (as isoformat writes it)
_WHOLE_MINUTES: dict[timezone, bool] = {}  # fixed offset -> whether it is whole minutes


def time_text(moment: datetime) -> str:
    """``moment.isoformat()``.

    Examples:
        >>> from datetime import timedelta
        >>> time_text(datetime(2024, 5, 15, 9, 30, tzinfo=timezone(timedelta(hours=8))))
        '2024-05-15T09:30:00+08:00'
    """
    zone = moment.tzinfo
    if type(zone) is not timezone or moment.microsecond or type(moment) is not datetime:
        return moment.isoformat()
    day = _DAYS.get(ordinal := moment.toordinal())
    if day is None:
        if len(_DAYS) >= _LIMIT:
            _DAYS.clear()
        day = _DAYS[ordinal] = moment.date().isoformat() + "T"
    clock = _CLOCKS.get(second := moment.hour * 3600 + moment.minute * 60 + moment.second)
    if clock is None:
        if len(_CLOCKS) >= _LIMIT:
            _CLOCKS.clear()
        clock = _CLOCKS[second] = moment.time().isoformat()
    offset = _ZONES.get(zone)
    if offset is None:
        if len(_ZONES) >= _LIMIT:
            _ZONES.clear()
        offset = _ZONES[zone] = moment.isoformat()[19:]
    return day + clock + offset


def time_text_or_none(moment: datetime | None) -> str | None:
    """:func:`time_text`, and ``None`` for no time (an optional field's writer).

    Examples:
        >>> time_text_or_none(None) is None
        True
    """
    return None if moment is None else time_text(moment)


def native_time(moment: datetime) -> datetime | str:
    """``moment`` itself where orjson writes it as ``isoformat`` does, else that text.

    orjson rounds an offset with seconds (a zone's local mean time before 1900, say) to the
    minute, so such a time is written as text first.

    Examples:
        >>> from datetime import timedelta
        >>> native_time(datetime(1900, 1, 1, tzinfo=timezone(timedelta(hours=8, seconds=343))))
        '1900-01-01T00:00:00+08:05:43'
    """
    zone = moment.tzinfo
    if type(zone) is timezone and type(moment) is datetime:
        whole = _WHOLE_MINUTES.get(zone)
        if whole is None:
            if len(_WHOLE_MINUTES) >= _LIMIT:
                _WHOLE_MINUTES.clear()
            offset = moment.utcoffset()
            whole = _WHOLE_MINUTES[zone] = not (
                offset and (offset.seconds % 60 or offset.microseconds)
            )
        return moment if whole else moment.isoformat()
    offset = moment.utcoffset()
    if offset is None or offset.seconds % 60 or offset.microseconds or type(moment) is not datetime:
        return moment.isoformat()
    return moment


def native_time_or_none(moment: datetime | None) -> datetime | str | None:
    """:func:`native_time`, and ``None`` for no time.

    Examples:
        >>> native_time_or_none(None) is None
        True
    """
    return None if moment is None else native_time(moment)
