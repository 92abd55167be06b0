"""Every ticket clock of a table of tickets, as columns (RULES TK-2…TK-8, TK-10).

:func:`sla_frame` measures, for each row, what :func:`~salescare.sla.ticket_sla` measures for
one ticket: triage, assignment, response, resolution, the joint meeting, the sync to sales,
the sales contact, the satisfaction collection and the appeasement of a low rating (TK-15),
and (given the progress updates) the TK-6 cadence. A reopened ticket's resolution clock runs
from the reopening (TK-15). Each clock gives four columns: ``<clock>_due``, ``<clock>_status``,
``<clock>_left`` (working time left on the clock) and ``<clock>_overdue`` (how long past due a
breached clock is, up to its stop or now); a clock that has not started is null. Then
``worst_status`` and ``worst_rule`` (the worst clock of the row, breached before at risk
before paused before running before met), ``appeasement_due`` and ``late_against_expected``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from salescare._edge import edge
from salescare._vector import from_instant, to_instant
from salescare.errors import ValidationError
from salescare.frame._clocks import NAT, STATUSES, Clock, Pauses, measure_many, worst
from salescare.frame._columns import absent, aware, instants, level_codes, long_table, pauses_of
from salescare.frame._kinds import Batch, Coded, Instants, Result, modules, require, run
from salescare.i18n import tr
from salescare.sla import DEFAULT_TICKET_POLICY, Target, TicketSlaPolicy
from salescare.vocabulary import Level

__all__ = ["CLOCKS", "TIME_COLUMNS", "sla_columns", "sla_frame"]

CLOCKS = (
    "triage",
    "assignment",
    "response",
    "resolution",
    "joint_meeting",
    "sync_to_sales",
    "sales_contact",
    "satisfaction",
    "appease",
)
"""The clocks :func:`sla_frame` measures, in column order."""

TIME_COLUMNS = (
    "submitted_at",
    "triaged_at",
    "assigned_at",
    "first_response_at",
    "resolved_at",
    "joint_triggered_at",
    "joint_meeting_at",
    "synced_to_sales_at",
    "sales_contacted_at",
    "satisfaction_at",
    "expected_resolution_at",
    "low_rating_at",
    "appeased_at",
    "reopened_at",
)
"""The ticket time columns :func:`sla_frame` reads (absent ones count as never happened)."""

_PARTS = ("due", "status", "left", "overdue")
_LEVELS = list(Level)


def sla_columns(*, progress: bool = False) -> list[str]:
    """The columns :func:`sla_frame` returns, in order.

    Examples:
        >>> sla_columns()[:4]
        ['triage_due', 'triage_status', 'triage_left', 'triage_overdue']
    """
    columns = [f"{clock}_{part}" for clock in CLOCKS for part in _PARTS]
    if progress:
        columns += ["progress_ok", "progress_next_due"]
    return [*columns, "worst_status", "worst_rule", "appeasement_due", "late_against_expected"]


@edge
def sla_frame(
    tickets: Any,
    *,
    now: datetime,
    policy: TicketSlaPolicy = DEFAULT_TICKET_POLICY,
    pauses: Any = None,
    progress: Any = None,
    keep: bool = False,
) -> Any:
    """Every SLA clock of every ticket row as of ``now``, under ``policy``.

    ``tickets`` has one row per ticket with :class:`~salescare.models.Ticket` field names
    (:func:`~salescare.frame.normalize` maps English or Chinese headers): ``number`` and
    ``submitted_at`` are required; the other time columns, ``level``, ``joint_handling`` and
    ``satisfaction`` are read when present. Times must be zoned. ``pauses`` is a long table
    (``ticket``, ``start``, ``end``; an open pause has no end) and ``progress`` one of progress
    updates (``ticket``, ``at``), both any kind of frame. Row for row, the answers equal
    :func:`~salescare.sla.ticket_sla` on the same ticket.

    Examples:
        >>> from datetime import UTC, datetime
        >>> import pandas as pd
        >>> tickets = pd.DataFrame(
        ...     {
        ...         "number": ["FW20240515001", "FW20240515002"],
        ...         "submitted_at": pd.to_datetime(
        ...             ["2024-05-15 09:00", "2024-05-15 09:00"], utc=True
        ...         ),
        ...         "level": ["L1", "L2"],
        ...         "triaged_at": pd.to_datetime(["2024-05-15 09:10", None], utc=True),
        ...     }
        ... )
        >>> out = sla_frame(tickets, now=datetime(2024, 5, 15, 9, 50, tzinfo=UTC))
        >>> out[["triage_status", "assignment_status", "response_status", "worst_rule"]]
          triage_status assignment_status response_status worst_rule
        0           met          breached         at_risk       TK-4
        1      breached               NaN         running       TK-2
    """
    instant = to_instant(aware(now))
    pause_rows = long_table(pauses, ("ticket", "start", "end"))
    update_rows = long_table(progress, ("ticket", "at"))
    columns = sla_columns(progress=progress is not None)

    def kernel(rows: Batch) -> Result:
        return _measure(rows, instant, policy, pause_rows, update_rows)

    return run(tickets, kernel, columns=columns, keep=keep)


def _measure(
    rows: Batch,
    now: int,
    policy: TicketSlaPolicy,
    pause_rows: dict[str, Any] | None,
    update_rows: dict[str, Any] | None,
) -> Result:
    np, _ = modules()
    require(rows, "number", ["number", "问题编号", "工单编号"])
    require(rows, "submitted_at", ["submitted_at", "提交时间"])
    time = {name: instants(rows, name) for name in TIME_COLUMNS}
    submitted = time["submitted_at"]
    missing = np.flatnonzero(submitted == NAT)
    if missing.size:
        raise ValidationError(
            ("submitted_at", rows.label(int(missing[0]))),
            None,
            tr("is missing"),
            tr("a zoned datetime"),
        )
    future = np.flatnonzero(submitted > now)
    if future.size:
        raise ValidationError(
            ("submitted_at", rows.label(int(future[0]))),
            from_instant(int(submitted[future[0]])).isoformat(),
            tr("is after now"),
            tr("tickets submitted by now (measure at a later now, or filter the rows)"),
        )
    _in_order(rows, time)
    levels = level_codes(rows)
    # ticket numbers join the side tables: read them only when there are some
    wanted = pause_rows is not None or update_rows is not None
    numbers = rows.numpy("number").astype(str) if wanted else None
    pauses = pauses_of(numbers, pause_rows) if pause_rows is not None else Pauses.none()
    clocks: dict[str, tuple[Clock, Any, str]] = {}

    rules = _rules(policy)

    def one(name: str, target: Target, start: Any, stop: Any, **more: Any) -> None:
        started = np.where(start <= now, start, NAT)  # a clock starts when its event happened
        chosen = policy.target(target)
        clock = measure_many(chosen, started, stop, now, **more)
        clocks[name] = (
            clock,
            np.full(rows.size, rules.index(chosen.rule), dtype=np.int8),
            _zone(chosen, rows),
        )

    one("triage", policy.triage, submitted, time["triaged_at"])
    one("assignment", policy.assign, time["triaged_at"], time["assigned_at"])
    _per_level(rows, clocks=clocks, policy=policy, levels=levels, time=time, pauses=pauses, now=now)
    joint = _flags(rows, "joint_handling")
    one(
        "joint_meeting",
        policy.joint_meeting,
        np.where(joint, time["joint_triggered_at"], NAT),
        time["joint_meeting_at"],
    )
    one("sync_to_sales", policy.sync_to_sales, time["resolved_at"], time["synced_to_sales_at"])
    one(
        "sales_contact",
        policy.sales_contact,
        time["synced_to_sales_at"],
        time["sales_contacted_at"],
    )
    one("satisfaction", policy.satisfaction, time["resolved_at"], time["satisfaction_at"])
    low, appeased = time["low_rating_at"], time["appeased_at"]
    # an appeasement before the latest low rating answered an earlier one (TK-15)
    one("appease", policy.appease, low, np.where(appeased >= low, appeased, NAT))
    out: Result = {}
    for name in CLOCKS:
        clock, _, zone = clocks[name]
        started = clock.status >= 0
        out[f"{name}_due"] = Instants(np.where(started, clock.due, NAT), zone)
        out[f"{name}_status"] = Coded(clock.status, STATUSES)
        out[f"{name}_left"] = clock.left.view("timedelta64[us]")
        out[f"{name}_overdue"] = clock.overdue.view("timedelta64[us]")
    if update_rows is not None and numbers is not None:
        out |= _progress(
            rows,
            policy=policy,
            levels=levels,
            time=time,
            numbers=numbers,
            updates=update_rows,
            now=now,
        )
    out |= _summary(rows, policy, clocks, time, now)
    return out


_ORDER = (
    ("submitted_at", "triaged_at"),
    ("triaged_at", "assigned_at"),
    ("submitted_at", "first_response_at"),
    ("submitted_at", "resolved_at"),
    ("joint_triggered_at", "joint_meeting_at"),
    ("resolved_at", "synced_to_sales_at"),
    ("synced_to_sales_at", "sales_contacted_at"),
    ("resolved_at", "satisfaction_at"),
)
"""Each clock's start and stop: a stop before its start is a bad cell, as a record refuses."""


def _in_order(rows: Batch, time: dict[str, Any]) -> None:
    np, _ = modules()
    for first, then in _ORDER:
        early, late = time[first], time[then]
        wrong = np.flatnonzero((early != NAT) & (late != NAT) & (late < early))
        if wrong.size:
            row = int(wrong[0])
            count = f" ({wrong.size} rows)" if wrong.size > 1 else ""
            raise ValidationError(
                (then, rows.label(row)),
                from_instant(int(late[row])).isoformat(),
                tr(
                    "is before {first} ({value}){count}",
                    first=first,
                    value=from_instant(int(early[row])).isoformat(),
                    count=count,
                ),
                tr("{then} at or after {first}", then=then, first=first),
            )


def _rules(policy: TicketSlaPolicy) -> list[str]:
    """The rule IDs of every clock of ``policy``: ``worst_rule``'s categories.

    The same in every batch: Dask needs every partition's categories to agree.
    """
    return sorted({target.rule for target in targets_of(policy)})


def targets_of(policy: TicketSlaPolicy) -> list[Any]:
    """Every clock target of ``policy``: the fixed ones, then each level's respond and resolve."""
    targets = [
        policy.triage,
        policy.assign,
        policy.joint_meeting,
        policy.sync_to_sales,
        policy.sales_contact,
        policy.satisfaction,
        policy.appease,
    ]
    targets += [t.respond for t in policy.levels.values()]
    targets += [t.resolve for t in policy.levels.values()]
    return targets


def _zone(target: Target, rows: Batch) -> str:
    """Where due times are shown: the calendar's zone, else the submission column's."""
    tz = target.calendar.tz
    if tz is not None:
        return tz
    zone = getattr(rows.dtype("submitted_at"), "time_zone", None)
    return str(zone) if zone else "UTC"


def _flags(rows: Batch, column: str) -> Any:
    np, _ = modules()
    if not rows.has(column):
        return np.zeros(rows.size, dtype=bool)
    values = rows.numpy(column)
    if values.dtype.kind == "b":
        return values
    return np.array([not absent(v) and bool(v) for v in values.tolist()], dtype=bool)


def _per_level(
    rows: Batch,
    *,
    clocks: dict[str, tuple[Clock, Any, str]],
    policy: TicketSlaPolicy,
    levels: Any,
    time: dict[str, Any],
    pauses: Pauses,
    now: int,
) -> None:
    """Response and resolution: each level's targets on that level's rows."""
    np, _ = modules()
    rule_list = _rules(policy)
    reopened = time["reopened_at"]
    # TK-15: anew from a reopening (one still to come as of now has not happened)
    begun = np.where((reopened != NAT) & (reopened <= now), reopened, time["submitted_at"])
    for name, start, stop, kind in (
        ("response", time["submitted_at"], time["first_response_at"], "respond"),
        ("resolution", begun, time["resolved_at"], "resolve"),
    ):
        clock = Clock(rows.size)
        rules = np.full(rows.size, -1, dtype=np.int8)
        zone = "UTC"
        for code, level in enumerate(_LEVELS):
            chosen = np.flatnonzero(levels == code)
            if not chosen.size:
                continue
            target = policy.target(getattr(policy.levels[level], kind))
            measure_many(target, start, stop, now, pauses=pauses, rows=chosen, into=clock)
            rules[chosen] = rule_list.index(target.rule)
            zone = _zone(target, rows)
        clocks[name] = (clock, rules, zone)


def _progress(
    rows: Batch,
    *,
    policy: TicketSlaPolicy,
    levels: Any,
    time: dict[str, Any],
    numbers: Any,
    updates: dict[str, Any],
    now: int,
) -> Result:
    """TK-6: whether every gap between progress updates kept the level's cadence."""
    np, _ = modules()
    ok = np.full(rows.size, None, dtype=object)
    next_due = np.full(rows.size, NAT, dtype=np.int64)
    zone = _zone(policy.target(policy.triage), rows)
    begin_all = np.where(time["assigned_at"] != NAT, time["assigned_at"], time["triaged_at"])
    marks = pauses_of(
        numbers, {"ticket": updates["ticket"], "start": updates["at"], "end": updates["at"]}
    )
    for code, level in enumerate(_LEVELS):
        cadence = policy.levels[level].progress
        chosen = np.flatnonzero((levels == code) & (begin_all != NAT))
        if cadence is None or not chosen.size:
            continue
        cadence = policy.target(cadence)
        zone = _zone(cadence, rows)
        begin = begin_all[chosen]
        resolved = time["resolved_at"][chosen]
        end = np.maximum(np.where(resolved != NAT, resolved, now), begin)
        position = np.full(rows.size, -1, dtype=np.int64)
        position[chosen] = np.arange(chosen.size)
        where = position[marks.rows]
        at = marks.starts
        keep = where >= 0
        where, at = where[keep], at[keep]
        inside = (at >= begin[where]) & (at <= end[where])
        where, at = where[inside], at[inside]
        order = np.lexsort((at, where))
        where, at = where[order], at[order]
        same = np.concatenate([[False], where[1:] == where[:-1]]) if where.size else where
        previous = np.where(same, np.roll(at, 1), begin[where]) if where.size else at
        last = begin.copy()
        np.maximum.at(last, where, at)
        lefts = np.concatenate([previous, last])
        rights = np.concatenate([at, end])
        owners = np.concatenate([where, np.arange(chosen.size)])
        calendar = cadence.calendar
        lengths = calendar.between_many(lefts.view("datetime64[us]"), rights.view("datetime64[us]"))
        # as the scalar path: a cadence that is not a duration allows no gap at all
        allowed = cadence.duration or timedelta(0)
        budget = np.timedelta64(allowed // timedelta(microseconds=1), "us")
        bad = np.zeros(chosen.size, dtype=bool)
        np.logical_or.at(bad, owners, lengths > budget)
        ok[chosen] = ~bad
        open_rows = resolved == NAT
        if open_rows.any():
            due = calendar.add_many(last[open_rows].view("datetime64[us]"), allowed)
            next_due[chosen[open_rows]] = due.view(np.int64)
    return {"progress_ok": ok, "progress_next_due": Instants(next_due, zone)}


def _summary(
    rows: Batch,
    policy: TicketSlaPolicy,
    clocks: dict[str, tuple[Clock, Any, str]],
    time: dict[str, Any],
    now: int,
) -> Result:
    np, _ = modules()
    code, which = worst([clocks[name][0] for name in CLOCKS])
    stacked = np.stack([clocks[name][1] for name in CLOCKS])
    rule_codes = np.where(code >= 0, stacked[which, np.arange(rows.size)], -1)
    satisfaction = rows.numpy("satisfaction") if rows.has("satisfaction") else None
    if satisfaction is None:
        appeasement = np.zeros(rows.size, dtype=bool)
    else:
        if satisfaction.dtype.kind in "iuf":
            scores = satisfaction.astype(np.float64)
        else:
            scores = np.array([_score(v) for v in satisfaction.tolist()], dtype=np.float64)
        appeasement = scores <= policy.appeasement_threshold
    expected = time["expected_resolution_at"]
    resolved = time["resolved_at"]
    late = np.full(rows.size, None, dtype=object)
    has = expected != NAT
    late[has] = np.where(resolved[has] != NAT, resolved[has], now) > expected[has]
    return {
        "worst_status": Coded(code, STATUSES),
        "worst_rule": Coded(rule_codes, _rules(policy)),
        "appeasement_due": appeasement,
        "late_against_expected": late,
    }


def _score(value: Any) -> float:
    if value is None or isinstance(value, bool):
        return float("nan")
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")
