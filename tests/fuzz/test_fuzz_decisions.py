"""Fuzz: grading, workflows, access and redaction, KPIs, cadence and completeness checks."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salescare import access, cadence, completeness, grading, meetings, metrics, revisits
from salescare import testing as sst
from salescare.errors import ValidationError
from salescare.models import Actor, Role
from salescare.workflow import (
    COMPLAINT,
    FEEDBACK,
    HANDOVER,
    OPPORTUNITY,
    REGISTRATION,
    TICKET,
    check,
    fire,
    options,
    replay,
)
from tests.budget import fuzz_share
from tests.fuzz.junk import junk, moments, safely, texts

WORKFLOWS = {
    "ticket": (TICKET, sst.tickets()),
    "handover": (HANDOVER, sst.handovers()),
    "feedback": (FEEDBACK, sst.feedback_items()),
    "registration": (REGISTRATION, sst.registrations()),
    "opportunity": (OPPORTUNITY, sst.opportunities()),
    "complaint": (COMPLAINT, sst.complaints()),
}
records = st.one_of(
    sst.customers(),
    sst.tickets(),
    sst.handovers(),
    sst.opportunities(),
    sst.leads(),
    sst.feedback_items(),
    sst.health_reviews(),
    sst.departures(),
)
actors = sst.actors() | st.builds(
    Actor, id=texts.filter(lambda t: bool(t.strip())), role=sst.members(Role)
)
NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)


@fuzz_share()
@given(junk(), junk(), junk(), junk())
def test_grading(amount, potential, relationship, service):
    safely(grading.grade_customer, amount, potential)
    safely(grading.grade_customer, amount, potential, missing="unknown")
    safely(grading.grade_customer, 1000, 3, missing=amount)
    safely(grading.value_tier, amount)
    safely(grading.potential_tier, potential)
    safely(grading.grade_health, relationship, service)
    safely(grading.grade_customers, amount)
    safely(grading.health_trend, relationship, service)


@fuzz_share()
@given(st.sampled_from(sorted(WORKFLOWS)), st.data(), texts | junk(), junk(), junk())
def test_firing_events_with_junk(name, data, event, at, value):
    workflow, strategy = WORKFLOWS[name]
    record = data.draw(strategy)
    actor = data.draw(actors)
    field = data.draw(st.sampled_from(["level", "assignee", "amount", "category", "reason"]))
    safely(fire, workflow, record, event, at=at, by=actor)
    safely(fire, workflow, record, data.draw(st.sampled_from(workflow.events)), at=NOW, by=actor)
    safely(
        fire,
        workflow,
        record,
        data.draw(st.sampled_from(workflow.events)),
        at=NOW,
        by=actor,
        **{field: value},
    )
    safely(fire, workflow, record, "triage", at=NOW, by=actor, calendar=value)
    safely(fire, workflow, record, "triage", at=NOW, by=value)
    safely(fire, workflow, record, "triage", at=NOW, by=actor, expected_version=value)
    safely(replay, workflow, record, value)
    safely(check, workflow, record, event, at=NOW, by=actor)
    safely(options, workflow, record, at=NOW, by=actor)


@fuzz_share()
@given(records, actors, moments | junk(), junk())
def test_access_decisions_and_redaction(record, actor, as_of, right):
    for decide in (access.can_view, access.can_edit):
        safely(decide, actor, record, as_of=as_of)
    safely(access.may_see, actor, record, right, as_of=NOW)
    safely(access.can_contact, actor, right, as_of=as_of)
    safely(access.redact, record, actor, as_of=as_of)
    safely(access.redact, right, actor, as_of=NOW)
    safely(access.can_view, right, record, as_of=NOW)
    safely(access.AccessBook.of, customers=right)
    safely(access.AccessPolicy, name=right, rights=right)


@fuzz_share()
@given(junk(), junk(), junk(), junk())
def test_kpis_with_junk(year, number, tz, items):
    safely(metrics.quarter, year, number, tz=tz)
    safely(metrics.on_time_resolution_rate, items)
    safely(metrics.mean_satisfaction, items)
    safely(metrics.complaint_resolution_rate, items)
    safely(metrics.mean_first_response_hours, items)
    safely(metrics.problem_types, items)
    safely(metrics.churn_rate, items, year)
    safely(metrics.follow_up_frequency, items, tz, period=year)


@fuzz_share()
@given(st.lists(sst.tickets(), max_size=5), junk())
def test_kpis_over_records_with_a_junk_period(tickets, period):
    safely(metrics.on_time_resolution_rate, tickets, period=period)
    safely(metrics.mean_satisfaction, tickets, period=period)


@fuzz_share()
@given(sst.customers(), junk(), moments | junk(), junk())
def test_cadence_and_revisits_with_junk(customer, contacts, as_of, tier):
    safely(cadence.check_cadence, contacts, tier, policy=cadence.SALES_ABCD, as_of=as_of)
    safely(cadence.check_cadence, [], "A", policy=tier, as_of=NOW)
    safely(cadence.follow_up_plan, customer, contacts, as_of=as_of)
    safely(cadence.follow_up_plan, customer, [], as_of=NOW, tz=tier)
    safely(revisits.revisit_queue, contacts, as_of=as_of)
    safely(revisits.cooperating_between, tier, as_of)
    safely(meetings.meetings, tier, as_of, as_of)


@fuzz_share()
@given(sst.handovers(), sst.feedback_items(), junk(), junk())
def test_completeness_checks_with_junk(handover, feedback, as_of, phrases):
    safely(completeness.handover_gaps, handover, phrases=phrases)
    safely(completeness.feedback_gaps, feedback, as_of=as_of)
    safely(completeness.feedback_gaps, feedback, as_of=NOW, tz=phrases)
    safely(completeness.is_vague, phrases)
    safely(completeness.handover_gaps, phrases)


def test_selectors_refuse_huge_counts_in_words():
    # found by the 10,000-input run: the label of a selector printed a 5,000-digit int
    for call in (revisits.cooperating_between, revisits.no_order_within):
        with pytest.raises(ValidationError, match="int of about 5001 digits"):
            call(10**5000)


def test_a_huge_decimal_score_is_refused_at_once():
    # found by the suite's fuzz run: int(Decimal("1E+999999")) took a minute
    for score in (Decimal("1E+999999"), Decimal("-1E+999999"), 1e300):
        safely(grading.grade_customer, None, score)
        with pytest.raises(ValidationError, match="out of range"):
            grading.grade_customer(100, score)


agenda_records = st.one_of(
    records,
    sst.revisits(),
    sst.follow_ups(),
    sst.objections(),
    sst.planned_follow_ups(),
    sst.duty_logs(),
    sst.support_requests(),
    sst.complaints(),
)


@fuzz_share()
@given(st.lists(agenda_records, max_size=6), moments | junk(), junk(), junk())
def test_the_agenda_with_junk(items, now, owner, junk_value):
    from salescare.agenda import agenda  # noqa: PLC0415 - the entry point under test
    from salescare.frame import agenda_frame  # noqa: PLC0415

    safely(agenda, items, now=now)
    safely(agenda, items, now=NOW, owner=owner, families=junk_value)
    safely(agenda, items, now=NOW, team=owner, recent=junk_value)
    safely(agenda, [*items, junk_value], now=NOW)
    safely(agenda_frame, items, now=now, backend=junk_value)
    safely(metrics.check_kpi, owner, junk_value)
    safely(metrics.rollup, junk_value)
    safely(completeness.revisit_gaps, junk_value)
    safely(completeness.unassessed_follow_ups, items, junk_value)
