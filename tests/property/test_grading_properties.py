"""Laws of grading (RULES GR-1…GR-5, HL-2, HL-5) and agreement of the vectorised path."""

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescare.frame import grade_frame, health_frame
from salescare.grading import (
    GradeDecision,
    Override,
    grade_customer,
    grade_health,
    health_trend,
    regrade,
)
from salescare.vocabulary import Grade, Health, Trend

RANK = {Grade.A: 0, Grade.B: 1, Grade.C: 2, Grade.D: 3}
HEALTH_RANK = {Health.HEALTHY: 0, Health.SUB_HEALTHY: 1, Health.RISK: 2}
EDGES = [500_000, 200_000, 50_000]
NEAR_EDGES = [e + d for e in EDGES for d in (-0.01, 0, 0.01)] + [0, 0.01, 499_999.999]

float_amounts = st.one_of(
    st.sampled_from(NEAR_EDGES),
    st.floats(min_value=0, max_value=3e6, allow_nan=False, allow_infinity=False),
)
decimal_amounts = st.one_of(
    st.sampled_from([Decimal(str(x)) for x in NEAR_EDGES]),
    st.decimals(min_value=0, max_value=3_000_000, places=2, allow_nan=False),
)
int_amounts = st.one_of(
    st.sampled_from([e + d for e in EDGES for d in (-1, 0, 1)]),
    st.integers(min_value=0, max_value=10**9),
)
any_amounts = st.one_of(float_amounts, decimal_amounts, int_amounts)
scores = st.integers(min_value=1, max_value=5)
health_scores = st.one_of(
    st.sampled_from([1, 2.995, 3, 3.5, 3.994, 3.995, 3.996, 4, 4.005, 5]),
    st.floats(min_value=1, max_value=5, allow_nan=False),
)


@given(any_amounts, scores)
def test_grading_is_total(amount, potential):
    result = grade_customer(amount, potential)
    assert result.grade in RANK
    assert result.reason.startswith(str(result.grade))


@given(any_amounts, any_amounts, scores)
def test_more_purchases_never_lower_the_grade(a, b, potential):
    low, high = sorted((a, b), key=Decimal)
    assert RANK[grade_customer(high, potential).grade] <= RANK[grade_customer(low, potential).grade]


@given(any_amounts, scores, scores)
def test_more_potential_never_lowers_the_grade(amount, p, q):
    low, high = sorted((p, q))
    assert RANK[grade_customer(amount, high).grade] <= RANK[grade_customer(amount, low).grade]
    # potential never lowers below the value tier and lifts at most one level
    result = grade_customer(amount, high)
    assert 0 <= RANK[result.value_tier] - RANK[result.grade] <= 1


@given(any_amounts, scores)
def test_regrade_is_idempotent(amount, potential):
    result = grade_customer(amount, potential)
    same = regrade(result, result)
    assert (same.change, same.grade, same.inputs_changed) == ("unchanged", result.grade, ())


@given(any_amounts, scores, st.sampled_from(list(Grade)), st.dates(), st.dates())
def test_an_override_wins_until_it_expires(amount, potential, grade, expires, as_of):
    computed = grade_customer(amount, potential)
    decision = GradeDecision(
        computed=computed,
        override=Override(grade=grade, by="S0001", reason="agreed", expires=expires),
    )
    expected = grade if as_of <= expires else computed.grade
    assert decision.effective(as_of=as_of) is expected
    assert decision.computed == computed


@given(health_scores, health_scores, health_scores)
def test_higher_scores_never_worsen_health(r, s, bump):
    before = grade_health(r, s).health
    higher_r = grade_health(max(r, bump), s).health
    higher_s = grade_health(r, max(s, bump)).health
    assert HEALTH_RANK[higher_r] <= HEALTH_RANK[before]
    assert HEALTH_RANK[higher_s] <= HEALTH_RANK[before]


@given(health_scores, health_scores)
def test_health_is_total_and_trend_is_consistent(r, s):
    result = grade_health(r, s)
    assert result.health in HEALTH_RANK
    assert (result.weak_dimension is None) == (result.health is Health.HEALTHY)
    assert health_trend(result, result) is Trend.STABLE


@st.composite
def frames(draw, amounts=float_amounts):
    rows = draw(st.lists(st.tuples(amounts, scores), min_size=1, max_size=40))
    return pd.DataFrame(
        {"annual_purchases": [a for a, _ in rows], "potential": [p for _, p in rows]}
    )


def _assert_agrees(df):
    out = grade_frame(df, reason=True)
    for index, (amount, potential) in enumerate(
        zip(df["annual_purchases"].tolist(), df["potential"].tolist(), strict=True)
    ):
        scalar = grade_customer(amount, potential)
        row = out.iloc[index]
        assert (row["grade"], row["value_tier"], row["potential_tier"]) == (
            scalar.grade,
            scalar.value_tier,
            scalar.potential_tier,
        ), (amount, potential)
        assert row["reason"] == scalar.reason


@given(frames())
def test_frame_agrees_with_scalar_for_floats(df):
    _assert_agrees(df)


@given(frames(int_amounts))
def test_frame_agrees_with_scalar_for_ints(df):
    _assert_agrees(df)


@given(frames(decimal_amounts))
def test_frame_agrees_with_scalar_for_decimals(df):
    assert df["annual_purchases"].dtype == object
    _assert_agrees(df)


@given(frames(), st.data())
def test_frame_missing_values_follow_the_policy(df, data):
    rows = data.draw(st.sets(st.integers(min_value=0, max_value=len(df) - 1), min_size=1))
    df.loc[sorted(rows), "annual_purchases"] = np.nan
    out = grade_frame(df, missing="unknown")
    assert out["grade"].isna().tolist() == [i in rows for i in range(len(df))]
    with pytest.raises(ValueError, match="annual_purchases"):
        grade_frame(df)


@given(st.lists(st.tuples(health_scores, health_scores), min_size=1, max_size=40))
def test_health_frame_agrees_with_scalar(rows):
    df = pd.DataFrame({"relationship": [r for r, _ in rows], "service": [s for _, s in rows]})
    out = health_frame(df, reason=True)
    for index, (r, s) in enumerate(rows):
        scalar = grade_health(r, s)
        row = out.iloc[index]
        weak = row["weak_dimension"]
        assert row["health"] == scalar.health, (r, s)
        assert (None if pd.isna(weak) else weak) == scalar.weak_dimension, (r, s)
        assert row["health_reason"] == scalar.reason


def test_dates_are_not_amounts():
    with pytest.raises(TypeError):
        grade_customer(date(2024, 1, 1) - timedelta(days=1), 3)
