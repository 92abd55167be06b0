"""Build the bundled sample book (src/salescare/data/sample_book.json) from a fixed seed.

A small fictional company, 湖畔机电 (Lakeside Machinery): about 50 customers, 200 tickets,
follow-ups, revisits, feedback, complaints, surveys, opportunities, handovers and a departing
rep, as of Monday 17 June 2024, 09:00 Shanghai time. The three handovers and seven tickets of
``sample_book_base.json`` are hand-written (they show specific gaps and breaches); the rest is
drawn from ``random.Random(SEED)`` and built through the record classes, so every record is
valid by construction. A test checks the bundled file is exactly this script's output.

Run: ``python scripts/make_sample_book.py`` (rewrites the bundled file).
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from salescare.grading import grade_customer
from salescare.ids import CustomerCode, FeedbackNo, StaffNo, TicketNo
from salescare.models import (
    CompanySize,
    Complaint,
    ComplaintStatus,
    Contact,
    ContactMode,
    Customer,
    Departure,
    DepartureItem,
    DepartureStatus,
    DutyLog,
    Feedback,
    FeedbackCategory,
    FeedbackChannel,
    FeedbackStatus,
    FeedbackType,
    FollowUp,
    Grade,
    HistoryEntry,
    Level,
    Mood,
    Opportunity,
    OpportunityStage,
    Revisit,
    SatisfactionSurvey,
    ServiceTier,
    Ticket,
    TicketStatus,
)
from salescare.serialize import from_dict, to_dict

SEED = 20240617
SH = ZoneInfo("Asia/Shanghai")
AS_OF = datetime(2024, 6, 17, 9, 0, tzinfo=SH)
HERE = Path(__file__).resolve().parent
TARGET = HERE.parent / "src" / "salescare" / "data" / "sample_book.json"

CITIES = [
    ("HZ", "杭州"),
    ("NB", "宁波"),
    ("SZ", "苏州"),
    ("SH", "上海"),
    ("NJ", "南京"),
    ("WX", "无锡"),
]
WORDS = [
    "精工",
    "华鑫",
    "瑞丰",
    "恒达",
    "远航",
    "汇通",
    "启明",
    "博远",
    "新锐",
    "同创",
    "嘉禾",
    "天成",
]
INDUSTRIES = [
    ("MFG", "制造业-汽车零部件", "汽车零部件有限公司"),
    ("IT", "信息技术", "电子科技有限公司"),
    ("FD", "食品加工", "食品有限公司"),
    ("LG", "物流仓储", "物流有限公司"),
    ("MD", "医疗器械", "医疗器械有限公司"),
]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明"]
TITLES = ["采购经理", "总经理", "技术总监", "设备主管", "财务经理"]
PROBLEMS = [
    "设备运行时报警代码E21，产线停机",
    "导出报表金额与系统不一致",
    "新员工不会操作换型流程",
    "传感器读数偶发跳变",
    "远程监控页面加载缓慢",
    "备件交付延迟，影响检修计划",
    "打印标签错位",
    "升级后部分参数丢失",
]
SALES = [StaffNo.parse(s) for s in ("S0101", "S0102", "S0103", "S0104", "S0105", "S0106")]
TEAMS = {
    "S0101": "east",
    "S0102": "east",
    "S0103": "east",
    "S0104": "west",
    "S0105": "west",
    "S0106": "west",
}
ENGINEERS = [StaffNo.parse(s) for s in ("A0201", "A0202", "A0203", "A0204")]
AMOUNTS = [
    Decimal(a)
    for a in (
        "820000",
        "500000",
        "499999.99",
        "350000",
        "200000",
        "186000",
        "120000",
        "96000",
        "50000",
        "49999.99",
        "30000",
        "8000",
        "12500",
    )
]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SH)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN])


def customers(rng: random.Random) -> list[Customer]:
    found = []
    serials: dict[tuple[str, str], int] = {}
    for index in range(50):
        region, city = CITIES[index % len(CITIES)]
        code, industry, suffix = INDUSTRIES[rng.randrange(len(INDUSTRIES))]
        serials[region, code] = serials.get((region, code), 0) + 1
        amount = rng.choice(AMOUNTS) if index % 3 else Decimal(rng.randrange(5_000, 600_000))
        potential = rng.choices([1, 2, 3, 4, 5], weights=[2, 4, 4, 2, 1])[0]
        owner = SALES[index % len(SALES)]
        since = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 1200))
        paused = index in {17, 41}
        grade = grade_customer(amount, potential).grade
        if index % 8 == 5:
            # last quarter's purchases were different: the recorded grade is out of date (GR-5)
            grade = grade_customer(amount * Decimal("2.5"), potential).grade
        found.append(
            Customer(
                number=CustomerCode(
                    region=region, industry=code, year=since.year, serial=serials[region, code]
                ),
                name=f"{city}{WORDS[index % len(WORDS)]}{suffix}",
                industry=industry,
                size=rng.choice(list(CompanySize)),
                region=region,
                team=TEAMS[str(owner)],
                sales_owner=owner,
                after_sales_owner=ENGINEERS[index % len(ENGINEERS)],
                cooperation_since=since,
                grade=grade,
                # graded at the quarter's start; an out-of-date grade dates from last quarter
                graded_at=at(date(2024, 1, 2) if index % 8 == 5 else date(2024, 4, 1), 10),
                tier=ServiceTier.VIP if grade is Grade.A or index % 9 == 0 else ServiceTier.NORMAL,
                annual_purchases=amount,
                potential=potential,
                budget=Decimal(rng.randrange(50, 900) * 1000),
                main_business=industry,
                contacts=(
                    Contact(
                        name=person(rng),
                        title=rng.choice(TITLES),
                        phone=f"13{rng.randrange(100000000, 999999999)}",
                        is_primary=True,
                        is_decision_maker=rng.random() < 0.5,
                    ),
                ),
                paused=paused,
                pause_remark="客户表示暂时不需要，下季度再联系" if paused else "",
                paused_at=at(date(2024, 3, 11) if index == 17 else date(2024, 5, 20), 15)
                if paused
                else None,
            )
        )
    return found


def tickets(
    rng: random.Random, book: list[Customer], first_serials: dict[date, int]
) -> list[Ticket]:
    found = []
    for _ in range(193):
        customer = rng.choice(book)
        submitted = AS_OF - timedelta(minutes=rng.randrange(20, 80 * 24 * 60))
        submitted = submitted.replace(second=0, microsecond=0)
        day = submitted.date()
        first_serials[day] = first_serials.get(day, 0) + 1
        level = rng.choices(list(Level), weights=[2, 5, 3])[0]
        limit = {Level.L1: 4, Level.L2: 8, Level.L3: 24}[level]
        triaged = submitted + timedelta(minutes=rng.randrange(3, 25))
        assigned = triaged + timedelta(minutes=rng.randrange(5, 40))
        responded = submitted + timedelta(minutes=rng.randrange(15, limit * 40))
        took = timedelta(minutes=rng.randrange(30, int(limit * 60 * 1.6)))
        resolved = submitted + took
        fields: dict[str, Any] = {
            "number": TicketNo(day=day, serial=first_serials[day]),
            "customer": customer.number,
            "customer_name": customer.name,
            "description": rng.choice(PROBLEMS),
            "submitted_at": submitted,
            "level": level,
            "triaged_at": min(triaged, AS_OF),
            "sales_owner": customer.sales_owner,
        }
        if assigned < AS_OF:
            fields |= {"assignee": customer.after_sales_owner, "assigned_at": assigned}
        if responded < AS_OF:
            fields["first_response_at"] = max(responded, triaged)
        old = submitted < AS_OF - timedelta(days=7)
        if resolved < AS_OF - timedelta(hours=2) and rng.random() < (0.97 if old else 0.7):
            resolved = max(
                resolved,
                fields.get("first_response_at", triaged),
                fields.get("assigned_at", triaged),
            )
            satisfied = resolved + timedelta(hours=rng.randrange(1, 20))
            fields |= {
                "status": TicketStatus.CLOSED,
                "resolution": "已远程处理并回访确认",
                "resolved_at": resolved,
            }
            # TK-8: the engineer syncs the result to sales, who calls the customer; one ticket
            # in ten is synced a day late
            late = fields["number"].serial % 10 == 0
            synced = resolved + timedelta(hours=30 if late else 2)
            if synced < AS_OF:
                fields["synced_to_sales_at"] = synced
                if synced + timedelta(hours=20) < AS_OF:
                    fields["sales_contacted_at"] = synced + timedelta(hours=20)
            if satisfied < AS_OF:
                fields |= {
                    "satisfaction": rng.choices([5, 4, 3, 2], weights=[4, 5, 2, 1])[0],
                    "satisfaction_at": satisfied,
                }
        elif "assigned_at" in fields:
            fields["status"] = TicketStatus.IN_PROGRESS
        found.append(Ticket(**fields))
    return found


def follow_ups(rng: random.Random, book: list[Customer]) -> list[FollowUp]:
    found = []
    for index, customer in enumerate(book):
        gap = {Grade.A: 9, Grade.B: 6, Grade.C: 13, Grade.D: 40}[customer.grade or Grade.D]
        moment = AS_OF - timedelta(days=90)
        while True:
            moment += timedelta(days=max(1, int(rng.gauss(gap, gap / 3))), hours=rng.randrange(8))
            if index % 7 == 3 and moment > AS_OF - timedelta(days=30):
                break  # a few customers were let slip in the last month
            if moment >= AS_OF:
                break
            found.append(
                FollowUp(
                    customer=customer.number,
                    at=moment.replace(minute=0, second=0, microsecond=0),
                    by=customer.sales_owner or SALES[0],
                    mode=rng.choice([ContactMode.PHONE, ContactMode.VISIT, ContactMode.EMAIL]),
                    duration_minutes=rng.randrange(10, 60),
                    summary="了解使用情况与新需求",
                    mood=rng.choice(list(Mood)),
                    deep=rng.random() < 0.7,
                )
            )
    return found


def revisits(rng: random.Random, book: list[Customer]) -> list[Revisit]:
    found = []
    for customer in rng.sample(book, 30):
        moment = at(AS_OF.date() - timedelta(days=rng.randrange(2, 75)), rng.choice([10, 14, 15]))
        need = rng.choice(["", "", "希望增加一条产线的监控", "需要操作培训"])
        found.append(
            Revisit(
                customer=customer.number,
                customer_name=customer.name,
                tier=customer.tier,
                at=moment,
                mode=ContactMode.PHONE,
                visitor=customer.sales_owner or SALES[0],
                duration_minutes=rng.randrange(8, 20),
                summary="季度回访",
                satisfaction=rng.choices([5, 4, 3, 2], weights=[3, 5, 2, 1])[0],
                need=need,
            )
        )
    return found


def feedback(rng: random.Random, book: list[Customer]) -> list[Feedback]:
    found = []
    for serial in range(1, 31):
        customer = rng.choice(book)
        collected = AS_OF - timedelta(days=rng.randrange(1, 70), hours=rng.randrange(8))
        kind = rng.choice(list(FeedbackType))
        fields: dict[str, Any] = {
            "number": FeedbackNo(day=collected.date(), serial=serial),
            "customer": customer.number,
            "customer_name": customer.name,
            "type": kind,
            "content": rng.choice(
                ["希望报表支持按班次导出", "备件价格偏高", "工程师响应很快", "希望提供英文界面"]
            ),
            "channel": rng.choice(list(FeedbackChannel)),
            "submitter": person(rng),
            "collected_at": collected,
        }
        if rng.random() < 0.7:
            category = rng.choice(list(FeedbackCategory))
            if category is FeedbackCategory.SALES_OPPORTUNITY:
                fields |= {"value_estimate": Decimal(80_000), "competition_risk": False}
            fields |= {
                "category": category,
                "classified_at": collected + timedelta(hours=rng.randrange(1, 30)),
                "status": FeedbackStatus.CLASSIFIED,
            }
            if serial % 2 == 0:  # FB-5: half the classified items are evaluated
                fields["evaluated_at"] = fields["classified_at"] + timedelta(hours=30)
        found.append(Feedback(**fields))
    return found


def complaints(rng: random.Random, book: list[Customer]) -> list[Complaint]:
    found = []
    for _ in range(8):
        customer = rng.choice(book)
        received = AS_OF - timedelta(days=rng.randrange(3, 60))
        solved = rng.random() < 0.6
        found.append(
            Complaint(
                customer=customer.number,
                received_at=received,
                category=rng.choice(["交付延迟", "服务态度", "产品质量"]),
                description="客户对处理进度不满意",
                status=ComplaintStatus.RESOLVED if solved else ComplaintStatus.INVESTIGATING,
                acknowledged_at=received + timedelta(hours=2),
                resolved_at=received + timedelta(days=2) if solved else None,
            )
        )
    return found


def surveys(rng: random.Random, book: list[Customer]) -> list[SatisfactionSurvey]:
    return [
        SatisfactionSurvey(
            customer=customer.number,
            at=at(date(2024, 4, 1) + timedelta(days=rng.randrange(0, 75)), 11),
            response_speed=rng.choices([5, 4, 3, 2], weights=[3, 5, 2, 1])[0],
            resolution_effect=rng.choices([5, 4, 3, 2], weights=[3, 5, 2, 1])[0],
            service_attitude=rng.choices([5, 4, 3, 2], weights=[4, 5, 1, 1])[0],
        )
        for customer in book
        if rng.random() < 0.8
    ]


def opportunities(rng: random.Random, book: list[Customer]) -> list[Opportunity]:
    found = []
    stages = [
        OpportunityStage.NEGOTIATION,
        OpportunityStage.PROPOSAL,
        OpportunityStage.FOLLOWING,
        OpportunityStage.DELIVERY,
        OpportunityStage.NEGOTIATION,
        OpportunityStage.DELIVERY,
    ]
    for stage, customer in zip(stages, rng.sample(book, len(stages)), strict=True):
        since = AS_OF - timedelta(days=rng.randrange(2, 12), hours=3)
        delivered = since if stage is OpportunityStage.DELIVERY else None
        found.append(
            Opportunity(
                customer=customer.number,
                title="产线监控系统扩容",
                owner=customer.sales_owner or SALES[0],
                stage=stage,
                amount=Decimal(rng.randrange(10, 80) * 10_000),
                delivered_at=delivered,
                history=(HistoryEntry(at=since, actor=str(customer.sales_owner), event="advance"),),
            )
        )
    return found


def departure(book: list[Customer]) -> Departure:
    leaving = SALES[5]
    theirs = [c for c in book if c.sales_owner == leaving][:4]
    return Departure(
        rep=leaving,
        successor=SALES[4],
        noticed_at=at(date(2024, 6, 3), 9),
        items=tuple(
            DepartureItem(
                customer=c.number,
                grade=c.grade,
                progress="正常维护",
                key_contacts=tuple(p.name for p in c.contacts),
            )
            for c in theirs
        ),
        status=DepartureStatus.APPROVED,
        submitted_at=at(date(2024, 6, 5), 17),
        approved_by=StaffNo.parse("S0100"),
        approved_at=at(date(2024, 6, 6), 10),
    )


def handover_customers(base: dict[str, Any]) -> list[Customer]:
    """The customers of the hand-written handovers, so every record has its customer."""
    return [
        from_dict(
            Customer,
            {
                "number": form["customer"],
                "name": form["customer_name"],
                "industry": form["industry"],
                "size": form["size"],
                "team": "east",
                "sales_owner": form["sales_owner"],
                "after_sales_owner": form.get("after_sales_owner"),
                "cooperation_since": form["signed_on"],
                "annual_purchases": form["contract_amount"],
                "potential": 4,
                "grade": str(grade_customer(form["contract_amount"], 4).grade),
                "contacts": form["contacts"],
            },
        )
        for form in base["handovers"]
    ]


def usage_reports(rng: random.Random, book: list[Customer]) -> list[dict[str, Any]]:
    """DV-4's half-yearly reports: most long-term customers got one in the last six months."""
    found = []
    for customer in book:
        since = customer.cooperation_since
        if since is None or since > date(2023, 6, 17) or rng.random() < 0.15:
            continue
        sent = at(AS_OF.date() - timedelta(days=rng.randrange(10, 170)), 16)
        found.append({"customer": str(customer.number), "sent": [sent.isoformat()]})
    return found


def build() -> dict[str, Any]:
    rng = random.Random(SEED)
    base = json.loads((HERE / "sample_book_base.json").read_text("utf-8"))
    book = customers(rng)
    serials: dict[date, int] = {}
    for ticket in base["tickets"]:
        day = date.fromisoformat(
            ticket["number"][2:6] + "-" + ticket["number"][6:8] + "-" + ticket["number"][8:10]
        )
        serials[day] = max(serials.get(day, 0), int(ticket["number"][10:]))
    sales_facts = [
        {
            "customer": str(c.number),
            "relationship": str(Decimal(rng.choice([25, 30, 35, 38, 40, 42, 45, 48, 50])) / 10),
            "renewal_rate": rng.choice([None, "1", "0.5", "0"]),
            "upsell_amount": str(rng.randrange(0, 40) * 10_000),
        }
        for c in book
    ]
    return {
        "company": "湖畔机电 (Lakeside Machinery, fictional)",
        "as_of": AS_OF.isoformat(),
        "customers": to_dict(handover_customers(base) + book),
        "sales_facts": sales_facts,
        "handovers": base["handovers"],
        "tickets": base["tickets"] + to_dict(tickets(rng, book, serials)),
        "follow_ups": to_dict(follow_ups(rng, book)),
        "revisits": to_dict(revisits(rng, book)),
        "feedback": to_dict(feedback(rng, book)),
        "complaints": to_dict(complaints(rng, book)),
        "surveys": to_dict(surveys(rng, book)),
        "opportunities": to_dict(opportunities(rng, book)),
        "departures": [to_dict(departure(book))],
        "usage_reports": usage_reports(rng, book),
        "duty_log": to_dict(duty_log()),
    }


def duty_log() -> list[DutyLog]:
    """The periodic duties done before the Monday (CO-1, CO-2, FU-8, HL-3, FB-11).

    Friday's stand-up was not logged and May's need sync to after-sales was never sent, so
    the report shows both overdue.
    """
    supervisor = StaffNo.parse("S0001")
    done = [
        ("CO-1", date(2024, 6, 13), 17, "站会：新签约2家，紧急工单1张"),
        ("CO-2", date(2024, 6, 14), 15, "周复盘：L3响应超时3张"),
        ("FU-8", date(2024, 6, 7), 16, "检查跟进计划与记录"),
        ("FU-8", date(2024, 6, 14), 16, "检查跟进计划与记录"),
        ("HL-3", date(2024, 5, 31), 17, "更新健康度跟踪表"),
        ("HL-3", date(2024, 6, 14), 11, "更新健康度跟踪表"),
    ]
    return [DutyLog(rule=rule, at=at(day, hour), by=supervisor, note=note)
            for rule, day, hour, note in done]  # fmt: skip


def render() -> str:
    """The book as JSON, one record per line (small, and diffs read well)."""
    parts = []
    for key, value in build().items():
        if isinstance(value, list):
            rows = ",\n".join(json.dumps(row, ensure_ascii=False) for row in value)
            parts.append(f"{json.dumps(key)}: [\n{rows}\n]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


if __name__ == "__main__":
    TARGET.write_text(render(), "utf-8")
    print(f"wrote {TARGET}")
