"""What the records' fields share: identifiers, money, phones and e-mails, time order."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from salescare._checks import (
    instance,
    optional,
    optional_money,
    precedes,
    to_optional_decimal,
    where,
)
from salescare._masking import classified
from salescare.errors import ValidationError
from salescare.i18n import tr
from salescare.ids import CustomerCode, CustomerNo, StaffNo

__all__ = []


_PHONE = re.compile(r"\+?[\d\s\-()]+")
# what salescare._masking.mask_phone leaves: a redacted number is still a valid value (CX-2)
_MASKED_PHONE = re.compile(r"[\d\s\-()+]{0,3}\*{4}[\d\s\-()]{0,4}")
_PHONE_DIGITS = range(5, 16)  # a short internal extension up to an E.164 number
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")

_customer_id = instance(CustomerNo, CustomerCode)
_staff = optional(instance(StaffNo))


def _identifier(**field: Any) -> Any:
    """A field holding a staff, customer or document number (shown, but classified: CX-2)."""
    return classified("identifier", **field)


def _money(*, default: Decimal | None = None) -> Any:
    """An optional amount of yuan: hidden in ``repr``, errors and redacted copies (CX-2)."""
    return classified(
        "money", default=default, converter=to_optional_decimal, validator=optional_money
    )


def _phone(instance_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None or (isinstance(value, str) and _MASKED_PHONE.fullmatch(value)):
        return
    digits = sum(map(str.isdigit, value)) if isinstance(value, str) else 0
    if not isinstance(value, str) or not _PHONE.fullmatch(value) or digits not in _PHONE_DIGITS:
        raise ValidationError(
            where(instance_, attribute),
            value,
            tr("is not a phone number"),
            tr("5–15 digits, optionally with +, spaces, hyphens or brackets"),
            code="bad_format",
        )


def _email(instance_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not _EMAIL.fullmatch(value)):
        raise ValidationError(
            where(instance_, attribute),
            value,
            tr("is not an e-mail address"),
            tr("name@domain.tld"),
            code="bad_format",
        )


def _not_before_value(
    record: Any, name: str, earliest: datetime, label: str
) -> ValidationError | None:
    value = getattr(record, name)
    if value is None or not precedes(value, earliest):
        return None
    return ValidationError(
        (type(record).__name__, name),
        value,
        tr("is before {label} ({earliest})", label=label, earliest=earliest.isoformat()),
        tr("a time on or after {label}", label=label),
        code="out_of_order",
    )
