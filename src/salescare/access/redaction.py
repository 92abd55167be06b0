"""Redaction: a record with the sensitive values an actor may not see masked (CX-2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

import attrs

from salescare._edge import edge
from salescare._masking import mask, sensitivity
from salescare.access._book import EMPTY_BOOK, AccessBook
from salescare.access.policy import DEFAULT_ACCESS, AccessPolicy
from salescare.access.rights import decide
from salescare.models import Actor, HistoryEntry, Log, mask_details

__all__ = ["redact"]

R = TypeVar("R")


@edge
def redact(
    record: R,
    actor: Actor,
    *,
    as_of: datetime,
    book: AccessBook = EMPTY_BOOK,
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
        decide(actor, record, "contact_details", as_of=as_of, book=book, policy=policy)
    )
    money_ok = bool(decide(actor, record, "money", as_of=as_of, book=book, policy=policy))
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
        elif isinstance(value, Log | tuple) and value and isinstance(value[0], HistoryEntry):
            changes[field.name] = tuple(_masked_entry(e, type(record), hide) for e in value)
        elif isinstance(value, Log | tuple) and value and attrs.has(type(value[0])):
            changes[field.name] = tuple(_masked(item, hide) for item in value)
        elif attrs.has(type(value)):
            changes[field.name] = _masked(value, hide)
    # evolve re-runs the validators: a masked record is still a valid record
    return attrs.evolve(record, **changes) if changes else record  # type: ignore[misc]


def _masked_entry(entry: HistoryEntry, owner: type, hide: frozenset[str]) -> HistoryEntry:
    details = mask_details(entry.details, owner, hide)
    return attrs.evolve(entry, details=details) if details != entry.details else entry
