from datetime import UTC, datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from tests import builders

from salescare.access import (
    DEFAULT_ACCESS,
    AccessBook,
    AccessPolicy,
    can_contact,
    can_edit,
    can_view,
    may_see,
    redact,
)
from salescare.completeness import handover_gaps
from salescare.errors import NaiveDatetimeError, PolicyError
from salescare.ids import CustomerCode, StaffNo, TicketNo
from salescare.models import (
    Actor,
    Contact,
    ContactMode,
    Customer,
    Departure,
    DepartureItem,
    DepartureStatus,
    FollowUp,
    Handover,
    HandoverStatus,
    Opportunity,
    Role,
)
from salescare.serialize import from_dict, to_dict

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
LAKE = CustomerCode.parse("HZ-IT-2024-001")
HILL = CustomerCode.parse("HZ-IT-2024-002")
ZHAO = Contact(name="Zhao Liu", phone="13812345678", email="zhao.liu@lake.cn", is_primary=True)


def customer(number=LAKE, **changes):
    fields = {
        "number": number,
        "team": "east",
        "sales_owner": StaffNo.parse("S0123"),
        "after_sales_owner": StaffNo.parse("A0045"),
        "budget": Decimal(300_000),
        "contacts": (ZHAO,),
    }
    return builders.customer(**{**fields, **changes})


def handover(status=HandoverStatus.CONFIRMED, **changes):
    fields = {
        "customer": LAKE,
        "after_sales_owner": StaffNo.parse("A0045"),
        "contacts": (attrs.evolve(ZHAO, is_decision_maker=True),),
        "status": status,
        "handed_over_at": datetime(2024, 5, 16, 9, 0, tzinfo=UTC),
    }
    if status in {HandoverStatus.CONFIRMED, HandoverStatus.ARCHIVED}:
        fields["confirmed_at"] = datetime(2024, 5, 16, 15, 0, tzinfo=UTC)
        fields["planned_service_start"] = datetime(2024, 5, 20, 9, 0, tzinfo=UTC)
    return builders.handover(**{**fields, **changes})


def ticket(**changes):
    fields = {
        "number": TicketNo.parse("FW20240601001"),
        "customer": LAKE,
        "submitted_at": datetime(2024, 6, 1, 9, 0, tzinfo=UTC),
        "contact": ZHAO,
    }
    return builders.ticket(**{**fields, **changes})


def actor(staff, role, team="east"):
    return Actor(id=staff, role=Role.parse(role), team=team)


REP = actor("S0123", "sales_rep")
OTHER_REP = actor("S0999", "sales_rep")
SUPERVISOR = actor("S0001", "sales_supervisor")
WEST_SUPERVISOR = actor("S0002", "sales_supervisor", "west")
DIRECTOR = actor("S0000", "sales_director", "")
ENGINEER = actor("A0045", "engineer")
OTHER_ENGINEER = actor("A0046", "engineer")
AS_SUPERVISOR = actor("A0001", "after_sales_supervisor")
LEGAL = actor("L0001", "legal")


def test_sales_reach_own_team_all():
    book = AccessBook.of(customers=[customer()])
    record = customer()
    assert can_view(REP, record, as_of=NOW, book=book)
    assert not can_view(OTHER_REP, record, as_of=NOW, book=book)
    assert can_view(SUPERVISOR, record, as_of=NOW, book=book)
    decision = can_view(WEST_SUPERVISOR, record, as_of=NOW, book=book)
    assert not decision
    assert "team" in decision.reason
    assert decision.rule == "CX-2"
    assert can_view(DIRECTOR, record, as_of=NOW, book=book)
    # a rep's follow-up on a customer is theirs even without a book entry
    note = FollowUp(
        customer=HILL,
        at=NOW,
        by=StaffNo.parse("S0999"),
        mode=ContactMode.PHONE,
        duration_minutes=10,
        summary="call",
    )
    assert can_view(OTHER_REP, note, as_of=NOW)
    assert not can_view(REP, note, as_of=NOW)


def test_deny_by_default():
    book = AccessBook.of(customers=[customer()])
    denied = can_view(LEGAL, customer(), as_of=NOW, book=book)
    assert not denied
    assert "legal" in denied.reason
    empty = AccessPolicy(name="EMPTY", rights={})
    assert not can_view(DIRECTOR, customer(), as_of=NOW, book=book, policy=empty)
    assert redact(customer(), DIRECTOR, as_of=NOW, policy=empty).budget is None


def test_after_sales_sees_handed_over_customers():
    not_yet = AccessBook.of(customers=[customer()], handovers=[handover(HandoverStatus.PENDING)])
    decision = can_view(AS_SUPERVISOR, customer(), as_of=NOW, book=not_yet)
    assert not decision
    assert decision.rule == "HO-7"
    done = AccessBook.of(customers=[customer()], handovers=[handover()])
    assert can_view(AS_SUPERVISOR, customer(), as_of=NOW, book=done).rule == "HO-7"
    before = datetime(2024, 5, 16, 14, 59, tzinfo=UTC)
    assert not can_view(AS_SUPERVISOR, customer(), as_of=before, book=done)
    assert can_view(ENGINEER, customer(), as_of=NOW, book=done)  # the after-sales owner
    assert not can_view(OTHER_ENGINEER, customer(), as_of=NOW, book=done)
    assigned = ticket(assignee=StaffNo.parse("A0046"))
    assert can_view(OTHER_ENGINEER, assigned, as_of=NOW, book=done)


def test_edit_stays_on_the_actors_side():
    book = AccessBook.of(customers=[customer()], handovers=[handover()])
    assert can_edit(REP, customer(), as_of=NOW, book=book)
    refused = can_edit(REP, ticket(), as_of=NOW, book=book)
    assert not refused
    assert refused.rule == "CO-4"
    assert can_view(REP, ticket(), as_of=NOW, book=book)
    assert can_edit(ENGINEER, ticket(), as_of=NOW, book=book)
    assert not can_edit(ENGINEER, customer(), as_of=NOW, book=book)
    assert can_edit(ENGINEER, handover(), as_of=NOW, book=book)  # shared (HO-7)
    assert can_edit(REP, handover(), as_of=NOW, book=book)
    assert may_see(REP, ticket(), "edit", as_of=NOW, book=book) == refused


def departure(status=DepartureStatus.APPROVED):
    return Departure(
        rep=StaffNo.parse("S0123"),
        successor=StaffNo.parse("S0124"),
        noticed_at=datetime(2024, 5, 6, 9, 0, tzinfo=UTC),
        items=(DepartureItem(customer=LAKE, progress="renewal", key_contacts=("Zhao Liu",)),),
        status=status,
        submitted_at=datetime(2024, 5, 7, 9, 0, tzinfo=UTC),
        approved_at=datetime(2024, 5, 8, 9, 0, tzinfo=UTC)
        if status is DepartureStatus.APPROVED
        else None,
    )


def test_departed_rep_loses_access_and_successor_gains_it():
    successor = actor("S0124", "sales_rep")
    book = AccessBook.of(customers=[customer()], departures=[departure()])
    approved = datetime(2024, 5, 8, 9, 0, tzinfo=UTC)
    gone = can_view(REP, customer(), as_of=approved, book=book)
    assert not gone
    assert gone.rule == "CX-4"
    assert "S0124" in gone.reason
    assert not can_edit(REP, customer(), as_of=approved, book=book)
    assert can_view(REP, customer(), as_of=approved - timedelta(microseconds=1), book=book)
    took_over = can_view(successor, customer(), as_of=approved, book=book)
    assert took_over
    assert took_over.rule == "CX-4"
    assert not can_view(successor, customer(), as_of=approved - timedelta(seconds=1), book=book)
    # submitted, not approved: nothing moves yet
    pending = AccessBook.of(
        customers=[customer()], departures=[departure(DepartureStatus.SUBMITTED)]
    )
    assert can_view(REP, customer(), as_of=NOW, book=pending)
    assert not can_view(successor, customer(), as_of=NOW, book=pending)


def test_departed_rep_may_not_contact_for_a_month():
    book = AccessBook.of(departures=[departure()])
    approved = datetime(2024, 5, 8, 9, 0, tzinfo=UTC)
    assert can_contact(REP, LAKE, as_of=approved - timedelta(seconds=1), book=book)
    barred = can_contact(REP, customer(), as_of=approved, book=book)
    assert not barred
    assert barred.rule == "CX-4"
    assert not can_contact(REP, LAKE, as_of=datetime(2024, 6, 8, 8, 59, tzinfo=UTC), book=book)
    assert can_contact(REP, LAKE, as_of=datetime(2024, 6, 8, 9, 0, tzinfo=UTC), book=book)
    assert can_contact(REP, HILL, as_of=approved, book=book)
    assert can_contact(actor("S0124", "sales_rep"), LAKE, as_of=approved, book=book)


def test_redact_masks_what_the_actor_may_not_see():
    book = AccessBook.of(customers=[customer()], handovers=[handover()])
    hidden = redact(customer(), OTHER_REP, as_of=NOW, book=book)
    assert hidden.contacts[0].phone == "138****5678"
    assert hidden.contacts[0].email == "z****@lake.cn"
    assert hidden.budget is None
    assert hidden.name == "Lake"
    assert redact(hidden, OTHER_REP, as_of=NOW, book=book) == hidden
    assert redact(customer(), REP, as_of=NOW, book=book) is not None
    assert redact(customer(), REP, as_of=NOW, book=book) == customer()
    # the engineer may call the customer but not see money
    form = redact(handover(), ENGINEER, as_of=NOW, book=book)
    assert form.contacts[0].phone == "13812345678"
    assert form.contract_amount is None
    assert next(g.field for g in handover_gaps(form)) == "contract_amount"
    # a redacted record is a valid record: it round-trips and re-validates
    assert from_dict(Handover, to_dict(form)) == form
    assert from_dict(Customer, to_dict(hidden)) == hidden
    deal = Opportunity(customer=LAKE, title="upgrade", owner=StaffNo.parse("S0123"), amount=9)
    assert redact(deal, ENGINEER, as_of=NOW, book=book).amount is None
    lone = redact(ZHAO, LEGAL, as_of=NOW)
    assert (lone.phone, lone.email) == ("138****5678", "z****@lake.cn")
    nested = redact(ticket(), OTHER_REP, as_of=NOW, book=book)
    assert nested.contact is not None
    assert nested.contact.phone == "138****5678"


def test_bad_input():
    with pytest.raises(PolicyError, match="everything"):
        AccessPolicy(name="BAD", rights={"view": {Role.SALES_REP: "everything"}})
    with pytest.raises(PolicyError, match="'delete' is not an accepted value"):
        AccessPolicy(name="BAD", rights={"delete": {}})
    with pytest.raises(PolicyError, match="is not a mapping"):
        AccessPolicy(name="BAD", rights=[["view", "all"]])
    with pytest.raises(NaiveDatetimeError):
        can_view(REP, customer(), as_of=datetime(2024, 1, 1))  # noqa: DTZ001
    with pytest.raises(NaiveDatetimeError):
        can_contact(REP, LAKE, as_of=datetime(2024, 1, 1))  # noqa: DTZ001
    assert DEFAULT_ACCESS.scope("view", Role.LEGAL) == "none"


@pytest.mark.parametrize("actor_id", ["None", "none", "null", "Z0001"])
def test_a_missing_owner_matches_nobody(actor_id):
    nobodys = customer(sales_owner=None, after_sales_owner=None, team="")
    for role in (Role.SALES_REP, Role.ENGINEER, Role.ACCOUNT_MANAGER):
        actor = Actor(id=actor_id, role=role)
        for right in ("view", "edit", "contact_details", "money"):
            assert not may_see(actor, nobodys, right, as_of=NOW), (role, right)
        shown = redact(nobodys, actor, as_of=NOW)
        assert shown.contacts[0].phone == "138****5678"
        assert shown.budget is None
    unassigned = ticket(assignee=None, sales_owner=None)
    assert not can_view(Actor(id="None", role=Role.ENGINEER), unassigned, as_of=NOW)
