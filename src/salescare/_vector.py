"""Working time over arrays: one calendar compiled to numpy arrays, answered by binary search.

A :class:`Compiled` calendar is the year tables of :mod:`salescare._yeartable` for a range of
years, laid end to end: interval bounds as instants (microseconds since 1970-01-01 UTC),
cumulative working time before and after each interval, the working days with their closes
of business, and the instant each local day starts. ``worked(t)``, the working time from the
range's start to ``t``, is one ``searchsorted``; adding ``d`` to ``t`` is finding where
``worked`` reaches ``worked(t) + d``, another. Every answer equals the scalar
:meth:`~salescare.calendars.WorkCalendar.add` / ``between`` / ``add_working_days``, because
both read the same tables with the same search sides.

Compiled ranges are kept per calendar (a few at a time); a range grows when a result lies
past it, up to :data:`_MAX_YEARS` years, beyond which the rows left over are answered by the
scalar methods (so a huge duration still answers, or raises ``CalendarRangeError``, as there).

Needs numpy (the ``frame`` extra).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from salescare._yeartable import midnight, year_start
from salescare.errors import NaiveDatetimeError, ValidationError, WrongTypeError
from salescare.i18n import tr

if TYPE_CHECKING:
    from salescare._timeline import Timeline

# numpy is imported on first use (an extra), so arrays are typed loosely here; the public
# methods on WorkCalendar say what they take and return
Array = Any

__all__ = [
    "BucketSearch",
    "Compiled",
    "add_many",
    "add_working_days_many",
    "between_many",
    "compiled",
    "numpy",
    "working_days_between_many",
]

_MAX_YEARS = 200  # a range this long is compiled in well under a second
_KEPT = 8
_NAT = -(2**63)  # numpy's NaT as int64
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def numpy() -> Any:
    """numpy, or an ImportError naming the extra that brings it."""
    try:
        import numpy as np  # noqa: PLC0415 - optional extra, imported on first use
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        msg = tr('working time over arrays needs numpy: pip install "salescare[frame]"')
        raise ImportError(msg) from exc
    return np


class BucketSearch:
    """A sorted int64 array answering ``searchsorted`` through buckets of a fixed width.

    Each bucket keeps the answer at its left edge; a key's answer is its bucket's plus the
    few edges between the bucket's edge and the key, found in at most ``steps`` vectorised
    passes. Exactly ``numpy.searchsorted``, a gather instead of a binary search per key (a
    bucket is a quarter of the average gap between edges, so ``steps`` is one or two).
    Keys outside the buckets, or arrays whose edges bunch up, use ``searchsorted`` itself.
    """

    _MAX_STEPS = 4
    _MAX_BUCKETS = 1 << 22

    def __init__(self, edges: Array) -> None:
        np = numpy()
        self.edges = edges
        self.usable = edges.size > 1
        if not self.usable:
            return
        self.base = int(edges[0])
        span = int(edges[-1]) - self.base + 1
        buckets = min(max(4 * edges.size, 1), self._MAX_BUCKETS)
        self.width = max(-(-span // buckets), 1)
        count = -(-span // self.width) + 1
        lefts = self.base + self.width * np.arange(count, dtype=np.int64)
        self.right = np.searchsorted(edges, lefts, side="right")  # edges <= bucket's left edge
        self.left = np.searchsorted(edges, lefts, side="left")  # edges < bucket's left edge
        inside = np.diff(np.searchsorted(edges, lefts, side="left"), append=edges.size)
        self.steps = int(inside.max()) + 1 if inside.size else 1
        self.usable = self.steps <= self._MAX_STEPS
        self.padded = np.append(edges, np.iinfo(np.int64).max)

    def search(self, keys: Array, side: str) -> Array:
        """``numpy.searchsorted(edges, keys, side)``."""
        np = numpy()
        if not self.usable or not keys.size:
            return np.searchsorted(self.edges, keys, side=side)
        bucket = (keys - self.base) // self.width
        outside = (bucket < 0) | (bucket >= self.right.size)
        bucket = np.clip(bucket, 0, self.right.size - 1)
        found = (self.right if side == "right" else self.left)[bucket]
        for _ in range(self.steps):
            edge = self.padded[found]
            found = found + ((edge <= keys) if side == "right" else (edge < keys))
        if outside.any():
            found[outside] = np.searchsorted(self.edges, keys[outside], side=side)
        return found


class Compiled:
    """The working time of years ``first``…``last`` of one calendar, as arrays."""

    def __init__(self, timeline: Timeline, first: int, last: int) -> None:
        np = numpy()
        tables = [timeline.table(year) for year in range(first, last + 1)]
        self.first, self.last = first, last
        self.lo = tables[0].lo
        self.hi = tables[-1].hi
        self.starts = np.fromiter((s for t in tables for s in t.starts), dtype=np.int64)
        self.ends = np.fromiter((e for t in tables for e in t.ends), dtype=np.int64)
        lengths = self.ends - self.starts
        self.cum_end = np.cumsum(lengths, dtype=np.int64)
        self.cum = self.cum_end - lengths
        self.days = np.fromiter((d for t in tables for d in t.days), dtype=np.int64)
        self.closes = np.fromiter((c for t in tables for c in t.closes), dtype=np.int64)
        self.first_day = year_start(first)
        end_day = year_start(last + 1)
        # the instant each local day starts (phi of its midnight), and the one after the last
        self.midnights = np.fromiter(
            (timeline.phi(midnight(o)) for o in range(self.first_day, end_day + 1)),
            dtype=np.int64,
        )
        self._starts = BucketSearch(self.starts)
        self._cum_end = BucketSearch(self.cum_end)
        self._midnights = BucketSearch(self.midnights)

    @property
    def total(self) -> int:
        """The working time of the whole range."""
        return int(self.cum_end[-1]) if self.cum_end.size else 0

    def covers(self, low: int, high: int) -> bool:
        """Whether every instant in ``[low, high]`` lies inside the range."""
        return self.lo <= low and high < self.hi

    def worked(self, at: Array) -> Array:
        """Working time from the range's start to each instant of ``at`` (inside the range)."""
        np = numpy()
        index = self._starts.search(at, "right") - 1
        safe = np.maximum(index, 0)
        inside = np.minimum(self.cum[safe] + at - self.starts[safe], self.cum_end[safe])
        return np.where(index >= 0, inside, 0)

    def locate(self, amount: Array) -> Array:
        """The first instant by which ``amount`` (``0 < amount <= total``) has been worked."""
        index = self._cum_end.search(amount, "left")
        return self.starts[index] + amount - self.cum[index]

    def next_open(self, at: Array) -> Array:
        """Each instant itself when it is working time, else the next opening (or -1)."""
        np = numpy()
        index = self._starts.search(at, "right") - 1
        safe = np.maximum(index, 0)
        inside = (index >= 0) & (at < self.ends[safe])
        following = np.minimum(index + 1, self.starts.size - 1)
        later = np.where(index + 1 < self.starts.size, self.starts[following], -1)
        return np.where(inside, at, later)

    def day_of(self, at: Array) -> Array:
        """The local day (a proleptic ordinal) of each instant."""
        return self.first_day + self._midnights.search(at, "right") - 1


class _Cache:
    """Compiled ranges of one calendar, the most recently used kept."""

    def __init__(self) -> None:
        self.ranges: OrderedDict[tuple[int, int], Compiled] = OrderedDict()
        self.lock = threading.Lock()


_CACHES: dict[int, tuple[Timeline, _Cache]] = {}
_CACHES_LOCK = threading.Lock()


def compiled(timeline: Timeline, first: int, last: int) -> Compiled:
    """The compiled range ``first``…``last`` of ``timeline`` (built once, then kept)."""
    with _CACHES_LOCK:
        entry = _CACHES.get(id(timeline))
        if entry is None or entry[0] is not timeline:
            entry = _CACHES[id(timeline)] = (timeline, _Cache())
            while len(_CACHES) > 4 * _KEPT:
                _CACHES.pop(next(iter(_CACHES)))
    cache = entry[1]
    with cache.lock:
        for (low, high), found in cache.ranges.items():
            if low <= first and last <= high:
                cache.ranges.move_to_end((low, high))
                return found
    for year in range(first, last + 1):
        timeline.check_year(year)
    built = Compiled(timeline, first, last)
    with cache.lock:
        cache.ranges[(first, last)] = built
        while len(cache.ranges) > _KEPT:
            cache.ranges.popitem(last=False)
    return built


def years_for(timeline: Timeline, low: int, high: int, *, ahead: int = 0) -> tuple[int, int]:
    """The years holding instants ``low``…``high``, and ``ahead`` more, within the calendar's.

    At most :data:`_SPAN` years are compiled: rows past them (a date in year 9000 among
    this year's tickets) are answered by the scalar methods, which cross years by their
    totals, instead of compiling thousands of years of tables.
    """
    first = timeline.year_of(low)
    last = timeline.year_of(high)
    timeline.check_year(first)
    timeline.check_year(last)
    return first, min(last + ahead, timeline.last_year, first + _SPAN)


_SPAN = 60


def _native(values: Any, field: str, kind: str, what: str, accepted: str) -> Array:
    """``values`` as a numpy array whose dtype kind is one of ``kind``, or a clear error."""
    np = numpy()
    array = _from_arrow(values, kind)
    if array is None and "M" in kind:
        array = _from_pandas(values, field)
    if array is None:
        try:
            array = np.asarray(values)
        except (TypeError, ValueError, OverflowError, UnicodeError):  # ragged or odd input
            raise WrongTypeError(
                ("WorkCalendar", field),
                values,
                tr("is not an array of {what}", what=what),
                accepted,
            ) from None
    if array.dtype.kind not in kind or array.ndim != 1:
        shape = f"dtype {array.dtype}" if array.ndim == 1 else f"{array.ndim} dimensions"
        raise WrongTypeError(
            ("WorkCalendar", field),
            _sample(array),
            tr("is not an array of {what} ({shape})", what=what, shape=shape),
            accepted,
        )
    return array


def instants(values: Any, field: str) -> tuple[Array, Array]:
    """Instants (int64 microseconds since 1970 UTC) and a missing mask, from an array.

    Accepted: numpy ``datetime64`` (read as UTC), pyarrow timestamp arrays (zoned or read as
    UTC) and zoned pandas columns. ``NaT``/null is missing.
    """
    np = numpy()
    accepted = tr("numpy datetime64 (UTC), a pyarrow timestamp array or a zoned pandas column")
    array = _native(values, field, "M", tr("instants"), accepted)
    as_us = array.astype("datetime64[us]", copy=False).view(np.int64)
    return as_us, as_us == _NAT


def micros(values: Any, field: str, size: int) -> tuple[Array, Array]:
    """Durations as int64 microseconds and a missing mask; a single ``timedelta`` is repeated."""
    np = numpy()
    if isinstance(values, timedelta):
        if values < timedelta(0):
            raise ValidationError(
                ("WorkCalendar", field), values, tr("is negative"), tr("a duration >= 0")
            )
        count = values // timedelta(microseconds=1)
        if count >= _TOO_LONG:  # past any calendar: the scalar path says which year it needs
            raise _TooLong(values)
        array = np.full(size, count, dtype=np.int64)
        return _checked_durations(array, np.zeros(size, dtype=bool), field)
    accepted = tr("numpy timedelta64, a pyarrow duration array or one datetime.timedelta")
    array = _native(values, field, "m", tr("durations"), accepted)
    as_us = array.astype("timedelta64[us]").view(np.int64)
    return _checked_durations(as_us, as_us == _NAT, field)


_TOO_LONG = 2**62  # microseconds: about 146,000 years


class _TooLong(Exception):  # noqa: N818 - a signal between two functions here, never shown
    def __init__(self, amount: Any) -> None:
        self.amount = amount  # a timedelta or a count of working days


def counts(values: Any, field: str, size: int) -> Array:
    """Working-day counts (int64, each at least 1); a single int is repeated."""
    np = numpy()
    if type(values) is int:
        if values < 1:
            raise ValidationError(
                ("WorkCalendar", field),
                values,
                tr("is not a count of working days"),
                tr("an int >= 1"),
            )
        if values >= _TOO_LONG:  # more working days than any calendar holds
            raise _TooLong(values)
        array = np.full(size, values, dtype=np.int64)
    else:
        accepted = tr("an int or an integer array, each >= 1")
        array = _native(values, field, "iu", tr("whole numbers"), accepted).astype(np.int64)
    bad = np.flatnonzero(array < 1)
    if bad.size:
        raise ValidationError(
            ("WorkCalendar", field, int(bad[0])),
            int(array[bad[0]]),
            tr("is not a count of working days"),
            tr("an int >= 1"),
        )
    return array


def _checked_durations(array: Array, missing: Array, field: str) -> tuple[Array, Array]:
    np = numpy()
    bad = np.flatnonzero((array < 0) & ~missing)
    if bad.size:
        raise ValidationError(
            ("WorkCalendar", field, int(bad[0])),
            timedelta(microseconds=int(array[bad[0]])),
            tr("is negative"),
            tr("a duration >= 0"),
        )
    return array, missing


def _from_arrow(values: Any, kind: str) -> Any:
    """A numpy array from a pyarrow array of ``kind`` (nulls as NaT), else ``None``."""
    module = type(values).__module__
    if not module.startswith("pyarrow"):
        return None
    import pyarrow as pa  # noqa: PLC0415 - only when given one
    import pyarrow.compute as pc  # noqa: PLC0415

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if "M" in kind and pa.types.is_timestamp(values.type):
        values = pc.cast(values, pa.timestamp("us", tz="UTC")).cast(pa.timestamp("us"))
    elif "m" in kind and pa.types.is_duration(values.type):
        values = pc.cast(values, pa.duration("us"))
    return values.to_numpy(zero_copy_only=False)


def _from_pandas(values: Any, field: str) -> Any:
    """A numpy array of UTC instants from a zoned pandas Series or index, else ``None``.

    A pandas column can carry its zone, so a naive one is refused rather than guessed.
    """
    if not type(values).__module__.startswith("pandas"):
        return None
    dtype = getattr(values, "dtype", None)
    if getattr(dtype, "kind", "") != "M":
        return None
    if getattr(dtype, "tz", None) is None:
        raise NaiveDatetimeError.for_field(("WorkCalendar", field), _sample(values.to_numpy()))
    if hasattr(values, "dt"):  # a Series
        return values.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    return values.tz_convert("UTC").tz_localize(None).to_numpy()  # an index


def _sample(array: Any) -> Any:
    """The first value of an array (its whole self when it has no first), for a message."""
    return array.flat[0] if getattr(array, "size", 0) else array


def to_datetime64(values: Array) -> Array:
    """int64 microseconds as ``datetime64[us]`` (UTC; missing rows are NaT)."""
    return values.view("datetime64[us]")


def from_instant(instant: int) -> datetime:
    """An instant (microseconds since 1970 UTC) as an aware UTC datetime."""
    return _EPOCH + timedelta(microseconds=instant)


def to_instant(moment: datetime) -> int:
    """An aware datetime as microseconds since 1970 UTC."""
    return (moment - _EPOCH) // timedelta(microseconds=1)


def add_many(
    timeline: Timeline, add: Callable[[datetime, timedelta], datetime], starts: Any, durations: Any
) -> Array:
    """:meth:`WorkCalendar.add` over arrays (see there)."""
    np = numpy()
    s, missing = instants(starts, "starts")
    try:
        d, no_duration = micros(durations, "durations", s.size)
    except _TooLong as too_long:  # the scalar path answers, or raises CalendarRangeError
        duration = too_long.amount
        return _by_scalar(s, missing, lambda at: add(at, duration))
    _same_length(s, d, "durations")
    missing = missing | no_duration
    present = np.flatnonzero(~missing)
    if not present.size:
        return to_datetime64(np.full(s.size, _NAT, dtype=np.int64))
    at, amount = s[present], d[present]
    # worked() counts from the range's first year, which growing never moves
    table = _grown(timeline, at, lambda t: int((t.worked(at) + amount).max()) > t.total)
    need = table.worked(at) + amount
    if table.starts.size:
        found = np.where(need <= table.total, table.locate(np.minimum(need, table.total)), -1)
        zero = amount == 0
        if zero.any():
            found = np.where(zero, table.next_open(at), found)
    else:  # no working time in the range: the scalar path says where there is (or raises)
        found = np.full(at.size, -1, dtype=np.int64)

    def one(row: int) -> int:
        moment = add(from_instant(int(s[row])), timedelta(microseconds=int(d[row])))
        return to_instant(moment)

    return to_datetime64(_fill(s.size, present, found, one))


def between_many(
    timeline: Timeline, between: Callable[[datetime, datetime], timedelta], starts: Any, ends: Any
) -> Array:
    """:meth:`WorkCalendar.between` over arrays (see there)."""
    np = numpy()
    s, missing = instants(starts, "starts")
    e, no_end = instants(ends, "ends")
    _same_length(s, e, "ends")
    missing = missing | no_end
    early = np.flatnonzero((e < s) & ~missing)
    if early.size:
        row = int(early[0])
        raise ValidationError(
            ("WorkCalendar", "ends", row),
            from_instant(int(e[row])),
            tr("is before its start ({value})", value=from_instant(int(s[row])).isoformat()),
            tr("end >= start"),
        )
    out = np.full(s.size, _NAT, dtype=np.int64)
    present = np.flatnonzero(~missing)
    if present.size:
        low, high = int(s[present].min()), int(e[present].max())
        table = compiled(timeline, *years_for(timeline, low, high))
        out[present] = table.worked(e[present]) - table.worked(s[present])
        for row in present[e[present] >= table.hi].tolist():  # past the compiled years
            out[row] = between(from_instant(int(s[row])), from_instant(int(e[row]))) // _US
    return out.view("timedelta64[us]")


_US = timedelta(microseconds=1)


def add_working_days_many(
    timeline: Timeline,
    add_days: Callable[[datetime, int], datetime],
    starts: Any,
    count: Any,
) -> Array:
    """:meth:`WorkCalendar.add_working_days` over arrays (see there)."""
    np = numpy()
    s, missing = instants(starts, "starts")
    try:
        n = counts(count, "counts", s.size)
    except _TooLong as too_many:  # the scalar path answers, or raises CalendarRangeError
        number = too_many.amount
        return _by_scalar(s, missing, lambda at: add_days(at, number))
    _same_length(s, n, "counts")
    present = np.flatnonzero(~missing)
    if not present.size:
        return to_datetime64(np.full(s.size, _NAT, dtype=np.int64))
    at, wanted = s[present], n[present]

    def nth(t: Compiled) -> Array:
        return np.searchsorted(t.days, t.day_of(at), side="right") + wanted - 1

    table = _grown(timeline, at, lambda t: int(nth(t).max()) >= t.days.size)
    index = nth(table)
    inside = index < table.days.size
    found = np.where(inside, table.closes[np.minimum(index, max(table.days.size - 1, 0))], -1)
    found = np.where(at >= table.hi, -1, found)  # past the compiled years: the scalar path
    if not table.days.size:
        found = np.full(at.size, -1, dtype=np.int64)

    def one(row: int) -> int:
        return to_instant(add_days(from_instant(int(s[row])), int(n[row])))

    return to_datetime64(_fill(s.size, present, found, one))


def working_days_between_many(
    timeline: Timeline, count: Callable[[date, date], int], starts: Any, ends: Any
) -> Array:
    """:meth:`WorkCalendar.working_days_between` over arrays of dates (see there)."""
    np = numpy()
    accepted = tr("numpy datetime64[D] dates (or a pyarrow date array)")
    first_days = _native(starts, "starts", "M", tr("dates"), accepted).astype("datetime64[D]")
    last_days = _native(ends, "ends", "M", tr("dates"), accepted).astype("datetime64[D]")
    _same_length(first_days, last_days, "ends")
    missing = np.isnat(first_days) | np.isnat(last_days)
    early = np.flatnonzero((last_days < first_days) & ~missing)
    if early.size:
        row = int(early[0])
        raise ValidationError(
            ("WorkCalendar", "ends", row),
            str(last_days[row]),
            tr("is before its start ({first_days})", first_days=first_days[row]),
            tr("end >= start"),
        )
    out = np.full(first_days.size, -1, dtype=np.int64)
    present = np.flatnonzero(~missing)
    if present.size:
        low, high = first_days[present], last_days[present]
        years = (
            low.min().astype("datetime64[Y]").astype(np.int64) + 1970,
            high.max().astype("datetime64[Y]").astype(np.int64) + 1970,
        )
        last_year = min(int(years[1]), int(years[0]) + _SPAN)
        for year in range(int(years[0]), int(years[1]) + 1):  # the scalar path's range check
            if year <= last_year or year == int(years[1]):
                timeline.check_year(year)
        table = compiled(timeline, int(years[0]), last_year)
        ordinal = _EPOCH_ORDINAL
        after_start = np.searchsorted(table.days, low.astype(np.int64) + ordinal, side="right")
        by_end = np.searchsorted(table.days, high.astype(np.int64) + ordinal, side="right")
        out[present] = by_end - after_start
        past = present[high.astype(np.int64) + ordinal >= year_start(last_year + 1)]
        for row in past.tolist():  # past the compiled years: the scalar path
            out[row] = count(
                date.fromordinal(int(first_days[row].astype(np.int64)) + ordinal),
                date.fromordinal(int(last_days[row].astype(np.int64)) + ordinal),
            )
    return out


_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()


def _grown(timeline: Timeline, at: Array, short: Callable[[Compiled], bool]) -> Compiled:
    """The range from the year of the earliest of ``at``, doubled while ``short`` says so.

    Growth stops at the calendar's last year or :data:`_MAX_YEARS`; rows still past the
    range are then answered one by one by the scalar method.
    """
    first, last = years_for(timeline, int(at.min()), int(at.max()), ahead=1)
    table = compiled(timeline, first, last)
    ceiling = min(timeline.last_year, first + _MAX_YEARS)
    while last < ceiling and short(table):
        last = min(last + (last - first + 1), ceiling)
        table = compiled(timeline, first, last)
    return table


def _by_scalar(s: Array, missing: Array, one: Callable[[datetime], datetime]) -> Array:
    """Every present row answered by a scalar method (an amount no array can hold)."""
    np = numpy()
    present = np.flatnonzero(~missing)
    unanswered = np.full(present.size, -1, dtype=np.int64)
    found = _fill(
        s.size, present, unanswered, lambda row: to_instant(one(from_instant(int(s[row]))))
    )
    return to_datetime64(found)


def _fill(size: int, present: Array, found: Array, one: Callable[[int], int]) -> Any:
    """Rows ``present`` get ``found``; those marked -1 are answered by ``one`` (scalar)."""
    np = numpy()
    out = np.full(size, _NAT, dtype=np.int64)
    for index in np.flatnonzero(found == -1):  # past the compiled range: rare, one by one
        found[index] = one(int(present[index]))
    out[present] = found
    return out


def _same_length(starts: Array, other: Array, field: str) -> None:
    if other.size != starts.size:
        raise ValidationError(
            ("WorkCalendar", field),
            f"{other.size} values",
            tr("does not match the {size} starts", size=starts.size),
            tr("one value per start, or a single value for all"),
        )
