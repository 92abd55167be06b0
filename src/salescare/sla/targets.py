"""SLA targets: how long a step may take, and the manuals' timers (:data:`TIMERS`).

A :class:`Target` is a duration on a calendar ("4 h", elapsed by default), a number of working
days ("3 working days": close of business of the third working day after the event's day), or
a number of calendar months. :data:`TIMERS` holds one target for every "within" rule of the
catalogue, keyed by rule ID (``"TK-2"``) or rule ID and timer (``"TK-3.L1.resolve"``).

Examples:
    >>> TIMERS["TK-3.L2.resolve"].describe(), TIMERS["LD-5"].describe()
    ('8 h', '1 working day')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from salescare._checks import instance, optional, text, to_decimal
from salescare._edge import edge
from salescare._errortext import quoted
from salescare.calendars import ALWAYS, WorkCalendar, china
from salescare.data import read_toml
from salescare.errors import (
    CalendarRangeError,
    NaiveDatetimeError,
    PolicyError,
    ValidationError,
    WrongTypeError,
)
from salescare.i18n import Text, ntr, tr
from salescare.models import Departure

__all__ = ["TIMERS", "Target", "due", "no_contact_until", "working_calendar"]

_AT_RISK = Decimal("0.8")
_MAX_COUNT = 10_000  # working days or months a target may count: far more than any rule


@cache
def working_calendar() -> WorkCalendar:
    """The calendar of working-day targets by default: :func:`~salescare.calendars.china`.

    Built once and shared, so its tables are computed once per process.

    Examples:
        >>> working_calendar() is working_calendar()
        True
    """
    return china()


@attrs.frozen(kw_only=True)
class Target:
    """How long a step may take: a duration, a number of working days or of months.

    ``duration`` is working time on ``calendar`` (elapsed clock time on the default 24×7
    calendar, as RULES conventions read "within N hours"). ``working_days`` means close of
    business of the n-th working day after the start's day on ``calendar``. ``months`` means
    the same local time n calendar months later. Exactly one of the three is set.
    ``at_risk`` is the fraction of the target after which a running clock is at risk.

    Examples:
        >>> Target(key="TK-2", rule="TK-2", what="triage", duration=timedelta(minutes=15))
        Target(key='TK-2', rule='TK-2', what='triage', duration=datetime.timedelta(seconds=900), \
working_days=None, months=None, calendar=<24x7 calendar>, at_risk=Decimal('0.8'))
    """

    key: str = attrs.field(validator=text)
    rule: str = attrs.field(validator=text)
    what: str = attrs.field(validator=text)
    duration: timedelta | None = attrs.field(default=None, validator=optional(instance(timedelta)))
    working_days: int | None = None
    months: int | None = None
    calendar: WorkCalendar = attrs.field(
        default=ALWAYS,
        validator=instance(WorkCalendar),
        repr=lambda c: f"<{c.name or c.tz} calendar>",
    )
    at_risk: Decimal = attrs.field(default=_AT_RISK, converter=to_decimal)

    def __attrs_post_init__(self) -> None:
        problems = []
        kinds = [k for k in (self.duration, self.working_days, self.months) if k is not None]
        if len(kinds) != 1:
            problems.append(tr("exactly one of duration, working_days and months must be set"))
        if self.duration is not None and self.duration <= timedelta(0):
            problems.append(tr("duration {duration} is not positive", duration=self.duration))
        for name in ("working_days", "months"):
            value = getattr(self, name)
            if value is not None and (type(value) is not int or not 1 <= value <= _MAX_COUNT):
                problems.append(
                    tr(
                        "{name} {value} is not a whole number 1–{MAX_COUNT}",
                        name=name,
                        value=quoted(value),
                        MAX_COUNT=_MAX_COUNT,
                    )
                )
        share = self.at_risk
        if not isinstance(share, Decimal) or not share.is_finite() or not 0 < share <= 1:
            problems.append(tr("at_risk {share} is not a fraction in (0, 1]", share=quoted(share)))
        if problems:
            raise PolicyError(f"Target {self.key}", problems)

    def on(self, calendar: WorkCalendar) -> Target:
        """This target measured on another calendar (a business-hours one, say)."""
        return attrs.evolve(self, calendar=calendar)

    def plain_due(self, start: datetime) -> datetime:
        """The due time of a clock started at ``start`` that never pauses."""
        if self.duration is not None:
            if self.calendar is ALWAYS and start.utcoffset() is not None:
                # elapsed time: instant arithmetic, exactly what ALWAYS.add computes, without
                # its table (every workflow step creates a few of these)
                try:
                    return (start.astimezone(UTC) + self.duration).astimezone(start.tzinfo)
                except OverflowError:
                    return self.calendar.add(start, self.duration)  # it says why, in its terms
            return self.calendar.add(start, self.duration)
        if self.working_days is not None:
            return self.calendar.add_working_days(start, self.working_days)
        local = start if self.calendar.tz is None else start.astimezone(self.calendar.zone)
        try:
            later: datetime = local + relativedelta(months=self.months or 0)
        except (OverflowError, ValueError):
            year = local.year + (local.month - 1 + (self.months or 0)) // 12
            raise CalendarRangeError.beyond(year, first=1, last=9999) from None
        return later

    def describe(self) -> str:
        """The target in words, e.g. ``4 h`` or ``3 working days``."""
        if self.duration is not None:
            return _words(self.duration)
        if self.working_days is not None:
            days = self.working_days
            return ntr("{count} working day", "{count} working days", days)
        return ntr("{count} month", "{count} months", self.months or 0)


def _words(duration: timedelta) -> str:
    minutes = int(duration.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def _instant(value: Any, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise WrongTypeError(
            ("measure", field), value, tr("is not a datetime"), tr("an aware datetime")
        )
    if value.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("measure", field), value)
    return value


def _target(row: Mapping[str, Any]) -> Target:
    """A timer of ``timers.toml``: its key, rule, words and one amount of one unit."""
    common = {"key": row["key"], "rule": row["rule"], "what": Text(row["what"])}
    if "working_days" in row:
        return Target(**common, working_days=row["working_days"], calendar=working_calendar())
    if "months" in row:
        return Target(**common, months=row["months"])
    units = {unit: row[unit] for unit in ("minutes", "hours", "days") if unit in row}
    return Target(**common, duration=timedelta(**units))


TIMERS: Mapping[str, Target] = MappingProxyType(
    {row["key"]: _target(row) for row in read_toml("timers.toml")["timer"]}
)
"""Every "within" rule's default target, by key (``"TK-2"``, ``"TK-3.L1.resolve"``, …).

Read from ``salescare/data/timers.toml``, the one place these numbers are written."""


@edge
def due(rule_id: str, start: datetime, *, calendar: WorkCalendar | None = None) -> datetime:
    """The due time of timer ``rule_id`` started at ``start`` (no pauses).

    ``calendar`` replaces the timer's own (24×7 for hour targets, China's official working
    days for working-day targets).

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> signed = datetime(2024, 9, 27, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> due("HO-1", signed).isoformat()
        '2024-09-27T18:00:00+08:00'
        >>> due("FU-1", signed).isoformat()  # Sun 29 Sep is a make-up workday
        '2024-10-08T18:00:00+08:00'
    """
    target = TIMERS.get(rule_id) if isinstance(rule_id, str) else None
    if target is None:
        raise ValidationError(
            ("due", "rule_id"),
            rule_id,
            tr("is not a timer"),
            tr("one of {choices}", choices=", ".join(TIMERS)),
        )
    if calendar is not None:
        target = target.on(calendar)
    return target.plain_due(_instant(start, "start"))


@edge
def no_contact_until(departure: Departure) -> datetime | None:
    """When the departed rep may contact the handed-over customers again (CX-4).

    ``None`` before the supervisor approves the handover.

    Examples:
        >>> from datetime import UTC
        >>> from salescare.ids import StaffNo
        >>> from salescare.vocabulary import DepartureStatus
        >>> d = Departure(
        ...     rep=StaffNo.parse("S0123"),
        ...     successor=StaffNo.parse("S0124"),
        ...     noticed_at=datetime(2024, 5, 6, 9, 0, tzinfo=UTC),
        ...     status=DepartureStatus.APPROVED,
        ...     submitted_at=datetime(2024, 5, 7, 9, 0, tzinfo=UTC),
        ...     approved_at=datetime(2024, 5, 8, 9, 0, tzinfo=UTC),
        ... )
        >>> no_contact_until(d).isoformat()
        '2024-06-08T09:00:00+00:00'
    """
    if departure.approved_at is None:
        return None
    return TIMERS["CX-4.no_contact"].plain_due(departure.approved_at)
