"""Grading kernels over numpy columns: the same answers as the scalar functions, fast.

:func:`grade_columns` and :func:`health_columns` grade one batch of rows with numpy
``searchsorted`` and table lookups, never a row-wise apply, and agree row for row with
:func:`~salescare.grading.grade_customer` and :func:`~salescare.grading.grade_health`: float
inputs are compared as the scalar path reads them (through their shortest repr, as Decimal),
so ``499999.99`` is B and ``500000.0`` is A on both paths; Decimal and text cells are read
by the scalar path's own reader. :func:`salescare.frame.grade_frame` and
:func:`~salescare.frame.health_frame` run them over any kind of frame.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Any

from salescare.errors import ValidationError
from salescare.frame._kinds import Batch, Coded, Result, field_spellings, modules, require
from salescare.grading import (
    GradeResult,
    GradingPolicy,
    HealthPolicy,
    HealthResult,
    Missing,
)
from salescare.i18n import tr
from salescare.vocabulary import Grade, Health

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["GRADE_COLUMNS", "HEALTH_COLUMNS", "grade_columns", "health_columns"]

GRADE_COLUMNS = ("grade", "value_tier", "potential_tier", "rule")
"""The columns :func:`grade_frame` returns (plus ``reason`` when asked)."""
HEALTH_COLUMNS = ("health", "weak_dimension", "health_rule")
"""The columns :func:`health_frame` returns (plus ``health_reason`` when asked); named so they
join beside :func:`grade_frame`'s."""

_GRADE_NAMES = [str(grade) for grade in (Grade.A, Grade.B, Grade.C, Grade.D)]
_HEALTH_NAMES = [str(h) for h in (Health.HEALTHY, Health.SUB_HEALTHY, Health.RISK)]
_DIMENSIONS = ["relationship", "service"]
_LOWEST, _HIGHEST = 1, 5


def _repr_decimal(value: float) -> Decimal:
    return Decimal(repr(value))


def _float_threshold(bound: Decimal, *, inclusive: bool) -> float:
    """The smallest float ``x`` whose shortest-repr Decimal is ``>= bound`` (or ``> bound``).

    Comparing floats with this threshold gives exactly the scalar path's answer, which reads
    a float through its shortest repr.
    """

    def passes(x: float) -> bool:
        d = _repr_decimal(x)
        return d >= bound if inclusive else d > bound

    x = float(bound)
    while not passes(x):
        x = math.nextafter(x, math.inf)
    while passes(below := math.nextafter(x, -math.inf)):
        x = below
    return x


def _fail(column: str, rows: Batch, mask: Any, values: Any, *, problem: str, expected: str) -> None:
    np, _ = modules()
    found = np.flatnonzero(mask)
    if found.size:
        first = int(found[0])
        if found.size > 1:  # say how many rows share the problem, in the reader's language
            problem = tr("{problem} ({count} rows)", problem=problem, count=found.size)
        raise ValidationError(
            (column, rows.label(first)), _python(values[first]), problem, expected
        )


def _fail_negative(column: str, rows: Batch, values: Any) -> None:
    _fail(
        column,
        rows,
        values < 0,
        values,
        problem=tr("is negative"),
        expected=tr("an amount >= 0 (yuan)"),
    )


def _python(value: Any) -> Any:
    """A numpy scalar as the Python number the scalar functions and messages expect."""
    return value.item() if hasattr(value, "item") else value


def _amount_codes(
    values: np.ndarray, column: str, rows: Batch, policy: GradingPolicy
) -> tuple[np.ndarray, np.ndarray]:
    """Value-tier codes (0 = A … 3 = D) and a missing mask for an amount column."""
    np, _ = modules()
    ordered = sorted(policy.bands, key=lambda band: band.lower)  # ascending: D first
    codes_by_band = np.array([_GRADE_NAMES.index(str(b.grade)) for b in ordered], dtype=np.int8)
    kind = values.dtype.kind
    if kind in "iu":
        missing = np.zeros(values.shape, dtype=bool)
        _fail_negative(column, rows, values)
        if all(b.lower == b.lower.to_integral_value() for b in ordered):
            edges = np.array([int(b.lower) for b in ordered], dtype=values.dtype)
            return codes_by_band[_band(edges, values)], missing
        values = values.astype(np.float64)
    elif kind != "f":
        return _object_amount_codes(values, column, rows, policy)
    missing = np.isnan(values)
    _fail(
        column,
        rows,
        np.isinf(values),
        values,
        problem=tr("is not finite"),
        expected=tr("a finite amount"),
    )
    _fail_negative(column, rows, values)
    edges = np.array([_float_threshold(b.lower, inclusive=True) for b in ordered])
    return codes_by_band[_band(edges, np.where(missing, 0.0, values))], missing


def _band(edges: np.ndarray, values: np.ndarray) -> Any:
    """``searchsorted(edges, values, "right") - 1``: a few comparisons for a few bands."""
    np, _ = modules()
    if edges.size > _FEW_BANDS:
        return np.searchsorted(edges, values, side="right") - 1
    index = np.full(values.shape, -1, dtype=np.int8)
    for edge in edges:
        index += values >= edge
    return index


_FEW_BANDS = 8


def _object_amount_codes(
    values: np.ndarray, column: str, rows: Batch, policy: GradingPolicy
) -> tuple[np.ndarray, np.ndarray]:
    # Decimals (or text) stay exact: read each as the scalar path does.
    np, _ = modules()
    from salescare.grading.value import _amount  # noqa: PLC0415 - the scalar path's own reader

    codes = np.zeros(len(values), dtype=np.int8)
    missing = np.zeros(len(values), dtype=bool)
    for position, value in enumerate(values):
        try:
            amount = _amount(_python(value), column)
        except ValidationError as error:
            raise error.relocated((column, rows.label(position))) from None
        if amount is None:
            missing[position] = True
        else:
            codes[position] = _GRADE_NAMES.index(str(policy.tier(amount)))
    return codes, missing


def _number(value: Any) -> float:
    """A score cell as a float: numbers and numeric text; anything else is missing (NaN)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:  # an int past the floats: out of every range
            return math.inf
        except ValueError:  # a signalling NaN: missing, as the scalar path reads it
            return math.nan
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return math.nan
    return math.nan


def _score_values(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    np, _ = modules()
    if values.dtype.kind in "iufb":
        numbers = values.astype(np.float64)
    else:
        numbers = np.fromiter((_number(v) for v in values), dtype=np.float64, count=len(values))
    return numbers, np.isnan(numbers)


def _potential_codes(
    raw: np.ndarray, column: str, rows: Batch, policy: GradingPolicy
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    np, _ = modules()
    if raw.dtype.kind in "iu":  # whole numbers already, none missing: check the range only
        missing = np.zeros(raw.shape, dtype=bool)
        _in_range(column, rows, raw, raw, "1–5")
        scores = raw.astype(np.int8)
    else:
        values, missing = _score_values(raw)
        filled = np.where(missing, 1.0, values)
        _fail(
            column,
            rows,
            filled != np.floor(filled),
            values,
            problem=tr("is not a whole score"),
            expected="1–5",
        )
        _in_range(column, rows, filled, values, "1–5")
        scores = filled.astype(np.int8)
    tier_of = np.array(
        [0] + [_GRADE_NAMES.index(str(policy.potential[s])) for s in range(1, 6)], dtype=np.int8
    )
    return tier_of[scores], scores, missing


def _missing(column: str, rows: Batch, missing: Any, values: Any, how: Missing) -> None:
    if how == "reject":
        _fail(
            column,
            rows,
            missing,
            values,
            problem=tr("is missing"),
            expected=tr("a value, or missing='unknown' to grade it as unknown"),
        )
    elif how != "unknown":
        raise ValidationError(
            ("missing",), how, tr("does not apply to grading"), tr("'reject' or 'unknown'")
        )


def grade_columns(
    rows: Batch,
    purchases: str,
    potential: str,
    *,
    policy: GradingPolicy,
    missing: Missing,
    reason: bool,
) -> Result:
    """The columns of :data:`GRADE_COLUMNS` (and ``reason``) for one batch of rows."""
    np, _ = modules()
    require(rows, purchases, field_spellings("annual_purchases", purchases))
    require(rows, potential, field_spellings("potential", potential))
    amounts, scores_raw = rows.numpy(purchases), rows.numpy(potential)
    value, value_missing = _amount_codes(amounts, purchases, rows, policy)
    tier, scores, score_missing = _potential_codes(scores_raw, potential, rows, policy)
    _missing(purchases, rows, value_missing, amounts, missing)
    _missing(potential, rows, score_missing, scores_raw, missing)
    table = np.full((4, 6), -1, dtype=np.int8)
    grades = [Grade.A, Grade.B, Grade.C, Grade.D]
    for row, value_grade in enumerate(grades):
        for score in range(1, 6):
            result = policy._edges.table[value_grade][score]  # noqa: SLF001 - same package
            table[row, score] = _GRADE_NAMES.index(str(result))
    unknown = value_missing | score_missing
    out: Result = {
        "grade": Coded(np.where(unknown, -1, table[value, scores]), _GRADE_NAMES),
        "value_tier": Coded(np.where(value_missing, -1, value), _GRADE_NAMES),
        "potential_tier": Coded(np.where(score_missing, -1, tier), _GRADE_NAMES),
        "rule": Coded(np.zeros(rows.size, dtype=np.int8), ["GR-1 GR-2 GR-3"]),
    }
    if reason:
        out["reason"] = [
            _row_reason(a, p, policy, missing) for a, p in zip(amounts, scores_raw, strict=True)
        ]
    return out


def _row_reason(amount: Any, score: Any, policy: GradingPolicy, missing: Missing) -> str:
    from salescare.grading import grade_customer  # noqa: PLC0415 - avoid a cycle at import

    result: GradeResult = grade_customer(
        _python(amount), _python(score), policy=policy, missing=missing
    )
    return result.reason


def _score_threshold(bound: Decimal, precision: Decimal) -> float:
    """The smallest float whose score, rounded half-even to ``precision``, is ``>= bound``."""
    tie = bound - precision / 2
    inclusive = tie.quantize(precision, rounding=ROUND_HALF_EVEN) >= bound
    return _float_threshold(tie, inclusive=inclusive)


def _scores(raw: np.ndarray, column: str, rows: Batch) -> tuple[np.ndarray, np.ndarray]:
    np, _ = modules()
    values, missing = _score_values(raw)
    filled = np.where(missing, 3.0, values)
    _in_range(column, rows, filled, values, tr("a score from 1 to 5"))
    return filled, missing


def _in_range(column: str, rows: Batch, filled: Any, values: Any, expected: str) -> None:
    outside = (filled < _LOWEST) | (filled > _HIGHEST)
    _fail(column, rows, outside, values, problem=tr("is out of range"), expected=expected)


def health_columns(
    rows: Batch,
    relationship: str,
    service: str,
    *,
    policy: HealthPolicy,
    missing: Missing,
    reason: bool,
) -> Result:
    """The columns of :data:`HEALTH_COLUMNS` (and ``health_reason``) for one batch of rows.

    Scores are compared exactly as :func:`~salescare.grading.grade_health` compares them
    (shortest repr, rounded half-even to the policy's precision).
    """
    np, _ = modules()
    require(rows, relationship, field_spellings("relationship", relationship))
    require(rows, service, field_spellings("service", service))
    r_raw, s_raw = rows.numpy(relationship), rows.numpy(service)
    r, r_missing = _scores(r_raw, relationship, rows)
    s, s_missing = _scores(s_raw, service, rows)
    _missing(relationship, rows, r_missing, r_raw, missing)
    _missing(service, rows, s_missing, s_raw, missing)
    healthy_at = _score_threshold(policy.healthy, policy.precision)
    floor_at = _score_threshold(policy.floor, policy.precision)
    r_high, s_high = r >= healthy_at, s >= healthy_at
    r_floor, s_floor = r >= floor_at, s >= floor_at
    both = r_high & s_high
    sub = ~both & ((r_high & s_floor) | (s_high & r_floor))
    health = np.where(both, 0, np.where(sub, 1, 2)).astype(np.int8)
    # the weak dimension: the lower score (relationship on a tie), none when healthy
    weak = np.where(_not_above(r, s, policy.precision), 0, 1).astype(np.int8)
    weak = np.where(sub, np.where(r_high, 1, 0), weak)
    weak = np.where(both, -1, weak)
    unknown = r_missing | s_missing
    out: Result = {
        "health": Coded(np.where(unknown, -1, health), _HEALTH_NAMES),
        "weak_dimension": Coded(np.where(unknown, -1, weak), _DIMENSIONS),
        "health_rule": Coded(np.zeros(rows.size, dtype=np.int8), ["HL-2"]),
    }
    if reason:
        from salescare.grading import grade_health  # noqa: PLC0415 - avoid a cycle at import

        out["health_reason"] = [
            _health_reason(grade_health, a, b, policy, missing)
            for a, b in zip(r_raw, s_raw, strict=True)
        ]
    return out


def _not_above(r: np.ndarray, s: np.ndarray, precision: Decimal) -> np.ndarray:
    """``rounded(r) <= rounded(s)``, rounding as the scalar path does.

    Scores a full step apart keep their order when rounded, so floats decide those rows;
    only rows closer than one step are rounded exactly, through Decimal.
    """
    np, _ = modules()
    result = r <= s
    step = float(precision)
    for position in np.flatnonzero(np.abs(r - s) < step * 1.000001):
        low, high = (
            _repr_decimal(float(v)).quantize(precision, rounding=ROUND_HALF_EVEN)
            for v in (r[position], s[position])
        )
        result[position] = low <= high
    return result


def _health_reason(
    grade: Any, relationship: Any, service: Any, policy: HealthPolicy, missing: Missing
) -> str:
    result: HealthResult = grade(
        _python(relationship), _python(service), policy=policy, missing=missing
    )
    return result.reason
