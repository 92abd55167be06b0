from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from salescare.errors import ValidationError
from salescare.frame import GRADE_COLUMNS, HEALTH_COLUMNS, grade_frame, health_frame
from salescare.grading import GradingPolicy, ValueBand, grade_customer
from salescare.vocabulary import Grade

EDGE_ROWS = pd.DataFrame(
    {
        "annual_purchases": [500000, 499999.99, 200000, 199999.99, 50000, 49999.99, 0],
        "potential": [1, 5, 3, 4, 2, 3, 5],
    }
)


def test_edges_and_lift():
    out = grade_frame(EDGE_ROWS)
    assert list(out.columns) == list(GRADE_COLUMNS)
    assert out["grade"].tolist() == ["A", "A", "B", "B", "C", "C", "C"]
    assert out["value_tier"].tolist() == ["A", "B", "B", "C", "C", "D", "D"]
    assert out.index.equals(EDGE_ROWS.index)
    assert isinstance(out["grade"].dtype, pd.CategoricalDtype)


def test_results_join_back_and_keep_the_index():
    df = EDGE_ROWS.set_index(pd.Index([f"c{i}" for i in range(len(EDGE_ROWS))]))
    joined = df.join(grade_frame(df))
    assert joined.loc["c1", "grade"] == "A"


def test_errors_name_column_row_and_count():
    bad = pd.DataFrame({"annual_purchases": [1.0, -5.0, -1.0], "potential": [3, 3, 3]})
    with pytest.raises(ValidationError) as info:
        grade_frame(bad)
    assert str(info.value) == (
        "annual_purchases[1]: -5.0 is negative (2 rows); expected an amount >= 0 (yuan)"
    )
    # the count is part of the message, so it is said in the reader's language too
    assert info.value.message("zh-Hans") == (
        "annual_purchases[1]: -5.0 为负数（共 2 行）；应为金额 >= 0（元）"
    )
    with pytest.raises(ValidationError, match=r"potential\[0\].*out of range"):
        grade_frame(pd.DataFrame({"annual_purchases": [1], "potential": [6]}))
    with pytest.raises(ValidationError, match="whole score"):
        grade_frame(pd.DataFrame({"annual_purchases": [1], "potential": [3.5]}))
    with pytest.raises(ValidationError, match="does not apply"):
        grade_frame(EDGE_ROWS, missing="exclude")


def test_nullable_and_decimal_columns():
    nullable = pd.DataFrame(
        {
            "annual_purchases": pd.array([600000, None, 10], dtype="Int64"),
            "potential": pd.array([3, 3, None], dtype="Int64"),
        }
    )
    out = grade_frame(nullable, missing="unknown")
    assert out["grade"].tolist()[0] == "A"
    assert out["grade"].isna().tolist() == [False, True, True]
    decimals = pd.DataFrame(
        {"annual_purchases": [Decimal("499999.99"), Decimal(500000)], "potential": [3, 3]}
    )
    assert grade_frame(decimals)["grade"].tolist() == ["B", "A"]


def test_custom_policy_with_fractional_edges_agrees_with_scalar():
    policy = GradingPolicy(
        bands=(
            ValueBand(grade=Grade.A, lower=Decimal("1000.1")),
            ValueBand(grade=Grade.B, lower=Decimal("100.3"), upper=Decimal("1000.1")),
            ValueBand(grade=Grade.C, lower=Decimal("0.7"), upper=Decimal("100.3")),
            ValueBand(grade=Grade.D, lower=0, upper=Decimal("0.7")),
        )
    )
    amounts = [1000.1, 1000.0999999999999, 100.3, 100.29999999999998, 0.7, 0.6999999999999998]
    df = pd.DataFrame({"annual_purchases": amounts, "potential": [1] * len(amounts)})
    out = grade_frame(df, policy=policy)
    assert out["grade"].tolist() == [grade_customer(a, 1, policy=policy).grade for a in amounts]


def test_health_frame_columns():
    df = pd.DataFrame({"relationship": [4.5, 4, 3.995], "service": [3.8, 4, 5]})
    out = health_frame(df)
    assert list(out.columns) == list(HEALTH_COLUMNS)
    assert out["health"].tolist() == ["sub_healthy", "healthy", "healthy"]
    with pytest.raises(ValidationError, match=r"service\[0\]"):
        health_frame(pd.DataFrame({"relationship": [4], "service": [np.nan]}))


def test_works_per_partition_with_dask():
    dd = pytest.importorskip("dask.dataframe")
    rng = np.random.default_rng(7)
    df = pd.DataFrame(
        {
            "annual_purchases": rng.choice([49999.99, 50000, 199999.99, 200000, 500000, 1e6], 400),
            "potential": rng.integers(1, 6, 400),
        }
    )
    ddf = dd.from_pandas(df, npartitions=4)
    meta = grade_frame(df.head(1))
    lazy = ddf.map_partitions(grade_frame, meta=meta)
    result = lazy.compute()
    pd.testing.assert_frame_equal(result, grade_frame(df), check_categorical=False)
