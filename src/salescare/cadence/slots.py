"""When and how long to contact a customer: quiet half-days and revisit lengths (RV-4).

A revisit is suggested outside the quiet half-days (Monday morning, Friday afternoon) and
within working hours; a revisit's length is checked against RV-4's phone and on-site limits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from types import MappingProxyType

from salescare._edge import edge
from salescare.calendars import WorkCalendar
from salescare.errors import ValidationError
from salescare.i18n import tr
from salescare.models import (
    ContactMode,
    Revisit,
)

__all__ = ["revisit_length_warnings", "suggest_slot"]

_NOON = 12


def _in_quiet_hours(moment: datetime) -> bool:
    """Monday morning or Friday afternoon, local time (RV-4)."""
    return (moment.weekday() == 0 and moment.hour < _NOON) or (
        moment.weekday() == 4 and moment.hour >= _NOON  # noqa: PLR2004 - Friday
    )


@edge
def suggest_slot(
    calendar: WorkCalendar, after: datetime, *, duration: timedelta = timedelta(minutes=15)
) -> datetime:
    """The first working slot at or after ``after`` outside Monday morning and Friday afternoon.

    RULES RV-4: revisits avoid those half-days. The slot fits ``duration`` inside one working
    span and ends outside them too.

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> from salescare.calendars import WorkCalendar
        >>> office = WorkCalendar.weekly(tz="Asia/Shanghai", hours=("09:00-12:00", "13:30-18:00"))
        >>> friday = datetime(2024, 5, 17, 11, 50, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> suggest_slot(office, friday).isoformat()  # 11:50 + 15 min runs into Friday afternoon
        '2024-05-20T13:30:00+08:00'
    """
    if duration <= timedelta(0):
        raise ValidationError(("suggest_slot", "duration"), duration, tr("is not positive"), "> 0")
    zone = calendar.zone
    moment = calendar.next_open(after)
    for _ in range(10_000):  # bounded: every pass moves forward by at least one span or half-day
        start = moment.astimezone(zone)
        end = start + duration
        if _in_quiet_hours(start):
            boundary = start.replace(hour=_NOON, minute=0, second=0, microsecond=0)
            if start.weekday() == 4:  # noqa: PLR2004 - Friday: go to Saturday
                boundary = (start + timedelta(days=1)).replace(
                    hour=0, minute=0, second=0, microsecond=0
                )
            moment = calendar.next_open(boundary)
            continue
        if calendar.add(start, duration) != end or _in_quiet_hours(end - timedelta(microseconds=1)):
            span_end = calendar.add(start, calendar.between(start, end))
            moment = calendar.next_open(max(span_end, start + timedelta(microseconds=1)))
            continue
        return start
    raise ValidationError(  # pragma: no cover - a calendar with working time always has a slot
        ("suggest_slot",),
        after,
        tr("found no slot"),
        tr("a calendar with working time outside quiet hours"),
    )


_LENGTHS: Mapping[ContactMode, tuple[int, int]] = MappingProxyType(
    {ContactMode.PHONE: (10, 15), ContactMode.VISIT: (0, 30)}
)


@edge
def revisit_length_warnings(revisit: Revisit) -> tuple[str, ...]:
    """Warnings when a revisit's length is outside RV-4: phone 10–15 min, on-site ≤ 30 min.

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> from salescare.ids import CustomerNo, StaffNo
        >>> r = Revisit(
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     customer_name="Lake",
        ...     at=datetime(2024, 5, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        ...     mode=ContactMode.VISIT,
        ...     visitor=StaffNo.parse("S0123"),
        ...     summary="site visit",
        ...     duration_minutes=50,
        ... )
        >>> revisit_length_warnings(r)
        ('an on-site revisit lasted 50 min; RV-4 keeps it within 30 min',)
    """
    if revisit.duration_minutes is None or revisit.mode not in _LENGTHS:
        return ()
    low, high = _LENGTHS[revisit.mode]
    minutes = revisit.duration_minutes
    if revisit.mode is ContactMode.PHONE and not low <= minutes <= high:
        return (
            tr(
                "a phone revisit lasted {minutes} min; RV-4 asks for {low}–{high} min",
                minutes=minutes,
                low=low,
                high=high,
            ),
        )
    if revisit.mode is ContactMode.VISIT and minutes > high:
        return (
            tr(
                "an on-site revisit lasted {minutes} min; RV-4 keeps it within {high} min",
                minutes=minutes,
                high=high,
            ),
        )
    return ()
