"""Field converters and validators shared by the records.

Converters never raise: attrs gives a converter only the value, not the field, so a converter
that failed could not say *which* field was bad. They turn what they can into the canonical
type and hand anything else through unchanged; the field's validator, which knows its field,
then rejects it with the path, the value and what is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeAlias, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from salescare.errors import NaiveDatetimeError, Path, ValidationError, WrongTypeError
from salescare.i18n import tr

Validator: TypeAlias = Callable[[Any, "attrs.Attribute[Any]", Any], None]

_MICROSECOND = timedelta(microseconds=1)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")

DECLARED = "salescare.declared_validator"
"""Field metadata key: the validator a field was declared with, when introspection shows more."""


def own_validator(field: attrs.Attribute[Any]) -> Any:
    """The validator ``field`` was declared with (``None`` if none).

    With Hypothesis loaded, ``attrs.fields`` of a record also shows a check the Hypothesis
    plugin adds so that ``st.builds`` can infer the field (it never refuses anything); code
    that reads validators reads the declared one, so it behaves the same either way.
    """
    return field.metadata.get(DECLARED, field.validator)


def zone(name: Any, path: Path = ("tz",)) -> ZoneInfo:
    """The time zone ``name`` names (an IANA name like ``Asia/Shanghai``), or a clear error.

    Examples:
        >>> zone("Asia/Shanghai")
        zoneinfo.ZoneInfo(key='Asia/Shanghai')
        >>> zone("Mars/Olympus")
        Traceback (most recent call last):
        ...
        salescare.errors.ValidationError: tz: 'Mars/Olympus' is not a known time zone; \
expected an IANA name like 'Asia/Shanghai'
    """
    if not isinstance(name, str):
        raise WrongTypeError(
            path, name, tr("is not a time zone name"), tr("an IANA name like 'Asia/Shanghai'")
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(
            path,
            name,
            tr("is not a known time zone"),
            tr("an IANA name like 'Asia/Shanghai'"),
            code="unknown_zone",
        ) from None


def quantise(value: Decimal, precision: Decimal) -> Decimal:
    """``value`` rounded half-even to ``precision``, as scores are before they are compared."""
    return value.quantize(precision, rounding=ROUND_HALF_EVEN)


def where(instance: Any, attribute: attrs.Attribute[Any]) -> Path:
    """The path of a field of a record, e.g. ``("Ticket", "level")``."""
    return (type(instance).__name__, attribute.name)


def to_decimal(value: Decimal | int | str | float) -> Decimal:  # noqa: PLR0911 - one per type
    """Money and mean scores as Decimal: floats through their shortest repr, "500,000" read."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return cast("Decimal", value)  # the validator rejects it with its field name
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest text that round-trips, so 0.1 becomes Decimal("0.1"),
        # not the binary expansion 0.1000000000000000055511151231257827...
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        if _THOUSANDS.fullmatch(text):
            text = text.replace(",", "")
        try:
            return Decimal(text)
        except InvalidOperation:
            return cast("Decimal", value)
    # Reachable at run time when callers ignore the annotation; the validator reports it.
    return cast("Decimal", value)  # type: ignore[unreachable]


def to_optional_decimal(value: Decimal | int | str | float | None) -> Decimal | None:
    """:func:`to_decimal`, letting ``None`` through."""
    return None if value is None else to_decimal(value)


def _decimal(instance: Any, attribute: attrs.Attribute[Any], value: Any, noun: str) -> Decimal:
    if not isinstance(value, Decimal):
        raise WrongTypeError(
            where(instance, attribute),
            value,
            tr("is not {noun}", noun=noun),
            tr("a Decimal, an int or a numeric string"),
        )
    if not value.is_finite():
        raise ValidationError(
            where(instance, attribute),
            value,
            tr("is not finite"),
            tr("a finite number"),
            code="bad_number",
        )
    return value


def money(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-negative, finite amount of yuan (RULES: money is Decimal, never negative)."""
    amount = _decimal(instance, attribute, value, tr("an amount"))
    if amount < 0:
        raise ValidationError(
            where(instance, attribute),
            value,
            tr("is negative"),
            tr("an amount >= 0 (yuan)"),
            code="out_of_range",
        )


def optional_money(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """:func:`money` or ``None``."""
    if value is not None:
        money(instance, attribute, value)


def optional_hours(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-negative, finite number of hours, or ``None``."""
    if value is not None and _decimal(instance, attribute, value, tr("a number of hours")) < 0:
        raise ValidationError(
            where(instance, attribute),
            value,
            tr("is negative"),
            tr("hours >= 0"),
            code="out_of_range",
        )


def score(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A whole score from 1 to 5."""
    if type(value) is not int:
        raise WrongTypeError(
            where(instance, attribute), value, tr("is not a score"), tr("an int 1–5")
        )
    if not 1 <= value <= 5:  # noqa: PLR2004 - the manuals' 1–5 scale
        raise ValidationError(
            where(instance, attribute),
            value,
            tr("is out of range"),
            tr("a score 1–5"),
            code="out_of_range",
        )


def optional_score(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """:func:`score` or ``None``."""
    if value is not None:
        score(instance, attribute, value)


def mean_score(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A score from 1 to 5 that may carry decimals (an average, e.g. 3.8)."""
    number = _decimal(instance, attribute, value, tr("a score"))
    if not 1 <= number <= 5:  # noqa: PLR2004 - the manuals' 1–5 scale
        raise ValidationError(
            where(instance, attribute),
            value,
            tr("is out of range"),
            tr("a score from 1 to 5"),
            code="out_of_range",
        )


def optional_rate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A fraction from 0 to 1 (85 % is ``Decimal("0.85")``), or ``None``."""
    if value is None:
        return
    number = _decimal(instance, attribute, value, tr("a rate"))
    if not 0 <= number <= 1:
        raise ValidationError(
            where(instance, attribute),
            value,
            tr("is out of range"),
            tr("a fraction from 0 to 1 (write 85 % as 0.85)"),
            code="out_of_range",
        )


def non_negative_int(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A whole number >= 0."""
    if type(value) is not int:
        raise WrongTypeError(
            where(instance, attribute), value, tr("is not an int"), tr("an int >= 0")
        )
    if value < 0:
        raise ValidationError(
            where(instance, attribute),
            value,
            tr("is negative"),
            tr("an int >= 0"),
            code="out_of_range",
        )


def optional_non_negative_int(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """:func:`non_negative_int` or ``None``."""
    if value is not None:
        non_negative_int(instance, attribute, value)


def aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A timezone-aware datetime."""
    if not isinstance(value, datetime):
        raise WrongTypeError(
            where(instance, attribute),
            value,
            tr("is not a datetime"),
            tr("a timezone-aware datetime"),
        )
    if value.utcoffset() is None:
        raise NaiveDatetimeError.for_field(where(instance, attribute), value)


def optional_aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """:func:`aware` or ``None``."""
    if value is not None:
        aware(instance, attribute, value)


def type_only(check: Validator, kinds: tuple[type, ...], *, none: bool = False) -> Validator:
    """Mark ``check`` as checking only that a value is one of ``kinds`` (or ``None``).

    A record built by the converter skips such a check: the converter's hook for the field's
    type has produced exactly such a value (an aware datetime, a member, a parsed id).
    """
    check.type_only = (kinds, none)  # type: ignore[attr-defined]
    return check


def day(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A calendar date (a ``datetime`` is refused: it would carry a time the field drops)."""
    if type(value) is not date:
        raise WrongTypeError(
            where(instance, attribute), value, tr("is not a date"), tr("a datetime.date (no time)")
        )


def optional_day(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """:func:`day` or ``None``."""
    if value is not None:
        day(instance, attribute, value)


def text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Text that must say something (not empty, not only spaces)."""
    if not isinstance(value, str):
        raise WrongTypeError(where(instance, attribute), value, tr("is not text"), tr("a str"))
    if not value.strip():
        raise ValidationError(
            where(instance, attribute), value, tr("is empty"), tr("non-empty text"), code="empty"
        )


def plain_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Text that may be empty."""
    if not isinstance(value, str):
        raise WrongTypeError(where(instance, attribute), value, tr("is not text"), tr("a str"))


def flag(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A ``bool`` (not 0/1 or "yes": those are read at the edge, in serialize)."""
    if type(value) is not bool:
        raise WrongTypeError(
            where(instance, attribute), value, tr("is not a bool"), tr("True or False")
        )


def optional_flag(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """:func:`flag` or ``None`` (unknown)."""
    if value is not None:
        flag(instance, attribute, value)


for _check, _kinds, _none in (
    (aware, (datetime,), False),
    (optional_aware, (datetime,), True),
    (day, (date,), False),
    (optional_day, (date,), True),
    (plain_text, (str,), False),
    (flag, (bool,), False),
    (optional_flag, (bool,), True),
):
    type_only(_check, _kinds, none=_none)


def _type_name(kind: type) -> str:
    return kind.__name__


def member(kind: type[Enum]) -> Validator:
    """A member of the enum ``kind``; suggests ``parse`` for text."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind):
            raise WrongTypeError(
                where(instance, attribute),
                value,
                tr("is not a {value}", value=_type_name(kind)),
                tr("a {value} member", value=_type_name(kind)),
                tr("Read text with {value}.parse(...)", value=_type_name(kind)),
            )

    return type_only(check, (kind,))


def instance(*kinds: type) -> Validator:
    """An instance of one of ``kinds`` (identifiers, nested records)."""
    names = " or ".join(_type_name(kind) for kind in kinds)

    def check(instance_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kinds):
            parse_hint = (
                tr("Read text with {value}.parse(...)", value=_type_name(kinds[0]))
                if hasattr(kinds[0], "parse")
                else ""
            )
            raise WrongTypeError(
                where(instance_, attribute),
                value,
                tr("is not a {names}", names=names),
                tr("a {names}", names=names),
                parse_hint,
            )

    return type_only(check, kinds)


def optional(check: Validator) -> Validator:
    """``check``, letting ``None`` through."""

    def maybe(instance_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            check(instance_, attribute, value)

    inner = getattr(check, "type_only", None)
    return maybe if inner is None else type_only(maybe, inner[0], none=True)


def tuple_of(*kinds: type) -> Validator:
    """A tuple whose every item is one of ``kinds`` (lists are converted by the field)."""
    names = " or ".join(_type_name(kind) for kind in kinds)

    def check(instance_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise WrongTypeError(
                where(instance_, attribute),
                value,
                tr("is not a tuple"),
                tr("a tuple of {names}", names=names),
            )
        for index, item in enumerate(value):
            if not isinstance(item, kinds):
                raise WrongTypeError(
                    (*where(instance_, attribute), index),
                    item,
                    tr("is not a {names}", names=names),
                    tr("a {names}", names=names),
                )

    check.type_only_items = kinds  # type: ignore[attr-defined]
    return check


def precedes(first: datetime, second: datetime) -> bool:
    """Whether the instant ``first`` comes before the instant ``second``.

    Python compares two datetimes of the *same* zone by their wall clocks, ignoring
    daylight saving (PEP 495): 01:30 on the second pass of a repeated hour sorts before 01:40
    on the first pass, an hour later in real time. Events are ordered in real time, so such
    pairs are compared in UTC.

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> ny = ZoneInfo("America/New_York")
        >>> second_pass = datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=ny)
        >>> first_pass = datetime(2024, 11, 3, 1, 40, tzinfo=ny)
        >>> second_pass < first_pass, precedes(second_pass, first_pass)
        (True, False)
    """
    if first.tzinfo is second.tzinfo and not isinstance(first.tzinfo, timezone):
        return instant_key(first) < instant_key(second)
    return first < second


def instant_key(moment: datetime) -> int:
    """An aware datetime as microseconds since 0001-01-01 UTC: for ordering, never overflows.

    (``astimezone(UTC)`` fails for 9999-12-31 23:00 in a zone west of UTC.)
    """
    offset = moment.utcoffset() or timedelta(0)
    seconds = moment.toordinal() * 86_400 + moment.hour * 3600 + moment.minute * 60
    return (seconds + moment.second) * 10**6 + moment.microsecond - offset // _MICROSECOND


def not_before(
    record: Any, later: str, earlier: str, *, label: str | None = None
) -> ValidationError | None:
    """An error if the datetime field ``later`` precedes ``earlier`` (both set)."""
    late = getattr(record, later)
    early = getattr(record, earlier)
    if late is None or early is None or not precedes(late, early):
        return None
    return ValidationError(
        (type(record).__name__, later),
        late,
        tr("is before {value} ({early})", value=label or earlier, early=early.isoformat()),
        tr("a time on or after {value}", value=label or earlier),
        code="out_of_order",
    )


class TimeOrder:
    """``(later, earlier)`` pairs of a record's datetime fields that must be in order.

    Every record built checks its pairs, so the check is generated once per record type:
    each field read once, each pair compared inline (as :func:`precedes` compares).
    """

    __slots__ = ("_any_wrong", "pairs")

    def __init__(self, *pairs: tuple[str, str]) -> None:
        self.pairs = pairs
        names = list(dict.fromkeys(name for pair in pairs for name in pair))
        local = {name: f"t{index}" for index, name in enumerate(names)}
        lines = ["def any_wrong(record):"]
        lines += [f"    {local[name]} = record.{name}" for name in names]
        for later, earlier in pairs:
            x, y = local[later], local[earlier]
            lines += [
                f"    if {x} is not None and {y} is not None and (",
                f"        _key({x}) < _key({y})",
                f"        if (z := {x}.tzinfo) is {y}.tzinfo and not isinstance(z, _fixed)",
                f"        else {x} < {y}",
                "    ):",
                "        return True",
            ]
        lines.append("    return False")
        scope: dict[str, Any] = {"_key": instant_key, "_fixed": timezone}
        exec("\n".join(lines), scope)  # noqa: S102 - code built from the record's field names
        self._any_wrong: Callable[[Any], bool] = scope["any_wrong"]


def out_of_order(record: Any, order: TimeOrder) -> list[ValidationError]:
    """Every ``(later, earlier)`` pair of datetime fields where ``later`` precedes ``earlier``.

    The common case (all in order) costs a comparison per pair; errors are built only for
    the pairs out of order.
    """
    if not order._any_wrong(record):  # noqa: SLF001 - the order's own generated check
        return []
    found = [not_before(record, later, earlier) for later, earlier in order.pairs]
    return [problem for problem in found if problem is not None]


def required_when(record: Any, name: str, condition: str) -> ValidationError | None:
    """An error if field ``name`` is empty; ``condition`` says why it is needed."""
    value = getattr(record, name)
    if value is None or (isinstance(value, str | tuple) and not value):
        return ValidationError(
            (type(record).__name__, name),
            value,
            tr("is missing: {condition}", condition=condition),
            tr("a value"),
            code="missing",
        )
    return None


def raise_all(record: Any, problems: list[ValidationError | None]) -> None:
    """Raise every cross-field problem of ``record`` at once, or nothing."""
    found = [problem for problem in problems if problem is not None]
    if found:
        raise ValidationError.group((type(record).__name__,), found)


def converted(field: attrs.Attribute[Any], value: Any) -> Any:
    """``value`` through ``field``'s converter, as a record's ``__init__`` would convert it.

    Record converters are one-argument functions.
    """
    convert = field.converter
    return value if convert is None else convert(value)  # type: ignore[operator]
