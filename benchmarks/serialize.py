"""100,000 fully populated tickets in and out: salescare against an equivalent pydantic v2 model.

Every ticket has every optional field (contact with phone and e-mail, level, assignee, sales
owner, joint handling with its trigger and times, first response, progress updates, expected
resolution, resolution or postponement, satisfaction, sync to sales and contact, pauses and a
history with details). Both sides read the same JSON-ready dicts and check the same things:
identifier formats (a ticket number's date is a real date), enum values, aware ISO datetimes,
scores 1-5, and the ticket's cross-field rules (every time not before the one it follows,
closed tickets with a resolution, postponed ones with a reason and new time, joint handling
with a trigger and a co-handler, satisfaction only after resolution, a collection time only
with a score, pauses ending after they start). Results are compared field by field first.

Four directions are timed: structure from dicts, structure from JSON text, dump to dicts (JSON
ready) and dump to JSON text. Run: ``python benchmarks/serialize.py [rows]``.
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

import attrs
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from salescare.models import Ticket
from salescare.models.tickets import _TICKET_ORDER as TICKET_ORDER
from salescare.serialize import from_dict, from_json, to_dict, to_json

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
REPEATS = 5


def _real_day(number: str) -> str:
    date(int(number[2:6]), int(number[6:8]), int(number[8:10]))  # raises on 2024-02-30
    if number[10:] == "000":
        raise ValueError("serials start at 1")
    return number


TicketNumber = Annotated[str, Field(pattern=r"^FW\d{8}\d{3}$"), AfterValidator(_real_day)]
CustomerId = Annotated[
    str, Field(pattern=r"^(CUS\d{8}\d{3}|[A-Z]{2,4}-[A-Z0-9]{2,6}-\d{4}-\d{3,})$")
]
StaffId = Annotated[str, Field(pattern=r"^[A-Z]\d{4}$")]
Score = Annotated[int, Field(ge=1, le=5, strict=True)]
Text = Annotated[str, Field(min_length=1)]


class PLevel(StrEnum):
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"


class PStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"
    POSTPONED = "postponed"


class PContact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Text
    title: str = ""
    phone: Annotated[str, Field(pattern=r"^\+?[\d\s\-()]+$")] | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")] | None = None
    is_primary: bool = False
    is_decision_maker: bool = False


class PProgress(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    at: AwareDatetime
    note: Text
    by: str = ""
    new_due_on: date | None = None
    reason: str = ""

    @model_validator(mode="after")
    def _reason_for_new_date(self) -> Self:
        if self.new_due_on is not None and not self.reason.strip():
            raise ValueError("a new date needs a reason")
        return self


class PPause(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    start: AwareDatetime
    end: AwareDatetime | None = None
    reason: str = ""

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise ValueError("end before start")
        return self


class PHistory(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    at: AwareDatetime
    actor: Text
    event: Text
    note: str = ""
    details: tuple[tuple[str, str], ...] = ()


class PTicket(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    number: TicketNumber
    customer: CustomerId
    customer_name: Text
    description: Text
    submitted_at: AwareDatetime
    contact: PContact | None = None
    level: PLevel | None = None
    triaged_at: AwareDatetime | None = None
    assignee: StaffId | None = None
    assigned_at: AwareDatetime | None = None
    urgent: bool = False
    sales_owner: StaffId | None = None
    sales_promise: bool = False
    joint_handling: bool = False
    joint_triggers: tuple[Literal["beyond_scope", "upset_customer", "cross_department"], ...] = ()
    joint_triggered_at: AwareDatetime | None = None
    joint_meeting_at: AwareDatetime | None = None
    first_response_at: AwareDatetime | None = None
    progress: tuple[PProgress, ...] = ()
    expected_resolution_at: AwareDatetime | None = None
    postpone_reason: str = ""
    status: PStatus = PStatus.PENDING
    resolution: str = ""
    resolved_at: AwareDatetime | None = None
    satisfaction: Score | None = None
    satisfaction_at: AwareDatetime | None = None
    sales_suggestion: str = ""
    synced_to_sales_at: AwareDatetime | None = None
    sales_contacted_at: AwareDatetime | None = None
    low_rating_at: AwareDatetime | None = None
    appeased_at: AwareDatetime | None = None
    reopened_at: AwareDatetime | None = None
    pauses: tuple[PPause, ...] = ()
    history: tuple[PHistory, ...] = ()

    @model_validator(mode="after")
    def _cross_field(self) -> Self:
        problems = [
            later
            for later, earlier in TICKET_ORDER.pairs  # the same pairs the record keeps
            if getattr(self, later) is not None
            and getattr(self, earlier) is not None
            and getattr(self, later) < getattr(self, earlier)
        ]
        problems += [
            f"progress[{i}]" for i, p in enumerate(self.progress) if p.at < self.submitted_at
        ]
        if self.satisfaction_at is not None and self.satisfaction is None:
            problems.append("satisfaction_at")
        if self.status is PStatus.CLOSED and (not self.resolution.strip() or not self.resolved_at):
            problems.append("closed")
        if self.status is PStatus.POSTPONED and (
            not self.postpone_reason.strip() or not self.expected_resolution_at
        ):
            problems.append("postponed")
        if self.satisfaction is not None and self.resolved_at is None:
            problems.append("satisfaction")
        if self.joint_handling and (not self.joint_triggers or self.sales_owner is None):
            problems.append("joint")
        if problems:
            raise ValueError(", ".join(problems))
        return self


def make_rows(count: int, seed: int = 20240515) -> list[dict[str, Any]]:
    """Fully populated tickets: every optional field, progress, pauses, history."""
    rng = random.Random(seed)
    zones = [UTC, timezone(timedelta(hours=8))]
    rows = []
    for index in range(count):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
        submitted = datetime(
            day.year,
            day.month,
            day.day,
            rng.randrange(24),
            rng.randrange(60),
            tzinfo=rng.choice(zones),
        )

        def later(minutes: int, after: datetime = submitted) -> datetime:
            return after + timedelta(minutes=rng.randrange(1, minutes))

        triaged = later(30)
        assigned = later(60, triaged)
        triggered = later(120)
        resolved = later(3000, triggered)
        synced = later(600, resolved)
        status = rng.choice(["closed", "closed", "postponed"])
        row: dict[str, Any] = {
            "number": f"FW{day:%Y%m%d}{index % 999 + 1:03d}",
            "customer": rng.choice(["CUS20240515001", "HZ-IT-2024-001", "SH-RET-2023-117"]),
            "customer_name": rng.choice(["科技有限公司", "Lake Tech", "上海优选零售连锁"]),
            "description": "系统导出报表时，部分数据字段显示异常",
            "submitted_at": submitted.isoformat(),
            "contact": {
                "name": "赵六",
                "title": "采购经理",
                "phone": "13812345678",
                "email": "zhao.liu@example.com",
                "is_primary": True,
                "is_decision_maker": rng.random() < 0.5,
            },
            "level": rng.choice(["L1", "L2", "L3"]),
            "triaged_at": triaged.isoformat(),
            "assignee": f"A{rng.randrange(10000):04d}",
            "assigned_at": assigned.isoformat(),
            "urgent": rng.random() < 0.5,
            "sales_owner": "S0123",
            "sales_promise": rng.random() < 0.3,
            "joint_handling": True,
            "joint_triggers": ["upset_customer"],
            "joint_triggered_at": triggered.isoformat(),
            "joint_meeting_at": later(60, triggered).isoformat(),
            "first_response_at": later(120).isoformat(),
            "progress": [
                {
                    "at": (submitted + timedelta(hours=h)).isoformat(),
                    "note": "定位中",
                    "by": "A0045",
                }
                for h in range(3)
            ],
            "expected_resolution_at": (submitted + timedelta(days=2)).isoformat(),
            # TK-15: rated low once, appeased, reopened, then handled again
            "low_rating_at": (submitted + timedelta(minutes=1)).isoformat(),
            "appeased_at": (submitted + timedelta(minutes=1)).isoformat(),
            "reopened_at": (submitted + timedelta(minutes=1)).isoformat(),
            "status": status,
            "sales_suggestion": "建议下季度回访",
            "pauses": [
                {
                    "start": later(200).isoformat(),
                    "end": later(400, submitted + timedelta(minutes=200)).isoformat(),
                    "reason": "等待客户数据",
                }
            ],
            "history": [
                {
                    "at": triaged.isoformat(),
                    "actor": "A0001",
                    "event": "triage",
                    "details": [["level", "L2"]],
                },
                {
                    "at": assigned.isoformat(),
                    "actor": "A0001",
                    "event": "assign",
                    "details": [["assignee", "A0045"]],
                },
                {"at": resolved.isoformat(), "actor": "A0045", "event": "close"},
            ],
        }
        if status == "closed":
            row |= {
                "resolution": "补丁已上线",
                "resolved_at": resolved.isoformat(),
                "satisfaction": rng.randrange(1, 6),
                "satisfaction_at": later(600, resolved).isoformat(),
                "synced_to_sales_at": synced.isoformat(),
                "sales_contacted_at": later(600, synced).isoformat(),
            }
        else:
            row |= {"postpone_reason": "等待客户数据"}
        rows.append(row)
    return rows


def check_agreement(ours: list[Ticket], theirs: list[PTicket]) -> None:
    for mine, peer in zip(ours, theirs, strict=True):
        assert str(mine.number) == peer.number
        assert str(mine.customer) == peer.customer
        assert mine.submitted_at == peer.submitted_at
        assert (mine.level.value if mine.level else None) == (
            peer.level.value if peer.level else None
        )
        assert mine.status.value == peer.status.value
        assert mine.satisfaction == peer.satisfaction
        assert mine.resolved_at == peer.resolved_at
        assert len(mine.progress) == len(peer.progress)
        assert mine.joint_handling == peer.joint_handling


def median_seconds(run: Callable[[], object]) -> float:
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def report(what: str, ours: float, peer: float) -> None:
    print(
        f"{what:<38} salescare {ours / ROWS * 1e6:6.2f} µs/ticket  pydantic v2 "
        f"{peer / ROWS * 1e6:6.2f} µs/ticket  ratio {ours / peer:5.2f}× (target ≤ 1.00×)"
    )


def main() -> None:
    rows = make_rows(ROWS)
    texts = [json.dumps(row, ensure_ascii=False) for row in rows]
    ours = [from_dict(Ticket, row) for row in rows]
    theirs = [PTicket.model_validate(row) for row in rows]
    check_agreement(ours, theirs)
    assert [from_json(Ticket, text) for text in texts[:100]] == ours[:100]
    bad = rows[0] | {"level": "L4", "number": "FW20240230001"}
    for reader in (lambda: from_dict(Ticket, bad), lambda: PTicket.model_validate(bad)):
        try:
            reader()
        except ValueError:
            pass
        else:
            raise AssertionError("both sides must refuse a bad row")

    print(f"{ROWS:,} fully populated tickets, median of {REPEATS} runs")
    report(
        "structure from dicts",
        median_seconds(lambda: [from_dict(Ticket, row) for row in rows]),
        median_seconds(lambda: [PTicket.model_validate(row) for row in rows]),
    )
    report(
        "structure from JSON text",
        median_seconds(lambda: [from_json(Ticket, text) for text in texts]),
        median_seconds(lambda: [PTicket.model_validate_json(text) for text in texts]),
    )
    report(
        "dump to dicts (JSON-ready)",
        median_seconds(lambda: [to_dict(ticket) for ticket in ours]),
        median_seconds(lambda: [ticket.model_dump(mode="json") for ticket in theirs]),
    )
    report(
        "dump to JSON text",
        median_seconds(lambda: [to_json(ticket, compact=True) for ticket in ours]),
        median_seconds(lambda: [ticket.model_dump_json() for ticket in theirs]),
    )
    construct_and_memory(ours, theirs, rows)


def construct_and_memory(ours: list[Ticket], theirs: list[PTicket], rows: list[Any]) -> None:
    """Ticket(...) from typed values (validators and checks, no conversion); and the memory a
    record holds, every value included: tracemalloc over reading the same rows."""
    fields = [{a.name: getattr(t, a.name) for a in attrs.fields(Ticket)} for t in ours]
    rebuilt = median_seconds(lambda: [Ticket(**values) for values in fields])
    peer_fields = [dict(p) for p in theirs]
    peer = median_seconds(lambda: [PTicket(**values) for values in peer_fields])
    print(
        f"{'Ticket(...) from typed values':<38} salescare {rebuilt / ROWS * 1e6:6.2f} µs/ticket  "
        f"pydantic v2 {peer / ROWS * 1e6:6.2f} µs/ticket  (target ≤ 15 µs)"
    )
    count = min(ROWS, 5_000)
    for name, build in (
        ("salescare", lambda: [from_dict(Ticket, row) for row in rows[:count]]),
        ("pydantic v2", lambda: [PTicket.model_validate(row) for row in rows[:count]]),
    ):
        gc.collect()
        tracemalloc.start()
        kept = build()
        size, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  memory held per ticket, {name:<11} {size / count:8,.0f} B ({len(kept):,} read)")


if __name__ == "__main__":
    main()
