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

from salescare._renames import old_names
from salescare.access._book import AccessBook
from salescare.access.policy import DEFAULT_ACCESS, AccessDecision, AccessPolicy, Right, Scope
from salescare.access.redaction import redact
from salescare.access.rights import can_contact, can_edit, can_view, may_see

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

__getattr__ = old_names(__name__, {"Decision": ("AccessDecision", AccessDecision)})
