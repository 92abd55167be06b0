"""kpi_frame equals the scalar metrics for every period and group, exact parts included."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pandas as pd
import polars as pl
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st
from tests.budget import share
from tests.property.test_sla_frame import distinct_numbers, frames

from salescare.errors import WrongTypeError
from salescare.frame import kpi_frame
from salescare.metrics import (
    Period,
    mean_first_response_hours,
    mean_satisfaction,
    on_time_resolution_rate,
)
from salescare.testing import revisits, satisfaction_surveys, tickets

ZONE = "Asia/Shanghai"


def period_of(label, kind):
    zone = ZoneInfo(ZONE)
    if kind == "month":
        year, month = map(int, label.split("-"))
        start, months = datetime(year, month, 1, tzinfo=zone), 1
    elif kind == "quarter":
        year, number = int(label[:4]), int(label[-1])
        start, months = datetime(year, 3 * number - 2, 1, tzinfo=zone), 3
    else:
        start, months = datetime(int(label), 1, 1, tzinfo=zone), 12
    return Period(start, start + relativedelta(months=months))


@share(0.25)
@given(
    st.lists(tickets(), min_size=1, max_size=10).filter(distinct_numbers),
    st.sampled_from(["month", "quarter", "year"]),
    st.booleans(),
)
def test_kpi_frame_is_the_scalar_metrics_period_by_period(batch, kind, with_as_of):
    table, pauses, _ = frames(batch)
    as_of = max(t.submitted_at.astimezone(UTC) for t in batch) + timedelta(days=3)
    out = kpi_frame(table, period=kind, tz=ZONE, pauses=pauses, as_of=as_of if with_as_of else None)
    seen = set(out["period"])
    for label in seen:
        period = period_of(label, kind)
        row = out[out["period"] == label].iloc[0]
        rate = on_time_resolution_rate(batch, period=period, as_of=as_of if with_as_of else None)
        assert (row["on_time"], row["on_time_of"]) == (rate.numerator, rate.denominator)
        first = mean_first_response_hours(batch, period=period)
        assert row["first_response_count"] == first.count
        assert Fraction(int(row["first_response_us"]), 3_600_000_000) == first.total
        satisfaction = mean_satisfaction(batch, period=period)
        assert row["satisfaction_count"] == satisfaction.count
        assert row["satisfaction_total"] == satisfaction.total
    # a period the table leaves out has nothing to count
    for ticket in batch:
        for moment in (ticket.submitted_at, ticket.resolved_at):
            if moment is None:
                continue
            local = moment.astimezone(ZoneInfo(ZONE))
            label = {
                "month": f"{local.year:04d}-{local.month:02d}",
                "quarter": f"{local.year:04d}-Q{(local.month - 1) // 3 + 1}",
                "year": f"{local.year:04d}",
            }[kind]
            if label not in seen:
                period = period_of(label, kind)
                assert on_time_resolution_rate(batch, period=period).denominator == 0
                assert mean_first_response_hours(batch, period=period).count == 0


def test_grouping_by_a_column_splits_the_counts():
    day = pd.Timestamp("2024-05-15 09:00", tz="UTC")
    table = pd.DataFrame(
        {
            "number": ["FW20240515001", "FW20240515002", "FW20240515003"],
            "level": ["L1", "L1", "L2"],
            "engineer": ["A0045", "A0046", "A0045"],
            "submitted_at": [day] * 3,
            "resolved_at": [day + pd.Timedelta(hours=h) for h in (2, 6, 7)],  # L1 4 h, L2 8 h
            "satisfaction": [5, 3, 4],
        }
    )
    out = kpi_frame(table, by=["engineer"])
    counts = {row.engineer: (row.on_time, row.on_time_of) for row in out.itertuples()}
    assert counts == {"A0045": (2, 2), "A0046": (0, 1)}
    assert out.loc[out.engineer == "A0045", "satisfaction_mean"].item() == 4.5
    polars = kpi_frame(pl.from_pandas(table), by=["engineer"])
    assert isinstance(polars, pl.DataFrame)
    assert polars.sort("engineer")["on_time_of"].to_list() == [2, 1]
    with pytest.raises(WrongTypeError, match="'month', 'quarter', 'year'"):
        kpi_frame(table, period="week")


def test_satisfaction_counts_when_it_was_collected_and_first_response_when_submitted():
    submitted = pd.Timestamp("2024-05-31 09:00", tz="Asia/Shanghai")
    table = pd.DataFrame(
        {
            "number": ["FW20240531001"],
            "level": ["L2"],
            "submitted_at": [submitted],
            "first_response_at": [submitted + pd.Timedelta(days=1)],
            "resolved_at": [submitted + pd.Timedelta(days=1, hours=2)],
            "satisfaction": [4],
            "satisfaction_at": [submitted + pd.Timedelta(days=2)],
        }
    )
    out = kpi_frame(table).set_index("period")
    assert out.loc["2024-05", "first_response_count"] == 1
    assert out.loc["2024-05", "satisfaction_count"] == 0
    assert out.loc["2024-06", "satisfaction_total"] == 4
    assert out.loc["2024-06", "on_time_of"] == 1


def side_tables(revisit_rows, survey_rows):
    revisits = pd.DataFrame(
        {
            "at": pd.to_datetime([r.at.astimezone(UTC) for r in revisit_rows], utc=True),
            "satisfaction": pd.array([r.satisfaction for r in revisit_rows], dtype="Int64"),
        }
    )
    surveys = pd.DataFrame(
        {
            "at": pd.to_datetime([s.at.astimezone(UTC) for s in survey_rows], utc=True),
            **{
                name: [getattr(s, name) for s in survey_rows]
                for name in ("response_speed", "resolution_effect", "service_attitude")
            },
        }
    )
    return revisits, surveys


@share(0.2)
@given(
    st.lists(tickets(), min_size=1, max_size=5).filter(distinct_numbers),
    st.lists(revisits(), max_size=5),
    st.lists(satisfaction_surveys(), max_size=5),
    st.sampled_from(["month", "quarter", "year"]),
)
def test_satisfaction_reads_tickets_revisits_and_surveys_as_the_scalar_mean(
    batch, revisit_rows, survey_rows, kind
):
    table, _, _ = frames(batch)
    revisit_table, survey_table = side_tables(revisit_rows, survey_rows)
    out = kpi_frame(table, period=kind, tz=ZONE, revisits=revisit_table, surveys=survey_table)
    everything = [*batch, *revisit_rows, *survey_rows]
    for row in out.itertuples():
        expected = mean_satisfaction(everything, period=period_of(row.period, kind))
        assert row.satisfaction_count == expected.count
        assert Fraction(int(row.satisfaction_total)) + Fraction(int(row.survey_points), 3) == (
            expected.total
        )
    counted = sum(out["satisfaction_count"])
    assert counted == mean_satisfaction(everything).count
