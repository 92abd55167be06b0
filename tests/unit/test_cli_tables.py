"""`salescare grade` and `salescare sla` on files (issue: the user-facing surface)."""

import io
import json
import sys

import pytest
from tests.commands import rows_of, run

from salescare._writing import Progress, escape_formula
from salescare.cli import main
from salescare.grading import grade_customer

BOOK = (
    "客户名称,年采购额,潜力,关系满意度,服务满意度\n"
    '湖光科技,"600,000",2,4.5,3.5\n'
    "=HYPERLINK(1),120000,5,3,3\n"
    "山海,49999.99,4.0,4,4\n"
)


def test_grade_reads_chinese_headers_and_adds_grades(tmp_path, capsys):
    book = tmp_path / "book.csv"
    book.write_text(BOOK, "utf-8-sig")  # Excel writes a BOM
    assert run("grade", book, "--format", "csv") == 0
    rows = rows_of(capsys.readouterr().out)
    assert [r["grade"] for r in rows] == ["A", "B", "C"]
    assert [r["health"] for r in rows] == ["sub_healthy", "risk", "healthy"]
    assert rows[0]["weak_dimension"] == "service"
    assert rows[0]["客户名称"] == "湖光科技"
    assert rows[2]["grade"] == str(grade_customer("49999.99", 4).grade)


def test_formula_cells_are_escaped_in_csv_but_not_in_json(tmp_path, capsys):
    book = tmp_path / "book.csv"
    book.write_text(BOOK, "utf-8")
    assert run("grade", book, "--format", "csv") == 0
    assert rows_of(capsys.readouterr().out)[1]["客户名称"] == "'=HYPERLINK(1)"
    assert run("grade", book, "--format", "jsonl") == 0
    lines = capsys.readouterr().out.splitlines()
    assert json.loads(lines[1])["客户名称"] == "=HYPERLINK(1)"
    assert escape_formula("-12.5") == "-12.5"
    assert escape_formula("-1+2") == "'-1+2"
    assert escape_formula("+86 138") == "'+86 138"


def test_traditional_headers_jsonl_and_json_inputs(tmp_path, capsys):
    rows = [{"客戶名稱": "湖光", "年採購額": 250000, "潛力": 3}]
    jsonl = tmp_path / "book.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    out = tmp_path / "graded.csv"
    assert run("grade", jsonl, "--out", out) == 0
    assert rows_of(out.read_text("utf-8"))[0]["grade"] == "B"
    as_json = tmp_path / "book.json"
    as_json.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    assert run("grade", as_json, "--format", "json", "--reason") == 0
    graded = json.loads(capsys.readouterr().out)
    assert graded[0]["grade"] == "B"
    assert "GR-1" in graded[0]["reason"]


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ("name,annual_purchases,potential\nA,1000,3\nB,abc,3\n", ":3:2:", "'abc' is not an amount"),
        ("name,annual_purchases,potential\nA,1000,9\n", ":2:3:", "out of range"),
        ("name,annual_purchases,potential\nA,,3\n", ":2:2:", "is missing"),
        ("name,annual_purchases\nA,1000\n", ":1:1:", "missing column: potential (潜力评分"),
        ("name,年采购额,年採購額,潜力\nA,1,2,3\n", ":1:3:", "names annual_purchases again"),
        ("a,annual_purchases,potential,relationship\nA,1,3,4\n", ":1:1:", "no service column"),
        ("annual_purchases,potential\n1,3,4\n", ":2:3:", "3 cells for 2 columns"),
    ],
)
def test_bad_input_exits_2_with_file_line_column_and_writes_nothing(
    tmp_path, capsys, text, where, says
):
    book = tmp_path / "book.csv"
    book.write_text(text, "utf-8")
    out = tmp_path / "out.csv"
    out.write_text("previous run\n", "utf-8")
    assert run("grade", book, "--out", out) == 2
    err = capsys.readouterr().err
    assert f"book.csv{where}" in err
    assert says in err
    assert out.read_text("utf-8") == "previous run\n"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.csv", "out.csv"]  # no temp left


def test_missing_scores_are_refused_naming_the_option_or_left_ungraded(tmp_path, capsys):
    book = tmp_path / "book.csv"
    book.write_text(
        "客户名称,年采购额,潜力,关系满意度,服务满意度\nA,600000,,4,\nB,1000,3,4,4\n", "utf-8"
    )
    assert run("grade", book, "--format", "csv") == 2
    assert "--missing unknown" in capsys.readouterr().err
    assert run("grade", book, "--format", "csv", "--missing", "unknown", "--reason") == 0
    rows = rows_of(capsys.readouterr().out)
    expected = str(grade_customer(1000, 3).grade)
    assert [(r["grade"], r["health"]) for r in rows] == [("", ""), (expected, "healthy")]
    assert "unknown" in rows[0]["reason"]


def test_json_errors_point_at_the_record(tmp_path, capsys):
    book = tmp_path / "book.json"
    book.write_text(
        '[\n  {"annual_purchases": 1, "potential": 3},\n'
        '  {"annual_purchases": -5, "potential": 3}\n]',
        "utf-8",
    )
    assert run("grade", book) == 2
    assert "book.json:3:4: annual_purchases: -5 is negative" in capsys.readouterr().err
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"annual_purchases": 1, "potential": 3}\n{"annual_purchases": 1,\n', "utf-8")
    assert run("grade", broken) == 2
    assert "broken.jsonl:2:" in capsys.readouterr().err


def test_encoding_hint_and_gb18030(tmp_path, capsys):
    book = tmp_path / "book.csv"
    book.write_bytes("客户名称,年采购额,潜力\n湖光,600000,2\n".encode("gb18030"))
    assert run("grade", book, "--encoding", "utf-8") == 2
    assert "--encoding gb18030" in capsys.readouterr().err
    assert run("grade", book, "--encoding", "gb18030", "--format", "csv") == 0
    assert rows_of(capsys.readouterr().out)[0]["grade"] == "A"


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030"])
def test_the_encoding_of_an_export_is_detected(tmp_path, capsys, codec):
    """--encoding auto (the default): a byte-order mark, else UTF-8, else GB18030."""
    book = tmp_path / "book.csv"
    book.write_text("客户名称,年采购额,潜力\n湖光科技,600000,2\n", codec)
    assert run("grade", book, "--format", "csv") == 0
    (row,) = rows_of(capsys.readouterr().out)
    assert (row["客户名称"], row["grade"]) == ("湖光科技", "A")


def test_utf8_cut_at_the_sniffed_megabyte_is_still_utf8(tmp_path):
    """A character split by the sample's end is not taken for GB18030."""
    from salescare._encodings import _SNIFF, sniffed_encoding  # noqa: PLC0415

    book = tmp_path / "book.csv"
    book.write_bytes(b"a" * (_SNIFF - 1) + "客".encode())
    assert sniffed_encoding(book) == "utf-8-sig"
    book.write_bytes(b"a" * (_SNIFF - 1) + "客".encode("gb18030"))
    assert sniffed_encoding(book) == "gb18030"


TICKETS = (
    "问题编号,客户编号,客户名称,问题描述,提交时间,问题等级,分级时间,首次响应时间,状态\n"
    "FW20240515001,CUS20240515001,湖光科技,导出金额错误,2024-05-15T09:15:00+08:00,L2,"
    "2024-05-15T09:25:00+08:00,,处理中\n"
    "FW20240515002,CUS20240515001,湖光科技,打印慢,2024-05-15T10:00:00+08:00,L3,"
    "2024-05-15T10:05:00+08:00,2024-05-15T10:30:00+08:00,處理中\n"
)


def test_sla_reports_every_ticket(tmp_path, capsys):
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(TICKETS, "utf-8")
    assert run("sla", tickets, "--as-of", "2024-05-15T11:30:00+08:00", "--format", "csv") == 0
    rows = rows_of(capsys.readouterr().out)
    assert [r["number"] for r in rows] == ["FW20240515001", "FW20240515002"]
    assert rows[0]["response"] == "breached"
    assert rows[0]["resolution_due"] == "2024-05-15T17:15:00+08:00"
    assert "TK-3.L2.respond" in rows[0]["flagged"]
    assert rows[1]["response"] == "met"
    assert rows[1]["worst"] == "breached"  # assignment (TK-4) is late


def test_sla_reads_an_export_of_local_times_in_the_zone_named(tmp_path, capsys):
    """Excel-style exports drop offsets: --tz names their zone; nothing is guessed."""
    local = tmp_path / "local.csv"
    local.write_text(TICKETS.replace("+08:00", "").replace("T", " "), "utf-8")
    offset = tmp_path / "offset.csv"
    offset.write_text(TICKETS, "utf-8")
    assert run("sla", local, "--as-of", "2024-05-15T11:30:00+08:00") == 2
    assert "--tz Asia/Shanghai" in capsys.readouterr().err
    as_of = ("--as-of", "2024-05-15 11:30", "--tz", "Asia/Shanghai", "--format", "csv")
    assert run("sla", local, *as_of) == 0
    read_locally = capsys.readouterr().out
    assert run("sla", offset, "--as-of", "2024-05-15T11:30:00+08:00", "--format", "csv") == 0
    assert read_locally == capsys.readouterr().out
    assert run("sla", local, "--as-of", "2024-05-15 11:30", "--tz", "Mars/Base") == 2
    assert "--tz: 'Mars/Base' is not a known time zone" in capsys.readouterr().err


def test_sla_bad_input(tmp_path, capsys):
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(TICKETS.replace(",L3,", ",L4,"), "utf-8")
    assert run("sla", tickets, "--as-of", "2024-05-15T11:30:00+08:00") == 2
    assert "tickets.csv:3:6: level: 'L4' is not a ticket level" in capsys.readouterr().err
    assert run("sla", tickets, "--as-of", "2024-05-15T11:30:00") == 2
    assert "has no time zone" in capsys.readouterr().err
    assert run("sla", tickets, "--as-of", "soon") == 2
    assert "is not an ISO 8601 datetime" in capsys.readouterr().err
    headless = tmp_path / "headless.csv"
    headless.write_text("客户编号\nCUS20240515001\n", "utf-8")
    assert run("sla", headless, "--as-of", "2024-05-15T11:30:00+08:00") == 2
    assert "missing column: number (问题编号 / 問題編號)" in capsys.readouterr().err


def test_text_table_aligns_wide_characters(tmp_path, capsys):
    book = tmp_path / "book.csv"
    book.write_text(BOOK, "utf-8")
    assert run("grade", book, "--format", "text") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("-")
    assert lines[2].index("600,000") == lines[0].index("年采购额")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # without the cli extra: a plain counter
    screen = Terminal()
    progress = Progress(every=2, stream=screen)
    for done in range(1, 5):
        progress.tick(done)
    progress.finish(4)
    assert screen.getvalue() == "\r2 rows…\r4 rows…\r4 rows, done.\n"
    quiet = io.StringIO()
    silent = Progress(every=2, stream=quiet)
    silent.tick(2)
    silent.finish(2)
    assert quiet.getvalue() == ""
    hushed = Terminal()
    asked = Progress(every=2, stream=hushed, quiet=True)
    asked.tick(2)
    asked.finish(2)
    assert hushed.getvalue() == ""


def test_progress_is_a_bar_with_the_cli_extra():
    tqdm = pytest.importorskip("tqdm", reason="the cli extra installs tqdm")
    screen = Terminal()
    progress = Progress(every=2, stream=screen)
    assert isinstance(progress._bar, tqdm.tqdm)
    for done in range(1, 7):
        progress.tick(done)
    assert progress._bar.n == 6
    progress.finish(7)
    assert progress._bar.n == 7


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])  # the column engine and the row path
def test_a_summary_line_says_what_was_read_and_done(tmp_path, capsys, suffix):
    book = tmp_path / f"book{suffix}"
    rows = [("600000", "2"), ("", "3"), ("1000", "3")] * 400
    if suffix == ".csv":
        book.write_text("年采购额,潜力\n" + "".join(f"{a},{p}\n" for a, p in rows), "utf-8")
    else:
        book.write_text(
            "".join(json.dumps({"年采购额": a, "潜力": p}) + "\n" for a, p in rows), "utf-8"
        )
    out = tmp_path / "graded.csv"
    assert run("grade", book, "--missing", "unknown", "--out", out) == 0
    err = capsys.readouterr().err
    assert f"book{suffix}: 1,200 rows read, 800 graded, 400 left ungraded → {out}" in err
    assert run("grade", book, "--missing", "unknown", "--out", out, "--quiet") == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("header", "language", "grade_column"),
    [
        ("客户名称,年采购额,潜力", None, "客户级别"),  # simplified in, simplified out
        ("客戶名稱,年採購額,潛力", None, "客戶級別"),  # traditional in, traditional out
        ("name,annual_purchases,potential", None, "grade"),
        ("客户名称,年采购额,潜力", "en", "grade"),
        ("name,annual_purchases,potential", "zh-Hant", "客戶級別"),
    ],
)
def test_result_columns_are_written_in_the_inputs_language(
    tmp_path, capsys, header, language, grade_column
):
    book = tmp_path / "book.csv"
    book.write_text(f"{header}\n湖光,600000,2\n", "utf-8")
    chosen = ("--lang", language) if language else ()
    assert main([*map(str, ("grade", book, "--format", "csv", "--reason", *chosen))]) == 0
    (row,) = rows_of(capsys.readouterr().out)
    assert row[grade_column] == "A"
    assert list(row)[:3] == header.split(",")  # the input's own columns are kept as they are


def test_glossary_command(capsys):
    assert run("glossary") == 0
    assert "annual_purchases" in capsys.readouterr().out
