"""`salescare grade` agrees with grade_frame and grade_customer row for row."""

import csv
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescare.cli import main

pd = pytest.importorskip("pandas")
frame = pytest.importorskip("salescare.frame")

EDGES = ["500000", "499999.99", "200000", "199999.99", "50000", "49999.99", "0"]
amounts = st.sampled_from(EDGES) | st.decimals(
    min_value=0, max_value=10_000_000, places=2, allow_nan=False
).map(str)
rows = st.lists(
    st.tuples(amounts, st.integers(1, 5), st.sampled_from(["3", "3.5", "4", "4.5", "2"])),
    min_size=1,
    max_size=30,
)


@given(rows, st.sampled_from(["annual_purchases", "年采购额", "年採購額"]))
def test_grade_command_matches_grade_frame(table, amount_header):
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book.csv"
        with book.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([amount_header, "potential", "relationship", "service"])
            writer.writerows((a, p, r, r) for a, p, r in table)
        out = Path(folder) / "out.csv"
        assert main(["grade", str(book), "--out", str(out)]) == 0
        ours = pd.read_csv(out, dtype=str)
        df = pd.read_csv(book).rename(columns={amount_header: "annual_purchases"})
        grades = frame.grade_frame(df)
        health = frame.health_frame(df)
    assert list(ours["grade"]) == [str(g) for g in grades["grade"]]
    assert list(ours["value_tier"]) == [str(g) for g in grades["value_tier"]]
    assert list(ours["health"]) == [str(h) for h in health["health"]]
    assert [Decimal(a) for a in ours[amount_header]] == [Decimal(a) for a, _, _ in table]
