"""`salescare grade` on a million-row CSV, against pandas read_csv + grade_frame + to_csv.

1,000,000 seeded customers (30 % on band edges, Chinese headers as a CRM export has them, one
free-text column). Runs the command in this process (``salescare.cli.main``) and the pandas
pipeline a data team would otherwise write, checks the two outputs agree row for row, and
prints rows per second for both and the ratio. Also reports the peak memory of the command
(tracemalloc), which streams and so stays flat in the number of rows.

Run: ``python benchmarks/cli.py [rows]``; ``python benchmarks/cli.py [rows] --sla`` measures
``salescare sla`` on a ticket export instead (the column engine against the row path, whose
outputs must be byte for byte equal on a sample).
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


SLA_NOW = "2024-08-20T12:00:00+08:00"


def write_tickets(path: Path, rows: int, seed: int = 20240515) -> None:
    """A month-style ticket export: every optional column a CSV can hold, filled as in life."""
    rng = np.random.default_rng(seed)
    base = np.datetime64("2024-03-01T00:00:00", "s")
    submitted = base + rng.integers(0, 170 * 86_400, rows).astype("timedelta64[s]")

    def later(start: np.ndarray, low: int, high: int, share: float) -> np.ndarray:
        out = start + (rng.integers(low * 60, high * 60, rows)).astype("timedelta64[s]")
        out[(rng.random(rows) > share) | np.isnat(start)] = np.datetime64("NaT")
        return out

    def text(moments: np.ndarray) -> np.ndarray:
        # written in Beijing time, as an export from a Chinese CRM has them
        local = np.datetime_as_string(moments + np.timedelta64(8, "h"), unit="s")
        return np.where(np.isnat(moments), "", np.char.add(local, "+08:00"))

    triaged = later(submitted, 1, 40, 0.95)
    resolved = later(submitted, 60, 3_000, 0.8)
    synced = later(resolved, 60, 2_000, 0.7)
    collected = later(resolved, 60, 2_000, 0.6)
    closed = ~np.isnat(resolved) & (rng.random(rows) < 0.8)
    status = np.where(closed, "closed", np.where(np.isnat(triaged), "pending", "in_progress"))
    score = np.where(np.isnat(collected), "", rng.integers(1, 6, rows).astype(str))
    columns = {
        "问题编号": _numbers(rows),
        "客户编号": [f"CUS20240301{i % 997 + 1:03d}" for i in range(rows)],
        "客户名称": [f"客户{i % 997}" for i in range(rows)],
        "问题描述": ["导出报表合计错误"] * rows,
        "提交时间": text(submitted),
        "level": rng.choice(["L1", "L2", "L3"], rows, p=[0.2, 0.5, 0.3]),
        "status": status,
        "triaged_at": text(triaged),
        "assigned_at": text(later(triaged, 5, 60, 0.9)),
        "first_response_at": text(later(submitted, 10, 300, 0.9)),
        "resolved_at": text(resolved),
        "resolution": np.where(closed, "fixed the export", ""),
        "synced_to_sales_at": text(synced),
        "sales_contacted_at": text(later(synced, 60, 3_000, 0.7)),
        "satisfaction": score,
        "satisfaction_at": text(collected),
    }
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(zip(*(list(c) for c in columns.values()), strict=True))


def _numbers(rows: int) -> list[str]:
    day = np.datetime64("2024-03-01")
    return [f"FW{str(day + i // 999).replace('-', '')}{i % 999 + 1:03d}" for i in range(rows)]


def sla_benchmark(rows: int) -> None:
    """`salescare sla` on a ticket export: the column engine against the row-by-row path."""
    import salescare._chunked as chunked  # noqa: PLC0415

    sample = min(rows, 20_000)
    with tempfile.TemporaryDirectory() as folder:
        book, out = Path(folder) / "tickets.csv", Path(folder) / "sla.csv"
        write_tickets(book, rows)
        command = ["sla", str(book), "--as-of", SLA_NOW, "--out", str(out)]
        ours = timed(lambda: main(command))
        small = Path(folder) / "sample.csv"
        with book.open(encoding="utf-8") as source:
            small.write_text("".join(next(source) for _ in range(sample + 1)), encoding="utf-8")
        sample_command = ["sla", str(small), "--as-of", SLA_NOW, "--out", str(out)]
        main(sample_command)
        by_columns = out.read_bytes()
        available = chunked.available
        chunked.available = lambda: False  # type: ignore[assignment]
        try:
            by_rows = timed(lambda: main(sample_command))
        finally:
            chunked.available = available  # type: ignore[assignment]
        assert out.read_bytes() == by_columns, "the column engine and the row path disagree"
        rss = peak_rss_of(["sla", str(book), "--as-of", SLA_NOW, "--out", str(out)])
    row_rate = sample / by_rows
    print(f"salescare sla, {rows:,} tickets (CSV in, CSV out, now {SLA_NOW})")
    print(f"  column engine          {ours:7.2f} s  {rows / ours:>10,.0f} tickets/s")
    print(f"  row by row ({sample:,})  {by_rows:7.2f} s  {row_rate:>10,.0f} tickets/s")
    print(f"  ratio (row / column)   {rows / ours / row_rate:7.1f}×  (outputs equal on the sample)")
    print(f"  peak RSS of the command: {rss:.0f} MiB")


def peak_rss_of(argv: list[str]) -> float:
    """The peak resident memory (MiB) of ``salescare argv`` in a fresh process."""
    code = _COMMAND_ALONE.replace('["grade", sys.argv[1], "--out", sys.argv[2]]', "sys.argv[1:]")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, *argv], check=True, capture_output=True, text=True
    )
    return float(done.stdout.split()[-1]) / 1024


if __name__ == "__main__":
    if sys.argv[1:2] == ["--pandas"]:
        pandas_side(Path(sys.argv[2]), Path(sys.argv[3]))
    elif "--sla" in sys.argv:
        sla_benchmark(ROWS)
    else:
        main_benchmark()
