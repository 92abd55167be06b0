"""Hypothesis strategies for salescare's records, identifiers and enums.

Needs the ``testing`` extra (``pip install "salescare[testing]"``), which brings Hypothesis.

Every record a strategy draws passes every validator, and every policy it draws is consistent,
so a property test of your own rule can start from realistic, valid data — under the manuals'
defaults or under any configuration a company might choose. The strategies are registered
with Hypothesis through its entry point, so ``st.from_type(Ticket)`` (or ``GradingPolicy``,
``WorkCalendar``, …) works in your tests without importing this module.

Examples:
    >>> from hypothesis import given
    >>> from salescare.testing import tickets
    >>> @given(tickets())
    ... def test_closed_tickets_have_a_resolution(ticket):
    ...     assert ticket.status != "closed" or ticket.resolution.strip()
    >>> test_closed_tickets_have_a_resolution()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

try:
    from hypothesis import strategies as st
    from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    msg = 'salescare.testing needs Hypothesis: pip install "salescare[testing]"'
    raise ImportError(msg) from exc

import attrs

from salescare._policy_strategies import (
    access_policies,
    cadence_policies,
    grading_policies,
    health_policies,
    quality_policies,
    stage_policies,
    ticket_sla_policies,
)
from salescare.calendars import Closure, WorkCalendar
from salescare.errors import TransitionError, ValidationError
from salescare.ids import ContractNo, CustomerCode, CustomerNo, FeedbackNo, StaffNo, TicketNo
from salescare.models import (
    Actor,
    Attachment,
    Complaint,
    Contact,
    Customer,
    DealReview,
    Departure,
    DepartureItem,
    DimensionScore,
    Feedback,
    FollowUp,
    Handover,
    HealthReview,
    HistoryEntry,
    Lead,
    Measure,
    NeedsAnalysis,
    Opportunity,
    Pause,
    ProgressUpdate,
    Registration,
    Revisit,
    SatisfactionSurvey,
    ServiceQualityAssessment,
    SpecialAgreement,
    SupportRequest,
    Ticket,
)
from salescare.serialize import to_dict
from salescare.vocabulary import (
    Assessor,
    CompanySize,
    ComplaintStatus,
    ContactMode,
    CustomerReaction,
    DealOutcome,
    Department,
    DepartureStatus,
    Feasibility,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackStatus,
    FeedbackType,
    Grade,
    HandoverStatus,
    Health,
    JointTrigger,
    LeadSource,
    Level,
    LossReason,
    MeasureKind,
    Mood,
    OpportunityStage,
    Priority,
    RegistrationStatus,
    ReviewDecision,
    RevisitOutcome,
    Role,
    ServiceDimension,
    ServiceTier,
    SuccessFactor,
    TicketStatus,
    Trend,
    Vocabulary,
)
from salescare.workflow import Workflow, fire

__all__ = [
    "access_policies",
    "actors",
    "amounts",
    "aware_datetimes",
    "cadence_policies",
    "calendars",
    "complaints",
    "contacts",
    "contract_numbers",
    "customer_codes",
    "customer_ids",
    "customer_numbers",
    "customers",
    "deal_reviews",
    "departures",
    "feedback_items",
    "feedback_numbers",
    "follow_ups",
    "grading_policies",
    "handovers",
    "health_policies",
    "health_reviews",
    "leads",
    "members",
    "needs_analyses",
    "opportunities",
    "quality_policies",
    "registrations",
    "revisits",
    "satisfaction_surveys",
    "scores",
    "service_quality_assessments",
    "staff_numbers",
    "stage_policies",
    "support_requests",
    "ticket_numbers",
    "ticket_sla_policies",
    "tickets",
    "vocabulary_labels",
    "workflow_machine",
]

V = TypeVar("V", bound=Vocabulary)

_ZONES: tuple[tzinfo, ...] = (
    UTC,
    timezone(timedelta(hours=8)),
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Europe/Amsterdam"),
)
_MIN_DAY = date(2000, 1, 1)
_MAX_DAY = date(2099, 12, 31)


def _check_bounds(name: str, low: object, high: object) -> None:
    if low is not None and high is not None and low > high:  # type: ignore[operator]
        raise ValidationError(
            ("salescare.testing", name),
            (low, high),
            "has min_value above max_value",
            "min_value <= max_value",
        )


def members(kind: type[V]) -> st.SearchStrategy[V]:
    """Any member of the enum ``kind``.

    Examples:
        >>> from hypothesis import given
        >>> from salescare.vocabulary import Level
        >>> @given(members(Level))
        ... def test_levels_have_labels(level):
        ...     assert level.zh_hans and level.zh_hant
        >>> test_levels_have_labels()
    """
    return st.sampled_from(list(kind))


def vocabulary_labels(kind: type[V]) -> st.SearchStrategy[tuple[str, V]]:
    """Pairs of (any accepted spelling, the member it names), for testing parsers.

    Examples:
        >>> from hypothesis import given
        >>> from salescare.vocabulary import Level
        >>> @given(vocabulary_labels(Level))
        ... def test_every_spelling_parses(pair):
        ...     text, member = pair
        ...     assert Level.parse(text) is member
        >>> test_every_spelling_parses()
    """
    pairs = [
        (spelling, member)
        for member in kind
        for spelling in (member.value, member.zh_hans, member.zh_hant, *member.aliases)
    ]
    return st.sampled_from(pairs)


def aware_datetimes(
    *, min_value: datetime | None = None, max_value: datetime | None = None
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes in several zones (UTC, +08:00, Shanghai, New York, Amsterdam).

    Bounds, when given, must be aware; they are compared as instants.
    """
    _check_bounds("aware_datetimes", min_value, max_value)
    for bound in (min_value, max_value):
        if bound is not None and bound.utcoffset() is None:
            raise ValidationError(
                ("salescare.testing", "aware_datetimes"), bound, "is naive", "an aware bound"
            )
    low = (min_value or datetime(2000, 1, 1, tzinfo=UTC)).astimezone(UTC).replace(tzinfo=None)
    high = (max_value or datetime(2099, 12, 31, tzinfo=UTC)).astimezone(UTC).replace(tzinfo=None)
    return st.builds(
        lambda moment, zone: moment.replace(tzinfo=UTC).astimezone(zone),
        st.datetimes(min_value=low, max_value=high),
        st.sampled_from(_ZONES),
    )


def _later(moment: datetime, seconds: int) -> datetime:
    # elapsed time, in the moment's own zone: plain ``moment + timedelta`` adds wall-clock
    # time and can land an hour early across a daylight-saving change
    return (moment.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(moment.tzinfo)


def _after(start: datetime, *, max_hours: int = 24 * 60) -> st.SearchStrategy[datetime]:
    return st.builds(
        lambda seconds: _later(start, seconds),
        st.integers(min_value=0, max_value=max_hours * 3600),
    )


def amounts(
    *, min_value: Decimal | int = 0, max_value: Decimal | int = 10**9
) -> st.SearchStrategy[Decimal]:
    """Amounts of yuan as ``Decimal`` with two places, never negative."""
    _check_bounds("amounts", min_value, max_value)
    if Decimal(min_value) < 0:
        raise ValidationError(
            ("salescare.testing", "amounts"), min_value, "is negative", "min_value >= 0"
        )
    return st.decimals(
        min_value=min_value, max_value=max_value, places=2, allow_nan=False, allow_infinity=False
    )


def scores(*, min_value: int = 1, max_value: int = 5) -> st.SearchStrategy[int]:
    """Whole scores on the manuals' 1–5 scale."""
    _check_bounds("scores", min_value, max_value)
    if min_value < 1 or max_value > 5:  # noqa: PLR2004 - the 1–5 scale
        raise ValidationError(
            ("salescare.testing", "scores"), (min_value, max_value), "is outside 1–5", "1..5"
        )
    return st.integers(min_value=min_value, max_value=max_value)


def _mean_scores() -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=1, max_value=5, places=2, allow_nan=False, allow_infinity=False)


def _rates() -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)


_words = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "Zs"), exclude_characters="\x00"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: bool(s.strip()))
_optional_words = st.one_of(st.just(""), _words)
_days = st.dates(min_value=_MIN_DAY, max_value=_MAX_DAY)


def _dated(kind: Any) -> st.SearchStrategy[Any]:
    return st.builds(kind, day=_days, serial=st.integers(min_value=1, max_value=999))


def ticket_numbers() -> st.SearchStrategy[TicketNo]:
    """Ticket numbers ``FW`` + date + serial (RULES TK-1)."""
    return _dated(TicketNo)


def feedback_numbers() -> st.SearchStrategy[FeedbackNo]:
    """Feedback numbers ``FK`` + date + serial (RULES FB-1)."""
    return _dated(FeedbackNo)


def contract_numbers() -> st.SearchStrategy[ContractNo]:
    """Contract numbers ``HT`` + date + serial."""
    return _dated(ContractNo)


def customer_numbers() -> st.SearchStrategy[CustomerNo]:
    """Customer numbers ``CUS`` + date + serial."""
    return _dated(CustomerNo)


def customer_codes() -> st.SearchStrategy[CustomerCode]:
    """Customer codes ``REGION-INDUSTRY-YEAR-SERIAL`` (RULES LD-6)."""
    return st.builds(
        CustomerCode,
        region=st.from_regex(r"[A-Z]{2,4}", fullmatch=True),
        industry=st.from_regex(r"[A-Z0-9]{2,6}", fullmatch=True),
        year=st.integers(min_value=1990, max_value=2099),
        serial=st.integers(min_value=1, max_value=99_999),
    )


def customer_ids() -> st.SearchStrategy[CustomerNo | CustomerCode]:
    """A customer identifier in either scheme."""
    return st.one_of(customer_numbers(), customer_codes())


def staff_numbers(*, departments: str = "SAP") -> st.SearchStrategy[StaffNo]:
    """Staff numbers such as ``S0123``, from the given department letters."""
    if not departments or not departments.isupper() or not departments.isalpha():
        raise ValidationError(
            ("salescare.testing", "staff_numbers"),
            departments,
            "is not a set of department letters",
            "capital letters, e.g. 'SAP'",
        )
    return st.builds(
        StaffNo,
        department=st.sampled_from(departments),
        number=st.integers(min_value=0, max_value=9999),
    )


_phones = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
_emails = st.from_regex(r"[a-z][a-z0-9._]{0,12}@[a-z0-9]{1,10}\.(com|cn|net)", fullmatch=True)


@st.composite
def contacts(
    draw: st.DrawFn, *, primary: bool | None = None, decision_maker: bool | None = None
) -> Contact:
    """Customer contacts with a phone, an e-mail or both; roles drawn unless fixed."""
    phone, email = draw(
        st.one_of(
            st.tuples(_phones, st.none()),
            st.tuples(st.none(), _emails),
            st.tuples(_phones, _emails),
        )
    )
    return Contact(
        name=draw(_words),
        title=draw(_optional_words),
        phone=phone,
        email=email,
        is_primary=draw(st.booleans()) if primary is None else primary,
        is_decision_maker=draw(st.booleans()) if decision_maker is None else decision_maker,
    )


def _history_after(start: datetime) -> st.SearchStrategy[tuple[HistoryEntry, ...]]:
    entry = st.builds(
        HistoryEntry, at=_after(start), actor=_words, event=_words, note=_optional_words
    )
    return st.lists(entry, max_size=3).map(tuple)


@st.composite
def customers(draw: st.DrawFn) -> Customer:
    """Customer files, each with zero to three contacts."""
    paused = draw(st.booleans())
    return Customer(
        number=draw(customer_ids()),
        name=draw(_words),
        industry=draw(_words),
        size=draw(members(CompanySize)),
        region=draw(_optional_words),
        team=draw(_optional_words),
        sales_owner=draw(st.none() | staff_numbers(departments="S")),
        after_sales_owner=draw(st.none() | staff_numbers(departments="A")),
        cooperation_since=draw(st.none() | _days),
        grade=draw(st.none() | members(Grade)),
        tier=draw(members(ServiceTier)),
        annual_purchases=draw(st.none() | amounts()),
        potential=draw(st.none() | scores()),
        budget=draw(st.none() | amounts()),
        main_business=draw(_optional_words),
        contacts=tuple(draw(st.lists(contacts(), max_size=3))),
        paused=paused,
        pause_remark=draw(_words if paused else _optional_words),
    )


@st.composite
def leads(draw: st.DrawFn) -> Lead:
    """Leads with every LD-2 field filled in."""
    contact = draw(contacts())
    if not contact.title.strip():
        contact = Contact(
            name=contact.name,
            title=draw(_words),
            phone=contact.phone,
            email=contact.email,
        )
    return Lead(
        company=draw(_words),
        industry=draw(_words),
        size=draw(members(CompanySize)),
        staff_count=draw(st.none() | st.integers(min_value=0, max_value=100_000)),
        annual_revenue=draw(st.none() | amounts()),
        main_business=draw(_words),
        contact=contact,
        initial_need=draw(_words),
        acquired_at=draw(aware_datetimes()),
        source=draw(members(LeadSource)),
    )


@st.composite
def registrations(draw: st.DrawFn) -> Registration:
    """Registrations in every status, with the fields that status needs."""
    lead = draw(leads())
    status = draw(members(RegistrationStatus))
    submitted = draw(st.none() | _after(lead.acquired_at))
    reviewed = draw(st.none() | _after(submitted)) if submitted else None
    decision = draw(st.none() | members(ReviewDecision))
    entered = status is RegistrationStatus.ENTERED
    needs_reason = status is RegistrationStatus.DROPPED or decision is ReviewDecision.REJECT
    return Registration(
        lead=lead,
        status=status,
        submitted_at=submitted,
        reviewer=draw(st.none() | staff_numbers(departments="S")),
        reviewed_at=reviewed,
        decision=decision,
        reason=draw(_words if needs_reason else _optional_words),
        customer_code=draw(customer_codes()) if entered else None,
        entered_at=draw(_after(reviewed or submitted or lead.acquired_at)) if entered else None,
        history=draw(_history_after(lead.acquired_at)),
    )


@st.composite
def handovers(draw: st.DrawFn) -> Handover:
    """Handover forms with a primary contact and a decision maker, in every status."""
    people = [draw(contacts(primary=True)), draw(contacts(decision_maker=True))]
    people += draw(st.lists(contacts(), max_size=2))
    prepared = draw(st.none() | aware_datetimes())
    handed = draw(st.none() | (_after(prepared) if prepared else aware_datetimes()))
    status = draw(members(HandoverStatus))
    confirmed = status in {HandoverStatus.CONFIRMED, HandoverStatus.ARCHIVED}
    confirmed_at = (
        draw(_after(handed) if handed else aware_datetimes())
        if confirmed
        else draw(st.none() | (_after(handed) if handed else aware_datetimes()))
    )
    return Handover(
        customer=draw(customer_ids()),
        customer_name=draw(_words),
        industry=draw(_words),
        size=draw(members(CompanySize)),
        signed_on=draw(_days),
        contract_number=draw(contract_numbers()),
        contract_amount=draw(amounts()),
        sales_owner=draw(staff_numbers(departments="S")),
        after_sales_owner=draw(st.none() | staff_numbers(departments="A")),
        contacts=tuple(draw(st.permutations(people))),
        requirement_history=draw(_optional_words),
        special_agreements=tuple(
            draw(
                st.lists(
                    st.builds(
                        SpecialAgreement,
                        text=_words,
                        confirmed_by=st.none() | staff_numbers(departments="S"),
                    ),
                    max_size=2,
                )
            )
        ),
        attachments=tuple(
            draw(st.lists(st.builds(Attachment, name=_words, format=_words), max_size=3))
        ),
        prepared_at=prepared,
        handed_over_at=handed,
        status=status,
        confirmed_at=confirmed_at,
        planned_service_start=draw(aware_datetimes()) if confirmed else None,
        remarks=draw(_optional_words),
        history=draw(_history_after(prepared or datetime(2000, 1, 1, tzinfo=UTC))),
    )


@st.composite
def tickets(
    draw: st.DrawFn,
    *,
    levels: st.SearchStrategy[Level | None] | None = None,
    statuses: st.SearchStrategy[TicketStatus] | None = None,
) -> Ticket:
    """After-sales tickets consistent with RULES TK-5, TK-7 and TK-8.

    ``levels`` and ``statuses`` are strategies narrowing what is drawn, e.g.
    ``tickets(levels=st.just(Level.L1))``.
    """
    submitted = draw(aware_datetimes())
    status = draw(statuses if statuses is not None else members(TicketStatus))
    closed = status is TicketStatus.CLOSED
    postponed = status is TicketStatus.POSTPONED
    resolved = draw(_after(submitted)) if closed else draw(st.none() | _after(submitted))
    synced = draw(st.none() | _after(resolved)) if resolved else None
    satisfaction = draw(st.none() | scores()) if resolved else None
    joint = draw(st.booleans())
    triaged = draw(st.none() | _after(submitted, max_hours=2))
    joint_triggered = draw(st.none() | _after(submitted, max_hours=8))
    return Ticket(
        number=draw(ticket_numbers()),
        customer=draw(customer_ids()),
        customer_name=draw(_words),
        description=draw(_words),
        submitted_at=submitted,
        contact=draw(st.none() | contacts()),
        level=draw(levels if levels is not None else st.none() | members(Level)),
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
        satisfaction_at=draw(st.none() | _after(resolved, max_hours=48))
        if satisfaction is not None and resolved
        else None,
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


@st.composite
def feedback_items(draw: st.DrawFn) -> Feedback:
    """Feedback items consistent with RULES FB-4 and FB-7."""
    collected = draw(aware_datetimes())
    category = draw(st.none() | members(FeedbackCategory))
    opportunity = category is FeedbackCategory.SALES_OPPORTUNITY
    risk = draw(st.booleans()) if opportunity else draw(st.none() | st.booleans())
    classified = draw(st.none() | _after(collected))
    status = draw(members(FeedbackStatus))
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


@st.composite
def follow_ups(draw: st.DrawFn) -> FollowUp:
    """Follow-up records (RULES FU-6); a next action always has an owner and a date."""
    has_next = draw(st.booleans())
    return FollowUp(
        customer=draw(customer_ids()),
        at=draw(aware_datetimes()),
        by=draw(staff_numbers(departments="S")),
        mode=draw(members(ContactMode)),
        duration_minutes=draw(st.integers(min_value=0, max_value=600)),
        participants=tuple(draw(st.lists(_words, max_size=3))),
        summary=draw(_words),
        customer_feedback=draw(_optional_words),
        promises=draw(_optional_words),
        mood=draw(st.none() | members(Mood)),
        next_action=draw(_words) if has_next else "",
        next_owner=draw(staff_numbers()) if has_next else None,
        next_date=draw(_days) if has_next else None,
        deep=draw(st.booleans()),
    )


def revisits() -> st.SearchStrategy[Revisit]:
    """Revisit worksheet rows (RULES RV-6)."""
    return st.builds(
        Revisit,
        customer=customer_ids(),
        customer_name=_words,
        contact=st.none() | contacts(),
        industry=_optional_words,
        tier=members(ServiceTier),
        last_deal_on=st.none() | _days,
        past_projects=_optional_words,
        at=aware_datetimes(),
        mode=members(ContactMode),
        visitor=staff_numbers(),
        duration_minutes=st.none() | st.integers(min_value=0, max_value=240),
        summary=_words,
        satisfaction=st.none() | scores(),
        suggestion=_optional_words,
        need=_optional_words,
        open_problems=_optional_words,
        outcome=st.none() | members(RevisitOutcome),
        plan_owner=st.none() | staff_numbers(),
        plan_due=st.none() | _days,
        plan_content=_optional_words,
        next_revisit_on=st.none() | _days,
        remarks=_optional_words,
    )


def needs_analyses() -> st.SearchStrategy[NeedsAnalysis]:
    """SPIN needs analyses (RULES FU-7), each naming at least one explicit need."""
    needs = st.lists(_words, max_size=3).map(tuple)
    return st.builds(
        NeedsAnalysis,
        customer=customer_ids(),
        at=aware_datetimes(),
        by=staff_numbers(departments="S"),
        explicit_needs=st.lists(_words, min_size=1, max_size=3).map(tuple),
        situation=needs,
        problem=needs,
        implication=needs,
        need_payoff=needs,
        implicit_needs=needs,
        priority=members(Priority),
        solution=_words,
    )


@st.composite
def deal_reviews(draw: st.DrawFn) -> DealReview:
    """Deal reviews (RULES DL-4): won deals name success factors, lost deals loss reasons."""
    outcome = draw(members(DealOutcome))
    won = outcome is DealOutcome.WON
    return DealReview(
        customer=draw(customer_ids()),
        opportunity=draw(_words),
        outcome=outcome,
        at=draw(aware_datetimes()),
        by=draw(staff_numbers(departments="S")),
        success_factors=tuple(
            draw(st.lists(members(SuccessFactor), min_size=1 if won else 0, max_size=3))
        ),
        loss_reasons=()
        if won
        else tuple(draw(st.lists(members(LossReason), min_size=1, max_size=3))),
        improvements=draw(_optional_words),
    )


@st.composite
def complaints(draw: st.DrawFn) -> Complaint:
    """Complaints (RULES CP-1…CP-4) with their timestamps in order."""
    received = draw(aware_datetimes())
    resolved = draw(st.none() | _after(received))
    return Complaint(
        customer=draw(customer_ids()),
        received_at=received,
        category=draw(_words),
        description=draw(_words),
        status=draw(members(ComplaintStatus)),
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
        satisfied=draw(st.none() | st.booleans()),
        prevention=draw(_optional_words),
        history=draw(_history_after(received)),
    )


@st.composite
def service_quality_assessments(draw: st.DrawFn) -> ServiceQualityAssessment:
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
    )


_LAST_MINUTE = 24 * 60 - 1
_CALENDAR_ZONES = ("UTC", "Asia/Shanghai", "America/New_York", "Europe/Amsterdam")


@st.composite
def _day_spans(draw: st.DrawFn, *, overnight: bool) -> tuple[tuple[time, time], ...]:
    minutes = sorted(
        draw(st.sets(st.integers(min_value=0, max_value=24 * 60 - 1), min_size=0, max_size=6))
    )
    if len(minutes) % 2:
        minutes = minutes[:-1]
    spans = [
        (time(a // 60, a % 60), time(b // 60, b % 60))
        for a, b in zip(minutes[::2], minutes[1::2], strict=True)
    ]
    if overnight and draw(st.booleans()):
        # a night shift: starts after the last span and ends before the next day's first
        last = minutes[-1] if minutes else 12 * 60
        start = (
            draw(st.integers(min_value=last + 1, max_value=24 * 60 - 1))
            if last < _LAST_MINUTE
            else None
        )
        if start is not None:
            first_next = minutes[0] if minutes else 12 * 60
            end = draw(st.integers(min_value=0, max_value=max(first_next - 1, 0)))
            spans.append((time(start // 60, start % 60), time(end // 60, end % 60)))
    return tuple(spans)


@st.composite
def calendars(
    draw: st.DrawFn,
    *,
    zones: st.SearchStrategy[str] | None = None,
    min_year: int = 2022,
    max_year: int = 2025,
    overnight: bool = True,
) -> WorkCalendar:
    """Working calendars with random spans, holidays, make-up days and partial closures.

    Spans include lunch breaks and night shifts; zones include ones with daylight saving.
    Holidays, make-up days and closures fall between ``min_year`` and ``max_year``.
    """
    _check_bounds("calendars", min_year, max_year)
    zone = draw(zones if zones is not None else st.sampled_from(_CALENDAR_ZONES))
    week = tuple(draw(_day_spans(overnight=overnight)) for _ in range(7))
    if not any(week):
        week = (((time(9), time(17)),), *week[1:])
    days = st.dates(min_value=date(min_year, 1, 1), max_value=date(max_year, 12, 31))
    holidays = draw(st.frozensets(days, max_size=20))
    workdays = draw(st.frozensets(days, max_size=5)) - holidays
    closures = tuple(
        draw(
            st.lists(
                st.builds(
                    Closure,
                    day=days,
                    start=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
                    end=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
                ),
                max_size=3,
            )
        )
    )
    return WorkCalendar(tz=zone, week=week, holidays=holidays, workdays=workdays, closures=closures)


@st.composite
def opportunities(draw: st.DrawFn) -> Opportunity:
    """Sales opportunities at the start of their workflow (graded), or lost with reasons."""
    lost = draw(st.booleans())
    return Opportunity(
        customer=draw(customer_ids()),
        title=draw(_words),
        owner=draw(staff_numbers(departments="S")),
        stage=OpportunityStage.LOST if lost else OpportunityStage.GRADED,
        amount=draw(st.none() | amounts()),
        loss_reasons=tuple(draw(st.lists(members(LossReason), min_size=1, max_size=2)))
        if lost
        else (),
        history=draw(_history_after(datetime(2000, 1, 1, tzinfo=UTC))),
    )


def actors(*, roles: st.SearchStrategy[Role] | None = None) -> st.SearchStrategy[Actor]:
    """People acting on records, with any role unless ``roles`` narrows it."""
    return st.builds(
        Actor,
        id=staff_numbers().map(str),
        role=roles if roles is not None else members(Role),
        team=st.sampled_from(["east", "west", ""]),
    )


def workflow_machine(
    workflow: Workflow[Any, Any],
    records: st.SearchStrategy[Any],
    *,
    data: Mapping[str, st.SearchStrategy[Mapping[str, Any]]] | None = None,
    people: st.SearchStrategy[Actor] | None = None,
    max_gap: timedelta = timedelta(hours=30),
    calendar: WorkCalendar | None = None,
) -> type[RuleBasedStateMachine]:
    """A Hypothesis state machine that fires random events at a record and checks the laws.

    ``records`` draws starting records (they are moved to the workflow's initial state with an
    empty history); ``data`` maps an event to a strategy for its keyword data; ``people``
    draws the actors; ``calendar`` is passed to :func:`~salescare.workflow.fire` for the
    obligations' due times (give an unbounded one when records span years outside China's
    bundled holiday data). After every event it checks: the record still validates, its status is
    a state of the workflow, history grew by exactly one entry when the event was accepted
    and by none when it was refused, the record passed in was not changed, and every
    obligation is due at or after the event. Use it for workflows you define yourself::

        TestMyWorkflow = workflow_machine(MY_FLOW, my_records()).TestCase
    """
    if not isinstance(workflow, Workflow):
        raise ValidationError(
            ("salescare.testing", "workflow_machine"), workflow, "is not a Workflow", "a Workflow"
        )
    event_data = dict(data or {})

    states = frozenset(cast("Iterable[Any]", workflow.states))

    class WorkflowMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.record: Any = None
            self.now: datetime | None = None
            self.accepted = 0

        @initialize(record=records)
        def start(self, record: Any) -> None:
            self.record = attrs.evolve(
                record,
                **{workflow.status_field: workflow.initial, workflow.history_field: ()},
            )
            self.now = _latest_time(self.record)

        @rule(
            event=st.sampled_from(workflow.events),
            gap=st.integers(min_value=0, max_value=int(max_gap.total_seconds())),
            draw=st.data(),
        )
        def fire_event(self, event: str, gap: int, draw: st.DataObject) -> None:
            assert self.now is not None
            actor = draw.draw(_actors_for(workflow, event, people))
            at = _later(self.now, gap)
            extra = draw.draw(event_data[event]) if event in event_data else {}
            before = self.record
            snapshot = to_dict(before)
            history = len(getattr(before, workflow.history_field))
            try:
                step = fire(workflow, before, event, at=at, by=actor, calendar=calendar, **extra)
            except (TransitionError, ValidationError):  # refused, or bad event data
                assert to_dict(before) == snapshot, "a refused event changed the record"
                assert len(getattr(self.record, workflow.history_field)) == history
                return
            assert to_dict(before) == snapshot, "firing changed the record passed in"
            after = step.record
            attrs.validate(after)
            assert type(after) is type(before)
            assert getattr(after, workflow.status_field) in states
            assert len(getattr(after, workflow.history_field)) == history + 1
            assert getattr(after, workflow.history_field)[-1] == step.entry
            for obligation in step.obligations:
                assert obligation.due is None or obligation.due >= at, obligation
            self.record, self.now = after, at
            self.accepted += 1

        @invariant()
        def status_is_a_state(self) -> None:
            if self.record is not None:
                assert getattr(self.record, workflow.status_field) in states

    WorkflowMachine.__name__ = f"{workflow.name.title()}Machine"
    return WorkflowMachine


def _actors_for(
    workflow: Workflow[Any, Any], event: str, people: st.SearchStrategy[Actor] | None
) -> st.SearchStrategy[Actor]:
    """Actors for an event: mostly with a role its rules name, sometimes anyone.

    So events get past the role check, and role refusals are exercised too.
    """
    if people is not None:
        return people
    named = sorted({role for r in workflow.rules_for(event) for role in r.roles})
    if not named:
        return actors()
    return st.one_of(actors(roles=st.sampled_from(named)), actors())


def _latest_time(record: Any) -> datetime:
    """The latest instant a record mentions, nested ones included.

    Generated events start from it, so they never precede the record's own facts.
    """
    moments: list[datetime] = []

    def collect(value: Any) -> None:
        if isinstance(value, datetime):
            moments.append(value)
        elif attrs.has(type(value)):
            for item in attrs.astuple(value, recurse=False):
                collect(item)
        elif isinstance(value, tuple):
            for item in value:
                collect(item)

    collect(record)
    return max(moments, default=datetime(2024, 1, 1, tzinfo=UTC))


@st.composite
def departures(draw: st.DrawFn) -> Departure:
    """Departing reps' handovers in every status, each listing one to three customers."""
    rep = draw(staff_numbers(departments="S"))
    successor = draw(staff_numbers(departments="S").filter(lambda s: s != rep))
    noticed = draw(aware_datetimes())
    status = draw(members(DepartureStatus))
    submitted = None if status is DepartureStatus.LISTING else draw(_after(noticed))
    approved = draw(_after(submitted)) if status is DepartureStatus.APPROVED and submitted else None
    item = st.builds(
        DepartureItem,
        customer=customer_ids(),
        grade=st.none() | members(Grade),
        progress=_words,
        key_contacts=st.lists(_words, min_size=1, max_size=2).map(tuple),
        open_items=st.lists(_words, max_size=2).map(tuple),
    )
    return Departure(
        rep=rep,
        successor=successor,
        noticed_at=noticed,
        items=tuple(draw(st.lists(item, min_size=1, max_size=3))),
        status=status,
        submitted_at=submitted,
        approved_by=draw(staff_numbers(departments="S")) if approved else None,
        approved_at=approved,
        history=draw(_history_after(noticed)),
    )


@st.composite
def support_requests(draw: st.DrawFn) -> SupportRequest:
    """Cross-department support requests, answered or not (RULES CX-3)."""
    filed = draw(aware_datetimes())
    answered = draw(st.none() | _after(filed))
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
