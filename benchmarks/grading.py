"""Grading a million customers: grade_frame against a bare numpy baseline and DataFrame.apply.

1,000,000 seeded rows, 30 % of them on or next to a band edge (exactly 500,000, 499,999.99,
200,000, …). Outputs are checked identical before timing. Prints one line per comparison:

- ``grade_frame`` vs a hand-written numpy ``searchsorted`` (target: within 2×);
- ``grade_frame`` vs ``df.apply(grade_customer, axis=1)`` (target: at least 50× faster);
- scalar ``grade_customer`` per call vs a bare if-chain (target: within 3×);
- peak memory of ``grade_frame`` (tracemalloc) vs the input columns (target: at most 2×).

Run: ``python benchmarks/grading.py [rows]``.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pandas as pd

from salescare.frame import grade_frame
from salescare.grading import grade_customer

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
APPLY_ROWS = min(ROWS, 1_000_000)
REPEATS = 5
EDGES = np.array(
    [
        500_000,
        499_999.99,
        500_000.01,
        200_000,
        199_999.99,
        200_000.01,
        50_000,
        49_999.99,
        50_000.01,
        0.0,
    ]
)


def make_frame(rows: int, seed: int = 20240515) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    amounts = np.round(rng.lognormal(mean=11.5, sigma=1.3, size=rows), 2)
    on_edge = rng.random(rows) < 0.3
    amounts[on_edge] = rng.choice(EDGES, size=int(on_edge.sum()))
    potential = rng.integers(1, 6, size=rows)
    return pd.DataFrame({"annual_purchases": amounts, "potential": potential})


def numpy_baseline(amounts: np.ndarray, potential: np.ndarray) -> np.ndarray:
    """The code a data scientist would write by hand: bands, tiers, a one-level lift."""
    value = 3 - (np.searchsorted(np.array([0, 50_000, 200_000, 500_000]), amounts, "right") - 1)
    tier = np.array([3, 3, 3, 2, 1, 0])[potential]
    return np.where(tier < value, value - 1, value)


def if_chain(amount: Decimal, potential: int) -> str:
    if amount >= 500_000:
        value = 0
    elif amount >= 200_000:
        value = 1
    elif amount >= 50_000:
        value = 2
    else:
        value = 3
    tier = 0 if potential == 5 else 1 if potential == 4 else 2 if potential == 3 else 3
    return "ABCD"[value - 1 if tier < value else value]


def call_each(function: Callable[[Decimal, int], object], pairs: list[tuple[Decimal, int]]) -> None:
    """Call per pair, as a request handler would, keeping no results."""
    for amount, potential in pairs:
        function(amount, potential)


def median_seconds(run: Callable[[], object], repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def line(what: str, ours: float, peer: float, unit: str, target: str) -> None:
    print(
        f"{what:<58} ours {ours:10.3f} {unit}  peer {peer:10.3f} {unit}  "
        f"ratio {ours / peer:7.2f}×  ({target})"
    )


def main() -> None:
    df = make_frame(ROWS)
    amounts = df["annual_purchases"].to_numpy()
    potential = df["potential"].to_numpy()

    ours = grade_frame(df)
    codes = ours["grade"].cat.codes.to_numpy()
    assert np.array_equal(codes, numpy_baseline(amounts, potential)), "frame vs numpy differ"
    sample = df.sample(2_000, random_state=1)
    for (_, row), grade in zip(sample.iterrows(), ours.loc[sample.index, "grade"], strict=True):
        assert grade_customer(row["annual_purchases"], int(row["potential"])).grade == grade

    ours_s = median_seconds(lambda: grade_frame(df))
    base_s = median_seconds(lambda: numpy_baseline(amounts, potential))
    line(
        f"grade_frame vs numpy searchsorted baseline, {ROWS:,} rows",
        ours_s * 1e3,
        base_s * 1e3,
        "ms",
        "target ≤ 2×",
    )

    head = df.head(APPLY_ROWS)
    start = time.perf_counter()
    applied = head.apply(
        lambda r: grade_customer(r["annual_purchases"], int(r["potential"])).grade, axis=1
    )
    apply_s = time.perf_counter() - start
    assert applied.tolist() == grade_frame(head)["grade"].tolist(), "frame vs apply differ"
    frame_head_s = median_seconds(lambda: grade_frame(head))
    line(
        f"grade_frame vs df.apply(grade_customer), {APPLY_ROWS:,} rows",
        frame_head_s * 1e3,
        apply_s * 1e3,
        "ms",
        f"speed-up {apply_s / frame_head_s:.0f}×, target ≥ 50×",
    )

    pairs = [
        (Decimal(str(a)), int(p))
        for a, p in zip(amounts[:100_000], potential[:100_000], strict=True)
    ]
    for a, p in pairs[:2_000]:
        assert str(grade_customer(a, p).grade) == if_chain(a, p)
    scalar_s = median_seconds(lambda: call_each(grade_customer, pairs))
    chain_s = median_seconds(lambda: call_each(if_chain, pairs))
    line(
        "grade_customer vs bare if-chain, per call (Decimal amounts)",
        scalar_s / len(pairs) * 1e6,
        chain_s / len(pairs) * 1e6,
        "µs",
        "target ≤ 3×",
    )

    inputs = amounts.nbytes + potential.nbytes
    tracemalloc.start()
    grade_frame(df)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{'grade_frame peak memory vs input columns':<58} ours {peak / 2**20:10.1f} MiB  "
        f"input {inputs / 2**20:10.1f} MiB  ratio {peak / inputs:7.2f}×  (target ≤ 2×)"
    )


if __name__ == "__main__":
    main()
