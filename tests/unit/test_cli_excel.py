"""`.xlsx` in and out of the command line (issue 18, the excel extra)."""

import json
import sys
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.budget import share

openpyxl = pytest.importorskip("openpyxl", reason="the excel extra installs openpyxl")
calamine = pytest.importorskip("python_calamine", reason="the excel extra installs calamine")

from tests.commands import rows_of, run  # noqa: E402


def workbook(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def sheet(path):
    return calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


BOOK = [
    ["客户名称", "年采购额", "潜力", "关系满意度", "服务满意度"],
    ["湖光科技", 600000, 2, 4.5, 3.5],  # numbers as Excel stores them (floats)
    ["江河", 120000, 5, 3, 3],
    ["山海", 49999.99, 4, 4, 4],
]
BOOK_CSV = (
    "客户名称,年采购额,潜力,关系满意度,服务满意度\n"
    "湖光科技,600000,2,4.5,3.5\n"
    "=HYPERLINK(1),120000,5,3,3\n"
    "山海,49999.99,4,4,4\n"
)


def test_a_workbook_is_graded_as_its_csv_export_is(tmp_path, capsys):
    book = workbook(tmp_path / "book.xlsx", BOOK)
    export = tmp_path / "book.csv"
    export.write_text(BOOK_CSV.replace("=HYPERLINK(1)", "江河"), "utf-8")
    assert run("grade", book, "--format", "csv") == 0
    from_excel = capsys.readouterr().out
    assert run("grade", export, "--format", "csv") == 0
    assert from_excel == capsys.readouterr().out
    assert [r["grade"] for r in rows_of(from_excel)] == ["A", "B", "C"]


def test_results_are_written_as_a_workbook_only_when_all_is_well(tmp_path, capsys):
    export = tmp_path / "book.csv"
    export.write_text(BOOK_CSV, "utf-8")
    out = tmp_path / "graded.xlsx"
    assert run("grade", export, "--out", out) == 0
    written = sheet(out)
    assert written[0][:3] == ["客户名称", "年采购额", "潜力"]
    assert [row[5] for row in written[1:]] == ["A", "B", "C"]
    assert written[2][0] == "'=HYPERLINK(1)"  # not run as a formula when opened
    export.write_text(BOOK_CSV + "坏,abc,3,4,4\n", "utf-8")
    assert run("grade", export, "--out", out) == 2
    assert sheet(out) == written  # the previous workbook is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.csv", "graded.xlsx"]
    capsys.readouterr()
    # found by the fuzz run: a workbook to standard output wrote bytes to a text stream
    assert run("grade", export, "--format", "xlsx") == 2
    assert "xlsx is written to a file: add --out" in capsys.readouterr().err


def test_a_workbook_written_from_a_workbook_keeps_its_numbers_and_dates(tmp_path, capsys):
    signed = [date(2024, 5, 15), "待定", date(2023, 1, 9)]
    rows = [[*BOOK[0], "签约日期"]] + [[*r, d] for r, d in zip(BOOK[1:], signed, strict=True)]
    book = workbook(tmp_path / "book.xlsx", rows)
    out = tmp_path / "graded.xlsx"
    assert run("grade", book, "--out", out) == 0
    written = sheet(out)
    # the input's cells as Excel stored them: numbers are numbers, dates dates, text text
    assert written[1][:6] == ["湖光科技", 600000.0, 2.0, 4.5, 3.5, date(2024, 5, 15)]
    assert written[2][5] == "待定"
    assert written[3][1] == 49999.99
    assert [row[6] for row in written[1:]] == ["A", "B", "C"]
    # other outputs of the same workbook hold the text a CSV export would
    capsys.readouterr()
    assert run("grade", book, "--format", "jsonl") == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (first["年采购额"], first["签约日期"]) == ("600000", "2024-05-15")


def test_ticket_times_in_a_workbook_are_read_in_the_zone_named(tmp_path, capsys):
    header = ["问题编号", "客户编号", "客户名称", "问题描述", "提交时间", "问题等级", "分级时间"]
    row = ["FW20240515001", "CUS20240515001", "湖光科技", "导出金额错误"]
    naive = datetime(2024, 5, 15, 9, 15), datetime(2024, 5, 15, 9, 25)  # noqa: DTZ001 - as Excel
    row += [naive[0], "L2", naive[1]]
    book = workbook(tmp_path / "tickets.xlsx", [header, row])
    as_of = ("--as-of", "2024-05-15T11:30:00+08:00", "--format", "csv")
    assert run("sla", book, *as_of) == 2  # Excel keeps no time zone
    assert "--tz Asia/Shanghai" in capsys.readouterr().err
    assert run("sla", book, *as_of, "--tz", "Asia/Shanghai") == 0
    (result,) = rows_of(capsys.readouterr().out)
    assert (result["response"], result["resolution_due"]) == (
        "breached",
        "2024-05-15T17:15:00+08:00",
    )


def test_a_bad_or_unreadable_workbook_is_refused_with_its_place(tmp_path, capsys, monkeypatch):
    wide = workbook(tmp_path / "wide.xlsx", [["年采购额", "潜力"], [1000, 3, "a note"]])
    assert run("grade", wide) == 2
    assert "wide.xlsx:2:3: has a cell beyond the 2 columns" in capsys.readouterr().err
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", "utf-8")
    assert run("grade", fake) == 2
    assert "is not an Excel workbook" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # the extra not installed
    assert run("grade", wide) == 2
    assert "pip install 'salescare[excel]'" in capsys.readouterr().err


def test_check_reads_a_table_of_records_a_row_each(tmp_path, capsys):
    header = ["问题编号", "客户编号", "客户名称", "问题描述", "提交时间", "问题等级"]
    good = ["FW20240515001", "CUS20240515001", "湖光科技", "导出金额错误", "2024-05-15 09:15", "L2"]
    bad = ["FW20240230001", "CUS20240515001", "湖光科技", "导出金额错误", "2024-05-15 09:15", "L9"]
    book = workbook(tmp_path / "tickets.xlsx", [header, good])
    assert run("check", "ticket", book, "--tz", "Asia/Shanghai") == 0
    assert "1 valid Ticket record" in capsys.readouterr().out
    assert run("check", "ticket", book) == 2  # times without an offset, no zone named
    assert "tickets.xlsx:2:5:" in capsys.readouterr().err
    book = workbook(tmp_path / "more.xlsx", [header, good, bad])
    assert run("check", "ticket", book, "--tz", "Asia/Shanghai") == 2
    err = capsys.readouterr().err
    assert "more.xlsx:3:1: Ticket.number" in err
    assert "more.xlsx:3:6: Ticket.level: 'L9'" in err


_PLAIN = st.text(
    st.characters(categories=["L", "N"], exclude_characters="\x00"), min_size=1, max_size=12
)
_CELLS = st.one_of(
    _PLAIN,
    st.integers(-(10**9), 10**9),
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(date(1950, 1, 1), date(2100, 12, 31)),
    st.datetimes(datetime(1950, 1, 1), datetime(2100, 12, 31)).map(  # noqa: DTZ001 - as Excel
        lambda moment: moment.replace(microsecond=0)
    ),
)


@share(0.1, deadline=None)
@given(
    st.lists(
        st.tuples(st.decimals(0, 10**7, places=2), st.integers(1, 5), _CELLS),
        min_size=1,
        max_size=5,
    )
)
def test_grading_a_workbook_never_changes_an_input_cell(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("book")
    header = ["客户名称", "年采购额", "潜力", "备注"]
    body = [
        [f"客户{i}", float(amount), potential, extra]
        for i, (amount, potential, extra) in enumerate(rows)
    ]
    book = workbook(folder / "in.xlsx", [header, *body])
    out = folder / "out.xlsx"
    assert run("grade", book, "--out", out) == 0
    assert [row[:4] for row in sheet(out)] == sheet(book)
