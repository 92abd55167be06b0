"""Sensitive values (RULES CX-2): one classification per field, and the masks it implies.

Every record field that holds money, a phone number, an e-mail address or an identifier is
declared with :func:`classified`, which records its class in the field's metadata. Everything
that shows or hands out a value reads that one classification: the record's ``repr``,
:func:`salescare.access.redact`, the masking of history details and of values quoted in
error messages (``salescare.errors``), and so the command line's messages too. A test walks
every record type by reflection, so a new field of one of these kinds cannot be added
without a class.

Classes: ``phone`` and ``email`` (contact details, masked by shape: ``138****5678``,
``z****@example.com``), ``money`` (hidden whole: ``****``), ``identifier`` (staff, customer,
ticket numbers: shown) and ``public`` (scores, rates: shown).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

import attrs

from salescare.errors import ValidationError

__all__ = [
    "HIDDEN",
    "MASK",
    "Sensitivity",
    "classified",
    "mask",
    "mask_amount",
    "mask_email",
    "mask_phone",
    "repr_email",
    "repr_phone",
    "sensitivity",
]

MASK = "****"

Sensitivity = Literal["phone", "email", "money", "identifier", "public"]
HIDDEN: frozenset[str] = frozenset({"phone", "email", "money"})
"""The classes whose values are masked wherever they are shown."""

_KEY = "salescare.sensitivity"
_PHONE_KEEP_HEAD = 3
_PHONE_KEEP_TAIL = 4


def mask_phone(phone: str | None) -> str:
    """Keep the first three and last four characters: ``13812345678`` → ``138****5678``.

    Examples:
        >>> mask_phone("13812345678"), mask_phone("12345"), mask_phone(None)
        ('138****5678', '****', 'None')
    """
    if phone is None:
        return "None"
    if len(phone) <= _PHONE_KEEP_HEAD + _PHONE_KEEP_TAIL:
        return MASK
    return f"{phone[:_PHONE_KEEP_HEAD]}{MASK}{phone[-_PHONE_KEEP_TAIL:]}"


def mask_email(email: str | None) -> str:
    """Keep the first letter and the domain: ``zhao.liu@example.com`` → ``z****@example.com``.

    Examples:
        >>> mask_email("zhao.liu@example.com"), mask_email(None)
        ('z****@example.com', 'None')
    """
    if email is None:
        return "None"
    local, at, domain = email.partition("@")
    return f"{local[:1]}{MASK}{at}{domain}"


def mask_amount(amount: Decimal | None) -> str:
    """Hide an amount entirely (its size is the secret).

    Examples:
        >>> mask_amount(Decimal("500000")), mask_amount(None)
        ('****', 'None')
    """
    return "None" if amount is None else MASK


def repr_phone(phone: str | None) -> str:
    """``repr`` hook for phone fields."""
    return "None" if phone is None else repr(mask_phone(phone))


def repr_email(email: str | None) -> str:
    """``repr`` hook for e-mail fields."""
    return "None" if email is None else repr(mask_email(email))


def mask(kind: str | None, value: Any) -> Any:
    """``value`` as it may be shown for a field of class ``kind`` (``None`` stays ``None``).

    Text of any type is masked, not only text of the right shape: a bad phone number in an
    error message is still somebody's number.

    Examples:
        >>> mask("phone", "13812345678"), mask("money", Decimal("9.5")), mask("identifier", "S1")
        ('138****5678', '****', 'S1')
        >>> mask("phone", 13812345678), mask("email", 10**5000)
        ('138****5678', '****')
    """
    if value is None or kind not in HIDDEN:
        return value
    if kind == "money":
        return MASK
    try:
        text = value if isinstance(value, str) else str(value)
    except ValueError:  # an int past the 4,300 digits Python prints: nothing of it is shown
        return MASK
    return mask_email(text) if kind == "email" else mask_phone(text)


_REPRS: dict[str, Callable[[Any], str]] = {
    "phone": repr_phone,
    "email": repr_email,
    "money": mask_amount,
}


def classified(kind: Sensitivity, **field: Any) -> Any:
    """An ``attrs.field`` of class ``kind``: its metadata, ``repr`` and error messages follow.

    A hidden class (``phone``, ``email``, ``money``) gets a masking ``repr`` and a validator
    whose errors quote the masked value, never the value itself.

    Examples:
        >>> @attrs.frozen
        ... class Quote:
        ...     amount: Decimal = classified("money")
        >>> Quote(amount=Decimal(120))
        Quote(amount=****)
        >>> sensitivity(attrs.fields(Quote).amount)
        'money'
    """
    metadata = {**field.pop("metadata", {}), _KEY: kind}
    validator = field.pop("validator", None)
    if kind in HIDDEN:
        field.setdefault("repr", _REPRS[kind])
        if validator is not None:
            validator = _hiding(kind, validator)
    return attrs.field(metadata=metadata, validator=validator, **field)


def sensitivity(field: attrs.Attribute[Any]) -> str | None:
    """The class a field was declared with (``None``: not classified)."""
    found = field.metadata.get(_KEY)
    return None if found is None else str(found)


def _hiding(kind: str, check: Callable[[Any, Any, Any], None]) -> Callable[[Any, Any, Any], None]:
    def validate(instance: Any, attribute: Any, value: Any) -> None:
        try:
            check(instance, attribute, value)
        except ValidationError as error:
            raise error.hidden(lambda shown: mask(kind, shown)) from None

    return validate
