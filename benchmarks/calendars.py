"""Working-time arithmetic: salescare's WorkCalendar against pandas and businesstime.

Monday to Friday 09:00-17:00 (UTC) with 0, 100 and 1,000 holidays, durations from 1 hour to
100,000 hours, the same seeded inputs on both sides, results checked equal before timing.

- ``add``: ``WorkCalendar.add`` vs ``Timestamp + CustomBusinessHour(n)`` (pandas).
- ``between``: ``WorkCalendar.between`` vs ``BusinessTime.businesstimedelta`` (businesstime).
- construction: building a calendar and its first year, then fifty years, reported apart.

Run: ``python benchmarks/calendars.py``. Prints one line per comparison: operation, peer,
holidays, duration, median µs ours, median µs peer, ratio.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

import pandas as pd
from businesstime import BusinessTime
from pandas.tseries.offsets import CustomBusinessHour

from salescare.calendars import WorkCalendar

SEED = 20240515
STARTS = 50
REPEATS = 5
HOURS = (1, 100, 10_000, 100_000)
HOLIDAY_COUNTS = (0, 100, 1_000)


def make_holidays(count: int) -> list[date]:
    rng = random.Random(SEED + count)
    days: set[date] = set()
    while len(days) < count:
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(365 * 50))
        if day.weekday() < 5:
            days.add(day)
    return sorted(days)


def make_starts() -> list[datetime]:
    rng = random.Random(SEED)
    return [
        datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(365 * 24 * 60))
        for _ in range(STARTS)
    ]


def per_call_us(run: Callable[[], object], calls: int) -> float:
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) / calls * 1e6


def business_delta(delta: timedelta) -> timedelta:
    """businesstime counts whole business days as days; one business day is 8 hours here."""
    return timedelta(hours=8 * delta.days, seconds=delta.seconds, microseconds=delta.microseconds)


def line(
    operation: str, peer: str, holidays: int, hours: int, *, ours: float, theirs: float
) -> None:
    print(
        f"{operation:<8} {peer:<36} holidays={holidays:<5} {hours:>7,} h  "
        f"ours {ours:9.1f} µs  peer {theirs:11.1f} µs  ratio {theirs / ours:8.1f}×"
    )


def bench_add(holidays: list[date], starts: list[datetime]) -> None:
    ours = WorkCalendar.weekly(tz="UTC", hours=("09:00-17:00",), holidays=holidays)
    for hours in HOURS:
        duration = timedelta(hours=hours)
        offset = CustomBusinessHour(n=hours, start="09:00", end="17:00", holidays=holidays)
        stamps = [pd.Timestamp(s) for s in starts]
        for start, stamp in zip(starts, stamps, strict=True):
            mine = ours.add(start, duration)
            peer = (stamp + offset).to_pydatetime()
            # Landing exactly on a close, pandas moves to the next opening while salescare
            # keeps the close; both name the same point of working time.
            assert mine == peer or (mine < peer and ours.between(mine, peer) == timedelta(0)), (
                start,
                hours,
                mine,
                peer,
            )
        mine_us = per_call_us(
            lambda duration=duration: [ours.add(s, duration) for s in starts], len(starts)
        )
        peer_us = per_call_us(
            lambda offset=offset, stamps=stamps: [st + offset for st in stamps], len(stamps)
        )
        line(
            "add",
            "pandas Timestamp + CustomBusinessHour",
            len(holidays),
            hours,
            ours=mine_us,
            theirs=peer_us,
        )


def bench_between(holidays: list[date], starts: list[datetime]) -> None:
    ours = WorkCalendar.weekly(tz="UTC", hours=("09:00-17:00",), holidays=holidays)
    peer = BusinessTime(business_hours=(clock(9), clock(17)), weekends=(5, 6), holidays=holidays)
    rng = random.Random(SEED)
    for hours in HOURS:
        pairs = [(s, s + timedelta(hours=hours * rng.uniform(0.5, 1.5) * 4.2)) for s in starts]
        naive = [(a.replace(tzinfo=None), b.replace(tzinfo=None)) for a, b in pairs]
        for (a, b), (na, nb) in zip(pairs, naive, strict=True):
            mine = ours.between(a, b)
            theirs = business_delta(peer.businesstimedelta(na, nb))
            assert mine == theirs, (a, b, mine, theirs)
        mine_us = per_call_us(
            lambda pairs=pairs: [ours.between(a, b) for a, b in pairs], len(pairs)
        )
        peer_us = per_call_us(
            lambda naive=naive: [peer.businesstimedelta(a, b) for a, b in naive], len(naive)
        )
        line(
            "between",
            "businesstime BusinessTime",
            len(holidays),
            hours,
            ours=mine_us,
            theirs=peer_us,
        )


def bench_construction(holidays: list[date]) -> None:
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    timings_one, timings_fifty = [], []
    for _ in range(REPEATS):
        begin = time.perf_counter()
        calendar = WorkCalendar.weekly(tz="UTC", hours=("09:00-17:00",), holidays=holidays)
        calendar.add(start, timedelta(hours=1))
        timings_one.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        calendar.add(start, timedelta(hours=8 * 261 * 50))
        timings_fifty.append(time.perf_counter() - begin)
    print(
        f"build    holidays={len(holidays):<5} calendar + first year "
        f"{statistics.median(timings_one) * 1e3:.2f} ms; 49 more years "
        f"{statistics.median(timings_fifty) * 1e3:.2f} ms (once per calendar, then cached)"
    )


def main() -> None:
    starts = make_starts()
    for count in HOLIDAY_COUNTS:
        holidays = make_holidays(count)
        bench_construction(holidays)
        bench_add(holidays, starts)
        bench_between(holidays, starts)


if __name__ == "__main__":
    main()
