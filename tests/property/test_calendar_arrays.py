"""Working time over arrays equals the scalar methods, row for row.

``add_many``, ``between_many`` and ``add_working_days_many`` read the same year tables as
``add``, ``between`` and ``add_working_days`` through compiled arrays; these laws hold them
together over generated calendars (lunch breaks, night shifts, closures, make-up days,
daylight-saving zones) and China's official calendar.
"""

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.budget import share

from salescare._vector import BucketSearch
from salescare.calendars import ALWAYS, WorkCalendar, china
from salescare.errors import CalendarRangeError, NaiveDatetimeError, ValidationError
from salescare.testing import calendars

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
moments = st.datetimes(
    min_value=datetime(2022, 1, 1),  # noqa: DTZ001 - bounds of a strategy that adds the zone
    max_value=datetime(2025, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
# real data starts and ends on the hour: exact closing times are where search sides matter
moments = st.one_of(moments, moments.map(lambda m: m.replace(minute=0, second=0, microsecond=0)))
durations = st.one_of(
    st.integers(1, 2_000).map(lambda h: timedelta(hours=h)),
    st.just(timedelta(0)),
    st.integers(0, 3_000 * 3600).map(lambda s: timedelta(seconds=s)),
    st.integers(1, 10**6).map(lambda us: timedelta(microseconds=us)),
)
any_calendar = st.one_of(calendars(), st.just(china()), st.just(ALWAYS))


def as_array(values):
    return np.array(
        [v.astimezone(UTC).replace(tzinfo=None) for v in values], dtype="datetime64[us]"
    )


def as_instant(value):
    return np.datetime64(value.astimezone(UTC).replace(tzinfo=None), "us")


def scalar_or_error(call):
    try:
        return call()
    except CalendarRangeError as error:
        return error


@share(0.5)
@given(any_calendar, st.lists(st.tuples(moments, durations), min_size=1, max_size=12))
def test_add_many_is_add_row_by_row(calendar, rows):
    starts = [start for start, _ in rows]
    amounts = [amount for _, amount in rows]
    expected = [scalar_or_error(lambda s=s, d=d: calendar.add(s, d)) for s, d in rows]
    if any(isinstance(e, CalendarRangeError) for e in expected):
        with pytest.raises(CalendarRangeError):
            calendar.add_many(as_array(starts), np.array(amounts, dtype="timedelta64[us]"))
        return
    got = calendar.add_many(as_array(starts), np.array(amounts, dtype="timedelta64[us]"))
    assert list(got) == [as_instant(e) for e in expected]


@share(0.5)
@given(any_calendar, st.lists(st.tuples(moments, moments), min_size=1, max_size=12))
def test_between_many_is_between_row_by_row(calendar, rows):
    pairs = [(min(a, b), max(a, b)) for a, b in rows]
    expected = [calendar.between(a, b) for a, b in pairs]
    got = calendar.between_many(as_array([a for a, _ in pairs]), as_array([b for _, b in pairs]))
    assert list(got) == [np.timedelta64(e, "us") for e in expected]


@share(0.5)
@given(
    any_calendar,
    st.lists(st.tuples(moments, st.integers(1, 400)), min_size=1, max_size=12),
)
def test_add_working_days_many_is_add_working_days_row_by_row(calendar, rows):
    expected = [scalar_or_error(lambda s=s, n=n: calendar.add_working_days(s, n)) for s, n in rows]
    starts = as_array([s for s, _ in rows])
    counts = np.array([n for _, n in rows])
    if any(isinstance(e, CalendarRangeError) for e in expected):
        with pytest.raises(CalendarRangeError):
            calendar.add_working_days_many(starts, counts)
        return
    got = calendar.add_working_days_many(starts, counts)
    assert list(got) == [as_instant(e) for e in expected]


def test_missing_rows_stay_missing_and_others_are_answered():
    cal = china()
    starts = np.array(["2024-05-17T08:00", "NaT"], dtype="datetime64[us]")
    added = cal.add_many(starts, np.array([3_600_000_000, 1], dtype="timedelta64[us]"))
    assert np.isnat(added[1])
    assert added[0] == as_instant(cal.add(datetime(2024, 5, 17, 8, tzinfo=UTC), timedelta(hours=1)))


def test_arrow_and_zoned_pandas_inputs_read_as_instants():
    cal = WorkCalendar.weekly(tz="Europe/Amsterdam", hours=("09:00-17:00",))
    moments_ = [datetime(2024, 3, 29, 15, tzinfo=UTC), datetime(2024, 10, 25, 14, tzinfo=UTC)]
    expected = [as_instant(cal.add(m, timedelta(hours=5))) for m in moments_]
    arrow = pa.array(moments_, type=pa.timestamp("us", tz="UTC"))
    zoned = pd.Series(moments_).dt.tz_convert("America/New_York")
    assert list(cal.add_many(arrow, timedelta(hours=5))) == expected
    assert list(cal.add_many(zoned, timedelta(hours=5))) == expected
    with pytest.raises(NaiveDatetimeError):
        cal.add_many(pd.Series(moments_).dt.tz_localize(None), timedelta(hours=5))


def test_bad_arrays_are_refused_naming_the_row():
    cal = china()
    starts = np.array(["2024-05-17T08:00", "2024-05-17T09:00"], dtype="datetime64[us]")
    with pytest.raises(ValidationError, match=r"durations\[1\].*negative"):
        cal.add_many(starts, np.array([1, -1], dtype="timedelta64[us]"))
    with pytest.raises(ValidationError, match=r"ends\[0\].*before its start"):
        cal.between_many(starts, starts - np.timedelta64(1, "us"))
    with pytest.raises(ValidationError, match=r"counts\[1\]"):
        cal.add_working_days_many(starts, np.array([1, 0]))
    with pytest.raises(ValidationError, match="does not match"):
        cal.add_many(starts, np.array([1], dtype="timedelta64[us]"))
    with pytest.raises(ValidationError, match="not an array of instants"):
        cal.add_many(np.array([1, 2]), timedelta(hours=1))


def test_a_duration_past_the_compiled_years_is_answered_as_the_scalar_does():
    cal = WorkCalendar.weekly(tz="UTC", hours=("09:00-17:00",))
    start = datetime(2024, 5, 17, 8, tzinfo=UTC)
    huge = timedelta(hours=8 * 260 * 500)  # about 500 years of working time
    got = cal.add_many(as_array([start]), huge)
    assert got[0] == as_instant(cal.add(start, huge))
    with pytest.raises(CalendarRangeError):
        china().add_many(as_array([start]), huge)


@given(
    st.lists(st.integers(-(10**15), 10**15), min_size=0, max_size=60, unique=True),
    st.lists(st.integers(-(2 * 10**15), 2 * 10**15), min_size=1, max_size=40),
    st.sampled_from(["left", "right"]),
)
def test_bucketed_search_is_searchsorted(edges, keys, side):
    sorted_edges = np.array(sorted(edges), dtype=np.int64)
    # keys on and next to the edges are where the sides differ
    near = [e + d for e in edges[:10] for d in (-1, 0, 1)]
    wanted = np.array(keys + near, dtype=np.int64)
    found = BucketSearch(sorted_edges).search(wanted, side)
    assert found.tolist() == np.searchsorted(sorted_edges, wanted, side=side).tolist()


@share(0.3)
@given(
    any_calendar,
    st.lists(
        st.tuples(st.dates(date(2022, 1, 1), date(2025, 12, 31)), st.integers(0, 400)),
        min_size=1,
        max_size=12,
    ),
)
def test_working_days_between_many_is_working_days_between_row_by_row(calendar, rows):
    pairs = [(first, first + timedelta(days=span)) for first, span in rows]
    expected = [
        scalar_or_error(lambda a=a, b=b: calendar.working_days_between(a, b)) for a, b in pairs
    ]
    starts = np.array([a for a, _ in pairs], dtype="datetime64[D]")
    ends = np.array([b for _, b in pairs], dtype="datetime64[D]")
    if any(isinstance(e, CalendarRangeError) for e in expected):
        with pytest.raises(CalendarRangeError):
            calendar.working_days_between_many(starts, ends)
        return
    assert calendar.working_days_between_many(starts, ends).tolist() == expected
