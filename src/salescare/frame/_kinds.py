"""Any DataFrame in, the same kind out: pandas, polars, pyarrow, DuckDB and Dask, via narwhals.

The table functions compute with numpy kernels over *batches*: a kernel receives one eager
batch as a :class:`Batch` (numpy columns and the batch's row labels) and returns numpy result
columns. :func:`run` feeds it the way each kind wants:

- pandas, polars and pyarrow frames: the whole frame is one batch; the result is a frame of
  the same kind (pandas keeps the input's index);
- a polars ``LazyFrame`` stays lazy: the kernel runs inside ``map_batches``;
- a Dask DataFrame stays partitioned: the kernel runs per partition (``map_partitions``), never
  collecting the frame onto one machine;
- a DuckDB relation is read batch by batch as Arrow and comes back as a relation.

Needs the ``frame`` extra (narwhals, numpy); the frame libraries themselves are the user's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from salescare.errors import ValidationError, WrongTypeError
from salescare.i18n import tr

__all__ = [
    "KINDS",
    "ArrayBatch",
    "Batch",
    "Coded",
    "Instants",
    "Result",
    "field_spellings",
    "kind_of",
    "modules",
    "require",
    "run",
]

KINDS = (
    "pandas DataFrame",
    "polars DataFrame or LazyFrame",
    "pyarrow Table",
    "DuckDB relation",
    "Dask DataFrame",
)
"""The frame kinds the table functions accept (and return)."""

Result = dict[str, Any]
"""Result columns by name: numpy arrays, :class:`Coded` or :class:`Instants` columns, or
lists of text."""

_NAT = -(2**63)  # numpy's NaT as int64


def modules() -> tuple[Any, Any]:
    """Numpy and narwhals, or an ImportError naming the extra that brings them."""
    try:
        import narwhals.stable.v2 as nw  # noqa: PLC0415 - optional extra, imported on first use
        import numpy as np  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        msg = tr('salescare.frame needs numpy and narwhals: pip install "salescare[frame]"')
        raise ImportError(msg) from exc
    return np, nw


class Coded:
    """A categorical result column: integer codes (-1 for missing) into ``categories``."""

    def __init__(self, codes: Any, categories: Sequence[str]) -> None:
        self.codes = codes
        self.categories = list(categories)


class Instants:
    """A result column of instants shown in ``zone``.

    The instants are int64 microseconds since 1970 UTC; NaT's int is a missing one.
    """

    def __init__(self, instants: Any, zone: str) -> None:
        self.instants = instants
        self.zone = zone


class Batch:
    """One eager batch of rows: columns as numpy arrays, with the rows' labels for messages."""

    def __init__(self, frame: Any, labels: Sequence[Any] | None, offset: int = 0) -> None:
        self.frame = frame  # an eager narwhals DataFrame
        self.columns: tuple[str, ...] = tuple(frame.columns)
        self.size: int = len(frame)
        self._labels = labels
        self._offset = offset

    def label(self, position: int) -> str | int:
        """The label of the row at ``position`` (the index label, else the row number)."""
        if self._labels is not None:
            value = self._labels[position]
            value = value.item() if hasattr(value, "item") else value
            return value if isinstance(value, int) else str(value)
        return self._offset + position

    def has(self, column: str) -> bool:
        """Whether the batch has ``column``."""
        return column in self.columns

    def numpy(self, column: str) -> Any:
        """``column`` as a numpy array (zoned datetimes as UTC ``datetime64[us]``)."""
        _, nw = modules()
        series = self.frame[column]
        dtype = series.dtype
        if dtype == nw.Datetime:
            if getattr(dtype, "time_zone", None) is None:
                return series.to_numpy()  # naive: the caller decides (normally refuses)
            utc = series.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
            return utc.to_numpy().astype("datetime64[us]", copy=False)
        return series.to_numpy()

    def instants(self, column: str) -> Any:
        """A zoned datetime column as int64 microseconds since 1970 UTC (missing: NaT's int).

        The physical values of a zoned column already count from 1970 UTC: pandas and polars
        columns are read without converting zones; others go through :meth:`numpy`.
        """
        np, nw = modules()
        series = self.frame[column]
        native = nw.to_native(series)
        library = type(native).__module__.split(".")[0]
        unit = getattr(series.dtype, "time_unit", "us")
        if library == "pandas" and hasattr(native.array, "asi8"):
            values = native.array.asi8
        elif library == "polars":
            values = native.to_physical().fill_null(_NAT).to_numpy()
        else:
            return self.numpy(column).astype("datetime64[us]", copy=False).view(np.int64)
        factor = {"s": -1_000_000, "ms": -1000, "us": 1, "ns": 1000}[unit]
        if factor == 1:
            return values
        missing = values == _NAT
        scaled = values // factor if factor > 0 else values * -factor
        return np.where(missing, _NAT, scaled)

    def dtype(self, column: str) -> Any:
        """The narwhals dtype of ``column``."""
        return self.frame[column].dtype


class ArrayBatch(Batch):
    """A batch of plain numpy columns, for engines that read their own files (the CLI)."""

    def __init__(self, arrays: Mapping[str, Any], labels: Sequence[Any]) -> None:
        self._arrays = dict(arrays)
        self.columns = tuple(arrays)
        self.size = len(labels)
        self._labels = labels
        self._offset = 0

    def numpy(self, column: str) -> Any:
        """``column`` as given."""
        return self._arrays[column]


def kind_of(native: Any) -> str:
    """The kind of ``native``: pandas, polars, polars-lazy, pyarrow, duckdb or dask.

    Anything else raises :class:`~salescare.errors.WrongTypeError` naming the kinds accepted.
    """
    module = type(native).__module__.split(".")[0]
    name = type(native).__name__
    found = {
        ("pandas", "DataFrame"): "pandas",
        ("polars", "DataFrame"): "polars",
        ("polars", "LazyFrame"): "polars-lazy",
        ("pyarrow", "Table"): "pyarrow",
        ("duckdb", "DuckDBPyRelation"): "duckdb",
        ("_duckdb", "DuckDBPyRelation"): "duckdb",
    }.get((module, name))
    if found is None and module.startswith("dask") and name == "DataFrame":
        found = "dask"
    if found is None:
        raise WrongTypeError(
            ("frame",), f"a {module}.{name}", tr("is not a table salescare reads"), ", ".join(KINDS)
        )
    return found


def run(
    native: Any,
    kernel: Callable[[Batch], Result],
    *,
    columns: Sequence[str],
    keep: bool = False,
) -> Any:
    """``kernel`` over every batch of ``native``; the results as the same kind of frame.

    ``columns`` are the result's column names, in order (for lazy kinds, which need the shape
    before any batch runs). ``keep=True`` puts the input's columns first.
    """
    kind = kind_of(native)
    _, nw = modules()
    if kind in {"pandas", "polars", "pyarrow"}:
        frame = nw.from_native(native, eager_only=True)
        labels = native.index if kind == "pandas" else None
        return _eager(frame, kernel, columns, keep=keep, labels=labels)
    if kind == "polars-lazy":
        return _polars_lazy(native, kernel, columns, keep=keep)
    if kind == "dask":
        return _dask(native, kernel, columns, keep=keep)
    return _duckdb(native, kernel, columns, keep=keep)


def _eager(
    frame: Any,
    kernel: Callable[[Batch], Result],
    columns: Sequence[str],
    *,
    keep: bool,
    labels: Any = None,
    offset: int = 0,
) -> Any:
    """The kernel over one eager narwhals frame, as a native frame of its kind."""
    _, nw = modules()
    result = kernel(Batch(frame, labels, offset))
    missing = [c for c in columns if c not in result]
    if missing:  # pragma: no cover - a kernel that breaks its own contract
        msg = f"kernel did not produce {missing}"
        raise RuntimeError(msg)
    built = _build(frame, {c: result[c] for c in columns}, labels)
    if keep:
        native = nw.to_native(frame)
        if nw.get_native_namespace(frame).__name__ == "pandas":
            import pandas as pd  # noqa: PLC0415 - the input's own library

            return pd.concat([native, built], axis=1)
        merged = nw.concat([frame, nw.from_native(built, eager_only=True)], how="horizontal")
        return nw.to_native(merged)
    return built


def _build(frame: Any, result: Mapping[str, Any], labels: Any) -> Any:
    """Result columns as a native frame of ``frame``'s library (pandas keeps ``labels``)."""
    _, nw = modules()
    library = nw.get_native_namespace(frame).__name__
    if library == "pandas":
        import pandas as pd  # noqa: PLC0415 - the input's own library

        columns = {name: _pandas_column(values) for name, values in result.items()}
        return pd.DataFrame(columns, index=labels)
    arrays = {name: _arrow_column(values) for name, values in result.items()}
    if library == "polars":
        import polars as pl  # noqa: PLC0415 - the input's own library

        return pl.DataFrame(arrays)
    import pyarrow as pa  # noqa: PLC0415 - the input's own library

    return pa.table(arrays)


def _pandas_column(values: Any) -> Any:
    import pandas as pd  # noqa: PLC0415 - the input's own library

    if isinstance(values, Coded):
        return pd.Categorical.from_codes(values.codes, categories=pd.Index(values.categories))
    if isinstance(values, Instants):
        utc = pd.DatetimeIndex(values.instants.astype("datetime64[us]")).tz_localize("UTC")
        return utc.tz_convert(values.zone)
    return values


def _arrow_column(values: Any) -> Any:
    import pyarrow as pa  # noqa: PLC0415 - the input's own library

    np, _ = modules()
    if isinstance(values, Coded):
        codes = np.asarray(values.codes, dtype=np.int32)
        indices = pa.array(codes, mask=codes < 0)
        return pa.DictionaryArray.from_arrays(indices, pa.array(list(values.categories)))
    if isinstance(values, Instants):
        naive = pa.array(values.instants.astype("datetime64[us]"))
        return naive.cast(pa.timestamp("us", tz=values.zone))
    if isinstance(values, list):
        return pa.array(values, type=pa.string())
    return pa.array(values)


def _polars_lazy(
    native: Any, kernel: Callable[[Batch], Result], columns: Sequence[str], *, keep: bool
) -> Any:
    import polars as pl  # noqa: PLC0415 - the input's own library

    _, nw = modules()

    def batch(df: Any) -> Any:
        return _eager(nw.from_native(df, eager_only=True), kernel, columns, keep=keep)

    schema = batch(native.head(0).collect()).schema
    return native.map_batches(batch, schema=pl.Schema(schema), streamable=False)


def _dask(
    native: Any, kernel: Callable[[Batch], Result], columns: Sequence[str], *, keep: bool
) -> Any:
    _, nw = modules()

    def partition(df: Any) -> Any:
        frame = nw.from_native(df, eager_only=True)
        return _eager(frame, kernel, columns, keep=keep, labels=df.index)

    meta = partition(native._meta)  # noqa: SLF001 - Dask's documented empty-partition frame
    return native.map_partitions(partition, meta=meta)


def _duckdb(
    native: Any, kernel: Callable[[Batch], Result], columns: Sequence[str], *, keep: bool
) -> Any:
    import duckdb  # noqa: PLC0415 - the input's own library
    import pyarrow as pa  # noqa: PLC0415

    _, nw = modules()
    reader = native.arrow()
    batches = reader if isinstance(reader, pa.RecordBatchReader) else reader.to_reader()
    parts, offset = [], 0
    for record_batch in _batches(batches):
        frame = nw.from_native(pa.Table.from_batches([record_batch]), eager_only=True)
        parts.append(_eager(frame, kernel, columns, keep=keep, offset=offset))
        offset += record_batch.num_rows
    if not parts:
        empty_input = pa.Table.from_batches([], schema=batches.schema)
        parts.append(
            _eager(nw.from_native(empty_input, eager_only=True), kernel, columns, keep=keep)
        )
    table = pa.concat_tables(parts)
    return duckdb.from_arrow(table)


def _batches(reader: Any) -> Iterator[Any]:
    while True:
        try:
            yield reader.read_next_batch()
        except StopIteration:
            return


def field_spellings(field: str, given: str) -> list[str]:
    """The header spellings the glossary accepts for ``field`` (``given`` first)."""
    from salescare.glossary import FIELDS  # noqa: PLC0415 - read only when a column is missing

    spellings = [given]
    term = FIELDS.get(field)
    if term is not None:
        spellings += [s for s in (field, *term.spellings) if s not in spellings]
    return spellings


def require(batch: Batch, column: str, accepted: Sequence[str]) -> None:
    """Raise a :class:`ValidationError` naming ``column`` and its accepted spellings."""
    if not batch.has(column):
        spelled = ", ".join(repr(a) for a in accepted)
        raise ValidationError(
            ("frame", column),
            f"{len(batch.columns)} columns",
            tr("has no column {column}", column=repr(column)),
            tr(
                "a column named {spelled} (salescare.frame.normalize maps headers)", spelled=spelled
            ),
        )
