"""Structure 100,000 ticket dicts: salescare's converter against an equivalent pydantic v2 model.

Both sides read the same JSON-ready dicts and check the same things: identifier formats,
enum values, aware ISO datetimes, scores 1-5, and the ticket's cross-field rules (timestamps not
before submission, closed tickets with a resolution, postponed ones with a reason and new time,
joint handling with a trigger and a co-handler, satisfaction only after resolution). Results are
compared field by field before timing. Run: ``python benchmarks/serialize.py [rows]``.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from salescare.models import Ticket
from salescare.serialize import from_dict

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
REPEATS = 5

TicketNumber = Annotated[str, Field(pattern=r"^FW\d{8}\d{3}$")]
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


class PPause(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    start: AwareDatetime
    end: AwareDatetime | None = None
    reason: str = ""


class PHistory(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    at: AwareDatetime
    actor: Text
    event: Text
    note: str = ""


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
    pauses: tuple[PPause, ...] = ()
    history: tuple[PHistory, ...] = ()

    @model_validator(mode="after")
    def _cross_field(self) -> Self:
        problems = []
        for name in (
            "triaged_at",
            "assigned_at",
            "first_response_at",
            "joint_meeting_at",
            "resolved_at",
        ):
            value = getattr(self, name)
            if value is not None and value < self.submitted_at:
                problems.append(name)
        problems += [
            f"progress[{i}]" for i, p in enumerate(self.progress) if p.at < self.submitted_at
        ]
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
        status = rng.choice(["pending", "in_progress", "closed", "postponed"])
        row: dict[str, Any] = {
            "number": f"FW{day:%Y%m%d}{index % 999 + 1:03d}",
            "customer": rng.choice(["CUS20240515001", "HZ-IT-2024-001", "SH-RET-2023-117"]),
            "customer_name": rng.choice(["科技有限公司", "Lake Tech", "上海优选零售连锁"]),
            "description": "系统导出报表时，部分数据字段显示异常",
            "submitted_at": submitted.isoformat(),
            "level": rng.choice(["L1", "L2", "L3"]),
            "triaged_at": (triaged := submitted + timedelta(minutes=rng.randrange(30))).isoformat(),
            "assignee": f"A{rng.randrange(10000):04d}",
            "assigned_at": (triaged + timedelta(minutes=rng.randrange(60))).isoformat(),
            "urgent": rng.random() < 0.5,
            "status": status,
            "contact": {"name": "赵六", "title": "采购经理", "phone": "13812345678"},
            "progress": [
                {"at": (submitted + timedelta(hours=h)).isoformat(), "note": "定位中"}
                for h in range(rng.randrange(3))
            ],
        }
        if status == "closed":
            resolved = submitted + timedelta(hours=rng.randrange(1, 30))
            row |= {
                "resolution": "补丁已上线",
                "resolved_at": resolved.isoformat(),
                "satisfaction": rng.randrange(1, 6),
            }
        if status == "postponed":
            row |= {
                "postpone_reason": "等待客户数据",
                "expected_resolution_at": (submitted + timedelta(days=2)).isoformat(),
            }
        if rng.random() < 0.1:
            row |= {
                "joint_handling": True,
                "joint_triggers": ["upset_customer"],
                "sales_owner": "S0123",
            }
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


def main() -> None:
    rows = make_rows(ROWS)
    ours = [from_dict(Ticket, row) for row in rows]
    theirs = [PTicket.model_validate(row) for row in rows]
    check_agreement(ours, theirs)
    bad = rows[0] | {"level": "L4", "number": "FW20240230001"}
    for reader in (lambda: from_dict(Ticket, bad), lambda: PTicket.model_validate(bad)):
        try:
            reader()
        except ValueError:
            pass
        else:
            raise AssertionError("both sides must refuse a bad row")

    ours_s = median_seconds(lambda: [from_dict(Ticket, row) for row in rows])
    peer_s = median_seconds(lambda: [PTicket.model_validate(row) for row in rows])
    per_ours = ours_s / ROWS * 1e6
    per_peer = peer_s / ROWS * 1e6
    print(
        f"structure {ROWS:,} tickets: salescare {per_ours:.2f} µs/row, "
        f"pydantic v2 {per_peer:.2f} µs/row, ratio {ours_s / peer_s:.2f}× "
        f"(target ≤ 2.00×)"
    )


if __name__ == "__main__":
    main()
