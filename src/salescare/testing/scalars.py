"""Strategies for the small values records are made of: enums, times, amounts, scores, numbers.

Examples:
    >>> from hypothesis import given
    >>> @given(ticket_numbers())
    ... def test_numbers_round_trip(number):
    ...     assert TicketNo.parse(str(number)) == number
    >>> test_numbers_round_trip()
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from salescare.errors import ValidationError
from salescare.ids import ContractNo, CustomerCode, CustomerNo, FeedbackNo, StaffNo, TicketNo
from salescare.vocabulary import (
    Vocabulary,
)

__all__ = [
    "amounts",
    "aware_datetimes",
    "contract_numbers",
    "customer_codes",
    "customer_ids",
    "customer_numbers",
    "feedback_numbers",
    "members",
    "scores",
    "staff_numbers",
    "ticket_numbers",
    "vocabulary_labels",
]

V = TypeVar("V", bound=Vocabulary)

_ZONES: tuple[tzinfo, ...] = (
    UTC,
    timezone(timedelta(hours=8)),
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Europe/Amsterdam"),
)
_MIN_DAY = date(2000, 1, 1)
_MAX_DAY = date(2099, 12, 31)


def _check_bounds(name: str, low: object, high: object) -> None:
    if low is not None and high is not None and low > high:  # type: ignore[operator]
        raise ValidationError(
            ("salescare.testing", name),
            (low, high),
            "has min_value above max_value",
            "min_value <= max_value",
        )


def members(kind: type[V]) -> st.SearchStrategy[V]:
    """Any member of the enum ``kind``.

    Examples:
        >>> from hypothesis import given
        >>> from salescare.vocabulary import Level
        >>> @given(members(Level))
        ... def test_levels_have_labels(level):
        ...     assert level.zh_hans and level.zh_hant
        >>> test_levels_have_labels()
    """
    return st.sampled_from(list(kind))


def vocabulary_labels(kind: type[V]) -> st.SearchStrategy[tuple[str, V]]:
    """Pairs of (any accepted spelling, the member it names), for testing parsers.

    Examples:
        >>> from hypothesis import given
        >>> from salescare.vocabulary import Level
        >>> @given(vocabulary_labels(Level))
        ... def test_every_spelling_parses(pair):
        ...     text, member = pair
        ...     assert Level.parse(text) is member
        >>> test_every_spelling_parses()
    """
    pairs = [
        (spelling, member)
        for member in kind
        for spelling in (member.value, member.zh_hans, member.zh_hant, *member.aliases)
    ]
    return st.sampled_from(pairs)


def aware_datetimes(
    *, min_value: datetime | None = None, max_value: datetime | None = None
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes in several zones (UTC, +08:00, Shanghai, New York, Amsterdam).

    Bounds, when given, must be aware; they are compared as instants.
    """
    _check_bounds("aware_datetimes", min_value, max_value)
    for bound in (min_value, max_value):
        if bound is not None and bound.utcoffset() is None:
            raise ValidationError(
                ("salescare.testing", "aware_datetimes"), bound, "is naive", "an aware bound"
            )
    low = (min_value or datetime(2000, 1, 1, tzinfo=UTC)).astimezone(UTC).replace(tzinfo=None)
    high = (max_value or datetime(2099, 12, 31, tzinfo=UTC)).astimezone(UTC).replace(tzinfo=None)
    return st.builds(
        lambda moment, zone: moment.replace(tzinfo=UTC).astimezone(zone),
        st.datetimes(min_value=low, max_value=high),
        st.sampled_from(_ZONES),
    )


def _later(moment: datetime, seconds: int) -> datetime:
    # elapsed time, in the moment's own zone: plain ``moment + timedelta`` adds wall-clock
    # time and can land an hour early across a daylight-saving change
    return (moment.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(moment.tzinfo)


def _after(start: datetime, *, max_hours: int = 24 * 60) -> st.SearchStrategy[datetime]:
    return st.builds(
        lambda seconds: _later(start, seconds),
        st.integers(min_value=0, max_value=max_hours * 3600),
    )


def amounts(
    *, min_value: Decimal | int = 0, max_value: Decimal | int = 10**9
) -> st.SearchStrategy[Decimal]:
    """Amounts of yuan as ``Decimal`` with two places, never negative."""
    _check_bounds("amounts", min_value, max_value)
    if Decimal(min_value) < 0:
        raise ValidationError(
            ("salescare.testing", "amounts"), min_value, "is negative", "min_value >= 0"
        )
    return st.decimals(
        min_value=min_value, max_value=max_value, places=2, allow_nan=False, allow_infinity=False
    )


def scores(*, min_value: int = 1, max_value: int = 5) -> st.SearchStrategy[int]:
    """Whole scores on the manuals' 1–5 scale."""
    _check_bounds("scores", min_value, max_value)
    if min_value < 1 or max_value > 5:  # noqa: PLR2004 - the 1–5 scale
        raise ValidationError(
            ("salescare.testing", "scores"), (min_value, max_value), "is outside 1–5", "1..5"
        )
    return st.integers(min_value=min_value, max_value=max_value)


def _mean_scores() -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=1, max_value=5, places=2, allow_nan=False, allow_infinity=False)


def _rates() -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)


_words = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "Zs"), exclude_characters="\x00"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: bool(s.strip()))
_optional_words = st.one_of(st.just(""), _words)
_days = st.dates(min_value=_MIN_DAY, max_value=_MAX_DAY)


def _dated(kind: Any) -> st.SearchStrategy[Any]:
    return st.builds(kind, day=_days, serial=st.integers(min_value=1, max_value=999))


def ticket_numbers() -> st.SearchStrategy[TicketNo]:
    """Ticket numbers ``FW`` + date + serial (RULES TK-1)."""
    return _dated(TicketNo)


def feedback_numbers() -> st.SearchStrategy[FeedbackNo]:
    """Feedback numbers ``FK`` + date + serial (RULES FB-1)."""
    return _dated(FeedbackNo)


def contract_numbers() -> st.SearchStrategy[ContractNo]:
    """Contract numbers ``HT`` + date + serial."""
    return _dated(ContractNo)


def customer_numbers() -> st.SearchStrategy[CustomerNo]:
    """Customer numbers ``CUS`` + date + serial."""
    return _dated(CustomerNo)


def customer_codes() -> st.SearchStrategy[CustomerCode]:
    """Customer codes ``REGION-INDUSTRY-YEAR-SERIAL`` (RULES LD-6)."""
    return st.builds(
        CustomerCode,
        region=st.from_regex(r"[A-Z]{2,4}", fullmatch=True),
        industry=st.from_regex(r"[A-Z0-9]{2,6}", fullmatch=True),
        year=st.integers(min_value=1990, max_value=2099),
        serial=st.integers(min_value=1, max_value=99_999),
    )


def customer_ids() -> st.SearchStrategy[CustomerNo | CustomerCode]:
    """A customer identifier in either scheme."""
    return st.one_of(customer_numbers(), customer_codes())


def staff_numbers(*, departments: str = "SAP") -> st.SearchStrategy[StaffNo]:
    """Staff numbers such as ``S0123``, from the given department letters."""
    if not departments or not departments.isupper() or not departments.isalpha():
        raise ValidationError(
            ("salescare.testing", "staff_numbers"),
            departments,
            "is not a set of department letters",
            "capital letters, e.g. 'SAP'",
        )
    return st.builds(
        StaffNo,
        department=st.sampled_from(departments),
        number=st.integers(min_value=0, max_value=9999),
    )


_phones = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
_emails = st.from_regex(r"[a-z][a-z0-9._]{0,12}@[a-z0-9]{1,10}\.(com|cn|net)", fullmatch=True)
