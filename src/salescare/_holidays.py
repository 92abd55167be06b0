"""China's official holiday schedules, bundled as data (``data/china_holidays.json``).

Read by :func:`salescare.calendars.china`; :func:`china_holidays` lists a year's days off.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

import attrs

from salescare.errors import CalendarRangeError, WrongTypeError
from salescare.i18n import tr

__all__ = ["ChinaHoliday", "HolidayKind", "china_holidays", "china_workdays", "china_years"]

HolidayKind = Literal["statutory", "in_lieu"]


@attrs.frozen(kw_only=True)
class ChinaHoliday:
    """A day off in China's official schedule.

    ``kind`` is ``statutory`` for the days of a public-holiday period and ``in_lieu`` for the
    rest days given in exchange for a make-up working weekend day (调休), which overtime-pay
    rules treat differently.
    """

    day: date
    key: str
    name: str
    name_zh: str
    kind: HolidayKind


@cache
def _china_data() -> dict[str, Any]:
    text = resources.files("salescare.data").joinpath("china_holidays.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def china_years() -> tuple[int, int]:
    """The first and last year the bundled schedules cover.

    Examples:
        >>> first, last = china_years()
        >>> first <= 2020 and last >= 2026
        True
    """
    years = [int(year) for year in _china_data()["years"]]
    return min(years), max(years)


def china_holidays(year: int) -> tuple[ChinaHoliday, ...]:
    """The official days off of ``year``, statutory and in lieu kept apart.

    Examples:
        >>> [(h.day.isoformat(), h.name_zh, h.kind) for h in china_holidays(2024)][-2:]
        [('2024-10-06', '国庆节', 'statutory'), ('2024-10-07', '国庆节', 'in_lieu')]
    """
    if type(year) is not int:
        raise WrongTypeError(("china_holidays", "year"), year, tr("is not a year"), tr("an int"))
    data = _china_data()
    entry = data["years"].get(str(year))
    if entry is None:
        raise CalendarRangeError(year, covered=china_years())
    names: Mapping[str, Mapping[str, str]] = data["names"]
    return tuple(
        ChinaHoliday(
            day=date.fromisoformat(day),
            key=key,
            name=names[key]["en"],
            name_zh=names[key]["zh"],
            kind=kind,
        )
        for day, key, kind in entry["holidays"]
    )


def china_workdays(year: int) -> tuple[date, ...]:
    """The make-up working weekend days (调休) of ``year``, a covered year.

    Examples:
        >>> china_workdays(2024)[:2]
        (datetime.date(2024, 2, 4), datetime.date(2024, 2, 18))
    """
    return tuple(
        date.fromisoformat(day) for day, _ in _china_data()["years"][str(year)]["workdays"]
    )
