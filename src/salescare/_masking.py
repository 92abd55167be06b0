"""Masking of sensitive values (RULES CX-2) for ``repr``, logs and exports."""

from __future__ import annotations

from decimal import Decimal

MASK = "****"

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
