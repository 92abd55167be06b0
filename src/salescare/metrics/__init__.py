"""KPIs over collections of records (RULES HL-1, RV-7, SQ-2, FB-7).

Every KPI takes any iterable of records and reads it once, keeping counts and sums only, so a
million tickets can stream from a database cursor or a file. A rate is a :class:`Ratio`
(numerator, denominator and the value, which is ``None`` for an empty denominator — never a
made-up 0); a mean is a :class:`Mean` (count and value, ``None`` when empty); a
distribution is a :class:`Distribution`. :func:`health_inputs` builds a quarter's HL-1 inputs
from raw tickets and surveys (on-time resolution measured by the SLA engine) and
:func:`health_review` turns them into the quarterly health table row of 000 §4.4.

The package holds the result types and periods (:mod:`~salescare.metrics.values`), the rates
(:mod:`~salescare.metrics.rates`), the means and distributions
(:mod:`~salescare.metrics.means`) and the health review (:mod:`~salescare.metrics.health`).

Examples:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from salescare.models import Ticket
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

from salescare.metrics.health import (
    HealthInputs,
    ReviewSchedule,
    SalesFacts,
    health_inputs,
    health_review,
    review_schedule,
)
from salescare.metrics.means import (
    feedback_results,
    follow_up_frequency,
    mean_first_response_hours,
    mean_order_cycle_days,
    mean_satisfaction,
    problem_types,
    satisfaction_by_tier,
    service_quality_means,
)
from salescare.metrics.rates import (
    churn_rate,
    complaint_resolution_rate,
    need_conversion_rate,
    on_time_delivery_rate,
    on_time_resolution_rate,
    renewal_rate,
)
from salescare.metrics.targets import KPI_TARGETS, KpiCheck, KpiTarget, check_kpi, per, rollup
from salescare.metrics.values import (
    Distribution,
    Mean,
    Period,
    Ratio,
    quarter,
)

__all__ = [
    "KPI_TARGETS",
    "Distribution",
    "HealthInputs",
    "KpiCheck",
    "KpiTarget",
    "Mean",
    "Period",
    "Ratio",
    "ReviewSchedule",
    "SalesFacts",
    "check_kpi",
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
    "per",
    "problem_types",
    "quarter",
    "renewal_rate",
    "review_schedule",
    "rollup",
    "satisfaction_by_tier",
    "service_quality_means",
]
