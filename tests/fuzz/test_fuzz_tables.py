"""The table layer with junk: only SalescareError escapes, quickly, and inputs stay as they were."""

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

from salescare import frame
from salescare.calendars import china
from salescare.errors import CalendarRangeError, ValidationError
from tests.budget import fuzz_share
from tests.fuzz.junk import junk, safely

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
TICKETS = pd.DataFrame(
    {
        "number": ["FW20240515001"],
        "submitted_at": pd.to_datetime(["2024-05-15 09:00"], utc=True),
        "level": ["L1"],
    }
)


@fuzz_share()
@given(junk(), junk(), junk())
def test_table_functions_with_junk(table, value, other):
    safely(frame.grade_frame, table)
    safely(frame.grade_frame, pd.DataFrame({"annual_purchases": [value], "potential": [other]}))
    safely(frame.health_frame, pd.DataFrame({"relationship": [value], "service": [other]}))
    safely(frame.sla_frame, table, now=NOW)
    safely(frame.sla_frame, TICKETS, now=value)
    safely(frame.sla_frame, TICKETS, now=NOW, policy=value)
    safely(frame.sla_frame, TICKETS.assign(level=[value]), now=NOW)
    safely(frame.sla_frame, TICKETS, now=NOW, pauses=table)
    safely(frame.kpi_frame, table)
    safely(frame.kpi_frame, TICKETS, by=value, period=other)
    safely(frame.normalize, table, tz=value)
    safely(frame.normalize, pd.DataFrame({"提交时间": [value]}), tz="Asia/Shanghai")
    safely(frame.period_labels, value, "month", "Asia/Shanghai")


@fuzz_share()
@given(junk(), junk())
def test_calendar_arrays_with_junk(starts, amounts):
    calendar = china()
    one = np.array(["2024-05-15T01:00"], dtype="datetime64[us]")
    safely(calendar.add_many, starts, amounts)
    safely(calendar.add_many, one, amounts)
    safely(calendar.between_many, starts, one)
    safely(calendar.add_working_days_many, one, amounts)


def test_fuzz_findings_stay_fixed():
    # a signalling NaN score is missing, as the scalar path reads it
    scores = pd.DataFrame({"relationship": [Decimal("sNaN")], "service": [4]})
    assert frame.health_frame(scores, missing="unknown")["health"].isna().all()
    # a duration past any calendar is the scalar path's CalendarRangeError, not an overflow
    one = np.array(["2024-05-15T01:00"], dtype="datetime64[us]")
    with pytest.raises(CalendarRangeError):
        china().add_many(one, timedelta.max)
    with pytest.raises(CalendarRangeError):
        china().add_working_days_many(one, 10**5000)
    with pytest.raises(ValidationError, match="not a count of working days"):
        china().add_working_days_many(one, -(2**63) - 1)
    with pytest.raises(ValidationError, match="is negative"):
        china().add_many(one, timedelta.min)


def test_a_now_centuries_away_is_answered_quickly_and_as_the_scalar_path():
    # found by the 10,000-input run: now in year 9998 compiled eight thousand years of tables
    far = datetime(9998, 12, 31, 23, 59, tzinfo=UTC)
    started = time.thread_time()
    out = frame.sla_frame(TICKETS, now=far)
    assert time.thread_time() - started < 1.0
    assert out["triage_status"].tolist() == ["breached"]
    at = np.array(["2024-05-15T01:00"], dtype="datetime64[us]")
    late = np.array(["9000-01-01T00:00"], dtype="datetime64[us]")
    calendar = china(through=2026)
    assert calendar.between_many(at, at)[0] == np.timedelta64(0, "us")
    with pytest.raises(CalendarRangeError):
        calendar.between_many(at, late)
