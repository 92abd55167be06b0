"""Access decisions: may this actor see, edit or contact this record now (CX-2, CX-4, CO-4)."""

from __future__ import annotations

from datetime import datetime

from salescare._edge import edge
from salescare.access._book import (
    EMPTY_BOOK,
    AccessBook,
    customer_key,
    departure_of,
    facts_of,
    named_on,
    side_of,
    staff_of,
    successor_of,
)
from salescare.access.policy import (
    AFTER_SALES_ROLES,
    DEFAULT_ACCESS,
    SALES_ROLES,
    AccessDecision,
    AccessPolicy,
    Right,
)
from salescare.errors import NaiveDatetimeError
from salescare.i18n import tr
from salescare.ids import CustomerCode, CustomerNo
from salescare.models import Actor, Customer
from salescare.sla import no_contact_until

__all__ = ["can_contact", "can_edit", "can_view", "decide", "may_see"]


def _allow(reason: str, rule: str = "CX-2") -> AccessDecision:
    return AccessDecision(allowed=True, reason=reason, rule=rule)


def _deny(reason: str, rule: str = "CX-2") -> AccessDecision:
    return AccessDecision(allowed=False, reason=reason, rule=rule)


def decide(  # noqa: PLR0911 - one branch per scope, each with its own reason
    actor: Actor,
    record: object,
    right: Right,
    *,
    as_of: datetime,
    book: AccessBook,
    policy: AccessPolicy,
) -> AccessDecision:
    """The decision for ``right`` without the edge's argument checks (callers have done them).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from salescare.models import Actor, Role
        >>> legal = Actor(id="S0001", role=Role.LEGAL)
        >>> print(
        ...     decide(
        ...         legal,
        ...         object(),
        ...         "view",
        ...         as_of=datetime(2024, 6, 3, tzinfo=UTC),
        ...         book=AccessBook(),
        ...         policy=DEFAULT_ACCESS,
        ...     )
        ... )
        denied: a legal sees no customer's records (DEFAULT_ACCESS) (CX-2)
    """
    if as_of.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("access", "as_of"), as_of)
    role = actor.role
    scope = policy.scope(right, role)
    key = customer_key(record)
    label = key or type(record).__name__
    what = {"view": "sees", "edit": "edits", "contact_details": tr("sees contact details of")}.get(
        right, tr("sees amounts of")
    )
    if scope == "none":
        return _deny(
            tr(
                "a {role} {what} no customer's records ({name})",
                role=role,
                what=what,
                name=policy.name,
            )
        )
    staff = staff_of(actor)
    departed = departure_of(staff, key, book, as_of)
    if departed is not None and scope != "all":
        return _deny(
            tr(
                "{id} handed {label} over to {successor} when leaving (approved {value})",
                id=actor.id,
                label=label,
                successor=departed.successor,
                value=departed.approved_at.isoformat() if departed.approved_at else "",
            ),
            "CX-4",
        )
    if scope == "all":
        return _allow(tr("a {role} {what} every customer", role=role, what=what))
    facts = facts_of(record, key, book)
    successor = successor_of(key, book, as_of)
    sales_owner = successor or facts.sales_owner
    own = staff is not None and (
        named_on(record, staff)
        or (role in SALES_ROLES and sales_owner == staff)
        or (role in AFTER_SALES_ROLES and facts.after_sales_owner == staff)
    )
    if own:
        rule = "CX-4" if successor is not None and successor == staff else "CX-2"
        return _allow(tr("{label} is {id}'s own", label=label, id=actor.id), rule)
    if scope == "team":
        if actor.team and facts.team == actor.team:
            return _allow(tr("{label} belongs to team {team}", label=label, team=actor.team))
        return _deny(
            tr(
                "a {role} {what} the team's customers only; {label} is not in {team}",
                role=role,
                what=what,
                label=label,
                team=repr(actor.team),
            )
        )
    if scope == "handed_over":
        if facts.handed_over_at is not None and facts.handed_over_at <= as_of:
            return _allow(tr("{label} was handed over to after-sales", label=label), "HO-7")
        return _deny(tr("{label} has not been handed over to after-sales yet", label=label), "HO-7")
    owner = sales_owner if role in SALES_ROLES else facts.after_sales_owner
    return _deny(
        tr(
            "a {role} {what} own customers only; {label} belongs to {value}",
            role=role,
            what=what,
            label=label,
            value=owner or "nobody",
        )
    )


@edge
def can_view(
    actor: Actor,
    record: object,
    *,
    as_of: datetime,
    book: AccessBook = EMPTY_BOOK,
    policy: AccessPolicy = DEFAULT_ACCESS,
) -> AccessDecision:
    """Whether ``actor`` may see ``record`` at ``as_of`` (RULES CX-2, CX-4, HO-7).

    The record's customer decides (its team, owners, handover and departures in ``book``);
    an actor named on the record itself (a ticket's assignee, a follow-up's author) also
    sees it within their role's scope.
    """
    return decide(actor, record, "view", as_of=as_of, book=book, policy=policy)


@edge
def can_edit(
    actor: Actor,
    record: object,
    *,
    as_of: datetime,
    book: AccessBook = EMPTY_BOOK,
    policy: AccessPolicy = DEFAULT_ACCESS,
) -> AccessDecision:
    """Whether ``actor`` may change ``record``: the edit scope, on their own side (CO-4).

    Sales roles edit sales records (customers, leads, follow-ups, opportunities…),
    after-sales roles edit after-sales records (tickets, feedback, complaints, revisits,
    surveys); both edit the shared ones (handovers, health reviews).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from salescare.ids import CustomerNo, StaffNo, TicketNo
        >>> from salescare.models import Actor, Role, Ticket
        >>> t = Ticket(
        ...     number=TicketNo.parse("FW20240515001"),
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     customer_name="Lake",
        ...     description="line stops",
        ...     submitted_at=datetime(2024, 5, 15, 9, 0, tzinfo=UTC),
        ...     sales_owner=StaffNo.parse("S0123"),
        ... )
        >>> rep = Actor(id="S0123", role=Role.SALES_REP)
        >>> now = datetime(2024, 5, 15, 10, 0, tzinfo=UTC)
        >>> print(can_view(rep, t, as_of=now))
        allowed: CUS20240515001 is S0123's own (CX-2)
        >>> print(can_edit(rep, t, as_of=now))
        denied: a sales_rep does not edit after_sales records (CO-4)
    """
    side = side_of(record)
    own_side = "sales" if actor.role in SALES_ROLES else "after_sales"
    if side not in {"shared", own_side} and actor.role in SALES_ROLES | AFTER_SALES_ROLES:
        return _deny(
            tr("a {role} does not edit {side} records", role=actor.role, side=side), "CO-4"
        )
    return decide(actor, record, "edit", as_of=as_of, book=book, policy=policy)


@edge
def may_see(
    actor: Actor,
    record: object,
    right: Right,
    *,
    as_of: datetime,
    book: AccessBook = EMPTY_BOOK,
    policy: AccessPolicy = DEFAULT_ACCESS,
) -> AccessDecision:
    """The decision for any one right (``view``, ``edit``, ``contact_details``, ``money``)."""
    if right == "edit":
        return can_edit(actor, record, as_of=as_of, book=book, policy=policy)
    return decide(actor, record, right, as_of=as_of, book=book, policy=policy)


@edge
def can_contact(
    actor: Actor,
    customer: CustomerNo | CustomerCode | Customer,
    *,
    as_of: datetime,
    book: AccessBook = EMPTY_BOOK,
) -> AccessDecision:
    """Whether ``actor`` may contact ``customer``: not within a month of leaving it (CX-4).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from salescare.ids import CustomerNo, StaffNo
        >>> from salescare.models import Actor, Departure, DepartureItem, DepartureStatus, Role
        >>> lake = CustomerNo.parse("CUS20240515001")
        >>> leaving = Departure(
        ...     rep=StaffNo.parse("S0123"),
        ...     successor=StaffNo.parse("S0124"),
        ...     noticed_at=datetime(2024, 5, 6, 9, 0, tzinfo=UTC),
        ...     items=(
        ...         DepartureItem(
        ...             customer=lake, progress="renewal talks", key_contacts=("Zhao Liu",)
        ...         ),
        ...     ),
        ...     status=DepartureStatus.APPROVED,
        ...     submitted_at=datetime(2024, 5, 7, 9, 0, tzinfo=UTC),
        ...     approved_at=datetime(2024, 5, 8, 9, 0, tzinfo=UTC),
        ... )
        >>> book = AccessBook.of(departures=[leaving])
        >>> rep = Actor(id="S0123", role=Role.SALES_REP)
        >>> print(can_contact(rep, lake, as_of=datetime(2024, 6, 1, tzinfo=UTC), book=book))
        denied: S0123 left CUS20240515001; no contact until 2024-06-08T09:00:00+00:00 (CX-4)
        >>> can_contact(rep, lake, as_of=datetime(2024, 6, 8, 9, 0, tzinfo=UTC), book=book).allowed
        True
    """
    if as_of.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("can_contact", "as_of"), as_of)
    key = str(customer.number if isinstance(customer, Customer) else customer)
    staff = staff_of(actor)
    for departure in book.departures:
        until = no_contact_until(departure)
        if (
            staff is not None
            and departure.rep == staff
            and until is not None
            and departure.approved_at is not None
            and departure.approved_at <= as_of < until
            and any(str(item.customer) == key for item in departure.items)
        ):
            return _deny(
                tr(
                    "{id} left {key}; no contact until {until}",
                    id=actor.id,
                    key=key,
                    until=until.isoformat(),
                ),
                "CX-4",
            )
    return _allow(tr("nothing bars {id} from contacting {key}", id=actor.id, key=key), "CX-4")
