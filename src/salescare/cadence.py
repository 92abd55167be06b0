"""Follow-up cadence: how often each tier of customer must (and may) be contacted.

Three named presets, none of them "the" cadence (the project's ruling on RULES FU-5):
:data:`SALES_ABCD` (002 step 3: GR-6 and FU-3), :data:`SERVICE_ABC` (004: A weekly, B every
two weeks, C monthly) and :data:`REVISIT_TIERS` (001 RV-3: VIP 1–2 a month, normal 1 a
quarter). :func:`check_cadence` checks one customer's contacts against a tier: when the next
contact is due, whether it is overdue, and every violation (neglect, over-contact, below a
monthly or quarterly minimum) with its rule ID, its window and the contacts that caused it.
Months and quarters are calendar periods in the customer's time zone, not 30-day blocks.

Examples:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> sh = ZoneInfo("Asia/Shanghai")
    >>> contacts = [datetime(2024, 5, d, 10, 0, tzinfo=sh) for d in (2, 9, 20)]
    >>> as_of = datetime(2024, 5, 31, tzinfo=sh)
    >>> result = check_cadence(contacts, "D", policy=SALES_ABCD, as_of=as_of)
    >>> [(v.kind, v.rule) for v in result.violations]
    [('over_contact', 'GR-6 FU-3')]
    >>> print(result.violations[0].message)
    3 contacts in 2024-05, more than 2 allowed for tier D (GR-6 FU-3)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta, tzinfo
from types import MappingProxyType
from typing import Literal

import attrs
from dateutil.relativedelta import relativedelta

from salescare._checks import zone as checked_zone
from salescare._edge import check_fields, edge
from salescare._hypothesis_plugin import announce
from salescare.calendars import WorkCalendar
from salescare.errors import NaiveDatetimeError, PolicyError, ValidationError
from salescare.models import (
    CompanySize,
    ContactMode,
    Customer,
    FollowUp,
    Opportunity,
    OpportunityStage,
    Revisit,
)
from salescare.sla import TIMERS, Target, measure
from salescare.vocabulary import SlaStatus

__all__ = [
    "DEFAULT_STAGES",
    "REVISIT_TIERS",
    "SALES_ABCD",
    "SERVICE_ABC",
    "SERVICE_STAGES",
    "Cadence",
    "CadenceCheck",
    "CadencePolicy",
    "FollowUpPlan",
    "StageDue",
    "StagePolicy",
    "Violation",
    "check_cadence",
    "follow_up_plan",
    "revisit_length_warnings",
    "suggest_slot",
]

Kind = Literal["neglect", "over_contact", "below_monthly_minimum", "below_quarterly_minimum"]


@attrs.frozen(kw_only=True)
class Cadence:
    """The contact rules of one tier.

    ``max_gap``: the longest time allowed without a contact (exactly ``max_gap`` is fine).
    ``max_gap_months``: the same in calendar months (004's "monthly"). ``min_per_month`` /
    ``max_per_month``: contacts each calendar month (only ``deep`` ones count toward the
    minimum when ``deep_only``). ``min_per_quarter``: contacts each calendar quarter.
    """

    tier: str
    max_gap: timedelta | None = None
    max_gap_months: int | None = None
    min_per_month: int = 0
    deep_only: bool = False
    max_per_month: int | None = None
    min_per_quarter: int = 0
    rule: str = "GR-6"
    describe: str = ""

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = []
        if self.max_gap is not None and self.max_gap <= timedelta(0):
            problems.append(f"max_gap {self.max_gap} is not positive")
        if self.max_gap is not None and self.max_gap_months is not None:
            problems.append("set max_gap or max_gap_months, not both")
        if self.max_per_month is not None and self.max_per_month < self.min_per_month:
            problems.append(
                f"max_per_month {self.max_per_month} is below min_per_month {self.min_per_month}"
            )
        if problems:
            raise PolicyError(f"Cadence {self.tier}", problems)


@attrs.frozen(kw_only=True)
class CadencePolicy:
    """A named set of cadences by tier (a grade such as ``A`` or a label such as ``vip``)."""

    name: str
    tiers: Mapping[str, Cadence]

    def __attrs_post_init__(self) -> None:
        check_fields(self)

    def cadence(self, tier: str) -> Cadence:
        """The cadence of ``tier``; an unknown tier is a :class:`ValidationError`."""
        key = str(tier)
        if key not in self.tiers:
            raise ValidationError(
                (self.name, "tier"),
                tier,
                "is not a tier of this cadence",
                "one of " + ", ".join(self.tiers),
            )
        return self.tiers[key]


def _policy(name: str, *cadences: Cadence) -> CadencePolicy:
    return CadencePolicy(name=name, tiers=MappingProxyType({c.tier: c for c in cadences}))


SALES_ABCD = _policy(
    "SALES_ABCD",
    Cadence(
        tier="A",
        max_gap=timedelta(days=14),
        min_per_month=2,
        deep_only=True,
        rule="GR-6 FU-3",
        describe="≥ 2 in-depth talks a month, never > 14 days apart",
    ),
    Cadence(tier="B", max_gap=timedelta(days=7), describe="weekly"),
    Cadence(tier="C", max_gap=timedelta(days=14), describe="every 2 weeks"),
    Cadence(
        tier="D",
        max_per_month=2,
        min_per_quarter=1,
        rule="GR-6 FU-3",
        describe="one push a quarter, at most 2 contacts a calendar month",
    ),
)
"""002's A/B/C/D cadence (GR-6, FU-3)."""

SERVICE_ABC = _policy(
    "SERVICE_ABC",
    Cadence(tier="A", max_gap=timedelta(days=7), rule="FU-5", describe="at least weekly"),
    Cadence(tier="B", max_gap=timedelta(days=14), rule="FU-5", describe="every 2 weeks"),
    Cadence(tier="C", max_gap_months=1, rule="FU-5", describe="monthly"),
)
"""004's three-tier cadence (FU-5)."""

REVISIT_TIERS = _policy(
    "REVISIT_TIERS",
    Cadence(
        tier="vip", min_per_month=1, max_per_month=2, rule="RV-3", describe="1–2 revisits a month"
    ),
    Cadence(tier="normal", min_per_quarter=1, rule="RV-3", describe="1 revisit a quarter"),
)
"""001's revisit frequency by tier (RV-3)."""


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
                    message=f"no contact from {left.isoformat()} to {right.isoformat()}, "
                    f"longer than tier {cadence.tier} allows ({cadence.describe}) "
                    f"({cadence.rule})",
                )
            )
    return found


def _month_key(moment: datetime, zone: tzinfo) -> tuple[int, int]:
    local = moment.astimezone(zone)
    return local.year, local.month


def _over_contact(cadence: Cadence, moments: list[datetime], zone: tzinfo) -> list[Violation]:
    if cadence.max_per_month is None:
        return []
    by_month: dict[tuple[int, int], list[datetime]] = {}
    for moment in moments:
        by_month.setdefault(_month_key(moment, zone), []).append(moment)
    found = []
    for (year, month), group in by_month.items():
        if len(group) > cadence.max_per_month:
            begin = datetime(year, month, 1, tzinfo=zone)
            rule = cadence.rule
            found.append(
                Violation(
                    kind="over_contact",
                    rule=rule,
                    start=begin,
                    end=_add_months(begin, 1),
                    contacts=tuple(group),
                    message=f"{len(group)} contacts in {year}-{month:02d}, more than "
                    f"{cadence.max_per_month} allowed for tier {cadence.tier} ({rule})",
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
                what = "in-depth contacts" if cadence.deep_only and months == 1 else "contacts"
                found.append(
                    Violation(
                        kind=kind,
                        rule=cadence.rule,
                        start=begin,
                        end=end,
                        contacts=counted,
                        message=f"{len(counted)} {what} from {begin.date()} to "
                        f"{(end - timedelta(days=1)).date()}, tier {cadence.tier} needs "
                        f"{minimum} {unit} ({cadence.rule})",
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
        raise ValidationError(("suggest_slot", "duration"), duration, "is not positive", "> 0")
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
        "found no slot",
        "a calendar with working time outside quiet hours",
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
        return (f"a phone revisit lasted {minutes} min; RV-4 asks for {low}–{high} min",)
    if revisit.mode is ContactMode.VISIT and minutes > high:
        return (f"an on-site revisit lasted {minutes} min; RV-4 keeps it within {high} min",)
    return ()


# -- stage-driven overrides (FU-1, FU-2, FU-4, FU-5 push, DV-3, DV-4, FB-9) ------------------


@attrs.frozen(kw_only=True)
class StagePolicy:
    """When a customer's situation, not its tier, decides when to call (the stage overrides).

    ``first_follow_up`` (FU-1) runs from registration; ``key_stages`` with ``key_stage_gap``
    (FU-2: proposal review and contract negotiation, daily) replace the tier cadence while an
    opportunity is in them; ``push_gap`` (FU-5, 004: a pushed opportunity every 3 days) applies
    to the other open stages when set; ``after_delivery`` (DV-3) runs from delivery;
    ``usage_report`` (DV-4) repeats for customers cooperating at least ``long_term_months``;
    ``reactivation`` (FU-4) replaces the tier cadence of a paused customer, counted from the
    last contact (the one where they said "not needed for now"); ``large_quarterly_phone``
    (FB-9) asks for a phone call each calendar quarter to large existing customers.
    """

    name: str = "DEFAULT_STAGES"
    first_follow_up: Target = TIMERS["FU-1"]
    key_stages: frozenset[OpportunityStage] = frozenset(
        {OpportunityStage.PROPOSAL, OpportunityStage.NEGOTIATION}
    )
    key_stage_gap: timedelta = timedelta(days=1)
    push_stages: frozenset[OpportunityStage] = frozenset(
        {OpportunityStage.FOLLOWING, OpportunityStage.CONTRACT}
    )
    push_gap: timedelta | None = None
    after_delivery: Target = TIMERS["DV-3"]
    usage_report: Target = TIMERS["DV-4"]
    long_term_months: int = 12
    reactivation: Target = TIMERS["FU-4"]
    large_quarterly_phone: bool = True

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = []
        for name in ("key_stage_gap", "push_gap"):
            gap = getattr(self, name)
            if gap is not None and gap <= timedelta(0):
                problems.append(f"{name} {gap} is not positive")
        if self.long_term_months < 0:
            problems.append(f"long_term_months {self.long_term_months} is negative")
        if self.key_stages & self.push_stages:
            problems.append("a stage is both a key stage and a push stage")
        if problems:
            raise PolicyError(f"StagePolicy {self.name}", problems)


DEFAULT_STAGES = StagePolicy()
"""002's stage overrides (FU-1, FU-2, FU-4, DV-3, DV-4) and FB-9; no 3-day push."""

SERVICE_STAGES = StagePolicy(name="SERVICE_STAGES", push_gap=timedelta(days=3))
""":data:`DEFAULT_STAGES` plus 004's "a pushed opportunity every 3 days" (FU-5)."""

Mode = Literal["tier", "key_stage", "paused"]


@attrs.frozen(kw_only=True)
class StageDue:
    """One stage-driven contact obligation, measured as of the plan's instant."""

    rule: str
    what: str
    start: datetime
    due: datetime
    done_at: datetime | None
    status: SlaStatus
    reason: str


@attrs.frozen(kw_only=True)
class FollowUpPlan:
    """Everything that decides when a customer must next be contacted, as of one instant.

    ``mode`` says which cadence rules: ``tier`` (the grade's cadence), ``key_stage`` (FU-2's
    daily cadence replaces it while an opportunity is in proposal review or negotiation) or
    ``paused`` (FU-4's quarterly reactivation replaces it). ``dues`` are the stage
    obligations (FU-1, DV-3, DV-4 and the reactivation); ``violations`` those of the ruling
    cadence and of FB-9. ``next_due`` is the earliest open due time.
    """

    customer: str
    as_of: datetime
    tier: str
    mode: Mode
    dues: tuple[StageDue, ...]
    cadence: CadenceCheck | None
    violations: tuple[Violation, ...]
    next_due: datetime | None
    overdue: bool
    reason: str

    @property
    def late(self) -> tuple[tuple[datetime, str, str], ...]:
        """Every open obligation past due, earliest first: (due, rule, what)."""
        found = [(d.due, d.rule, d.what) for d in self.dues if d.done_at is None]
        check = self.cadence
        if check is not None and check.next_due is not None:
            found.append((check.next_due, check.rule, f"contact the customer: {self.reason}"))
        return tuple(sorted(item for item in found if item[0] < self.as_of))


ContactRecord = FollowUp | Revisit | datetime


def _contact_moment(contact: ContactRecord) -> datetime:
    if isinstance(contact, Revisit):
        return _moment(contact.at)
    return _moment(contact)


def _is_phone(contact: ContactRecord) -> bool:
    return isinstance(contact, FollowUp | Revisit) and contact.mode is ContactMode.PHONE


def _stage_since(opportunity: Opportunity) -> datetime | None:
    # the latest history entry is the event that moved the opportunity into its stage
    return max((entry.at for entry in opportunity.history), default=None)


def _first_after(moments: list[datetime], start: datetime) -> datetime | None:
    return next((m for m in moments if m >= start), None)


def _stage_due(
    target: Target, start: datetime, moments: list[datetime], as_of: datetime, *, what: str = ""
) -> StageDue:
    done = _first_after(moments, start)
    measured = measure(target, start, now=max(as_of, start), stop=done)
    return StageDue(
        rule=target.rule,
        what=what or target.what,
        start=start,
        due=measured.due,
        done_at=done,
        status=measured.status,
        reason=measured.reason,
    )


def _gap_check(
    rule: str,
    gap: timedelta,
    moments: list[datetime],
    *,
    since: datetime,
    as_of: datetime,
    tz: str,
    describe: str,
) -> CadenceCheck:
    cadence = Cadence(tier=rule, max_gap=gap, rule=rule, describe=describe)
    return check_cadence(
        [m for m in moments if m >= since],
        rule,
        policy=_policy(rule, cadence),
        as_of=as_of,
        since=since,
        tz=tz,
    )


@edge
def follow_up_plan(
    customer: Customer,
    contacts: Iterable[ContactRecord],
    *,
    as_of: datetime,
    policy: CadencePolicy = SALES_ABCD,
    stages: StagePolicy = DEFAULT_STAGES,
    opportunities: Iterable[Opportunity] = (),
    registered_at: datetime | None = None,
    reports: Iterable[datetime] = (),
    tz: str = "Asia/Shanghai",
) -> FollowUpPlan:
    """When ``customer`` must next be contacted, given its tier and its situation.

    ``contacts`` are follow-ups, revisits or plain instants (any record of reaching the
    customer). The tier is ``customer.grade`` (``policy``'s tiers) or, for a policy keyed by
    service tier such as :data:`REVISIT_TIERS`, ``customer.tier``. Rulings: a paused customer
    is checked only against the reactivation (FU-4); while an opportunity is in a key stage
    the daily cadence (FU-2) replaces the tier's from the moment it entered the stage (its
    latest history entry); a customer without a grade in a graded policy has no tier cadence.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from salescare.ids import CustomerCode
        >>> from salescare.models import CompanySize, Grade
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> lake = Customer(
        ...     number=CustomerCode.parse("HZ-IT-2024-001"),
        ...     name="Lake",
        ...     industry="IT",
        ...     size=CompanySize.MEDIUM,
        ...     grade=Grade.B,
        ... )
        >>> registered = datetime(2024, 9, 27, 16, 0, tzinfo=sh)
        >>> plan = follow_up_plan(
        ...     lake, [], registered_at=registered, as_of=datetime(2024, 10, 9, 9, 0, tzinfo=sh)
        ... )
        >>> plan.dues[0].rule, plan.dues[0].status.value, plan.dues[0].due.isoformat()
        ('FU-1', 'breached', '2024-10-08T18:00:00+08:00')
        >>> plan.overdue
        True
    """
    if as_of.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("follow_up_plan", "as_of"), as_of)
    items = [(_contact_moment(c), c) for c in contacts]
    moments = sorted(m for m, _ in items if m <= as_of)
    phone = sorted(m for m, c in items if m <= as_of and _is_phone(c))
    deals = tuple(opportunities)
    dues: list[StageDue] = []
    if registered_at is not None and registered_at <= as_of:
        dues.append(_stage_due(stages.first_follow_up, registered_at, moments, as_of))
    dues.extend(
        _stage_due(stages.after_delivery, deal.delivered_at, moments, as_of)
        for deal in deals
        if deal.delivered_at is not None and deal.delivered_at <= as_of
    )
    report = _usage_report(customer, sorted(r for r in reports if r <= as_of), stages, as_of, tz)
    if report is not None:
        dues.append(report)
    mode, check, reason = _ruling_cadence(
        customer, moments, deals, policy, stages, as_of, tz, registered_at
    )
    if mode == "paused":
        start = moments[-1] if moments else as_of
        dues.append(_stage_due(stages.reactivation, start, [], as_of))
    violations = list(check.violations) if check is not None else []
    if stages.large_quarterly_phone and _large_existing(customer, as_of):
        since = datetime.combine(
            customer.cooperation_since or as_of.date(), time(), checked_zone(tz)
        )
        fb9 = check_cadence(
            phone,
            "large",
            policy=_policy("FB-9", _LARGE_PHONE),
            as_of=as_of,
            since=since,
            tz=tz,
        )
        violations += fb9.violations
    open_dues = [d.due for d in dues if d.done_at is None]
    if check is not None and check.next_due is not None:
        open_dues.append(check.next_due)
    next_due = min(open_dues, default=None)
    overdue = next_due is not None and as_of > next_due
    return FollowUpPlan(
        customer=str(customer.number),
        as_of=as_of,
        tier=_tier_of(customer, policy) or "",
        mode=mode,
        dues=tuple(dues),
        cadence=check,
        violations=tuple(sorted(violations, key=lambda v: (v.start, v.kind))),
        next_due=next_due,
        overdue=overdue,
        reason=reason,
    )


_LARGE_PHONE = Cadence(
    tier="large", min_per_quarter=1, rule="FB-9", describe="a phone revisit each quarter"
)


def _large_existing(customer: Customer, as_of: datetime) -> bool:
    return (
        customer.size is CompanySize.LARGE
        and customer.cooperation_since is not None
        and customer.cooperation_since <= as_of.date()
    )


def _tier_of(customer: Customer, policy: CadencePolicy) -> str | None:
    for tier in (customer.grade, customer.tier):
        if tier is not None and str(tier) in policy.tiers:
            return str(tier)
    return None


def _ruling_cadence(  # noqa: PLR0917 - internal, one call site
    customer: Customer,
    moments: list[datetime],
    deals: tuple[Opportunity, ...],
    policy: CadencePolicy,
    stages: StagePolicy,
    as_of: datetime,
    tz: str,
    registered_at: datetime | None,
) -> tuple[Mode, CadenceCheck | None, str]:
    if customer.paused:
        remark = f" ({customer.pause_remark})" if customer.pause_remark else ""
        return "paused", None, f"paused{remark}: reactivate once a quarter (FU-4)"
    overrides = (
        (stages.key_stages, stages.key_stage_gap, "FU-2"),
        (stages.push_stages, stages.push_gap, "FU-5"),
    )
    for stage_set, gap, rule in overrides:
        deal = next((d for d in deals if d.stage in stage_set), None)
        if deal is None or gap is None:
            continue
        since = _stage_since(deal) or (moments[-1] if moments else as_of)
        every = _gap_words(gap)
        check = _gap_check(
            rule, gap, moments, since=min(since, as_of), as_of=as_of, tz=tz, describe=every
        )
        return "key_stage", check, f"opportunity '{deal.title}' in {deal.stage}: {every} ({rule})"
    tier = _tier_of(customer, policy)
    if tier is None:
        return "tier", None, f"no tier of {policy.name} for this customer: no tier cadence"
    started = registered_at if registered_at is not None and registered_at <= as_of else None
    check = check_cadence(moments, tier, policy=policy, as_of=as_of, since=started, tz=tz)
    return "tier", check, f"tier {tier} of {policy.name}: {policy.cadence(tier).describe}"


def _gap_words(gap: timedelta) -> str:
    if gap % timedelta(days=1):
        return f"every {gap.total_seconds() / 3600:g} h"
    return f"every {gap.days} days" if gap.days != 1 else "daily"


def _usage_report(
    customer: Customer,
    reports: list[datetime],
    stages: StagePolicy,
    as_of: datetime,
    tz: str,
) -> StageDue | None:
    since = customer.cooperation_since
    if since is None:
        return None
    became_long_term = datetime.combine(since, time(), checked_zone(tz)) + relativedelta(
        months=stages.long_term_months
    )
    if became_long_term > as_of:
        return None
    earlier = [r for r in reports if r >= became_long_term]
    start = earlier[-1] if earlier else became_long_term
    return _stage_due(stages.usage_report, start, [], as_of, what="send the usage-effect report")


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
