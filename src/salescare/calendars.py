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

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import attrs

from salescare import _vector
from salescare._holidays import ChinaHoliday, china_holidays, china_workdays, china_years
from salescare._hypothesis_plugin import announce
from salescare._spans import (
    EPOCH,
    MICROSECOND,
    Closure,
    Span,
    check_duration,
    check_moment,
    check_spans,
    closures_validator,
    covered_validator,
    date_set,
    dates_validator,
    hours,
    items_of,
    name_validator,
    spans_of,
    tz_validator,
    week_validator,
)
from salescare._timeline import Timeline
from salescare._yeartable import YearTable, cut, span_offsets, to_datetime
from salescare.errors import (
    CalendarRangeError,
    PolicyError,
    ValidationError,
    WrongTypeError,
)
from salescare.i18n import tr

__all__ = [
    "ALWAYS",
    "ChinaHoliday",
    "Closure",
    "Span",
    "WorkCalendar",
    "china",
    "china_holidays",
    "china_workdays",
    "hours",
]


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

    tz: str | None = attrs.field(default="UTC", validator=tz_validator)
    week: tuple[tuple[Span, ...], ...] = attrs.field(validator=week_validator)
    holidays: frozenset[date] = attrs.field(default=frozenset(), validator=dates_validator)
    workdays: frozenset[date] = attrs.field(default=frozenset(), validator=dates_validator)
    workday_hours: tuple[Span, ...] | None = attrs.field(default=None)
    closures: tuple[Closure, ...] = attrs.field(default=(), validator=closures_validator)
    covered: tuple[int, int] | None = attrs.field(default=None, validator=covered_validator)
    name: str = attrs.field(default="", validator=name_validator)
    _timeline: Timeline = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = []
        clash = self.holidays & self.workdays
        if clash:
            days = ", ".join(sorted(d.isoformat() for d in clash))
            problems.append(
                tr("these days are both holidays and make-up workdays: {days}", days=days)
            )
        if self.workday_hours is not None:
            check_spans(self.workday_hours, ("WorkCalendar", "workday_hours"))
        make_up = self.workday_hours if self.workday_hours is not None else self.week[0]
        if not any(self.week) and not (self.workdays and make_up):
            problems.append(tr("there are no working hours on any day"))
        if self.workday_hours is not None:
            check_spans(self.workday_hours, ("WorkCalendar", "workday_hours"))
        if problems:
            raise PolicyError("WorkCalendar", problems)
        # built here, after the validators: the engine reads checked fields only
        object.__setattr__(self, "_timeline", Timeline(self))

    def __reduce__(self) -> tuple[Any, ...]:
        # the engine holds a lock and caches: rebuild it from the fields on the other side
        # (Dask workers and process pools receive calendars by pickle)
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(WorkCalendar) if f.init}
        return (_rebuild_calendar, (fields,))

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
        spans = spans_of(hours)
        chosen = items_of(days, ("WorkCalendar", "days"), "weekdays (0 = Monday … 6)")
        for index, weekday in enumerate(chosen):
            if type(weekday) is not int or not 0 <= weekday <= 6:  # noqa: PLR2004 - a week
                raise ValidationError(
                    ("WorkCalendar", "days", index),
                    weekday,
                    tr("is not a weekday"),
                    tr("0 (Monday)–6"),
                )
        return cls(
            tz=tz,
            week=tuple(spans if weekday in chosen else () for weekday in range(7)),
            holidays=date_set(holidays, ("WorkCalendar", "holidays")),
            workdays=date_set(workdays, ("WorkCalendar", "workdays")),
            closures=items_of(closures, ("WorkCalendar", "closures"), "closures"),
            name=name,
        )

    def with_days(
        self, *, holidays: Iterable[date] = (), workdays: Iterable[date] = ()
    ) -> WorkCalendar:
        """This calendar with extra holidays and make-up workdays merged in (not replaced)."""
        extra_holidays = date_set(holidays, ("WorkCalendar", "holidays"))
        extra_workdays = date_set(workdays, ("WorkCalendar", "workdays"))
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
        base = datetime.combine(day, time(0))
        for closure in self.closures:
            if closure.day == day:
                ((closed_from, closed_to),) = span_offsets([(closure.start, closure.end)])
                kept = cut(
                    [(_wall(begin, base), _wall(finish, base)) for begin, finish in local],
                    closed_from,
                    closed_to,
                )
                local = [
                    (base + timedelta(microseconds=b), base + timedelta(microseconds=e))
                    for b, e in kept
                ]
        return local

    # -- public queries -------------------------------------------------------------------------

    def _out(self, instant: int, like: datetime | date) -> datetime:
        """An instant in the calendar's zone; a zone-less calendar keeps the caller's zone."""
        if self.tz is None and isinstance(like, datetime):
            return to_datetime(instant, like.tzinfo or UTC)
        return to_datetime(instant, self._timeline.zone)

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
            raise WrongTypeError(
                ("WorkCalendar", "day"), day, tr("is not a date"), tr("a datetime.date")
            )
        days = self._timeline.table(day.year).days
        index = bisect_left(days, day.toordinal())
        return index < len(days) and days[index] == day.toordinal()

    def is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` is working time (a span's start is open, its end is not)."""
        instant = check_moment(moment, "moment")
        table = self._timeline.table_at(instant)
        index = bisect_right(table.starts, instant) - 1
        return index >= 0 and instant < table.ends[index]

    def next_open(self, moment: datetime) -> datetime:
        """``moment`` itself when it is working time, else the next opening.

        Examples:
            >>> from zoneinfo import ZoneInfo
            >>> cal = WorkCalendar.weekly(tz="Asia/Shanghai")
            >>> cal.next_open(datetime(2024, 5, 18, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
            datetime.datetime(2024, 5, 20, 9, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))
        """
        instant = check_moment(moment, "moment")
        table = self._timeline.table_at(instant)
        index = bisect_right(table.starts, instant) - 1
        if index >= 0 and instant < table.ends[index]:
            return self._out(instant, moment)
        if index + 1 < len(table.starts):
            return self._out(table.starts[index + 1], moment)
        year, _ = self._timeline.years.advance(table.year + 1, 1)
        return self._out(self._timeline.table(year).starts[0], moment)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The instant ``duration`` of working time after ``start``.

        A zero duration returns ``start`` when it is working time and the next opening
        otherwise. A positive duration that ends exactly at a closing time returns that closing
        time (not the next opening). The cost does not grow with the duration: whole years are
        crossed by their totals (see :mod:`salescare._timeline`).
        """
        # The hot path of every SLA computation: checks and lookups are inlined on purpose.
        if (
            type(start) is not datetime
            or start.utcoffset() is None
            or type(duration) is not timedelta
            or duration.days < 0
        ):
            check_moment(start, "start")
            check_duration(duration)
        if not duration:
            return self.next_open(start)
        instant = (start - EPOCH) // MICROSECOND
        table = self._timeline.table_at(instant)
        need = table.worked(instant) + duration // MICROSECOND
        if need > table.total:
            year, need = self._timeline.years.advance(table.year + 1, need - table.total)
            table = self._timeline.table(year)
        if self.tz is None:
            return self._out(table.locate(need), start)
        return table.locate_local(need, self._timeline.zone)

    def between(self, start: datetime, end: datetime) -> timedelta:
        """The working time from ``start`` to ``end`` (``end`` must not be earlier)."""
        first = check_moment(start, "start")
        last = check_moment(end, "end")
        if last < first:
            raise ValidationError(
                ("WorkCalendar", "end"),
                end,
                tr("is before start ({start})", start=start.isoformat()),
                tr("end >= start"),
            )
        early = self._timeline.table_at(first)
        worked_first = early.worked(first)
        late = self._timeline.table_at(last)
        if early.year == late.year:
            return MICROSECOND * (late.worked(last) - worked_first)
        middle = self._timeline.years.sum_years(early.year + 1, late.year)
        return MICROSECOND * (early.total - worked_first + middle + late.worked(last))

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
        table, index = self._nth_after(start, count)
        return self._out(table.closes[index], start)

    def nth_working_day(self, start: datetime | date, count: int) -> date:
        """The ``count``-th working day after ``start``'s day (the start's own never counts).

        Its close of business is :meth:`add_working_days`; a night shift's close falls on the
        next calendar day, this day stays the day the shift started.

        Examples:
            >>> cal = china()
            >>> cal.nth_working_day(date(2024, 9, 28), 2)  # Sun 29 Sep is a make-up workday
            datetime.date(2024, 9, 30)
        """
        table, index = self._nth_after(start, count)
        return date.fromordinal(table.days[index])

    def _nth_after(self, start: datetime | date, count: int) -> tuple[YearTable, int]:
        day = self._counting_from(start, count)
        timeline = self._timeline
        table = timeline.table(day.year)
        index = bisect_right(table.days, day.toordinal()) + count - 1
        if index < len(table.days):
            return table, index
        year, left = timeline.years.advance(day.year + 1, index + 1 - len(table.days), days=True)
        return timeline.table(year), left - 1

    def working_hours(self, day: date) -> tuple[datetime, datetime] | None:
        """The opening and the close of business of ``day``, or ``None`` if it is not worked.

        The opening is the start of the day's first span, the close the end of its last
        (a night shift closes on the next calendar day).

        Examples:
            >>> cal = china()
            >>> opening, close = cal.working_hours(date(2024, 9, 29))  # a make-up Sunday
            >>> opening.time(), close.time()
            (datetime.time(9, 0), datetime.time(18, 0))
            >>> cal.working_hours(date(2024, 10, 1)) is None
            True
        """
        if type(day) is not date:
            raise WrongTypeError(
                ("WorkCalendar", "day"), day, tr("is not a date"), tr("a datetime.date")
            )
        self._timeline.check_year(day.year)
        window = self._timeline.window(day.toordinal())
        if window is None:
            return None
        return self._out(window[0], day), self._out(window[1], day)

    def _counting_from(self, start: datetime | date, count: int) -> date:
        """The local day working days are counted from, after checking both arguments."""
        if type(count) is not int or count < 1:
            raise ValidationError(
                ("WorkCalendar", "count"),
                count,
                tr("is not a count of working days"),
                tr("an int >= 1"),
            )
        if isinstance(start, datetime):
            instant = check_moment(start, "start")
            year = self._timeline.year_of(instant)
            self._timeline.check_year(year)
            return start.astimezone(self._timeline.zone).date()
        if type(start) is date:
            return start
        raise WrongTypeError(
            ("WorkCalendar", "start"), start, tr("is not a date or datetime"), tr("a date")
        )

    def subtract_working_days(self, start: datetime | date, count: int) -> datetime:
        """Close of business of the ``count``-th working day before ``start``'s day.

        The mirror of :meth:`add_working_days`: the start's own day never counts. RULES HL-3's
        "data 5 working days before the quarter ends" is ``subtract_working_days(last_day, 5)``.

        Examples:
            >>> from zoneinfo import ZoneInfo
            >>> cal = china()
            >>> cal.subtract_working_days(date(2024, 9, 30), 1)  # Sun 29 Sep is a make-up day
            datetime.datetime(2024, 9, 29, 18, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))
        """
        day = self._counting_from(start, count)
        timeline = self._timeline
        table = timeline.table(day.year)
        index = bisect_left(table.days, day.toordinal()) - count
        if index >= 0:
            return self._out(table.closes[index], start)
        year, left = timeline.years.retreat(day.year - 1, -index)
        earlier = timeline.table(year)
        return self._out(earlier.closes[len(earlier.days) - left], start)

    # -- arrays (numpy, the ``frame`` extra) ----------------------------------------------------

    def add_many(self, starts: Any, durations: Any) -> Any:
        """:meth:`add` for arrays: ``durations`` of working time after each of ``starts``.

        ``starts`` are numpy ``datetime64`` (UTC), pyarrow timestamps or a zoned pandas column;
        ``durations`` numpy ``timedelta64``, pyarrow durations or one ``timedelta`` for all.
        Returns ``datetime64[us]`` UTC instants, ``NaT`` where an input is missing; each equals
        :meth:`add` on the same row. Cost: one binary search per row over arrays compiled once
        per calendar and range of years (:mod:`salescare._vector`).

        Examples:
            >>> import numpy as np
            >>> cal = WorkCalendar.weekly(tz="Asia/Shanghai", hours=("09:00-17:00",))
            >>> starts = np.array(["2024-05-17T08:00", "NaT"], dtype="datetime64[us]")  # 16:00
            >>> cal.add_many(starts, timedelta(hours=2))
            array(['2024-05-20T02:00:00.000000',                        'NaT'],
                  dtype='datetime64[us]')
        """
        return _vector.add_many(self._timeline, self.add, starts, durations)

    def between_many(self, starts: Any, ends: Any) -> Any:
        """:meth:`between` for arrays: ``timedelta64[us]``, ``NaT`` where an input is missing.

        Examples:
            >>> import numpy as np
            >>> cal = WorkCalendar.weekly(tz="UTC", hours=("09:00-17:00",))
            >>> starts = np.array(["2024-05-17T16:00"], dtype="datetime64[us]")  # a Friday
            >>> ends = np.array(["2024-05-20T10:00"], dtype="datetime64[us]")
            >>> cal.between_many(starts, ends).astype("timedelta64[m]")
            array([120], dtype='timedelta64[m]')
        """
        return _vector.between_many(self._timeline, self.between, starts, ends)

    def add_working_days_many(self, starts: Any, counts: Any) -> Any:
        """:meth:`add_working_days` for arrays of instants; ``counts`` an int or an int array.

        Examples:
            >>> import numpy as np
            >>> starts = np.array(["2024-09-28T02:00"], dtype="datetime64[us]")  # a Saturday
            >>> china().add_working_days_many(starts, 2)  # 30 Sep 18:00 in Shanghai
            array(['2024-09-30T10:00:00.000000'], dtype='datetime64[us]')
        """
        return _vector.add_working_days_many(self._timeline, self.add_working_days, starts, counts)

    def working_days_between_many(self, starts: Any, ends: Any) -> Any:
        """:meth:`working_days_between` for arrays of dates (``datetime64[D]``); -1 if missing.

        Examples:
            >>> import numpy as np
            >>> days = np.array(["2024-09-27", "2024-09-30"], dtype="datetime64[D]")
            >>> china().working_days_between_many(days[:1], days[1:])  # Sun 29 Sep is worked
            array([2])
        """
        return _vector.working_days_between_many(
            self._timeline, self.working_days_between, starts, ends
        )

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall after ``start`` and on or before ``end``.

        ``working_days_between(d, add_working_days(d, n).date()) == n``.
        """
        for name, value in (("start", start), ("end", end)):
            if type(value) is not date:
                raise WrongTypeError(
                    ("WorkCalendar", name), value, tr("is not a date"), tr("a datetime.date")
                )
        if end < start:
            raise ValidationError(
                ("WorkCalendar", "end"),
                end,
                tr("is before start ({start})", start=start),
                tr("end >= start"),
            )
        timeline = self._timeline
        early = timeline.table(start.year).days
        late = timeline.table(end.year).days
        after_start = bisect_right(early, start.toordinal())
        if start.year == end.year:
            return bisect_right(late, end.toordinal()) - after_start
        middle = timeline.years.sum_years(start.year + 1, end.year, days=True)
        return len(early) - after_start + middle + bisect_right(late, end.toordinal())


def _rebuild_calendar(fields: dict[str, Any]) -> WorkCalendar:
    return WorkCalendar(**fields)


def _wall(moment: datetime, base: datetime) -> int:
    return (moment - base) // MICROSECOND


ALWAYS = WorkCalendar(tz=None, week=(hours("00:00-24:00"),) * 7, name="24x7")
"""The 24×7 calendar: every instant is working time, so ``add`` is plain addition, and
results keep the zone of the datetime passed in."""


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
    first, last = china_years()
    if years is None:
        chosen = list(range(first, last + 1))
    else:
        listed = items_of(years, ("china", "years"), "years")
        for index, year in enumerate(listed):
            if type(year) is not int:
                raise WrongTypeError(
                    ("china", "years", index), year, tr("is not a year"), tr("an int")
                )
        chosen = sorted(set(listed))
    if not chosen or chosen[0] < first or chosen[-1] > last:
        missing = next((y for y in chosen if not first <= y <= last), first - 1)
        raise CalendarRangeError(missing, covered=(first, last))
    if chosen != list(range(chosen[0], chosen[-1] + 1)):
        raise ValidationError(
            ("china", "years"),
            chosen,
            tr("is not a contiguous range of years"),
            tr("e.g. range(2020, 2027)"),
        )
    official_holidays = {h.day for year in chosen for h in china_holidays(year)}
    official_workdays = {d for year in chosen for d in china_workdays(year)}
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
                tr("does not extend the covered years"),
                tr("a year after {last_year}", last_year=last_year),
            )
        last_year = through
    calendar = attrs.evolve(calendar, covered=(chosen[0], last_year))
    return calendar.with_days(holidays=extra_holidays, workdays=extra_workdays)


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
