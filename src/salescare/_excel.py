"""Excel workbooks in and out for the command line (the ``excel`` extra).

Reading uses python-calamine (a compiled reader: a sheet of 100,000 rows in well under a
second); writing uses openpyxl's write-only mode, once the run has succeeded. A cell is read
as Excel stores it (a formula as the value Excel last computed for it) and given to the row
path as the text a CSV export would hold: a whole number stored as ``600000.0`` is
``600000``, a date ``2024-05-15``, a date and time ``2024-05-15T09:15:00`` (Excel keeps no
time zone: ``salescare sla --tz`` names it), a boolean ``true``/``false``. Only the first
sheet is read.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from salescare._errortext import shorten
from salescare.errors import FileFormatError
from salescare.i18n import tr

__all__ = ["ExcelCell", "XlsxWriter", "cell_text", "sheet_cells", "sheet_rows"]

_EXTRA = tr("reading and writing .xlsx needs the excel extra: pip install 'salescare[excel]'")


class ExcelCell(str):  # noqa: SLOT000 - a str subtype takes no non-empty __slots__
    """A number, date, time or boolean read from a workbook, as text that keeps its value.

    The text is what a CSV export of it would hold, which the row path reads; ``value`` is
    what Excel stored, which a workbook written from the row gets back (so a number stays a
    number cell).

    Examples:
        >>> cell = ExcelCell.of(600000.0)
        >>> cell, cell.value
        ('600000', 600000.0)
        >>> type(ExcelCell.of("湖光科技"))
        <class 'str'>
    """

    value: Any

    @classmethod
    def of(cls, value: Any) -> str:
        """The cell as text; typed (an :class:`ExcelCell`) when Excel stored more than text."""
        text = cell_text(value)
        if isinstance(value, str) or value is None:
            return text
        if isinstance(value, float) and not math.isfinite(value):
            return text
        if isinstance(value, datetime) and value.tzinfo is not None:
            return text  # no Excel cell holds a zone
        cell = cls(text)
        cell.value = value
        return cell


def sheet_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells)`` of the first sheet's rows, empty rows skipped.

    Each cell is its CSV text; numbers, dates, times and booleans are :class:`ExcelCell`
    text that keeps the value Excel stored.
    """
    for number, cells in _numbered(path, 0):
        yield number, [ExcelCell.of(cell) for cell in cells]


def sheet_cells(path: Path, sheet: int | str = 0) -> list[list[Any]]:
    """The non-empty rows of ``sheet`` (an index or a name), cells as Excel stores them."""
    return [cells for _, cells in _numbered(path, sheet)]


def _numbered(path: Path, sheet: int | str) -> Iterator[tuple[int, list[Any]]]:
    try:
        from python_calamine import CalamineWorkbook  # noqa: PLC0415 - the excel extra
    except ImportError:
        raise FileFormatError(str(path), 1, 1, _EXTRA) from None
    where = shorten(str(path), 200)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own kinds for a bad file
        problem = tr("is not an Excel workbook ({exc})", exc=shorten(str(exc), 120))
        raise FileFormatError(where, 1, 1, problem) from None
    names = list(book.sheet_names)
    if (isinstance(sheet, int) and not 0 <= sheet < len(names)) or (
        isinstance(sheet, str) and sheet not in names
    ):
        problem = tr(
            "has no sheet {sheet}; its sheets are {names}",
            sheet=repr(sheet),
            names=shorten(", ".join(names), 120),
        )
        raise FileFormatError(where, 1, 1, problem)
    try:
        chosen = book.get_sheet_by_name(sheet if isinstance(sheet, str) else names[sheet])
        rows = chosen.to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001 - a damaged sheet inside a readable workbook
        problem = tr("is not an Excel workbook ({exc})", exc=shorten(str(exc), 120))
        raise FileFormatError(where, 1, 1, problem) from None
    for number, cells in enumerate(rows, start=1):
        if any(cell_text(cell).strip() for cell in cells):
            yield number, list(cells)


def cell_text(value: Any) -> str:  # noqa: PLR0911 - one return per kind of cell
    """A cell as the text a CSV export of it would hold.

    Examples:
        >>> cell_text(600000.0), cell_text(4.5), cell_text(datetime(2024, 5, 15, 9, 15))
        ('600000', '4.5', '2024-05-15T09:15:00')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value.total_seconds())
    return str(value)


_SHEET_ROWS = 1_048_576  # the most rows an Excel sheet holds


class XlsxWriter:
    """Rows kept until :meth:`save` writes them as one sheet of a new workbook.

    Kept, not streamed: a sheet holds at most 1,048,576 rows anyway, and a workbook begun
    but never saved (a run stopped by a bad row) would leave openpyxl's writer half open.
    """

    def __init__(self, target: str = "--out") -> None:
        try:
            import openpyxl  # noqa: PLC0415, F401 - the excel extra, checked before any row
        except ImportError:
            raise FileFormatError(target, 1, 1, _EXTRA) from None
        self._target = target
        self._rows: list[list[Any]] = []

    def append(self, cells: Sequence[Any]) -> None:
        """One row of cells: text, numbers, booleans, dates and naive datetimes.

        An :class:`ExcelCell` is written as the value it keeps.
        """
        if len(self._rows) >= _SHEET_ROWS:
            raise FileFormatError(
                self._target,
                1,
                1,
                tr(
                    "a sheet holds at most {SHEET_ROWS} rows; write .csv instead",
                    SHEET_ROWS=format(_SHEET_ROWS, ","),
                ),
            )
        self._rows.append(list(cells))

    def save(self, handle: IO[str]) -> None:
        """Write the workbook to the binary stream under ``handle``."""
        from openpyxl import Workbook  # noqa: PLC0415 - the excel extra
        from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

        book = Workbook(write_only=True)
        sheet = book.create_sheet("salescare")
        for row in self._rows:
            cells = []
            for value in row:
                if isinstance(value, ExcelCell):  # a typed cell of a workbook read in
                    cells.append(value.value)
                elif isinstance(value, str) and value.startswith("="):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"  # text that looks like a formula stays text
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
        book.save(handle.buffer if hasattr(handle, "buffer") else handle)
