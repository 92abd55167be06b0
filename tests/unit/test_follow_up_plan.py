from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests import builders

from salescare.cadence import (
    DEFAULT_STAGES,
    REVISIT_TIERS,
    SERVICE_STAGES,
    StagePolicy,
    follow_up_plan,
)
from salescare.errors import NaiveDatetimeError, PolicyError
from salescare.ids import CustomerCode, StaffNo
from salescare.models import (
    CompanySize,
    ContactMode,
    FollowUp,
    Grade,
    HistoryEntry,
    Opportunity,
    OpportunityStage,
    Revisit,
    ServiceTier,
)
from salescare.sla import SlaStatus

SH = ZoneInfo("Asia/Shanghai")
NUMBER = CustomerCode.parse("HZ-IT-2024-001")
REP = StaffNo.parse("S0123")


def at(year, month, day, hour=10, minute=0, second=0):  # noqa: PLR0917 - reads like datetime
    return datetime(year, month, day, hour, minute, second, tzinfo=SH)


def customer(**changes):
    fields = {"number": NUMBER, "name": "Lake Tech", "grade": Grade.B}
    return builders.customer(**{**fields, **changes})


def call(moment, mode=ContactMode.PHONE):
    return FollowUp(
        customer=NUMBER, at=moment, by=REP, mode=mode, duration_minutes=15, summary="call"
    )


def deal(stage, since=None, **changes):
    history = (HistoryEntry(at=since, actor="S0123", event="advance"),) if since else ()
    return Opportunity(
        customer=NUMBER, title="line upgrade", owner=REP, stage=stage, history=history, **changes
    )


def due_of(plan, rule):
    (found,) = [d for d in plan.dues if d.rule == rule]
    return found


def test_first_follow_up_within_three_working_days_of_registration():
    registered = at(2024, 9, 27, 16)  # Sun 29 Sep is a make-up workday, then National Day
    due = at(2024, 10, 8, 18)
    on_time = follow_up_plan(customer(), [call(due)], registered_at=registered, as_of=due)
    assert due_of(on_time, "FU-1").status is SlaStatus.MET
    assert due_of(on_time, "FU-1").due == due
    late = due + timedelta(seconds=1)
    breached = follow_up_plan(customer(), [call(late)], registered_at=registered, as_of=late)
    assert due_of(breached, "FU-1").status is SlaStatus.BREACHED
    waiting = follow_up_plan(customer(), [], registered_at=registered, as_of=at(2024, 9, 28))
    assert due_of(waiting, "FU-1").status is SlaStatus.RUNNING
    assert not waiting.overdue
    # B is weekly from registration, which comes before FU-1's deadline here
    assert waiting.next_due == registered + timedelta(days=7)


def test_key_stage_means_daily_and_replaces_the_tier_cadence():
    since = at(2024, 5, 6, 9)
    contacts = [call(since + timedelta(days=n)) for n in range(5)]  # daily: D allows 2 a month
    plan = follow_up_plan(
        customer(grade=Grade.D),
        contacts,
        opportunities=[deal(OpportunityStage.NEGOTIATION, since)],
        as_of=since + timedelta(days=5),
    )
    assert plan.mode == "key_stage"
    assert plan.violations == ()
    assert plan.next_due == since + timedelta(days=5)
    assert "FU-2" in plan.reason
    one_second_more = follow_up_plan(
        customer(grade=Grade.D),
        contacts,
        opportunities=[deal(OpportunityStage.PROPOSAL, since)],
        as_of=since + timedelta(days=5, seconds=1),
    )
    assert [(v.kind, v.rule) for v in one_second_more.violations] == [("neglect", "FU-2")]
    assert one_second_more.overdue
    # the same contacts without the key stage are over-contact for D (GR-6, FU-3)
    tier = follow_up_plan(customer(grade=Grade.D), contacts, as_of=since + timedelta(days=5))
    assert tier.mode == "tier"
    assert [v.kind for v in tier.violations] == ["over_contact"]


def test_pushed_opportunity_every_three_days_only_with_the_service_stages():
    since = at(2024, 5, 6, 9)
    contacts = [call(since), call(since + timedelta(days=3))]
    opportunity = deal(OpportunityStage.FOLLOWING, since)
    as_of = since + timedelta(days=6, seconds=1)
    service = follow_up_plan(
        customer(), contacts, opportunities=[opportunity], stages=SERVICE_STAGES, as_of=as_of
    )
    assert service.mode == "key_stage"
    assert [v.rule for v in service.violations] == ["FU-5"]
    assert "every 3 days" in service.reason
    sales = follow_up_plan(customer(), contacts, opportunities=[opportunity], as_of=as_of)
    assert sales.mode == "tier"
    assert sales.violations == ()  # B is weekly


def test_paused_customer_is_reactivated_a_quarter_after_the_last_contact():
    last = at(2024, 2, 10)
    paused = customer(grade=Grade.A, paused=True, pause_remark="not needed for now")
    fine = follow_up_plan(paused, [call(last)], as_of=at(2024, 5, 10))
    assert fine.mode == "paused"
    assert fine.violations == ()  # no A-tier neglect while paused
    assert due_of(fine, "FU-4").due == at(2024, 5, 10)
    assert not fine.overdue
    late = follow_up_plan(paused, [call(last)], as_of=at(2024, 5, 10, 10, 0, 1))
    assert due_of(late, "FU-4").status is SlaStatus.BREACHED
    assert late.overdue
    assert "not needed for now" in late.reason


def test_revisit_within_seven_working_days_after_delivery():
    delivered = at(2024, 5, 6, 15)
    opportunity = deal(OpportunityStage.DELIVERY, delivered_at=delivered)
    due = at(2024, 5, 14, 18)  # Mon 6 May + 7 working days (Sat 11 May is a make-up day)
    revisit = Revisit(
        customer=NUMBER,
        customer_name="Lake Tech",
        at=due,
        mode=ContactMode.VISIT,
        visitor=REP,
        summary="how is the line running",
    )
    met = follow_up_plan(customer(), [revisit], opportunities=[opportunity], as_of=due)
    assert due_of(met, "DV-3").status is SlaStatus.MET
    assert due_of(met, "DV-3").done_at == due
    late = follow_up_plan(
        customer(),
        [call(due + timedelta(seconds=1))],
        opportunities=[opportunity],
        as_of=at(2024, 5, 15),
    )
    assert due_of(late, "DV-3").status is SlaStatus.BREACHED


def test_usage_report_every_six_months_for_long_term_customers():
    veteran = customer(cooperation_since=date(2022, 3, 1))
    report = at(2024, 1, 15)
    plan = follow_up_plan(veteran, [], reports=[report], as_of=at(2024, 7, 15))
    usage = due_of(plan, "DV-4")
    assert usage.start == report
    assert usage.due == at(2024, 7, 15)
    assert usage.status is not SlaStatus.BREACHED
    late = follow_up_plan(veteran, [], reports=[report], as_of=at(2024, 7, 15, 10, 0, 1))
    assert due_of(late, "DV-4").status is SlaStatus.BREACHED
    newcomer = customer(cooperation_since=date(2024, 3, 1))
    assert follow_up_plan(newcomer, [], as_of=at(2024, 7, 15)).dues == ()
    # never reported: the first report is due six months after it became long-term
    never = follow_up_plan(veteran, [], as_of=at(2024, 7, 15))
    assert due_of(never, "DV-4").due == datetime(2023, 9, 1, tzinfo=SH)


def test_large_existing_customers_get_a_phone_call_each_quarter():
    big = customer(size=CompanySize.LARGE, cooperation_since=date(2024, 1, 1))
    visits = [call(at(2024, 2, 1), ContactMode.VISIT), call(at(2024, 5, 1), ContactMode.VISIT)]
    plan = follow_up_plan(big, [*visits, call(at(2024, 4, 3))], as_of=at(2024, 7, 1, 0, 0))
    fb9 = [v for v in plan.violations if v.rule == "FB-9"]
    assert [(v.kind, v.start.month) for v in fb9] == [("below_quarterly_minimum", 1)]
    off = StagePolicy(large_quarterly_phone=False)
    assert not [
        v
        for v in follow_up_plan(big, visits, stages=off, as_of=at(2024, 7, 1)).violations
        if v.rule == "FB-9"
    ]


def test_tier_comes_from_grade_or_service_tier():
    vip = customer(grade=None, tier=ServiceTier.VIP)
    plan = follow_up_plan(vip, [], policy=REVISIT_TIERS, as_of=at(2024, 5, 1))
    assert plan.tier == "vip"
    ungraded = follow_up_plan(customer(grade=None), [], as_of=at(2024, 5, 1))
    assert ungraded.cadence is None
    assert "no tier" in ungraded.reason


def test_bad_input():
    with pytest.raises(NaiveDatetimeError):
        follow_up_plan(customer(), [], as_of=datetime(2024, 5, 1))  # noqa: DTZ001
    with pytest.raises(PolicyError, match="key_stage_gap"):
        StagePolicy(key_stage_gap=timedelta(0))
    with pytest.raises(PolicyError, match="both a key stage and a push stage"):
        StagePolicy(push_stages=DEFAULT_STAGES.key_stages)


@given(gaps=st.lists(st.integers(min_value=60, max_value=2 * 86_400), min_size=1, max_size=8))
def test_key_stage_neglect_exactly_when_a_gap_exceeds_a_day(gaps):
    since = at(2024, 5, 6, 9)
    moments = [since]
    for gap in gaps:
        moments.append(moments[-1] + timedelta(seconds=gap))
    plan = follow_up_plan(
        customer(grade=Grade.D),
        [call(m) for m in moments],
        opportunities=[deal(OpportunityStage.NEGOTIATION, since)],
        as_of=moments[-1],
    )
    expected = sum(gap > 86_400 for gap in gaps)
    assert len([v for v in plan.violations if v.rule == "FU-2"]) == expected
    assert plan.next_due == moments[-1] + timedelta(days=1)


@pytest.mark.parametrize(
    ("grade", "tier", "gap"),
    [
        (Grade.A, "A", timedelta(days=7)),
        (Grade.B, "B", timedelta(days=14)),
        (Grade.C, "C", None),
        (Grade.D, "C", None),  # a D customer is a low-frequency one: never without a cadence
    ],
)
def test_004s_service_tiers_take_every_grade(grade, tier, gap):
    """FU-5: the three service tiers (key account, potential, low-frequency) by a mapping."""
    from salescare.cadence import SERVICE_ABC  # noqa: PLC0415

    plan = follow_up_plan(
        customer(grade=grade), [call(at(2024, 5, 1))], policy=SERVICE_ABC, as_of=at(2024, 5, 2)
    )
    assert plan.tier == tier
    assert SERVICE_ABC.cadence(tier).max_gap == gap
    assert plan.next_due is not None  # a cadence is owed
    with pytest.raises(PolicyError, match="grades map"):
        type(SERVICE_ABC)(name="X", tiers=SERVICE_ABC.tiers, grades={"D": "E"})
