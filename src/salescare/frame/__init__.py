"""Tables: grading, SLA clocks, KPIs and the agenda over any DataFrame, the same kind out.

Needs the ``frame`` extra (``pip install "salescare[frame]"``: narwhals and numpy). The
frames are the user's: pandas, polars (``DataFrame`` and ``LazyFrame``), pyarrow tables,
DuckDB relations and Dask DataFrames are accepted and the result comes back as the kind
given; lazy inputs stay lazy, and a Dask frame is computed partition by partition on its
workers (:mod:`salescare.frame._kinds`).

:func:`grade_frame` and :func:`health_frame` return the result columns, row for row with the
input (a pandas result keeps the input's index); ``keep=True`` returns the input's columns
followed by the results. Every answer equals the scalar function's on the same row.

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
    >>> import polars as pl
    >>> grade_frame(pl.from_pandas(df), keep=True).select("annual_purchases", "grade").row(2)
    (499999.99, 'A')
"""

from __future__ import annotations

from typing import Any

from salescare._edge import edge
from salescare.frame._kinds import KINDS, run
from salescare.frame.agenda import AGENDA_COLUMNS, agenda_frame
from salescare.frame.excel import read_excel, write_excel
from salescare.frame.grading import GRADE_COLUMNS, HEALTH_COLUMNS, grade_columns, health_columns
from salescare.frame.headers import normalize
from salescare.frame.kpis import KPI_COLUMNS, kpi_frame, period_labels
from salescare.frame.sla import CLOCKS, sla_columns, sla_frame
from salescare.grading import (
    DEFAULT_GRADING_POLICY,
    DEFAULT_HEALTH_POLICY,
    GradingPolicy,
    HealthPolicy,
    Missing,
)

__all__ = [
    "AGENDA_COLUMNS",
    "CLOCKS",
    "GRADE_COLUMNS",
    "HEALTH_COLUMNS",
    "KINDS",
    "KPI_COLUMNS",
    "agenda_frame",
    "grade_frame",
    "health_frame",
    "kpi_frame",
    "normalize",
    "period_labels",
    "read_excel",
    "sla_columns",
    "sla_frame",
    "write_excel",
]


@edge
def grade_frame(
    df: Any,
    purchases: str = "annual_purchases",
    potential: str = "potential",
    *,
    policy: GradingPolicy = DEFAULT_GRADING_POLICY,
    missing: Missing = "reject",
    reason: bool = False,
    keep: bool = False,
) -> Any:
    """Grade every row (RULES GR-1…GR-3): the columns of :data:`GRADE_COLUMNS`, categorical.

    ``missing="reject"`` (default) raises on the first row with a missing amount or score,
    naming the column, the row and how many rows are affected; ``"unknown"`` leaves those rows
    ungraded (null). ``reason=True`` adds the sentence of each row (built per row: slower).
    A missing column is refused naming the header spellings accepted.
    """
    columns = [*GRADE_COLUMNS, *(["reason"] if reason else [])]

    def kernel(rows: Any) -> Any:
        return grade_columns(
            rows, purchases, potential, policy=policy, missing=missing, reason=reason
        )

    return run(df, kernel, columns=columns, keep=keep)


@edge
def health_frame(
    df: Any,
    relationship: str = "relationship",
    service: str = "service",
    *,
    policy: HealthPolicy = DEFAULT_HEALTH_POLICY,
    missing: Missing = "reject",
    reason: bool = False,
    keep: bool = False,
) -> Any:
    """Health of every row (RULES HL-2): the columns of :data:`HEALTH_COLUMNS`, categorical.

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
    columns = [*HEALTH_COLUMNS, *(["health_reason"] if reason else [])]

    def kernel(rows: Any) -> Any:
        return health_columns(
            rows, relationship, service, policy=policy, missing=missing, reason=reason
        )

    return run(df, kernel, columns=columns, keep=keep)
