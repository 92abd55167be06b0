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
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salescare import _chunked
from salescare._isotext import iso_text, read_times
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


def _run(argv: list[str], *, columns: bool, chunk: int) -> tuple[int, str, str]:
    """``salescare argv`` by the column engine or row by row: exit code, stderr, stdout."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_chunked, "CHUNK_ROWS", chunk)
        if not columns:
            patch.setattr(_chunked, "available", lambda: False)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    return code, err.getvalue(), out.getvalue()


def _both(text: str, name: str, *argv: str, chunk: int) -> None:
    """The same file run both ways writes the same: output, messages, exit code."""
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / name
        book.write_text(text, encoding="utf-8", newline="")
        out = Path(folder) / "out.csv"
        runs = []
        for columns in (False, True):
            code, err, printed = _run(
                [argv[0], str(book), *argv[1:], "--out", str(out)], columns=columns, chunk=chunk
            )
            written = out.read_bytes() if out.exists() else None
            out.unlink(missing_ok=True)
            runs.append((code, err, printed, written))
            # and to standard output: rows before a bad one are printed as row by row
            runs.append(
                _run(
                    [argv[0], str(book), *argv[1:], "--format", "csv"], columns=columns, chunk=chunk
                )
            )
    assert runs[2:] == runs[:2]


@settings(deadline=None)
@given(text=books(), chunk=st.integers(1, 5))
def test_the_column_engine_writes_what_the_row_path_writes(text, chunk):
    _both(text, "book.csv", "grade", chunk=chunk)


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
    assert main(["grade", str(book), "--out", str(tmp_path / "out.csv"), "--lang", "en"]) == 0
    assert converted == [0]
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    expected = ["年采购额,潜力,grade,value_tier,potential_tier"]
    for amount, score in (("320000", 5), ("499999.99", 4), ("500000", 1)):
        result = grade_customer(Decimal(amount), score)
        tiers = (result.grade, result.value_tier, result.potential_tier)
        expected.append(",".join([amount, str(score), *(t.value for t in tiers)]))
    assert lines == expected


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BASE = datetime(2024, 5, 15, 9, 0, tzinfo=timezone(timedelta(hours=8)))
NOW = "2024-05-17T12:00:00+08:00"
MINUTES = [0, 5, 14, 15, 16, 29, 30, 31, 60, 119, 120, 121, 1439, 1441, 2880, 3000, 4000]


@st.composite
def stamps(draw):
    moment = BASE + timedelta(minutes=draw(st.sampled_from(MINUTES)))
    shape = draw(st.sampled_from(["iso", "iso", "iso", "utc", "space", "short", "z", "naive"]))
    if shape == "utc":
        return moment.astimezone(UTC).isoformat()
    if shape == "space":
        return moment.isoformat(sep=" ")
    if shape == "short":
        return moment.isoformat(timespec="minutes")
    if shape == "z":
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if shape == "naive":
        return moment.replace(tzinfo=None).isoformat()
    return moment.isoformat()


TICKET_COLUMNS = {
    "问题编号": ["FW20240515001", "FW20240515002", "FW20240230001", "FW20240515000", "fw1", ""],
    "客户编号": ["CUS20240515001", "HZ-IT-2024-0001", "C1", ""],
    "客户名称": ["湖畔科技", "Lake, Inc.", "  ", ""],
    "问题描述": ["导出报表合计错误", "=cmd", ""],
    "level": ["L1", "L2", "L3", "紧急", "一般", "", "L4"],
    "status": ["pending", "in_progress", "closed", "postponed", "", "done"],
    "resolution": ["fixed the export", "", " "],
    "postpone_reason": ["waiting for the vendor", ""],
    "satisfaction": ["1", "3", "5", "", "6"],
    "joint_handling": ["否", "", "是", "maybe"],
}
TIME_FIELDS = [
    "triaged_at",
    "assigned_at",
    "first_response_at",
    "resolved_at",
    "satisfaction_at",
    "synced_to_sales_at",
    "sales_contacted_at",
    "expected_resolution_at",
]


@st.composite
def ticket_books(draw):
    header = ["问题编号", "客户编号", "客户名称", "问题描述", "提交时间"]
    header += draw(st.lists(st.sampled_from(list(TICKET_COLUMNS)[4:]), unique=True, max_size=6))
    header += draw(st.lists(st.sampled_from(TIME_FIELDS), unique=True, max_size=8))
    handle = io.StringIO(newline="")
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 10))):
        row = []
        for column in header:
            if column in TICKET_COLUMNS:
                good = TICKET_COLUMNS[column][:2]
                row.append(
                    draw(st.one_of(st.sampled_from(good), st.sampled_from(TICKET_COLUMNS[column])))
                )
            elif column == "提交时间" or draw(st.booleans()):
                row.append(draw(stamps()))
            else:
                row.append("")
        writer.writerow(row)
    return handle.getvalue()


@settings(deadline=None)
@given(
    text=ticket_books(),
    chunk=st.integers(1, 4),
    lang=st.sampled_from([(), ("--lang", "en"), ("--lang", "zh-Hant")]),
)
def test_the_sla_engine_writes_what_the_row_path_writes(text, chunk, lang):
    # Chinese headers: reasons in Chinese unless --lang says otherwise, the same both ways
    _both(text, "tickets.csv", "sla", "--as-of", NOW, *lang, chunk=chunk)


def test_sla_reasons_follow_the_headers_language(tmp_path):
    # rows the kernels measure and rows left to the row path (a time without seconds) alike
    book = tmp_path / "tickets.csv"
    rows = [
        "问题编号,客户编号,客户名称,问题描述,提交时间,问题等级",
        "FW20240515001,CUS20240515001,湖畔科技,导出报表合计错误,2024-05-15T09:00:00+08:00,L1",
        "FW20240515002,CUS20240515001,湖畔科技,导出报表合计错误,2024-05-15T09:00+08:00,紧急",
    ]
    book.write_text("\n".join(rows) + "\n", encoding="utf-8")
    outputs = []
    for columns in (False, True):
        code, _, printed = _run(
            ["sla", str(book), "--as-of", NOW, "--format", "csv"], columns=columns, chunk=5
        )
        assert code == 0
        assert (
            printed.count("已超时：15 min内为工单定级分类（TK-2），超过截止时间 50 h 45 min") == 2
        )
        outputs.append(printed)
    assert outputs[0] == outputs[1]


@st.composite
def iso_cells(draw):
    # naive wall clocks: the offset is drawn apart and written on
    wall = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))  # noqa: DTZ001
    moment = draw(wall)
    offset = timedelta(minutes=draw(st.integers(-23 * 60 - 59, 23 * 60 + 59)))
    text = moment.replace(microsecond=0, tzinfo=timezone(offset)).isoformat(
        sep=draw(st.sampled_from("T "))
    )
    # and cells a hand or a spreadsheet spoils: one character changed
    if draw(st.booleans()):
        where = draw(st.integers(0, len(text) - 1))
        text = text[:where] + draw(st.sampled_from("0123459:-+TZ x")) + text[where + 1 :]
    return text


EDGES = [
    "2024-05-15T24:00:00+08:00",
    "2024-05-15T23:60:00+08:00",
    "2024-05-15T23:59:60+08:00",
    "2024-02-29T09:00:00+08:00",
    "2023-02-29T09:00:00+08:00",
    "2024-04-31T09:00:00+08:00",
    "0000-01-01T09:00:00+00:00",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "2024-05-15T09:00:00+24:00",
    "2024-05-15T09:00:00+23:60",
    "2024-05-15T09:00:00-23:59",
    "2024-05-15T09:00:00Z",
    "2024-05-15t09:00:00+08:00",
    "2024-05-15T09:00:00+0800",
    "２024-05-15T09:00:00+08:00",
]


@given(cells=st.lists(st.one_of(iso_cells(), st.sampled_from(EDGES)), max_size=20))
def test_times_read_a_column_at_a_time_are_the_times_fromisoformat_reads(cells):
    times = read_times(cells)
    for index, cell in enumerate(cells):
        if not times.read[index]:
            continue  # left to the row path, which reads or refuses it itself
        moment = datetime.fromisoformat(cell)
        assert moment.utcoffset() is not None
        assert times.instants[index] == (moment - EPOCH) // timedelta(microseconds=1)
        assert times.offsets[index] == moment.utcoffset().total_seconds()
        written = iso_text(times.instants[index : index + 1], times.offsets[index : index + 1])
        assert written == [moment.isoformat()]
