"""A datetime as ISO 8601 text, the same text as :meth:`datetime.isoformat`, in a third of the time.

Writing records spends most of its time on their times: ``isoformat`` costs about 0.7 µs per
aware datetime and a fully populated ticket has twenty. Records' times share few days, few
clock readings (minutes and seconds) and fewer zones, so the text is assembled from the three
parts, each formatted once and kept. A time with microseconds, a zone other than a fixed offset
(whose offset depends on the moment) or a ``datetime`` subclass is written by ``isoformat``.
"""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["native_time", "native_time_or_none", "time_text", "time_text_or_none"]

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
