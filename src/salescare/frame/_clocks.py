"""SLA clocks over arrays: :func:`~salescare.sla.measure` for many rows at once.

Every instant is an int64 count of microseconds since 1970 UTC (``NaT`` is missing). A clock
of a duration target is three searches on the target calendar's compiled arrays
(:mod:`salescare._vector`): the working time worked by the start, by the stop (or now) and
inside each pause. Pauses stand the clock still exactly as the scalar path does: merged,
clipped to the start, an open pause running until the stop or now, the due time moved by the
working time paused before the budget runs out (RULES TK-10).

Targets counted in working days or months, which the ticket rules do not use by default, are
measured row by row by the scalar :func:`~salescare.sla.measure`: same answers, slower.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from salescare import _vector
from salescare.errors import ValidationError
from salescare.frame._kinds import modules
from salescare.i18n import tr
from salescare.sla import Target, measure
from salescare.vocabulary import SlaStatus

__all__ = ["NAT", "STATUSES", "Clock", "Pauses", "measure_many"]

NAT = -(2**63)
STATUSES = [
    str(s)
    for s in (
        SlaStatus.MET,
        SlaStatus.RUNNING,
        SlaStatus.PAUSED,
        SlaStatus.AT_RISK,
        SlaStatus.BREACHED,
    )
]
"""Status names by code; a higher code is a worse status (for the worst clock of a row)."""
_MET, _RUNNING, _PAUSED, _AT_RISK, _BREACHED = range(5)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Pauses:
    """Pauses as parallel arrays: the row each belongs to, its start and its end (NaT: open)."""

    def __init__(self, rows: Any, starts: Any, ends: Any) -> None:
        self.rows, self.starts, self.ends = rows, starts, ends

    @classmethod
    def none(cls) -> Pauses:
        """No pauses at all."""
        np, _ = modules()
        empty = np.zeros(0, dtype=np.int64)
        return cls(empty, empty, empty)


class Clock:
    """The measured clocks of many rows: due, status code, time left, elapsed and overdue."""

    def __init__(self, size: int) -> None:
        np, _ = modules()
        self.due = np.full(size, NAT, dtype=np.int64)
        self.status = np.full(size, -1, dtype=np.int8)  # -1: the clock has not started
        self.left = np.full(size, NAT, dtype=np.int64)
        self.elapsed = np.full(size, NAT, dtype=np.int64)
        self.overdue = np.full(size, NAT, dtype=np.int64)


def measure_many(
    target: Target,
    start: Any,
    stop: Any,
    now: int,
    *,
    pauses: Pauses | None = None,
    rows: Any = None,
    into: Clock | None = None,
) -> Clock:
    """``measure(target, start, now=now, stop=stop, pauses=...)`` for every row with a start.

    ``rows`` limits the rows measured (an index array); the others stay "not started".
    A stop before its start is refused naming the row, as the scalar path does. ``into``
    fills a clock already holding other rows (each level's rows, say) instead of a new one.
    """
    np, _ = modules()
    clock = Clock(start.size) if into is None else into
    chosen = np.flatnonzero(start != NAT) if rows is None else rows[start[rows] != NAT]
    if not chosen.size:
        return clock
    begin, end = start[chosen], stop[chosen]
    done = end != NAT
    early = np.flatnonzero(done & (end < begin))
    if early.size:
        row = int(chosen[early[0]])
        raise ValidationError(
            ("measure", "stop", row),
            _moment(int(stop[row])),
            tr("is before start ({value})", value=_moment(int(start[row])).isoformat()),
            tr("stop >= start"),
        )
    if target.duration is None:
        _scalar(clock, target, rows=chosen, start=start, stop=stop, now=now, pauses=pauses)
        return clock
    until = np.where(done, end, now)
    spans = _merged(pauses, chosen, begin, until)
    high = max(int(until.max()), now, int(spans.ends.max()) if spans.ends.size else now)
    table = _table(target, int(begin.min()), high)
    budget = target.duration // timedelta(microseconds=1)
    worked_start = table.worked(begin)
    need = worked_start + budget + _paused_before_due(spans, worked_start, budget, table)
    beyond = need > table.total
    # a stop, now or pause end past the compiled years: those rows take the scalar path
    beyond |= until >= table.hi
    if spans.rows.size:
        latest = np.full(begin.size, NAT, dtype=np.int64)
        np.maximum.at(latest, spans.rows, spans.ends)
        beyond |= latest >= table.hi
    due = table.locate(np.minimum(need, table.total)) if table.starts.size else need
    elapsed = table.worked(until) - worked_start - _paused_work(spans, until, table)
    elapsed = np.where(until > begin, elapsed, 0)
    threshold = (target.duration * float(target.at_risk)) // timedelta(microseconds=1)
    paused_now = ~done & (_inside(spans, now, begin.size) | _open_before(pauses, chosen, now))
    status = np.where(
        done,
        np.where(end <= due, _MET, _BREACHED),
        np.where(
            now > due,
            _BREACHED,
            np.where(paused_now, _PAUSED, np.where(elapsed >= threshold, _AT_RISK, _RUNNING)),
        ),
    ).astype(np.int8)
    clock.due[chosen] = due
    clock.status[chosen] = status
    clock.elapsed[chosen] = elapsed
    clock.left[chosen] = np.maximum(budget - elapsed, 0)
    clock.overdue[chosen] = np.where(status == _BREACHED, until - due, NAT)
    if beyond.any() or not table.starts.size:  # past the compiled years: the scalar path
        _scalar(
            clock,
            target,
            rows=chosen[beyond | (not table.starts.size)],
            start=start,
            stop=stop,
            now=now,
            pauses=pauses,
        )
    return clock


def _paused_before_due(spans: _Spans, worked_start: Any, budget: int, table: Any) -> Any:
    """Per row, the working time inside the pauses that begin before the budget runs out.

    A pause counts when the clock's effective work at its begin (worked since the start,
    less earlier pauses) is still short of the budget; those pauses form a prefix of the
    row's pauses, and their working time moves the due time (as ``_due_with_pauses``).
    """
    np, _ = modules()
    out = np.zeros(worked_start.size, dtype=np.int64)
    if spans.rows.size:
        at_begin = table.worked(spans.begins)
        paused = table.worked(spans.ends) - at_begin
        before = np.cumsum(paused) - paused  # exclusive running total over all spans
        first = np.searchsorted(spans.rows, spans.rows, side="left")
        earlier = before - before[first]  # ... within the span's own row
        effective = at_begin - worked_start[spans.rows] - earlier
        np.add.at(out, spans.rows, np.where(effective < budget, paused, 0))
    return out


def _moment(instant: int) -> datetime:
    return _EPOCH + timedelta(microseconds=instant)


def _table(target: Target, low: int, high: int) -> Any:
    timeline = target.calendar._timeline  # noqa: SLF001 - the calendar's own engine
    first, last = _vector.years_for(timeline, low, high, ahead=1)
    return _vector.compiled(timeline, first, last)


class _Spans:
    """Merged pauses of the measured rows: the row (position in the chosen rows), begin, end."""

    def __init__(self, rows: Any, begins: Any, ends: Any) -> None:
        self.rows, self.begins, self.ends = rows, begins, ends


def _merged(pauses: Pauses | None, chosen: Any, begin: Any, until: Any) -> _Spans:
    """The pauses of the chosen rows, as the scalar path merges them (``_merged_pauses``)."""
    np, _ = modules()
    if pauses is None or not pauses.rows.size:
        empty = np.zeros(0, dtype=np.int64)
        return _Spans(empty, empty, empty)
    position = np.full(int(max(chosen.max(), pauses.rows.max())) + 1, -1, dtype=np.int64)
    position[chosen] = np.arange(chosen.size)
    mine = position[pauses.rows] >= 0
    where = position[pauses.rows[mine]]
    starts, ends = pauses.starts[mine], pauses.ends[mine]
    finish = np.where(ends == NAT, np.maximum(until[where], starts), ends)
    starts = np.maximum(starts, begin[where])
    kept = finish > starts
    where, starts, finish = where[kept], starts[kept], finish[kept]
    order = np.lexsort((starts, where))
    where, starts, finish = where[order], starts[order], finish[order]
    depth = int(np.bincount(where).max()) if where.size else 0
    if depth > _MERGE_DEPTH:  # many pauses on one clock: merge them one by one
        return _merged_slowly(where, starts, finish)
    # the latest end among the earlier pauses of the same row: a pause starting by then
    # joins the span before it (touching pauses merge, as in the scalar path)
    reach = np.full(where.size, NAT, dtype=np.int64)
    for back in range(1, depth):
        same = np.zeros(where.size, dtype=bool)
        same[back:] = where[back:] == where[:-back]
        earlier = np.full(where.size, NAT, dtype=np.int64)
        earlier[back:] = finish[:-back]
        reach = np.maximum(reach, np.where(same, earlier, NAT))
    opens = starts > reach
    group = np.cumsum(opens) - 1
    span_ends = np.full(int(opens.sum()), NAT, dtype=np.int64)
    np.maximum.at(span_ends, group, finish)
    return _Spans(where[opens], starts[opens], span_ends)


_MERGE_DEPTH = 16


def _merged_slowly(where: Any, starts: Any, finish: Any) -> _Spans:
    np, _ = modules()
    rows_out: list[int] = []
    begins_out: list[int] = []
    ends_out: list[int] = []
    for row, low, high in zip(where.tolist(), starts.tolist(), finish.tolist(), strict=True):
        if rows_out and rows_out[-1] == row and low <= ends_out[-1]:
            ends_out[-1] = max(ends_out[-1], high)
        else:
            rows_out.append(row)
            begins_out.append(low)
            ends_out.append(high)
    as_array = np.asarray
    return _Spans(
        as_array(rows_out, dtype=np.int64),
        as_array(begins_out, dtype=np.int64),
        as_array(ends_out, dtype=np.int64),
    )


def _paused_work(spans: _Spans, until: Any, table: Any) -> Any:
    """Working time inside the pauses before each row's ``until``, per row."""
    np, _ = modules()
    out = np.zeros(until.size, dtype=np.int64)
    if spans.rows.size:
        limit = until[spans.rows]
        counted = spans.begins < limit
        high = np.minimum(spans.ends, limit)
        work = np.where(counted, table.worked(high) - table.worked(spans.begins), 0)
        np.add.at(out, spans.rows, work)
    return out


def _inside(spans: _Spans, now: int, size: int) -> Any:
    np, _ = modules()
    out = np.zeros(size, dtype=bool)
    if spans.rows.size:
        hit = (spans.begins <= now) & (now < spans.ends)
        out[spans.rows[hit]] = True
    return out


def _open_before(pauses: Pauses | None, chosen: Any, now: int) -> Any:
    """Rows with an open pause that began by ``now`` (its begin unclipped, as the scalar)."""
    np, _ = modules()
    out = np.zeros(chosen.size, dtype=bool)
    if pauses is not None and pauses.rows.size:
        open_rows = pauses.rows[(pauses.ends == NAT) & (pauses.starts <= now)]
        out = np.isin(chosen, open_rows)
    return out


def _scalar(
    clock: Clock,
    target: Target,
    *,
    rows: Any,
    start: Any,
    stop: Any,
    now: int,
    pauses: Pauses | None,
) -> None:
    """Row by row through the scalar ``measure`` (working-day and month targets)."""
    by_row: dict[int, list[tuple[datetime, datetime | None]]] = {}
    if pauses is not None:
        for row, begin, end in zip(
            pauses.rows.tolist(), pauses.starts.tolist(), pauses.ends.tolist(), strict=True
        ):
            by_row.setdefault(row, []).append(
                (_moment(begin), None if end == NAT else _moment(end))
            )
    codes = {name: code for code, name in enumerate(STATUSES)}
    moment = _moment(now)
    for row in rows.tolist():
        began = _moment(int(start[row]))
        ended = None if stop[row] == NAT else _moment(int(stop[row]))
        result = measure(target, began, now=moment, stop=ended, pauses=by_row.get(row, ()))
        clock.due[row] = _vector.to_instant(result.due)
        clock.status[row] = codes[str(result.status)]
        clock.elapsed[row] = result.elapsed // timedelta(microseconds=1)
        clock.left[row] = result.remaining // timedelta(microseconds=1)
        until = ended if ended is not None else moment
        clock.overdue[row] = NAT  # the vectorised pass may have written this row already
        if result.status is SlaStatus.BREACHED:
            clock.overdue[row] = (until - result.due) // timedelta(microseconds=1)


def worst(clocks: Sequence[Clock]) -> tuple[Any, Any]:
    """The worst status code of each row over ``clocks``, and which clock (its position)."""
    np, _ = modules()
    code = clocks[0].status.copy()
    which = np.zeros(code.size, dtype=np.int8)
    for position, clock in enumerate(clocks[1:], start=1):
        worse = clock.status > code  # strictly: on a tie the earlier clock stays
        code = np.where(worse, clock.status, code)
        which = np.where(worse, position, which)
    return code, which
