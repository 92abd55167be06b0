"""The commands agree with the library: `grade` with grade_frame, `sla` with ticket_sla."""

import csv
import json
import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.budget import share

from salescare import testing as sst
from salescare.cli import main
from salescare.serialize import to_json
from salescare.sla import ticket_sla

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
        assert main(["grade", str(book), "--out", str(out), "--lang", "en"]) == 0
        ours = pd.read_csv(out, dtype=str)
        df = pd.read_csv(book).rename(columns={amount_header: "annual_purchases"})
        grades = frame.grade_frame(df)
        health = frame.health_frame(df)
    assert list(ours["grade"]) == [str(g) for g in grades["grade"]]
    assert list(ours["value_tier"]) == [str(g) for g in grades["value_tier"]]
    assert list(ours["health"]) == [str(h) for h in health["health"]]
    assert [Decimal(a) for a in ours[amount_header]] == [Decimal(a) for a, _, _ in table]


@share(0.4)
@given(
    st.lists(
        sst.tickets(), min_size=1, max_size=6, unique_by=lambda t: (t.number.day, t.number.serial)
    ),
    st.integers(min_value=0, max_value=2_000),
)
def test_sla_command_matches_ticket_sla(tickets, hours):
    as_of = max(t.submitted_at for t in tickets) + timedelta(hours=hours)
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "tickets.jsonl"
        book.write_text("".join(to_json(t) + "\n" for t in tickets), "utf-8")
        out = Path(folder) / "sla.jsonl"
        code = main(
            ["sla", str(book), "--as-of", as_of.isoformat(), "--out", str(out), "--lang", "en"]
        )
        assert code == 0
        rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["number"] for r in rows] == [str(t.number) for t in tickets]
    for row, ticket in zip(rows, tickets, strict=True):
        sla = ticket_sla(ticket, now=as_of)
        assert row["resolution"] == (str(sla.resolution.status) if sla.resolution else "")
        assert row["response"] == (str(sla.response.status) if sla.response else "")
        flagged = {m.target.key for m in (*sla.breaches, *sla.at_risk)}
        assert set(row["flagged"].split()) == flagged
