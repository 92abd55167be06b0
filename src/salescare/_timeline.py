"""The working-time engine behind :class:`~salescare.calendars.WorkCalendar`: one year at a time.

The model, in the words the code uses:

- *wall time* is what a local clock shows, counted in microseconds from 0001-01-01 00:00;
  an *instant* is counted in microseconds from 1970-01-01 00:00 UTC.
- ``phi(wall)`` is the first instant at which the clock has shown ``wall`` or later: a span
  starting inside a daylight-saving gap opens when the clock jumps, a repeated hour counts
  once. Every span of every day is mapped to instants this way; working time is their union.
- Time is cut into *slices*, one per local day: ``[phi(day 00:00), phi(next day 00:00))``.
  A slice is *regular* when neither its day nor the day before carries an exception
  (holiday, make-up day, closure) and no offset change falls in it. Its working time is then
  the weekly template's, moved by one constant offset: arithmetic, no per-span mapping.
  Every other slice is *special* and mapped span by span.
- A *year* is the slices of its days. Its table (interval bounds, prefix sums, working days
  and their closing times) is built only where an answer lies; its totals (working time,
  working days) cost O(1) plus its special slices, and :mod:`salescare._years` crosses any
  number of years with them.

A year outside the calendar's (its holiday data, or 2–9998) raises
:class:`~salescare.errors.CalendarRangeError`.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from salescare._years import YearIndex
from salescare._yeartable import (
    DAY,
    EPOCH,
    MAX_YEAR,
    MIN_YEAR,
    SECOND,
    WEEK,
    Span,
    YearTable,
    build_year,
    cut,
    merge,
    midnight,
    runs,
    span_offsets,
    to_datetime,
    year_start,
)
from salescare._zones import Transition, ZoneFacts, zone_facts
from salescare.errors import CalendarRangeError

_ORIGIN = datetime(1, 1, 1)  # noqa: DTZ001 - wall time has no zone: it is what the clock shows
_LW_EPOCH = (date(1970, 1, 1).toordinal() - 1) * DAY
_MICROSECOND = timedelta(microseconds=1)
_TABLES_KEPT = 64
_PROBE = 7 * 86_400  # seconds between offset probes when a zone's data cannot be read
_TINY_DAY = 3 * 3600 * SECOND  # a day this short could vanish into a daylight-saving gap
_NO_CHANGES = ZoneFacts(explicit=(), rule=None, regular_from=1)


class Timeline:
    """The working time of one calendar, year by year: built lazily, kept, thread-safe."""

    first_computable = MIN_YEAR
    last_computable = MAX_YEAR

    def __init__(self, calendar: Any) -> None:
        tz = calendar.tz
        self.zone: tzinfo = UTC if tz is None else ZoneInfo(tz)
        self.facts: ZoneFacts | None = _NO_CHANGES if tz is None else zone_facts(tz)
        # a zone that never changes its offset maps wall time to instants by one subtraction
        self._fixed: int | None = None
        rule = self.facts.rule if self.facts is not None else None
        if tz is None:
            self._fixed = 0
        elif self.facts is not None and not self.facts.explicit and rule and rule.dst is None:
            self._fixed = rule.std * SECOND
        self._week = tuple(span_offsets(day) for day in calendar.week)
        make_up = calendar.workday_hours if calendar.workday_hours is not None else calendar.week[0]
        self._make_up = span_offsets(make_up)
        self._holidays = frozenset(day.toordinal() for day in calendar.holidays)
        self._workdays = frozenset(day.toordinal() for day in calendar.workdays)
        self._closures: dict[int, list[Span]] = {}
        for closure in calendar.closures:
            self._closures.setdefault(closure.day.toordinal(), []).extend(
                span_offsets([(closure.start, closure.end)])
            )
        self.covered: tuple[int, int] | None = calendar.covered
        first, last = calendar.covered or (MIN_YEAR, MAX_YEAR)
        self.first_year, self.last_year = max(first, MIN_YEAR), min(last, MAX_YEAR)
        self._build_template()
        self._unknown_before = year_start(self.first_year) if calendar.covered else None
        exceptional = self._holidays | self._workdays | set(self._closures)
        slices = {d for e in exceptional for d in (e, e + 1)}
        night = any(end > DAY for day in (*self._week, self._make_up) for _, end in day)
        if self._unknown_before is not None and night:
            slices.add(self._unknown_before)  # the night before the data starts is unknown
        self.exception_slices = tuple(sorted(slices))
        self._exception_days = frozenset(exceptional)
        # the last year keeps its 31 December's night whole: no later year takes the tail
        self._tail_slice = year_start(self.last_year + 1) - 1
        self._lock = threading.Lock()
        self._tables: OrderedDict[int, YearTable] = OrderedDict()
        self._boundaries: dict[int, int] = {}
        self._totals: dict[int, tuple[int, int]] = {}
        self._memo: dict[tuple[Any, ...], tuple[int, tuple[int, ...]]] = {}
        # the two tables used last: an SLA clock goes back and forth between two years
        self.recent: tuple[YearTable, ...] = ()
        self.years = YearIndex(self)

    # -- the weekly template ----------------------------------------------------------------

    def _build_template(self) -> None:
        pieces: list[Span] = []
        for weekday, spans in enumerate(self._week):
            for start, end in spans:
                begin, finish = weekday * DAY + start, weekday * DAY + end
                if finish > WEEK:  # Sunday's night shift runs into Monday
                    pieces.extend(((begin, WEEK), (0, finish - WEEK)))
                else:
                    pieces.append((begin, finish))
        merged = merge(sorted(pieces))
        self._t_starts = tuple(s for s, _ in merged)
        self._t_ends = tuple(e for _, e in merged)
        cum, running = [], 0
        for start, end in merged:
            cum.append(running)
            running += end - start
        self._t_cum = tuple(cum)
        self._t_total = running
        flags = [bool(day) for day in self._week]
        self._t_days = tuple(flags)
        self._t_days_cum = tuple(sum(flags[:n]) for n in range(8))
        self._t_close = tuple(max((e for _, e in day), default=0) for day in self._week)
        self._t_tiny = tuple(
            bool(day) and sum(e - s for s, e in day) <= _TINY_DAY for day in self._week
        )

    def _nominal(self, wall: int) -> int:
        """Template working time from wall time 0 to ``wall`` (no exceptions, no DST)."""
        weeks, rest = divmod(wall, WEEK)
        index = bisect_right(self._t_starts, rest) - 1
        partial = 0
        if index >= 0:
            partial = self._t_cum[index] + min(
                rest - self._t_starts[index], self._t_ends[index] - self._t_starts[index]
            )
        return weeks * self._t_total + partial

    def _nominal_days(self, ordinal: int) -> int:
        """Template working days before the day ``ordinal``."""
        weeks, rest = divmod(ordinal - 1, 7)
        return weeks * self._t_days_cum[7] + self._t_days_cum[rest]

    def nominal_years(self, first: int, end: int, *, days: bool = False) -> int:
        """Template working time (or working days) of the years ``first``–``end - 1``."""
        a, b = year_start(first), year_start(end)
        if days:
            return self._nominal_days(b) - self._nominal_days(a)
        return self._nominal(midnight(b)) - self._nominal(midnight(a))

    @property
    def listed_only(self) -> bool:
        """Whether only listed make-up days are worked (working time runs out)."""
        return not self._t_total

    @property
    def last_listed_day(self) -> str:
        """The last listed working day, for messages."""
        return date.fromordinal(max(self._workdays)).isoformat() if self._workdays else "none"

    # -- days, wall time, instants ----------------------------------------------------------

    def spans(self, ordinal: int, *, regular: bool = False) -> list[Span]:
        """A day's spans in wall time, after exceptions (``regular``: the template's)."""
        base = midnight(ordinal)
        if regular:
            offsets: Sequence[Span] = self._week[(ordinal - 1) % 7]
        elif self._unknown_before is not None and ordinal < self._unknown_before:
            return []
        elif ordinal in self._workdays:
            offsets = self._make_up
        elif ordinal in self._holidays:
            return []
        else:
            offsets = self._week[(ordinal - 1) % 7]
        out = [(base + start, base + end) for start, end in offsets]
        if not regular and ordinal in self._closures:
            for closed_from, closed_to in self._closures[ordinal]:
                out = cut(out, base + closed_from, base + closed_to)
        return out

    def phi(self, wall: int) -> int:
        """The first instant at which the clock shows ``wall`` or later."""
        if self._fixed is not None:
            return wall - _LW_EPOCH - self._fixed
        naive = _ORIGIN + timedelta(microseconds=wall)
        utc = naive.replace(tzinfo=self.zone).astimezone(UTC)
        if utc.astimezone(self.zone).replace(tzinfo=None) == naive:
            return (utc - EPOCH) // _MICROSECOND
        # ``wall`` falls in a daylight-saving gap: find the moment the clock jumps past it
        low = (naive.replace(tzinfo=self.zone, fold=1) - EPOCH) // _MICROSECOND
        high = (utc - EPOCH) // _MICROSECOND
        while high - low > 1:
            middle = (low + high) // 2
            if to_datetime(middle, self.zone).replace(tzinfo=None) >= naive:
                high = middle
            else:
                low = middle
        return high

    def _shift(self, ordinal: int) -> int:
        """Wall time minus instant on a day no offset change touches."""
        if self._fixed is not None:
            return _LW_EPOCH + self._fixed
        offset = self.zone.utcoffset(_ORIGIN + timedelta(days=ordinal - 1, hours=12))
        return _LW_EPOCH + (offset or timedelta(0)) // _MICROSECOND

    def boundary(self, year: int) -> int:
        """The instant ``year`` starts: ``phi`` of its 1 January, 00:00."""
        found = self._boundaries.get(year)
        if found is None:
            found = self._boundaries[year] = self.phi(midnight(year_start(year)))
        return found

    def table_at(self, instant: int) -> YearTable:
        """The table of the year holding ``instant``."""
        for kept in self.recent:
            if kept.lo <= instant < kept.hi:
                return kept
        year = self.year_of(instant)
        self.check_year(year)
        return self.table(year)

    def year_of(self, instant: int) -> int:
        """The year whose slices hold ``instant``."""
        try:
            year = to_datetime(instant, self.zone).year
        except (OverflowError, ValueError):
            return MIN_YEAR - 1 if instant < 0 else MAX_YEAR + 1
        if MIN_YEAR <= year <= MAX_YEAR:
            if instant < self.boundary(year):
                year -= 1
            elif year < MAX_YEAR and instant >= self.boundary(year + 1):
                year += 1
        return year

    def check_year(self, year: int) -> None:
        """Raise :class:`CalendarRangeError` for a year the calendar cannot compute."""
        if not self.first_year <= year <= self.last_year:
            if self.covered is not None and MIN_YEAR <= year <= MAX_YEAR:
                raise CalendarRangeError(year, covered=self.covered)
            raise CalendarRangeError.beyond(year, first=MIN_YEAR, last=MAX_YEAR)

    # -- special slices -----------------------------------------------------------------------

    def _special(self, first: int, end: int, *, regular: bool) -> dict[int, list[Transition]]:
        """The special slices among days ``first``–``end - 1``, with the offset changes in them.

        A change is filed under each day it could fall on (its day on the clock before it
        and on the clock after it); a slice it does not fall in simply maps as the template.
        ``regular`` leaves exceptions out and takes the changes from the zone's rule alone.
        """
        low = (midnight(first - 1) - _LW_EPOCH) // SECOND - 2 * 86_400
        high = (midnight(end + 1) - _LW_EPOCH) // SECOND + 2 * 86_400
        facts = self.facts
        if facts is None:
            changes = _probe(self.zone, low, high)
        elif regular:
            rule = facts.rule
            first_year, last_year = _year_at(first) - 1, _year_at(end) + 1
            changes = [
                change
                for year in range(max(first_year, 1), min(last_year, 9999) + 1)
                if rule is not None
                for change in rule.transitions(year)
                if low <= change[0] < high
            ]
        else:
            changes = facts.between(low, high)
        found: dict[int, list[Transition]] = {}
        for change in changes:
            instant = change[0] * SECOND
            for offset, moment in ((change[1], instant - 1), (change[2], instant)):
                ordinal = (moment + _LW_EPOCH + offset * SECOND) // DAY + 1
                if first <= ordinal < end and change not in found.get(ordinal, ()):
                    found.setdefault(ordinal, []).append(change)
        if not regular:
            slices = self.exception_slices
            for ordinal in slices[bisect_left(slices, first) : bisect_left(slices, end)]:
                found.setdefault(ordinal, [])
            if first <= self._tail_slice < end:
                found.setdefault(self._tail_slice, [])
        return found

    def _exact(self, first: int, end: int, *, regular: bool, clip: bool = True) -> list[Span]:
        """Working intervals of the slices ``first``–``end - 1``, mapped span by span."""
        low = self.phi(midnight(first))
        high = self.phi(midnight(end)) if clip else None
        pieces = []
        for ordinal in range(first - 1, end):
            for start, finish in self.spans(ordinal, regular=regular):
                begin, stop = max(self.phi(start), low), self.phi(finish)
                if high is not None:
                    stop = min(stop, high)
                if stop > begin:
                    pieces.append((begin, stop))
        return merge(sorted(pieces))

    def _close(self, ordinal: int, *, regular: bool = False) -> int | None:
        """A day's closing instant, or ``None`` when it has no working time."""
        window = self.window(ordinal, regular=regular)
        return None if window is None else window[1]

    def window(self, ordinal: int, *, regular: bool = False) -> Span | None:
        """A day's opening and closing instants, or ``None`` when it has no working time."""
        mapped = [
            (self.phi(start), self.phi(finish))
            for start, finish in self.spans(ordinal, regular=regular)
        ]
        worked = [(begin, stop) for begin, stop in mapped if stop > begin]
        if not worked:
            return None
        return min(begin for begin, _ in worked), max(stop for _, stop in worked)

    def _correction(
        self, first: int, end: int, changes: list[Transition], *, regular: bool
    ) -> tuple[int, tuple[int, ...]]:
        """Exact minus template work of the slices ``first``–``end - 1``, and day flags.

        The flags are exact minus template working-day counts of the days ``first - 1`` to
        ``end - 1``.
        Slices with no exception near them depend only on their weekday and on the changes'
        place and offsets, so their answer is kept and reused: a rule's changes repeat the
        same few shapes year after year.
        """
        clean = regular or not any(self._irregular_day(day) for day in range(first - 1, end))
        key: tuple[Any, ...] | None = None
        if clean:
            base = midnight(first) - _LW_EPOCH
            shape = tuple(sorted((c[0] * SECOND - base, c[1], c[2]) for c in changes))
            key = ((first - 1) % 7, end - first, shape)
            kept = self._memo.get(key)
            if kept is not None:
                return kept
        exact = sum(e - s for s, e in self._exact(first, end, regular=regular))
        nominal = self._nominal(midnight(end)) - self._nominal(midnight(first))
        flags = tuple(
            (self._close(day, regular=regular) is not None) - self._t_days[(day - 1) % 7]
            if self._flag_may_differ(day, regular=regular)
            else 0
            for day in range(first - 1, end)
        )
        answer = (exact - nominal, flags)
        if key is not None:
            self._memo[key] = answer
        return answer

    def _irregular_day(self, ordinal: int) -> bool:
        return ordinal in self._exception_days or (
            self._unknown_before is not None and ordinal < self._unknown_before
        )

    def _flag_may_differ(self, ordinal: int, *, regular: bool) -> bool:
        """Whether a day's working-day flag could differ from the template's."""
        if not regular and self._irregular_day(ordinal):
            return True
        return self._t_tiny[(ordinal - 1) % 7]

    # -- a year's totals and table ----------------------------------------------------------

    def totals(self, year: int, *, regular: bool = False) -> tuple[int, int]:
        """A year's working time and working days, without building its table.

        ``regular`` computes the year as if it had no exceptions and followed the zone's
        rule: the year the 400-year cycle of :mod:`salescare._years` repeats.
        """
        if not regular:
            kept = self._totals.get(year)
            if kept is not None:
                return kept
        first, end = year_start(year), year_start(year + 1)
        work = self.nominal_years(year, year + 1)
        days = self.nominal_years(year, year + 1, days=True)
        special = self._special(first, end + 1, regular=regular)
        for run_first, run_end in runs(special):
            changes = [c for d in range(run_first, run_end) for c in special[d]]
            if run_first < end:
                inside = min(run_end, end)
                if not regular and year == self.last_year and inside == end:
                    work += self._tail(run_first, end)
                else:
                    work += self._correction(run_first, inside, changes, regular=regular)[0]
            _, flags = self._correction(run_first, run_end, changes, regular=regular)
            days += sum(
                flag
                for day, flag in zip(range(run_first - 1, run_end), flags, strict=True)
                if first <= day < end
            )
        if not regular:
            self._totals[year] = (work, days)
        return work, days

    def _tail(self, first: int, end: int) -> int:
        """Exact minus template work of the last year's final slices, its last night whole."""
        exact = sum(e - s for s, e in self._exact(first, end, regular=False, clip=False))
        return exact - (self._nominal(midnight(end)) - self._nominal(midnight(first)))

    def table(self, year: int) -> YearTable:
        """The table of ``year``, built on first use and kept among the recent ones."""
        for kept in self.recent:
            if kept.year == year:
                return kept
        with self._lock:
            found = self._tables.get(year)
            if found is not None:
                self._tables.move_to_end(year)
        if found is None:
            self.check_year(year)
            found = build_year(self, year)
            with self._lock:
                self._tables[year] = found
                while len(self._tables) > _TABLES_KEPT:
                    self._tables.popitem(last=False)
        self.recent = (found, *self.recent[:1])
        return found


def _year_at(ordinal: int) -> int:
    return date.fromordinal(min(max(ordinal, 1), date.max.toordinal())).year


def _probe(zone: tzinfo, low: int, high: int) -> list[Transition]:
    """Offset changes between two instants (seconds), found by asking the zone (fallback)."""

    def offset(second: int) -> int:
        value = datetime.fromtimestamp(second, zone).utcoffset()
        return 0 if value is None else int(value.total_seconds())

    found: list[Transition] = []
    left, before = low, offset(low)
    while left < high:
        right = min(left + _PROBE, high)
        after = offset(right)
        if after != before:
            a, b = left, right
            while b - a > 1:
                middle = (a + b) // 2
                if offset(middle) == before:
                    a = middle
                else:
                    b = middle
            found.append((b, before, offset(b)))
        left, before = right, after
    return found
