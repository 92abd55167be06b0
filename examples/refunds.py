"""A team's own workflow on salescare, tested with its own invariants: refunds.

A CRM team adds a refund process beside the manuals' workflows: a sales rep drafts and requests
a refund, a sales supervisor approves it (over 5,000 yuan only the sales director may), it is
booked within a day of approval, or rejected. The team's laws, as plain functions of the record:

- a refund over 5,000 yuan is approved by the sales director;
- a refund is booked only after it was requested, and only once approved;
- the booking is due within a day of the approval;
- only a sales supervisor or director approves.

``RULES`` builds the workflow from the transitions, so a test (or ``benchmarks/testing.py``)
can build variants of it. ``refunds()`` draws starting records, ``EVENT_DATA`` the data of
the events that take some. The tests run ``workflow_machine(REFUNDS, refunds(),
invariants=INVARIANTS)`` (``tests/integration/test_refund_workflow.py``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from salescare.models import HistoryEntry, Role
from salescare.workflow import Context, Obligation, Transition, Workflow
from salescare.workflow.define import holds, on

LIMIT = Decimal(5000)  # over this, only the sales director approves
BOOK_WITHIN = timedelta(days=1)
APPROVERS = frozenset({Role.SALES_SUPERVISOR, Role.SALES_DIRECTOR})


class RefundStatus(enum.StrEnum):
    """Where a refund stands."""

    DRAFT = "draft"
    REQUESTED = "requested"
    APPROVED = "approved"
    BOOKED = "booked"
    REJECTED = "rejected"


@attrs.frozen(kw_only=True)
class Refund:
    """A refund to a customer."""

    number: str
    customer: str
    amount: Decimal = attrs.field(validator=attrs.validators.ge(Decimal(0)))
    status: RefundStatus = RefundStatus.DRAFT
    requested_at: datetime | None = None
    approved_by: str | None = None
    approver_role: Role | None = None
    approved_at: datetime | None = None
    book_by: datetime | None = None
    booked_at: datetime | None = None
    history: tuple[HistoryEntry, ...] = ()


def _approver(_: Refund, context: Context) -> Mapping[str, Any]:
    return {
        "approved_by": context.by.id,
        "approver_role": context.by.role,
        "book_by": context.at + BOOK_WITHIN,
    }


def _booking_owed(_: Refund, context: Context) -> Iterable[Obligation]:
    return (
        Obligation(
            rule="REFUND-2",
            what="book the approved refund",
            role=Role.AFTER_SALES_SUPERVISOR,
            due=context.at + BOOK_WITHIN,
        ),
    )


def _director_for_large(record: Refund, context: Context) -> bool:
    return record.amount <= LIMIT or context.by.role is Role.SALES_DIRECTOR


def _amount(record: Refund, context: Context) -> Mapping[str, Any]:
    return {"amount": context.value(record, "amount")}


S = RefundStatus
RULES: dict[str, Transition] = {
    "amend": on("amend", S.DRAFT, roles={Role.SALES_REP}, takes=["amount"], sets=_amount),
    "request": on("request", S.DRAFT, to=S.REQUESTED, roles={Role.SALES_REP},
                  stamps="requested_at"),
    "approve": on("approve", S.REQUESTED, to=S.APPROVED, roles=APPROVERS,
                  when=[holds("director_for_large", "over 5,000 yuan the director approves",
                              _director_for_large)],
                  stamps="approved_at", sets=_approver, owes=[_booking_owed]),
    "reject": on("reject", S.REQUESTED, to=S.REJECTED, roles=APPROVERS),
    "book": on("book", S.APPROVED, to=S.BOOKED, roles={Role.AFTER_SALES_SUPERVISOR},
               stamps="booked_at"),
}  # fmt: skip


def refund_workflow(rules: Mapping[str, Transition] = RULES, name: str = "REFUNDS") -> Workflow:
    """The refund workflow from ``rules`` (a variant's transitions, for tests)."""
    return Workflow(
        name=name,
        record=Refund,
        states=RefundStatus,
        initial=S.DRAFT,
        # a variant that reopens a booked refund has no final booked state
        final=frozenset(
            s for s in (S.BOOKED, S.REJECTED) if not any(s in t.sources for t in rules.values())
        ),
        rules=tuple(rules.values()),
    )


REFUNDS = refund_workflow()

# any amount, and amounts at the 5,000 limit, where the rules change (the team tests its edges)
AMOUNTS = st.one_of(
    st.decimals(min_value=0, max_value=20_000, places=2, allow_nan=False),
    st.decimals(min_value=LIMIT - 10, max_value=LIMIT + 10, places=2, allow_nan=False),
)


def refunds() -> st.SearchStrategy[Refund]:
    """Draft refunds of any amount up to 20,000 yuan."""
    return st.builds(
        Refund,
        number=st.from_regex(r"RF[0-9]{6}", fullmatch=True),
        customer=st.just("CUS20240515001"),
        amount=AMOUNTS,
    )


EVENT_DATA = {"amend": st.fixed_dictionaries({"amount": AMOUNTS})}


def large_refunds_approved_by_the_director(refund: Refund) -> bool:
    """Over 5,000 yuan, an approved or booked refund was approved by the sales director."""
    approved = refund.status in {S.APPROVED, S.BOOKED}
    return not (approved and refund.amount > LIMIT) or refund.approver_role is Role.SALES_DIRECTOR


def booked_after_its_request(refund: Refund) -> bool:
    """A booking follows the refund's request."""
    if refund.booked_at is None:
        return True
    return refund.requested_at is not None and refund.requested_at <= refund.booked_at


def booked_only_once_approved(refund: Refund) -> bool:
    """A booked refund was approved."""
    return refund.status is not S.BOOKED or refund.approved_at is not None


def booking_due_within_a_day(refund: Refund) -> bool:
    """The booking is due within a day of the approval."""
    if refund.book_by is None:
        return True
    return refund.approved_at is not None and refund.book_by - refund.approved_at <= BOOK_WITHIN


def approved_by_an_approver(refund: Refund) -> bool:
    """Only a sales supervisor or director approves."""
    return refund.approver_role is None or refund.approver_role in APPROVERS


INVARIANTS = (
    large_refunds_approved_by_the_director,
    booked_after_its_request,
    booked_only_once_approved,
    booking_due_within_a_day,
    approved_by_an_approver,
)
