"""Reading tables of records for the command line: CSV, JSON Lines and JSON.

Reading resolves headers through the glossary (English or either Chinese script), remembers
where every cell came from (line and column) so a bad value is reported as ``file:line:column``,
and streams: a million-row CSV is never held in memory. :func:`pipeline` runs rows through a
conversion into a :class:`~salescare._writing.Sink`.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain, islice, repeat
from operator import itemgetter, methodcaller
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, Literal

import attrs

from salescare._encodings import encoding_hint, sniffed_encoding
from salescare._errortext import shorten
from salescare._writing import ExtraColumnError, Progress, Sink
from salescare.errors import FileFormatError, ValidationError
from salescare.glossary import FIELDS, RECORD_ALIASES, field_for
from salescare.i18n import tr

Format = Literal["csv", "jsonl", "json", "xlsx"]

_FORMATS: Mapping[str, Format] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xlsx": "xlsx",
}


def format_of(path: Path) -> Format:
    """The format a file's extension names (``.csv``, ``.jsonl``/``.ndjson``, ``.json``)."""
    found = _FORMATS.get(path.suffix.lower())
    if found is None:
        raise FileFormatError(
            str(path),
            1,
            1,
            tr(
                "cannot tell the format from {value}; use .csv, .jsonl, .json or .xlsx",
                value=repr(path.suffix or "no extension"),
            ),
        )
    return found


@attrs.frozen
class Row:
    """One input row: its line, the recognised fields with their columns, and every cell."""

    line: int
    values: Mapping[str, Any]
    columns: Mapping[str, int]
    cells: Sequence[tuple[str, Any]]


@attrs.frozen
class Chunk:
    """Rows of a CSV file as raw cells, row after row; row ``i`` starts at ``lines[i]``."""

    reader: Reader
    headers: list[str]
    mapping: Mapping[int, str]
    lines: list[int]
    cells: list[str]
    """Every cell, row after row (each row has one per header)."""
    raw: list[str] | None = None
    """The rows' own lines, when every row is one line without quotes."""
    _columns: dict[str, list[str] | None] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )

    @property
    def size(self) -> int:
        """The number of rows."""
        return len(self.lines)

    def column_at(self, index: int) -> list[str]:
        """The raw cells of column ``index`` (0-based)."""
        return self.cells[index :: len(self.headers)]

    def column(self, name: str) -> list[str] | None:
        """The raw cells of field ``name`` (``None`` when the file has no such column).

        Read once per chunk; the list is shared, so callers do not change it.
        """
        if name not in self._columns:
            index = next((i for i, field in self.mapping.items() if field == name), None)
            self._columns[name] = None if index is None else self.column_at(index)
        return self._columns[name]

    def first(self, size: int) -> Chunk:
        """The chunk's first ``size`` rows."""
        raw = None if self.raw is None else self.raw[:size]
        cells = self.cells[: size * len(self.headers)]
        return attrs.evolve(self, lines=self.lines[:size], cells=cells, raw=raw)

    def row(self, position: int) -> Row:
        """Row ``position`` as the row-by-row reader gives it."""
        width = len(self.headers)
        cells = self.cells[position * width : (position + 1) * width]
        values = {name: cells[i].strip() for i, name in self.mapping.items() if cells[i].strip()}
        columns = {name: index + 1 for index, name in self.mapping.items()}
        return Row(
            self.lines[position], values, columns, list(zip(self.headers, cells, strict=True))
        )


@attrs.frozen
class Reader:
    """Rows of one file with headers resolved to ``fields``; ``required`` must all be present."""

    path: Path
    fields: Sequence[str]
    required: Sequence[str] = ()
    encoding: str = "auto"
    """A codec name, or ``auto`` (see :func:`sniffed_encoding`)."""
    format: Format | None = None
    record: str | None = None

    def __iter__(self) -> Iterator[Row]:
        kind = self.format or format_of(self.path)
        if kind == "xlsx":  # a workbook, not text: no encoding
            yield from self._xlsx()
            return
        with self._open() as handle, self._reading():
            if kind == "csv":
                yield from self._csv(handle)
            elif kind == "jsonl":
                yield from self._jsonl(handle)
            else:
                yield from self._json(handle.read())

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """Decoding and reading problems as a :class:`FileFormatError` with a hint."""
        try:
            yield
        except UnicodeDecodeError as exc:
            raise self._error(
                1,
                1,
                tr(
                    "is not {value} text ({reason} at byte {start}); ",
                    value=self._codec(),
                    reason=exc.reason,
                    start=exc.start,
                )
                + encoding_hint(self.path),
            ) from None
        except UnicodeError as exc:  # a codec that refuses to decode at all ("undefined")
            problem = tr(
                "cannot be read as {encoding} text ({exc})",
                encoding=repr(shorten(self.encoding, 40)),
                exc=exc,
            )
            raise self._error(1, 1, problem) from None
        except OSError as exc:
            raise self._error(
                1, 1, tr("cannot be read: {value}", value=exc.strerror or exc)
            ) from None

    def _codec(self) -> str:
        return sniffed_encoding(self.path) if self.encoding == "auto" else self.encoding

    def _open(self) -> IO[str]:
        try:
            return self.path.open(encoding=self._codec(), newline="")
        except LookupError:
            problem = tr(
                "{encoding} is not an encoding; e.g. utf-8, gb18030",
                encoding=repr(shorten(self.encoding, 40)),
            )
            raise self._error(1, 1, problem) from None
        except ValueError as exc:  # a NUL in the file name or the encoding's name
            raise self._error(
                1, 1, tr("cannot be read ({exc})", exc=shorten(str(exc), 80))
            ) from None
        except OSError as exc:
            raise self._error(
                1, 1, tr("cannot be read: {value}", value=exc.strerror or exc)
            ) from None

    def _error(self, line: int, column: int, problem: str) -> FileFormatError:
        return FileFormatError(shorten(str(self.path), 200), line, column, problem)

    def _resolve(self, headers: Sequence[str], line: int) -> dict[int, str]:
        mapping: dict[int, str] = {}
        seen: dict[str, int] = {}
        for index, header in enumerate(headers):
            name = field_for(header, among=self.fields, record=self.record)
            if name is None:
                continue
            if name in seen:
                raise self._error(
                    line,
                    index + 1,
                    tr(
                        "column {header} names {name} again (column {value} did first)",
                        header=repr(header),
                        name=name,
                        value=seen[name] + 1,
                    ),
                )
            seen[name] = index
            mapping[index] = name
        missing = [name for name in self.required if name not in seen]
        if missing:
            wanted = "; ".join(
                f"{name} ({' / '.join(_spellings(name, self.record))})" for name in missing
            )
            raise self._error(line, 1, tr("missing column: {wanted}", wanted=wanted))
        return mapping

    def _csv(self, handle: IO[str]) -> Iterator[Row]:
        reader, headers, mapping = self._csv_start(handle)
        # every row of a CSV has the same columns: one shared, read-only mapping
        columns = MappingProxyType({name: index + 1 for index, name in mapping.items()})
        for line, cells in self._csv_cells(reader, len(headers)):
            values = {name: cells[i].strip() for i, name in mapping.items() if cells[i].strip()}
            yield Row(line, values, columns, list(zip(headers, cells, strict=True)))

    def _xlsx(self) -> Iterator[Row]:
        """The first sheet's rows, each cell as the text a CSV export would hold.

        A typed cell (a number, a date) is text that keeps Excel's value, so a workbook
        written from the row has it back as that value.
        """
        from salescare._excel import sheet_rows  # noqa: PLC0415 - the excel extra

        rows = sheet_rows(self.path)
        first = next(rows, None)
        if first is None:
            raise self._error(1, 1, tr("is empty; expected a header row"))
        line, headers = first
        headers = [str(header) for header in headers]  # a number as a header is its text
        while headers and not headers[-1].strip():  # a sheet's used area may be wider
            headers.pop()
        self._unique_headers(headers, line)
        mapping = self._resolve(headers, line)
        columns = MappingProxyType({name: index + 1 for index, name in mapping.items()})
        width = len(headers)
        for line, read in rows:
            beyond = next((i for i in range(width, len(read)) if read[i].strip()), None)
            if beyond is not None:
                raise self._error(
                    line, beyond + 1, tr("has a cell beyond the {width} columns", width=width)
                )
            cells = (read + [""] * width)[:width]
            values = {name: cells[i].strip() for i, name in mapping.items() if cells[i].strip()}
            yield Row(line, values, columns, list(zip(headers, cells, strict=True)))

    def chunks(self, size: int) -> Iterator[Chunk]:
        """A CSV file's rows ``size`` lines at a time, as raw cells with their lines.

        The same rows :meth:`__iter__` yields (blank lines skipped, ragged rows refused at
        their line, the first problem reported first). Lines without a quote are split at
        their commas, which is all the CSV reader would do with them; lines with quotes go
        through the reader, which may read on past the chunk to finish a quoted cell.
        """
        with self._open() as handle, self._reading():
            reader, headers, mapping = self._csv_start(handle)
            read = reader.line_num
            while True:
                raw: list[str] = []
                undecodable: UnicodeError | None = None
                try:
                    raw.extend(islice(handle, size))
                except UnicodeError as exc:  # the lines before it come first, as row by row
                    undecodable = exc
                if not raw and undecodable is None:
                    return
                chunk, used, problem = self._chunk(raw, handle, read, headers, mapping)
                read += used
                if chunk is not None:
                    yield chunk
                if problem is not None:
                    raise problem
                if undecodable is not None:
                    raise undecodable

    def _chunk(
        self,
        raw: list[str],
        handle: IO[str],
        read: int,
        headers: list[str],
        mapping: Mapping[int, str],
    ) -> tuple[Chunk | None, int, FileFormatError | None]:
        """The rows of the lines ``raw``; the lines read; the first problem after them."""
        text = ",".join(map(_WITHOUT_LINE_END, raw))
        plain = '"' not in text and "\0" not in text
        width = len(headers)
        lines = _numbered(read, raw)
        if plain and _uniform(raw, width):
            # every line one row of the header's width: split the chunk at once
            return Chunk(self, headers, mapping, lines, text.split(","), raw), len(raw), None
        problem: FileFormatError | None = None
        if plain:
            rows, used = _split(raw), len(raw)
        else:
            rows, lines, error, used = self._quoted(raw, handle, read)
            if error is not None:
                problem = self._error(read + used, 1, tr("is not CSV: {error}", error=error))
        kept, lines, ragged = self._kept(rows, lines, width)
        chunk = None
        if kept:
            flat = list(chain.from_iterable(kept))
            whole = plain and kept is rows
            chunk = Chunk(self, headers, mapping, lines, flat, raw if whole else None)
        return chunk, used, ragged or problem

    def _quoted(
        self, raw: list[str], handle: IO[str], read: int
    ) -> tuple[list[list[str]], list[int], csv.Error | None, int]:
        """Rows of ``raw`` read by the CSV reader, with their lines.

        Also the lines that finish ``raw``'s last quoted cell, the error the reader stopped
        at (if any) and the number of lines read.
        """
        reader = csv.reader(chain(raw, handle))
        rows: list[list[str]] = []
        lines: list[int] = []
        while reader.line_num < len(raw):
            start = reader.line_num
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                return rows, lines, exc, reader.line_num
            rows.append(cells)
            lines.append(read + start + 1)
        return rows, lines, None, reader.line_num

    def _kept(
        self, rows: list[list[str]], lines: list[int], width: int
    ) -> tuple[list[list[str]], list[int], FileFormatError | None]:
        """Rows holding a cell, with their lines, up to the first ragged row (its error)."""
        if (
            set(map(len, rows)) <= {width}
            and all(map(any, rows))
            and not any(map(str.isspace, map("".join, rows)))
        ):
            return rows, lines, None
        kept_rows: list[list[str]] = []
        kept_lines: list[int] = []
        for line, cells in zip(lines, rows, strict=True):
            if not cells:
                continue
            if len(cells) != width:
                return kept_rows, kept_lines, self._ragged(line, len(cells), width)
            if _has_text(cells):
                kept_rows.append(cells)
                kept_lines.append(line)
        return kept_rows, kept_lines, None

    def _ragged(self, line: int, cells: int, width: int) -> FileFormatError:
        # never drop a cell nor invent one: a ragged row is an error, where it starts
        return self._error(
            line,
            min(cells, width) + 1,
            tr(
                "has {cells} cells for {width} columns; every row needs one cell per column (an "
                "empty one is ,,)",
                cells=cells,
                width=width,
            ),
        )

    def _csv_start(self, handle: IO[str]) -> tuple[Any, list[str], dict[int, str]]:
        reader = csv.reader(handle)
        headers = self._csv_header(reader)
        return reader, headers, self._resolve(headers, reader.line_num)

    def _csv_cells(self, reader: Any, width: int) -> Iterator[tuple[int, list[str]]]:
        """``(first line, cells)`` of every row holding a cell; ragged rows are refused."""
        last = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise self._error(reader.line_num, 1, tr("is not CSV: {exc}", exc=exc)) from None
            line, last = last + 1, reader.line_num
            if not cells:  # an empty line holds no cell; a line of empty cells is checked below
                continue
            if len(cells) != width:
                raise self._ragged(line, len(cells), width)
            if _has_text(cells):
                yield line, cells

    def _csv_header(self, reader: Any) -> list[str]:
        """The first row with a cell in it (blank lines before the header hold nothing)."""
        try:
            headers: list[str] = []
            while not "".join(headers).strip():
                headers = next(reader)
        except StopIteration:
            raise self._error(1, 1, tr("is empty; expected a header row")) from None
        except csv.Error as exc:
            raise self._error(reader.line_num or 1, 1, tr("is not CSV: {exc}", exc=exc)) from None
        self._unique_headers(headers, reader.line_num)
        return headers

    def _unique_headers(self, headers: Sequence[str], line: int) -> None:
        seen: dict[str, int] = {}
        for index, header in enumerate(headers):
            name = header.strip()
            if name in seen:
                raise self._error(
                    line,
                    index + 1,
                    tr(
                        "column {name} appears twice (column {value} first); every column needs "
                        "its own header",
                        name=repr(shorten(name, 60)),
                        value=seen[name] + 1,
                    ),
                )
            seen[name] = index

    def _object_row(self, line: int, data: Any, text: str, offset: int) -> Row:
        if not isinstance(data, dict):
            raise self._error(
                line, 1, tr("is a JSON {name}; expected an object", name=type(data).__name__)
            )
        mapping = self._resolve(list(data), line)
        keys = list(data)
        values = {}
        columns = {}
        for index, name in mapping.items():
            key = keys[index]
            found = text.find(json.dumps(key, ensure_ascii=False))
            columns[name] = max(found, 0) + 1 + offset
            if data[key] is not None and data[key] != "":
                values[name] = data[key]
        return Row(line, values, columns, list(data.items()))

    def _jsonl(self, handle: IO[str]) -> Iterator[Row]:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                data = json.loads(text, object_pairs_hook=_unique_keys)
            except json.JSONDecodeError as exc:
                raise self._error(
                    number, exc.colno, tr("is not JSON: {msg}", msg=exc.msg)
                ) from None
            except _DuplicateKeyError as exc:
                raise self._error(number, _column_of(text, exc.key), str(exc)) from None
            except (RecursionError, ValueError) as exc:
                raise self._error(number, 1, _json_problem(exc)) from None
            yield self._object_row(number, data, text, 0)

    def _json(self, text: str) -> Iterator[Row]:
        for item in json_items(str(self.path), text, array_only=True):
            first_line = text[item.position : item.end].split("\n", 1)[0]
            yield self._object_row(item.line, item.data, first_line, item.column - 1)


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(tr("key {key} appears twice in one object", key=repr(shorten(key, 60))))


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (``json`` would keep the last silently)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKeyError(key)
        found[key] = value
    return found


def _column_of(text: str, key: str) -> int:
    first = text.find(json.dumps(key, ensure_ascii=False))
    second = text.find(json.dumps(key, ensure_ascii=False), first + 1)
    return max(second, first, 0) + 1


def _json_problem(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return tr("is not JSON a table can hold: nested too deeply")
    return tr("is not JSON a table can hold: {error}", error=shorten(str(error), 120))


@attrs.frozen
class JsonItem:
    """One value of a JSON array (or the file's one object), where it starts and ends."""

    line: int
    column: int
    position: int
    end: int
    data: Any


def json_items(name: str, text: str, *, array_only: bool = False) -> Iterator[JsonItem]:
    """The items of a JSON array (or, unless ``array_only``, one object) with their places.

    Every problem is a :class:`FileFormatError` at its line and column: malformed JSON, a
    key given twice, nesting too deep, a number too long, text after the value.
    """
    decoder = json.JSONDecoder(object_pairs_hook=_unique_keys)
    position = _skip(text, 0)
    single = not text.startswith("[", position)
    if single and array_only:
        line, column = _where(text, position)
        raise FileFormatError(name, line, column, tr("is not a JSON array of objects"))
    if not single:
        position = _skip(text, position + 1)
        if text.startswith("]", position):
            return
    while True:
        line, column = _where(text, position)
        data, end = _decode(name, decoder, text, position)
        yield JsonItem(line=line, column=column, position=position, end=end, data=data)
        position = _skip(text, end)
        closing = "" if single else "]"
        if (single and position == len(text)) or (closing and text.startswith(closing, position)):
            return
        if single or not text.startswith(",", position):
            line, column = _where(text, position)
            raise FileFormatError(name, line, column, tr("expected ',' or ']' between records"))
        position = _skip(text, position + 1)


def _decode(name: str, decoder: json.JSONDecoder, text: str, position: int) -> tuple[Any, int]:
    try:
        return decoder.raw_decode(text, position)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            name, exc.lineno, exc.colno, tr("is not JSON: {msg}", msg=exc.msg)
        ) from None
    except (_DuplicateKeyError, RecursionError, ValueError) as exc:
        line, column = _where(text, position)
        problem = str(exc) if isinstance(exc, _DuplicateKeyError) else _json_problem(exc)
        raise FileFormatError(name, line, column, problem) from None


def read_text(path: Path, encoding: str = "auto") -> str:
    """A whole text file; a problem reading it is a :class:`FileFormatError` with a hint."""
    try:
        encoding = sniffed_encoding(path) if encoding == "auto" else encoding
        return path.read_text(encoding)
    except UnicodeDecodeError as exc:
        problem = tr(
            "is not {encoding} text ({reason} at byte {start}); ",
            encoding=encoding,
            reason=exc.reason,
            start=exc.start,
        )
        raise FileFormatError(str(path), 1, 1, problem + encoding_hint(path)) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise FileFormatError(
            str(path), 1, 1, tr("cannot be read: {reason}", reason=reason)
        ) from None


_WITHOUT_LINE_END = methodcaller("rstrip", "\r\n")


def _uniform(raw: list[str], width: int) -> bool:
    """Whether quote-free lines are each one row of ``width`` cells, none of them blank.

    A line of only commas and spaces starts with one of them, so first characters tell.
    """
    if set(map(str.count, raw, repeat(","))) != {width - 1}:
        return False
    return not any(c == "," or c.isspace() for c in set(map(itemgetter(0), raw)))


def _has_text(cells: list[str]) -> bool:
    return not "".join(cells).isspace() and any(cells)


def _split(raw: list[str]) -> list[list[str]]:
    """Lines without quotes as the CSV reader reads them: the cells between commas.

    A line with nothing before its line break holds no cell (the reader gives ``[]``).
    """
    rows = [line.rstrip("\r\n").split(",") for line in raw]
    if [""] in rows:
        rows = [[] if cells == [""] else cells for cells in rows]
    return rows


def _numbered(read: int, raw: list[str]) -> list[int]:
    return list(range(read + 1, read + len(raw) + 1))


def _spellings(name: str, record: str | None) -> tuple[str, ...]:
    specific = RECORD_ALIASES.get(record or "", {}).get(name, ())
    return specific[:2] or (FIELDS[name].zh_hans, FIELDS[name].zh_hant)


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _where(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - text.rfind("\n", 0, position)


def located(reader: Reader, row: Row, error: ValidationError) -> FileFormatError:
    """``error`` (about one of ``row``'s fields) placed at its file, line and column."""
    leaves = error.errors or (error,)
    first = leaves[0]
    name = next((part for part in reversed(first.path) if part in row.columns), None)
    column = row.columns.get(str(name), 1) if name is not None else 1
    problems = "; ".join(_plain(leaf) for leaf in leaves)
    return FileFormatError(str(reader.path), row.line, column, problems)


def _plain(error: ValidationError) -> str:
    # the record's own path ("Ticket.level") reads better here as the column's field name
    field = next((p for p in reversed(error.path) if isinstance(p, str)), "")
    text = str(error)
    prefix = error.field + ":"
    return f"{field}:{text[len(prefix) :]}" if text.startswith(prefix) else text


def pipeline(
    reader: Reader,
    convert: Callable[[Row], Mapping[str, Any]],
    sink: Sink,
    progress: Progress,
) -> int:
    """Convert every row of ``reader`` into ``sink``; returns the number of rows."""
    done = 0
    for row in reader:
        try:
            sink.write(convert(row))
        except ValidationError as error:
            raise located(reader, row, error) from None
        except ExtraColumnError as error:
            column = row.columns.get(error.key) or 1 + next(
                (i for i, (key, _) in enumerate(row.cells) if key == error.key), 0
            )
            raise FileFormatError(str(reader.path), row.line, column, str(error)) from None
        done += 1
        progress.tick(done)
    progress.finish(done)
    return sink.close()
