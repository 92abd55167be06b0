"""The agenda as a table: one row per obligation, from records or from a table of tickets.

:func:`agenda_frame` gives the rows of :func:`salescare.agenda.agenda` as a DataFrame with the
columns of :data:`AGENDA_COLUMNS`. From a DataFrame of tickets (any kind) it measures every
ticket clock column-wise (the kernel of :func:`~salescare.frame.sla_frame`) and turns each
started clock into a row: the same rows, statuses and times as the record path gives for the
same tickets. From records it runs :func:`~salescare.agenda.agenda` and tabulates the items.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from salescare._edge import edge
from salescare._vector import to_instant
from salescare.agenda import CLOCKS as TIMER_CLOCKS
from salescare.agenda import AgendaItem, agenda
from salescare.errors import ValidationError
from salescare.frame._clocks import NAT, STATUSES
from salescare.frame._columns import aware, level_codes, long_table
from salescare.frame._kinds import Batch, Coded, Instants, Result, kind_of, modules, run
from salescare.frame.sla import CLOCKS, _measure
from salescare.i18n import tr
from salescare.sla import DEFAULT_TICKET_POLICY, TIMERS, TicketSlaPolicy
from salescare.vocabulary import DutyStatus, Level, SlaStatus

__all__ = ["AGENDA_COLUMNS", "agenda_frame"]

AGENDA_COLUMNS = (
    "rule",
    "timer",
    "what",
    "role",
    "owner",
    "team",
    "customer",
    "start",
    "due",
    "status",
    "done_at",
    "source",
)
"""The columns of :func:`agenda_frame`, one per field of :class:`~salescare.agenda.AgendaItem`
(``source`` is its text, such as ``"Ticket FW20240515001"``)."""

# each ticket clock of sla_frame: its timer (``{}`` takes the level) and the start and stop
# columns that the records path reads (data/clocks.toml)
_TICKET_CLOCKS = {
    "triage": ("TK-2", "submitted_at", "triaged_at"),
    "assignment": ("TK-4", "triaged_at", "assigned_at"),
    "response": ("TK-3.{}.respond", "submitted_at", "first_response_at"),
    "resolution": ("TK-3.{}.resolve", "submitted_at", "resolved_at"),
    "joint_meeting": ("TK-5", "joint_triggered_at", "joint_meeting_at"),
    "sync_to_sales": ("TK-8.sync", "resolved_at", "synced_to_sales_at"),
    "sales_contact": ("TK-8.contact", "synced_to_sales_at", "sales_contacted_at"),
    "satisfaction": ("TK-8.satisfaction", "resolved_at", "satisfaction_at"),
    "appease": ("TK-15.appease", "low_rating_at", "appeased_at"),
}
_TIMERS = [key for key in TIMERS if key.startswith("TK-")]
_DUTY = [str(status) for status in DutyStatus]
_OPEN = {
    str(SlaStatus.BREACHED): _DUTY.index(DutyStatus.OVERDUE),
    str(SlaStatus.AT_RISK): _DUTY.index(DutyStatus.DUE_SOON),
    str(SlaStatus.RUNNING): _DUTY.index(DutyStatus.UPCOMING),
    str(SlaStatus.PAUSED): _DUTY.index(DutyStatus.UPCOMING),
}
_DONE = {
    str(SlaStatus.MET): _DUTY.index(DutyStatus.MET),
    str(SlaStatus.BREACHED): _DUTY.index(DutyStatus.BREACHED),
}


@edge
def agenda_frame(
    source: Any,
    *,
    now: datetime,
    owner: str | None = None,
    families: Collection[str] | None = None,
    recent: timedelta = timedelta(days=7),
    policy: TicketSlaPolicy = DEFAULT_TICKET_POLICY,
    pauses: Any = None,
    backend: str = "pandas",
) -> Any:
    """The agenda as of ``now`` as a table (:data:`AGENDA_COLUMNS`).

    ``source`` is a DataFrame of tickets (pandas, polars, pyarrow, DuckDB, Dask; the result is
    the same kind, lazy stays lazy) with :func:`~salescare.frame.sla_frame`'s columns (and
    ``assignee``, ``sales_owner``, ``customer``, ``team`` when present), or any iterable of
    records (the result is a ``backend`` frame: ``"pandas"``, ``"polars"`` or
    ``"pyarrow"``). ``owner``, ``families`` and ``recent`` filter as
    :func:`~salescare.agenda.agenda` does (from records, the calendar's periodic duties are
    included too); ``pauses`` is sla_frame's long table of pauses. Tickets submitted after
    ``now`` and events stamped after it have not happened yet. Eager results are sorted by
    due time, then rule, timer and source (a pandas result is numbered afresh).

    Examples:
        >>> from datetime import UTC, datetime
        >>> import pandas as pd
        >>> tickets = pd.DataFrame(
        ...     {
        ...         "number": ["FW20240515001"],
        ...         "submitted_at": pd.to_datetime(["2024-05-15 09:00"], utc=True),
        ...         "level": ["L2"],
        ...         "triaged_at": pd.to_datetime(["2024-05-15 09:10"], utc=True),
        ...         "assignee": ["A0045"],
        ...     }
        ... )
        >>> out = agenda_frame(tickets, now=datetime(2024, 5, 15, 9, 50, tzinfo=UTC))
        >>> out[["timer", "owner", "status"]]
                     timer  owner    status
        0             TK-2    NaN       met
        1             TK-4    NaN   overdue
        2  TK-3.L2.respond  A0045  upcoming
        3  TK-3.L2.resolve  A0045  upcoming
    """
    instant = to_instant(aware(now))
    kind = _kind(source)
    if kind is None:
        table = _from_records(source, now, backend, recent)
        return _filtered(table, now=now, owner=owner, families=families, recent=recent)

    def rows(native: Any) -> Any:
        table = _from_tickets(native, instant, now, policy, pauses)
        return _filtered(table, now=now, owner=owner, families=families, recent=recent)

    if kind == "dask":  # each partition's tickets on their own, as Dask computes them
        meta = rows(source._meta)  # noqa: SLF001 - Dask's documented empty-partition frame
        return source.map_partitions(rows, meta=meta)
    return rows(source)


def _kind(source: Any) -> str | None:
    """The DataFrame kind of ``source``, or None for anything else (records)."""
    try:
        return kind_of(source)
    except ValidationError:
        return None


def _from_records(records: Iterable[object], now: datetime, backend: str, recent: timedelta) -> Any:
    _, nw = modules()
    if backend not in {"pandas", "polars", "pyarrow"}:
        raise ValidationError(
            ("agenda_frame", "backend"),
            backend,
            tr("is not a backend"),
            tr("pandas, polars or pyarrow"),
        )
    items = agenda(records, now=now, recent=recent)
    return nw.from_dict(_columns(items), backend=backend)


def _columns(items: Iterable[AgendaItem]) -> dict[str, list[Any]]:
    rows = list(items)
    return {
        "rule": [i.rule for i in rows],
        "timer": [i.timer for i in rows],
        "what": [i.what for i in rows],
        "role": [str(i.role) for i in rows],
        "owner": [None if i.owner is None else str(i.owner) for i in rows],
        "team": [i.team for i in rows],
        "customer": [None if i.customer is None else str(i.customer) for i in rows],
        "start": [i.start.astimezone(UTC) for i in rows],
        "due": [i.due.astimezone(UTC) for i in rows],
        "status": [str(i.status) for i in rows],
        "done_at": [None if i.done_at is None else i.done_at.astimezone(UTC) for i in rows],
        "source": [i.source for i in rows],
    }


def _from_tickets(
    native: Any, instant: int, now: datetime, policy: TicketSlaPolicy, pauses: Any
) -> Any:
    _, nw = modules()
    frame = nw.from_native(native)
    schema = frame.collect_schema() if hasattr(frame, "collect_schema") else frame.schema
    submitted = schema.get("submitted_at")
    if submitted == nw.Datetime and getattr(submitted, "time_zone", None) is not None:
        frame = frame.filter(nw.col("submitted_at") <= now)  # not submitted yet: no clock
    pause_rows = long_table(pauses, ("ticket", "start", "end"))
    wide = [
        f"{name}_{part}" for name in CLOCKS for part in ("timer", "start", "due", "status", "done")
    ]

    def kernel(rows: Batch) -> Result:
        return _wide(_AsOf(rows, instant), instant, policy, pause_rows)

    measured = nw.from_native(run(nw.to_native(frame), kernel, columns=wide, keep=True))
    present = set(schema)
    parts = []
    for name in CLOCKS:
        timer = _TICKET_CLOCKS[name][0]
        parts.append(
            measured.select(
                nw.lit(TIMERS[timer.format("L1")].rule).alias("rule"),
                nw.col(f"{name}_timer").cast(nw.String).alias("timer"),
                nw.col(f"{name}_timer").cast(nw.String).replace_strict(_WHAT, default=None,
                                                                       return_dtype=nw.String)
                .alias("what"),
                nw.col(f"{name}_timer").cast(nw.String).replace_strict(_ROLE, default=None,
                                                                       return_dtype=nw.String)
                .alias("role"),
                _text(present, _OWNER.get(timer)).alias("owner"),
                _text(present, "team", empty="").alias("team"),
                _text(present, "customer").alias("customer"),
                nw.col(f"{name}_start").alias("start"),
                nw.col(f"{name}_due").alias("due"),
                nw.col(f"{name}_status").cast(nw.String).alias("status"),
                nw.col(f"{name}_done").alias("done_at"),
                nw.concat_str([nw.lit("Ticket "), nw.col("number").cast(nw.String)]).alias(
                    "source"
                ),
            ).filter(~nw.col("status").is_null())
        )  # fmt: skip
    return nw.concat(parts, how="vertical")


def _text(present: set[str], column: str | None, *, empty: str | None = None) -> Any:
    _, nw = modules()
    if column is None or column not in present:
        return nw.lit(empty, dtype=nw.String)
    value = nw.col(column).cast(nw.String)
    return value if empty is None else value.fill_null(empty)


_BY_TIMER = {clock.timer: clock for clock in TIMER_CLOCKS}
_WHAT = {key: TIMERS[key].what for key in _TIMERS}
_ROLE = {key: str(_BY_TIMER[key].role) for key in _TIMERS}
_OWNER = {timer: _BY_TIMER[timer.format("L1")].owner for timer, _, _ in _TICKET_CLOCKS.values()}


class _AsOf(Batch):
    """A batch in which the events stamped after ``now`` have not happened yet."""

    def __init__(self, rows: Batch, now: int) -> None:
        self._rows = rows
        self._now = now
        self.columns = rows.columns
        self.size = rows.size

    def label(self, position: int) -> str | int:
        """The row's label, as the batch gives it."""
        return self._rows.label(position)

    def has(self, column: str) -> bool:
        """Whether the batch has ``column``."""
        return self._rows.has(column)

    def numpy(self, column: str) -> Any:
        """``column`` as the batch gives it."""
        return self._rows.numpy(column)

    def dtype(self, column: str) -> Any:
        """The dtype of ``column``."""
        return self._rows.dtype(column)

    def instants(self, column: str) -> Any:
        """``column``'s instants; a stamp after now (but the submission) is missing."""
        np, _ = modules()
        values = self._rows.instants(column)
        if column == "submitted_at":
            return values
        return np.where(values > self._now, NAT, values)


def _wide(rows: Batch, now: int, policy: TicketSlaPolicy, pause_rows: Any) -> Result:
    """Per clock: its timer, start, due, duty status and done time, one row per ticket."""
    np, _ = modules()
    clocks = _measure(rows, now, policy, pause_rows, None)
    levels = level_codes(rows)
    statuses = np.array(STATUSES, dtype=object)
    reopened = _times(rows, "reopened_at")
    out: Result = {}
    for name in CLOCKS:
        timer, start_column, stop_column = _TICKET_CLOCKS[name]
        due: Instants = clocks[f"{name}_due"]
        code = clocks[f"{name}_status"].codes
        started = code >= 0
        start = _times(rows, start_column)
        if name == "resolution":  # TK-15: a reopened ticket's clock runs from the reopening
            start = np.where((reopened != NAT) & (reopened <= now), reopened, start)
        stop = _times(rows, stop_column)
        # a stop before the start answered an earlier clock (an older low rating's appeasement)
        done = started & (stop != NAT) & (stop >= start)
        text = np.where(started, statuses[np.maximum(code, 0)], "")
        duty = np.full(rows.size, -1, dtype=np.int8)
        for sla, slot in _OPEN.items():
            duty[started & ~done & (text == sla)] = slot
        for sla, slot in _DONE.items():
            duty[done & (text == sla)] = slot
        if "{}" in timer:
            names = [timer.format(level) for level in Level]
            timers = np.where(started & (levels >= 0), levels, -1)
            out[f"{name}_timer"] = Coded(timers, names)
        else:
            out[f"{name}_timer"] = Coded(np.where(started, 0, -1), [timer])
        out[f"{name}_start"] = Instants(np.where(started, start, NAT), due.zone)
        out[f"{name}_due"] = due
        out[f"{name}_status"] = Coded(duty, _DUTY)
        out[f"{name}_done"] = Instants(np.where(done, stop, NAT), due.zone)
    return out


def _times(rows: Batch, column: str) -> Any:
    np, _ = modules()
    return rows.instants(column) if rows.has(column) else np.full(rows.size, NAT, dtype=np.int64)


def _filtered(
    table: Any,
    *,
    now: datetime,
    owner: str | None,
    families: Collection[str] | None,
    recent: timedelta,
) -> Any:
    _, nw = modules()
    horizon = now - recent
    kept = table.filter(nw.col("done_at").is_null() | (nw.col("done_at") >= horizon))
    if owner is not None:  # an unowned duty matches no owner (deny by default)
        kept = kept.filter(~nw.col("owner").is_null() & (nw.col("owner") == str(owner)))
    if families is not None:
        prefixes = [nw.col("rule").str.starts_with(f"{family}-") for family in families]
        kept = kept.filter(
            nw.any_horizontal(*prefixes, ignore_nulls=True) if prefixes else nw.lit(value=False)
        )
    if not isinstance(kept, nw.DataFrame):
        return nw.to_native(kept)
    native = nw.to_native(kept.sort("due", "rule", "timer", "source"))
    if kind_of(native) == "pandas":
        native = native.reset_index(drop=True)  # one ticket gives several rows: no shared label
    return native
