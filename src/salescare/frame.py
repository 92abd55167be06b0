"""Vectorised grading over pandas DataFrames: the same answers as the scalar functions, fast.

Needs the ``frame`` extra (``pip install "salescare[frame]"``): pandas and numpy, imported
when a function is first called.

:func:`grade_frame` and :func:`health_frame` take a DataFrame and return a new DataFrame of
result columns on the same index (join or assign them as you like). They use numpy
``searchsorted`` and table lookups, never ``DataFrame.apply``, and agree row for row with
:func:`~salescare.grading.grade_customer` and :func:`~salescare.grading.grade_health`: float
inputs are compared as the scalar path reads them (through their shortest repr, as Decimal),
so ``499999.99`` is B and ``500000.0`` is A on both paths. Both work per partition, so they
compose with Dask: ``ddf.map_partitions(grade_frame, meta=…)``.

Examples:
    >>> import pandas as pd
    >>> df = pd.DataFrame(
    ...     {"annual_purchases": [320000, 500000, 499999.99, 10], "potential": [3, 1, 5, 3]}
    ... )
    >>> grade_frame(df)[["grade", "value_tier", "potential_tier"]]
      grade value_tier potential_tier
    0     B          B              C
    1     A          A              D
    2     A          B              A
    3     C          D              C
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Any

from salescare.errors import ValidationError
from salescare.grading import (
    DEFAULT_GRADING_POLICY,
    DEFAULT_HEALTH_POLICY,
    GradeResult,
    GradingPolicy,
    HealthPolicy,
    HealthResult,
    Missing,
)
from salescare.vocabulary import Grade, Health

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

__all__ = ["GRADE_COLUMNS", "HEALTH_COLUMNS", "grade_frame", "health_frame"]

GRADE_COLUMNS = ("grade", "value_tier", "potential_tier", "rule")
"""The columns :func:`grade_frame` returns (plus ``reason`` when asked)."""
HEALTH_COLUMNS = ("health", "weak_dimension", "health_rule")
"""The columns :func:`health_frame` returns (plus ``health_reason`` when asked); named so they
join beside :func:`grade_frame`'s."""

_GRADE_NAMES = [str(grade) for grade in (Grade.A, Grade.B, Grade.C, Grade.D)]
_HEALTH_NAMES = [str(h) for h in (Health.HEALTHY, Health.SUB_HEALTHY, Health.RISK)]
_DIMENSIONS = ["relationship", "service"]
_LOWEST, _HIGHEST = 1, 5


def _modules() -> tuple[Any, Any]:
    try:
        import numpy as np  # noqa: PLC0415 - optional extra, imported on first use
        import pandas as pd  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        msg = 'salescare.frame needs pandas and numpy: pip install "salescare[frame]"'
        raise ImportError(msg) from exc
    return np, pd


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


def _fail(column: str, labels: Any, mask: Any, values: Any, *, problem: str, expected: str) -> None:
    np, _ = _modules()
    rows = np.flatnonzero(mask)
    if rows.size:
        first = rows[0]
        count = f" ({rows.size} rows)" if rows.size > 1 else ""
        value = values[first]
        raise ValidationError(
            (column, _label(labels[first])),
            _python(value),
            f"{problem}{count}",
            expected,
        )


def _python(value: Any) -> Any:
    """A numpy scalar as the Python number the scalar functions and messages expect."""
    return value.item() if hasattr(value, "item") else value


def _label(label: Any) -> str | int:
    """A row label as a path part: integers stay integers (``col[17]``), others become text."""
    label = _python(label)
    return label if isinstance(label, int) else str(label)


def _amount_codes(
    series: pd.Series, column: str, policy: GradingPolicy
) -> tuple[np.ndarray, np.ndarray]:
    """Value-tier codes (0 = A … 3 = D) and a missing mask for an amount column."""
    np, pd = _modules()
    ordered = sorted(policy.bands, key=lambda band: band.lower)  # ascending: D first
    codes_by_band = np.array([_GRADE_NAMES.index(str(b.grade)) for b in ordered], dtype=np.int8)
    labels = series.index
    if pd.api.types.is_integer_dtype(series.dtype) and not pd.api.types.is_extension_array_dtype(
        series.dtype
    ):
        values = series.to_numpy()
        missing = np.zeros(values.shape, dtype=bool)
        _fail(
            column,
            labels,
            values < 0,
            values,
            problem="is negative",
            expected="an amount >= 0 (yuan)",
        )
        if all(b.lower == b.lower.to_integral_value() for b in ordered):
            edges = np.array([int(b.lower) for b in ordered], dtype=values.dtype)
            index = np.searchsorted(edges, values, side="right") - 1
            return codes_by_band[index], missing
        values = values.astype(np.float64)
    elif pd.api.types.is_numeric_dtype(series.dtype) and series.dtype != object:
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        return _object_amount_codes(series, column, policy)
    missing = np.isnan(values)
    _fail(
        column,
        labels,
        np.isinf(values),
        values,
        problem="is not finite",
        expected="a finite amount",
    )
    _fail(
        column, labels, values < 0, values, problem="is negative", expected="an amount >= 0 (yuan)"
    )
    edges = np.array([_float_threshold(b.lower, inclusive=True) for b in ordered])
    index = np.searchsorted(edges, np.where(missing, 0.0, values), side="right") - 1
    return codes_by_band[index], missing


def _object_amount_codes(
    series: pd.Series, column: str, policy: GradingPolicy
) -> tuple[np.ndarray, np.ndarray]:
    # Decimals (or text) stay exact: read each as the scalar path does.
    np, _ = _modules()
    from salescare.grading.value import _amount  # noqa: PLC0415 - the scalar path's own reader

    codes = np.empty(len(series), dtype=np.int8)
    missing = np.zeros(len(series), dtype=bool)
    for position, (label, value) in enumerate(series.items()):
        try:
            amount = _amount(value, column)
        except ValidationError as error:
            raise error.relocated((column, _label(label))) from None
        if amount is None:
            missing[position] = True
            codes[position] = 0
        else:
            codes[position] = _GRADE_NAMES.index(str(policy.tier(amount)))
    return codes, missing


def _score_values(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    np, pd = _modules()
    if series.dtype == object or isinstance(series.dtype, pd.StringDtype):
        series = pd.to_numeric(series, errors="coerce")
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    return values, np.isnan(values)


def _potential_codes(
    series: pd.Series, column: str, policy: GradingPolicy
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    np, _ = _modules()
    values, missing = _score_values(series)
    labels = series.index
    filled = np.where(missing, 1.0, values)
    _fail(
        column,
        labels,
        filled != np.floor(filled),
        values,
        problem="is not a whole score",
        expected="1–5",
    )
    _fail(
        column,
        labels,
        (filled < _LOWEST) | (filled > _HIGHEST),
        values,
        problem="is out of range",
        expected="1–5",
    )
    scores = filled.astype(np.int8)
    tier_of = np.array(
        [0] + [_GRADE_NAMES.index(str(policy.potential[s])) for s in range(1, 6)], dtype=np.int8
    )
    return tier_of[scores], scores, missing


def _missing(column: str, labels: Any, missing: Any, values: Any, how: Missing) -> None:
    if how == "reject":
        _fail(
            column,
            labels,
            missing,
            values,
            problem="is missing",
            expected="a value, or missing='unknown' to grade it as unknown",
        )
    elif how != "unknown":
        raise ValidationError(
            ("missing",), how, "does not apply to grading", "'reject' or 'unknown'"
        )


def grade_frame(
    df: pd.DataFrame,
    purchases: str = "annual_purchases",
    potential: str = "potential",
    *,
    policy: GradingPolicy = DEFAULT_GRADING_POLICY,
    missing: Missing = "reject",
    reason: bool = False,
) -> pd.DataFrame:
    """Grade every row: the columns of :data:`GRADE_COLUMNS`, as categoricals.

    ``missing="reject"`` (default) raises on the first row with a missing amount or score,
    naming the column, the row and how many rows are affected; ``"unknown"`` leaves those rows
    ungraded (NaN). ``reason=True`` adds the sentence of each row (built per row: slower).
    """
    numpy, pandas = _modules()
    value, value_missing = _amount_codes(df[purchases], purchases, policy)
    tier, scores, score_missing = _potential_codes(df[potential], potential, policy)
    _missing(purchases, df.index, value_missing, df[purchases].to_numpy(), missing)
    _missing(potential, df.index, score_missing, df[potential].to_numpy(), missing)
    table = numpy.full((4, 6), -1, dtype=numpy.int8)
    grades = [Grade.A, Grade.B, Grade.C, Grade.D]
    for row, value_grade in enumerate(grades):
        for score in range(1, 6):
            result = policy._edges.table[value_grade][score]  # noqa: SLF001 - same package
            table[row, score] = _GRADE_NAMES.index(str(result))
    unknown = value_missing | score_missing
    grade_codes = numpy.where(unknown, -1, table[value, scores])
    value_codes = numpy.where(value_missing, -1, value)
    tier_codes = numpy.where(score_missing, -1, tier)
    categorical = pandas.Categorical.from_codes
    out: pd.DataFrame = pandas.DataFrame(
        {
            "grade": categorical(grade_codes, categories=_GRADE_NAMES),
            "value_tier": categorical(value_codes, categories=_GRADE_NAMES),
            "potential_tier": categorical(tier_codes, categories=_GRADE_NAMES),
            "rule": categorical(
                numpy.zeros(len(df), dtype=numpy.int8), categories=["GR-1 GR-2 GR-3"]
            ),
        },
        index=df.index,
    )
    if reason:
        out["reason"] = [
            _row_reason(a, p, policy, missing)
            for a, p in zip(df[purchases].to_numpy(), df[potential].to_numpy(), strict=True)
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


def _scores(series: pd.Series, column: str) -> tuple[np.ndarray, np.ndarray]:
    np, _ = _modules()
    values, missing = _score_values(series)
    filled = np.where(missing, 3.0, values)
    _fail(
        column,
        series.index,
        (filled < _LOWEST) | (filled > _HIGHEST),
        values,
        problem="is out of range",
        expected="a score from 1 to 5",
    )
    return filled, missing


def health_frame(
    df: pd.DataFrame,
    relationship: str = "relationship",
    service: str = "service",
    *,
    policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
    missing: Missing = "reject",
    reason: bool = False,
) -> pd.DataFrame:
    """Health of every row: the columns of :data:`HEALTH_COLUMNS`, as categoricals.

    Scores are compared exactly as :func:`~salescare.grading.grade_health` compares them
    (shortest repr, rounded half-even to the policy's precision). Missing scores follow
    ``missing`` as in :func:`grade_frame`.

    Examples:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"relationship": [4.5, 4, 3.5, 4.5], "service": [3.8, 4, 3.5, 2]})
        >>> health_frame(df)[["health", "weak_dimension"]]
                health weak_dimension
        0  sub_healthy        service
        1      healthy            NaN
        2         risk   relationship
        3         risk        service
    """
    numpy, pandas = _modules()
    r, r_missing = _scores(df[relationship], relationship)
    s, s_missing = _scores(df[service], service)
    _missing(relationship, df.index, r_missing, df[relationship].to_numpy(), missing)
    _missing(service, df.index, s_missing, df[service].to_numpy(), missing)
    healthy_at = _score_threshold(policy.healthy, policy.precision)
    floor_at = _score_threshold(policy.floor, policy.precision)
    r_high, s_high = r >= healthy_at, s >= healthy_at
    r_floor, s_floor = r >= floor_at, s >= floor_at
    both = r_high & s_high
    sub = ~both & ((r_high & s_floor) | (s_high & r_floor))
    health = numpy.where(both, 0, numpy.where(sub, 1, 2)).astype(numpy.int8)
    # the weak dimension: the lower score (relationship on a tie), none when healthy
    weak = numpy.where(_not_above(r, s, policy.precision), 0, 1).astype(numpy.int8)
    weak = numpy.where(sub, numpy.where(r_high, 1, 0), weak)
    weak = numpy.where(both, -1, weak)
    unknown = r_missing | s_missing
    categorical = pandas.Categorical.from_codes
    out: pd.DataFrame = pandas.DataFrame(
        {
            "health": categorical(numpy.where(unknown, -1, health), categories=_HEALTH_NAMES),
            "weak_dimension": categorical(numpy.where(unknown, -1, weak), categories=_DIMENSIONS),
            "health_rule": categorical(numpy.zeros(len(df), dtype=numpy.int8), categories=["HL-2"]),
        },
        index=df.index,
    )
    if reason:
        from salescare.grading import grade_health  # noqa: PLC0415 - avoid a cycle at import

        out["health_reason"] = [
            _health_reason(grade_health, a, b, policy, missing)
            for a, b in zip(df[relationship].to_numpy(), df[service].to_numpy(), strict=True)
        ]
    return out


def _not_above(r: np.ndarray, s: np.ndarray, precision: Decimal) -> np.ndarray:
    """``rounded(r) <= rounded(s)``, rounding as the scalar path does.

    Scores a full step apart keep their order when rounded, so floats decide those rows;
    only rows closer than one step are rounded exactly, through Decimal.
    """
    np, _ = _modules()
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
