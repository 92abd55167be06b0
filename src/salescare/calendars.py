"""Working calendars: working hours, holidays, make-up days and working-time arithmetic.

A :class:`WorkCalendar` knows when work happens: weekly hours in a time zone (several spans a
day, spans that cross midnight), whole-day holidays, partial-day closures, and make-up working
days such as China's official 调休 weekend workdays. It answers, exactly to the microsecond:

- :meth:`~WorkCalendar.add` — the instant a working duration after a start ends;
- :meth:`~WorkCalendar.between` — the working time between two instants;
- :meth:`~WorkCalendar.add_working_days` — close of business of the n-th working day after a
  day (RULES conventions: the event's own day never counts);
- :meth:`~WorkCalendar.is_working_day`, :meth:`~WorkCalendar.is_open`,
  :meth:`~WorkCalendar.next_open`, :meth:`~WorkCalendar.working_days_between`.

The arithmetic is interval arithmetic over precomputed working-time prefix sums found by binary
search, built per year on first use and cached in the calendar; its cost does not grow with
the duration. Results come back in the calendar's zone.

**Wall-clock rules.** A span ``09:00–17:00`` on a day means from the first instant the local
clock shows 09:00 or later to the first instant it shows 17:00 or later. So a span that starts
inside a daylight-saving gap starts when the clock jumps (a 02:30 start on a spring-forward
night opens at 03:00), a time that occurs twice counts from its first occurrence, and a span
that crosses a transition is as long as the elapsed time really is (a 22:00–06:00 night shift
is 7 hours on a spring-forward night). A span that crosses midnight belongs to the day it starts.

Examples:
    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> cal = WorkCalendar.weekly(tz="Asia/Shanghai", hours=("09:00-12:00", "13:30-18:00"))
    >>> friday = datetime(2024, 5, 17, 17, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    >>> cal.add(friday, timedelta(hours=2))
    datetime.datetime(2024, 5, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))
    >>> cal.between(friday, cal.add(friday, timedelta(hours=2)))
    datetime.timedelta(seconds=7200)
"""

from __future__ import annotations

import json
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache
from importlib import resources
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from salescare.errors import (
    CalendarRangeError,
    NaiveDatetimeError,
    PolicyError,
    ValidationError,
    WrongTypeError,
)

__all__ = [
    "ALWAYS",
    "ChinaHoliday",
    "Closure",
    "Span",
    "WorkCalendar",
    "china",
    "china_holidays",
    "hours",
]

Span = tuple[time, time]
"""A working span of a day, ``(start, end)``; ``end <= start`` means it ends the next day."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_SPAN = re.compile(r"\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*")
_MIN_YEAR = 2
_MAX_YEAR = 9998
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
                ("hours",), text, "is not a span of hours", "text like '09:00-12:00'"
            )
        h1, m1, h2, m2 = (int(part) for part in match.groups())
        if h2 == _HOURS_PER_DAY and m2 == 0:
            h2 = 0
        if h1 >= _HOURS_PER_DAY or h2 >= _HOURS_PER_DAY or m1 > 59 or m2 > 59:  # noqa: PLR2004
            raise ValidationError(("hours",), text, "is not a valid time span", "00:00 to 24:00")
        parsed.append((time(h1, m1), time(h2, m2)))
    return tuple(parsed)


def _to_us(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND


def _check_moment(moment: Any, field: str) -> int:
    if not isinstance(moment, datetime):
        raise WrongTypeError(
            ("WorkCalendar", field), moment, "is not a datetime", "a timezone-aware datetime"
        )
    if moment.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("WorkCalendar", field), moment)
    return _to_us(moment)


def _check_duration(duration: Any, field: str = "duration") -> int:
    if not isinstance(duration, timedelta):
        raise WrongTypeError(
            ("WorkCalendar", field), duration, "is not a timedelta", "a datetime.timedelta >= 0"
        )
    if duration < timedelta(0):
        raise ValidationError(
            ("WorkCalendar", field),
            duration,
            "is negative",
            "a duration >= 0",
            "Working time only runs forward; subtract from the start yourself if you need to",
        )
    return duration // _MICROSECOND


@attrs.frozen(kw_only=True)
class Closure:
    """A partial-day closure: the office is closed from ``start`` to ``end`` on ``day``.

    ``end`` of ``00:00`` means the end of the day. Only spans that start on ``day`` are cut.

    Examples:
        >>> Closure(day=date(2024, 12, 31), start=time(13, 0), end=time(0, 0)).day
        datetime.date(2024, 12, 31)
    """

    day: date
    start: time
    end: time


@attrs.frozen
class _Columns:
    """Per-interval columns of a timeline, in interval order."""

    starts: tuple[int, ...]
    start_times: tuple[datetime, ...]
    local_starts: tuple[datetime | None, ...]
    ends: tuple[int, ...]
    cum: tuple[int, ...]
    cum_end: tuple[int, ...]


@attrs.frozen(kw_only=True)
class _State:
    """An immutable snapshot of the built timeline; replaced whole when years are added."""

    first_year: int
    last_year: int
    range_start: int
    range_end: int
    origin: int
    total: int
    starts: tuple[int, ...]
    start_times: tuple[datetime, ...]
    local_starts: tuple[datetime | None, ...]
    ends: tuple[int, ...]
    cum: tuple[int, ...]
    cum_end: tuple[int, ...]
    days: tuple[int, ...]
    closes: tuple[int, ...]


class _Timeline:
    """The lazily built, cached interval table of one calendar (thread-safe)."""

    __slots__ = ("_calendar", "_lock", "state", "zone")

    def __init__(self, calendar: WorkCalendar) -> None:
        self._calendar = calendar
        try:
            self.zone: tzinfo = UTC if calendar.tz is None else ZoneInfo(calendar.tz)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            self.zone = UTC  # attrs builds this before validating tz, which then refuses it
        self._lock = threading.Lock()
        self.state: _State | None = None

    # -- building ---------------------------------------------------------------------------

    def _instant(self, naive: datetime) -> int:
        """The first instant whose local wall time is ``naive`` or later."""
        aware = naive.replace(tzinfo=self.zone)
        utc = aware.astimezone(UTC)
        if utc.astimezone(self.zone).replace(tzinfo=None) == naive:
            return _to_us(utc)
        # ``naive`` falls in a daylight-saving gap: find the moment the clock jumps past it.
        low = _to_us(naive.replace(tzinfo=self.zone, fold=1))
        high = _to_us(utc)
        while high - low > 1:
            middle = (low + high) // 2
            wall = (_EPOCH + timedelta(microseconds=middle)).astimezone(self.zone)
            if wall.replace(tzinfo=None) >= naive:
                high = middle
            else:
                low = middle
        return high

    def _year(self, year: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        calendar = self._calendar
        spans: list[tuple[int, int]] = []
        days: list[tuple[int, int]] = []
        day = date(year, 1, 1)
        while day.year == year:
            local = calendar.local_spans(day)
            if local:
                mapped = [(self._instant(s), self._instant(e)) for s, e in local]
                mapped = [(s, e) for s, e in mapped if e > s]
                if mapped:
                    spans.extend(mapped)
                    days.append((day.toordinal(), max(e for _, e in mapped)))
            day += timedelta(days=1)
        spans.extend(self._carried_in(year))
        spans.sort()
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return merged, days

    def _carried_in(self, year: int) -> list[tuple[int, int]]:
        """The part of 31 December's night shifts that runs into ``year``.

        Kept in the year itself so a year is complete without its predecessor; when both are
        built, joining them clips the copy away. Left out at the first covered year of a
        calendar with holiday data: the day before it is unknown.
        """
        calendar = self._calendar
        covered = calendar.covered
        if not calendar.has_night_spans or (covered is not None and year <= covered[0]):
            return []
        boundary = self._boundary(year)
        carried = []
        for start, end in calendar.local_spans(date(year, 1, 1) - timedelta(days=1)):
            begin, finish = self._instant(start), self._instant(end)
            if finish > boundary:
                carried.append((max(begin, boundary), finish))
        return carried

    def _boundary(self, year: int) -> int:
        return self._instant(datetime(year, 1, 1))  # noqa: DTZ001 - local wall time, mapped above

    def _check_year(self, year: int) -> None:
        covered = self._calendar.covered
        if covered is not None and not covered[0] <= year <= covered[1]:
            raise CalendarRangeError(year, covered=covered)
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            raise ValidationError(
                ("WorkCalendar",),
                year,
                "is beyond the years a calendar can compute",
                f"{_MIN_YEAR}–{_MAX_YEAR}",
            )

    def ensure(self, first: int, last: int) -> _State:
        """A state covering at least the years ``first``–``last`` (building what is missing)."""
        state = self.state
        if state is not None and state.first_year <= first and last <= state.last_year:
            return state
        with self._lock:
            state = self.state
            lo = first if state is None else min(first, state.first_year)
            hi = last if state is None else max(last, state.last_year)
            for year in (lo, hi):
                self._check_year(year)
            self.state = self._extend(state, lo, hi)
            return self.state

    def _extend(self, state: _State | None, lo: int, hi: int) -> _State:
        if state is None:
            intervals, days = _join(
                [self._year(y) for y in range(lo, hi + 1)], floor=None, ceiling=None
            )
            columns, total = self._columns(intervals, 0)
            return self._snapshot(lo, hi, columns, days, origin=0, total=total)
        # Years before and after the built range are joined around it without touching the
        # prefix sums already handed out: earlier intervals count backwards from the origin.
        # Only the new intervals are derived; the built ones are reused as they are.
        ceiling = state.starts[0] if state.starts else state.range_start
        earlier, earlier_days = _join(
            [self._year(y) for y in range(lo, state.first_year)], floor=None, ceiling=ceiling
        )
        floor = state.ends[-1] if state.ends else state.range_end
        later, later_days = _join(
            [self._year(y) for y in range(state.last_year + 1, hi + 1)], floor=floor, ceiling=None
        )
        origin = state.origin - sum(end - start for start, end in earlier)
        before, _ = self._columns(earlier, origin)
        after, total = self._columns(later, state.total)
        built = _Columns(
            starts=state.starts,
            start_times=state.start_times,
            local_starts=state.local_starts,
            ends=state.ends,
            cum=state.cum,
            cum_end=state.cum_end,
        )
        columns = _Columns(
            *(
                a + b + c
                for a, b, c in zip(
                    attrs.astuple(before, recurse=False),
                    attrs.astuple(built, recurse=False),
                    attrs.astuple(after, recurse=False),
                    strict=True,
                )
            )
        )
        days = earlier_days + list(zip(state.days, state.closes, strict=True)) + later_days
        return self._snapshot(lo, hi, columns, days, origin=origin, total=total)

    def _columns(self, intervals: list[tuple[int, int]], origin: int) -> tuple[_Columns, int]:
        cum: list[int] = []
        running = origin
        for start, end in intervals:
            cum.append(running)
            running += end - start
        start_times = tuple(_EPOCH + timedelta(microseconds=start) for start, _ in intervals)
        columns = _Columns(
            starts=tuple(start for start, _ in intervals),
            start_times=start_times,
            local_starts=tuple(
                self._uniform_local(moment, end - start)
                for moment, (start, end) in zip(start_times, intervals, strict=True)
            ),
            ends=tuple(end for _, end in intervals),
            cum=tuple(cum),
            cum_end=tuple(c + (e - s) for c, (s, e) in zip(cum, intervals, strict=True)),
        )
        return columns, running

    def _snapshot(
        self,
        lo: int,
        hi: int,
        columns: _Columns,
        days: list[tuple[int, int]],
        *,
        origin: int,
        total: int,
    ) -> _State:
        return _State(
            first_year=lo,
            last_year=hi,
            range_start=self._boundary(lo),
            range_end=self._boundary(hi + 1),
            origin=origin,
            total=total,
            starts=columns.starts,
            start_times=columns.start_times,
            local_starts=columns.local_starts,
            ends=columns.ends,
            cum=columns.cum,
            cum_end=columns.cum_end,
            days=tuple(day for day, _ in days),
            closes=tuple(close for _, close in days),
        )

    def _uniform_local(self, moment: datetime, length: int) -> datetime | None:
        """The interval's start in local time when wall-clock addition inside it is exact.

        That holds when the UTC offset is the same at both ends and the start is not the
        second showing of a repeated hour; otherwise ``None`` (convert through UTC instead).
        """
        local = moment.astimezone(self.zone)
        end = (moment + timedelta(microseconds=length)).astimezone(self.zone)
        if local.fold or local.utcoffset() != end.utcoffset():
            return None
        return local

    # -- queries ----------------------------------------------------------------------------

    def year_of(self, instant: int) -> int:
        return (_EPOCH + timedelta(microseconds=instant)).astimezone(self.zone).year

    def covering(self, *instants: int) -> _State:
        """A state whose built range contains every instant."""
        state = self.state
        if state is not None and all(state.range_start <= t < state.range_end for t in instants):
            return state
        years = [self.year_of(t) for t in instants]
        return self.ensure(min(years), max(years))

    def extend_forward(
        self, state: _State, *, time_needed: int = 0, days_needed: int = 0
    ) -> _State:
        """Build later years: enough, by the built years' average, for what is still needed.

        Building many years at once keeps a long jump (100,000 hours) from rebuilding the
        table once per year.
        """
        years = state.last_year - state.first_year + 1
        per_year_time = (state.total - state.origin) // years
        per_year_days = len(state.days) // years
        estimate = 1
        if time_needed and per_year_time:
            estimate = max(estimate, -(-time_needed // per_year_time))
        if days_needed and per_year_days:
            estimate = max(estimate, -(-days_needed // per_year_days))
        last = min(state.last_year + estimate, _MAX_YEAR)
        if self._calendar.covered is not None:
            last = min(last, max(self._calendar.covered[1], state.last_year + 1))
        return self.ensure(state.first_year, last)

    @staticmethod
    def worked(state: _State, instant: int) -> int:
        """Working time from the timeline origin to ``instant`` (may be negative)."""
        index = bisect_right(state.starts, instant) - 1
        if index < 0:
            return state.origin
        return min(state.cum[index] + instant - state.starts[index], state.cum_end[index])

    def to_datetime(self, instant: int) -> datetime:
        return (_EPOCH + timedelta(microseconds=instant)).astimezone(self.zone)


def _check_spans(value: Any, where: tuple[str | int, ...]) -> tuple[Span, ...]:
    if not isinstance(value, tuple):
        raise WrongTypeError(where, value, "is not a tuple of spans", "e.g. hours('09:00-17:00')")
    for index, span in enumerate(value):
        if (
            not isinstance(span, tuple)
            or len(span) != 2  # noqa: PLR2004 - (start, end)
            or not all(isinstance(t, time) and t.tzinfo is None for t in span)
        ):
            raise WrongTypeError(
                (*where, index), span, "is not a (start, end) pair of naive times", "two times"
            )
    return value


def _week_validator(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or len(value) != len(_WEEKDAYS):
        raise ValidationError(
            ("WorkCalendar", "week"), value, "does not have 7 days", "spans for Mon … Sun"
        )
    for index, day in enumerate(value):
        _check_spans(day, ("WorkCalendar", "week", index))


def _tz_validator(_: Any, __: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(
            ("WorkCalendar", "tz"),
            value,
            "is not a known time zone",
            "an IANA name like 'Asia/Shanghai'",
        ) from None


def _dates_validator(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, frozenset) or not all(type(d) is date for d in value):
        raise WrongTypeError(
            ("WorkCalendar", attribute.name), value, "is not a frozenset of dates", "dates"
        )


@attrs.frozen(kw_only=True)
class WorkCalendar:
    """Working hours in a time zone, with holidays, make-up days and closures.

    ``week`` holds the spans of each weekday, Monday first. ``workdays`` are make-up working
    days (调休): they are worked with ``workday_hours`` (default: Monday's spans) whatever their
    weekday. ``holidays`` are whole days off. ``covered`` is the range of years whose holidays
    the calendar knows; computing outside it raises :class:`~salescare.errors.CalendarRangeError`
    (``None``: the calendar's rules hold for every year). ``tz=None`` makes a zone-less
    calendar: spans are read in UTC and results keep the zone of the datetime passed in, as
    :data:`ALWAYS` does.

    Build one with :meth:`weekly`, :func:`china` or use :data:`ALWAYS`.
    """

    tz: str | None = attrs.field(default="UTC", validator=_tz_validator)
    week: tuple[tuple[Span, ...], ...] = attrs.field(validator=_week_validator)
    holidays: frozenset[date] = attrs.field(default=frozenset(), validator=_dates_validator)
    workdays: frozenset[date] = attrs.field(default=frozenset(), validator=_dates_validator)
    workday_hours: tuple[Span, ...] | None = attrs.field(default=None)
    closures: tuple[Closure, ...] = attrs.field(default=())
    covered: tuple[int, int] | None = attrs.field(default=None)
    name: str = attrs.field(default="")
    _timeline: _Timeline = attrs.field(
        init=False,
        eq=False,
        repr=False,
        hash=False,
        default=attrs.Factory(_Timeline, takes_self=True),
    )

    def __attrs_post_init__(self) -> None:
        problems = []
        clash = self.holidays & self.workdays
        if clash:
            problems.append(
                "these days are both holidays and make-up workdays: "
                + ", ".join(sorted(d.isoformat() for d in clash))
            )
        if not any(self.week) and not self.workdays:
            problems.append("there are no working hours on any day")
        if self.workday_hours is not None:
            _check_spans(self.workday_hours, ("WorkCalendar", "workday_hours"))
        if self.covered is not None and (
            not isinstance(self.covered, tuple) or self.covered[0] > self.covered[1]
        ):
            problems.append(f"covered {self.covered!r} is not a (first year, last year) pair")
        if problems:
            raise PolicyError("WorkCalendar", problems)

    @classmethod
    def weekly(
        cls,
        *,
        tz: str = "UTC",
        hours: Iterable[str] | tuple[Span, ...] = ("09:00-17:00",),
        days: Iterable[int] = range(5),
        holidays: Iterable[date] = (),
        workdays: Iterable[date] = (),
        closures: Iterable[Closure] = (),
        name: str = "",
    ) -> WorkCalendar:
        """The same hours on the given weekdays (0 = Monday; default Monday to Friday).

        Examples:
            >>> cal = WorkCalendar.weekly(tz="Europe/Amsterdam", hours=("08:30-17:00",))
            >>> cal.is_working_day(date(2024, 5, 18))  # a Saturday
            False
        """
        spans = _spans_of(hours)
        chosen = set(days)
        return cls(
            tz=tz,
            week=tuple(spans if weekday in chosen else () for weekday in range(7)),
            holidays=frozenset(holidays),
            workdays=frozenset(workdays),
            closures=tuple(closures),
            name=name,
        )

    def with_days(
        self, *, holidays: Iterable[date] = (), workdays: Iterable[date] = ()
    ) -> WorkCalendar:
        """This calendar with extra holidays and make-up workdays merged in (not replaced)."""
        extra_holidays = frozenset(holidays)
        extra_workdays = frozenset(workdays)
        return attrs.evolve(
            self,
            holidays=(self.holidays - extra_workdays) | extra_holidays,
            workdays=(self.workdays - extra_holidays) | extra_workdays,
        )

    # -- what a day looks like ------------------------------------------------------------------

    @property
    def has_night_spans(self) -> bool:
        """Whether some span crosses midnight (and so belongs to two calendar days)."""
        spans = [*self.week, self.workday_hours or ()]
        return any(end <= start for day in spans for start, end in day)

    def local_spans(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working spans of ``day`` as naive local datetimes, after holidays and closures."""
        if day in self.workdays:
            spans = self.workday_hours if self.workday_hours is not None else self.week[0]
        elif day in self.holidays:
            return []
        else:
            spans = self.week[day.weekday()]
        local = []
        for start, end in spans:
            begin = datetime.combine(day, start)
            finish = datetime.combine(day if start < end else day + timedelta(days=1), end)
            local.append((begin, finish))
        for closure in self.closures:
            if closure.day == day:
                local = _cut(local, closure)
        return local

    # -- public queries -------------------------------------------------------------------------

    def _out(self, result: datetime, like: datetime) -> datetime:
        """Results in the calendar's zone; a zone-less calendar keeps the caller's zone."""
        if self.tz is None:
            return result.astimezone(like.tzinfo)
        return result.astimezone(self._timeline.zone)

    @property
    def zone(self) -> tzinfo:
        """The calendar's time zone."""
        return self._timeline.zone

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` has any working time (after holidays, make-up days and closures).

        Examples:
            >>> cal = china()
            >>> cal.is_working_day(date(2024, 10, 1)), cal.is_working_day(date(2024, 10, 12))
            (False, True)
        """
        if type(day) is not date:
            raise WrongTypeError(("WorkCalendar", "day"), day, "is not a date", "a datetime.date")
        state = self._timeline.ensure(day.year, day.year)
        index = bisect_left(state.days, day.toordinal())
        return index < len(state.days) and state.days[index] == day.toordinal()

    def is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` is working time (a span's start is open, its end is not)."""
        instant = _check_moment(moment, "moment")
        state = self._timeline.covering(instant)
        index = bisect_right(state.starts, instant) - 1
        return index >= 0 and instant < state.ends[index]

    def next_open(self, moment: datetime) -> datetime:
        """``moment`` itself when it is working time, else the next opening.

        Examples:
            >>> from zoneinfo import ZoneInfo
            >>> cal = WorkCalendar.weekly(tz="Asia/Shanghai")
            >>> cal.next_open(datetime(2024, 5, 18, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
            datetime.datetime(2024, 5, 20, 9, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))
        """
        instant = _check_moment(moment, "moment")
        timeline = self._timeline
        state = timeline.covering(instant)
        while True:
            index = bisect_right(state.starts, instant) - 1
            if index >= 0 and instant < state.ends[index]:
                return self._out(moment, moment)
            if index + 1 < len(state.starts):
                return self._out(timeline.to_datetime(state.starts[index + 1]), moment)
            state = timeline.extend_forward(state)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The instant ``duration`` of working time after ``start``.

        A zero duration returns ``start`` when it is working time and the next opening
        otherwise. A positive duration that ends exactly at a closing time returns that closing
        time (not the next opening). The cost does not depend on the duration.
        """
        # The hot path of every SLA computation: checks and lookups are inlined on purpose.
        if (
            type(start) is not datetime
            or start.utcoffset() is None
            or type(duration) is not timedelta
            or duration.days < 0
        ):
            _check_moment(start, "start")
            _check_duration(duration)
        if not duration:
            return self.next_open(start)
        instant = (start - _EPOCH) // _MICROSECOND
        timeline = self._timeline
        state = timeline.state
        if state is None or not state.range_start <= instant < state.range_end:
            state = timeline.covering(instant)
        index = bisect_right(state.starts, instant) - 1
        if index < 0:
            target = state.origin
        else:
            target = min(state.cum[index] + instant - state.starts[index], state.cum_end[index])
        target += duration // _MICROSECOND
        while target > state.total:
            state = timeline.extend_forward(state, time_needed=target - state.total)
        index = bisect_left(state.cum_end, target)
        offset = _MICROSECOND * (target - state.cum[index])
        if self.tz is None:
            return (state.start_times[index] + offset).astimezone(start.tzinfo)
        local = state.local_starts[index]
        if local is not None:
            return local + offset
        return (state.start_times[index] + offset).astimezone(timeline.zone)

    def between(self, start: datetime, end: datetime) -> timedelta:
        """The working time from ``start`` to ``end`` (``end`` must not be earlier)."""
        if (
            type(start) is not datetime
            or type(end) is not datetime
            or start.utcoffset() is None
            or end.utcoffset() is None
        ):
            _check_moment(start, "start")
            _check_moment(end, "end")
        first = (start - _EPOCH) // _MICROSECOND
        last = (end - _EPOCH) // _MICROSECOND
        if last < first:
            raise ValidationError(
                ("WorkCalendar", "end"),
                end,
                f"is before start ({start.isoformat()})",
                "end >= start",
            )
        timeline = self._timeline
        state = timeline.state
        if state is None or not (state.range_start <= first and last < state.range_end):
            state = timeline.covering(first, last)
        starts = state.starts
        cum = state.cum
        cum_end = state.cum_end
        index = bisect_right(starts, first) - 1
        worked_first = (
            state.origin if index < 0 else min(cum[index] + first - starts[index], cum_end[index])
        )
        index = bisect_right(starts, last, lo=max(index, 0)) - 1
        worked_last = (
            state.origin if index < 0 else min(cum[index] + last - starts[index], cum_end[index])
        )
        return _MICROSECOND * (worked_last - worked_first)

    def add_working_days(self, start: datetime | date, count: int) -> datetime:
        """Close of business of the ``count``-th working day after ``start``'s day.

        The start's own day never counts; a start on a non-working day counts from the next
        working day (RULES conventions). ``count`` must be at least 1.

        Examples:
            >>> from zoneinfo import ZoneInfo
            >>> cal = china()
            >>> sat = datetime(2024, 9, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
            >>> cal.add_working_days(sat, 2)  # Sun 29 Sep is a make-up workday; 30 Sep is next
            datetime.datetime(2024, 9, 30, 18, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))
        """
        day = self._counting_from(start, count)
        timeline = self._timeline
        state = timeline.ensure(day.year, day.year)
        index = bisect_right(state.days, day.toordinal()) + count - 1
        while index >= len(state.days):
            state = timeline.extend_forward(state, days_needed=index + 1 - len(state.days))
        close = timeline.to_datetime(state.closes[index])
        return self._out(close, start) if isinstance(start, datetime) else close

    def _counting_from(self, start: datetime | date, count: int) -> date:
        """The local day working days are counted from, after checking both arguments."""
        if type(count) is not int or count < 1:
            raise ValidationError(
                ("WorkCalendar", "count"), count, "is not a count of working days", "an int >= 1"
            )
        if isinstance(start, datetime):
            _check_moment(start, "start")
            return start.astimezone(self._timeline.zone).date()
        if type(start) is date:
            return start
        raise WrongTypeError(
            ("WorkCalendar", "start"), start, "is not a date or datetime", "a date"
        )

    def subtract_working_days(self, start: datetime | date, count: int) -> datetime:
        """Close of business of the ``count``-th working day before ``start``'s day.

        The mirror of :meth:`add_working_days`: the start's own day never counts. RULES HL-3's
        "data 5 working days before the quarter ends" is ``subtract_working_days(last_day, 5)``.

        Examples:
            >>> cal = china()
            >>> cal.subtract_working_days(date(2024, 9, 30), 1)  # Sun 29 Sep is a make-up day
            datetime.datetime(2024, 9, 29, 18, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))
        """
        day = self._counting_from(start, count)
        timeline = self._timeline
        first = day.year
        state = timeline.ensure(first, day.year)
        index = bisect_left(state.days, day.toordinal()) - count
        while index < 0:
            # build earlier years until enough working days lie before the start (an
            # uncovered year raises CalendarRangeError, as going forward does)
            first -= 1
            state = timeline.ensure(first, day.year)
            index = bisect_left(state.days, day.toordinal()) - count
        close = timeline.to_datetime(state.closes[index])
        return self._out(close, start) if isinstance(start, datetime) else close

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall after ``start`` and on or before ``end``.

        ``working_days_between(d, add_working_days(d, n).date()) == n``.
        """
        for name, value in (("start", start), ("end", end)):
            if type(value) is not date:
                raise WrongTypeError(
                    ("WorkCalendar", name), value, "is not a date", "a datetime.date"
                )
        if end < start:
            raise ValidationError(
                ("WorkCalendar", "end"), end, f"is before start ({start})", "end >= start"
            )
        state = self._timeline.ensure(start.year, end.year)
        return bisect_right(state.days, end.toordinal()) - bisect_right(
            state.days, start.toordinal()
        )


def _join(
    years: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]],
    *,
    floor: int | None,
    ceiling: int | None,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Concatenate years' intervals, kept disjoint and within ``floor`` and ``ceiling``.

    Overlaps are clipped: a night shift running into the next year's first span, say.
    """
    intervals: list[tuple[int, int]] = []
    days: list[tuple[int, int]] = []
    for spans, year_days in years:
        for start, end in spans:
            begin = start
            if intervals:
                begin = max(begin, intervals[-1][1])
            elif floor is not None:
                begin = max(begin, floor)
            finish = end if ceiling is None else min(end, ceiling)
            if finish > begin:
                intervals.append((begin, finish))
        days.extend(year_days)
    return intervals, days


def _spans_of(value: Iterable[str] | tuple[Span, ...]) -> tuple[Span, ...]:
    items = tuple(value)
    if all(isinstance(item, str) for item in items):
        return hours(*items)  # type: ignore[arg-type]
    return _check_spans(items, ("WorkCalendar", "hours"))


def _cut(
    spans: list[tuple[datetime, datetime]], closure: Closure
) -> list[tuple[datetime, datetime]]:
    closed_from = datetime.combine(closure.day, closure.start)
    closed_to = datetime.combine(
        closure.day if closure.start < closure.end else closure.day + timedelta(days=1),
        closure.end,
    )
    kept = []
    for start, end in spans:
        if end <= closed_from or start >= closed_to:
            kept.append((start, end))
            continue
        if start < closed_from:
            kept.append((start, closed_from))
        if end > closed_to:
            kept.append((closed_to, end))
    return kept


ALWAYS = WorkCalendar(tz=None, week=(hours("00:00-24:00"),) * 7, name="24x7")
"""The 24×7 calendar: every instant is working time, so ``add`` is plain addition, and
results keep the zone of the datetime passed in."""


# -- China ----------------------------------------------------------------------------------

HolidayKind = Literal["statutory", "in_lieu"]


@attrs.frozen(kw_only=True)
class ChinaHoliday:
    """A day off in China's official schedule.

    ``kind`` is ``statutory`` for the days of a public-holiday period and ``in_lieu`` for the
    rest days given in exchange for a make-up working weekend day (调休), which overtime-pay
    rules treat differently.
    """

    day: date
    key: str
    name: str
    name_zh: str
    kind: HolidayKind


@cache
def _china_data() -> dict[str, Any]:
    text = resources.files("salescare.data").joinpath("china_holidays.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _china_years() -> tuple[int, int]:
    years = [int(year) for year in _china_data()["years"]]
    return min(years), max(years)


def china_holidays(year: int) -> tuple[ChinaHoliday, ...]:
    """The official days off of ``year``, statutory and in lieu kept apart.

    Examples:
        >>> [(h.day.isoformat(), h.name_zh, h.kind) for h in china_holidays(2024)][-2:]
        [('2024-10-06', '国庆节', 'statutory'), ('2024-10-07', '国庆节', 'in_lieu')]
    """
    data = _china_data()
    entry = data["years"].get(str(year))
    if entry is None:
        raise CalendarRangeError(year, covered=_china_years())
    names: Mapping[str, Mapping[str, str]] = data["names"]
    return tuple(
        ChinaHoliday(
            day=date.fromisoformat(day),
            key=key,
            name=names[key]["en"],
            name_zh=names[key]["zh"],
            kind=kind,
        )
        for day, key, kind in entry["holidays"]
    )


def _china_workdays(year: int) -> tuple[date, ...]:
    return tuple(
        date.fromisoformat(day) for day, _ in _china_data()["years"][str(year)]["workdays"]
    )


def china(
    *,
    years: Iterable[int] | None = None,
    tz: str = "Asia/Shanghai",
    hours: Iterable[str] | tuple[Span, ...] = ("09:00-12:00", "13:30-18:00"),
    extra_holidays: Iterable[date] = (),
    extra_workdays: Iterable[date] = (),
    through: int | None = None,
) -> WorkCalendar:
    """Mainland China's working calendar from the bundled official holiday schedules.

    Monday to Friday with ``hours`` (default 09:00–12:00 and 13:30–18:00), minus the State
    Council's public holidays, plus its make-up working weekend days (调休). The bundled data
    covers every year published so far; ``years`` narrows it. Dates outside the covered years
    raise :class:`~salescare.errors.CalendarRangeError` instead of being treated as ordinary
    weeks. ``extra_holidays`` and ``extra_workdays`` (a company's own) merge with the official
    days. ``through`` extends the covered years past the bundled data, for a year whose
    schedule you supply yourself in ``extra_holidays`` / ``extra_workdays`` (the State Council
    publishes each year's schedule late in the year before).

    Examples:
        >>> cal = china()
        >>> cal.covered[0] <= 2020 and cal.covered[1] >= 2026
        True
        >>> cal.is_working_day(date(2024, 2, 4))  # a Sunday worked before Spring Festival
        True
    """
    first, last = _china_years()
    chosen = sorted(set(years)) if years is not None else list(range(first, last + 1))
    if not chosen or chosen[0] < first or chosen[-1] > last:
        missing = next((y for y in chosen if not first <= y <= last), first - 1)
        raise CalendarRangeError(missing, covered=(first, last))
    if chosen != list(range(chosen[0], chosen[-1] + 1)):
        raise ValidationError(
            ("china", "years"),
            chosen,
            "is not a contiguous range of years",
            "e.g. range(2020, 2027)",
        )
    official_holidays = {h.day for year in chosen for h in china_holidays(year)}
    official_workdays = {d for year in chosen for d in _china_workdays(year)}
    calendar = WorkCalendar.weekly(
        tz=tz,
        hours=hours,
        holidays=official_holidays,
        workdays=official_workdays,
        name="China (State Council schedule)",
    )
    last_year = chosen[-1]
    if through is not None:
        if type(through) is not int or through < last_year:
            raise ValidationError(
                ("china", "through"),
                through,
                "does not extend the covered years",
                f"a year after {last_year}",
            )
        last_year = through
    calendar = attrs.evolve(calendar, covered=(chosen[0], last_year))
    return calendar.with_days(holidays=extra_holidays, workdays=extra_workdays)
