"""Excel workbooks as DataFrames and back (the ``excel`` and ``frame`` extras).

:func:`read_excel` reads a sheet into a pandas, polars or pyarrow frame with the cells as
Excel stores them: a column of numbers is ``Float64`` (Excel keeps every number as a double,
to 15 significant digits); a column of dates and times is ``Datetime`` without a zone (Excel
keeps none: :func:`~salescare.frame.normalize` with ``tz=`` places them); a column of dates is
``Date`` (Excel shows a moment at midnight as a date, so a column holding only those reads as
dates); a column of booleans is ``Boolean``. A column mixing kinds is text, each cell written
as a CSV export of it would be (``600000.0`` as ``600000``), so no cell is dropped or coerced
to a missing value. The first non-empty row holds the headers. :func:`write_excel` writes any
frame the table functions accept as one sheet, typed cells kept, and leaves no file behind
when it fails.

Examples:
    >>> import tempfile, pathlib, polars as pl
    >>> from salescare.frame import grade_frame
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> df = pl.DataFrame({"年采购额": [320000.0, 520000.0], "潜力": [5, 1]})
    >>> write_excel(df, folder / "book.xlsx")
    >>> back = read_excel(folder / "book.xlsx", backend="polars")
    >>> back.dtypes, grade_frame(back, "年采购额", "潜力")["grade"].to_list()
    ([Float64, Float64], ['A', 'A'])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal

from salescare._edge import edge
from salescare._errortext import shorten
from salescare._excel import XlsxWriter, cell_text, sheet_cells
from salescare._writing import output
from salescare.errors import FileFormatError, ValidationError
from salescare.frame._kinds import kind_of, modules
from salescare.i18n import tr

__all__ = ["Backend", "read_excel", "write_excel"]

Backend = Literal["pandas", "polars", "pyarrow"]
"""The frame kinds :func:`read_excel` builds."""


@edge
def read_excel(path: str | Path, *, backend: Backend = "pandas", sheet: int | str = 0) -> Any:
    """The sheet ``sheet`` (an index or a name) of the workbook at ``path`` as a frame.

    Headers are the first non-empty row; a blank header is named by its column letter
    (``C``). Two columns with the same header are refused: which one a rule reads would be
    a guess. Rows that are wholly empty are skipped.

    Examples:
        >>> import tempfile, pathlib, pandas as pd
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "tickets.xlsx"
        >>> when = pd.Timestamp("2024-05-15 09:15")
        >>> write_excel(pd.DataFrame({"问题编号": ["FW20240515001"], "提交时间": [when]}), path)
        >>> read_excel(path).dtypes.astype(str).tolist()
        ['str', 'datetime64[us]']
    """
    _, nw = modules()
    source = Path(path)
    rows = sheet_cells(source, sheet)
    if not rows:
        return nw.from_dict({}, backend=backend).to_native()
    names = _headers(source, rows[0])
    body = rows[1:]
    data: dict[str, list[Any]] = {}
    schema: dict[str, Any] = {}
    for index, name in enumerate(names):
        cells = [row[index] if index < len(row) else None for row in body]
        data[name], schema[name] = _column(cells, nw)
    return nw.from_dict(data, schema=schema, backend=backend).to_native()


def _headers(path: Path, cells: Sequence[Any]) -> list[str]:
    names = [cell_text(cell).strip() or _letter(index) for index, cell in enumerate(cells)]
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in seen:
            problem = tr(
                "column {first} and column {second} are both headed '{name}'",
                first=_letter(seen[name]),
                second=_letter(index),
                name=shorten(name, 40),
            )
            raise FileFormatError(shorten(str(path), 200), 1, index + 1, problem)
        seen[name] = index
    return names


def _letter(index: int) -> str:
    """The spreadsheet letter of the column at ``index`` (0: ``A``, 26: ``AA``)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column(cells: list[Any], nw: Any) -> tuple[list[Any], Any]:
    """The values and narwhals type of a column: one kind of cell keeps its type."""
    present = [cell for cell in cells if cell is not None and cell != ""]
    kinds = {_kind(cell) for cell in present}
    values = [None if cell == "" else cell for cell in cells]
    if kinds == {"number"}:
        return [None if v is None else float(v) for v in values], nw.Float64()
    if kinds in ({"datetime"}, {"datetime", "date"}):
        # Excel shows a moment at midnight as a date: it is still the column's kind of cell
        return [_moment(v) for v in values], nw.Datetime("us")
    if kinds == {"date"}:
        return values, nw.Date()
    if kinds == {"boolean"}:
        return values, nw.Boolean()
    return [None if v is None else cell_text(v) for v in values], nw.String()


def _moment(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time())
    return value


def _kind(cell: Any) -> str:
    if isinstance(cell, bool):
        return "boolean"
    if isinstance(cell, int | float):
        return "number"
    if isinstance(cell, datetime):
        return "datetime"
    if isinstance(cell, date):
        return "date"
    if isinstance(cell, time | timedelta):
        return "text"  # a time of day or a duration: read as the text Excel shows
    return "text"


@edge
def write_excel(df: Any, path: str | Path) -> None:
    """Write ``df`` (any kind the table functions accept) as the one sheet of a new workbook.

    Numbers, booleans, dates and naive datetimes stay typed cells (a missing value, NaN or
    NaT included, is an empty cell; an infinite number is refused, naming its column and
    row, since no Excel cell holds one); a zoned datetime is
    written as its ISO 8601 text, offset included, since an Excel cell keeps no zone; text
    that Excel would run as a formula (``=1+2``) is written as text, never as a formula.
    The workbook is written in full or not at all.
    """
    _, nw = modules()
    kind = kind_of(df)
    frame = nw.from_native(df)
    if kind in {"polars-lazy", "duckdb", "dask"}:
        frame = frame.collect()
    target = Path(path)
    writer = XlsxWriter(target=shorten(str(target), 200))
    names = list(frame.columns)
    writer.append(names)
    for number, row in enumerate(frame.iter_rows(named=False), start=2):
        writer.append([_cell(value, name, number) for value, name in zip(row, names, strict=True)])
    with output(target) as handle:
        writer.save(handle)


def _cell(value: Any, column: str, row: int) -> Any:
    if value is None or value != value:  # noqa: PLR0124 - NaN and NaT: an empty cell
        return None
    if isinstance(value, float) and math.isinf(value):
        raise ValidationError(
            ("write_excel", f"{column}[{row}]"),
            value,
            tr("is not a number an Excel cell holds"),
            tr("a finite number"),
        )
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.isoformat()
    return value
