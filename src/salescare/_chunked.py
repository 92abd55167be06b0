"""The command line's table engine: CSV rows a chunk at a time through the frame kernels.

``salescare grade`` and ``salescare sla`` read a CSV file :data:`CHUNK_ROWS` rows at a time
(memory stays bounded) and compute a column at a time with the numpy kernels of
:mod:`salescare.frame`. Each chunk is split in two:

- rows whose cells read the same as numbers and as the scalar path reads them (short
  numeric text, whole scores) go through the kernels;
- every other row (text with commas, long numbers, missing or bad cells) goes through the
  row-by-row conversion, which gives the same answer or the same ``file:line:column`` error.

So the output is the row-by-row output, byte for byte, and the first bad row is still the one
reported. Used only when the ``frame`` extra (numpy, narwhals) is installed; without it the
commands run row by row.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.util
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from salescare._tabular import Chunk, Row, located
from salescare._writing import Progress, Sink
from salescare.errors import ValidationError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["CHUNK_ROWS", "Computed", "Kernel", "available", "exact_numbers", "run_chunks"]

CHUNK_ROWS = 10_000
"""Rows per chunk: large enough for numpy to pay, small enough to stay in the caches (on a
million-ticket export, 10,000 ran 25 % faster than 50,000) and keep memory flat."""

_LONGEST_EXACT = 15  # text this short holds at most 15 digits: float and Decimal agree on it
_SMALLEST, _LARGEST = 1e-6, 1e15  # away from subnormals and huge exponents

Convert = Callable[[Row], Mapping[str, Any]]


class Computed(NamedTuple):
    """A kernel's work on one chunk."""

    mask: np.ndarray
    """The rows it computed; the others go row by row."""
    names: list[str]
    """The new columns, in order."""
    cells: dict[str, list[str]]
    """Each new column's cells (those of rows outside ``mask`` are placeholders)."""
    appended: bool = True
    """Whether the new columns follow the input's (else they are the whole output)."""


Kernel = Callable[[Chunk], Computed]
"""Computes new columns for the rows of a chunk it can read exactly."""


def available() -> bool:
    """Whether the kernels can run (numpy and narwhals installed)."""
    return all(importlib.util.find_spec(name) is not None for name in ("numpy", "narwhals"))


def exact_numbers(cells: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Cells as floats, and where the float is exactly the number the text says.

    A cell is exact when it parses, is finite, is short enough to hold at most 15 significant
    digits (so its float's shortest repr is the same number) and is zero or of an ordinary
    magnitude. Others are left to the row-by-row path.

    Examples:
        >>> values, exact = exact_numbers(["320000", "1,200", "499999.99", "nan", ""])
        >>> values[exact].tolist(), exact.tolist()
        ([320000.0, 499999.99], [True, False, True, False, False])
    """
    import numpy as np  # noqa: PLC0415 - the frame extra, imported on first use

    try:
        values = np.array(cells, dtype=np.float64)
        parsed = np.ones(len(cells), dtype=bool)
    except ValueError:
        values = np.fromiter(map(_float_or_nan, cells), dtype=np.float64, count=len(cells))
        parsed = np.fromiter(map(_parses, cells), dtype=bool, count=len(cells))
    short = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells)) <= _LONGEST_EXACT
    size = np.abs(values)
    ordinary = (size == 0) | ((size >= _SMALLEST) & (size <= _LARGEST))
    return values, parsed & short & np.isfinite(values) & ordinary


def _float_or_nan(cell: str) -> float:
    try:
        return float(cell)
    except ValueError:
        return float("nan")


def _parses(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def run_chunks(
    chunks: Iterable[Chunk],
    kernel_for: Callable[[Chunk], Kernel],
    convert: Convert,
    sink: Sink,
    progress: Progress,
) -> int:
    """Every chunk's rows into ``sink``: the kernel's rows by it, the rest by ``convert``.

    ``kernel_for`` makes the kernel from the first chunk (every chunk of a file has the
    same columns). Returns the number of rows written.
    """
    done = 0
    kernel: Kernel | None = None
    with _collection_paused():
        for chunk in chunks:
            kernel = kernel or kernel_for(chunk)
            _write_chunk(chunk, kernel(chunk), convert, sink)
            before, done = done, done + chunk.size
            progress.advance(before, done)
    progress.finish(done)
    return sink.close()


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """The cycle collector off while chunks are read.

    A chunk is tens of thousands of fresh row lists, none in a cycle; each allocation burst
    would start a collection that finds nothing (a quarter of the reading time). Memory
    stays bounded by the chunk size, and the collector is back on when the run ends.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _write_chunk(chunk: Chunk, done: Computed, convert: Convert, sink: Sink) -> None:
    """The chunk's rows with the new columns into ``sink``: kernel rows and row-path rows."""
    import numpy as np  # noqa: PLC0415

    names, computed = done.names, done.cells
    for position in np.flatnonzero(~done.mask).tolist():
        row = chunk.row(position)
        try:
            out = convert(row)
        except ValidationError as error:
            # the rows before it are written first, as the row path writes them
            if position:
                _write_prefix(chunk, done, position, sink)
            raise located(chunk.reader, row, error) from None
        for name in names:
            computed[name][position] = _cell(out.get(name))
    _write_done(chunk, done, sink)


def _write_prefix(chunk: Chunk, done: Computed, size: int, sink: Sink) -> None:
    """The first ``size`` rows of a chunk whose rows up to there are all computed."""
    import numpy as np  # noqa: PLC0415

    head = chunk.first(size)
    cells = {name: column[:size] for name, column in done.cells.items()}
    _write_done(head, Computed(np.ones(size, dtype=bool), done.names, cells, done.appended), sink)


def _write_done(chunk: Chunk, done: Computed, sink: Sink) -> None:
    """A chunk whose new cells are all filled in, into ``sink``."""
    names, computed = done.names, done.cells
    if not done.appended:
        sink.write_columns(names, [computed[name] for name in names])
        return
    if sink.kind == "csv" and chunk.raw is not None and _appendable(chunk, names, computed):
        sink.write_appended([*chunk.headers, *names], chunk.raw, [computed[n] for n in names])
        return
    header = list(dict.fromkeys([*chunk.headers, *names]))
    columns: list[list[str]] = []
    for name in header:
        if name in computed:
            columns.append(computed[name])
        else:
            index = chunk.headers.index(name)
            columns.append(chunk.column_at(index))
    sink.write_columns(header, columns)


_FORMULA_FIRST = "=+-@\t"
_FORMULA_CELL = re.compile(r"[\n\r,][=+\-@\t]")  # a cell (after a line break or comma) starting so


def _appendable(chunk: Chunk, names: list[str], computed: Mapping[str, list[str]]) -> bool:
    """Whether each output line is the input line with the new cells after it.

    True when the new columns are all new, no input cell starts like a formula (it would be
    escaped) and no new cell needs quoting.
    """
    if not set(names).isdisjoint(chunk.headers):
        return False
    text = "\n" + "".join(chunk.raw or ())
    # one-character scans are fast; the pattern runs only when such a character is there
    if any(first in text for first in _FORMULA_FIRST) and _FORMULA_CELL.search(text):
        return False
    added = "\0" + "\0".join("\0".join(computed[name]) for name in names)
    return not any(mark in added for mark in (*',"\r\n', *_ADDED_FORMULAS))


_ADDED_FORMULAS = tuple("\0" + first for first in "=+-@\t")


def _cell(value: Any) -> str:
    # what the CSV writer makes of a row-by-row value
    return "" if value is None else value if isinstance(value, str) else str(value)
