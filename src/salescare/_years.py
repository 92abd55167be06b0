"""Crossing many years at once: totals of year ranges, and searches over them.

A calendar's years fall into up to four *segments*, in order. The *irregular* middle holds
every year with an exception (holiday, make-up day, closure) or with an offset change the
zone's POSIX rule does not explain; each of its years is totalled once (in O(1) plus its
special days, :meth:`salescare._timeline.Timeline.totals`) into prefix sums. Before it a zone
keeps one offset (or follows its rule everywhere, when it lists no transition); after it the
zone follows its rule. There a year's total is the weekly template's share of its days plus
the rule's corrections, and the corrections repeat every 400 Gregorian years (146097 days,
exactly 20871 weeks). The last year is a segment of its own: it keeps the night of its
31 December whole. So a range of any length is summed in O(1) and a target is found by
bisection: O(log) of the span.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from typing import TYPE_CHECKING, Literal

import attrs

from salescare._yeartable import MAX_YEAR
from salescare.errors import CalendarRangeError
from salescare.i18n import tr

if TYPE_CHECKING:
    from salescare._timeline import Timeline

CYCLE_YEARS = 400
# the corrections only depend on the year mod 400, so any run of 400 years in which the zone
# follows its rule would do; it must start after the zone's history gives way to the rule, or
# the rule's changes would be mapped through a history that differs (America/New_York before
# 2007 ended daylight saving in October, its rule says November)
_CYCLE_BASE = 2000
_SUMS_KEPT = 4096

Kind = Literal["flat", "periodic", "irregular", "last"]


@attrs.frozen
class _Segment:
    first: int
    last: int
    kind: Kind


class YearIndex:
    """Sums and searches over the years of one :class:`~salescare._timeline.Timeline`."""

    def __init__(self, timeline: Timeline) -> None:
        self._timeline = timeline
        first, last = timeline.first_year, timeline.last_year
        marks = []
        slices = timeline.exception_slices
        if slices:
            marks += [date.fromordinal(slices[0]).year, date.fromordinal(slices[-1]).year]
        facts = timeline.facts
        if facts is None:  # offsets come from probing the zone: no year is known to repeat
            marks += [first, last]
        elif facts.explicit and facts.first_year is not None:
            marks += [facts.first_year - 1, facts.regular_from - 1]
        low, high = (max(min(marks), first), min(max(marks), last - 1)) if marks else (first, 0)
        has_rule = facts is not None and facts.rule is not None
        before: Kind = (
            "periodic" if has_rule and facts is not None and not facts.explicit else "flat"
        )
        after: Kind = "periodic" if has_rule else "flat"
        segments = [
            _Segment(first, low - 1, before),
            _Segment(low, high, "irregular"),
            _Segment(max(high + 1, low, first), last - 1, after),
            _Segment(last, last, "last"),
        ]
        self._segments = tuple(s for s in segments if s.first <= s.last)
        self._starts = tuple(s.first for s in self._segments)
        self._irregular = (low, high)
        # prefix sums over the irregular years built so far: years _built_first … + len - 1
        self._built_first = low
        self._work: list[int] = [0]
        self._days: list[int] = [0]
        self._cycle: tuple[tuple[int, ...], tuple[int, ...]] | None = None
        regular_from = facts.regular_from if facts is not None else 1
        self._base = min(max(_CYCLE_BASE, regular_from + 1), MAX_YEAR - CYCLE_YEARS)
        # the same spans of years are asked for again and again (every add from one year)
        self._sums: dict[tuple[int, int, bool], int] = {}

    def is_irregular(self, year: int) -> bool:
        """Whether ``year`` is totalled on its own (the middle, or the last year)."""
        low, high = self._irregular
        return low <= year <= high or year == self._timeline.last_year

    def _segment_of(self, year: int) -> int:
        return bisect_left(self._starts, year + 1) - 1

    # -- sums within one segment ------------------------------------------------------------

    def _sum(self, segment: _Segment, first: int, end: int, *, days: bool) -> int:
        """Work (or days) of the years ``first``–``end - 1``, all inside ``segment``."""
        if end <= first:
            return 0
        key = (first, end, days)
        found = self._sums.get(key)
        if found is None:
            if len(self._sums) >= _SUMS_KEPT:
                self._sums.clear()
            found = self._sums[key] = self._compute(segment, first, end, days=days)
        return found

    def _compute(self, segment: _Segment, first: int, end: int, *, days: bool) -> int:
        timeline = self._timeline
        if segment.kind == "last":
            return timeline.totals(first)[1 if days else 0]
        if segment.kind == "irregular":
            self._build(first, end)
            built = self._days if days else self._work
            return built[end - self._built_first] - built[first - self._built_first]
        total = timeline.nominal_years(first, end, days=days)
        if segment.kind == "periodic":
            cycle = self._cycle_sums()[1 if days else 0]
            total += _upto(cycle, end, self._base) - _upto(cycle, first, self._base)
        return total

    def _build(self, first: int, end: int) -> None:
        """Make the irregular prefix sums cover the years ``first``–``end - 1``."""
        if len(self._work) == 1:  # nothing built yet: start where asked, not at the middle
            self._built_first = first
        built_end = self._built_first + len(self._work) - 1
        if first < self._built_first:  # going back: total the earlier years, then shift
            work, days = [0], [0]
            for year in range(first, self._built_first):
                total, count = self._timeline.totals(year)
                work.append(work[-1] + total)
                days.append(days[-1] + count)
            self._work = work[:-1] + [w + work[-1] for w in self._work]
            self._days = days[:-1] + [d + days[-1] for d in self._days]
            self._built_first = first
        for year in range(built_end, end):
            total, count = self._timeline.totals(year)
            self._work.append(self._work[-1] + total)
            self._days.append(self._days[-1] + count)

    def _cycle_sums(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Prefix sums over one 400-year cycle of the rule's corrections (work, days)."""
        cycle = self._cycle
        if cycle is None:
            timeline = self._timeline
            work, days = [0], [0]
            for year in range(self._base, self._base + CYCLE_YEARS):
                total, count = timeline.totals(year, regular=True)
                work.append(work[-1] + total - timeline.nominal_years(year, year + 1))
                days.append(days[-1] + count - timeline.nominal_years(year, year + 1, days=True))
            cycle = self._cycle = (tuple(work), tuple(days))
        return cycle

    # -- across segments ------------------------------------------------------------------------

    def sum_years(self, first: int, end: int, *, days: bool = False) -> int:
        """Working time (or working days) of the years ``first``–``end - 1``."""
        total = 0
        for segment in self._segments:
            low, high = max(first, segment.first), min(end, segment.last + 1)
            total += self._sum(segment, low, high, days=days)
        return total

    def advance(self, year: int, need: int, *, days: bool = False) -> tuple[int, int]:
        """Where ``need`` more working time (or working days) from ``year``'s start is reached.

        Returns the year and what is left of ``need`` for it (``0 < left <= its total``).
        """
        timeline = self._timeline
        timeline.check_year(year)
        index = self._segment_of(year)
        while index < len(self._segments):
            segment = self._segments[index]
            have, end = self._reach(segment, year, need, days=days)
            if need <= have:
                found = self._first_reaching(segment, year, end, need, days=days)
                return found, need - self._sum(segment, year, found, days=days)
            need -= have
            index += 1
            year = segment.last + 1
        raise self._exhausted(days=days)

    def _reach(self, segment: _Segment, year: int, need: int, *, days: bool) -> tuple[int, int]:
        """The segment's sum from ``year`` up to an end year, and that end.

        The end is the segment's own, or in the middle (totalled a few years at a time) the
        first by which ``need`` is met.
        """
        last = segment.last + 1
        if segment.kind != "irregular":
            return self._sum(segment, year, last, days=days), last
        span = 1
        while True:
            end = min(year + span, last)
            have = self._sum(segment, year, end, days=days)
            if have >= need or end == last:
                return have, end
            span *= 2

    def _first_reaching(
        self, segment: _Segment, year: int, end: int, need: int, *, days: bool
    ) -> int:
        """The first ``y`` before ``end`` with ``sum(year..y) >= need``.

        Years hold nearly the same working time, so the answer is guessed from the average
        and bracketed around the guess before bisecting: a handful of sums, whatever the span.
        """

        def reached(y: int) -> bool:
            return self._sum(segment, year, y + 1, days=days) >= need

        average = max(self._sum(segment, year, end, days=days) // (end - year), 1)
        guess = min(max(year + need // average, year), end - 1)
        low, high, step = guess, guess, 1
        while low > year and reached(low - 1):  # the answer lies before the guess
            low = max(low - step, year)
            step *= 2
        while not reached(high):  # the answer lies after it
            low, high = high + 1, min(high + step, end - 1)
            step *= 2
        while low < high:
            middle = (low + high) // 2
            if reached(middle):
                high = middle
            else:
                low = middle + 1
        return low

    def retreat(self, year: int, need: int) -> tuple[int, int]:
        """Where ``need`` more working days, counted back from ``year``'s end, are found.

        Returns the year and how many are left for it (counted back from its end).
        """
        timeline = self._timeline
        timeline.check_year(year)
        index = self._segment_of(year)
        while index >= 0:
            segment = self._segments[index]
            have = self._sum(segment, segment.first, year + 1, days=True)
            if need <= have:
                low, high = segment.first, year  # the last y with sum(y..year) >= need
                while low < high:
                    middle = (low + high + 1) // 2
                    if self._sum(segment, middle, year + 1, days=True) >= need:
                        low = middle
                    else:
                        high = middle - 1
                return low, need - self._sum(segment, low + 1, year + 1, days=True)
            need -= have
            index -= 1
            year = segment.first - 1
        timeline.check_year(year)
        raise CalendarRangeError.beyond(year, first=timeline.first_year, last=timeline.last_year)

    def _exhausted(self, *, days: bool) -> CalendarRangeError:
        timeline = self._timeline
        year = timeline.last_year + 1
        if timeline.covered is not None and year <= timeline.last_computable:
            return CalendarRangeError(year, covered=timeline.covered)
        if timeline.listed_only:
            what = tr("working days") if days else tr("working time")
            return CalendarRangeError.exhausted(what, last_day=timeline.last_listed_day)
        return CalendarRangeError.beyond(
            year, first=timeline.first_computable, last=timeline.last_computable
        )


def _upto(prefix: tuple[int, ...], year: int, base: int) -> int:
    """The cycle's corrections summed from the base year to ``year`` (either side of it)."""
    cycles, rest = divmod(year - base, CYCLE_YEARS)
    return cycles * prefix[-1] + prefix[rest]
