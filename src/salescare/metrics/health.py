"""The quarterly health review (RULES HL-1…HL-5): its schedule, its inputs and its table row.

:func:`health_inputs` builds a quarter's HL-1 inputs from raw tickets and surveys (on-time
resolution measured by the SLA engine) and :func:`health_review` turns them into the health
table row of 000 §4.4.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs
from dateutil.relativedelta import relativedelta

from salescare._checks import (
    instance,
    mean_score,
    money,
    optional,
    optional_rate,
    to_decimal,
    to_optional_decimal,
)
from salescare._edge import check_fields, edge
from salescare._masking import classified
from salescare.calendars import WorkCalendar
from salescare.errors import ValidationError
from salescare.grading import DEFAULT_HEALTH_POLICY, HEALTH_STRATEGIES, HealthPolicy, grade_health
from salescare.grading import health_trend as _trend
from salescare.i18n import tr
from salescare.metrics.means import Rated, mean_first_response_hours, mean_satisfaction
from salescare.metrics.rates import on_time_resolution_rate
from salescare.metrics.values import (
    Mean,
    Period,
    Ratio,
    quarter,
)
from salescare.models import (
    Actor,
    Customer,
    Health,
    HealthReview,
    Role,
    SatisfactionSurvey,
    Ticket,
)
from salescare.sla import DEFAULT_TICKET_POLICY, TIMERS, TicketSlaPolicy

__all__ = [
    "HealthInputs",
    "ReviewSchedule",
    "SalesFacts",
    "health_inputs",
    "health_review",
    "review_schedule",
]

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
    relationship satisfaction score (1–5), which the sales supervisor sets (HL-7:
    communication frequency, the decision maker's trust): ``rated_by``, when given, is that
    supervisor, and anyone else is refused.
    """

    relationship: Decimal = attrs.field(converter=to_decimal, validator=mean_score)
    renewal_rate: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional_rate
    )
    upsell_amount: Decimal = classified(
        "money", default=Decimal(0), converter=to_decimal, validator=money
    )
    rated_by: Actor | None = attrs.field(default=None, validator=optional(instance(Actor)))

    def __attrs_post_init__(self) -> None:
        if self.rated_by is not None and self.rated_by.role is not Role.SALES_SUPERVISOR:
            raise ValidationError(
                ("SalesFacts", "rated_by"),
                f"{self.rated_by.id} ({self.rated_by.role})",
                tr("is not the sales supervisor, who sets the relationship score (HL-7)"),
                tr("an Actor with role sales_supervisor"),
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
    as late), service satisfaction and the mean first-response time of tickets submitted in
    the quarter. Service satisfaction is the after-sales survey results of the quarter only
    (000 §4.4 「以售后客户调研结果为准」): ticket ratings do not count toward it.
    """
    period = quarter(year, number, tz=tz)
    key = str(customer.number)
    own = [t for t in tickets if str(t.customer) == key]
    rated: list[Rated] = [s for s in surveys if str(s.customer) == key]
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
            tr(
                "has no satisfaction score in {year} Q{quarter}",
                year=inputs.year,
                quarter=inputs.quarter,
            ),
            tr("an after-sales satisfaction survey in the quarter (HL-1)"),
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
        strategy=strategy,
        trend=_trend(before, health) if before is not None and health is not None else None,
    )
