"""`salescare grade` on a million-row CSV, against pandas read_csv + grade_frame + to_csv.

1,000,000 seeded customers (30 % on band edges, Chinese headers as a CRM export has them, one
free-text column). Runs the command in this process (``salescare.cli.main``) and the pandas
pipeline a data team would otherwise write, checks the two outputs agree row for row, and
prints rows per second for both and the ratio. Also reports the peak memory of the command
(tracemalloc), which streams and so stays flat in the number of rows.

Run: ``python benchmarks/cli.py [rows]``.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from salescare.cli import main
from salescare.frame import grade_frame

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1_000_000
EDGES = ["500000", "499999.99", "200000", "199999.99", "50000", "49999.99", "0"]


def write_book(path: Path, rows: int, seed: int = 20240617) -> None:
    rng = np.random.default_rng(seed)
    amounts = np.round(rng.lognormal(mean=11.5, sigma=1.3, size=rows), 2).astype(str)
    on_edge = rng.random(rows) < 0.3
    amounts[on_edge] = rng.choice(EDGES, size=int(on_edge.sum()))
    potential = rng.integers(1, 6, size=rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["客户编号", "客户名称", "年采购额", "潜力"])
        for index in range(rows):
            writer.writerow(
                [f"HZ-IT-2024-{index + 1:07d}", f"客户{index}", amounts[index], potential[index]]
            )


def pandas_pipeline(book: Path, out: Path) -> None:
    """What a data team writes without the command: read, grade, write."""
    df = pd.read_csv(book, dtype={"年采购额": "float64", "潜力": "int64"})
    graded = grade_frame(df, purchases="年采购额", potential="潜力")
    df.join(graded).to_csv(out, index=False)


def timed(run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - start


def main_benchmark() -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book.csv"
        ours_out = Path(folder) / "graded.csv"
        peer_out = Path(folder) / "graded_pandas.csv"
        write_book(book, ROWS)
        ours = timed(lambda: main(["grade", str(book), "--out", str(ours_out)]))
        peer = timed(lambda: pandas_pipeline(book, peer_out))
        a = pd.read_csv(ours_out, dtype=str, usecols=["grade", "value_tier", "potential_tier"])
        b = pd.read_csv(peer_out, dtype=str, usecols=["grade", "value_tier", "potential_tier"])
        assert a.equals(b), "the command and grade_frame disagree"
        tracemalloc.start()
        main(["grade", str(book), "--out", str(ours_out)])
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = peak_rss("--command", book, ours_out)
        peer_rss = peak_rss("--pandas", book, peer_out)
    print(f"salescare grade, {ROWS:,} rows (CSV in, CSV out), outputs equal row for row")
    print(f"  salescare grade        {ours:7.2f} s  {ROWS / ours:>10,.0f} rows/s")
    print(f"  pandas + grade_frame   {peer:7.2f} s  {ROWS / peer:>10,.0f} rows/s")
    print(f"  ratio (ours / pandas)  {ours / peer:7.2f}×")
    print(f"  peak traced memory of the command: {peak / 2**20:.1f} MiB (streams in chunks)")
    print(f"  peak RSS: salescare grade {rss:.0f} MiB, pandas pipeline {peer_rss:.0f} MiB")


_COMMAND_ALONE = """
import sys
from pathlib import Path
from salescare.cli import main
main(["grade", sys.argv[1], "--out", sys.argv[2]])
status = Path("/proc/self/status").read_text(encoding="ascii")
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
"""


def peak_rss(mode: str, book: Path, out: Path) -> float:
    """The peak resident memory (MiB) of one side, run alone in a fresh process.

    The command runs as a user runs it (only salescare imported); pandas in this script.
    """
    command = (
        [sys.executable, "-c", _COMMAND_ALONE, str(book), str(out)]
        if mode == "--command"
        else [sys.executable, __file__, mode, str(book), str(out)]
    )
    done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    return float(done.stdout.split()[-1]) / 1024  # VmHWM is in KiB


def pandas_side(book: Path, out: Path) -> None:
    pandas_pipeline(book, out)
    # VmHWM is this process's own peak (ru_maxrss would include the parent's at fork)
    status = Path("/proc/self/status").read_text(encoding="ascii")
    print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--pandas"]:
        pandas_side(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main_benchmark()
