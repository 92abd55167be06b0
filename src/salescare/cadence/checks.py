"""Checking one customer's contacts against a cadence (GR-6, FU-3, FU-5, RV-3).

:func:`check_cadence` says when the next contact is due, whether it is overdue, and every
violation (neglect, over-contact, below a monthly or quarterly minimum) with its rule ID, its
window and the contacts that caused it. Months and quarters are calendar periods in the
customer's time zone, not 30-day blocks.

Examples:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from salescare.cadence import SALES_ABCD
    >>> sh = ZoneInfo("Asia/Shanghai")
    >>> contacts = [datetime(2024, 5, d, 10, 0, tzinfo=sh) for d in (2, 9, 20)]
    >>> result = check_cadence(
    ...     contacts, "D", policy=SALES_ABCD, as_of=datetime(2024, 5, 31, tzinfo=sh)
    ... )
    >>> [(v.kind, v.rule) for v in result.violations]
    [('over_contact', 'GR-6 FU-3')]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

import attrs
from dateutil.relativedelta import relativedelta

from salescare._checks import zone as checked_zone
from salescare._edge import edge
from salescare.cadence.policies import Cadence, CadencePolicy, Kind
from salescare.errors import NaiveDatetimeError
from salescare.i18n import tr
from salescare.models import (
    FollowUp,
)

__all__ = ["CadenceCheck", "Violation", "check_cadence"]


@attrs.frozen(kw_only=True)
class Violation:
    """One breach of a cadence: its kind, rule, the window and the contacts involved."""

    kind: Kind
    rule: str
    start: datetime
    end: datetime
    contacts: tuple[datetime, ...]
    message: str


@attrs.frozen(kw_only=True)
class CadenceCheck:
    """A customer's cadence as of one instant."""

    tier: str
    rule: str
    next_due: datetime | None
    overdue: bool
    violations: tuple[Violation, ...]

    @property
    def ok(self) -> bool:
        """No violation and nothing overdue."""
        return not self.violations and not self.overdue


def _moment(contact: FollowUp | datetime) -> datetime:
    moment = contact.at if isinstance(contact, FollowUp) else contact
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("check_cadence", "contacts"), moment)
    return moment


def _is_deep(contact: FollowUp | datetime) -> bool:
    return isinstance(contact, FollowUp) and contact.deep


def _add_months(moment: datetime, months: int) -> datetime:
    # relativedelta keeps the wall time and clamps to the month's end: 31 Jan + 1 month is
    # 29 Feb in a leap year.
    later: datetime = moment + relativedelta(months=months)
    return later


def _periods(
    start: datetime, end: datetime, months: int, zone: tzinfo
) -> list[tuple[datetime, datetime]]:
    """Calendar periods of ``months`` months (1: months, 3: quarters) that end by ``end``."""
    local = start.astimezone(zone)
    first_month = (local.month - 1) // months * months + 1
    cursor = datetime(local.year, first_month, 1, tzinfo=zone)
    periods = []
    while (following := _add_months(cursor, months)) <= end:
        periods.append((cursor, following))
        cursor = following
    return periods


@edge
def check_cadence(
    contacts: Iterable[FollowUp | datetime],
    tier: str,
    *,
    policy: CadencePolicy,
    as_of: datetime,
    since: datetime | None = None,
    tz: str = "Asia/Shanghai",
) -> CadenceCheck:
    """Check one customer's contacts against the cadence of ``tier`` as of ``as_of``.

    ``contacts`` are :class:`~salescare.models.FollowUp` records or plain instants; contacts
    after ``as_of`` are ignored. ``since`` is when the cadence started (default: the first
    contact); monthly and quarterly minimums are checked for the calendar periods between
    ``since`` and ``as_of`` that have ended, in the zone ``tz``.
    """
    cadence = policy.cadence(tier)
    if as_of.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("check_cadence", "as_of"), as_of)
    zone = checked_zone(tz, ("cadence", "tz"))
    items = sorted(
        ((moment, contact) for contact in contacts if (moment := _moment(contact)) <= as_of),
        key=lambda pair: pair[0],
    )
    moments = [moment for moment, _ in items]
    start = since if since is not None else (moments[0] if moments else as_of)
    violations: list[Violation] = []
    violations += _neglect(cadence, moments, start, as_of, zone)
    violations += _over_contact(cadence, moments, zone)
    violations += _minimums(cadence, items, start, as_of, zone)
    next_due = _next_due(cadence, moments, start, zone)
    return CadenceCheck(
        tier=str(tier),
        rule=cadence.rule,
        next_due=next_due,
        overdue=next_due is not None and as_of > next_due,
        violations=tuple(sorted(violations, key=lambda v: (v.start, v.kind))),
    )


def _allowed_gap_end(cadence: Cadence, moment: datetime, zone: tzinfo) -> datetime | None:
    if cadence.max_gap is not None:
        return moment + cadence.max_gap
    if cadence.max_gap_months is not None:
        return _add_months(moment.astimezone(zone), cadence.max_gap_months)
    return None


def _neglect(
    cadence: Cadence, moments: list[datetime], start: datetime, as_of: datetime, zone: tzinfo
) -> list[Violation]:
    found = []
    points = [start, *(m for m in moments if m > start)]
    for left, right in zip(points, [*points[1:], as_of], strict=True):
        limit = _allowed_gap_end(cadence, left, zone)
        if limit is not None and right > limit:
            found.append(
                Violation(
                    kind="neglect",
                    rule=cadence.rule,
                    start=left,
                    end=right,
                    contacts=(left,) if left in moments else (),
                    message=tr(
                        "no contact from {left} to {right}, longer than tier {tier} allows "
                        "({describe}) ({rule})",
                        left=left.isoformat(),
                        right=right.isoformat(),
                        tier=cadence.tier,
                        describe=cadence.describe,
                        rule=cadence.rule,
                    ),
                )
            )
    return found


def _month_key(moment: datetime, zone: tzinfo) -> tuple[int, int]:
    local = moment.astimezone(zone)
    return local.year, local.month


def _over_contact(cadence: Cadence, moments: list[datetime], zone: tzinfo) -> list[Violation]:
    found = []
    # a month's maximum (FU-3's D tier, RV-3's VIP tier) and a quarter's (RV-3's normal tier)
    for months, most in ((1, cadence.max_per_month), (3, cadence.max_per_quarter)):
        if most is None:
            continue
        by_period: dict[tuple[int, int], list[datetime]] = {}
        for moment in moments:
            year, month = _month_key(moment, zone)
            first = month - (month - 1) % months
            by_period.setdefault((year, first), []).append(moment)
        for (year, month), group in by_period.items():
            if len(group) <= most:
                continue
            begin = datetime(year, month, 1, tzinfo=zone)
            span = f"{year}-{month:02d}" if months == 1 else f"{year} Q{(month - 1) // 3 + 1}"
            found.append(
                Violation(
                    kind="over_contact",
                    rule=cadence.rule,
                    start=begin,
                    end=_add_months(begin, months),
                    contacts=tuple(group),
                    message=tr(
                        "{count} contacts in {span}, more than {most} allowed for tier {tier} "
                        "({rule})",
                        count=len(group),
                        span=span,
                        most=most,
                        tier=cadence.tier,
                        rule=cadence.rule,
                    ),
                )
            )
    return found


def _minimums(
    cadence: Cadence,
    items: list[tuple[datetime, FollowUp | datetime]],
    start: datetime,
    as_of: datetime,
    zone: tzinfo,
) -> list[Violation]:
    found = []
    checks: list[tuple[int, int, Kind, str]] = []
    if cadence.min_per_month:
        checks.append((1, cadence.min_per_month, "below_monthly_minimum", "a month"))
    if cadence.min_per_quarter:
        checks.append((3, cadence.min_per_quarter, "below_quarterly_minimum", "a quarter"))
    for months, minimum, kind, unit in checks:
        for begin, end in _periods(start, as_of, months, zone):
            if end <= start:
                continue
            counted = tuple(
                moment
                for moment, contact in items
                if begin <= moment < end
                and (not cadence.deep_only or months != 1 or _is_deep(contact))
            )
            if len(counted) < minimum:
                what = tr("in-depth contacts") if cadence.deep_only and months == 1 else "contacts"
                found.append(
                    Violation(
                        kind=kind,
                        rule=cadence.rule,
                        start=begin,
                        end=end,
                        contacts=counted,
                        message=tr(
                            "{count} {what} from {value} to {value2}, tier {tier} needs "
                            "{minimum} {unit} ({rule})",
                            count=len(counted),
                            what=what,
                            value=begin.date(),
                            value2=(end - timedelta(days=1)).date(),
                            tier=cadence.tier,
                            minimum=minimum,
                            unit=unit,
                            rule=cadence.rule,
                        ),
                    )
                )
    return found


def _next_due(
    cadence: Cadence, moments: list[datetime], start: datetime, zone: tzinfo
) -> datetime | None:
    last = moments[-1] if moments else start
    gap_end = _allowed_gap_end(cadence, last, zone)
    if gap_end is not None:
        return gap_end
    if cadence.min_per_quarter or cadence.min_per_month:
        months = 1 if cadence.min_per_month else 3
        local = last.astimezone(zone)
        period_start = datetime(
            local.year, (local.month - 1) // months * months + 1, 1, tzinfo=zone
        )
        # the next contact is due by the end of the period after the last contact's
        return _add_months(period_start, 2 * months) - timedelta(microseconds=1)
    return None
