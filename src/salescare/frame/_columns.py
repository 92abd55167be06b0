"""Reading ticket tables: zoned time columns, levels, and the side tables of pauses and updates.

Shared by :mod:`salescare.frame.sla` and :mod:`salescare.frame.kpis`; every function reads
one batch (:class:`~salescare.frame._kinds.Batch`) and refuses what it cannot read with the
column, the row and the fix.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from salescare.errors import NaiveDatetimeError, ValidationError, WrongTypeError
from salescare.frame._clocks import NAT, Pauses
from salescare.frame._kinds import Batch, kind_of, modules, require
from salescare.i18n import tr
from salescare.vocabulary import Level

__all__ = ["absent", "aware", "instants", "level_codes", "long_table", "pauses_of"]

_LEVELS = list(Level)


def aware(now: Any) -> datetime:
    if not isinstance(now, datetime):
        raise WrongTypeError(
            ("sla_frame", "now"), now, tr("is not a datetime"), tr("an aware datetime")
        )
    if now.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("sla_frame", "now"), now)
    return now


def long_table(native: Any, names: Sequence[str]) -> dict[str, Any] | None:
    """A small side table (pauses, progress) as numpy columns, read once."""
    if native is None:
        return None
    np, nw = modules()
    kind_of(native)  # anything but a table is refused naming the kinds read
    frame = nw.from_native(native)
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect()
    rows = Batch(frame, None)
    out: dict[str, Any] = {}
    for name in names:
        if name == "end" and not rows.has(name):
            out[name] = np.full(rows.size, NAT, dtype=np.int64)
            continue
        require(rows, name, [name])
        out[name] = (
            rows.numpy(name).astype(str) if name == "ticket" else instants(rows, name, names[0])
        )
    return out


def instants(rows: Batch, column: str, where: str = "tickets") -> Any:
    """A time column as int64 UTC microseconds (NaT missing); absent columns are all missing."""
    np, nw = modules()
    if not rows.has(column):
        return np.full(rows.size, NAT, dtype=np.int64)
    dtype = rows.dtype(column)
    if dtype != nw.Datetime:
        raise WrongTypeError(
            (where, column),
            tr("a column of {dtype}", dtype=dtype),
            tr("is not a column of times"),
            tr("zoned datetimes; salescare.frame.normalize(df, tz=...) parses and localises them"),
        )
    if getattr(dtype, "time_zone", None) is None:
        raise ValidationError(
            (where, column),
            "naive times",
            tr("has no time zone"),
            tr("zoned datetimes: pass tz= to salescare.frame.normalize to say which zone they are"),
        )
    return rows.instants(column)


def level_codes(rows: Batch) -> Any:
    """Level codes (0 = L1 …, -1 = none) from any spelling the vocabulary reads."""
    np, _ = modules()
    if not rows.has("level"):
        return np.full(rows.size, -1, dtype=np.int8)
    values = rows.numpy("level")
    try:
        spelled = values.astype(str)
    except (TypeError, ValueError):  # cells that are lists or other objects: Level says why
        spelled = np.array([type(v).__name__ + str(id(v)) for v in values.tolist()])
    # a handful of distinct spellings: read each once, then spread the codes by index
    _, first, inverse = np.unique(spelled, return_index=True, return_inverse=True)
    found = np.full(first.size, -1, dtype=np.int8)
    for slot, position in enumerate(first.tolist()):
        value = values[position]
        if absent(value):  # no level yet
            continue
        try:
            found[slot] = _LEVELS.index(Level.parse(value, field="level"))
        except ValidationError as error:
            raise error.relocated(("level", rows.label(position))) from None
    return found[inverse.reshape(-1)]


def pauses_of(numbers: Any, pause_rows: dict[str, Any] | None) -> Pauses:
    """The pauses of this batch's tickets, by row (pauses of other tickets are left out)."""
    np, _ = modules()
    if pause_rows is None:
        return Pauses.none()
    order = np.argsort(numbers, kind="stable")
    ordered = numbers[order]
    found = np.searchsorted(ordered, pause_rows["ticket"])
    found = np.minimum(found, max(ordered.size - 1, 0))
    mine = ordered.size > 0
    if mine:
        hit = ordered[found] == pause_rows["ticket"]
    else:
        hit = np.zeros(pause_rows["ticket"].size, dtype=bool)
    return Pauses(order[found[hit]], pause_rows["start"][hit], pause_rows["end"][hit])


def absent(value: Any) -> bool:
    """A missing cell: None, a NaN that a float column uses, or pandas' NA and NaT."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in {"NAType", "NaTType"}
