"""Grading: A/B/C/D value-potential grades, customer health, service quality, satisfaction.

Every function is total on valid input, monotone where the rules are (more purchases or more
potential never lower a grade; higher scores never worsen health), and explains itself: each
result carries ``rule`` (the rule IDs applied) and ``reason`` (one sentence naming the inputs
and the thresholds). Every number is a field of a frozen policy with a module-level default.

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
    >>> h = grade_health(Decimal("4.5"), Decimal("3.8"))
    >>> print(h.health, h.weak_dimension)
    sub_healthy service
"""

from __future__ import annotations

import itertools
import math
import numbers
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

import attrs

from salescare._edge import check_fields, edge
from salescare.errors import PolicyError, ValidationError, WrongTypeError
from salescare.models import (
    Customer,
    Feedback,
    Revisit,
    SatisfactionSurvey,
    ServiceQualityAssessment,
)
from salescare.sla import TIMERS
from salescare.vocabulary import (
    Assessor,
    Feasibility,
    Grade,
    Health,
    RevisitOutcome,
    Role,
    ServiceDimension,
    ServiceTier,
    Trend,
)

__all__ = [
    "DEFAULT_GRADING_POLICY",
    "DEFAULT_HEALTH_POLICY",
    "DEFAULT_QUALITY_POLICY",
    "FEASIBILITY_REQUIREMENTS",
    "GRADE_STRATEGIES",
    "HEALTH_STRATEGIES",
    "GradeDecision",
    "GradeResult",
    "GradingPolicy",
    "HealthPolicy",
    "HealthResult",
    "Missing",
    "Override",
    "QualityPolicy",
    "QualityResult",
    "Regrade",
    "RevisitPlan",
    "Strategy",
    "SurveyResult",
    "ValueBand",
    "classify_revisit",
    "feasibility_gaps",
    "grade_customer",
    "grade_customers",
    "grade_health",
    "health_trend",
    "mix_assessments",
    "potential_tier",
    "regrade",
    "service_quality",
    "survey_result",
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
            problems.append(f"potential tiers cover {sorted(self.potential)}, not scores 1–5")
        elif any(_RANK[self.potential[s]] < _RANK[self.potential[s + 1]] for s in range(1, 5)):
            problems.append("a higher potential score maps to a lower potential tier")
        if self.matrix is not None:
            problems += _matrix_problems(self.matrix)
        if not 0 <= self.exit_margin < 1:
            problems.append(f"exit margin {self.exit_margin} is not a fraction in [0, 1)")
        if type(self.downgrade_after) is not int or self.downgrade_after < 1:
            problems.append(f"downgrade_after {self.downgrade_after!r} is not a whole number >= 1")
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
    problems = []
    grades = [band.grade for band in bands]
    if sorted(grades, key=_RANK.__getitem__) != list(_GRADES):
        problems.append(f"bands must name each of A, B, C, D once (got {', '.join(grades)})")
    ordered = sorted(bands, key=lambda band: band.lower)
    if ordered and ordered[0].lower != 0:
        problems.append(f"the lowest band starts at {ordered[0].lower}, not 0")
    for low, high in itertools.pairwise(ordered):
        if low.upper is None or low.upper > high.lower:
            problems.append(f"bands {low.grade} and {high.grade} overlap at {high.lower}")
        elif low.upper < high.lower:
            problems.append(
                f"gap between bands {low.grade} and {high.grade}: "
                f"[{low.upper}, {high.lower}) has no grade"
            )
        if _RANK.get(high.grade, 0) > _RANK.get(low.grade, 0):
            problems.append(f"band {high.grade} buys more than band {low.grade} but grades lower")
    if ordered and ordered[-1].upper is not None:
        problems.append(f"the top band {ordered[-1].grade} must have no upper bound")
    problems.extend(
        f"band {band.grade} is empty: [{band.lower}, {band.upper})"
        for band in bands
        if band.upper is not None and band.upper <= band.lower
    )
    return problems


def _matrix_problems(matrix: Mapping[Grade, tuple[Grade, ...]]) -> list[str]:
    problems = []
    if sorted(matrix, key=_RANK.__getitem__) != list(_GRADES) or any(
        len(row) != len(_SCORES) for row in matrix.values()
    ):
        return ["the matrix needs a row for each value tier A–D with 5 potential columns"]
    for grade in _GRADES:
        row = [_RANK[cell] for cell in matrix[grade]]
        if any(a < b for a, b in itertools.pairwise(row)):
            problems.append(f"row {grade}: more potential gives a lower grade")
    for low, high in zip(_GRADES[1:], _GRADES, strict=False):
        problems.extend(
            f"column {column + 1}: value tier {high} grades below value tier {low}"
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
            raise ValidationError((field,), value, "is not finite", "a finite amount")
        if value < 0:
            raise ValidationError((field,), value, "is negative", "an amount >= 0 (yuan)")
        return value  # type: ignore[no-any-return]
    if value is None:
        return None
    return _amount(_other_amount(value, field), field)


def _other_amount(value: Any, field: str) -> Decimal | int:
    """Floats through their shortest repr, text with thousands commas; anything else refused.

    numpy scalars are read like Python numbers: data teams pass them row by row.
    """
    if isinstance(value, bool):
        raise WrongTypeError((field,), value, "is not an amount", "a number of yuan")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float) or (
        isinstance(value, numbers.Real) and not isinstance(value, Fraction)
    ):
        value = float(value)
        if math.isnan(value):
            return Decimal("NaN")
        if math.isinf(value):
            raise ValidationError((field,), value, "is not finite", "a finite amount")
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.replace(",", "").strip())
        except InvalidOperation:
            raise ValidationError(
                (field,), value, "is not an amount", "a number of yuan, e.g. 320000"
            ) from None
    raise WrongTypeError(
        (field,), value, "is not an amount", "a Decimal, an int, a float or numeric text"
    )


_SCORE_DIGITS = 3  # longer text is no score, and int() of a huge text is refused anyway


def _score(value: Any, field: str) -> int | None:
    if type(value) not in {int, bool} and isinstance(value, numbers.Real):
        value = int(value) if isinstance(value, numbers.Integral) else float(value)
    kind = type(value)
    if kind is int:
        if 1 <= value <= 5:  # noqa: PLR2004 - the 1–5 scale
            return value  # type: ignore[no-any-return]
        raise ValidationError((field,), value, "is out of range", "a whole score 1–5")
    if value is None:
        return None
    if kind is float or kind is Decimal:
        # Decimal's own tests: a signalling NaN cannot even be converted to float
        if value.is_nan() if kind is Decimal else math.isnan(value):
            return None
        if value.is_infinite() if kind is Decimal else math.isinf(value):
            raise ValidationError((field,), value, "is not finite", "a whole score 1–5")
        if value == int(value):
            return _score(int(value), field)
        raise ValidationError((field,), value, "is not a whole score", "a whole score 1–5")
    if kind is str and value.strip().isdecimal() and len(value.strip()) <= _SCORE_DIGITS:
        return _score(int(value), field)  # full-width digits (５) read as digits
    raise WrongTypeError((field,), value, "is not a score", "a whole score 1–5")


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
        raise ValidationError(("annual_purchases",), amount, "is missing", "an amount >= 0")
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
        raise ValidationError(("potential",), score, "is missing", "a whole score 1–5")
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
                    ("annual purchases", self.annual_purchases),
                    ("potential", self.potential),
                )
                if value is None
            ]
            return f"unknown: {' and '.join(missing)} missing (GR-1, GR-2)"
        amount = Decimal(self.annual_purchases or 0)
        band = self.policy.band(self.value_tier or Grade.D)
        value = f"annual purchases {_money_text(amount)} in {band.describe()} (GR-1)"
        tier = f"potential {self.potential} (tier {self.potential_tier})"
        if self.policy.matrix is not None:
            return f"{self.grade}: {value}; {tier} gives {self.grade} by the policy matrix (GR-3)"
        if self.grade is not self.value_tier:
            return f"{self.grade}: {value}; {tier} lifts {self.value_tier} by one level (GR-3)"
        return f"{self.grade}: {value}; {tier} does not lift (GR-3)"


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
            raise ValidationError(
                (field,),
                value,
                "is missing",
                "a value, or missing='unknown' to grade it as unknown",
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


@attrs.frozen(kw_only=True)
class Strategy:
    """What follows from a grade: who follows up, how often, what they send (RULES GR-6)."""

    grade: Grade
    owners: tuple[Role, ...]
    cadence: str
    contents: tuple[str, ...]
    rule: str = "GR-6"


GRADE_STRATEGIES: Mapping[Grade, Strategy] = MappingProxyType(
    {
        Grade.A: Strategy(
            grade=Grade.A,
            owners=(Role.SALES_SUPERVISOR, Role.SALES_REP),
            cadence="at least 2 in-depth conversations a month",
            contents=("tailored solution", "invitations to the company's top events"),
        ),
        Grade.B: Strategy(
            grade=Grade.B,
            owners=(Role.SALES_REP,),
            cadence="weekly",
            contents=("product cases and industry news", "quarterly improvement advice"),
        ),
        Grade.C: Strategy(
            grade=Grade.C,
            owners=(Role.SALES_REP,),
            cadence="every 2 weeks",
            contents=("dig for latent needs", "standard product material"),
        ),
        Grade.D: Strategy(
            grade=Grade.D,
            owners=(),
            cadence="one promotional push a quarter, from the customer pool",
            contents=("promotion", "no individual follow-up effort"),
        ),
    }
)
"""002 step 3: the follow-up strategy of each grade."""


@attrs.frozen(kw_only=True)
class Override:
    """A supervisor's override of the computed grade, with its reason and optional expiry."""

    grade: Grade
    by: str
    reason: str
    expires: date | None = None

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        if not self.reason.strip():
            raise ValidationError(
                ("Override", "reason"), self.reason, "is empty", "why the grade is overridden"
            )


@attrs.frozen(kw_only=True)
class GradeDecision:
    """The grade a customer carries (RULES GR-4): computed, proposed, approved, overridden.

    The rep proposes, the supervisor approves; an override replaces the computed grade until
    it expires. The computed grade is always kept beside the effective one.

    Examples:
        >>> computed = grade_customer(320000, 3)
        >>> d = GradeDecision(
        ...     computed=computed,
        ...     proposed=Grade.A,
        ...     proposed_by="S0123",
        ...     approved=Grade.B,
        ...     approved_by="S0001",
        ... )
        >>> print(d.effective(as_of=date(2024, 6, 1)))
        B
        >>> o = Override(
        ...     grade=Grade.A, by="S0001", reason="strategic account", expires=date(2024, 12, 31)
        ... )
        >>> d2 = attrs.evolve(d, override=o)
        >>> print(d2.effective(as_of=date(2024, 6, 1)), d2.effective(as_of=date(2025, 1, 1)))
        A B
    """

    computed: GradeResult
    proposed: Grade | None = None
    proposed_by: str = ""
    approved: Grade | None = None
    approved_by: str = ""
    override: Override | None = None

    def __attrs_post_init__(self) -> None:
        if self.approved is not None and not self.approved_by:
            raise ValidationError(
                ("GradeDecision", "approved_by"), "", "is missing", "the approving supervisor"
            )
        if self.proposed is not None and not self.proposed_by:
            raise ValidationError(
                ("GradeDecision", "proposed_by"), "", "is missing", "the proposing rep"
            )

    def effective(self, *, as_of: date) -> Grade | None:
        """The grade in force on ``as_of``: a live override, else the approved, else computed."""
        if self.override is not None and (
            self.override.expires is None or as_of <= self.override.expires
        ):
            return self.override.grade
        if self.approved is not None:
            return self.approved
        return self.computed.grade


@attrs.frozen(kw_only=True)
class Regrade:
    """A quarter's regrading (RULES GR-5): the grade now in force and why it moved or not."""

    previous: Grade | None
    computed: Grade | None
    grade: Grade | None
    change: Literal["upgrade", "downgrade", "unchanged"]
    streak: int
    inputs_changed: tuple[str, ...]
    reason: str
    rule: str = "GR-5"


@edge
def regrade(
    previous: GradeResult,
    current: GradeResult,
    *,
    streak: int = 0,
    policy: GradingPolicy = DEFAULT_GRADING_POLICY,
) -> Regrade:
    """Compare this quarter's computation with the grade in force (RULES GR-5).

    Without hysteresis (the default) the new computed grade takes effect at once. With
    ``policy.exit_margin`` a customer leaves a grade only when purchases fall below the band's
    lower bound by more than that fraction; with ``policy.downgrade_after = n`` a downgrade
    takes effect only in the n-th consecutive quarter that calls for it. ``streak`` counts the
    quarters already waiting; pass back the returned ``streak`` next quarter. Pure, so a data
    team can apply it row by row or vectorise it.

    Examples:
        >>> q1, q2 = grade_customer(520000, 3), grade_customer(480000, 3)
        >>> r = regrade(q1, q2)
        >>> print(r.change, r.grade, r.inputs_changed)
        downgrade B ('annual_purchases',)
        >>> held = regrade(q1, q2, policy=GradingPolicy(exit_margin=Decimal("0.1")))
        >>> print(held.change, held.grade)
        unchanged A
    """
    old, new = previous.grade, current.grade
    changed = tuple(
        name
        for name in ("annual_purchases", "potential")
        if getattr(previous, name) != getattr(current, name)
    )
    if old is None or new is None:
        change: Literal["upgrade", "downgrade", "unchanged"] = (
            "unchanged" if old == new else ("upgrade" if old is None else "downgrade")
        )
        return Regrade(
            previous=old,
            computed=new,
            grade=new,
            change=change,
            streak=0,
            inputs_changed=changed,
            reason=f"{old} → {new}: a grade could not be computed (GR-5)",
        )
    if _RANK[new] < _RANK[old]:
        return Regrade(
            previous=old,
            computed=new,
            grade=new,
            change="upgrade",
            streak=0,
            inputs_changed=changed,
            reason=f"upgrade {old} → {new}: {current.reason} (GR-5)",
        )
    if new is old:
        return Regrade(
            previous=old,
            computed=new,
            grade=new,
            change="unchanged",
            streak=0,
            inputs_changed=changed,
            reason=f"unchanged {old}: {current.reason} (GR-5)",
        )
    held_by_margin = _within_exit_margin(old, current, policy)
    waiting = streak + 1
    if held_by_margin or waiting < policy.downgrade_after:
        why = (
            f"purchases within the {policy.exit_margin:%} exit margin of {old}"
            if held_by_margin
            else f"quarter {waiting} of {policy.downgrade_after} below {old}"
        )
        return Regrade(
            previous=old,
            computed=new,
            grade=old,
            change="unchanged",
            streak=0 if held_by_margin else waiting,
            inputs_changed=changed,
            reason=f"held at {old} although {new} was computed: {why} (GR-5)",
        )
    return Regrade(
        previous=old,
        computed=new,
        grade=new,
        change="downgrade",
        streak=0,
        inputs_changed=changed,
        reason=f"downgrade {old} → {new}: {current.reason} (GR-5)",
    )


def _within_exit_margin(old: Grade, current: GradeResult, policy: GradingPolicy) -> bool:
    if not policy.exit_margin or current.annual_purchases is None:
        return False
    if current.value_tier is None or _RANK[current.value_tier] <= _RANK[old]:
        # the drop comes from potential, not purchases: the margin is about purchases
        return False
    exit_bound = policy.band(old).lower * (1 - policy.exit_margin)
    return Decimal(current.annual_purchases) >= exit_bound


# -- customer health (HL-1 … HL-5) ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class HealthPolicy:
    """The thresholds of RULES HL-2 and the precision scores are rounded to before comparing.

    ``healthy`` is the score both dimensions need for healthy (4); ``floor`` the score the
    weaker dimension of a sub-healthy customer needs (3). Scores are rounded half-even to
    ``precision`` (two places) first, so 3.995 and 4 compare alike however they were computed.
    """

    healthy: Decimal = attrs.field(default=Decimal(4), converter=Decimal)
    floor: Decimal = attrs.field(default=Decimal(3), converter=Decimal)
    precision: Decimal = attrs.field(default=Decimal("0.01"), converter=Decimal)

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = []
        if not 1 <= self.floor < self.healthy <= 5:  # noqa: PLR2004 - the 1–5 scale
            problems.append(f"need 1 <= floor ({self.floor}) < healthy ({self.healthy}) <= 5")
        if self.precision <= 0:
            problems.append(f"precision {self.precision} is not positive")
        if problems:
            raise PolicyError("HealthPolicy", problems)


DEFAULT_HEALTH_POLICY = HealthPolicy()
"""000 §3.4: healthy when both dimensions ≥ 4, sub-healthy when one is ≥ 4 and the other ≥ 3."""


def _quantise(value: Decimal, precision: Decimal) -> Decimal:
    return value.quantize(precision, rounding=ROUND_HALF_EVEN)


def _mean_score(value: Any, field: str, precision: Decimal) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str | Fraction):
        raise WrongTypeError((field,), value, "is not a score", "a number from 1 to 5")
    try:
        number = (
            Decimal(value.numerator) / Decimal(value.denominator)
            if isinstance(value, Fraction)
            else Decimal(repr(value))
            if isinstance(value, float)
            else Decimal(value)
        )
    except InvalidOperation:
        raise ValidationError((field,), value, "is not a score", "a number from 1 to 5") from None
    if number.is_nan():
        return None
    if not number.is_finite() or not 1 <= number <= 5:  # noqa: PLR2004 - the 1–5 scale
        raise ValidationError((field,), value, "is out of range", "a score from 1 to 5")
    return _quantise(number, precision)


class HealthResult(NamedTuple):
    """A health grade with its inputs; ``weak_dimension`` names what to fix when sub-healthy."""

    health: Health | None
    weak_dimension: Literal["relationship", "service"] | None
    relationship: Decimal | None
    service: Decimal | None
    policy: HealthPolicy = DEFAULT_HEALTH_POLICY

    @property
    def rule(self) -> str:
        """The rule applied."""
        return "HL-2"

    @property
    def reason(self) -> str:
        """One sentence naming the scores and thresholds."""
        if self.health is None:
            return "unknown: a score is missing (HL-1, HL-2)"
        p = self.policy
        scores = f"relationship {self.relationship}, service {self.service}"
        if self.health is Health.HEALTHY:
            return f"healthy: {scores}, both >= {p.healthy} (HL-2)"
        if self.health is Health.SUB_HEALTHY:
            return (
                f"sub-healthy: {scores}; {self.weak_dimension} in [{p.floor}, {p.healthy}) "
                f"while the other is >= {p.healthy} (HL-2)"
            )
        return (
            f"risk: {scores}; not both >= {p.healthy} and not one >= {p.healthy} with the "
            f"other >= {p.floor} (HL-2, project ruling: everything else is risk)"
        )


@edge
def grade_health(
    relationship: Decimal | int | float | str | None,
    service: Decimal | int | float | str | None,
    *,
    policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
    missing: Missing = "reject",
) -> HealthResult:
    """Customer health from the relationship and service scores (RULES HL-1, HL-2).

    Healthy: both ≥ 4. Sub-healthy: one ≥ 4, the other in [3, 4); the weaker is named.
    Anything else is risk (the project's ruling on the manual's gaps), so the grading is total
    and monotone: raising a score never worsens the grade.
    """
    r = _mean_score(relationship, "relationship", policy.precision)
    s = _mean_score(service, "service", policy.precision)
    if r is None or s is None:
        if missing != "unknown":
            field, value = ("relationship", relationship) if r is None else ("service", service)
            raise ValidationError((field,), value, "is missing", "a score, or missing='unknown'")
        return HealthResult(None, None, r, s, policy)
    high, low = (r, s) if r >= s else (s, r)
    if low >= policy.healthy:
        return HealthResult(Health.HEALTHY, None, r, s, policy)
    if high >= policy.healthy and low >= policy.floor:
        weak: Literal["relationship", "service"] = "relationship" if r < s else "service"
        return HealthResult(Health.SUB_HEALTHY, weak, r, s, policy)
    weakest: Literal["relationship", "service"] = "relationship" if r <= s else "service"
    return HealthResult(Health.RISK, weakest, r, s, policy)


_HEALTH_ORDER = {Health.HEALTHY: 0, Health.SUB_HEALTHY: 1, Health.RISK: 2}


@edge
def health_trend(previous: Health | HealthResult, current: Health | HealthResult) -> Trend:
    """Improved, stable or declined versus the previous quarter (RULES HL-5).

    Examples:
        >>> print(health_trend(Health.RISK, Health.SUB_HEALTHY))
        improved
    """
    before = previous.health if isinstance(previous, HealthResult) else previous
    after = current.health if isinstance(current, HealthResult) else current
    if before is None or after is None:
        raise ValidationError(
            ("health_trend",), (before, after), "has an unknown grade", "two health grades"
        )
    delta = _HEALTH_ORDER[after] - _HEALTH_ORDER[before]
    return Trend.IMPROVED if delta < 0 else Trend.DECLINED if delta > 0 else Trend.STABLE


HEALTH_STRATEGIES: Mapping[tuple[Health, str | None], Strategy | str] = MappingProxyType(
    {
        (Health.HEALTHY, None): "quarterly sales visit; quarterly service report from "
        "after-sales; mine new needs (HL-4)",
        (Health.SUB_HEALTHY, "service"): "after-sales assigns dedicated support and speeds up "
        "responses (HL-4)",
        (Health.SUB_HEALTHY, "relationship"): "sales adds a monthly phone call (HL-4)",
        (Health.RISK, None): "joint visit by the sales director and the after-sales director; "
        "service upgrade pack or price offer (HL-4)",
    }
)
"""000 §3.4 step 3: the retention strategy for each health grade (and weak dimension)."""


# -- service quality, satisfaction, revisits, feasibility (SQ, FB, TK-9, RV-5, FB-5) --------------


class QualityResult(NamedTuple):
    """Service quality: the mean score, each dimension's score and the weakest dimension(s)."""

    mean: Decimal
    scores: Mapping[ServiceDimension, Decimal]
    weakest: tuple[ServiceDimension, ...]
    rule: str = "SQ-1"


@attrs.frozen(kw_only=True)
class QualityPolicy:
    """SQ-3 weights of each assessor and the precision means are rounded to."""

    weights: Mapping[Assessor, Decimal] = attrs.field(
        factory=lambda: MappingProxyType(
            {
                Assessor.SELF: Decimal("0.2"),
                Assessor.SUPERVISOR: Decimal("0.3"),
                Assessor.CUSTOMER: Decimal("0.5"),
            }
        )
    )
    precision: Decimal = attrs.field(default=Decimal("0.01"), converter=Decimal)

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = []
        if any(Decimal(w) < 0 for w in self.weights.values()):
            problems.append("a weight is negative")
        if sum(Decimal(w) for w in self.weights.values()) <= 0:
            problems.append("the weights add up to zero")
        if problems:
            raise PolicyError("QualityPolicy", problems)


DEFAULT_QUALITY_POLICY = QualityPolicy()
"""Self 20 %, supervisor 30 %, customer 50 % (SQ-3 leaves the weights to the company)."""


def _summarise(scores: Mapping[ServiceDimension, Fraction], precision: Decimal) -> QualityResult:
    rounded = {
        dim: _quantise(Decimal(v.numerator) / Decimal(v.denominator), precision)
        for dim, v in scores.items()
    }
    mean = sum(scores.values(), Fraction(0)) / len(scores)
    low = min(rounded.values())
    return QualityResult(
        mean=_quantise(Decimal(mean.numerator) / Decimal(mean.denominator), precision),
        scores=MappingProxyType(rounded),
        weakest=tuple(dim for dim in ServiceDimension if rounded.get(dim) == low),
    )


@edge
def service_quality(
    assessment: ServiceQualityAssessment, *, policy: QualityPolicy = DEFAULT_QUALITY_POLICY
) -> QualityResult:
    """The mean of an assessment's four dimensions and its weakest (RULES SQ-1)."""
    return _summarise({s.dimension: Fraction(s.score) for s in assessment.scores}, policy.precision)


@edge
def mix_assessments(
    assessments: Iterable[ServiceQualityAssessment],
    *,
    policy: QualityPolicy = DEFAULT_QUALITY_POLICY,
    missing: Missing = "reject",
) -> QualityResult:
    """Weighted self / supervisor / customer mix per dimension (RULES SQ-3).

    Means are exact fractions, rounded to ``policy.precision`` only at the end, so the order of
    weights never changes a result. With ``missing="exclude"`` an absent assessor's weight is
    dropped and the others renormalised; with ``reject`` (default) every weighted assessor must
    be present.
    """
    by_assessor: dict[Assessor, ServiceQualityAssessment] = {}
    for item in assessments:
        if item.assessor in by_assessor:
            raise ValidationError(
                ("mix_assessments",), str(item.assessor), "appears twice", "one per assessor"
            )
        by_assessor[item.assessor] = item
    weights = {a: Fraction(Decimal(w)) for a, w in policy.weights.items() if Decimal(w) > 0}
    absent = [a for a in weights if a not in by_assessor]
    if absent and missing != "exclude":
        raise ValidationError(
            ("mix_assessments",),
            tuple(str(a) for a in absent),
            "is missing",
            "every weighted assessor, or missing='exclude' to renormalise",
        )
    weights = {a: w for a, w in weights.items() if a in by_assessor}
    if not weights:
        raise ValidationError(("mix_assessments",), (), "has no weighted assessment", "one")
    total = sum(weights.values(), Fraction(0))
    mixed: dict[ServiceDimension, Fraction] = {}
    for dimension in ServiceDimension:
        mixed[dimension] = (
            sum(
                (
                    w * next(s.score for s in by_assessor[a].scores if s.dimension is dimension)
                    for a, w in weights.items()
                ),
                Fraction(0),
            )
            / total
        )
    result = _summarise(mixed, policy.precision)
    return result._replace(rule="SQ-1 SQ-3")


class SurveyResult(NamedTuple):
    """A satisfaction survey read: its mean and whether appeasement is due (FB-8, TK-9)."""

    mean: Decimal
    lowest: int
    appeasement_due: bool
    reason: str
    rule: str = "FB-8 TK-9"


@edge
def survey_result(survey: SatisfactionSurvey, *, threshold: int = 3) -> SurveyResult:
    """Mean of the three FB-8 scores; appeasement is due when any score is ``<= threshold``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from salescare.ids import CustomerNo
        >>> s = SatisfactionSurvey(
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     at=datetime(2024, 5, 16, tzinfo=timezone.utc),
        ...     response_speed=5,
        ...     resolution_effect=3,
        ...     service_attitude=5,
        ... )
        >>> r = survey_result(s)
        >>> print(r.mean, r.appeasement_due)
        4.33 True
    """
    scores = (survey.response_speed, survey.resolution_effect, survey.service_attitude)
    mean = _quantise(Decimal(sum(scores)) / 3, Decimal("0.01"))
    lowest = min(scores)
    due_ = lowest <= threshold
    why = (
        f"lowest score {lowest} <= {threshold}: start appeasement (客户安抚, TK-9)"
        if due_
        else f"all scores > {threshold}"
    )
    return SurveyResult(mean=mean, lowest=lowest, appeasement_due=due_, reason=why)


@attrs.frozen(kw_only=True)
class RevisitPlan:
    """What follows a revisit outcome (RULES RV-5): who acts, what, and the deadlines."""

    outcome: RevisitOutcome
    owners: tuple[Role, ...]
    actions: tuple[str, ...]
    respond_by: datetime | None
    solution_by: datetime | None
    reason: str
    rule: str = "RV-5"


@edge
def classify_revisit(revisit: Revisit) -> RevisitPlan:
    """Classify a revisit into satisfied / problem / high-value and plan what follows.

    An explicit ``revisit.outcome`` wins. Otherwise open problems or a satisfaction of 3 or
    less make it a problem; a stated need from a VIP (or any stated need) makes it
    high-value; else satisfied. Problem deadlines come from the RV-5 timers.
    """
    outcome = revisit.outcome
    if outcome is None:
        if revisit.open_problems.strip() or (
            revisit.satisfaction is not None and revisit.satisfaction <= 3  # noqa: PLR2004
        ):
            outcome = RevisitOutcome.PROBLEM
        elif revisit.need.strip() or (revisit.tier is ServiceTier.VIP and revisit.suggestion):
            outcome = RevisitOutcome.HIGH_VALUE
        else:
            outcome = RevisitOutcome.SATISFIED
    if outcome is RevisitOutcome.PROBLEM:
        return RevisitPlan(
            outcome=outcome,
            owners=(Role.ENGINEER, Role.ACCOUNT_MANAGER),
            actions=(
                "respond to the problem",
                "provide a solution",
                "revisit after it is solved",
            ),
            respond_by=TIMERS["RV-5.respond"].plain_due(revisit.at),
            solution_by=TIMERS["RV-5.solution"].plain_due(revisit.at),
            reason="problem: respond within 24 h, solve within 3 days, revisit within 3 days "
            "after solving (RV-5)",
        )
    if outcome is RevisitOutcome.HIGH_VALUE:
        return RevisitPlan(
            outcome=outcome,
            owners=(Role.SALES_SUPERVISOR, Role.ACCOUNT_MANAGER),
            actions=("weekly progress sync", "monthly in-depth conversation"),
            respond_by=None,
            solution_by=None,
            reason="high value or potential: weekly sync, monthly deep talk (RV-5)",
        )
    return RevisitPlan(
        outcome=outcome,
        owners=(Role.ACCOUNT_MANAGER,),
        actions=("send thanks", "monthly light-touch contact"),
        respond_by=None,
        solution_by=None,
        reason="satisfied: thank the customer, keep a monthly light touch (RV-5)",
    )


FEASIBILITY_REQUIREMENTS: Mapping[Feasibility, tuple[str, ...]] = MappingProxyType(
    {
        Feasibility.HIGH: ("a follow-up plan with goal, steps, dates and owner",),
        Feasibility.MEDIUM: ("adjust the proposal with the customer",),
        Feasibility.LOW: ("explain why to the customer", "offer an alternative"),
    }
)
"""FB-5: what each feasibility level requires of sales."""


@edge
def feasibility_gaps(feedback: Feedback) -> tuple[str, ...]:
    """What an evaluated feedback item still lacks for its feasibility level (RULES FB-5)."""
    if feedback.feasibility is None:
        return ("feasibility is not evaluated (FB-5)",)
    if feedback.feasibility is Feasibility.HIGH and not feedback.plan.strip():
        return ("a high-feasibility need needs a plan with goal, steps, dates and owner (FB-5)",)
    if feedback.feasibility is Feasibility.LOW and not (
        feedback.plan.strip() or feedback.result_reason.strip()
    ):
        return ("a low-feasibility need needs the explanation and an alternative (FB-5)",)
    return ()
