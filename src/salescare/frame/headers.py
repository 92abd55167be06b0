"""Tables as exported: headers in English or Chinese, times as text or without a zone.

:func:`normalize` renames the columns a record's glossary knows (English, simplified and
traditional Chinese, the record's own spellings such as a ticket's ``问题编号``) to field
names, the same resolution the command line uses, and makes the record's time columns zoned
datetimes: text is read as ISO 8601 (``2024-05-15 09:00``, ``2024-05-15T09:00:00+08:00``), and
times without a zone are placed in ``tz`` when it is given and refused when it is not: a zone
is never guessed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from salescare._edge import edge
from salescare.errors import NaiveDatetimeError, ValidationError, WrongTypeError
from salescare.frame._columns import absent
from salescare.frame._kinds import kind_of, modules
from salescare.glossary import FIELDS, field_for
from salescare.i18n import tr

__all__ = ["normalize"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@edge
def normalize(df: Any, *, record: type | None = None, tz: str | None = None) -> Any:
    """``df`` with ``record``'s headers as field names and its time columns zoned.

    ``record`` is a record class (``None``: :class:`~salescare.models.Ticket`). Columns the
    glossary does not know are kept as they are. Time columns that are text are parsed
    (eager frames: pandas, polars, pyarrow); naive datetime columns are localised to ``tz``
    on every kind, lazy ones included. Zoned columns are kept.

    Examples:
        >>> import pandas as pd
        >>> export = pd.DataFrame({
        ...     "问题编号": ["FW20240515001"],
        ...     "提交时间": ["2024-05-15 09:15"],
        ...     "问题等级": ["一级"],
        ... })
        >>> tickets = normalize(export, tz="Asia/Shanghai")
        >>> list(tickets.columns)
        ['number', 'submitted_at', 'level']
        >>> tickets["submitted_at"].iloc[0].isoformat()
        '2024-05-15T09:15:00+08:00'
        >>> normalize(export)
        Traceback (most recent call last):
        ...
        salescare.errors.NaiveDatetimeError: submitted_at[0]: '2024-05-15 09:15' has no time \
zone; expected a zoned time. Pass tz= to say which zone the column is in, e.g. \
normalize(df, tz='Asia/Shanghai')
    """
    if record is None:
        from salescare.models import Ticket  # noqa: PLC0415 - the usual table

        record = Ticket
    if not attrs.has(record):
        raise WrongTypeError(
            ("normalize", "record"), record, tr("is not a record class"), tr("Ticket")
        )
    zone = _zone(tz)
    _, nw = modules()
    kind_of(df)  # anything but a table is refused naming the kinds read
    frame = nw.from_native(df)
    renamed = frame.rename(_renames(list(frame.columns), record))
    times = [name for name in _time_fields(record) if name in renamed.columns]
    schema = renamed.collect_schema() if isinstance(renamed, nw.LazyFrame) else renamed.schema
    for name in times:
        renamed = _zoned(renamed, name, schema[name], zone, tz)
    return nw.to_native(renamed)


def _zone(tz: str | None) -> ZoneInfo | None:
    if tz is None:
        return None
    try:
        return ZoneInfo(tz)
    except (ValueError, KeyError, OSError):
        raise ValidationError(
            ("normalize", "tz"), tz, tr("is not a time zone"), tr("an IANA name like Asia/Shanghai")
        ) from None


def _renames(columns: list[str], record: type) -> dict[str, str]:
    names = [f.name for f in attrs.fields(record) if f.name in FIELDS]
    found: dict[str, str] = {}
    taken: dict[str, str] = {}
    for column in columns:
        field = field_for(str(column), among=names, record=record.__name__)
        if field is None or field == column:
            if field is not None:
                taken.setdefault(field, column)
            continue
        if field in taken or field in columns:
            raise ValidationError(
                ("normalize", column),
                column,
                tr(
                    "names {field}, which column {value} already names",
                    field=repr(field),
                    value=repr(taken.get(field, field)),
                ),
                tr("one column per field"),
            )
        taken[field] = column
        found[column] = field
    return found


def _time_fields(record: type) -> list[str]:
    return [f.name for f in attrs.fields(record) if "datetime" in str(f.type)]


def _zoned(frame: Any, name: str, dtype: Any, zone: ZoneInfo | None, tz: str | None) -> Any:
    _, nw = modules()
    if dtype == nw.Datetime:
        if getattr(dtype, "time_zone", None) is not None:
            return frame
        if tz is None:
            raise _naive((name,), "naive times")
        return frame.with_columns(nw.col(name).dt.replace_time_zone(tz))
    if dtype != nw.String:
        raise WrongTypeError(
            (name,),
            tr("a column of {dtype}", dtype=dtype),
            tr("is not a column of times"),
            tr("datetimes or ISO text"),
        )
    if isinstance(frame, nw.LazyFrame):
        raise WrongTypeError(
            (name,),
            "text in a lazy frame",
            tr("cannot be parsed without collecting it"),
            tr("a datetime column (cast it in the query), or an eager frame"),
        )
    instants = _parsed(frame[name].to_list(), name, zone)
    np, _ = modules()
    series = nw.new_series(
        name,
        np.asarray(instants, dtype=np.int64).view("datetime64[us]"),
        backend=nw.get_native_namespace(frame),
    )
    shown = tz or "UTC"
    return frame.with_columns(series.dt.replace_time_zone("UTC").dt.convert_time_zone(shown))


def _parsed(values: list[Any], name: str, zone: ZoneInfo | None) -> list[int]:
    """ISO text as UTC microseconds (missing cells NaT); naive text placed in ``zone``."""
    cache: dict[str, int] = {}
    out: list[int] = []
    for row, value in enumerate(values):
        if absent(value) or (isinstance(value, str) and not value.strip()):
            out.append(-(2**63))
            continue
        text = str(value).strip()
        if text not in cache:
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                raise ValidationError(
                    (name, row),
                    text,
                    tr("is not a date and time"),
                    tr("ISO 8601, e.g. 2024-05-15 09:15"),
                ) from None
            if moment.tzinfo is None:
                if zone is None:
                    raise _naive((name, row), text)
                moment = moment.replace(tzinfo=zone)
            cache[text] = (moment - _EPOCH) // _MICROSECOND
        out.append(cache[text])
    return out


_MICROSECOND = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC) - _EPOCH


def _naive(path: tuple[str | int, ...], value: Any) -> NaiveDatetimeError:
    return NaiveDatetimeError(
        path,
        value,
        tr("has no time zone"),
        tr("a zoned time"),
        tr("Pass tz= to say which zone the column is in, e.g. normalize(df, tz='Asia/Shanghai')"),
    )
