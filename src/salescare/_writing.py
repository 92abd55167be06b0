"""Writing tables for the command line: CSV, JSON Lines, JSON and aligned text, all or nothing.

Output goes to a temporary file next to the target and is renamed over it only when the whole
run succeeded, so a failed or interrupted run leaves no partial output. CSV cells that a
spreadsheet would run as a formula are escaped; a row with a column the header lacks is refused
rather than losing its cell.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from itertools import repeat
from pathlib import Path
from typing import IO, Any, Literal

from salescare._errortext import shorten
from salescare._excel import ExcelCell
from salescare.errors import FileFormatError
from salescare.i18n import Text, resolve_locale, tr, translate

SinkKind = Literal["csv", "jsonl", "json", "text", "xlsx"]

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_FORMULA_FIRST = frozenset(_FORMULA_START)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    # enum members and numbers print as their value; plain text is used as it is
    text = value if type(value) is str else str(value)
    # the common cell starts with a letter or digit: skip the escaping check
    return escape_formula(text) if text[:1] in _FORMULA_FIRST else text


def _xlsx_cell(value: Any) -> Any:
    # a workbook's own typed cell (an ExcelCell, a str) goes back as the value it keeps;
    # every other cell is the text a CSV cell holds
    return value if isinstance(value, ExcelCell) else _csv_cell(value)


def _escaped_column(cells: Sequence[str]) -> Sequence[str]:
    # one scan of the joined column finds whether any cell starts like a formula
    if not _FORMULA_AT_START.search("\n" + "\n".join(cells)):
        return cells
    return [escape_formula(cell) for cell in cells]


def _quoted_column(cells: Sequence[str]) -> Sequence[str]:
    """The cells as the CSV writer writes them.

    Quoted when they hold a comma, a quote or a line break (quotes doubled), else as they are.
    """
    joined = "\0".join(cells)
    if not any(mark in joined for mark in _QUOTE_WHEN):
        return cells
    doubled = [cell.replace('"', '""') for cell in cells] if '"' in joined else cells
    found = map(_QUOTED.search, cells)
    return [f'"{cell}"' if hit else cell for cell, hit in zip(doubled, found, strict=True)]


_QUOTE_WHEN = (",", '"', "\r", "\n")
_QUOTED = re.compile(r'[,"\r\n]')
_FORMULA_AT_START = re.compile(r"\n[=+\-@\t\r]")


def escape_formula(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, made inert by a leading apostrophe.

    Plain numbers (``-5``, ``+3.2``) are left alone: they are data, not formulas.

    Examples:
        >>> escape_formula("=1+2"), escape_formula("-5"), escape_formula("@A1")
        ("'=1+2", '-5', "'@A1")
    """
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


@contextlib.contextmanager
def output(path: Path | None) -> Iterator[IO[str]]:
    """Standard output, or ``path`` written in full or not at all.

    The rows go to a temporary file in the same directory (so the final rename stays on one
    file system and is atomic); it replaces ``path`` only when the block ends without error.
    On any failure, or an interruption (Ctrl-C, or SIGTERM/SIGHUP turned into an exception by
    the command line), the temporary file is removed: nothing is left behind.
    """
    if path is None:
        yield sys.stdout
        return
    folder = _writable_folder(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        temp.replace(path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _writable_folder(path: Path) -> Path:
    """The folder ``path`` will be written in, after checking it can be."""
    try:
        is_folder = path.is_dir()
        folder = path.resolve().parent
        folder_exists = folder.is_dir()
    except (OSError, ValueError) as exc:  # a NUL in the name, a name too long
        problem = tr("is not a usable file name ({exc})", exc=shorten(str(exc), 80))
        raise FileFormatError(shorten(str(path), 200), 1, 1, problem) from None
    if is_folder:
        raise FileFormatError(
            str(path), 1, 1, tr("is a folder; --out names the file to write, e.g. out.csv")
        )
    if not folder_exists:
        raise FileFormatError(
            str(path),
            1,
            1,
            tr("cannot be written: the folder {folder} does not exist", folder=repr(str(folder))),
        )
    return folder


def _cannot_write(path: Path, error: OSError) -> FileFormatError:
    reason = error.strerror or type(error).__name__
    return FileFormatError(
        str(path), 1, 1, tr("cannot be written: {reason}; nothing was written", reason=reason)
    )


class ExtraColumnError(ValueError):
    """A row has a column the first row (the CSV header) did not: its cells would be lost."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            tr(
                "has column {key} that the first row did not; CSV and text output keep the "
                "first row's columns: give every row the same keys, or write JSON Lines "
                "(--format jsonl)",
                key=repr(shorten(str(key), 60)),
            )
        )


def _said(value: Any, locale: str) -> Any:
    return translate(value, locale) if isinstance(value, Text) else value


def _said_column(column: Sequence[str], locale: str) -> Sequence[str]:
    if not any(isinstance(cell, Text) for cell in column):
        return column
    return [_said(cell, locale) for cell in column]


class Sink:
    """Where output rows go: CSV, JSON Lines, a JSON array, or an aligned text table."""

    def __init__(
        self,
        handle: IO[str],
        kind: SinkKind,
        *,
        tally: tuple[str, frozenset[str] | None] | None = None,
        labels: Mapping[str, str] | None = None,
        locale: str = "en",
    ) -> None:
        self.handle = handle
        # messages in cells (reasons) are written in the output's language; codes stay codes
        self.locale = resolve_locale(locale)
        self.kind = kind
        # the written name of each result column (its name in the input's language)
        self.labels = dict(labels or {})
        # (column, values): rows whose cell there is filled (values None) or one of values
        self.tally = tally
        self.tallied = 0
        self._csv = csv.writer(handle) if kind == "csv" else None
        self._xlsx = _xlsx_writer() if kind == "xlsx" else None
        self._header: list[str] | None = None
        self._known: frozenset[str] = frozenset()
        self._count = 0
        self._pending: list[list[str]] = []
        self._widths: list[int] | None = None

    def write(self, row: Mapping[str, Any]) -> None:
        """Write one row; the first row's keys are the header.

        JSON rows carry their own keys. A CSV or text row has the header's columns: a key
        the header lacks raises :class:`ExtraColumnError` (its cell would be lost), a key it
        lacks is an empty cell.
        """
        self._tally_row(row)
        row = self._said_row(row)
        if self._header is None:
            self._header = list(row)
            self._known = frozenset(self._header)
            if self._csv is not None:
                self._csv.writerow([escape_formula(self._label(h)) for h in self._header])
            elif self.kind == "json":
                self.handle.write("[\n")
            if self._xlsx is not None:
                self._xlsx.append([escape_formula(self._label(h)) for h in self._header])
        elif self.kind in {"csv", "text", "xlsx"} and not row.keys() <= self._known:
            raise ExtraColumnError(next(key for key in row if key not in self._known))
        if self._csv is not None:
            self._csv.writerow([_csv_cell(row.get(h)) for h in self._header])
        elif self._xlsx is not None:
            self._xlsx.append([_xlsx_cell(row.get(h)) for h in self._header])
        elif self.kind in {"jsonl", "json"}:
            text = json.dumps(
                {self._label(k): _jsonable(v) for k, v in row.items()}, ensure_ascii=False
            )
            if self.kind == "json":
                text = ("  " if self._count == 0 else ",\n  ") + text
            else:
                text += "\n"
            self.handle.write(text)
        else:
            self._table_row(self._header, [_text(row.get(h)) for h in self._header])
        self._count += 1

    def _said_row(self, row: Mapping[str, Any]) -> Mapping[str, Any]:
        if self.locale == "en":
            return row
        return {key: _said(value, self.locale) for key, value in row.items()}

    def write_columns(self, header: Sequence[str], columns: Sequence[Sequence[str]]) -> None:
        """Write rows given a column at a time (each a list of text cells, one per row).

        The same output as :meth:`write` of each row: CSV cells are checked for formulas a
        column at a time, and a column none of whose cells could start one is written as is.
        """
        if self.locale != "en":
            columns = [_said_column(column, self.locale) for column in columns]
        if self._csv is None or (self._header is not None and list(header) != self._header):
            for cells in zip(*columns, strict=True):
                self.write(dict(zip(header, cells, strict=True)))
            return
        self._count_column(header, columns)
        if self._header is None:
            self._header = list(header)
            self._known = frozenset(header)
            self._csv.writerow([escape_formula(self._label(h)) for h in header])
        safe = [_escaped_column(column) for column in columns]
        if len(safe) < 2:  # noqa: PLR2004 - a lone empty cell is written quoted: the writer knows
            self._csv.writerows(zip(*safe, strict=True))
        elif safe and safe[0]:
            quoted = [_quoted_column(column) for column in safe]
            self.handle.write("\r\n".join(map(",".join, zip(*quoted, strict=True))) + "\r\n")
        self._count += len(columns[0]) if columns else 0

    def write_appended(
        self, header: Sequence[str], lines: Sequence[str], added: Sequence[Sequence[str]]
    ) -> None:
        """Write CSV ``lines`` as they are with the ``added`` columns' cells after each.

        For input lines whose cells the CSV writer would write unchanged (the caller checks):
        the same output as :meth:`write_columns`, without splitting and re-joining them.
        """
        if self.locale != "en":
            added = [_said_column(column, self.locale) for column in added]
        if self._csv is None or (self._header is not None and list(header) != self._header):
            raise ValueError("write_appended writes CSV rows after their own header")
        if self._header is None:
            self._header = list(header)
            self._known = frozenset(header)
            self._csv.writerow([escape_formula(self._label(h)) for h in header])
        self._count_column(list(header)[-len(added) :] if added else [], added)
        stripped = map(str.rstrip, lines, repeat("\r\n"))
        self.handle.write("\r\n".join(map(",".join, zip(stripped, *added, strict=True))))
        self.handle.write("\r\n")
        self._count += len(lines)

    def _count_column(self, header: Sequence[str], columns: Sequence[Sequence[str]]) -> None:
        if self.tally is not None and self.tally[0] in header:
            self._count_cells(columns[list(header).index(self.tally[0])])

    def _label(self, name: str) -> str:
        return self.labels.get(name, name)

    def _tally_row(self, row: Mapping[str, Any]) -> None:
        if self.tally is not None:
            self._count_cells([_csv_cell(row.get(self.tally[0]))])

    def _count_cells(self, cells: Sequence[str]) -> None:
        values = self.tally[1] if self.tally is not None else None
        if values is None:
            self.tallied += sum(1 for cell in cells if cell)
        else:
            self.tallied += sum(1 for cell in cells if cell in values)

    def _table_row(self, header: list[str], cells: list[str]) -> None:
        # widths come from the first rows; later rows are padded to them, never buffered
        if self._widths is None:
            self._pending.append(cells)
            if len(self._pending) >= _TABLE_SAMPLE:
                self._flush_pending(header)
            return
        self._print_cells(cells, self._widths)

    def _flush_pending(self, names: list[str]) -> None:
        header = [self._label(name) for name in names]
        sample = [header, *self._pending]
        widths = [max(_columns(r[i]) for r in sample) for i in range(len(header))]
        self._widths = widths
        for cells in (header, ["-" * w for w in widths], *self._pending):
            self._print_cells(cells, widths)
        self._pending = []

    def _print_cells(self, cells: list[str], widths: list[int]) -> None:
        padded = [pad(cell, width) for cell, width in zip(cells, widths, strict=True)]
        self.handle.write("  ".join(padded).rstrip() + "\n")

    def close(self) -> int:
        """Finish the output; returns how many rows were written."""
        if self.kind == "json":
            self.handle.write("[\n]\n" if self._header is None else "\n]\n")
        elif self._xlsx is not None:
            self.handle.flush()
            self._xlsx.save(self.handle)
        elif self.kind == "text" and self._header is not None and self._widths is None:
            self._flush_pending(self._header)
        return self._count


def _xlsx_writer() -> Any:
    from salescare._excel import XlsxWriter  # noqa: PLC0415 - the excel extra

    return XlsxWriter()


_TABLE_SAMPLE = 200


def _columns(text: str) -> int:
    # East Asian wide characters take two terminal columns
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (wide characters count two)."""
    return text + " " * max(width - _columns(text), 0)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


class Progress:
    """Rows done, on stderr, only for long runs on a terminal.

    With the ``cli`` extra (tqdm) a progress bar with the rate; without it a plain counter.
    Off when stderr is not a terminal (a log, a pipe) or ``quiet``.
    """

    def __init__(
        self, *, every: int = 100_000, stream: IO[str] | None = None, quiet: bool = False
    ) -> None:
        self.every = every
        self.stream = stream if stream is not None else sys.stderr
        self.shown = False
        self.enabled = not quiet and _is_terminal(self.stream)
        self._bar: Any = _bar(self.stream) if self.enabled else None
        self._done = 0

    def tick(self, done: int) -> None:
        """Report ``done`` rows when it is a multiple of ``every``."""
        if self.enabled and done % self.every == 0:
            self._show(done)

    def advance(self, before: int, done: int) -> None:
        """Report ``done`` rows if a multiple of ``every`` lies past ``before`` (chunked runs)."""
        if self.enabled and done // self.every > before // self.every:
            self._show(done - done % self.every)

    def _show(self, done: int) -> None:
        if self._bar is not None:
            self._bar.update(done - self._done)
            self._done = done
        else:
            self.stream.write(f"\r{done:,} rows…")
            self.stream.flush()
        self.shown = True

    def finish(self, done: int) -> None:
        """End the progress line."""
        if self._bar is not None:
            if self.shown:
                self._bar.update(done - self._done)
            self._bar.close()
        elif self.shown:
            self.stream.write(f"\r{done:,} rows, done.\n")
            self.stream.flush()


def _bar(stream: IO[str]) -> Any:
    """A tqdm bar counting rows (the ``cli`` extra), or ``None`` without it."""
    try:
        from tqdm import tqdm  # noqa: PLC0415 - the cli extra, imported on first use
    except ImportError:
        return None
    return tqdm(file=stream, unit=" rows", unit_scale=True, delay=1.0, leave=False)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, io.UnsupportedOperation):
        return False


LANGUAGES = ("en", "zh-Hans", "zh-Hant")
"""The languages result columns are written in."""
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def column_labels(command: str, language: str) -> dict[str, str]:
    """The result columns of ``command`` as written in ``language`` (English: as they are).

    Examples:
        >>> column_labels("grade", "zh-Hant")["grade"]
        '客戶級別'
    """
    if language == "en":
        return {}
    from salescare.data import read_toml  # noqa: PLC0415 - read when a command needs it

    script = 0 if language == "zh-Hans" else 1
    return {name: names[script] for name, names in read_toml("columns.toml")[command].items()}


def headers_language(reader: Any) -> str:
    """The language of a table's headers (``en``, ``zh-Hans`` or ``zh-Hant``).

    Chinese when any header is, traditional when a header is spelled only in traditional
    script. A file that cannot be read is English here (reading it for real reports the
    problem).
    """
    from salescare.glossary import FIELDS  # noqa: PLC0415

    try:
        first = next(iter(reader), None)
    except Exception:  # noqa: BLE001 - the run itself reports any problem, with its place
        return "en"
    headers = [header.strip() for header, _ in first.cells] if first is not None else []
    if not any(_CJK.search(header) for header in headers):
        return "en"
    simplified = {term.zh_hans for term in FIELDS.values()}
    traditional = {term.zh_hant for term in FIELDS.values()} - simplified
    return "zh-Hant" if any(header in traditional for header in headers) else "zh-Hans"
