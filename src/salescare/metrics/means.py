"""Means and distributions over records (RULES RV-7, SQ-2, FB-7, FU).

Response times, order cycles, satisfaction, problem types, feedback results, follow-up
frequency and service quality.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from datetime import datetime, timedelta
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from salescare._edge import edge
from salescare.i18n import tr
from salescare.metrics.rates import CustomerId
from salescare.metrics.values import (
    Distribution,
    K,
    Mean,
    Period,
    _elapsed,
    _within,
)
from salescare.models import (
    Complaint,
    Feedback,
    FeedbackStatus,
    FollowUp,
    Level,
    Revisit,
    SatisfactionSurvey,
    ServiceDimension,
    ServiceQualityAssessment,
    ServiceTier,
    Ticket,
)

__all__ = [
    "feedback_results",
    "follow_up_frequency",
    "mean_first_response_hours",
    "mean_order_cycle_days",
    "mean_satisfaction",
    "problem_types",
    "satisfaction_by_tier",
    "service_quality_means",
]

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
        what=tr("first response (h)"),
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
        what=tr("order processing cycle (days)"),
        rule="SQ-2",
        count=count,
        total=Fraction(micros, 86_400_000_000),
    )


def _microseconds(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


Rated = Ticket | Revisit | SatisfactionSurvey


def _satisfaction_thirds(record: Rated) -> tuple[int, datetime] | None:
    """A record's satisfaction in thirds of a point, and the time it counts at.

    Thirds keep it exact: a survey's mean of three scores is their sum in thirds.
    """
    if isinstance(record, SatisfactionSurvey):
        scores = record.response_speed + record.resolution_effect + record.service_attitude
        return scores, record.at
    if record.satisfaction is None:
        return None
    if isinstance(record, Revisit):
        return 3 * record.satisfaction, record.at
    # a ticket's score belongs to when it was collected (or, unknown, when it was raised)
    return 3 * record.satisfaction, record.satisfaction_at or record.submitted_at


@edge
def mean_satisfaction(records: Iterable[Rated], *, period: Period | None = None) -> Mean:
    """Mean satisfaction (1–5) from tickets, revisits and surveys (RV-7, SQ-2, HL-1).

    A survey counts once, with the mean of its three scores (FB-8). Scores are summed as
    integers (thirds of a point) and divided once at the end, so the mean is exact.
    """
    count = 0
    thirds = 0
    for record in records:
        found = _satisfaction_thirds(record)
        if found is None or not _within(found[1], period):
            continue
        count += 1
        thirds += found[0]
    return Mean(what=tr("satisfaction"), rule="RV-7, SQ-2", count=count, total=Fraction(thirds, 3))


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
        what=lambda tier: tr("satisfaction of {tier} customers", tier=tier.term()),
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
    whole = dict.fromkeys(keys, 0)  # integer values summed as ints: exact and fast
    parts = dict.fromkeys(keys, Fraction(0))
    for key, value in pairs:
        counts[key] += 1
        if type(value) is int:
            whole[key] += value
        else:
            parts[key] += value
    return MappingProxyType(
        {
            key: Mean(what=what(key), rule=rule, count=counts[key], total=parts[key] + whole[key])
            for key in keys
        }
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
    return Distribution(
        what=tr("problem types"), rule="RV-7", counts=MappingProxyType(dict(counts))
    )


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
    return Distribution(
        what=tr("feedback results"), rule="FB-7", counts=MappingProxyType(dict(counts))
    )


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
                what=tr("follow-ups per month, tier {tier}", tier=tier),
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
        what=lambda dimension: tr("service quality: {dimension}", dimension=dimension),
        rule="SQ-1, SQ-2",
    )
