"""One year of working time as arrays, and the units the working-time engine counts in.

:class:`YearTable` holds a year's working intervals as instants with prefix sums, so that
"how much has been worked by" and "when will this much have been worked" are one binary
search each. :func:`build_year` assembles it for a :class:`~salescare._timeline.Timeline`:
regular days from the weekly template, special days (holidays, make-up days, closures,
offset changes) span by span.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from salescare._timeline import Timeline

SECOND = 10**6
DAY = 86_400 * SECOND
WEEK = 7 * DAY
MIN_YEAR = 2
MAX_YEAR = 9998
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Span = tuple[int, int]
"""Two points in wall time (or two instants), ``start < end``."""


def span_offsets(spans: Iterable[tuple[time, time]]) -> tuple[Span, ...]:
    """``(start, end)`` times of a day as microseconds from its midnight (``end`` may pass it)."""
    out = []
    for start, end in spans:
        begin, finish = _time_us(start), _time_us(end)
        out.append((begin, finish if finish > begin else finish + DAY))
    return tuple(out)


def _time_us(moment: time) -> int:
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * SECOND + moment.microsecond


def to_datetime(instant: int, zone: tzinfo) -> datetime:
    """An instant as a datetime in ``zone``."""
    return (EPOCH + timedelta(microseconds=instant)).astimezone(zone)


def year_start(year: int) -> int:
    """The ordinal of 1 January of ``year`` (``date(year, 1, 1).toordinal()``, any year)."""
    before = year - 1
    return 365 * before + before // 4 - before // 100 + before // 400 + 1


def midnight(ordinal: int) -> int:
    return (ordinal - 1) * DAY


@attrs.frozen
class YearTable:
    """One year's working time: disjoint intervals with prefix sums, and its working days.

    ``lo``/``hi`` bound the instants the year owns; ``cum[i]`` is the working time before
    interval ``i`` (counted from ``lo``); ``days`` are the ordinals of the working days and
    ``closes`` their closing instants.
    """

    year: int
    lo: int
    hi: int
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    cum: tuple[int, ...]
    cum_end: tuple[int, ...]
    days: tuple[int, ...]
    closes: tuple[int, ...]

    @property
    def total(self) -> int:
        """The year's working time."""
        return self.cum_end[-1] if self.cum_end else 0

    def worked(self, instant: int) -> int:
        """Working time from the year's start to ``instant`` (inside the year)."""
        index = bisect_right(self.starts, instant) - 1
        if index < 0:
            return 0
        return min(self.cum[index] + instant - self.starts[index], self.cum_end[index])

    local: dict[int, datetime | None] = attrs.field(factory=dict, eq=False, repr=False)
    """Interval starts as local datetimes, where plain addition inside them is exact."""

    def locate(self, amount: int) -> int:
        """The first instant by which ``amount`` (``0 < amount <= total``) has been worked."""
        index = bisect_left(self.cum_end, amount)
        return self.starts[index] + amount - self.cum[index]

    def locate_local(self, amount: int, zone: tzinfo) -> datetime:
        """:meth:`locate` as a datetime in ``zone`` (the hot path of every SLA clock).

        Inside an interval whose UTC offset does not change, the local start plus the
        offset is the answer, without converting through UTC again.
        """
        index = bisect_left(self.cum_end, amount)
        offset = amount - self.cum[index]
        if index in self.local:
            start = self.local[index]
        else:
            begin = to_datetime(self.starts[index], zone)
            end = to_datetime(self.ends[index], zone)
            uniform = not begin.fold and begin.utcoffset() == end.utcoffset()
            start = self.local[index] = begin if uniform else None
        if start is None:
            return to_datetime(self.starts[index] + offset, zone)
        return start + timedelta(microseconds=offset)


def build_year(timeline: Timeline, year: int) -> YearTable:
    """The table of ``year`` on ``timeline``."""
    return _Builder(timeline, year).build()


class _Builder:
    """Assembles one year's table: regular runs from the template, special runs exactly."""

    def __init__(self, timeline: Timeline, year: int) -> None:
        self.timeline = timeline
        self.year = year
        self.first, self.end = year_start(year), year_start(year + 1)
        # one day past the year: whether 31 December's night ends in a special slice
        self.special = timeline._special(self.first, self.end + 1, regular=False)  # noqa: SLF001
        self.pieces: list[Span] = []
        self.days: list[int] = []
        self.closes: list[int] = []

    def build(self) -> YearTable:
        cursor, end = self.first, self.end
        for run_first, run_end in [*runs(self.special), (end, end)]:
            start, stop = min(run_first, end), min(run_end, end)
            if cursor < start:
                self._regular(cursor, start)
            if start < stop:
                self._exact(start, stop)
            cursor = max(cursor, stop)
        return self._table()

    def _regular(self, first: int, end: int) -> None:
        """Regular slices: the template moved by the one offset they share."""
        timeline = self.timeline
        shift = timeline._shift(first)  # noqa: SLF001
        low, high = midnight(first), midnight(end)
        starts, ends = timeline._t_starts, timeline._t_ends  # noqa: SLF001
        for week in range(low // WEEK, (high - 1) // WEEK + 1):
            base = week * WEEK
            for start, stop in zip(starts, ends, strict=True):
                begin, finish = max(base + start, low), min(base + stop, high)
                if finish > begin:
                    self.pieces.append((begin - shift, finish - shift))
        for ordinal in range(first, end):
            if ordinal + 1 in self.special:  # its night may end in a special slice
                self._day(ordinal)
            elif timeline._t_days[(ordinal - 1) % 7]:  # noqa: SLF001
                self.days.append(ordinal)
                close = timeline._t_close[(ordinal - 1) % 7]  # noqa: SLF001
                self.closes.append(midnight(ordinal) + close - shift)

    def _exact(self, first: int, end: int) -> None:
        timeline = self.timeline
        whole_night = self.year == timeline.last_year and end == self.end
        self.pieces.extend(timeline._exact(first, end, regular=False, clip=not whole_night))  # noqa: SLF001
        for ordinal in range(first, end):
            self._day(ordinal)

    def _day(self, ordinal: int) -> None:
        close = self.timeline._close(ordinal)  # noqa: SLF001
        if close is not None:
            self.days.append(ordinal)
            self.closes.append(close)

    def _table(self) -> YearTable:
        timeline, year = self.timeline, self.year
        merged = merge(self.pieces)
        cum, cum_end, running = [], [], 0
        for start, stop in merged:
            cum.append(running)
            running += stop - start
            cum_end.append(running)
        high = timeline.boundary(year + 1) if year < MAX_YEAR else timeline.phi(midnight(self.end))
        return YearTable(
            year=year,
            lo=timeline.boundary(year),
            hi=max(high, merged[-1][1]) if merged else high,
            starts=tuple(s for s, _ in merged),
            ends=tuple(e for _, e in merged),
            cum=tuple(cum),
            cum_end=tuple(cum_end),
            days=tuple(self.days),
            closes=tuple(self.closes),
        )


def runs(special: Iterable[int]) -> list[Span]:
    """Consecutive days as ``(first, end)`` runs."""
    runs: list[Span] = []
    for ordinal in sorted(special):
        if runs and runs[-1][1] == ordinal:
            runs[-1] = (runs[-1][0], ordinal + 1)
        else:
            runs.append((ordinal, ordinal + 1))
    return runs


def merge(pieces: list[Span]) -> list[Span]:
    """Sorted intervals with overlapping or touching ones joined."""
    merged: list[Span] = []
    for start, end in pieces:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def cut(spans: list[Span], closed_from: int, closed_to: int) -> list[Span]:
    """``spans`` with the closed time ``closed_from``–``closed_to`` taken out."""
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
