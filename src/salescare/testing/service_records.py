"""Strategies for the after-sales records.

Tickets, feedback, surveys, complaints, service-quality assessments, health reviews and support
requests.

Examples:
    >>> from hypothesis import given
    >>> @given(tickets())
    ... def test_closed_tickets_have_a_resolution(ticket):
    ...     assert ticket.status != "closed" or ticket.resolution.strip()
    >>> test_closed_tickets_have_a_resolution()
"""

from __future__ import annotations

from datetime import datetime

import attrs
from hypothesis import strategies as st

from salescare.models import (
    Complaint,
    DimensionScore,
    Feedback,
    HealthReview,
    Measure,
    Pause,
    ProgressUpdate,
    SatisfactionSurvey,
    ServiceQualityAssessment,
    SupportRequest,
    Ticket,
)
from salescare.sla import DEFAULT_TICKET_POLICY
from salescare.testing._overrides import Fields, overridable, record_strategy
from salescare.testing.sales_records import _history_after, contacts
from salescare.testing.scalars import (
    _after,
    _days,
    _mean_scores,
    _optional_words,
    _rates,
    _words,
    amounts,
    aware_datetimes,
    customer_ids,
    feedback_numbers,
    members,
    scores,
    staff_numbers,
    ticket_numbers,
)
from salescare.vocabulary import (
    Assessor,
    ComplaintStatus,
    CustomerReaction,
    Department,
    Feasibility,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackStatus,
    FeedbackType,
    Health,
    JointTrigger,
    Level,
    MeasureKind,
    ServiceDimension,
    TicketStatus,
    Trend,
)

__all__ = [
    "complaints",
    "feedback_items",
    "health_reviews",
    "satisfaction_surveys",
    "service_quality_assessments",
    "support_requests",
    "tickets",
]


@record_strategy(Ticket)
def tickets(
    draw: Fields,
    *,
    levels: st.SearchStrategy[Level | None] | None = None,
    statuses: st.SearchStrategy[TicketStatus] | None = None,
) -> Ticket:
    """After-sales tickets consistent with RULES TK-5, TK-7 and TK-8.

    ``levels`` and ``statuses`` are strategies narrowing what is drawn, e.g.
    ``tickets(levels=st.just(Level.L1))``.
    """
    submitted = draw.field("submitted_at", aware_datetimes())
    status = draw.field("status", statuses if statuses is not None else members(TicketStatus))
    closed = status is TicketStatus.CLOSED
    postponed = status is TicketStatus.POSTPONED
    resolved = draw.field(
        "resolved_at", _after(submitted) if closed else st.none() | _after(submitted)
    )
    synced = draw.field("synced_to_sales_at", st.none() | _after(resolved)) if resolved else None
    satisfaction = draw.field("satisfaction", st.none() | scores()) if resolved else None
    joint = draw.field("joint_handling", st.booleans())
    triaged = draw.field("triaged_at", st.none() | _after(submitted, max_hours=2))
    joint_triggered = draw.field("joint_triggered_at", st.none() | _after(submitted, max_hours=8))
    rated_at = (
        draw(st.none() | _after(resolved, max_hours=48))
        if satisfaction is not None and resolved
        else None
    )
    # TK-15: a low rating (now or before a reopening), its appeasement, the reopening itself
    threshold = DEFAULT_TICKET_POLICY.appeasement_threshold
    low = rated_at if satisfaction is not None and satisfaction <= threshold else None
    low = low or draw(st.none() | _after(submitted, max_hours=96))
    # a reopened ticket's resolution, if any, is the one after the reopening
    reopened = draw(
        st.none() | (st.just(resolved) if resolved else _after(low or submitted, max_hours=48))
    )
    return Ticket(
        number=draw(ticket_numbers()),
        customer=draw(customer_ids()),
        customer_name=draw(_words),
        description=draw(_words),
        submitted_at=submitted,
        contact=draw(st.none() | contacts()),
        level=draw.field("level", levels if levels is not None else st.none() | members(Level)),
        triaged_at=triaged,
        assignee=draw(st.none() | staff_numbers(departments="A")),
        assigned_at=draw(st.none() | _after(triaged or submitted, max_hours=4)),
        urgent=draw(st.booleans()),
        sales_owner=draw(staff_numbers(departments="S"))
        if joint
        else draw(st.none() | staff_numbers(departments="S")),
        sales_promise=draw(st.booleans()),
        joint_handling=joint,
        joint_triggers=tuple(
            draw(st.lists(members(JointTrigger), min_size=1 if joint else 0, max_size=3))
        ),
        joint_triggered_at=joint_triggered,
        joint_meeting_at=draw(st.none() | _after(joint_triggered or submitted, max_hours=8)),
        first_response_at=draw(st.none() | _after(submitted, max_hours=8)),
        progress=tuple(
            draw(
                st.lists(
                    st.builds(
                        ProgressUpdate, at=_after(submitted), note=_words, by=_optional_words
                    ),
                    max_size=4,
                )
            )
        ),
        expected_resolution_at=draw(_after(submitted) if postponed else st.none()),
        postpone_reason=draw(_words if postponed else _optional_words),
        status=status,
        resolution=draw(_words if closed else _optional_words),
        resolved_at=resolved,
        satisfaction=satisfaction,
        satisfaction_at=rated_at,
        low_rating_at=low,
        appeased_at=draw(st.none() | _after(submitted, max_hours=96)) if low else None,
        reopened_at=reopened,
        sales_suggestion=draw(_optional_words),
        synced_to_sales_at=synced,
        sales_contacted_at=draw(st.none() | _after(synced)) if synced else None,
        pauses=tuple(
            draw(
                st.lists(
                    _after(submitted).flatmap(
                        lambda start: st.builds(
                            Pause,
                            start=st.just(start),
                            end=st.none() | _after(start, max_hours=48),
                            reason=_optional_words,
                        )
                    ),
                    max_size=2,
                )
            )
        ),
        history=draw(_history_after(submitted)),
    )


def _progress_updates(after: datetime) -> st.SearchStrategy[ProgressUpdate]:
    """Progress notes, some moving the planned date (with the reason FB-6 asks for)."""
    plain = st.builds(ProgressUpdate, at=_after(after), note=_words)
    moved = st.builds(
        ProgressUpdate, at=_after(after), note=_words, new_due_on=_days, reason=_words
    )
    return plain | moved


@record_strategy(Feedback)
def feedback_items(draw: Fields) -> Feedback:
    """Feedback items consistent with RULES FB-4 and FB-7."""
    collected = draw.field("collected_at", aware_datetimes())
    category = draw.field("category", st.none() | members(FeedbackCategory))
    opportunity = category is FeedbackCategory.SALES_OPPORTUNITY
    risk = draw(st.booleans()) if opportunity else draw(st.none() | st.booleans())
    classified = draw.field("classified_at", st.none() | _after(collected))
    status = draw.field("status", members(FeedbackStatus))
    return Feedback(
        number=draw(feedback_numbers()),
        customer=draw(customer_ids()),
        customer_name=draw(_words),
        type=draw(members(FeedbackType)),
        content=draw(_words),
        channel=draw(members(FeedbackChannel)),
        submitter=draw(_words),
        collected_at=collected,
        category=category,
        classified_at=classified,
        value_estimate=draw(amounts() if opportunity else st.none() | amounts()),
        value_note=draw(_optional_words),
        competition_risk=risk,
        competitor=draw(_words if risk else _optional_words),
        department=draw(st.none() | members(Department)),
        owner=draw(st.none() | staff_numbers()),
        feasibility=draw(st.none() | members(Feasibility)),
        evaluated_at=draw(st.none() | _after(classified)) if classified else None,
        plan=draw(_optional_words),
        due_on=draw(st.none() | _days),
        progress=tuple(draw(st.lists(_progress_updates(collected), max_size=3))),
        status=status,
        result_reason=draw(_words if status is FeedbackStatus.NOT_ADOPTED else _optional_words),
        lesson=draw(_words if status is FeedbackStatus.COMPLETED else _optional_words),
        completed_at=draw(st.none() | _after(collected)),
        remarks=draw(_optional_words),
        history=draw(_history_after(collected)),
    )


@overridable(SatisfactionSurvey)
def satisfaction_surveys() -> st.SearchStrategy[SatisfactionSurvey]:
    """Satisfaction surveys: three 1–5 scores (RULES FB-8)."""
    return st.builds(
        SatisfactionSurvey,
        customer=customer_ids(),
        ticket=st.none() | ticket_numbers(),
        at=aware_datetimes(),
        response_speed=scores(),
        resolution_effect=scores(),
        service_attitude=scores(),
        comment=_optional_words,
    )


@record_strategy(Complaint)
def complaints(draw: Fields) -> Complaint:
    """Complaints (RULES CP-1…CP-4, CP-6) with their timestamps in order.

    A revisited complaint's customer is satisfied (CP-6: nothing else ends a complaint).
    """
    received = draw.field("received_at", aware_datetimes())
    resolved = draw.field("resolved_at", st.none() | _after(received))
    status = draw.field("status", members(ComplaintStatus))
    ended = status is ComplaintStatus.REVISITED
    return Complaint(
        customer=draw(customer_ids()),
        received_at=received,
        category=draw(_words),
        description=draw(_words),
        status=status,
        acknowledged_at=draw(st.none() | _after(received, max_hours=24)),
        cause=draw(_optional_words),
        responsible_party=draw(_optional_words),
        measures=tuple(
            draw(
                st.lists(
                    st.builds(
                        Measure,
                        kind=members(MeasureKind),
                        description=_words,
                        owner=staff_numbers(),
                        deadline=_after(received),
                        done_at=st.none() | _after(received),
                    ),
                    max_size=3,
                )
            )
        ),
        resolved_at=resolved,
        revisited_at=draw(st.none() | _after(resolved)) if resolved else None,
        satisfied=True if ended else draw(st.none() | st.booleans()),
        prevention=draw(_optional_words),
        history=draw(_history_after(received)),
    )


@record_strategy(ServiceQualityAssessment)
def service_quality_assessments(draw: Fields) -> ServiceQualityAssessment:
    """Service-quality assessments scoring each SQ-1 dimension once."""
    dimensions = draw(st.permutations(list(ServiceDimension)))
    return ServiceQualityAssessment(
        staff=draw(staff_numbers()),
        customer=draw(st.none() | customer_ids()),
        at=draw(aware_datetimes()),
        assessor=draw(members(Assessor)),
        scores=tuple(
            DimensionScore(dimension=d, score=draw(scores()), evidence=draw(_words))
            for d in dimensions
        ),
    )


@overridable(HealthReview)
def health_reviews() -> st.SearchStrategy[HealthReview]:
    """Rows of the quarterly health table (RULES HL-1)."""
    return st.builds(
        HealthReview,
        customer=customer_ids(),
        customer_name=_words,
        year=st.integers(min_value=2000, max_value=2099),
        quarter=st.integers(min_value=1, max_value=4),
        cooperation_months=st.integers(min_value=0, max_value=600),
        renewal_rate=st.none() | _rates(),
        upsell_amount=amounts(),
        relationship=_mean_scores(),
        on_time_rate=st.none() | _rates(),
        service=_mean_scores(),
        first_response_hours=st.none()
        | st.decimals(min_value=0, max_value=500, places=2, allow_nan=False),
        health=st.none() | members(Health),
        cause=_optional_words,
        strategy=_optional_words,
        owners=st.lists(staff_numbers(), max_size=2).map(tuple),
        plan_starts=st.none() | _days,
        reaction=st.none() | members(CustomerReaction),
        reaction_note=_optional_words,
        trend=st.none() | members(Trend),
        next_action=_optional_words,
    ).flatmap(_meeting_times)


def _meeting_times(row: HealthReview) -> st.SearchStrategy[HealthReview]:
    """``row`` with HL-3/HL-6 times: the meeting, the plan agreed after it, the reaction."""
    reviewed = st.none() | aware_datetimes()
    return st.tuples(reviewed, st.none() | aware_datetimes()).flatmap(
        lambda pair: st.builds(
            lambda agreed: attrs.evolve(
                row, reviewed_at=pair[0], plan_agreed_at=agreed, reaction_at=pair[1]
            ),
            st.none() | (_after(pair[0]) if pair[0] is not None else aware_datetimes()),
        )
    )


@record_strategy(SupportRequest)
def support_requests(draw: Fields) -> SupportRequest:
    """Cross-department support requests, answered or not (RULES CX-3)."""
    filed = draw.field("filed_at", aware_datetimes())
    answered = draw.field("answered_at", st.none() | _after(filed))
    return SupportRequest(
        customer=draw(customer_ids()),
        requested_by=draw(staff_numbers(departments="S")),
        department=draw(members(Department)),
        background=draw(_words),
        contact=draw(_words),
        filed_at=filed,
        needed_by=draw(_after(filed)),
        answered_at=answered,
        answer=draw(_words) if answered is not None else draw(_optional_words),
    )
