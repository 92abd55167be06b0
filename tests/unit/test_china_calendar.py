"""The bundled State Council schedule agrees day by day with the chinese-calendar package."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from chinese_calendar import constants

from salescare.calendars import china, china_holidays

CAL = china()
FIRST, LAST = CAL.covered


def test_covers_at_least_2020_to_2026():
    assert FIRST <= 2020
    assert LAST >= 2026


@pytest.mark.parametrize("year", range(FIRST, LAST + 1))
def test_working_days_agree_day_by_day(year):
    day = date(year, 1, 1)
    while day.year == year:
        assert CAL.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize("year", range(FIRST, LAST + 1))
def test_statutory_and_in_lieu_days_are_kept_apart(year):
    days = china_holidays(year)
    in_lieu = {h.day for h in days if h.kind == "in_lieu"}
    statutory = {h.day for h in days if h.kind == "statutory"}
    assert in_lieu == {d for d in constants.in_lieu_days if d.year == year}
    assert statutory == {
        d for d in constants.holidays if d.year == year and d not in constants.in_lieu_days
    }
    assert not in_lieu & statutory
