"""sla_frame equals ticket_sla row for row: every clock, pauses and progress included.

Tickets come from the library's own strategy (levels, pauses open and closed, progress
updates, joint handling, TK-8 follow-ups); the policy is the manuals' default (24×7) or the
same targets on a generated business-hours calendar (lunch breaks, night shifts, closures,
make-up days, daylight-saving zones).
"""

from datetime import UTC, timedelta

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import builders
from tests.budget import share

from salescare.frame import CLOCKS, sla_frame
from salescare.frame.sla import TIME_COLUMNS
from salescare.models import Pause
from salescare.sla import DEFAULT_TICKET_POLICY, TicketSlaPolicy, ticket_sla
from salescare.testing import calendars, tickets
from salescare.vocabulary import Level


def utc(moment):
    return None if moment is None else moment.astimezone(UTC)


def frames(batch):
    table = pd.DataFrame(
        {
            "number": [str(t.number) for t in batch],
            "level": [None if t.level is None else str(t.level) for t in batch],
            "joint_handling": [t.joint_handling for t in batch],
            "satisfaction": pd.array([t.satisfaction for t in batch], dtype="Int64"),
            **{
                name: pd.to_datetime([utc(getattr(t, name)) for t in batch], utc=True)
                for name in TIME_COLUMNS
            },
        }
    )
    pauses = pd.DataFrame(
        {
            "ticket": [str(t.number) for t in batch for _ in t.pauses],
            "start": pd.to_datetime([utc(p.start) for t in batch for p in t.pauses], utc=True),
            "end": pd.to_datetime([utc(p.end) for t in batch for p in t.pauses], utc=True),
        }
    )
    progress = pd.DataFrame(
        {
            "ticket": [str(t.number) for t in batch for _ in t.progress],
            "at": pd.to_datetime([utc(u.at) for t in batch for u in t.progress], utc=True),
        }
    )
    return table, pauses, progress


def instant(value):
    return None if pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def microseconds(value):
    return None if pd.isna(value) else pd.Timedelta(value).to_pytimedelta()


def distinct_numbers(batch):
    return len({str(t.number) for t in batch}) == len(batch)


policies = st.one_of(
    st.just(DEFAULT_TICKET_POLICY),
    calendars().map(lambda calendar: TicketSlaPolicy(calendar=calendar)),
)


@share(0.25)
@given(
    st.lists(tickets(), min_size=1, max_size=8).filter(distinct_numbers),
    policies,
    st.integers(min_value=0, max_value=30 * 24 * 60),
)
def test_sla_frame_is_ticket_sla_row_by_row(batch, policy, minutes_later):
    now = max(t.submitted_at.astimezone(UTC) for t in batch) + timedelta(minutes=minutes_later)
    table, pauses, progress = frames(batch)
    out = sla_frame(table, now=now, policy=policy, pauses=pauses, progress=progress)
    for row, ticket in enumerate(batch):
        expected = ticket_sla(ticket, now=now, policy=policy)
        for name in CLOCKS:
            clock = getattr(expected, "appeasement" if name == "appease" else name)
            status = out[f"{name}_status"].iloc[row]
            if clock is None:
                assert pd.isna(status), (name, row)
                continue
            assert status == str(clock.status), (name, row, clock.reason)
            assert instant(out[f"{name}_due"].iloc[row]) == clock.due, (name, row)
            assert microseconds(out[f"{name}_left"].iloc[row]) == clock.remaining, (name, row)
            overdue = microseconds(out[f"{name}_overdue"].iloc[row])
            if str(clock.status) == "breached":
                until = clock.stopped_at or now
                assert overdue == until.astimezone(UTC) - clock.due.astimezone(UTC)
            else:
                assert overdue is None
        compliance = expected.progress
        ok = out["progress_ok"].iloc[row]
        if compliance is None:
            assert ok is None
        else:
            assert ok == compliance.ok, (row, compliance)
            next_due = instant(out["progress_next_due"].iloc[row])
            assert next_due == compliance.next_update_due
        assert out["appeasement_due"].iloc[row] == expected.appeasement_due
        assert out["late_against_expected"].iloc[row] == expected.late_against_expected


@share(0.1)
@given(st.lists(tickets(), min_size=1, max_size=6).filter(distinct_numbers))
def test_polars_gives_the_same_columns_as_pandas(batch):
    now = max(t.submitted_at.astimezone(UTC) for t in batch) + timedelta(days=2)
    table, pauses, progress = frames(batch)
    from_pandas = sla_frame(table, now=now, pauses=pauses, progress=progress)
    from_polars = sla_frame(
        pl.from_pandas(table), now=now, pauses=pl.from_pandas(pauses), progress=progress
    )
    assert from_polars.columns == list(from_pandas.columns)
    for column in from_pandas.columns:
        left = [plain(v) for v in from_pandas[column].tolist()]
        assert left == [plain(v) for v in from_polars[column].to_list()], column


def plain(value):
    """A cell as a plain Python value, whichever library it came from."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, pd.Timedelta):
        return value.to_pytimedelta()
    return value.item() if hasattr(value, "item") else value


@pytest.mark.parametrize(
    ("pause_from", "due_after"),
    [
        (timedelta(hours=1), timedelta(hours=1)),  # begins as the budget runs out: moves nothing
        (timedelta(minutes=59), timedelta(hours=2)),  # a minute earlier: moves it by the hour
    ],
)
def test_a_pause_moves_the_due_time_only_if_it_begins_before_the_budget_runs_out(
    pause_from, due_after
):
    start = builders.T0
    pause = Pause(start=start + pause_from, end=start + pause_from + timedelta(hours=1))
    ticket = builders.ticket(level=Level.L1, pauses=(pause,))  # L1: respond within 1 h
    now = start + timedelta(hours=3)
    table, pauses, _ = frames([ticket])
    out = sla_frame(table, now=now, pauses=pauses)
    assert ticket_sla(ticket, now=now).response.due == start + due_after
    assert instant(out["response_due"].iloc[0]) == start + due_after


def test_naive_times_and_text_are_refused_with_the_fix():
    table = pd.DataFrame({"number": ["FW20240515001"], "submitted_at": ["2024-05-15 09:00"]})
    now = pd.Timestamp("2024-05-16", tz="UTC").to_pydatetime()
    with pytest.raises(Exception, match=r"normalize"):
        sla_frame(table, now=now)
    table["submitted_at"] = pd.to_datetime(table["submitted_at"])
    with pytest.raises(Exception, match=r"no time zone.*tz="):
        sla_frame(table, now=now)


@pytest.mark.parametrize(
    "spans",
    [
        [(60, 120), (90, 180), (180, 240), (300, None)],  # overlapping, touching, open
        [(10 * k, 10 * k + 5) for k in range(20)],  # more pauses than merge by depth
        [(0, 30), (20, 25), (25, 40)],  # one inside another, from the start
    ],
)
def test_overlapping_touching_and_many_pauses_merge_as_the_scalar_path(spans):
    start = builders.T0
    pauses = tuple(
        Pause(
            start=start + timedelta(minutes=a),
            end=None if b is None else start + timedelta(minutes=b),
        )
        for a, b in spans
    )
    ticket = builders.ticket(level=Level.L2, pauses=pauses)
    now = start + timedelta(hours=9)
    table, pause_table, _ = frames([ticket])
    out = sla_frame(table, now=now, pauses=pause_table)
    expected = ticket_sla(ticket, now=now)
    for name in ("response", "resolution"):
        clock = getattr(expected, name)
        assert out[f"{name}_status"].iloc[0] == str(clock.status)
        assert instant(out[f"{name}_due"].iloc[0]) == clock.due
        assert microseconds(out[f"{name}_left"].iloc[0]) == clock.remaining
