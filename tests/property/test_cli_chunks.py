"""The command line's column engine writes what the row-by-row path writes, byte for byte.

``salescare grade`` on a CSV file runs through :mod:`salescare._chunked` when the frame extra
is installed. Generated files mix what real exports hold (plain numbers, thousands commas,
long decimals, text, blanks, quoted cells with commas and line breaks, formula-like cells,
blank and whitespace lines, ragged rows, a column the command also writes) and are run both
ways, with tiny chunks so that every chunk boundary is crossed: the exit code, the message
and the output file must be the same.
"""

import contextlib
import csv
import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salescare import _chunked
from salescare.cli import main
from salescare.grading import grade_customer

pytest.importorskip("numpy")

# valid cells, some read only by the row path (commas, long decimals, padding, other digits)
AMOUNTS = [
    "320000", "499999.99", "500000", "500000.0", "199999.99", "200000", "49999.99", "50000",
    "0", "-0", "1,200", "1,234,567.89", " 12 ", "1e5", "5E5", "١٢", "1_000", "+7", ".5",
    "499999.9999999999999", "0.1234567890123456789", "1e-320", "9" * 20,
]  # fmt: skip
SCORES = ["1", "2", "3", "4", "5", "4.0", " 3", "５", "4.00"]
HEALTH = ["1", "3", "3.995", "4", "4.005", "5", "3.5", "4.0049999999999999", " 4 "]
# cells both paths must refuse, at the same line and column
BAD_AMOUNTS = ["-5", "", " ", "nan", "inf", "Infinity", "=1+2", "abc"]
BAD_SCORES = ["3.5", "0", "6", "", "x", "-1"]
BAD_HEALTH = ["", "NaN", "0.5", "abc", "6"]


def cells(good, bad):
    return st.one_of(st.sampled_from(good), st.sampled_from(good), st.sampled_from(bad))

TEXT = ["Lake", "湖畔科技", "a,b", 'say "hi"', "two\nlines", "=HYPERLINK()", "-", "@x", "\tx"]


@st.composite
def books(draw):
    health = draw(st.booleans())
    extra = draw(st.sampled_from([None, "grade", "备注"]))
    faulty = draw(st.booleans())
    header = ["客户名称", "年采购额", "潜力"]
    if health:
        header += ["relationship", "service"]
    if extra:
        header.append(extra)
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row = [
            draw(st.sampled_from(TEXT)),
            draw(cells(AMOUNTS, BAD_AMOUNTS) if faulty else st.sampled_from(AMOUNTS)),
            draw(cells(SCORES, BAD_SCORES) if faulty else st.sampled_from(SCORES)),
        ]
        if health:
            row += [
                draw(cells(HEALTH, BAD_HEALTH) if faulty else st.sampled_from(HEALTH))
                for _ in range(2)
            ]
        if extra:
            row.append(draw(st.sampled_from(TEXT)))
        rows.append(row)
    handle = io.StringIO(newline="")
    writer = csv.writer(handle, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    lines = []
    for row in rows:
        line = io.StringIO(newline="")
        csv.writer(line, lineterminator=writer.dialect.lineterminator).writerow(row)
        lines.append(line.getvalue())
        blank = ["", "", "", "\n", "  \n", "," * (len(header) - 1) + "\n"]
        noise = draw(st.sampled_from([*blank, "x,y\n"] if faulty else blank))
        lines.append(noise)
    return handle.getvalue() + "".join(lines)


def _run(book: Path, out: Path, *, columns: bool, chunk: int) -> tuple[int, str, bytes | None]:
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_chunked, "CHUNK_ROWS", chunk)
        if not columns:
            patch.setattr(_chunked, "available", lambda: False)
        with contextlib.redirect_stderr(err):
            code = main(["grade", str(book), "--out", str(out)])
    written = out.read_bytes() if out.exists() else None
    out.unlink(missing_ok=True)
    message = err.getvalue().replace(str(out), "OUT")
    return code, message, written


@settings(max_examples=150, deadline=None)
@given(text=books(), chunk=st.integers(1, 5))
def test_the_column_engine_writes_what_the_row_path_writes(text, chunk):
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book.csv"
        book.write_text(text, encoding="utf-8", newline="")
        out = Path(folder) / "out.csv"
        by_row = _run(book, out, columns=False, chunk=chunk)
        by_column = _run(book, out, columns=True, chunk=chunk)
    assert by_column == by_row


def test_a_clean_file_is_computed_by_the_kernels_not_row_by_row(tmp_path, monkeypatch):
    # the engine is not the row path in disguise: clean rows never reach the row conversion
    book = tmp_path / "book.csv"
    book.write_text("年采购额,潜力\n320000,5\n499999.99,4\n500000,1\n", encoding="utf-8")
    converted = []
    original = _chunked._write_chunk

    def spy(chunk, done, convert, sink):
        converted.append(int((~done.mask).sum()))
        return original(chunk, done, convert, sink)

    monkeypatch.setattr(_chunked, "_write_chunk", spy)
    assert main(["grade", str(book), "--out", str(tmp_path / "out.csv")]) == 0
    assert converted == [0]
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    expected = ["年采购额,潜力,grade,value_tier,potential_tier"]
    for amount, score in (("320000", 5), ("499999.99", 4), ("500000", 1)):
        result = grade_customer(Decimal(amount), score)
        tiers = (result.grade, result.value_tier, result.potential_tier)
        expected.append(",".join([amount, str(score), *(t.value for t in tiers)]))
    assert lines == expected
