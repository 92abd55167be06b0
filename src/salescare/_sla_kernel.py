"""``salescare sla``'s column kernel: every clock of a chunk of ticket rows at once.

A row is computed here only when it is certainly a valid :class:`~salescare.models.Ticket`
that the row path would measure: every cell it has is read exactly (times of the form
``2024-05-15T09:15:00+08:00``, numbers of the form ``FW20240515001``, and each distinct
value of the other columns checked once by the converter and the field's own validator),
its times are in the order a ticket keeps, and the rules that tie fields together hold with
room to spare. Any other row goes to the row path, which measures it or reports what is
wrong with it; so the output equals the row path's, row for row
(``tests/property/test_cli_chunks.py``). The clocks are :func:`salescare.frame.sla_frame`'s
kernel; the text columns are written as the row path writes them.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from salescare._chunked import Computed
from salescare._isotext import NAT, Times, calendar_days, digit_matrix, iso_text, read_times
from salescare._tabular import Chunk
from salescare.frame._clocks import STATUSES
from salescare.frame._kinds import ArrayBatch, modules
from salescare.frame.sla import TIME_COLUMNS as _TIMES
from salescare.frame.sla import targets_of
from salescare.i18n import tr, translate
from salescare.models import Ticket
from salescare.serialize import converter
from salescare.sla import DEFAULT_TICKET_POLICY, SlaStatus, TicketSlaPolicy
from salescare.sla.clock import target_words
from salescare.vocabulary import Level, TicketStatus

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["SLA_COLUMNS", "SlaKernel"]

SLA_COLUMNS = (
    "number",
    "customer",
    "level",
    "status",
    "response",
    "resolution",
    "resolution_due",
    "worst",
    "flagged",
    "reason",
)
"""The columns ``salescare sla`` writes, in order."""

_CHECKED_ONCE = (
    "customer",
    "level",
    "status",
    "assignee",
    "sales_owner",
    "urgent",
    "sales_promise",
    "joint_handling",
    "satisfaction",
)
_TEXT = ("customer_name", "description", "postpone_reason", "resolution", "sales_suggestion")
_NUMBER = re.compile(r"FW([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{3})")
_NUMBER_WIDTH = 13
_FIELDS = {field.name: field for field in attrs.fields(Ticket)}
# ticket_sla's clocks in its own order (the worst is the first of the most severe)
_CLOCKS = (
    ("triage", "submitted_at"),
    ("response", "submitted_at"),
    ("resolution", "submitted_at"),
    ("assignment", "triaged_at"),
    ("joint_meeting", "joint_triggered_at"),
    ("sync_to_sales", "resolved_at"),
    ("sales_contact", "synced_to_sales_at"),
    ("satisfaction", "resolved_at"),
)
_AT_RISK = STATUSES.index(str(SlaStatus.AT_RISK))
_BREACHED = STATUSES.index(str(SlaStatus.BREACHED))
_LEVEL_OR_NONE: tuple[Level | None, ...] = (*Level, None)
_LEVEL_CODE: dict[Level | None, int] = {lv: i for i, lv in enumerate(_LEVEL_OR_NONE)}
_LEVEL_TEXT = [str(lv) if lv is not None else None for lv in _LEVEL_OR_NONE]


def _status_text(value: TicketStatus | None) -> str:
    return str(TicketStatus.PENDING if value is None else value)


def _later_than() -> tuple[tuple[str, str], ...]:
    from salescare.models.tickets import _TICKET_ORDER  # noqa: PLC0415 - the record's own pairs

    return _TICKET_ORDER.pairs


class SlaKernel:
    """Every clock of a chunk's ticket rows as of ``now`` (an instant in microseconds)."""

    def __init__(
        self, now: int, policy: TicketSlaPolicy = DEFAULT_TICKET_POLICY, *, locale: str = "en"
    ) -> None:
        self.now = now
        self.locale = locale  # the reasons are written in the output's language
        self.policy = policy
        # due times are written in each clock's start zone; a zoned calendar's are not
        self._zoned = any(policy.target(t).calendar.tz is not None for t in targets_of(policy))
        # per column: whether each distinct cell is valid, and its value
        self._checked: dict[str, tuple[dict[str, bool], dict[str, Any]]] = {
            name: ({}, {}) for name in _CHECKED_ONCE
        }
        self._days: dict[str, bool] = {}

    def __call__(self, chunk: Chunk) -> Computed:
        """The SLA columns of the rows the kernel can read; the rest are left to the row path."""
        import numpy as np  # noqa: PLC0415 - the frame extra, imported on first use

        size = chunk.size
        mask = np.full(size, not self._zoned)
        fields = set(chunk.mapping.values())
        for name in fields - {*_TIMES, *_CHECKED_ONCE, *_TEXT, "number"}:
            mask &= ~_filled(chunk.column(name) or [])  # lists and records: the row path's
        for name in ("customer_name", "description"):  # the required texts
            mask &= _filled(chunk.column(name) or [""] * size)
        numbers = chunk.column("number") or [""] * size
        mask &= self._numbers(numbers)
        times = {name: read_times(chunk.column(name) or [""] * size) for name in _TIMES}
        for column in times.values():
            mask &= column.read
        values = {name: self._values(name, chunk.column(name), mask) for name in _CHECKED_ONCE}
        mask &= np.fromiter(map(_given, values["customer"]), dtype=bool, count=size)
        mask &= self._consistent(chunk, times, values)
        cells = {name: [""] * size for name in SLA_COLUMNS}
        rows = _Picked(np.flatnonzero(mask), times, values, numbers)
        if rows.chosen.size:
            self._measure(rows, cells)
        return Computed(mask, list(SLA_COLUMNS), cells, appended=False)

    def _numbers(self, numbers: list[str]) -> np.ndarray:
        """Ticket numbers in their canonical form with a real date and a serial from 1."""
        import numpy as np  # noqa: PLC0415

        digits = digit_matrix(numbers, _NUMBER_WIDTH)
        if digits is None:  # some other width or text: one by one
            return np.fromiter(map(self._number_ok, numbers), dtype=bool, count=len(numbers))
        ok: np.ndarray = (digits[:, 0] == ord("F") - ord("0")) & (
            digits[:, 1] == ord("W") - ord("0")
        )
        ok &= np.all(digits[:, 2:] <= 9, axis=1)  # noqa: PLR2004
        value = digits.astype(np.int64)

        def number(first: int, count: int) -> np.ndarray:
            out = np.zeros(len(numbers), dtype=np.int64)
            for position in range(first, first + count):
                out = out * 10 + value[:, position]
            return out

        real, _ = calendar_days(number(2, 4), number(6, 2), number(8, 2))
        ok &= real & (number(10, 3) > 0)
        return ok

    def _number_ok(self, text: str) -> bool:
        match = _NUMBER.fullmatch(text)
        if match is None or match[4] == "000":
            return False
        day = text[2:10]
        known = self._days.get(day)
        if known is None:
            try:
                date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                known = False
            else:
                known = True
            self._days[day] = known
        return known

    def _values(self, name: str, cells: list[str] | None, mask: np.ndarray) -> list[Any]:
        """Each cell's value as the record holds it (checked once per distinct cell).

        Rows whose cell the record refuses are taken out of ``mask``.
        """
        import numpy as np  # noqa: PLC0415

        if cells is None:
            return [None] * len(mask)
        ok, value = self._checked[name]
        for cell in set(cells) - ok.keys():
            ok[cell], found = _field_value(name, cell)
            # the customer is written out: its text is kept, as the row path prints it
            value[cell] = str(found) if name == "customer" and found is not None else found
        mask &= np.fromiter(map(ok.__getitem__, cells), dtype=bool, count=len(cells))
        return list(map(value.__getitem__, cells))

    def _consistent(
        self, chunk: Chunk, times: dict[str, Times], values: dict[str, list[Any]]
    ) -> np.ndarray:
        """Rows that keep the record's cross-field rules, and were submitted by now."""
        import numpy as np  # noqa: PLC0415

        def filled(name: str, rows: np.ndarray) -> np.ndarray:
            # read only where a rule needs the text: closed and postponed rows
            out = np.zeros(len(rows), dtype=bool)
            cells = chunk.column(name)
            if cells is not None and rows.any():
                picked = np.flatnonzero(rows)
                out[picked] = _filled([cells[i] for i in picked.tolist()])
            return out

        at = {name: column.instants for name, column in times.items()}
        ok: np.ndarray = (at["submitted_at"] != NAT) & (at["submitted_at"] <= self.now)
        for later, earlier in _later_than():
            both = (at[later] != NAT) & (at[earlier] != NAT)
            ok &= ~both | (at[later] >= at[earlier])
        status = np.array([str(s) if s is not None else "" for s in values["status"]])
        closed = status == str(TicketStatus.CLOSED)
        postponed = status == str(TicketStatus.POSTPONED)
        ok &= ~closed | (filled("resolution", closed) & (at["resolved_at"] != NAT))
        ok &= ~postponed | (
            filled("postpone_reason", postponed) & (at["expected_resolution_at"] != NAT)
        )
        scored = np.array([v is not None for v in values["satisfaction"]], dtype=bool)
        ok &= (at["satisfaction_at"] == NAT) | scored
        ok &= ~scored | (at["resolved_at"] != NAT)
        # joint handling needs its triggers, a list no CSV cell holds
        ok &= ~np.array([v is True for v in values["joint_handling"]], dtype=bool)
        return ok

    def _measure(self, rows: _Picked, cells: dict[str, list[str]]) -> None:
        """Fill ``cells`` for the picked rows, a column at a time."""
        import numpy as np  # noqa: PLC0415

        from salescare.frame.sla import _measure  # noqa: PLC0415 - the frame's own kernel

        chosen, times, values = rows.chosen, rows.times, rows.values
        picked = chosen.tolist()
        level = np.array([_LEVEL_CODE[values["level"][i]] for i in picked], dtype=np.int64)
        arrays: dict[str, Any] = {name: column.instants[chosen] for name, column in times.items()}
        arrays["number"] = np.array([rows.numbers[i] for i in picked], dtype=object)
        arrays["level"] = np.array(_LEVEL_TEXT, dtype=object)[level]
        arrays["joint_handling"] = np.zeros(len(picked), dtype=bool)
        score = [values["satisfaction"][i] for i in picked]
        arrays["satisfaction"] = np.array([np.nan if s is None else s for s in score], dtype=float)
        result = _measure(_TimesBatch(arrays, picked), self.now, self.policy, None, None)
        # STATUSES run met, running, paused, at risk, breached: a code is its severity
        codes = np.stack([result[f"{clock}_status"].codes for clock, _ in _CLOCKS])
        worst_code, worst_clock = codes.max(axis=0), codes.argmax(axis=0)
        labels = np.array([*STATUSES, ""], dtype=object)
        flagged = np.full(len(picked), "", dtype=object)
        for index, (clock, _) in enumerate(_CLOCKS):
            keys = np.array([self._key(clock, lv) for lv in _LEVEL_OR_NONE], dtype=object)
            marked = codes[index] >= _AT_RISK
            spaced = np.where(flagged[marked] == "", "", flagged[marked] + " ")
            flagged[marked] = spaced + keys[level[marked]]
        out = {
            "number": arrays["number"],
            "customer": np.array([values["customer"][i] for i in picked], dtype=object),
            "level": np.array([*_LEVEL_TEXT[:3], ""], dtype=object)[level],
            "status": np.array([_status_text(values["status"][i]) for i in picked], dtype=object),
            "response": labels[codes[1]],
            "resolution": labels[codes[2]],
            "worst": labels[worst_code],
            "flagged": flagged,
            "resolution_due": self._due_text(result, "resolution", times, chosen),
            "reason": self._reasons(
                result, times, chosen, level=level, worst_code=worst_code, worst_clock=worst_clock
            ),
        }
        whole = len(picked) == len(cells["number"])
        for name, column in out.items():
            if whole:
                cells[name] = column.tolist()
            else:
                spread = np.array(cells[name], dtype=object)
                spread[chosen] = column
                cells[name] = spread.tolist()

    @staticmethod
    def _due_text(
        result: dict[str, Any],
        clock: str,
        times: dict[str, Times],
        chosen: np.ndarray,
        among: np.ndarray | None = None,
    ) -> np.ndarray:
        """A clock's due times as the record's zone writes them ("" when not started).

        For the measured rows, or the ``among`` of them (a mask).
        """
        import numpy as np  # noqa: PLC0415

        due = result[f"{clock}_due"].instants
        offsets = times[dict(_CLOCKS)[clock]].offsets[chosen]
        if among is not None:
            due, offsets = due[among], offsets[among]
        text = np.full(due.size, "", dtype=object)
        has = due != NAT
        text[has] = iso_text(due[has], offsets[has])
        return text

    def _reasons(
        self,
        result: dict[str, Any],
        times: dict[str, Times],
        chosen: np.ndarray,
        *,
        level: np.ndarray,
        worst_code: np.ndarray,
        worst_clock: np.ndarray,
    ) -> np.ndarray:
        """The worst clock's reason, for rows whose worst is breached or at risk."""
        import numpy as np  # noqa: PLC0415

        reasons = np.full(level.size, "", dtype=object)
        for index, (clock, _) in enumerate(_CLOCKS):
            whats = [self._what(clock, lv) for lv in _LEVEL_OR_NONE]
            for code in (_AT_RISK, _BREACHED):
                mine = (worst_clock == index) & (worst_code == code)
                if not mine.any():
                    continue
                due = self._due_text(result, clock, times, chosen, mine).tolist()
                what = [whats[lv] for lv in level[mine].tolist()]
                if code == _AT_RISK:
                    reasons[mine] = [
                        translate(tr("at risk: {w}, due {d}", w=w, d=d), self.locale)
                        for w, d in zip(what, due, strict=True)
                    ]
                    continue
                late = _gaps(result[f"{clock}_overdue"][mine].astype(np.int64))
                reasons[mine] = [
                    translate(
                        tr(
                            "breached: {what}, {value} past due {due_at}", what=w, value=g, due_at=d
                        ),
                        self.locale,
                    )
                    for w, g, d in zip(what, late, due, strict=True)
                ]
        return reasons

    def _target(self, clock: str, level: Level | None) -> Any:
        policy = self.policy
        if clock in {"response", "resolution"}:
            if level is None:
                return None
            targets = policy.levels[level]
            return policy.target(targets.respond if clock == "response" else targets.resolve)
        attribute = {"assignment": "assign"}.get(clock, clock)
        return policy.target(getattr(policy, attribute))

    def _key(self, clock: str, level: Level | None) -> str:
        target = self._target(clock, level)
        return "" if target is None else str(target.key)

    def _what(self, clock: str, level: Level | None) -> str:
        target = self._target(clock, level)
        if target is None:
            return ""
        return target_words(target)


class _Picked(NamedTuple):
    """The rows of a chunk the kernel measures, and what was read from their cells."""

    chosen: np.ndarray
    times: dict[str, Times]
    values: dict[str, list[Any]]
    numbers: list[str]


class _TimesBatch(ArrayBatch):
    """A batch whose time columns are zoned instants (int64 microseconds since 1970 UTC)."""

    def instants(self, column: str) -> Any:
        """The column's instants, as read."""
        return self.numpy(column)

    def dtype(self, column: str) -> Any:
        """Zoned datetimes for the time columns, objects for the rest."""
        _, nw = modules()
        return nw.Datetime("us", "UTC") if column in _TIMES else nw.Object()


def _field_value(name: str, cell: str) -> tuple[bool, Any]:
    """``(True, value)`` when the record would hold ``cell`` as ``value`` in field ``name``."""
    value = cell.strip()
    if not value:
        return True, None
    field = _FIELDS[name]
    try:
        structured = converter.structure(value, field.type)  # type: ignore[arg-type]
        if field.validator is not None:
            field.validator(None, field, structured)
    except Exception:  # noqa: BLE001 - any refusal: the row path reports it
        return False, None
    return True, structured


def _given(value: Any) -> bool:
    return value is not None


def _filled(cells: list[str]) -> np.ndarray:
    """Cells holding something other than spaces (what the reader keeps as a value)."""
    import numpy as np  # noqa: PLC0415

    size = len(cells)
    some = np.fromiter(map(bool, cells), dtype=bool, count=size)
    spaces = np.fromiter(map(str.isspace, cells), dtype=bool, count=size)
    return some & ~spaces  # type: ignore[no-any-return]


def _gaps(overdue: np.ndarray) -> list[str]:
    """:func:`salescare.sla.clock._gap` of many microsecond counts (``"3 h 5 min"``, ``"40 s"``)."""
    import numpy as np  # noqa: PLC0415

    seconds = np.maximum(overdue, 0) // 1_000_000
    hours, minutes = (seconds // 3600).tolist(), (seconds % 3600 // 60).tolist()
    return [
        f"{h} h {m} min" if h else f"{m} min" if m else f"{s} s"
        for h, m, s in zip(hours, minutes, seconds.tolist(), strict=True)
    ]
