"""Tables: SLA clocks, KPIs and grading over a million rows, against what a user would write.

Tickets are a realistic export: every level, triage, assignment, responses, resolutions,
joint handling, TK-8 follow-ups, satisfaction, and a pause on one ticket in ten. Every
comparison checks the two sides agree before timing and prints ours, the peer and the ratio.

- ``sla_frame`` (every clock) vs ``ticket_sla_many`` on records (timed on a sample, per
  ticket): target at least 200x faster; pandas and polars inputs; 24x7 and China hours.
- One clock (resolution due on China business hours, 1M rows): ``WorkCalendar.add_many`` vs
  hand-written numpy (working intervals from the holiday lists, ``cumsum``/``searchsorted``):
  target within 2x.
- ``kpi_frame`` by month (1M tickets, 24x7) vs a hand-written pandas groupby and a polars
  group_by: target within 2x.
- ``grade_frame`` on polars vs a polars ``when/then`` expression: target within 1.25x.
- ``--dask N``: ``sla_frame`` and ``kpi_frame`` on N tickets in partitions on a local cluster
  (2 workers), with time and peak cluster memory.

Run: ``python benchmarks/tables.py [rows] [--dask rows]``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from salescare.calendars import china, china_holidays, china_workdays
from salescare.frame import grade_frame, kpi_frame, sla_frame
from salescare.ids import CustomerNo, StaffNo, TicketNo
from salescare.models import Pause, Ticket
from salescare.sla import TicketSlaPolicy, ticket_sla_many
from salescare.vocabulary import JointTrigger, Level, TicketStatus

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1_000_000
SAMPLE = 5_000
REPEATS = 3
NOW = datetime(2024, 9, 1, tzinfo=UTC)
EPOCH = np.datetime64("1970-01-01T00:00", "us")


def best(run: Callable[[], object]) -> float:
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return min(timings)


def report(what: str, ours: float, peer: float, peer_name: str) -> None:
    print(f"{what:<58} ours {ours:8.3f} s  {peer_name} {peer:8.3f} s  ratio {peer / ours:7.1f}x")


def make_tickets(rows: int, seed: int = 20240515) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fully populated tickets and their pauses, seeded."""
    rng = np.random.default_rng(seed)
    base = np.datetime64("2024-03-01T00:00", "us")
    submitted = base + (rng.integers(0, 170 * 86_400, rows) * 1_000_000).astype("timedelta64[us]")

    def later(start: np.ndarray, low_min: int, high_min: int, share: float) -> np.ndarray:
        step = (rng.integers(low_min * 60, high_min * 60, rows) * 1_000_000).astype(
            "timedelta64[us]"
        )
        out = start + step
        out[(rng.random(rows) > share) | np.isnat(start)] = np.datetime64("NaT")
        return out

    triaged = later(submitted, 1, 40, 0.95)
    resolved = later(submitted, 60, 3_000, 0.8)
    synced = later(resolved, 60, 2_000, 0.7)
    collected = later(resolved, 60, 2_000, 0.6)
    joint = rng.random(rows) < 0.1
    triggered = later(submitted, 5, 120, 1.0)
    triggered[~joint] = np.datetime64("NaT")

    def zoned(values: np.ndarray) -> pd.Series:
        return pd.Series(pd.to_datetime(values).tz_localize("UTC"))

    score = rng.integers(1, 6, rows).astype(float)
    score[np.isnat(collected)] = np.nan
    frame = pd.DataFrame(
        {
            "number": _numbers(rows),
            "level": rng.choice(
                np.array(["L1", "L2", "L3"], dtype=object), rows, p=[0.2, 0.5, 0.3]
            ),
            "submitted_at": zoned(submitted),
            "triaged_at": zoned(triaged),
            "assigned_at": zoned(later(triaged, 5, 60, 0.9)),
            "first_response_at": zoned(later(submitted, 10, 300, 0.9)),
            "resolved_at": zoned(resolved),
            "joint_handling": joint,
            "joint_triggered_at": zoned(triggered),
            "joint_meeting_at": zoned(later(triggered, 10, 120, 0.8)),
            "synced_to_sales_at": zoned(synced),
            "sales_contacted_at": zoned(later(synced, 60, 3_000, 0.7)),
            "satisfaction_at": zoned(collected),
            "satisfaction": pd.array(score, dtype="Int64"),
        }
    )
    paused = np.flatnonzero(rng.random(rows) < 0.1)
    begins = submitted[paused] + (rng.integers(5, 200, paused.size) * 60_000_000).astype(
        "timedelta64[us]"
    )
    ends = begins + (rng.integers(30, 600, paused.size) * 60_000_000).astype("timedelta64[us]")
    pauses = pd.DataFrame(
        {"ticket": frame["number"].to_numpy()[paused], "start": zoned(begins), "end": zoned(ends)}
    )
    return frame, pauses


def _numbers(rows: int) -> list[str]:
    """Distinct ticket numbers: FW + a day + a serial, 999 a day."""
    first = date(2000, 1, 1).toordinal()
    return [
        f"FW{date.fromordinal(first + i // 999).strftime('%Y%m%d')}{i % 999 + 1:03d}"
        for i in range(rows)
    ]


def records(frame: pd.DataFrame, pauses: pd.DataFrame) -> list[Ticket]:
    """The same rows as Ticket records (for the scalar path)."""
    by_ticket: dict[str, list[Pause]] = {}
    for row in pauses.itertuples():
        by_ticket.setdefault(row.ticket, []).append(
            Pause(start=row.start.to_pydatetime(), end=row.end.to_pydatetime())
        )
    out = []
    for row in frame.to_dict("records"):

        def when(name: str, row: dict[str, Any] = row) -> datetime | None:
            value = row[name]
            return None if pd.isna(value) else value.to_pydatetime()

        out.append(
            Ticket(
                number=TicketNo.parse(row["number"]),
                customer=CustomerNo.parse("CUS20240301001"),
                customer_name="Lake",
                description="line stops",
                submitted_at=when("submitted_at"),
                level=Level.parse(row["level"]),
                triaged_at=when("triaged_at"),
                assigned_at=when("assigned_at"),
                first_response_at=when("first_response_at"),
                resolved_at=when("resolved_at"),
                status=TicketStatus.CLOSED if when("resolved_at") else TicketStatus.PENDING,
                resolution="fixed" if when("resolved_at") else "",
                joint_handling=bool(row["joint_handling"]),
                joint_triggers=(JointTrigger.UPSET_CUSTOMER,) if row["joint_handling"] else (),
                sales_owner=StaffNo.parse("S0123"),
                joint_triggered_at=when("joint_triggered_at"),
                joint_meeting_at=when("joint_meeting_at"),
                synced_to_sales_at=when("synced_to_sales_at"),
                sales_contacted_at=when("sales_contacted_at"),
                satisfaction_at=when("satisfaction_at"),
                satisfaction=None if pd.isna(row["satisfaction"]) else int(row["satisfaction"]),
                pauses=tuple(by_ticket.get(row["number"], ())),
            )
        )
    return out


def compare_sla(frame: pd.DataFrame, pauses: pd.DataFrame) -> None:
    sample, sample_pauses = (
        frame.head(SAMPLE),
        pauses[pauses["ticket"].isin(frame["number"][:SAMPLE])],
    )
    tickets = records(sample, sample_pauses)
    for name, policy in (
        ("24x7", TicketSlaPolicy()),
        ("China hours", TicketSlaPolicy(calendar=china())),
    ):
        scalar = ticket_sla_many(tickets, now=NOW, policy=policy)
        ours = sla_frame(sample, now=NOW, policy=policy, pauses=sample_pauses)
        expected = [None if m is None else str(m.status) for m in (s.resolution for s in scalar)]
        got = [None if pd.isna(v) else v for v in ours["resolution_status"].tolist()]
        assert got == expected, f"sla_frame disagrees with ticket_sla ({name})"
        per_ticket = best(lambda p=policy: ticket_sla_many(tickets, now=NOW, policy=p)) / SAMPLE
        whole = best(lambda p=policy: sla_frame(frame, now=NOW, policy=p, pauses=pauses))
        report(
            f"sla_frame, every clock, {len(frame):,} tickets, {name}, pandas",
            whole,
            per_ticket * len(frame),
            "ticket_sla_many",
        )
        polars_frame, polars_pauses = pl.from_pandas(frame), pl.from_pandas(pauses)
        from_polars = best(
            lambda p=policy, f=polars_frame, q=polars_pauses: sla_frame(
                f, now=NOW, policy=p, pauses=q
            )
        )
        report(
            f"sla_frame, every clock, {len(frame):,} tickets, {name}, polars",
            from_polars,
            per_ticket * len(frame),
            "ticket_sla_many",
        )


def numpy_business_hours(starts: np.ndarray, hours: float) -> np.ndarray:
    """A hand-written business-hours deadline: China 09:00-12:00, 13:30-18:00, 2024-2025."""
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2026-01-01"))
    weekday = (days.astype(np.int64) - 4) % 7  # 1970-01-01 was a Thursday
    holidays = np.array(
        [h.day for y in (2024, 2025) for h in china_holidays(y)], dtype="datetime64[D]"
    )
    workdays = np.array([d for y in (2024, 2025) for d in china_workdays(y)], dtype="datetime64[D]")
    working = ((weekday < 5) & ~np.isin(days, holidays)) | np.isin(days, workdays)
    worked = days[working].astype("datetime64[us]")
    offset = np.timedelta64(8, "h")  # Shanghai has no daylight saving
    spans = [(9, 0, 12, 0), (13, 30, 18, 0)]
    opens = np.sort(
        np.concatenate([worked + np.timedelta64(h * 60 + m, "m") - offset for h, m, _, _ in spans])
    )
    closes = np.sort(
        np.concatenate([worked + np.timedelta64(h * 60 + m, "m") - offset for _, _, h, m in spans])
    )
    length = (closes - opens).astype(np.int64)
    cum_end = np.cumsum(length)
    cum = cum_end - length
    at = starts.astype("datetime64[us]").astype(np.int64)
    o = opens.astype(np.int64)
    index = np.searchsorted(o, at, "right") - 1
    done = np.where(index >= 0, np.minimum(cum[index] + at - o[index], cum_end[index]), 0)
    need = done + int(hours * 3_600_000_000)
    found = np.searchsorted(cum_end, need, "left")
    return (o[found] + need - cum[found]).astype("datetime64[us]")


def compare_one_clock(frame: pd.DataFrame) -> None:
    calendar = china()
    starts = frame["submitted_at"].dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    ours = calendar.add_many(starts, timedelta(hours=8))
    assert (ours == numpy_business_hours(starts, 8)).all(), "add_many disagrees with numpy"
    report(
        f"one clock (8 h on China hours), {len(frame):,} rows",
        best(lambda: calendar.add_many(starts, timedelta(hours=8))),
        best(lambda: numpy_business_hours(starts, 8)),
        "numpy",
    )


def pandas_kpis(frame: pd.DataFrame) -> pd.DataFrame:
    """The groupby a data scientist would write: on-time L1/L2, first response, satisfaction."""
    target = frame["level"].map({"L1": pd.Timedelta(hours=4), "L2": pd.Timedelta(hours=8)})
    local = lambda column: frame[column].dt.tz_convert("Asia/Shanghai").dt.strftime("%Y-%m")  # noqa: E731
    counted = frame["resolved_at"].notna() & target.notna()
    on_time = (
        pd.DataFrame(
            {
                "period": local("resolved_at")[counted],
                "met": ((frame["resolved_at"] - frame["submitted_at"]) <= target)[counted],
            }
        )
        .groupby("period")["met"]
        .agg(["sum", "count"])
    )
    responded = frame["first_response_at"].notna()
    first = (
        pd.DataFrame(
            {
                "period": local("submitted_at")[responded],
                "us": (frame["first_response_at"] - frame["submitted_at"])[
                    responded
                ].dt.total_seconds(),
            }
        )
        .groupby("period")["us"]
        .agg(["sum", "count"])
    )
    rated = frame["satisfaction"].notna()
    when = frame["satisfaction_at"].fillna(frame["submitted_at"])
    satisfaction = (
        pd.DataFrame(
            {
                "period": when.dt.tz_convert("Asia/Shanghai").dt.strftime("%Y-%m")[rated],
                "score": frame["satisfaction"][rated],
            }
        )
        .groupby("period")["score"]
        .agg(["sum", "count"])
    )
    return on_time.join(first, suffixes=("", "_first"), how="outer").join(
        satisfaction, suffixes=("", "_sat"), how="outer"
    )


def polars_kpis(frame: pl.DataFrame) -> pl.DataFrame:
    target = pl.col("level").replace_strict(
        {"L1": 4 * 3_600_000_000, "L2": 8 * 3_600_000_000}, default=None
    )
    month = lambda column: pl.col(column).dt.convert_time_zone("Asia/Shanghai").dt.strftime("%Y-%m")  # noqa: E731
    elapsed = (pl.col("resolved_at") - pl.col("submitted_at")).dt.total_microseconds()
    on_time = (
        frame.filter(pl.col("resolved_at").is_not_null() & target.is_not_null())
        .group_by(month("resolved_at").alias("period"))
        .agg((elapsed <= target).sum().alias("on_time"), pl.len().alias("of"))
    )
    first = (
        frame.filter(pl.col("first_response_at").is_not_null())
        .group_by(month("submitted_at").alias("period"))
        .agg(
            (pl.col("first_response_at") - pl.col("submitted_at")).dt.total_microseconds().sum(),
            pl.len(),
        )
    )
    satisfaction = (
        frame.filter(pl.col("satisfaction").is_not_null())
        .group_by(
            pl.coalesce("satisfaction_at", "submitted_at")
            .dt.convert_time_zone("Asia/Shanghai")
            .dt.strftime("%Y-%m")
            .alias("period")
        )
        .agg(pl.col("satisfaction").sum(), pl.len())
    )
    return on_time.join(first, on="period", how="full", coalesce=True).join(
        satisfaction, on="period", how="full", coalesce=True
    )


def compare_kpis(frame: pd.DataFrame) -> None:
    ours = kpi_frame(frame)
    peer = pandas_kpis(frame)
    assert ours.set_index("period")["on_time"].to_dict() == peer["sum"].astype(int).to_dict()
    assert (
        ours.set_index("period")["satisfaction_total"].to_dict()
        == peer["sum_sat"].astype(int).to_dict()
    )
    report(
        f"kpi_frame by month, {len(frame):,} tickets",
        best(lambda: kpi_frame(frame)),
        best(lambda: pandas_kpis(frame)),
        "pandas groupby",
    )
    polars_frame = pl.from_pandas(frame)
    check = polars_kpis(polars_frame).sort("period")
    assert check["on_time"].to_list() == ours["on_time"].tolist()
    report(
        f"kpi_frame by month, {len(frame):,} tickets, polars",
        best(lambda: kpi_frame(polars_frame)),
        best(lambda: polars_kpis(polars_frame)),
        "polars group_by",
    )


def compare_grading(rows: int) -> None:
    rng = np.random.default_rng(7)
    amounts = np.round(rng.lognormal(mean=11.5, sigma=1.3, size=rows), 2)
    frame = pl.DataFrame({"annual_purchases": amounts, "potential": rng.integers(1, 6, rows)})

    def expression() -> pl.DataFrame:
        # the same four columns grade_frame returns, as categoricals of the same names
        value = (
            pl.when(pl.col("annual_purchases") >= 500_000)
            .then(0)
            .when(pl.col("annual_purchases") >= 200_000)
            .then(1)
            .when(pl.col("annual_purchases") >= 50_000)
            .then(2)
            .otherwise(3)
        )
        tier = pl.col("potential").replace_strict({1: 3, 2: 3, 3: 2, 4: 1, 5: 0})
        lifted = pl.when(tier < value).then(value - 1).otherwise(value)
        names = ["A", "B", "C", "D"]

        def named(codes: pl.Expr) -> pl.Expr:
            return codes.replace_strict(dict(enumerate(names))).cast(pl.Categorical)

        return frame.select(
            grade=named(lifted),
            value_tier=named(value),
            potential_tier=named(tier),
            rule=pl.lit("GR-1 GR-2 GR-3").cast(pl.Categorical),
        )

    ours = grade_frame(frame)
    peer = expression()
    for column in ("grade", "value_tier", "potential_tier", "rule"):
        assert ours[column].cast(pl.String).equals(peer[column].cast(pl.String)), column
    report(
        f"grade_frame, {rows:,} rows, polars",
        best(lambda: grade_frame(frame)),
        best(expression),
        "polars when/then",
    )


def dask_run(rows: int) -> None:
    import dask.dataframe as dd  # noqa: PLC0415 - only for --dask
    from distributed import Client, LocalCluster  # noqa: PLC0415
    from distributed.diagnostics import MemorySampler  # noqa: PLC0415

    per = 500_000
    parts = max(1, rows // per)

    def part(index: int) -> pd.DataFrame:
        return make_tickets(per, seed=index)[0]

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, memory_limit="8GiB") as cluster,
        Client(cluster),
    ):
        ddf = dd.from_map(part, range(parts))
        sampler = MemorySampler()
        start = time.perf_counter()
        with sampler.sample("tables"):
            worst = sla_frame(ddf, now=NOW)["worst_status"].value_counts().compute()
            kpis = kpi_frame(ddf).compute()
        elapsed = time.perf_counter() - start
        peak = sampler.to_pandas()["tables"].max() / 2**20
    print(
        f"dask, {parts * per:,} tickets in {parts} partitions, 2 workers: sla_frame + kpi_frame "
        f"{elapsed:.1f} s, peak cluster memory {peak:,.0f} MiB, "
        f"{int(worst.sum()):,} rows measured, {len(kpis)} months"
    )


def main() -> None:
    if "--dask" in sys.argv:
        dask_run(int(sys.argv[sys.argv.index("--dask") + 1]))
        return
    frame, pauses = make_tickets(ROWS)
    compare_sla(frame, pauses)
    compare_one_clock(frame)
    compare_kpis(frame)
    compare_grading(ROWS)


if __name__ == "__main__":
    main()
