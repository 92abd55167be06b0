"""The facts access depends on, by customer: owners, team, handover, departures (CX-2, CX-4, HO-7).

:class:`AccessBook` is public (``salescare.access.AccessBook``); the functions beside it read a
book and a record for :mod:`salescare.access.rights`: whose customer a record is, whether
the actor left it, who took it over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Literal

import attrs

from salescare._edge import edge
from salescare.errors import ValidationError
from salescare.ids import CustomerCode, CustomerNo, StaffNo
from salescare.models import (
    Actor,
    Complaint,
    Contact,
    Customer,
    DealReview,
    Departure,
    DepartureStatus,
    Feedback,
    FollowUp,
    Handover,
    HandoverStatus,
    Lead,
    NeedsAnalysis,
    Opportunity,
    Registration,
    Revisit,
    SatisfactionSurvey,
    Ticket,
)

__all__ = ["AccessBook"]

Side = Literal["sales", "after_sales", "shared"]


@attrs.frozen(kw_only=True)
class _Facts:
    team: str = ""
    sales_owner: StaffNo | None = None
    after_sales_owner: StaffNo | None = None
    handed_over_at: datetime | None = None


@attrs.frozen(kw_only=True)
class AccessBook:
    """The facts access depends on, by customer number: owners, team, handover, departures.

    Build it with :meth:`of`. A customer missing from the book is judged from the record in
    hand (a :class:`~salescare.models.Customer` or a handover carries its owners).
    """

    facts: Mapping[str, _Facts] = attrs.field(factory=dict)
    departures: tuple[Departure, ...] = ()

    @classmethod
    @edge
    def of(
        cls,
        *,
        customers: Iterable[Customer] = (),
        handovers: Iterable[Handover] = (),
        departures: Iterable[Departure] = (),
    ) -> AccessBook:
        """A book from customer records, handovers and departures (any order, any mix)."""
        facts: dict[str, _Facts] = {}
        for customer in customers:
            facts[str(customer.number)] = _Facts(
                team=customer.team,
                sales_owner=customer.sales_owner,
                after_sales_owner=customer.after_sales_owner,
            )
        for handover in handovers:
            key = str(handover.customer)
            known = facts.get(key, _Facts(sales_owner=handover.sales_owner))
            confirmed = _confirmed_at(handover)
            facts[key] = attrs.evolve(
                known,
                after_sales_owner=known.after_sales_owner or handover.after_sales_owner,
                handed_over_at=min(
                    (t for t in (known.handed_over_at, confirmed) if t is not None), default=None
                ),
            )
        approved = tuple(d for d in departures if d.status is DepartureStatus.APPROVED)
        return cls(facts=MappingProxyType(facts), departures=approved)


def _confirmed_at(handover: Handover) -> datetime | None:
    if handover.status in {HandoverStatus.CONFIRMED, HandoverStatus.ARCHIVED}:
        return handover.confirmed_at or handover.handed_over_at
    return None


EMPTY_BOOK = AccessBook()


def customer_key(record: object) -> str | None:
    if isinstance(record, Customer):
        return str(record.number)
    customer = getattr(record, "customer", None)
    if isinstance(customer, CustomerNo | CustomerCode):
        return str(customer)
    if isinstance(record, Registration) and record.customer_code is not None:
        return str(record.customer_code)
    return None


def facts_of(record: object, key: str | None, book: AccessBook) -> _Facts:
    known = book.facts.get(key) if key is not None else None
    if known is not None:
        return known
    if isinstance(record, Customer):
        return _Facts(
            team=record.team,
            sales_owner=record.sales_owner,
            after_sales_owner=record.after_sales_owner,
        )
    if isinstance(record, Handover):
        return _Facts(
            sales_owner=record.sales_owner,
            after_sales_owner=record.after_sales_owner,
            handed_over_at=_confirmed_at(record),
        )
    return _Facts()


_STAFF_FIELDS = (
    "sales_owner",
    "after_sales_owner",
    "assignee",
    "owner",
    "by",
    "visitor",
    "staff",
    "rep",
    "successor",
)


def staff_of(actor: Actor) -> StaffNo | None:
    """The actor's staff number; an id that is not one (a user name, "None") owns nothing.

    Ownership compares typed staff numbers, never text: a record with no owner has ``None``
    there, and ``None`` matches nobody (deny by default).
    """
    try:
        return StaffNo.parse(actor.id)
    except ValidationError:
        return None


def named_on(record: object, staff: StaffNo | None) -> bool:
    """The actor is named on the record itself (a ticket's assignee, a follow-up's author…)."""
    if staff is None:
        return False
    return any(getattr(record, name, None) == staff for name in _STAFF_FIELDS)


def departure_of(
    staff: StaffNo | None, key: str | None, book: AccessBook, as_of: datetime
) -> Departure | None:
    if staff is None:
        return None
    for departure in book.departures:
        approved = departure.approved_at
        if (
            departure.rep == staff
            and approved is not None
            and approved <= as_of
            and (key is None or any(str(item.customer) == key for item in departure.items))
        ):
            return departure
    return None


def successor_of(key: str | None, book: AccessBook, as_of: datetime) -> StaffNo | None:
    if key is None:
        return None
    latest: tuple[datetime, StaffNo] | None = None
    for departure in book.departures:
        approved = departure.approved_at
        if (
            approved is not None
            and approved <= as_of
            and any(str(item.customer) == key for item in departure.items)
            and (latest is None or approved > latest[0])
        ):
            latest = (approved, departure.successor)
    return latest[1] if latest is not None else None


def side_of(record: object) -> Side:
    if isinstance(record, Ticket | Feedback | Complaint | SatisfactionSurvey | Revisit):
        return "after_sales"
    if isinstance(
        record,
        Customer
        | Contact
        | Lead
        | Registration
        | FollowUp
        | Opportunity
        | NeedsAnalysis
        | DealReview
        | Departure,
    ):
        return "sales"
    return "shared"
