"""agenda_frame over a table of tickets gives the agenda's rows for the same tickets."""

from __future__ import annotations

from datetime import UTC, timedelta

import pandas as pd
import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from tests.budget import share
from tests.property.test_sla_frame import distinct_numbers, frames, instant, policies

from salescare.agenda import agenda
from salescare.frame import AGENDA_COLUMNS, agenda_frame
from salescare.ids import StaffNo
from salescare.models import Level
from salescare.testing import tickets


def _table(batch):
    table, pauses, _ = frames(batch)
    table["assignee"] = [None if t.assignee is None else str(t.assignee) for t in batch]
    table["sales_owner"] = [None if t.sales_owner is None else str(t.sales_owner) for t in batch]
    table["customer"] = [str(t.customer) for t in batch]
    return table, pauses


def _utc(moment):
    return None if moment is None else moment.astimezone(UTC)


def _key(row):
    """Rows compare with their missing cells first (None does not order against values)."""
    return tuple((cell is not None, str(cell)) for cell in row)


def _expected(batch, now, policy, owner, families):
    who = None if owner is None else StaffNo.parse(owner)
    items = agenda(
        batch, now=now, periodic=False, ticket_policy=policy, owner=who, families=families
    )
    rows = [
        (
            i.rule,
            i.timer,
            i.what,
            str(i.role),
            None if i.owner is None else str(i.owner),
            str(i.customer),
            _utc(i.start),
            _utc(i.due),
            str(i.status),
            _utc(i.done_at),
            i.source,
        )
        for i in items
        if not i.timer.startswith("TK-6")  # the cadence needs the progress table
    ]
    return sorted(rows, key=_key)


def _rows(out):
    rows = [
        (
            row["rule"],
            row["timer"],
            row["what"],
            row["role"],
            None if pd.isna(row["owner"]) else row["owner"],
            row["customer"],
            _utc(instant(row["start"])),
            _utc(instant(row["due"])),
            row["status"],
            _utc(instant(row["done_at"])),
            row["source"],
        )
        for _, row in out.iterrows()
    ]
    return sorted(rows, key=_key)


@share(0.15)
@given(
    st.lists(tickets(), min_size=1, max_size=6).filter(distinct_numbers),
    policies,
    st.integers(min_value=0, max_value=20 * 24 * 60),
    st.sampled_from([None, "A0045", "S0123"]),
    st.sampled_from([None, ("TK",), ("HO",)]),
)
def test_agenda_frame_is_the_agenda_of_the_same_tickets(batch, policy, minutes, owner, families):
    now = min(t.submitted_at.astimezone(UTC) for t in batch) + timedelta(minutes=minutes)
    table, pauses = _table(batch)
    out = agenda_frame(table, now=now, policy=policy, pauses=pauses, owner=owner, families=families)
    assert list(out.columns) == list(AGENDA_COLUMNS)
    expected = _expected(batch, now, policy, owner, families)
    assert _rows(out) == expected
    assert list(out["due"]) == sorted(out["due"])


@share(0.02)
@given(st.lists(tickets(), min_size=1, max_size=4).filter(distinct_numbers))
def test_every_kind_gives_the_same_rows(batch):
    import dask.dataframe as dd  # noqa: PLC0415 - test-only engines
    import duckdb  # noqa: PLC0415

    now = max(t.submitted_at.astimezone(UTC) for t in batch) + timedelta(hours=5)
    table, pauses = _table(batch)
    expected = _rows(agenda_frame(table, now=now, pauses=pauses))
    polars = agenda_frame(pl.from_pandas(table), now=now, pauses=pauses)
    assert _rows(polars.to_pandas()) == expected
    lazy = agenda_frame(pl.from_pandas(table).lazy(), now=now, pauses=pauses)
    assert _rows(lazy.collect().to_pandas()) == expected
    relation = duckdb.from_arrow(pl.from_pandas(table).to_arrow())
    assert _rows(agenda_frame(relation, now=now, pauses=pauses).df()) == expected
    spread = dd.from_pandas(table, npartitions=2)
    assert _rows(agenda_frame(spread, now=now, pauses=pauses).compute()) == expected


def test_records_give_the_same_columns_as_a_table():
    from tests.builders import T0, ticket  # noqa: PLC0415 - the shared valid records

    records = [ticket(level=Level.L2, triaged_at=T0 + timedelta(minutes=5))]
    out = agenda_frame(records, now=T0 + timedelta(hours=1), backend="polars")
    assert out.columns == list(AGENDA_COLUMNS)
    periodic = out.filter(pl.col("source") == "calendar")
    assert {"CO-1", "FU-8"} <= set(periodic["rule"].to_list())
    tickets_only = out.filter(pl.col("source") != "calendar").sort("due", "rule", "timer")
    assert tickets_only["timer"].to_list() == [
        "TK-2",
        "TK-4",
        "TK-3.L2.respond",
        "TK-6.L2",
        "TK-3.L2.resolve",
    ]
