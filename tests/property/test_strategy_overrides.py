"""The record strategies take per-field overrides, and ``st.builds`` works on the records."""

import inspect
from datetime import datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from tests.budget import share

from salescare import _checks, models, testing
from salescare.errors import ValidationError
from salescare.ids import CustomerNo, TicketNo
from salescare.models import (
    Complaint,
    Contact,
    DealReview,
    DimensionScore,
    NeedsAnalysis,
    ServiceQualityAssessment,
    Ticket,
)
from salescare.vocabulary import (
    ComplaintStatus,
    DealOutcome,
    DepartureStatus,
    Level,
    Role,
    SuccessFactor,
    TicketStatus,
)

X = datetime(2024, 5, 15, 9, 0, tzinfo=timezone(timedelta(hours=8)))
FEW = share(0.2, deadline=None)


def _times(record):
    return [v for v in attrs.astuple(record, recurse=False) if isinstance(v, datetime)]


@FEW
@given(
    testing.tickets(
        status="closed", submitted_at=X, level=st.sampled_from(["L1", Level.L2]), urgent=True
    )
)
def test_a_ticket_pinned_closed_gets_what_closing_needs_after_its_pinned_submission(ticket):
    assert ticket.status is TicketStatus.CLOSED
    assert ticket.resolution.strip()
    assert ticket.resolved_at >= X
    assert ticket.level in {Level.L1, Level.L2}
    assert ticket.urgent
    assert all(moment >= X for moment in _times(ticket))


@FEW
@given(testing.tickets(satisfaction=5))
def test_a_pinned_rating_comes_with_a_resolution(ticket):
    assert ticket.satisfaction == 5
    assert ticket.resolved_at is not None


@FEW
@given(testing.complaints(received_at=X, status=ComplaintStatus.REVISITED))
def test_a_revisited_complaint_is_satisfied_and_after_its_pinned_receipt(complaint):
    assert complaint.satisfied is True
    assert all(moment >= X for moment in _times(complaint))


@FEW
@given(
    testing.departures(status="approved", noticed_at=X, rep="S0101"),
    testing.customers(name="湖畔科技", grade="A", paused=True),
    testing.actors(role=Role.ENGINEER),
    testing.revisits(satisfaction=st.integers(1, 2)),
    testing.feedback_items(category="sales_opportunity"),
)
def test_every_kind_of_strategy_takes_overrides(departure, customer, actor, revisit, feedback):
    assert departure.status is DepartureStatus.APPROVED
    assert departure.approved_at >= X
    assert str(departure.rep) == "S0101"
    assert str(departure.successor) != "S0101"
    assert customer.name == "湖畔科技"
    assert customer.pause_remark.strip()
    assert actor.role is Role.ENGINEER
    assert revisit.satisfaction in {1, 2}
    assert feedback.value_estimate is not None  # what a sales opportunity needs (FB-4)


# every strategy of a record (the scalar and policy strategies take no field overrides)
RECORD_STRATEGIES = sorted(
    [*testing.sales_records.__all__, *testing.service_records.__all__, "actors"]
)


@pytest.mark.parametrize("name", RECORD_STRATEGIES)
def test_a_name_that_is_not_a_field_is_refused_at_once(name):
    args = (X,) if name == "promises" else ()
    with pytest.raises(ValidationError, match=r"is not a field of .*; expected one of"):
        getattr(testing, name)(*args, colour="red")


def test_a_bad_value_is_refused_at_once_naming_the_field():
    with pytest.raises(ValidationError, match=r"salescare.testing.tickets.level: 'L9'"):
        testing.tickets(level="L9")


RECORDS = [
    cls
    for name in models.__all__
    if inspect.isclass(cls := getattr(models, name)) and attrs.has(cls)
]
# records whose rules need a field that has a default: give it
NEEDS = {
    Contact: {"phone": st.just("13800138000")},
    DealReview: {
        "outcome": st.just(DealOutcome.WON),
        "success_factors": st.just((SuccessFactor.PRICE,)),
    },
    NeedsAnalysis: {"explicit_needs": st.just(("a faster export",))},
}


@pytest.mark.parametrize("record", RECORDS, ids=lambda cls: cls.__name__)
def test_st_builds_makes_valid_records(record):
    @share(0.15, suppress_health_check=[HealthCheck.too_slow], database=None, deadline=None)
    @given(st.builds(record, **NEEDS.get(record, {})))
    def check(made):
        assert type(made) is record
        attrs.validate(made)

    check()


@FEW
@given(st.builds(Ticket, level=st.just(Level.L1)), st.from_type(tuple[DimensionScore, ...]))
def test_st_builds_honours_the_fields_given_and_from_type_the_validators(ticket, scores):
    assert ticket.level is Level.L1
    assert all(1 <= score.score <= 5 for score in scores)


@FEW
@given(st.builds(ServiceQualityAssessment))
def test_a_required_field_with_rules_of_its_own_is_drawn_as_the_strategy_draws_it(assessment):
    assert len({score.dimension for score in assessment.scores}) == len(assessment.scores)


def test_teaching_builds_does_not_weaken_the_records_own_checks():
    with pytest.raises(ValidationError, match="has no time zone"):
        Ticket(
            number=TicketNo.parse("FW20240515001"),
            customer=CustomerNo.parse("CUS20240515001"),
            customer_name="湖畔科技",
            description="导出报表合计错误",
            submitted_at=datetime(2024, 5, 15, 9, 0),  # noqa: DTZ001 - the point
        )
    with pytest.raises(ValidationError, match="description"):
        Complaint(
            customer=CustomerNo.parse("CUS20240515001"), received_at=X, category="x", description=""
        )


def test_code_reading_validators_reads_the_declared_ones():
    # the check added for st.builds is visible to attrs.fields, never to salescare's readers
    field = attrs.fields(Ticket).customer_name
    assert field.validator is not _checks.text
    assert _checks.own_validator(field) is _checks.text
    assert _checks.own_validator(attrs.fields(Ticket).level) is attrs.fields(Ticket).level.validator
