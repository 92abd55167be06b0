"""Ticket KPIs of a table, grouped by period and any columns (RULES HL-1, SQ-2, RV-7).

:func:`kpi_frame` computes what :mod:`salescare.metrics` computes for one period, for every
period and group at once: the on-time resolution rate of L1/L2 tickets
(:func:`~salescare.metrics.on_time_resolution_rate`), the mean first response in hours
(:func:`~salescare.metrics.mean_first_response_hours`) and the mean ticket satisfaction
(:func:`~salescare.metrics.mean_satisfaction`). Each KPI keeps its exact parts, integer
counts and sums, and one division at the end; each record falls in the period the scalar
function would count it in (resolution, or the missed deadline, for on-time; submission for
first response; collection for satisfaction).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from salescare import _vector
from salescare._edge import edge
from salescare.errors import ValidationError, WrongTypeError
from salescare.frame._clocks import NAT, Pauses, measure_many
from salescare.frame._columns import aware, instants, level_codes, long_table, pauses_of
from salescare.frame._kinds import Batch, Result, kind_of, modules, require, run
from salescare.i18n import tr
from salescare.sla import DEFAULT_TICKET_POLICY, TicketSlaPolicy
from salescare.vocabulary import Level

__all__ = ["KPI_COLUMNS", "PeriodKind", "kpi_frame", "period_labels"]

PeriodKind = Literal["month", "quarter", "year"]

KPI_COLUMNS = (
    "period",
    "on_time",
    "on_time_of",
    "on_time_rate",
    "first_response_count",
    "first_response_us",
    "first_response_hours",
    "satisfaction_count",
    "satisfaction_total",
    "survey_points",
    "satisfaction_mean",
)
"""The columns :func:`kpi_frame` returns after the ``by`` columns."""

_PARTS = {
    "on_time": ("_kpi_on_time_period", ("_kpi_on_time", "_kpi_on_time_of")),
    "first_response": (
        "_kpi_first_response_period",
        ("_kpi_first_response_count", "_kpi_first_response_us"),
    ),
    "satisfaction": (
        "_kpi_satisfaction_period",
        ("_kpi_satisfaction_count", "_kpi_satisfaction_total"),
    ),
}
_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()
_US_PER_HOUR = 3_600_000_000


@edge
def kpi_frame(
    tickets: Any,
    *,
    by: Sequence[str] = (),
    period: PeriodKind = "month",
    tz: str = "Asia/Shanghai",
    levels: Collection[Level] = (Level.L1, Level.L2),
    policy: TicketSlaPolicy = DEFAULT_TICKET_POLICY,
    pauses: Any = None,
    as_of: datetime | None = None,
    surveys: Any = None,
    revisits: Any = None,
) -> Any:
    """The ticket KPIs of every ``period`` (in ``tz``) and group of ``by`` columns.

    Columns: the ``by`` columns, ``period`` (``2024-05``, ``2024-Q2`` or ``2024``), then
    ``on_time`` of ``on_time_of`` tickets of ``levels`` resolved within their TK-3 target and
    ``on_time_rate``; ``first_response_count``, ``first_response_us`` (their total, exact)
    and ``first_response_hours``; ``satisfaction_count``, ``satisfaction_total`` and
    ``satisfaction_mean``. A rate or mean with nothing counted is null. With ``as_of``, open
    tickets whose resolution deadline passed (before ``as_of``) count as late in the period
    of that deadline, as :func:`~salescare.metrics.on_time_resolution_rate` counts them.

    Satisfaction also reads, when given, ``revisits`` (columns ``at`` and ``satisfaction``)
    and ``surveys`` (``at``, ``response_speed``, ``resolution_effect``, ``service_attitude``:
    a survey counts once, with the mean of its three scores), as
    :func:`~salescare.metrics.mean_satisfaction` does; ``survey_points`` keeps the surveys'
    scores summed (exact), and the ``by`` columns must be in these tables too.

    Examples:
        >>> from datetime import UTC, datetime
        >>> import pandas as pd
        >>> t = pd.to_datetime
        >>> tickets = pd.DataFrame(
        ...     {
        ...         "number": ["FW20240515001", "FW20240515002", "FW20240601001"],
        ...         "level": ["L1", "L1", "L2"],
        ...         "submitted_at": t(
        ...             ["2024-05-15 09:00", "2024-05-15 10:00", "2024-06-01 09:00"], utc=True
        ...         ),
        ...         "first_response_at": t(
        ...             ["2024-05-15 09:30", None, "2024-06-01 10:00"], utc=True
        ...         ),
        ...         "resolved_at": t(["2024-05-15 12:00", "2024-05-15 16:00", None], utc=True),
        ...     }
        ... )
        >>> kpi_frame(tickets)[["period", "on_time", "on_time_of", "first_response_hours"]]
            period  on_time  on_time_of  first_response_hours
        0  2024-05        1           2                   0.5
        1  2024-06        0           0                   1.0
    """
    moment = None if as_of is None else _vector.to_instant(aware(as_of))
    pause_rows = long_table(pauses, ("ticket", "start", "end"))
    wanted = frozenset(Level.parse(level, field="levels") for level in levels)
    keys = list(by)

    def kernel(rows: Batch) -> Result:
        return _contributions(
            rows,
            period=period,
            tz=tz,
            wanted=wanted,
            policy=policy,
            pause_rows=pause_rows,
            as_of=moment,
        )

    columns = [name for _, (label, parts) in _PARTS.items() for name in (label, *parts)]
    kind = kind_of(tickets)
    sources = [(run(tickets, kernel, columns=columns, keep=True), kind, _PARTS)]
    for table, parts in ((revisits, _REVISIT_PARTS), (surveys, _SURVEY_PARTS)):
        if table is not None:
            sources.append(_side_source(table, parts, keys, period, tz))
    return _aggregate(sources, keys, kind, period)


_REVISIT_PARTS = {
    "satisfaction": (
        "_kpi_satisfaction_period",
        ("_kpi_satisfaction_count", "_kpi_satisfaction_total"),
    )
}
_SURVEY_PARTS = {
    "survey": ("_kpi_satisfaction_period", ("_kpi_satisfaction_count", "_kpi_survey_points"))
}
_SURVEY_SCORES = ("response_speed", "resolution_effect", "service_attitude")


def _side_source(
    table: Any, parts: dict[str, Any], keys: list[str], period: PeriodKind, tz: str
) -> tuple[Any, str, dict[str, Any]]:
    """Revisits or surveys as a source of satisfaction, read like the tickets."""
    survey = parts is _SURVEY_PARTS
    label, names = parts["survey" if survey else "satisfaction"]

    def kernel(rows: Batch) -> Result:
        np, _ = modules()
        for key in keys:
            require(rows, key, [key])
        at = instants(rows, "at", "surveys" if survey else "revisits")
        if survey:
            scores = [_scores(rows, column, required=True) for column in _SURVEY_SCORES]
            unrated = np.flatnonzero(np.isnan(scores[0] + scores[1] + scores[2]) & (at != NAT))
            if unrated.size:
                raise ValidationError(
                    ("surveys", rows.label(int(unrated[0]))),
                    None,
                    tr("lacks a score"),
                    tr("response_speed, resolution_effect and service_attitude, each 1–5"),
                )
            value = np.nan_to_num(scores[0] + scores[1] + scores[2])
            rated = at != NAT
        else:
            value = _scores(rows, "satisfaction")
            rated = ~np.isnan(value) & (at != NAT)
        return {
            label: _period_codes(np.where(rated, at, NAT), period, tz),
            names[0]: rated.astype(np.int64),
            names[1]: np.where(rated, value, 0).astype(np.int64),
        }

    per_row = run(table, kernel, columns=[label, *names], keep=True)
    return per_row, kind_of(table), parts


@edge
def period_labels(instants: Any, period: PeriodKind, tz: str) -> Any:
    """The period label of each instant (int64 UTC microseconds; NaT gives ``None``).

    Examples:
        >>> import numpy as np
        >>> at = np.array(["2024-06-30T16:30", "NaT"], dtype="datetime64[us]").view(np.int64)
        >>> period_labels(at, "quarter", "Asia/Shanghai")  # 00:30 on 1 July in Shanghai
        array(['2024-Q3', None], dtype=object)
    """
    np, _ = modules()
    array = np.asarray(instants) if isinstance(instants, np.ndarray) else None
    if array is None or array.dtype.kind not in "iM":
        raise WrongTypeError(
            ("period_labels", "instants"),
            instants,
            tr("is not an array of instants"),
            tr("a numpy array of int64 microseconds since 1970 UTC, or of datetime64 (UTC)"),
        )
    if array.dtype.kind == "M":
        array = array.astype("datetime64[us]").view(np.int64)
    codes = _period_codes(array.astype(np.int64), period, tz)
    out = np.full(instants.size, None, dtype=object)
    present = codes >= 0
    if present.any():
        low, high = int(codes[present].min()), int(codes[present].max())
        names = np.asarray([_label(code, period) for code in range(low, high + 1)], dtype=object)
        out[present] = names[codes[present] - low]
    return out


def _period_codes(instants: Any, period: PeriodKind, tz: str) -> Any:
    """Each instant's period as a whole number (months since year 0, quarters, or the year).

    Grouping by a number is cheaper than by text; labels are put on the few groups after.
    Missing instants give -1.
    """
    np, _ = modules()
    out = np.full(instants.size, -1, dtype=np.int64)
    present = np.flatnonzero(instants != NAT)
    if not present.size:
        return out
    timeline = _zone_calendar(tz)._timeline  # noqa: SLF001 - the calendar's own engine
    at = instants[present]
    first, last = _vector.years_for(timeline, int(at.min()), int(at.max()))
    table = _vector.compiled(timeline, first, last)
    days = table.day_of(at) - _EPOCH_ORDINAL
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) + 1970 * 12
    zone = ZoneInfo(tz)
    for position in np.flatnonzero(at >= table.hi).tolist():  # past the compiled years
        local = _vector.from_instant(int(at[position])).astimezone(zone)
        months[position] = local.year * 12 + local.month - 1
    out[present] = months // {"month": 1, "quarter": 3, "year": 12}[period]
    return out


_CALENDARS: dict[str, Any] = {}


def _zone_calendar(tz: str) -> Any:
    from salescare.calendars import WorkCalendar  # noqa: PLC0415 - only when labelling

    found = _CALENDARS.get(tz)
    if found is None:
        found = _CALENDARS[tz] = WorkCalendar.weekly(tz=tz)
    return found


def _label(code: int, period: PeriodKind) -> str:
    """The label of a period code from :func:`_period_codes`."""
    if period == "month":
        return f"{code // 12:04d}-{code % 12 + 1:02d}"
    if period == "quarter":
        return f"{code // 4:04d}-Q{code % 4 + 1}"
    return f"{code:04d}"


def _contributions(
    rows: Batch,
    *,
    period: PeriodKind,
    tz: str,
    wanted: frozenset[Level],
    policy: TicketSlaPolicy,
    pause_rows: dict[str, Any] | None,
    as_of: int | None,
) -> Result:
    """Each row's share of each KPI, and the period it falls in."""
    np, _ = modules()
    submitted = instants(rows, "submitted_at")
    resolved = instants(rows, "resolved_at")
    reopened = instants(rows, "reopened_at")
    responded = instants(rows, "first_response_at")
    collected = instants(rows, "satisfaction_at")
    levels = level_codes(rows)
    pauses = Pauses.none()
    if pause_rows is not None and rows.has("number"):
        pauses = pauses_of(rows.numpy("number").astype(str), pause_rows)
    on_time_at = np.full(rows.size, NAT, dtype=np.int64)
    met = np.zeros(rows.size, dtype=np.int64)
    for code, level in enumerate(list(Level)):
        chosen = np.flatnonzero(levels == code)
        if level not in wanted or not chosen.size:
            continue
        target = policy.target(policy.levels[level].resolve)
        done = chosen[resolved[chosen] != NAT]
        if done.size:
            # a done clock's status does not depend on now; any moment after the stops will do
            latest = int(resolved[done].max())
            # TK-15: a reopened ticket's clock runs from the reopening
            begun = np.where(reopened != NAT, reopened, submitted)
            clock = measure_many(target, begun, resolved, latest, pauses=pauses, rows=done)
            on_time_at[done] = resolved[done]
            met[done] = clock.status[done] == 0  # met
        if as_of is not None:
            begun = np.where((reopened != NAT) & (reopened <= as_of), reopened, submitted)
            late = chosen[(resolved[chosen] == NAT) & (begun[chosen] <= as_of)]
            if late.size:
                clock = measure_many(target, begun, resolved, as_of, pauses=pauses, rows=late)
                breached = late[clock.status[late] == 4]  # noqa: PLR2004 - breached
                on_time_at[breached] = clock.due[breached]
    counted = on_time_at != NAT
    has_response = responded != NAT
    first = np.where(has_response, responded - submitted, 0)
    score = _scores(rows)
    rated = ~np.isnan(score)
    rated_at = np.where(collected != NAT, collected, submitted)
    return {
        "_kpi_on_time_period": _period_codes(on_time_at, period, tz),
        "_kpi_on_time": np.where(counted, met, 0),
        "_kpi_on_time_of": counted.astype(np.int64),
        "_kpi_first_response_period": _period_codes(
            np.where(has_response, submitted, NAT), period, tz
        ),
        "_kpi_first_response_count": has_response.astype(np.int64),
        "_kpi_first_response_us": first.astype(np.int64),
        "_kpi_satisfaction_period": _period_codes(np.where(rated, rated_at, NAT), period, tz),
        "_kpi_satisfaction_count": rated.astype(np.int64),
        "_kpi_satisfaction_total": np.where(rated, score, 0).astype(np.int64),
    }


def _scores(rows: Batch, column: str = "satisfaction", *, required: bool = False) -> Any:
    np, _ = modules()
    if required:
        require(rows, column, [column])
    if not rows.has(column):
        return np.full(rows.size, np.nan)
    values = rows.numpy(column)
    if values.dtype.kind in "iuf":
        return values.astype(np.float64)
    return np.array([np.nan if v is None else float(v) for v in values.tolist()])


def _aggregate(
    sources: list[tuple[Any, str, dict[str, Any]]], keys: list[str], kind: str, period: PeriodKind
) -> Any:
    """Sum each KPI's parts by group and period; one table, in the tickets' library."""
    merged: dict[tuple[Any, ...], dict[str, int]] = {}
    for per_row, source_kind, source_parts in sources:
        for label, names in source_parts.values():
            for row in _sums(per_row, source_kind, [*keys, label], list(names)):
                key = (*(row[k] for k in keys), row[label])
                bucket = merged.setdefault(key, {})
                for name in names:
                    bucket[name] = bucket.get(name, 0) + int(row[name])
    ordered = sorted(merged, key=lambda key: (*(str(k) for k in key[:-1]), int(key[-1])))
    table: dict[str, Any] = {k: [key[i] for key in ordered] for i, k in enumerate(keys)}
    table["period"] = [_label(int(key[-1]), period) for key in ordered]

    def parts(name: str) -> list[int]:
        return [merged[key].get(name, 0) for key in ordered]

    on_time, of = parts("_kpi_on_time"), parts("_kpi_on_time_of")
    count, micros = parts("_kpi_first_response_count"), parts("_kpi_first_response_us")
    rated, total = parts("_kpi_satisfaction_count"), parts("_kpi_satisfaction_total")
    points = parts("_kpi_survey_points")
    table |= {
        "on_time": on_time,
        "on_time_of": of,
        "on_time_rate": [n / d if d else None for n, d in zip(on_time, of, strict=True)],
        "first_response_count": count,
        "first_response_us": micros,
        "first_response_hours": [
            m / c / _US_PER_HOUR if c else None for m, c in zip(micros, count, strict=True)
        ],
        "satisfaction_count": rated,
        "satisfaction_total": total,
        "survey_points": points,
        "satisfaction_mean": [
            (t + p / 3) / r if r else None for t, p, r in zip(total, points, rated, strict=True)
        ],
    }
    return _as_kind(table, kind)


def _sums(per_row: Any, kind: str, keys: list[str], names: list[str]) -> list[dict[str, Any]]:
    """``names`` summed by ``keys`` (rows without a period, -1, left out), as dicts.

    The sums run where the rows are: in polars, pyarrow, DuckDB or pandas through narwhals,
    and on a Dask cluster with Dask's own groupby (partial sums per partition).
    """
    if kind == "dask":
        present = per_row[per_row[keys[-1]] >= 0]
        summed = present.groupby(keys, dropna=False)[names].sum().compute().reset_index()
        return list(summed.to_dict("records"))
    _, nw = modules()
    frame = nw.from_native(per_row)
    grouped = (
        frame.filter(nw.col(keys[-1]) >= 0)
        .group_by(keys)
        .agg(*(nw.col(name).sum() for name in names))
    )
    if isinstance(grouped, nw.LazyFrame):
        grouped = grouped.collect()
    return list(grouped.iter_rows(named=True))


def _as_kind(table: dict[str, list[Any]], kind: str) -> Any:
    """The small result table as the kind of frame the tickets came in."""
    _, nw = modules()
    backend = {"dask": "pandas", "polars-lazy": "polars", "duckdb": "pyarrow"}.get(kind, kind)
    native = nw.to_native(nw.from_dict(table, backend=backend))
    if kind == "dask":
        import dask.dataframe as dd  # noqa: PLC0415 - the input's own library

        return dd.from_pandas(native, npartitions=1)  # type: ignore[no-untyped-call]
    if kind == "polars-lazy":
        return native.lazy()
    if kind == "duckdb":
        import duckdb  # noqa: PLC0415 - the input's own library

        return duckdb.from_arrow(native)
    return native
