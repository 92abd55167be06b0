"""On-time resolution rate over a million tickets: salescare.metrics against pandas group-by.

1,000,000 seeded tickets (L1/L2/L3, 10 % still open, 20 % resolved exactly on or a second
past the TK-3 limit). Both sides get the same raw rows; both answers are checked equal first.
Prints, per side, the one-off cost of building the input (Ticket records / a DataFrame), the
KPI itself, and the ratio; then the peak memory of computing the KPI from a *stream* of
records (a generator, as from a database cursor), which never holds the million at once.
Report only: issue 6 sets no target.

Run: ``python benchmarks/metrics.py [rows]``.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd

from salescare.ids import CustomerNo, TicketNo
from salescare.metrics import on_time_resolution_rate
from salescare.models import Level, Ticket, TicketStatus

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
REPEATS = 3
LIMIT_HOURS = {"L1": 4, "L2": 8, "L3": 24}
BASE = datetime(2024, 1, 1, tzinfo=UTC)
CUSTOMER = CustomerNo.parse("CUS20240101001")

Row = tuple[str, datetime, datetime | None]


def raw_rows(rows: int, seed: int = 20240515) -> list[Row]:
    rng = np.random.default_rng(seed)
    levels = rng.choice(["L1", "L2", "L3"], size=rows, p=[0.3, 0.5, 0.2])
    offsets = rng.integers(0, 300 * 86_400, size=rows)
    took = rng.exponential(scale=5 * 3600, size=rows).astype(np.int64) + 60
    edge = rng.random(rows)
    unresolved = rng.random(rows) < 0.1
    out: list[Row] = []
    for level, offset, seconds, e, open_ in zip(
        levels, offsets, took, edge, unresolved, strict=True
    ):
        submitted = BASE + timedelta(seconds=int(offset))
        limit = LIMIT_HOURS[str(level)] * 3600
        spent = limit if e < 0.1 else limit + 1 if e < 0.2 else int(seconds)
        resolved = None if open_ else submitted + timedelta(seconds=spent)
        out.append((str(level), submitted, resolved))
    return out


def tickets(rows: list[Row]) -> Iterator[Ticket]:
    for serial, (level, submitted, resolved) in enumerate(rows):
        yield Ticket(
            number=TicketNo(day=date(2024, 1, 1), serial=serial % 999 + 1),
            customer=CUSTOMER,
            customer_name="Lake",
            description="line stops",
            submitted_at=submitted,
            level=Level(level),
            triaged_at=submitted,
            status=TicketStatus.CLOSED if resolved else TicketStatus.IN_PROGRESS,
            resolved_at=resolved,
            resolution="fixed" if resolved else "",
        )


def frame(rows: list[Row]) -> pd.DataFrame:
    levels, submitted, resolved = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "level": pd.Categorical(levels),
            "submitted_at": pd.to_datetime(list(submitted), utc=True),
            "resolved_at": pd.to_datetime(list(resolved), utc=True),
        }
    )


def pandas_rate(df: pd.DataFrame) -> tuple[int, int]:
    """What an analyst writes: time taken vs the level's limit, grouped by level."""
    limits = pd.to_timedelta(df["level"].map(LIMIT_HOURS).astype("int64"), unit="h")
    done = df[df["resolved_at"].notna() & df["level"].isin(["L1", "L2"])]
    on_time = (done["resolved_at"] - done["submitted_at"]) <= limits[done.index]
    grouped = on_time.groupby(done["level"], observed=True).agg(["sum", "count"])
    return int(grouped["sum"].sum()), int(grouped["count"].sum())


def ours(records: list[Ticket]) -> tuple[int, int]:
    rate = on_time_resolution_rate(records)
    return rate.numerator, rate.denominator


def best(run: Callable[[], object]) -> float:
    """The fastest of a few runs (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def timed_kpis(rows: list[Row]) -> tuple[int, int]:
    start = time.perf_counter()
    records = list(tickets(rows))
    build_ours = time.perf_counter() - start
    start = time.perf_counter()
    df = frame(rows)
    build_pandas = time.perf_counter() - start
    expected = pandas_rate(df)
    assert ours(records) == expected, (ours(records), expected)
    ours_s = best(lambda: ours(records))
    pandas_s = best(lambda: pandas_rate(df))
    print(f"on-time resolution of L1/L2, {ROWS:,} tickets: {expected[0]:,}/{expected[1]:,}")
    print(
        f"  build input  salescare records {build_ours:7.2f} s  pandas frame {build_pandas:6.2f} s"
    )
    print(
        f"  KPI          salescare {ours_s * 1000:8.1f} ms  pandas group-by "
        f"{pandas_s * 1000:7.1f} ms  ratio {ours_s / pandas_s:5.1f}× "
        f"({ours_s / ROWS * 1e9:.0f} vs {pandas_s / ROWS * 1e9:.0f} ns per ticket)"
    )
    return expected


def main() -> None:
    rows = raw_rows(ROWS)
    expected = timed_kpis(rows)
    tracemalloc.start()
    streamed = on_time_resolution_rate(tickets(rows))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (streamed.numerator, streamed.denominator) == expected
    print(f"  streaming the records through the KPI: peak {peak / 2**20:.2f} MiB extra")


if __name__ == "__main__":
    main()
