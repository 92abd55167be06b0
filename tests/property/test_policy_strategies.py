"""Laws that hold under any policy the public strategies draw (GR, HL, TK, FU, CX)."""

from datetime import timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st
from tests.budget import share

from salescare import testing as sst
from salescare.access import AccessPolicy, may_see, redact
from salescare.cadence import CadencePolicy, StagePolicy, check_cadence, follow_up_plan
from salescare.calendars import WorkCalendar
from salescare.grading import (
    GradingPolicy,
    HealthPolicy,
    QualityPolicy,
    grade_customer,
    grade_health,
)
from salescare.models import Health, Level
from salescare.sla import TicketSlaPolicy, ticket_sla

RANK = {"A": 0, "B": 1, "C": 2, "D": 3}
HEALTH = {Health.HEALTHY: 0, Health.SUB_HEALTHY: 1, Health.RISK: 2}


@given(
    sst.grading_policies(),
    sst.amounts(max_value=20_000_000),
    sst.amounts(max_value=20_000_000),
    st.integers(1, 5),
    st.integers(1, 5),
)
def test_grades_are_monotone_under_any_grading_policy(policy, a, b, p, q):
    low, high = sorted((a, b))
    worse = grade_customer(low, min(p, q), policy=policy).grade
    better = grade_customer(high, max(p, q), policy=policy).grade
    assert RANK[str(better)] <= RANK[str(worse)]


@given(
    sst.health_policies(),
    st.decimals(1, 5, places=2),
    st.decimals(1, 5, places=2),
    st.decimals(0, 2, places=2),
)
def test_health_is_monotone_under_any_health_policy(policy, r, s, lift):
    before = grade_health(r, s, policy=policy).health
    after = grade_health(min(r + lift, 5), s, policy=policy).health
    assert HEALTH[after] <= HEALTH[before]


@share(0.5)
@given(
    sst.ticket_sla_policies(calendars=sst.calendars()),
    sst.tickets(levels=st.sampled_from(Level)),
)
def test_response_is_never_due_after_resolution(policy, ticket):
    # with pauses the two clocks differ on purpose: a resolved ticket's clock stops, an
    # unanswered one keeps moving with an open pause (TK-10)
    ticket = attrs.evolve(ticket, pauses=())
    now = ticket.submitted_at + timedelta(days=30)
    sla = ticket_sla(ticket, now=now, policy=policy)
    assert sla.response is not None
    assert sla.resolution is not None
    assert sla.response.due <= sla.resolution.due
    assert policy.levels[Level.L1].respond.duration <= policy.levels[Level.L1].resolve.duration


@given(
    sst.cadence_policies(),
    st.sampled_from("ABCD"),
    st.lists(sst.aware_datetimes(), max_size=8),
    sst.aware_datetimes(),
)
def test_cadence_checks_are_total_under_any_cadence_policy(policy, tier, contacts, as_of):
    result = check_cadence(contacts, tier, policy=policy, as_of=as_of)
    assert result.overdue == (result.next_due is not None and as_of > result.next_due)
    for violation in result.violations:
        assert violation.start <= violation.end


@share(0.5)
@given(sst.stage_policies(), sst.customers(), st.lists(sst.follow_ups(), max_size=4))
def test_follow_up_plans_are_total_under_any_stage_policy(stages, customer, contacts):
    as_of = max((c.at for c in contacts), default=None)
    if as_of is None:
        return
    plan = follow_up_plan(customer, contacts, as_of=as_of, stages=stages)
    assert plan.overdue == (plan.next_due is not None and as_of > plan.next_due)


@given(sst.access_policies(), sst.customers(), sst.actors(), sst.aware_datetimes())
def test_no_secret_leaks_under_any_access_policy(policy, customer, actor, as_of):
    shown = redact(customer, actor, as_of=as_of, policy=policy)
    if not may_see(actor, customer, "money", as_of=as_of, policy=policy):
        assert shown.budget is None
        assert shown.annual_purchases is None  # money, like the budget (docs/design.md)
    if not may_see(actor, customer, "contact_details", as_of=as_of, policy=policy):
        assert all(c.phone is None or "****" in c.phone for c in shown.contacts)


KINDS = (
    GradingPolicy,
    HealthPolicy,
    QualityPolicy,
    TicketSlaPolicy,
    CadencePolicy,
    StagePolicy,
    AccessPolicy,
    WorkCalendar,
)


@share(0.5)
@given(st.tuples(*(st.from_type(kind) for kind in KINDS)))
def test_every_policy_type_resolves_through_the_entry_point(policies):
    assert all(isinstance(p, k) for p, k in zip(policies, KINDS, strict=True))
