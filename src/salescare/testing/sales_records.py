"""Strategies for the sales side's records.

Customers, leads, registrations, handovers, follow-ups, revisits, needs analyses, deal reviews,
opportunities and departures.

Examples:
    >>> from hypothesis import given
    >>> @given(customers())
    ... def test_customers_have_a_name(customer):
    ...     assert customer.name.strip()
    >>> test_customers_have_a_name()
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
from hypothesis import strategies as st

from salescare.models import (
    Attachment,
    Contact,
    Customer,
    DealReview,
    Departure,
    DepartureItem,
    DutyLog,
    FollowUp,
    Handover,
    HistoryEntry,
    Lead,
    NeedsAnalysis,
    Objection,
    Opportunity,
    PlannedFollowUp,
    Promise,
    Registration,
    Revisit,
    SpecialAgreement,
)
from salescare.testing._overrides import Fields, overridable, record_strategy
from salescare.testing.scalars import (
    _after,
    _days,
    _emails,
    _optional_words,
    _phones,
    _words,
    amounts,
    aware_datetimes,
    contract_numbers,
    customer_codes,
    customer_ids,
    members,
    scores,
    staff_numbers,
)
from salescare.vocabulary import (
    CompanySize,
    ContactMode,
    DealOutcome,
    DepartureStatus,
    Grade,
    HandoverStatus,
    LeadSource,
    LossReason,
    Mood,
    ObjectionKind,
    OpportunityStage,
    Priority,
    RegistrationStatus,
    ReviewDecision,
    RevisitOutcome,
    Role,
    ServiceTier,
    SuccessFactor,
)

__all__ = [
    "contacts",
    "customers",
    "deal_reviews",
    "departures",
    "duty_logs",
    "follow_ups",
    "handovers",
    "leads",
    "needs_analyses",
    "objections",
    "opportunities",
    "planned_follow_ups",
    "promises",
    "registrations",
    "revisits",
]


@record_strategy(Contact)
def contacts(
    draw: Fields, *, primary: bool | None = None, decision_maker: bool | None = None
) -> Contact:
    """Customer contacts with a phone, an e-mail or both; roles drawn unless fixed."""
    phone, email = draw(
        st.one_of(
            st.tuples(_phones, st.none()),
            st.tuples(st.none(), _emails),
            st.tuples(_phones, _emails),
        )
    )
    changed = draw.field("changed_at", st.none() | aware_datetimes())
    return Contact(
        name=draw(_words),
        title=draw(_optional_words),
        phone=phone,
        email=email,
        is_primary=draw(st.booleans()) if primary is None else primary,
        is_decision_maker=draw(st.booleans()) if decision_maker is None else decision_maker,
        changed_at=changed,
        recorded_at=draw(_maybe_after(changed)) if changed else None,
    )


def _maybe_after(start: datetime | None) -> st.SearchStrategy[datetime | None]:
    """No time, or one on or after ``start`` (any time when ``start`` is None)."""
    return st.none() | (_after(start) if start is not None else aware_datetimes())


# an event's data as JSON values: text, numbers, flags, none, a small array or object
_JSON_SCALARS = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _optional_words
_JSON_VALUES = (
    _JSON_SCALARS
    | st.lists(_JSON_SCALARS, max_size=2)
    | st.dictionaries(_words, _JSON_SCALARS, max_size=2)
)


_DETAILS = st.lists(st.tuples(_words, _JSON_VALUES), min_size=1, max_size=2)


def _history_after(start: datetime) -> st.SearchStrategy[tuple[HistoryEntry, ...]]:
    entry = st.builds(
        HistoryEntry,
        at=_after(start),
        actor=_words,
        event=_words,
        note=_optional_words,
        # mostly none, as most events carry no data: details cost every record that has a history
        details=st.one_of(
            st.just(()), st.just(()), st.lists(st.tuples(_words, _JSON_VALUES), max_size=2)
        ),
        role=st.none() | st.sampled_from(Role),
    )
    return st.lists(entry, max_size=3).map(tuple)


@record_strategy(Customer)
def customers(draw: Fields) -> Customer:
    """Customer files, each with zero to three contacts."""
    paused = draw.field("paused", st.booleans())
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
        graded_at=draw(st.none() | aware_datetimes()),
        tier=draw(members(ServiceTier)),
        annual_purchases=draw(st.none() | amounts()),
        potential=draw(st.none() | scores()),
        budget=draw(st.none() | amounts()),
        main_business=draw(_optional_words),
        contacts=tuple(draw(st.lists(contacts(), max_size=3))),
        need_tags=tuple(draw(st.lists(_words, max_size=2))),
        source=draw(st.none() | members(LeadSource)),
        products=tuple(draw(st.lists(_words, max_size=2))),
        next_follow_up_at=draw(st.none() | aware_datetimes()),
        paused=paused,
        pause_remark=draw(_words if paused else _optional_words),
        paused_at=draw(st.none() | aware_datetimes()) if paused else None,
    )


@record_strategy(Lead)
def leads(draw: Fields) -> Lead:
    """Leads with every LD-2 field filled in."""
    contact = draw.field("contact", contacts())
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


@record_strategy(Registration)
def registrations(draw: Fields) -> Registration:
    """Registrations in every status, with the fields that status needs."""
    lead = draw.field("lead", leads())
    status = draw.field("status", members(RegistrationStatus))
    submitted = draw.field("submitted_at", st.none() | _after(lead.acquired_at))
    reviewed = draw(st.none() | _after(submitted)) if submitted else None
    decision = draw.field("decision", st.none() | members(ReviewDecision))
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


@record_strategy(Handover)
def handovers(draw: Fields) -> Handover:
    """Handover forms with a primary contact and a decision maker, in every status."""
    people = [draw(contacts(primary=True)), draw(contacts(decision_maker=True))]
    people += draw(st.lists(contacts(), max_size=2))
    prepared = draw.field("prepared_at", st.none() | aware_datetimes())
    handed = draw.field(
        "handed_over_at", st.none() | (_after(prepared) if prepared else aware_datetimes())
    )
    assigned = draw(_maybe_after(handed)) if handed else None
    status = draw.field("status", members(HandoverStatus))
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
        assigned_at=assigned,
        opened_at=draw(_maybe_after(assigned)) if assigned else None,
        status=status,
        confirmed_at=confirmed_at,
        planned_service_start=draw(aware_datetimes()) if confirmed else None,
        remarks=draw(_optional_words),
        history=draw(_history_after(prepared or datetime(2000, 1, 1, tzinfo=UTC))),
    )


@overridable(Promise)
def promises(made: datetime) -> st.SearchStrategy[Promise]:
    """Promises (RULES FU-9, RV-8) made at ``made``: due after it, open or kept after it."""
    return st.builds(
        Promise,
        what=_words,
        owner=staff_numbers(),
        due=_after(made),
        kept_at=st.none() | _after(made),
    )


@record_strategy(PlannedFollowUp)
def planned_follow_ups(draw: Fields) -> PlannedFollowUp:
    """Lines of the follow-up plan (RULES FU-8), checked by the supervisor or not."""
    made = draw.field("made_at", aware_datetimes())
    checked = draw.field("checked_at", st.none() | _after(made))
    return PlannedFollowUp(
        customer=draw(customer_ids()),
        made_at=made,
        planned_at=draw(_after(made)),
        mode=draw(members(ContactMode)),
        focus=draw(_words),
        goal=draw(_words),
        owner=draw(staff_numbers(departments="S")),
        checked_by=draw(staff_numbers(departments="S")) if checked else None,
        checked_at=checked,
    )


@record_strategy(DutyLog)
def duty_logs(draw: Fields) -> DutyLog:
    """Periodic duties done (CO-1, CO-2, FU-8, HL-3, FB-11)."""
    return DutyLog(
        rule=draw(st.sampled_from(["CO-1", "CO-2", "FU-8", "HL-3", "FB-11"])),
        at=draw(aware_datetimes()),
        by=draw(staff_numbers(departments="S")),
        note=draw(_optional_words),
    )


@record_strategy(FollowUp)
def follow_ups(draw: Fields) -> FollowUp:
    """Follow-up records (RULES FU-6); a next action always has an owner and a date."""
    has_next = draw(st.booleans())
    at = draw.field("at", aware_datetimes())
    return FollowUp(
        customer=draw(customer_ids()),
        at=at,
        commitments=tuple(draw(st.lists(promises(at), max_size=2))),
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


@overridable(Revisit)
def revisits() -> st.SearchStrategy[Revisit]:
    """Revisit worksheet rows (RULES RV-6), with the RV-5 response, fix and revisit times."""
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
    ).flatmap(_fixed)


def _fixed(revisit: Revisit) -> st.SearchStrategy[Revisit]:
    """``revisit`` with RV-5 stamps drawn in order: response and fix after it, revisit after."""

    @st.composite
    def stamped(draw: st.DrawFn) -> Revisit:
        solved = draw(_maybe_after(revisit.at))
        return attrs.evolve(
            revisit,
            commitments=tuple(draw(st.lists(promises(revisit.at), max_size=2))),
            responded_at=draw(_maybe_after(revisit.at)),
            solved_at=solved,
            revisited_after_fix_at=draw(_maybe_after(solved)) if solved else None,
        )

    return stamped()


@overridable(NeedsAnalysis)
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


@record_strategy(DealReview)
def deal_reviews(draw: Fields) -> DealReview:
    """Deal reviews (RULES DL-4): won deals name success factors, lost deals loss reasons."""
    outcome = draw.field("outcome", members(DealOutcome))
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


@record_strategy(Objection)
def objections(draw: Fields) -> Objection:
    """Customer objections (RULES DL-2, DL-7), open or answered.

    One beyond the rep's authority is escalated, and answered with the approving supervisor.
    """
    raised = draw.field("raised_at", aware_datetimes())
    needs_approval = draw.field("needs_approval", st.booleans())
    answered = draw.field("answered_at", _maybe_after(raised))
    escalated = draw(_maybe_after(raised)) if needs_approval else None
    if needs_approval and answered is not None and escalated is None:
        escalated = raised
    approved = escalated is not None and (answered is not None or draw(st.booleans()))
    return Objection(
        customer=draw(customer_ids()),
        opportunity=draw(_optional_words),
        kind=draw(members(ObjectionKind)),
        content=draw(_words),
        raised_at=raised,
        owner=draw(staff_numbers(departments="S")),
        needs_approval=needs_approval,
        escalated_at=escalated,
        approved_by=draw(staff_numbers(departments="S")) if approved else None,
        answered_at=answered,
        answer=draw(_words) if answered else draw(_optional_words),
    )


@record_strategy(Opportunity)
def opportunities(draw: Fields) -> Opportunity:
    """Sales opportunities at the start of their workflow (graded), or lost with reasons."""
    lost = (
        draw.field("stage", st.sampled_from([OpportunityStage.GRADED, OpportunityStage.LOST]))
        is OpportunityStage.LOST
    )
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


@record_strategy(Departure)
def departures(draw: Fields) -> Departure:
    """Departing reps' handovers in every status, each listing one to three customers."""
    rep = draw.field("rep", staff_numbers(departments="S"))
    successor = draw.field("successor", staff_numbers(departments="S").filter(lambda s: s != rep))
    noticed = draw.field("noticed_at", aware_datetimes())
    status = draw.field("status", members(DepartureStatus))
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
        reported_at=draw(_maybe_after(approved)) if approved else None,
        history=draw(_history_after(noticed)),
    )
