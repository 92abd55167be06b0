"""KPIs over collections of records (RULES HL-1, RV-7, SQ-2, FB-7).

Every KPI takes any iterable of records and reads it once, keeping counts and sums only, so a
million tickets can stream from a database cursor or a file. A rate is a :class:`Ratio`
(numerator, denominator and the value, which is ``None`` for an empty denominator — never a
made-up 0); a mean is a :class:`Mean` (count and value, ``None`` when empty); a
distribution is a :class:`Distribution`. :func:`health_inputs` builds a quarter's HL-1 inputs
from raw tickets and surveys (on-time resolution measured by the SLA engine) and
:func:`health_review` turns them into the quarterly health table row of 000 §4.4.

Examples:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from salescare.serialize import from_dict
    >>> def ticket(serial, level, hours):
    ...     return from_dict(
    ...         Ticket,
    ...         {
    ...             "number": f"FW20240515{serial:03d}",
    ...             "customer": "CUS20240515001",
    ...             "customer_name": "Lake",
    ...             "description": "line stops",
    ...             "level": level,
    ...             "submitted_at": "2024-05-15T09:00:00+08:00",
    ...             "triaged_at": "2024-05-15T09:05:00+08:00",
    ...             "first_response_at": "2024-05-15T09:30:00+08:00",
    ...             "status": "resolved",
    ...             "resolved_at": f"2024-05-15T{9 + hours:02d}:00:00+08:00",
    ...             "resolution": "fixed",
    ...         },
    ...     )
    >>> rate = on_time_resolution_rate(
    ...     [ticket(1, "L1", 3), ticket(2, "L1", 5), ticket(3, "L2", 8), ticket(4, "L3", 14)]
    ... )
    >>> print(rate)
    on-time resolution of L1/L2 tickets: 2/3 = 66.67 % (HL-1, SQ-2)
    >>> rate.value
    Decimal('0.6667')
    >>> print(on_time_resolution_rate([]).value)
    None
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from salescare._checks import (
    mean_score,
    money,
    optional_rate,
    to_decimal,
    to_optional_decimal,
    zone,
)
from salescare._edge import check_fields, edge
from salescare._masking import classified
from salescare.calendars import ALWAYS, WorkCalendar
from salescare.errors import NaiveDatetimeError, ValidationError
from salescare.grading import DEFAULT_HEALTH_POLICY, HEALTH_STRATEGIES, HealthPolicy, grade_health
from salescare.grading import health_trend as _trend
from salescare.ids import CustomerCode, CustomerNo
from salescare.models import (
    Complaint,
    ComplaintStatus,
    Customer,
    Feedback,
    FeedbackStatus,
    FollowUp,
    Health,
    HealthReview,
    Level,
    Revisit,
    SatisfactionSurvey,
    ServiceDimension,
    ServiceQualityAssessment,
    ServiceTier,
    Ticket,
)
from salescare.sla import DEFAULT_TICKET_POLICY, TIMERS, TicketSlaPolicy, measure

__all__ = [
    "Distribution",
    "HealthInputs",
    "Mean",
    "Period",
    "Ratio",
    "ReviewSchedule",
    "SalesFacts",
    "churn_rate",
    "complaint_resolution_rate",
    "feedback_results",
    "follow_up_frequency",
    "health_inputs",
    "health_review",
    "mean_first_response_hours",
    "mean_order_cycle_days",
    "mean_satisfaction",
    "need_conversion_rate",
    "on_time_delivery_rate",
    "on_time_resolution_rate",
    "problem_types",
    "quarter",
    "renewal_rate",
    "review_schedule",
    "satisfaction_by_tier",
    "service_quality_means",
]

_RATE_PLACES = Decimal("0.0001")
_MEAN_PLACES = Decimal("0.01")
K = TypeVar("K", bound=Hashable)


def _rounded(value: Fraction, places: Decimal) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(places, rounding=ROUND_HALF_EVEN)


@attrs.frozen(kw_only=True)
class Ratio:
    """A rate: how many of how many. ``value`` is ``None`` when nothing was counted.

    ``value`` is rounded half-to-even to four places (``0.6667``); ``exact`` is the fraction.
    """

    what: str
    rule: str
    numerator: int
    denominator: int

    @property
    def exact(self) -> Fraction | None:
        """The rate as an exact fraction, ``None`` for an empty denominator."""
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def value(self) -> Decimal | None:
        """The rate rounded to four places, ``None`` for an empty denominator."""
        exact = self.exact
        return None if exact is None else _rounded(exact, _RATE_PLACES)

    def __str__(self) -> str:
        exact = self.exact
        shown = "n/a" if exact is None else f"{_rounded(exact * 100, _MEAN_PLACES)} %"
        return f"{self.what}: {self.numerator}/{self.denominator} = {shown} ({self.rule})"


@attrs.frozen(kw_only=True)
class Mean:
    """An average: how many values and their mean (``None`` when there were none)."""

    what: str
    rule: str
    count: int
    total: Fraction = Fraction(0)

    @property
    def value(self) -> Decimal | None:
        """The mean rounded to two places, ``None`` when empty."""
        return _rounded(self.total / self.count, _MEAN_PLACES) if self.count else None

    def __str__(self) -> str:
        shown = "n/a" if self.value is None else str(self.value)
        return f"{self.what}: {shown} over {self.count} ({self.rule})"


@attrs.frozen(kw_only=True)
class Distribution(Generic[K]):
    """How many records fall in each class; ``share`` gives a class's :class:`Ratio`."""

    what: str
    rule: str
    counts: Mapping[K, int]

    @property
    def total(self) -> int:
        """How many records were classified."""
        return sum(self.counts.values())

    def share(self, key: K) -> Ratio:
        """The share of ``key`` among all classified records."""
        return Ratio(
            what=f"{self.what}: {key}",
            rule=self.rule,
            numerator=self.counts.get(key, 0),
            denominator=self.total,
        )


@attrs.frozen
class Period:
    """A half-open span of time ``[start, end)``; both ends timezone-aware."""

    start: datetime
    end: datetime

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        for name in ("start", "end"):
            moment = getattr(self, name)
            if not isinstance(moment, datetime) or moment.utcoffset() is None:
                raise NaiveDatetimeError.for_field(("Period", name), moment)
        if self.end <= self.start:
            raise ValidationError(
                ("Period", "end"), self.end, f"is not after start {self.start}", "end > start"
            )

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, datetime) and self.start <= moment < self.end


_FIRST_YEAR = 1
_LAST_YEAR = 9998  # the quarter's end must still be a datetime


@edge
def quarter(year: int, number: int, *, tz: str = "Asia/Shanghai") -> Period:
    """Calendar quarter ``number`` (1–4) of ``year`` in the zone ``tz``.

    Examples:
        >>> q = quarter(2024, 2)
        >>> q.start.isoformat(), q.end.isoformat()
        ('2024-04-01T00:00:00+08:00', '2024-07-01T00:00:00+08:00')
    """
    if type(year) is not int or not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise ValidationError(
            ("quarter", "year"), year, "is not a year", f"an int {_FIRST_YEAR}–{_LAST_YEAR}"
        )
    if type(number) is not int or not 1 <= number <= 4:  # noqa: PLR2004 - four quarters
        raise ValidationError(("quarter", "number"), number, "is not a quarter", "1–4")
    start = datetime(year, 3 * number - 2, 1, tzinfo=zone(tz, ("quarter", "tz")))
    return Period(start, start + relativedelta(months=3))


def _elapsed(start: datetime, end: datetime) -> timedelta:
    """Elapsed time between two instants (a wall-clock difference only for fixed offsets)."""
    if start.tzinfo is end.tzinfo and isinstance(start.tzinfo, timezone):
        return end - start
    return end.astimezone(UTC) - start.astimezone(UTC)


def _within(moment: datetime | None, period: Period | None) -> bool:
    return moment is not None and (period is None or moment in period)


# -- rates ---------------------------------------------------------------------------------


@edge
def on_time_resolution_rate(
    tickets: Iterable[Ticket],
    *,
    levels: Collection[Level] = (Level.L1, Level.L2),
    period: Period | None = None,
    as_of: datetime | None = None,
    policy: TicketSlaPolicy = DEFAULT_TICKET_POLICY,
) -> Ratio:
    """Share of tickets resolved within their TK-3 target (HL-1's "L1/L2 on-time rate").

    Counted: tickets of ``levels`` resolved in ``period`` (all when ``None``); on time when
    the resolution clock (with pauses, TK-10, on the policy's calendar) is met. With
    ``as_of``, tickets still open whose resolution deadline passed in the period (before
    ``as_of``) count as late too, so leaving a ticket open never improves the rate.
    """
    wanted = frozenset(levels)
    names = "/".join(str(level) for level in Level if level in wanted)
    on_time = counted = 0
    targets = {level: policy.target(policy.levels[level].resolve) for level in wanted}
    # elapsed-time targets need no calendar: met exactly when done within the duration
    budgets = {
        level: target.duration if target.calendar is ALWAYS else None
        for level, target in targets.items()
    }
    for ticket in tickets:
        level = ticket.level
        if level not in wanted or level is None:
            continue
        target = targets[level]
        resolved = ticket.resolved_at
        if resolved is not None:
            if period is not None and resolved not in period:
                continue
            counted += 1
            budget = budgets[level]
            if budget is not None and not ticket.pauses:
                on_time += _elapsed(ticket.submitted_at, resolved) <= budget
            else:
                clock = measure(
                    target, ticket.submitted_at, now=resolved, stop=resolved, pauses=ticket.pauses
                )
                on_time += clock.breached_at is None
        elif as_of is not None and as_of >= ticket.submitted_at:
            clock = measure(target, ticket.submitted_at, now=as_of, pauses=ticket.pauses)
            counted += clock.breached_at is not None and _within(clock.due, period)
    return Ratio(
        what=f"on-time resolution of {names} tickets",
        rule="HL-1, SQ-2",
        numerator=on_time,
        denominator=counted,
    )


_SOLVED = frozenset({ComplaintStatus.RESOLVED, ComplaintStatus.REVISITED})


@edge
def complaint_resolution_rate(
    complaints: Iterable[Complaint], *, period: Period | None = None
) -> Ratio:
    """Share of complaints received in ``period`` that are resolved (SQ-2, CP).

    Examples:
        >>> print(complaint_resolution_rate([]))
        complaint resolution: 0/0 = n/a (SQ-2)
    """
    solved = received = 0
    for complaint in complaints:
        if not _within(complaint.received_at, period):
            continue
        received += 1
        solved += complaint.resolved_at is not None or complaint.status in _SOLVED
    return Ratio(what="complaint resolution", rule="SQ-2", numerator=solved, denominator=received)


@edge
def on_time_delivery_rate(
    deliveries: Iterable[tuple[date | datetime, date | datetime | None]],
    *,
    as_of: date | datetime | None = None,
) -> Ratio:
    """Share of deliveries made by their due date (SQ-2).

    Each delivery is ``(due, delivered)``; ``delivered`` is ``None`` while outstanding.
    Delivered on the due date (or instant) is on time. An outstanding delivery counts as
    late once ``as_of`` is past its due date, and is left out before.

    Examples:
        >>> from datetime import date
        >>> print(
        ...     on_time_delivery_rate(
        ...         [
        ...             (date(2024, 5, 10), date(2024, 5, 10)),
        ...             (date(2024, 5, 10), date(2024, 5, 11)),
        ...             (date(2024, 5, 20), None),
        ...         ],
        ...         as_of=date(2024, 5, 15),
        ...     )
        ... )
        on-time delivery: 1/2 = 50.00 % (SQ-2)
    """
    on_time = counted = 0
    for due, delivered in deliveries:
        if delivered is None:
            counted += as_of is not None and _later(as_of, due)
            continue
        counted += 1
        on_time += not _later(delivered, due)
    return Ratio(what="on-time delivery", rule="SQ-2", numerator=on_time, denominator=counted)


def _later(moment: date | datetime, due: date | datetime) -> bool:
    """``moment`` is after ``due``; a date due means "by the end of that day"."""
    if isinstance(due, datetime):
        if not isinstance(moment, datetime):
            return moment > due.date()
        return moment > due
    day = moment.date() if isinstance(moment, datetime) else moment
    return day > due


@edge
def renewal_rate(
    contracts: Iterable[tuple[date, date | None]], *, period: tuple[date, date] | None = None
) -> Ratio:
    """Share of contracts expiring in ``period`` (inclusive dates) that were renewed (HL-1).

    Each contract is ``(expires_on, renewed_on)``; ``renewed_on`` is ``None`` when it was
    not renewed.

    Examples:
        >>> from datetime import date
        >>> print(renewal_rate([(date(2024, 3, 31), date(2024, 3, 1)), (date(2024, 6, 30), None)]))
        renewal: 1/2 = 50.00 % (HL-1, SQ-2)
    """
    renewed = expiring = 0
    for expires_on, renewed_on in contracts:
        if period is not None and not period[0] <= expires_on <= period[1]:
            continue
        expiring += 1
        renewed += renewed_on is not None
    return Ratio(what="renewal", rule="HL-1, SQ-2", numerator=renewed, denominator=expiring)


CustomerId = CustomerNo | CustomerCode


@edge
def need_conversion_rate(
    revisits: Iterable[Revisit],
    orders: Iterable[tuple[CustomerId, date]],
    *,
    within: timedelta | None = None,
) -> Ratio:
    """Share of needs heard in revisits that became orders (RV-7, SQ-2).

    A need is a revisit with a non-empty ``need``; it converted when the customer ordered
    on or after the revisit's date (and, with ``within``, no later than that long after).
    ``orders`` are ``(customer, ordered_on)`` pairs; they are read once into a per-customer
    list of dates, so memory grows with the orders, not the revisits.
    """
    by_customer: dict[str, list[date]] = {}
    for customer, ordered_on in orders:
        by_customer.setdefault(str(customer), []).append(ordered_on)
    for days in by_customer.values():
        days.sort()
    converted = needs = 0
    for revisit in revisits:
        if not revisit.need.strip():
            continue
        needs += 1
        heard = revisit.at.date()
        latest = heard + within if within is not None else date.max
        converted += any(
            heard <= day <= latest for day in by_customer.get(str(revisit.customer), ())
        )
    return Ratio(
        what="need → order conversion", rule="RV-7, SQ-2", numerator=converted, denominator=needs
    )


@edge
def churn_rate(active_at_start: Iterable[CustomerId], active_at_end: Iterable[CustomerId]) -> Ratio:
    """Share of the customers active at the period's start who are not active at its end.

    Examples:
        >>> from salescare.ids import CustomerCode
        >>> a, b = CustomerCode.parse("HZ-IT-2024-001"), CustomerCode.parse("HZ-IT-2024-002")
        >>> print(churn_rate([a, b], [b]))
        churn: 1/2 = 50.00 % (SQ-2)
    """
    start = {str(c) for c in active_at_start}
    end = {str(c) for c in active_at_end}
    return Ratio(what="churn", rule="SQ-2", numerator=len(start - end), denominator=len(start))


# -- means and distributions ---------------------------------------------------------------


@edge
def mean_first_response_hours(
    tickets: Iterable[Ticket],
    *,
    levels: Collection[Level] | None = None,
    period: Period | None = None,
) -> Mean:
    """Mean hours from submission to first response (HL-1, SQ-2's "inquiry response time").

    Tickets of ``levels`` (all when ``None``) submitted in ``period`` that have responded.
    """
    count = 0
    micros = 0
    wanted = None if levels is None else frozenset(levels)
    for ticket in tickets:
        responded = ticket.first_response_at
        if responded is None or (wanted is not None and ticket.level not in wanted):
            continue
        if not _within(ticket.submitted_at, period):
            continue
        count += 1
        micros += _microseconds(_elapsed(ticket.submitted_at, responded))
    return Mean(
        what="first response (h)",
        rule="HL-1, SQ-2",
        count=count,
        total=Fraction(micros, 3_600_000_000),
    )


@edge
def mean_order_cycle_days(
    orders: Iterable[tuple[datetime, datetime | None]], *, period: Period | None = None
) -> Mean:
    """Mean days from receiving an order to completing it (SQ-2's order processing cycle).

    Each order is ``(received_at, completed_at)``; open orders (``None``) are left out, and
    ``period`` selects by completion.

    Examples:
        >>> from datetime import UTC, datetime
        >>> day = datetime(2024, 5, 1, tzinfo=UTC)
        >>> print(mean_order_cycle_days([(day, day.replace(day=4)), (day, day.replace(day=2))]))
        order processing cycle (days): 2.00 over 2 (SQ-2)
    """
    count = 0
    micros = 0
    for received, completed in orders:
        if completed is None or not _within(completed, period):
            continue
        count += 1
        micros += _microseconds(_elapsed(received, completed))
    return Mean(
        what="order processing cycle (days)",
        rule="SQ-2",
        count=count,
        total=Fraction(micros, 86_400_000_000),
    )


def _microseconds(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


Rated = Ticket | Revisit | SatisfactionSurvey


def _satisfaction(record: Rated) -> tuple[Fraction, datetime] | None:
    if isinstance(record, SatisfactionSurvey):
        scores = record.response_speed + record.resolution_effect + record.service_attitude
        return Fraction(scores, 3), record.at
    if record.satisfaction is None:
        return None
    if isinstance(record, Revisit):
        return Fraction(record.satisfaction), record.at
    # a ticket's score belongs to when it was collected (or, unknown, when it was raised)
    return Fraction(record.satisfaction), record.satisfaction_at or record.submitted_at


@edge
def mean_satisfaction(records: Iterable[Rated], *, period: Period | None = None) -> Mean:
    """Mean satisfaction (1–5) from tickets, revisits and surveys (RV-7, SQ-2, HL-1).

    A survey counts once, with the mean of its three scores (FB-8).
    """
    count = 0
    total = Fraction(0)
    for record in records:
        found = _satisfaction(record)
        if found is None or not _within(found[1], period):
            continue
        count += 1
        total += found[0]
    return Mean(what="satisfaction", rule="RV-7, SQ-2", count=count, total=total)


@edge
def satisfaction_by_tier(
    revisits: Iterable[Revisit], *, period: Period | None = None
) -> Mapping[ServiceTier, Mean]:
    """Mean revisit satisfaction per tier (RV-7); every tier appears, empty ones with ``None``."""
    return _means_by(
        tuple(ServiceTier),
        (
            (revisit.tier, revisit.satisfaction)
            for revisit in revisits
            if revisit.satisfaction is not None and _within(revisit.at, period)
        ),
        what=lambda tier: f"satisfaction of {tier} customers",
        rule="RV-7",
    )


def _means_by(
    keys: tuple[K, ...],
    pairs: Iterable[tuple[K, int | Fraction]],
    *,
    what: Callable[[K], str],
    rule: str,
) -> Mapping[K, Mean]:
    """One mean per key, every key present (an empty one has value ``None``)."""
    counts = dict.fromkeys(keys, 0)
    totals = dict.fromkeys(keys, Fraction(0))
    for key, value in pairs:
        counts[key] += 1
        totals[key] += value
    return MappingProxyType(
        {key: Mean(what=what(key), rule=rule, count=counts[key], total=totals[key]) for key in keys}
    )


def _problem_class(record: Feedback | Complaint) -> str:
    if isinstance(record, Complaint):
        return record.category
    return str(record.category if record.category is not None else record.type)


@edge
def problem_types(
    records: Iterable[Feedback | Complaint],
    *,
    key: Callable[[Any], Hashable] | None = None,
) -> Distribution[Hashable]:
    """How many feedback items and complaints fall in each class (RV-7).

    Feedback counts by its category (FB-3) or, before classification, its type; complaints
    by their category. ``key`` replaces the classification.
    """
    classify = key or _problem_class
    counts: Counter[Hashable] = Counter(classify(record) for record in records)
    return Distribution(what="problem types", rule="RV-7", counts=MappingProxyType(dict(counts)))


@edge
def feedback_results(
    feedback: Iterable[Feedback], *, period: Period | None = None
) -> Distribution[FeedbackStatus]:
    """Feedback collected in ``period``, counted by where it stands (FB-7).

    FB-7's results are completed, in progress and not adopted; earlier steps count too.
    ``share(FeedbackStatus.COMPLETED)`` is the adoption rate the quarterly review reads.

    Examples:
        >>> feedback_results([]).share(FeedbackStatus.COMPLETED).value is None
        True
    """
    counts: Counter[FeedbackStatus] = Counter(
        item.status for item in feedback if _within(item.collected_at, period)
    )
    return Distribution(what="feedback results", rule="FB-7", counts=MappingProxyType(dict(counts)))


@edge
def follow_up_frequency(
    follow_ups: Iterable[FollowUp],
    tiers: Mapping[CustomerId, str],
    *,
    period: Period,
) -> Mapping[str, Mean]:
    """Mean follow-ups per customer per month, for each tier (SQ-2).

    ``tiers`` maps every customer to count (the denominator) to its tier; a customer with no
    follow-up in ``period`` counts as 0. Months are the period's length in 30.4375-day months
    (the mean Gregorian month), so a quarter is about 3.
    """
    tier_of = {str(customer): str(tier) for customer, tier in tiers.items()}
    per_customer: Counter[str] = Counter()
    for follow_up in follow_ups:
        customer = str(follow_up.customer)
        if customer in tier_of and follow_up.at in period:
            per_customer[customer] += 1
    months = Fraction(int((period.end - period.start).total_seconds()), int(30.4375 * 86_400))
    counts: Counter[str] = Counter(tier_of.values())
    sums: Counter[str] = Counter()
    for customer, tier in tier_of.items():
        sums[tier] += per_customer[customer]
    return MappingProxyType(
        {
            tier: Mean(
                what=f"follow-ups per month, tier {tier}",
                rule="SQ-2",
                count=counts[tier],
                total=Fraction(sums[tier]) / months,
            )
            for tier in sorted(counts)
        }
    )


@edge
def service_quality_means(
    assessments: Iterable[ServiceQualityAssessment],
) -> Mapping[ServiceDimension, Mean]:
    """Mean score of each service-quality dimension over many assessments (SQ-1, SQ-2)."""
    return _means_by(
        tuple(ServiceDimension),
        ((item.dimension, item.score) for assessment in assessments for item in assessment.scores),
        what=lambda dimension: f"service quality: {dimension}",
        rule="SQ-1, SQ-2",
    )


# -- the quarterly health review (HL-1 … HL-5) ---------------------------------------------


@attrs.frozen(kw_only=True)
class ReviewSchedule:
    """The HL-3 dates of one period's health review."""

    period: Period
    data_due: datetime
    meeting_on: datetime
    plan_due: datetime


@edge
def review_schedule(
    period: Period,
    *,
    calendar: WorkCalendar | None = None,
    data_days: int = 5,
    meeting_at: datetime | None = None,
) -> ReviewSchedule:
    """When the data, the review meeting and the retention plan of ``period`` are due (HL-3).

    Data: close of business of the ``data_days``-th working day before the period's last
    day. Meeting: close of business of the period's last working day, unless ``meeting_at``
    says when it was held. Plan: ``TIMERS["HL-3.plan"]`` (2 working days) after the meeting.
    Working days come from ``calendar`` (China's official calendar by default).

    Examples:
        >>> q3 = review_schedule(quarter(2024, 3))
        >>> q3.data_due.isoformat()  # Sun 29 Sep is a make-up working day
        '2024-09-24T18:00:00+08:00'
        >>> q3.plan_due.isoformat()  # after National Day
        '2024-10-09T18:00:00+08:00'
    """
    plan = TIMERS["HL-3.plan"]
    cal = calendar or plan.calendar
    last_day = (period.end - timedelta(microseconds=1)).astimezone(cal.zone).date()
    # the last day itself is not "before the end" (the mirror of the RULES convention)
    data_due = cal.subtract_working_days(last_day, data_days)
    meeting = meeting_at or cal.subtract_working_days(last_day + timedelta(days=1), 1)
    return ReviewSchedule(
        period=period,
        data_due=data_due,
        meeting_on=meeting,
        plan_due=plan.on(cal).plain_due(meeting),
    )


@attrs.frozen(kw_only=True)
class SalesFacts:
    """What sales brings to a customer's quarterly health review (HL-1).

    ``renewal_rate`` over the last 12 months (a fraction, or ``None`` with nothing to renew),
    ``upsell_amount`` (upsell and repurchase in the last 12 months, yuan) and the
    relationship satisfaction score (1–5).
    """

    relationship: Decimal = attrs.field(converter=to_decimal, validator=mean_score)
    renewal_rate: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional_rate
    )
    upsell_amount: Decimal = classified(
        "money", default=Decimal(0), converter=to_decimal, validator=money
    )


@attrs.frozen(kw_only=True)
class HealthInputs:
    """A customer's HL-1 inputs for one quarter, from sales facts and after-sales records."""

    customer: Customer
    year: int
    quarter: int
    cooperation_months: int
    sales: SalesFacts
    on_time: Ratio
    service: Mean
    first_response: Mean

    def __attrs_post_init__(self) -> None:
        check_fields(self)


def _months_between(since: date | None, end: date) -> int:
    if since is None or since > end:
        return 0
    span = relativedelta(end, since)
    return span.years * 12 + span.months


@edge
def health_inputs(
    customer: Customer,
    year: int,
    number: int,
    *,
    tickets: Iterable[Ticket],
    sales_facts: SalesFacts,
    surveys: Iterable[SatisfactionSurvey] = (),
    tz: str = "Asia/Shanghai",
    policy: TicketSlaPolicy = DEFAULT_TICKET_POLICY,
) -> HealthInputs:
    """Build ``customer``'s HL-1 inputs for quarter ``number`` of ``year`` from raw records.

    Only the customer's own tickets and surveys count (others in the iterables are skipped,
    so one stream can feed every customer's call). After-sales inputs: on-time resolution
    of L1/L2 tickets resolved in the quarter (open ones past due by the quarter's end count
    as late), service satisfaction (tickets' scores and surveys in the quarter) and the
    mean first-response time of tickets submitted in the quarter.
    """
    period = quarter(year, number, tz=tz)
    key = str(customer.number)
    own = [t for t in tickets if str(t.customer) == key]
    rated: list[Rated] = [*own, *(s for s in surveys if str(s.customer) == key)]
    return HealthInputs(
        customer=customer,
        year=year,
        quarter=number,
        cooperation_months=_months_between(
            customer.cooperation_since, (period.end - timedelta(days=1)).date()
        ),
        sales=sales_facts,
        on_time=on_time_resolution_rate(own, period=period, as_of=period.end, policy=policy),
        service=mean_satisfaction(rated, period=period),
        first_response=mean_first_response_hours(own, period=period),
    )


@edge
def health_review(
    inputs: HealthInputs,
    *,
    previous: HealthReview | Health | None = None,
    policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
) -> HealthReview:
    """The quarterly health table row (000 §4.4): grade, weak dimension, strategy and trend.

    The grade comes from the relationship score (sales) and the service satisfaction
    (after-sales) by HL-2; the strategy from HL-4; the trend against ``previous`` (the last
    quarter's row or grade) by HL-5. A quarter with no service satisfaction cannot be graded:
    that is a :class:`~salescare.errors.ValidationError` naming ``service``.
    """
    service = inputs.service.value
    if service is None:
        raise ValidationError(
            ("health_review", "service"),
            None,
            f"has no satisfaction score in {inputs.year} Q{inputs.quarter}",
            "a ticket satisfaction or survey in the quarter (HL-1)",
        )
    result = grade_health(inputs.sales.relationship, service, policy=policy)
    health = result.health
    weak = result.weak_dimension if health is Health.SUB_HEALTHY else None
    strategy = HEALTH_STRATEGIES.get((health, weak), "") if health is not None else ""
    before = previous.health if isinstance(previous, HealthReview) else previous
    customer = inputs.customer
    return HealthReview(
        customer=customer.number,
        customer_name=customer.name,
        year=inputs.year,
        quarter=inputs.quarter,
        cooperation_months=inputs.cooperation_months,
        renewal_rate=inputs.sales.renewal_rate,
        upsell_amount=inputs.sales.upsell_amount,
        relationship=inputs.sales.relationship,
        on_time_rate=inputs.on_time.value,
        service=service,
        first_response_hours=inputs.first_response.value,
        health=health,
        cause=result.reason,
        strategy=str(strategy),
        trend=_trend(before, health) if before is not None and health is not None else None,
    )
