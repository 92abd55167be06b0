"""Which fields of which records are sensitive (CX-2), for masking history details.

Examples:
    >>> sensitive_names()["phone"]
    'phone'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import attrs

from salescare._edge import edge
from salescare._masking import HIDDEN, mask, sensitivity

__all__ = ["mask_details", "sensitive_names"]


@edge
def mask_details(
    details: Iterable[tuple[str, Any]],
    owner: type | None = None,
    hide: frozenset[str] = HIDDEN,
) -> tuple[tuple[str, Any], ...]:
    """History details with the values of sensitive fields masked (RULES CX-2).

    A detail is the value an event set on a field of ``owner`` (the record the history
    belongs to); without an owner, a name any record classifies as sensitive is masked.
    ``hide`` narrows the classes masked (``redact`` hides only what the viewer may not see).

    Examples:
        >>> from salescare.models import Opportunity
        >>> mask_details((("amount", "500000"), ("stage", "signed")), Opportunity)
        (('amount', '****'), ('stage', 'signed'))
    """
    kinds = sensitive_names(owner)
    return tuple(
        (name, str(mask(kinds[name], value))) if kinds.get(name) in hide else (name, value)
        for name, value in details
    )


@edge
@functools.cache
def sensitive_names(owner: type | None = None) -> dict[str, str]:
    """Field name → hidden class (phone, email, money), as history details are masked.

    A name is read as ``owner`` classifies it; a name ``owner`` lacks (or any name, without
    an owner) as any record does.

    Examples:
        >>> from salescare.models import Opportunity
        >>> sensitive_names(Opportunity)["amount"], "stage" in sensitive_names(Opportunity)
        ('money', False)
    """
    found: dict[str, str] = {}
    for cls in _classified():
        for field in attrs.fields(cls):
            kind = sensitivity(field)
            if kind in HIDDEN:
                found[field.name] = kind
    if owner is not None and attrs.has(owner):
        for field in attrs.fields(owner):
            kind = sensitivity(field)
            if kind in HIDDEN:
                found[field.name] = kind
            elif kind is not None:
                found.pop(field.name, None)
    return found


def _classified() -> tuple[type, ...]:
    """Every record and part of a record whose fields may be classified."""
    from salescare import models  # noqa: PLC0415 - the records import this module

    parts = (models.Attachment, models.DepartureItem, models.Measure, models.Pause)
    return (*models.RECORD_TYPES, *parts)
