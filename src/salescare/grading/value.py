"""A/B/C/D value-potential grading (RULES GR-1…GR-3): purchases and potential to a grade.

Every function is total on valid input and monotone (more purchases or more potential never
lower a grade), and explains itself: each result carries ``rule`` (the rule IDs applied) and
``reason`` (one sentence naming the inputs and the thresholds). Every number is a field of the
frozen :class:`GradingPolicy`, with :data:`DEFAULT_GRADING_POLICY` the manuals' own.

Examples:
    >>> from decimal import Decimal
    >>> r = grade_customer(Decimal("320000"), 3)
    >>> print(r.grade, r.value_tier, r.potential_tier)
    B B C
    >>> print(r.reason)
    B: annual purchases 320,000 in [200,000, 500,000) (GR-1); potential 3 (tier C) does not \
lift (GR-3)
    >>> print(grade_customer(320000, 5).reason)
    A: annual purchases 320,000 in [200,000, 500,000) (GR-1); potential 5 (tier A) lifts B by \
one level (GR-3)
"""

from __future__ import annotations

import itertools
import math
import numbers
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

import attrs

from salescare._edge import check_fields, edge
from salescare._hypothesis_plugin import announce
from salescare.errors import PolicyError, ValidationError, WrongTypeError
from salescare.i18n import tr
from salescare.models import (
    Customer,
)
from salescare.vocabulary import (
    Grade,
)

__all__ = [
    "DEFAULT_GRADING_POLICY",
    "GradeResult",
    "GradingPolicy",
    "Missing",
    "ValueBand",
    "grade_customer",
    "grade_customers",
    "potential_tier",
    "value_tier",
]

Missing = Literal["reject", "unknown", "exclude"]
"""What a missing input does: ``reject`` raises, ``unknown`` gives no grade, ``exclude`` drops
the input from a weighted mean and renormalises the other weights."""

_GRADES = (Grade.A, Grade.B, Grade.C, Grade.D)
_SCORES = range(1, 6)
_RANK = {grade: index for index, grade in enumerate(_GRADES)}


def _money_text(amount: Decimal) -> str:
    return f"{amount:,}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


# -- value-potential grading (GR-1 … GR-6) ------------------------------------------------------


def _optional_decimal(value: Decimal | int | str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@attrs.frozen(kw_only=True)
class ValueBand:
    """Annual purchases from ``lower`` (inclusive) to ``upper`` (exclusive; ``None``: no limit)."""

    grade: Grade
    lower: Decimal = attrs.field(converter=Decimal)
    upper: Decimal | None = attrs.field(default=None, converter=_optional_decimal)

    def __attrs_post_init__(self) -> None:
        check_fields(self)

    def describe(self) -> str:
        """The band as the reason shows it, e.g. ``[200,000, 500,000)``."""
        if self.upper is None:
            return f">= {_money_text(self.lower)}"
        return f"[{_money_text(self.lower)}, {_money_text(self.upper)})"


def _combine(value: Grade, potential: Grade, score: int, policy: GradingPolicy) -> Grade:
    if policy.matrix is not None:
        return policy.matrix[value][score - 1]
    rank = _RANK[value]
    if _RANK[potential] < rank:
        return _GRADES[rank - 1]
    return value


class _Edges:
    """A policy prepared for fast scalar grading: edges by type and the grade table."""

    __slots__ = (
        "ascending",
        "bands",
        "by_index",
        "decimals",
        "flat",
        "grades",
        "integers",
        "table",
        "tiers",
    )

    def __init__(self, policy: GradingPolicy) -> None:
        ordered = sorted(policy.bands, key=lambda band: band.lower, reverse=True)
        self.bands = tuple(ordered)
        self.grades = tuple(band.grade for band in ordered)
        self.decimals = tuple(band.lower for band in ordered)
        # Comparing an int with an int is faster than with a Decimal; integral edges allow it.
        self.integers = tuple(
            int(edge) if edge == edge.to_integral_value() else None for edge in self.decimals
        )
        # tiers[score] and table[value tier][score] -> grade, for every combination
        self.tiers = {score: policy.potential[score] for score in _SCORES}
        self.table = {
            value: {score: _combine(value, self.tiers[score], score, policy) for score in _SCORES}
            for value in _GRADES
        }
        # bisect_right(ascending, amount) = 1 + the index of the band the amount falls in
        self.ascending = tuple(reversed(self.decimals))
        self.by_index = (None, *reversed(self.grades))
        self.flat = tuple(
            None if grade is None or score == 0 else self.table[grade][score]
            for grade in self.by_index
            for score in range(6)
        )


def _default_bands() -> tuple[ValueBand, ...]:
    return (
        ValueBand(grade=Grade.A, lower=500_000),
        ValueBand(grade=Grade.B, lower=200_000, upper=500_000),
        ValueBand(grade=Grade.C, lower=50_000, upper=200_000),
        ValueBand(grade=Grade.D, lower=0, upper=50_000),
    )


def _default_potential() -> Mapping[int, Grade]:
    return MappingProxyType({5: Grade.A, 4: Grade.B, 3: Grade.C, 2: Grade.D, 1: Grade.D})


@attrs.frozen(kw_only=True)
class GradingPolicy:
    """The numbers of RULES GR-1…GR-3 and GR-5, checked when the policy is built.

    ``bands`` must cover 0 upwards with no gap and no overlap, one band per grade, better
    grades for more purchases. ``matrix`` (optional) replaces the one-level lift of GR-3: a row
    per value tier A–D, a column per potential score 1–5, each cell the grade; it must not
    lower a grade when value or potential rises. ``exit_margin`` and ``downgrade_after`` add
    hysteresis to :func:`regrade` (both off by default).
    """

    bands: tuple[ValueBand, ...] = attrs.field(factory=_default_bands)
    potential: Mapping[int, Grade] = attrs.field(factory=_default_potential)
    matrix: Mapping[Grade, tuple[Grade, ...]] | None = None
    exit_margin: Decimal = attrs.field(default=Decimal(0), converter=Decimal)
    downgrade_after: int = 1
    _edges: _Edges = attrs.field(init=False, eq=False, repr=False, hash=False, default=None)

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = _band_problems(self.bands)
        if sorted(self.potential) != [1, 2, 3, 4, 5]:
            problems.append(
                tr("potential tiers cover {value}, not scores 1–5", value=sorted(self.potential))
            )
        elif any(_RANK[self.potential[s]] < _RANK[self.potential[s + 1]] for s in range(1, 5)):
            problems.append(tr("a higher potential score maps to a lower potential tier"))
        if self.matrix is not None:
            problems += _matrix_problems(self.matrix)
        if not 0 <= self.exit_margin < 1:
            problems.append(
                tr(
                    "exit margin {exit_margin} is not a fraction in [0, 1)",
                    exit_margin=self.exit_margin,
                )
            )
        if type(self.downgrade_after) is not int or self.downgrade_after < 1:
            problems.append(
                tr(
                    "downgrade_after {downgrade_after} is not a whole number >= 1",
                    downgrade_after=repr(self.downgrade_after),
                )
            )
        if problems:
            raise PolicyError("GradingPolicy", problems)
        object.__setattr__(self, "_edges", _Edges(self))  # frozen: set once, here

    def tier(self, amount: Decimal | int) -> Grade:
        """The value tier of a checked, non-negative amount (see :func:`value_tier`)."""
        return _tier(amount, self._edges)

    def band(self, grade: Grade) -> ValueBand:
        """The value band of ``grade``."""
        return next(band for band in self.bands if band.grade is grade)


def _band_problems(bands: Sequence[ValueBand]) -> list[str]:
    problems: list[str] = []
    grades = [band.grade for band in bands]
    if sorted(grades, key=_RANK.__getitem__) != list(_GRADES):
        problems.append(
            tr("bands must name each of A, B, C, D once (got {grades})", grades=", ".join(grades))
        )
    ordered = sorted(bands, key=lambda band: band.lower)
    if ordered and ordered[0].lower != 0:
        problems.append(tr("the lowest band starts at {lower}, not 0", lower=ordered[0].lower))
    for low, high in itertools.pairwise(ordered):
        if low.upper is None or low.upper > high.lower:
            problems.append(
                tr(
                    "bands {grade} and {grade2} overlap at {lower}",
                    grade=low.grade,
                    grade2=high.grade,
                    lower=high.lower,
                )
            )
        elif low.upper < high.lower:
            problems.append(
                tr(
                    "gap between bands {grade} and {grade2}: [{upper}, {lower}) has no grade",
                    grade=low.grade,
                    grade2=high.grade,
                    upper=low.upper,
                    lower=high.lower,
                )
            )
        if _RANK.get(high.grade, 0) > _RANK.get(low.grade, 0):
            problems.append(
                tr(
                    "band {grade} buys more than band {grade2} but grades lower",
                    grade=high.grade,
                    grade2=low.grade,
                )
            )
    if ordered and ordered[-1].upper is not None:
        problems.append(
            tr("the top band {grade} must have no upper bound", grade=ordered[-1].grade)
        )
    problems.extend(
        tr(
            "band {grade} is empty: [{lower}, {upper})",
            grade=band.grade,
            lower=band.lower,
            upper=band.upper,
        )
        for band in bands
        if band.upper is not None and band.upper <= band.lower
    )
    return problems


def _matrix_problems(matrix: Mapping[Grade, tuple[Grade, ...]]) -> list[str]:
    problems: list[str] = []
    if sorted(matrix, key=_RANK.__getitem__) != list(_GRADES) or any(
        len(row) != len(_SCORES) for row in matrix.values()
    ):
        return [tr("the matrix needs a row for each value tier A–D with 5 potential columns")]
    for grade in _GRADES:
        row = [_RANK[cell] for cell in matrix[grade]]
        if any(a < b for a, b in itertools.pairwise(row)):
            problems.append(tr("row {grade}: more potential gives a lower grade", grade=grade))
    for low, high in zip(_GRADES[1:], _GRADES, strict=False):
        problems.extend(
            tr(
                "column {value}: value tier {high} grades below value tier {low}",
                value=column + 1,
                high=high,
                low=low,
            )
            for column in range(len(_SCORES))
            if _RANK[matrix[high][column]] > _RANK[matrix[low][column]]
        )
    return problems


DEFAULT_GRADING_POLICY = GradingPolicy()
"""002's bands (A ≥ 500,000; B ≥ 200,000; C ≥ 50,000; D below) and potential tiers."""


def _amount(value: Any, field: str) -> Decimal | int | None:
    """An amount as Decimal (or int, kept for speed); ``None`` when missing (None or NaN)."""
    kind = type(value)
    if kind is int or kind is Decimal:
        if kind is Decimal and not value.is_finite():
            if value.is_nan():
                return None
            raise ValidationError((field,), value, tr("is not finite"), tr("a finite amount"))
        if value < 0:
            raise ValidationError((field,), value, tr("is negative"), tr("an amount >= 0 (yuan)"))
        return value  # type: ignore[no-any-return]
    if value is None:
        return None
    return _amount(_other_amount(value, field), field)


def _other_amount(value: Any, field: str) -> Decimal | int:
    """Floats through their shortest repr, text with thousands commas; anything else refused.

    numpy scalars are read like Python numbers: data teams pass them row by row.
    """
    if isinstance(value, bool):
        raise WrongTypeError((field,), value, tr("is not an amount"), tr("a number of yuan"))
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float) or (
        isinstance(value, numbers.Real) and not isinstance(value, Fraction)
    ):
        value = float(value)
        if math.isnan(value):
            return Decimal("NaN")
        if math.isinf(value):
            raise ValidationError((field,), value, tr("is not finite"), tr("a finite amount"))
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.replace(",", "").strip())
        except InvalidOperation:
            raise ValidationError(
                (field,), value, tr("is not an amount"), tr("a number of yuan, e.g. 320000")
            ) from None
    raise WrongTypeError(
        (field,), value, tr("is not an amount"), tr("a Decimal, an int, a float or numeric text")
    )


_SCORE_DIGITS = 3  # longer text is no score, and int() of a huge text is refused anyway


def _score(value: Any, field: str) -> int | None:
    if type(value) not in {int, bool} and isinstance(value, numbers.Real):
        value = int(value) if isinstance(value, numbers.Integral) else float(value)
    kind = type(value)
    if kind is int:
        if 1 <= value <= 5:  # noqa: PLR2004 - the 1–5 scale
            return value  # type: ignore[no-any-return]
        raise ValidationError((field,), value, tr("is out of range"), tr("a whole score 1–5"))
    if value is None:
        return None
    if kind is float or kind is Decimal:
        return _real_score(value, field)
    if kind is str and value.strip().isdecimal() and len(value.strip()) <= _SCORE_DIGITS:
        return _score(int(value), field)  # full-width digits (５) read as digits
    raise WrongTypeError((field,), value, tr("is not a score"), tr("a whole score 1–5"))


def _real_score(value: float | Decimal, field: str) -> int | None:
    """A float or Decimal score: NaN is missing, a whole number 1–5 is the score."""
    # Decimal's own tests: a signalling NaN cannot even be converted to float
    if value.is_nan() if isinstance(value, Decimal) else math.isnan(value):
        return None
    if value.is_infinite() if isinstance(value, Decimal) else math.isinf(value):
        raise ValidationError((field,), value, tr("is not finite"), tr("a whole score 1–5"))
    # the range first: int() of 1E+999999 would build a million-digit number
    if not 1 <= value <= 5:  # noqa: PLR2004 - the 1–5 scale
        raise ValidationError((field,), value, tr("is out of range"), tr("a whole score 1–5"))
    if value == int(value):
        return _score(int(value), field)
    raise ValidationError((field,), value, tr("is not a whole score"), tr("a whole score 1–5"))


@edge
def value_tier(
    amount: Decimal | int | float | str, *, policy: GradingPolicy = DEFAULT_GRADING_POLICY
) -> Grade:
    """The value tier of annual purchases (RULES GR-1); lower bounds are inclusive.

    Examples:
        >>> value_tier(500000), value_tier("499999.99"), value_tier(0)
        (<Grade.A: 'A'>, <Grade.B: 'B'>, <Grade.D: 'D'>)
    """
    checked = _amount(amount, "annual_purchases")
    if checked is None:
        raise ValidationError(("annual_purchases",), amount, tr("is missing"), tr("an amount >= 0"))
    return policy.tier(checked)


def _tier(amount: Decimal | int, edges: _Edges) -> Grade:
    if type(amount) is int:
        for edge, whole, grade in zip(edges.decimals, edges.integers, edges.grades, strict=True):
            if amount >= (edge if whole is None else whole):
                return grade
    else:
        for edge, grade in zip(edges.decimals, edges.grades, strict=True):
            if amount >= edge:
                return grade
    return edges.grades[-1]  # pragma: no cover - the lowest band starts at 0


@edge
def potential_tier(score: int, *, policy: GradingPolicy = DEFAULT_GRADING_POLICY) -> Grade:
    """The potential tier of a 1–5 potential score (RULES GR-2).

    Examples:
        >>> [str(potential_tier(s)) for s in range(1, 6)]
        ['D', 'D', 'C', 'B', 'A']
    """
    checked = _score(score, "potential")
    if checked is None:
        raise ValidationError(("potential",), score, tr("is missing"), tr("a whole score 1–5"))
    return policy.potential[checked]


class GradeResult(NamedTuple):
    """A value-potential grade with its inputs; ``reason`` and ``rule`` explain it.

    ``grade`` is ``None`` only when an input was missing under ``missing="unknown"``.
    """

    grade: Grade | None
    value_tier: Grade | None
    potential_tier: Grade | None
    annual_purchases: Decimal | int | None
    potential: int | None
    policy: GradingPolicy = DEFAULT_GRADING_POLICY

    @property
    def rule(self) -> str:
        """The rules applied."""
        return "GR-1 GR-2 GR-3"

    @property
    def reason(self) -> str:
        """One sentence naming the inputs and thresholds that decided the grade."""
        if self.grade is None:
            missing = [
                name
                for name, value in (
                    (tr("annual purchases"), self.annual_purchases),
                    ("potential", self.potential),
                )
                if value is None
            ]
            return f"unknown: {' and '.join(missing)} missing (GR-1, GR-2)"
        amount = Decimal(self.annual_purchases or 0)
        band = self.policy.band(self.value_tier or Grade.D)
        value = tr(
            "annual purchases {value} in {value2} (GR-1)",
            value=_money_text(amount),
            value2=band.describe(),
        )
        tier = tr(
            "potential {potential} (tier {potential_tier})",
            potential=self.potential,
            potential_tier=self.potential_tier,
        )
        if self.policy.matrix is not None:
            return tr(
                "{grade}: {value}; {tier} gives {grade} by the policy matrix (GR-3)",
                grade=self.grade,
                value=value,
                tier=tier,
            )
        if self.grade is not self.value_tier:
            return tr(
                "{grade}: {value}; {tier} lifts {value_tier} by one level (GR-3)",
                grade=self.grade,
                value=value,
                tier=tier,
                value_tier=self.value_tier,
            )
        return tr(
            "{grade}: {value}; {tier} does not lift (GR-3)",
            grade=self.grade,
            value=value,
            tier=tier,
        )


def grade_customer(
    annual_purchases: Decimal | int | float | str | None,
    potential: int | None,
    *,
    policy: GradingPolicy = DEFAULT_GRADING_POLICY,
    missing: Missing = "reject",
) -> GradeResult:
    """The A/B/C/D grade from annual purchases and a 1–5 potential score (RULES GR-1…GR-3).

    The grade is the value tier, lifted by one level when the potential tier is strictly
    higher; potential never lowers a grade (the project's ruling on GR-3), unless the policy
    gives its own matrix. ``missing="unknown"`` turns a missing input (``None`` or NaN) into a
    result with no grade instead of an error.
    """
    # CRMs call this per record and data teams per row: the common case (an int or Decimal
    # amount and an int score) is inlined; everything else goes through the checked path.
    edges = policy._edges  # noqa: SLF001 - the policy's own precomputed table
    kind = type(annual_purchases)
    if (
        (kind is int or (kind is Decimal and annual_purchases.is_finite()))  # type: ignore[union-attr]
        and type(potential) is int
        and 1 <= potential <= 5  # noqa: PLR2004 - the 1–5 scale
        and annual_purchases >= 0  # type: ignore[operator]
    ):
        # bisect over the ascending lower bounds is done in C; index 0 cannot happen (>= 0)
        index = bisect_right(edges.ascending, annual_purchases)  # type: ignore[type-var]
        return tuple.__new__(
            GradeResult,
            (
                edges.flat[index * 6 + potential],
                edges.by_index[index],
                edges.tiers[potential],
                annual_purchases,
                potential,
                policy,
            ),
        )
    return _grade_checked(annual_purchases, potential, policy, missing)


def _grade_checked(
    annual_purchases: Any, potential: Any, policy: GradingPolicy, missing: Missing
) -> GradeResult:
    amount = _amount(annual_purchases, "annual_purchases")
    score = _score(potential, "potential")
    if amount is None or score is None:
        if missing != "unknown":
            field, value = (
                ("annual_purchases", annual_purchases)
                if amount is None
                else ("potential", potential)
            )
            raise ValidationError.missing(
                (field,), value, tr("a value, or missing='unknown' to grade it as unknown")
            )
        return GradeResult(None, None, None, amount, score, policy)
    value = policy.tier(amount)
    tier = policy.potential[score]
    return GradeResult(_combine(value, tier, score, policy), value, tier, amount, score, policy)


@edge
def grade_customers(
    rows: Iterable[Mapping[str, Any] | Customer],
    *,
    policy: GradingPolicy = DEFAULT_GRADING_POLICY,
    missing: Missing = "reject",
) -> list[GradeResult]:
    """:func:`grade_customer` for each row, in order.

    A row is a :class:`~salescare.models.Customer` or a mapping with ``annual_purchases`` and
    ``potential``; errors name the row's index.

    Examples:
        >>> [
        ...     str(r.grade)
        ...     for r in grade_customers(
        ...         [
        ...             {"annual_purchases": 600000, "potential": 2},
        ...             {"annual_purchases": 60000, "potential": 4},
        ...         ]
        ...     )
        ... ]
        ['A', 'B']
    """
    results = []
    for index, row in enumerate(rows):
        if isinstance(row, Customer):
            purchases, score = row.annual_purchases, row.potential
        else:
            purchases, score = row.get("annual_purchases"), row.get("potential")
        try:
            results.append(grade_customer(purchases, score, policy=policy, missing=missing))
        except ValidationError as error:
            raise error.relocated(("$", index)) from None
    return results


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
