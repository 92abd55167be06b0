"""Reading and writing tables of records for the command line: CSV, JSON Lines and JSON.

Reading resolves headers through the glossary (English or either Chinese script), remembers
where every cell came from (line and column) so a bad value is reported as ``file:line:column``,
and streams: a million-row CSV is never held in memory. Writing goes to a temporary file next
to the target and is renamed over it only when the whole run succeeded, so a failed run leaves
no partial output. CSV cells that a spreadsheet would run as a formula are escaped.
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
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, Literal

import attrs

from salescare.errors import FileFormatError, ValidationError, shorten
from salescare.glossary import FIELDS, RECORD_ALIASES, field_for

Format = Literal["csv", "jsonl", "json"]
SinkKind = Literal["csv", "jsonl", "json", "text"]

_FORMATS: Mapping[str, Format] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}


def format_of(path: Path) -> Format:
    """The format a file's extension names (``.csv``, ``.jsonl``/``.ndjson``, ``.json``)."""
    found = _FORMATS.get(path.suffix.lower())
    if found is None:
        raise FileFormatError(
            str(path),
            1,
            1,
            f"cannot tell the format from {path.suffix or 'no extension'!r}; "
            "use .csv, .jsonl or .json",
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
class Reader:
    """Rows of one file with headers resolved to ``fields``; ``required`` must all be present."""

    path: Path
    fields: Sequence[str]
    required: Sequence[str] = ()
    encoding: str = "utf-8-sig"
    format: Format | None = None
    record: str | None = None

    def __iter__(self) -> Iterator[Row]:
        kind = self.format or format_of(self.path)
        with self._open() as handle:
            try:
                if kind == "csv":
                    yield from self._csv(handle)
                elif kind == "jsonl":
                    yield from self._jsonl(handle)
                else:
                    yield from self._json(handle.read())
            except UnicodeDecodeError as exc:
                raise self._error(
                    1,
                    1,
                    f"is not {self.encoding} text ({exc.reason} at byte {exc.start}); "
                    + _encoding_hint(self.path),
                ) from None
            except UnicodeError as exc:  # a codec that refuses to decode at all ("undefined")
                problem = f"cannot be read as {shorten(self.encoding, 40)!r} text ({exc})"
                raise self._error(1, 1, problem) from None
            except OSError as exc:
                raise self._error(1, 1, f"cannot be read: {exc.strerror or exc}") from None

    def _open(self) -> IO[str]:
        try:
            return self.path.open(encoding=self.encoding, newline="")
        except LookupError:
            problem = f"{shorten(self.encoding, 40)!r} is not an encoding; e.g. utf-8, gb18030"
            raise self._error(1, 1, problem) from None
        except ValueError as exc:  # a NUL in the file name or the encoding's name
            raise self._error(1, 1, f"cannot be read ({shorten(str(exc), 80)})") from None
        except OSError as exc:
            raise self._error(1, 1, f"cannot be read: {exc.strerror or exc}") from None

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
                    f"column {header!r} names {name} again (column {seen[name] + 1} did first)",
                )
            seen[name] = index
            mapping[index] = name
        missing = [name for name in self.required if name not in seen]
        if missing:
            wanted = "; ".join(
                f"{name} ({' / '.join(_spellings(name, self.record))})" for name in missing
            )
            raise self._error(line, 1, f"missing column: {wanted}")
        return mapping

    def _csv(self, handle: IO[str]) -> Iterator[Row]:
        reader = csv.reader(handle)
        headers = self._csv_header(reader)
        mapping = self._resolve(headers, reader.line_num)
        # every row of a CSV has the same columns: one shared, read-only mapping
        columns = MappingProxyType({name: index + 1 for index, name in mapping.items()})
        last = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise self._error(reader.line_num, 1, f"is not CSV: {exc}") from None
            line, last = last + 1, reader.line_num
            if not cells:  # an empty line holds no cell; a line of empty cells is checked below
                continue
            if len(cells) != len(headers):
                # never drop a cell nor invent one: a ragged row is an error, where it starts
                raise self._error(
                    line,
                    min(len(cells), len(headers)) + 1,
                    f"has {len(cells)} cells for {len(headers)} columns; every row needs one "
                    "cell per column (an empty one is ,,)",
                )
            if "".join(cells).strip():
                values = {name: cells[i].strip() for i, name in mapping.items() if cells[i].strip()}
                yield Row(line, values, columns, list(zip(headers, cells, strict=True)))

    def _csv_header(self, reader: Any) -> list[str]:
        """The first row with a cell in it (blank lines before the header hold nothing)."""
        try:
            headers: list[str] = []
            while not "".join(headers).strip():
                headers = next(reader)
        except StopIteration:
            raise self._error(1, 1, "is empty; expected a header row") from None
        except csv.Error as exc:
            raise self._error(reader.line_num or 1, 1, f"is not CSV: {exc}") from None
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
                    f"column {shorten(name, 60)!r} appears twice (column {seen[name] + 1} "
                    "first); every column needs its own header",
                )
            seen[name] = index

    def _object_row(self, line: int, data: Any, text: str, offset: int) -> Row:
        if not isinstance(data, dict):
            raise self._error(line, 1, f"is a JSON {type(data).__name__}; expected an object")
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
                raise self._error(number, exc.colno, f"is not JSON: {exc.msg}") from None
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
        super().__init__(f"key {shorten(key, 60)!r} appears twice in one object")


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
        return "is not JSON a table can hold: nested too deeply"
    return f"is not JSON a table can hold: {shorten(str(error), 120)}"


def _encoding_hint(path: Path) -> str:
    """What the first bytes of an undecodable file suggest (UTF-16 and UTF-32 have tells)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        head = b""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return "it looks like UTF-16 (Excel's 'Unicode text'): pass --encoding utf-16"
    return "a file saved by a Chinese Excel is often GB18030: pass --encoding gb18030"


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
        raise FileFormatError(name, line, column, "is not a JSON array of objects")
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
            raise FileFormatError(name, line, column, "expected ',' or ']' between records")
        position = _skip(text, position + 1)


def _decode(name: str, decoder: json.JSONDecoder, text: str, position: int) -> tuple[Any, int]:
    try:
        return decoder.raw_decode(text, position)
    except json.JSONDecodeError as exc:
        raise FileFormatError(name, exc.lineno, exc.colno, f"is not JSON: {exc.msg}") from None
    except (_DuplicateKeyError, RecursionError, ValueError) as exc:
        line, column = _where(text, position)
        problem = str(exc) if isinstance(exc, _DuplicateKeyError) else _json_problem(exc)
        raise FileFormatError(name, line, column, problem) from None


def read_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """A whole text file; a problem reading it is a :class:`FileFormatError` with a hint."""
    try:
        return path.read_text(encoding)
    except UnicodeDecodeError as exc:
        problem = f"is not {encoding} text ({exc.reason} at byte {exc.start}); "
        raise FileFormatError(str(path), 1, 1, problem + _encoding_hint(path)) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise FileFormatError(str(path), 1, 1, f"cannot be read: {reason}") from None


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


# -- output -------------------------------------------------------------------------------------

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
        problem = f"is not a usable file name ({shorten(str(exc), 80)})"
        raise FileFormatError(shorten(str(path), 200), 1, 1, problem) from None
    if is_folder:
        raise FileFormatError(
            str(path), 1, 1, "is a folder; --out names the file to write, e.g. out.csv"
        )
    if not folder_exists:
        raise FileFormatError(
            str(path), 1, 1, f"cannot be written: the folder {str(folder)!r} does not exist"
        )
    return folder


def _cannot_write(path: Path, error: OSError) -> FileFormatError:
    reason = error.strerror or type(error).__name__
    return FileFormatError(str(path), 1, 1, f"cannot be written: {reason}; nothing was written")


class ExtraColumnError(ValueError):
    """A row has a column the first row (the CSV header) did not: its cells would be lost."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"has column {shorten(str(key), 60)!r} that the first row did not; CSV and text "
            "output keep the first row's columns: give every row the same keys, or write "
            "JSON Lines (--format jsonl)"
        )


class Sink:
    """Where output rows go: CSV, JSON Lines, a JSON array, or an aligned text table."""

    def __init__(self, handle: IO[str], kind: SinkKind) -> None:
        self.handle = handle
        self.kind = kind
        self._csv = csv.writer(handle) if kind == "csv" else None
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
        if self._header is None:
            self._header = list(row)
            self._known = frozenset(self._header)
            if self._csv is not None:
                self._csv.writerow([escape_formula(h) for h in self._header])
            elif self.kind == "json":
                self.handle.write("[\n")
        elif self.kind in {"csv", "text"} and not row.keys() <= self._known:
            raise ExtraColumnError(next(key for key in row if key not in self._known))
        if self._csv is not None:
            self._csv.writerow([_csv_cell(row.get(h)) for h in self._header])
        elif self.kind in {"jsonl", "json"}:
            text = json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False)
            if self.kind == "json":
                text = ("  " if self._count == 0 else ",\n  ") + text
            else:
                text += "\n"
            self.handle.write(text)
        else:
            self._table_row(self._header, [_text(row.get(h)) for h in self._header])
        self._count += 1

    def _table_row(self, header: list[str], cells: list[str]) -> None:
        # widths come from the first rows; later rows are padded to them, never buffered
        if self._widths is None:
            self._pending.append(cells)
            if len(self._pending) >= _TABLE_SAMPLE:
                self._flush_pending(header)
            return
        self._print_cells(cells, self._widths)

    def _flush_pending(self, header: list[str]) -> None:
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
        elif self.kind == "text" and self._header is not None and self._widths is None:
            self._flush_pending(self._header)
        return self._count


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
    """Rows done, on stderr, only for long runs on a terminal."""

    def __init__(self, *, every: int = 100_000, stream: IO[str] | None = None) -> None:
        self.every = every
        self.stream = stream if stream is not None else sys.stderr
        self.shown = False
        self.enabled = _is_terminal(self.stream)

    def tick(self, done: int) -> None:
        """Report ``done`` rows when it is a multiple of ``every``."""
        if self.enabled and done % self.every == 0:
            self.stream.write(f"\r{done:,} rows…")
            self.stream.flush()
            self.shown = True

    def finish(self, done: int) -> None:
        """End the progress line."""
        if self.shown:
            self.stream.write(f"\r{done:,} rows, done.\n")
            self.stream.flush()


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, io.UnsupportedOperation):
        return False


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
