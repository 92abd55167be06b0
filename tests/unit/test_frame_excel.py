"""Excel workbooks as frames and back: typed columns, Chinese headers, nothing half written."""

import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salescare import _excel
from salescare.errors import FileFormatError, ValidationError
from salescare.frame import grade_frame, normalize, read_excel, sla_frame, write_excel
from salescare.grading import grade_customer
from salescare.models import Ticket

pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")
openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("python_calamine")

SHANGHAI = timezone(timedelta(hours=8))


def wall(*fields):
    """A wall-clock time without a zone, as Excel keeps it."""
    return datetime(*fields)  # noqa: DTZ001


def _workbook(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_cells_are_read_as_excel_stores_them(tmp_path):
    path = _workbook(
        tmp_path / "book.xlsx",
        [
            [],  # a blank first row: the headers are the first row with something in it
            ["客户名称", "年采购额", "潜力", "签约日期", "提交时间", "VIP", "备注"],
            ["湖畔科技", 320000, 5, date(2024, 5, 15), wall(2024, 5, 15, 9, 15), True, 12],
            ["远航", 520000.5, 1, None, wall(2024, 5, 16, 10, 0), False, "见附件"],
        ],
    )
    df = read_excel(path, backend="polars")
    assert df.columns == ["客户名称", "年采购额", "潜力", "签约日期", "提交时间", "VIP", "备注"]
    assert [str(t) for t in df.dtypes] == [
        "String", "Float64", "Float64", "Date", "Datetime(time_unit='us', time_zone=None)",
        "Boolean", "String",
    ]  # fmt: skip
    assert df.row(0) == (
        "湖畔科技", 320000.0, 5.0, date(2024, 5, 15), wall(2024, 5, 15, 9, 15), True, "12",
    )  # fmt: skip
    assert df["签约日期"][1] is None
    # a column mixing a number and text keeps both, the number as a CSV export writes it
    assert df["备注"].to_list() == ["12", "见附件"]


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_a_sheet_grades_as_the_scalar_path_grades(tmp_path, backend):
    rows = [(320000, 5), (499999.99, 4), (500000, 1), (10, 3)]
    path = _workbook(tmp_path / "book.xlsx", [["年采购额", "潜力"], *map(list, rows)])
    graded = grade_frame(read_excel(path, backend=backend), "年采购额", "潜力")
    grades = pl.from_pandas(graded) if backend == "pandas" else pl.DataFrame(graded)
    expected = [str(grade_customer(Decimal(str(a)), p).grade) for a, p in rows]
    assert grades["grade"].cast(pl.String).to_list() == expected


def test_naive_excel_times_are_placed_by_normalize_then_clocked(tmp_path):
    path = _workbook(
        tmp_path / "tickets.xlsx",
        [
            ["问题编号", "客户编号", "客户名称", "问题描述", "提交时间", "问题等级"],
            [
                "FW20240515001",
                "CUS20240515001",
                "湖畔科技",
                "导出报表合计错误",
                wall(2024, 5, 15, 9, 0),
                "L1",
            ],
        ],
    )
    df = normalize(read_excel(path, backend="polars"), record=Ticket, tz="Asia/Shanghai")
    assert df["submitted_at"][0] == datetime(2024, 5, 15, 9, 0, tzinfo=SHANGHAI)
    clocks = sla_frame(df, now=datetime(2024, 5, 15, 9, 10, tzinfo=SHANGHAI))
    assert clocks["triage_status"].cast(pl.String).to_list() == ["running"]
    assert clocks["triage_due"].to_list() == [datetime(2024, 5, 15, 9, 15, tzinfo=SHANGHAI)]


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_a_frame_written_and_read_back_is_the_same_frame(tmp_path, backend):
    data = {
        "name": ["湖畔科技", "=1+2", None],
        "amount": [320000.0, None, 1.5],
        "signed": [date(2024, 5, 15), None, date(2024, 1, 2)],
        "at": [wall(2024, 5, 15, 9, 15), wall(2024, 5, 16), None],
        "vip": [True, False, None],
    }
    frame = pl.DataFrame(data)
    write_excel(frame.to_pandas() if backend == "pandas" else frame, tmp_path / "out.xlsx")
    back = read_excel(tmp_path / "out.xlsx", backend="polars")
    assert back.to_dict(as_series=False) == data
    # the formula-like text is a text cell, not a formula
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert sheet["A3"].data_type == "s"


def test_zoned_times_are_written_as_their_iso_text(tmp_path):
    moment = datetime(2024, 5, 15, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
    write_excel(pl.DataFrame({"at": [moment]}), tmp_path / "out.xlsx")
    back = read_excel(tmp_path / "out.xlsx", backend="polars")
    assert back["at"].to_list() == ["2024-05-15T09:15:00+08:00"]


def test_lazy_frames_are_written_too(tmp_path):
    write_excel(pl.LazyFrame({"a": [1.0, 2.0]}), tmp_path / "out.xlsx")
    assert read_excel(tmp_path / "out.xlsx", backend="polars")["a"].to_list() == [1.0, 2.0]


def test_two_columns_with_one_header_are_refused(tmp_path):
    path = _workbook(tmp_path / "book.xlsx", [["潜力", "年采购额", "潜力"], [1, 2, 3]])
    with pytest.raises(FileFormatError) as caught:
        read_excel(path)
    assert "column A and column C are both headed '潜力'" in str(caught.value)


def test_a_blank_header_is_named_by_its_letter(tmp_path):
    path = _workbook(tmp_path / "book.xlsx", [["a", None, "c"], [1, 2, 3]])
    assert read_excel(path, backend="polars").columns == ["a", "B", "c"]


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path):
    path = _workbook(tmp_path / "book.xlsx", [["a"], [1]])
    with pytest.raises(FileFormatError, match="has no sheet 'Tickets'; its sheets are Sheet"):
        read_excel(path, sheet="Tickets")
    with pytest.raises(FileFormatError, match="has no sheet 3"):
        read_excel(path, sheet=3)
    assert read_excel(path, sheet="Sheet", backend="polars").columns == ["a"]


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_text("客户名称,潜力\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="is not an Excel workbook"):
        read_excel(path)


def test_an_unknown_backend_is_refused(tmp_path):
    with pytest.raises(ValidationError, match="expected one of 'pandas', 'polars', 'pyarrow'"):
        read_excel(tmp_path / "book.xlsx", backend="spark")


def test_an_empty_sheet_is_an_empty_frame(tmp_path):
    path = _workbook(tmp_path / "book.xlsx", [])
    assert read_excel(path, backend="polars").shape == (0, 0)


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    def broken(_self, handle):
        handle.write("half")
        raise OSError("disk full")

    monkeypatch.setattr(_excel.XlsxWriter, "save", broken)
    with pytest.raises(FileFormatError, match="nothing was written"):
        write_excel(pl.DataFrame({"a": [1]}), tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_an_infinite_number_is_refused_and_nothing_written(tmp_path):
    with pytest.raises(ValidationError, match=r"write_excel.amount\[3\]: inf is not a number"):
        write_excel(pl.DataFrame({"amount": [1.0, float("inf")]}), tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_without_the_extra_the_message_names_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    with pytest.raises(FileFormatError, match=r"salescare\[excel\]"):
        read_excel(tmp_path / "book.xlsx")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(FileFormatError, match=r"salescare\[excel\]"):
        write_excel(pl.DataFrame({"a": [1]}), tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []


TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12)
# Excel keeps 15 significant digits of a number
NUMBER = st.floats(-1e300, 1e300).map(lambda x: float(f"{x:.15g}"))
MOMENT = st.datetimes(wall(1900, 3, 1), wall(9999, 12, 31)).map(
    lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)
)


@settings(max_examples=25, deadline=None)
@given(
    texts=st.lists(st.one_of(st.none(), TEXT.filter(str.strip)), min_size=1, max_size=5),
    numbers=st.lists(st.one_of(st.none(), NUMBER), min_size=1, max_size=5),
    moments=st.lists(st.one_of(st.none(), MOMENT), min_size=1, max_size=5),
)
def test_round_trip(texts, numbers, moments):
    rows = max(len(texts), len(numbers), len(moments))
    columns = [values + [None] * (rows - len(values)) for values in (texts, numbers, moments)]
    frame = pl.DataFrame(
        dict(zip(["text", "number", "moment"], columns, strict=True)),
        schema={"text": pl.String, "number": pl.Float64, "moment": pl.Datetime("us")},
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "round.xlsx"
        write_excel(frame, path)
        back = read_excel(path, backend="polars")
    # a wholly empty row is not a row of the sheet; a wholly empty column has no type to keep
    kept = [row for row in zip(*columns, strict=True) if any(v is not None for v in row)]
    assert back.height == len(kept)
    for index, name in enumerate(["text", "number", "moment"]):
        expected = [row[index] for row in kept]
        if name == "moment" and all(v is None or v == v.replace(hour=0, minute=0, second=0,
                                    microsecond=0) for v in expected):  # fmt: skip
            # Excel shows a moment at midnight as a date: a column of them reads as dates
            expected = [None if v is None else v.date() for v in expected]
        if any(v is not None for v in expected):
            assert back[name].to_list() == expected
