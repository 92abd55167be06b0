"""Who may see or change what, and redaction of sensitive fields (RULES CX-2, CX-4, HO-7).

Access is decided per customer. An :class:`AccessBook` holds the facts that decide it: each
customer's team and owners (from :class:`~salescare.models.Customer` records), which
customers have been handed over to after-sales (confirmed handovers, HO-7) and approved
departures (CX-4: the departed rep loses access at approval, the successor gains it, and the
departed rep may not contact the customer for a month). An :class:`AccessPolicy` says, per
role, how far each right reaches: ``none``, ``own`` customers, the ``team``'s, every
``handed_over`` customer, or ``all``. Rights are: viewing, editing (only records of the
actor's own side, RULES CO-4), seeing contact details and seeing money (budgets, contract
and opportunity amounts). Deny by default: a role the policy does not name has no right, and
ownership compares staff numbers as values: a record with no owner belongs to nobody, and an
actor whose id is not a staff number (a user name, the text ``"None"``) owns nothing.

Examples:
    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> from salescare.ids import CustomerCode, StaffNo
    >>> from salescare.models import Actor, CompanySize, Contact, Customer, Role
    >>> lake = Customer(
    ...     number=CustomerCode.parse("HZ-IT-2024-001"),
    ...     name="Lake",
    ...     industry="IT",
    ...     size=CompanySize.MEDIUM,
    ...     team="east",
    ...     sales_owner=StaffNo.parse("S0123"),
    ...     budget=300000,
    ...     contacts=(Contact(name="Zhao Liu", phone="13812345678", is_primary=True),),
    ... )
    >>> book = AccessBook.of(customers=[lake])
    >>> now = datetime(2024, 6, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    >>> rep = Actor(id="S0123", role=Role.SALES_REP, team="east")
    >>> other = Actor(id="S0999", role=Role.SALES_REP, team="east")
    >>> can_view(rep, lake, as_of=now, book=book).allowed
    True
    >>> print(can_view(other, lake, as_of=now, book=book))
    denied: a sales_rep sees own customers only; HZ-IT-2024-001 belongs to S0123 (CX-2)
    >>> hidden = redact(lake, other, as_of=now, book=book)
    >>> hidden.contacts[0].phone, hidden.budget
    ('138****5678', None)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal, TypeVar

import attrs

from salescare._edge import check_fields, edge
from salescare._hypothesis_plugin import announce
from salescare._masking import mask, sensitivity
from salescare._renames import old_names
from salescare.errors import NaiveDatetimeError, PolicyError, ValidationError
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
    HistoryEntry,
    Lead,
    NeedsAnalysis,
    Opportunity,
    Registration,
    Revisit,
    Role,
    SatisfactionSurvey,
    Ticket,
    mask_details,
)
from salescare.sla import no_contact_until

__all__ = [
    "DEFAULT_ACCESS",
    "AccessBook",
    "AccessDecision",
    "AccessPolicy",
    "Right",
    "Scope",
    "can_contact",
    "can_edit",
    "can_view",
    "may_see",
    "redact",
]

Scope = Literal["none", "own", "team", "handed_over", "all"]
Right = Literal["view", "edit", "contact_details", "money"]
Side = Literal["sales", "after_sales", "shared"]

_SCOPES: tuple[Scope, ...] = ("none", "own", "team", "handed_over", "all")
_RIGHTS: tuple[Right, ...] = ("view", "edit", "contact_details", "money")

R = TypeVar("R")


@attrs.frozen(kw_only=True)
class AccessDecision:
    """An access decision: allowed or not, why, and the rule behind it. Truthy when allowed.

    (Formerly ``Decision``: the old name still works, with a warning, for one release.)

    Examples:
        >>> d = AccessDecision(allowed=False, reason="not the owner")
        >>> bool(d), str(d)
        (False, 'denied: not the owner (CX-2)')
    """

    allowed: bool
    reason: str
    rule: str = "CX-2"

    def __bool__(self) -> bool:
        return self.allowed

    def __str__(self) -> str:
        return f"{'allowed' if self.allowed else 'denied'}: {self.reason} ({self.rule})"


def _allow(reason: str, rule: str = "CX-2") -> AccessDecision:
    return AccessDecision(allowed=True, reason=reason, rule=rule)


def _deny(reason: str, rule: str = "CX-2") -> AccessDecision:
    return AccessDecision(allowed=False, reason=reason, rule=rule)


_SALES_ROLES = frozenset(
    {Role.SALES_REP, Role.ACCOUNT_MANAGER, Role.SALES_SUPERVISOR, Role.SALES_DIRECTOR}
)
_AFTER_SALES_ROLES = frozenset(
    {
        Role.ENGINEER,
        Role.SENIOR_ENGINEER,
        Role.JUNIOR_ENGINEER,
        Role.AFTER_SALES_SUPERVISOR,
        Role.AFTER_SALES_DIRECTOR,
    }
)


@attrs.frozen(kw_only=True)
class AccessPolicy:
    """How far each right reaches for each role; a role missing from a right has none.

    ``rights[right][role]`` is a :data:`Scope`. ``sides`` says which records each side
    (``sales`` or ``after_sales``) may edit; ``shared`` records (the handover, the health
    review) may be edited by both.
    """

    name: str
    rights: Mapping[Right, Mapping[Role, Scope]]

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = [
            f"{right}: {role} has scope {scope!r}, not one of {', '.join(_SCOPES)}"
            for right, scopes in self.rights.items()
            for role, scope in scopes.items()
            if scope not in _SCOPES
        ]
        problems += [f"{right!r} is not a right" for right in self.rights if right not in _RIGHTS]
        if problems:
            raise PolicyError(f"AccessPolicy {self.name}", problems)

    def scope(self, right: Right, role: Role) -> Scope:
        """The reach of ``right`` for ``role`` (``none`` when the policy does not say)."""
        return self.rights.get(right, {}).get(role, "none")


def _roles(**scopes: Scope) -> Mapping[Role, Scope]:
    return MappingProxyType({Role.parse(name): scope for name, scope in scopes.items()})


_SALES_OWN: dict[str, Scope] = {
    "sales_rep": "own",
    "account_manager": "own",
    "sales_supervisor": "team",
}

# the people who work a customer, on both sides
_WORKING: dict[str, Scope] = {
    **_SALES_OWN,
    "sales_director": "all",
    "engineer": "own",
    "senior_engineer": "own",
    "junior_engineer": "own",
    "after_sales_supervisor": "handed_over",
    "after_sales_director": "all",
}

DEFAULT_ACCESS = AccessPolicy(
    name="DEFAULT_ACCESS",
    rights=MappingProxyType(
        {
            "view": _roles(**_WORKING),
            "edit": _roles(**_WORKING),
            "contact_details": _roles(**_WORKING),
            "money": _roles(**_SALES_OWN, sales_director="all", after_sales_director="all"),
        }
    ),
)
"""002 §4's privacy rules (CX-2) with 000's shared access after handover (HO-7).

Sales: a rep or account manager reaches own customers, a supervisor the team's, the director
all. After-sales: an engineer reaches the customers and tickets assigned to them, the
supervisor every handed-over customer, the director all. Money (budgets, contract and
opportunity amounts) stays on the sales side and with the after-sales director. Product
managers, legal and any role not listed reach nothing.
"""


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


_EMPTY_BOOK = AccessBook()


def _customer_key(record: object) -> str | None:
    if isinstance(record, Customer):
        return str(record.number)
    customer = getattr(record, "customer", None)
    if isinstance(customer, CustomerNo | CustomerCode):
        return str(customer)
    if isinstance(record, Registration) and record.customer_code is not None:
        return str(record.customer_code)
    return None


def _facts_of(record: object, key: str | None, book: AccessBook) -> _Facts:
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


def _staff_of(actor: Actor) -> StaffNo | None:
    """The actor's staff number; an id that is not one (a user name, "None") owns nothing.

    Ownership compares typed staff numbers, never text: a record with no owner has ``None``
    there, and ``None`` matches nobody (deny by default).
    """
    try:
        return StaffNo.parse(actor.id)
    except ValidationError:
        return None


def _named_on(record: object, staff: StaffNo | None) -> bool:
    """The actor is named on the record itself (a ticket's assignee, a follow-up's author…)."""
    if staff is None:
        return False
    return any(getattr(record, name, None) == staff for name in _STAFF_FIELDS)


def _departed(
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


def _successor_of(key: str | None, book: AccessBook, as_of: datetime) -> StaffNo | None:
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


def _side(record: object) -> Side:
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


def _decide(  # noqa: PLR0911 - one branch per scope, each with its own reason
    actor: Actor,
    record: object,
    right: Right,
    *,
    as_of: datetime,
    book: AccessBook,
    policy: AccessPolicy,
) -> AccessDecision:
    if as_of.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("access", "as_of"), as_of)
    role = actor.role
    scope = policy.scope(right, role)
    key = _customer_key(record)
    label = key or type(record).__name__
    what = {"view": "sees", "edit": "edits", "contact_details": "sees contact details of"}.get(
        right, "sees amounts of"
    )
    if scope == "none":
        return _deny(f"a {role} {what} no customer's records ({policy.name})")
    staff = _staff_of(actor)
    departed = _departed(staff, key, book, as_of)
    if departed is not None and scope != "all":
        return _deny(
            f"{actor.id} handed {label} over to {departed.successor} when leaving "
            f"(approved {departed.approved_at.isoformat() if departed.approved_at else ''})",
            "CX-4",
        )
    if scope == "all":
        return _allow(f"a {role} {what} every customer")
    facts = _facts_of(record, key, book)
    successor = _successor_of(key, book, as_of)
    sales_owner = successor or facts.sales_owner
    own = staff is not None and (
        _named_on(record, staff)
        or (role in _SALES_ROLES and sales_owner == staff)
        or (role in _AFTER_SALES_ROLES and facts.after_sales_owner == staff)
    )
    if own:
        rule = "CX-4" if successor is not None and successor == staff else "CX-2"
        return _allow(f"{label} is {actor.id}'s own", rule)
    if scope == "team":
        if actor.team and facts.team == actor.team:
            return _allow(f"{label} belongs to team {actor.team}")
        return _deny(f"a {role} {what} the team's customers only; {label} is not in {actor.team!r}")
    if scope == "handed_over":
        if facts.handed_over_at is not None and facts.handed_over_at <= as_of:
            return _allow(f"{label} was handed over to after-sales", "HO-7")
        return _deny(f"{label} has not been handed over to after-sales yet", "HO-7")
    owner = sales_owner if role in _SALES_ROLES else facts.after_sales_owner
    return _deny(f"a {role} {what} own customers only; {label} belongs to {owner or 'nobody'}")


@edge
def can_view(
    actor: Actor,
    record: object,
    *,
    as_of: datetime,
    book: AccessBook = _EMPTY_BOOK,
    policy: AccessPolicy = DEFAULT_ACCESS,
) -> AccessDecision:
    """Whether ``actor`` may see ``record`` at ``as_of`` (RULES CX-2, CX-4, HO-7).

    The record's customer decides (its team, owners, handover and departures in ``book``);
    an actor named on the record itself (a ticket's assignee, a follow-up's author) also
    sees it within their role's scope.
    """
    return _decide(actor, record, "view", as_of=as_of, book=book, policy=policy)


@edge
def can_edit(
    actor: Actor,
    record: object,
    *,
    as_of: datetime,
    book: AccessBook = _EMPTY_BOOK,
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
    side = _side(record)
    own_side = "sales" if actor.role in _SALES_ROLES else "after_sales"
    if side not in {"shared", own_side} and actor.role in _SALES_ROLES | _AFTER_SALES_ROLES:
        return _deny(f"a {actor.role} does not edit {side} records", "CO-4")
    return _decide(actor, record, "edit", as_of=as_of, book=book, policy=policy)


@edge
def may_see(
    actor: Actor,
    record: object,
    right: Right,
    *,
    as_of: datetime,
    book: AccessBook = _EMPTY_BOOK,
    policy: AccessPolicy = DEFAULT_ACCESS,
) -> AccessDecision:
    """The decision for any one right (``view``, ``edit``, ``contact_details``, ``money``)."""
    if right == "edit":
        return can_edit(actor, record, as_of=as_of, book=book, policy=policy)
    return _decide(actor, record, right, as_of=as_of, book=book, policy=policy)


@edge
def can_contact(
    actor: Actor,
    customer: CustomerNo | CustomerCode | Customer,
    *,
    as_of: datetime,
    book: AccessBook = _EMPTY_BOOK,
) -> AccessDecision:
    """Whether ``actor`` may contact ``customer``: not within a month of leaving it (CX-4).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from salescare.ids import CustomerNo, StaffNo
        >>> from salescare.models import Actor, Departure, DepartureItem, Role
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
    staff = _staff_of(actor)
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
            return _deny(f"{actor.id} left {key}; no contact until {until.isoformat()}", "CX-4")
    return _allow(f"nothing bars {actor.id} from contacting {key}", "CX-4")


@edge
def redact(
    record: R,
    actor: Actor,
    *,
    as_of: datetime,
    book: AccessBook = _EMPTY_BOOK,
    policy: AccessPolicy = DEFAULT_ACCESS,
) -> R:
    """``record`` with the sensitive values ``actor`` may not see masked (RULES CX-2).

    What is sensitive is read from each field's class (``salescare._masking``): contact
    phones and e-mails keep their shape (``138****5678``, ``z****@example.com``), amounts
    (budgets, annual purchases and revenue, contract, opportunity and upsell amounts, value
    estimates) become ``None``, wherever they sit: in nested records (a customer's contacts,
    a registration's lead) and in the details of the record's history (an amount set by an
    event reads ``****``). Redacting twice changes nothing more; a record the actor may see
    in full comes back unchanged; a redacted record is still a valid record.
    """
    contacts_ok = bool(
        _decide(actor, record, "contact_details", as_of=as_of, book=book, policy=policy)
    )
    money_ok = bool(_decide(actor, record, "money", as_of=as_of, book=book, policy=policy))
    if contacts_ok and money_ok:
        return record
    hide = frozenset(
        kind
        for kind, shown in (("phone", contacts_ok), ("email", contacts_ok), ("money", money_ok))
        if not shown
    )
    return _masked(record, hide)


def _masked(record: R, hide: frozenset[str]) -> R:
    if not attrs.has(type(record)):
        return record
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(record)):  # type: ignore[arg-type] # checked by attrs.has
        value = getattr(record, field.name)
        kind = sensitivity(field)
        if value is None:
            continue
        if kind in hide:
            changes[field.name] = None if kind == "money" else mask(kind, value)
        elif isinstance(value, tuple) and value and isinstance(value[0], HistoryEntry):
            changes[field.name] = tuple(_masked_entry(e, type(record), hide) for e in value)
        elif isinstance(value, tuple) and value and attrs.has(type(value[0])):
            changes[field.name] = tuple(_masked(item, hide) for item in value)
        elif attrs.has(type(value)):
            changes[field.name] = _masked(value, hide)
    # evolve re-runs the validators: a masked record is still a valid record
    return attrs.evolve(record, **changes) if changes else record  # type: ignore[misc]


def _masked_entry(entry: HistoryEntry, owner: type, hide: frozenset[str]) -> HistoryEntry:
    details = mask_details(entry.details, owner, hide)
    return attrs.evolve(entry, details=details) if details != entry.details else entry


__getattr__ = old_names(__name__, {"Decision": ("AccessDecision", AccessDecision)})

announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
