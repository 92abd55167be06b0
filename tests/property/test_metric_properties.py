"""KPI laws (RULES HL-1, RV-7, SQ-2): agreement with the SLA engine, additivity, bounds."""

from datetime import UTC

from hypothesis import given
from hypothesis import strategies as st
from tests.budget import share

from salescare import testing as sst
from salescare.metrics import (
    mean_first_response_hours,
    mean_satisfaction,
    on_time_resolution_rate,
)
from salescare.models import Level
from salescare.sla import SlaStatus, ticket_sla

ticket_lists = st.lists(sst.tickets(), max_size=6)


def reference_on_time(tickets):
    """The simple way: every resolved L1/L2 ticket through ticket_sla, one by one."""
    resolved = [t for t in tickets if t.level in {Level.L1, Level.L2} and t.resolved_at is not None]
    met = [
        t for t in resolved if ticket_sla(t, now=t.resolved_at).resolution.status is SlaStatus.MET
    ]
    return len(met), len(resolved)


@share(0.3)
@given(ticket_lists)
def test_on_time_rate_agrees_with_the_sla_engine(tickets):
    rate = on_time_resolution_rate(tickets)
    assert (rate.numerator, rate.denominator) == reference_on_time(tickets)


@share(0.3)
@given(ticket_lists, ticket_lists, st.none() | sst.aware_datetimes())
def test_rates_add_up_over_split_streams(first, second, as_of):
    whole = on_time_resolution_rate(first + second, as_of=as_of)
    parts = [on_time_resolution_rate(part, as_of=as_of) for part in (first, second)]
    assert whole.numerator == sum(p.numerator for p in parts)
    assert whole.denominator == sum(p.denominator for p in parts)
    assert 0 <= whole.numerator <= whole.denominator
    assert (whole.value is None) == (whole.denominator == 0)
    if whole.value is not None:
        assert 0 <= whole.value <= 1


@share(0.3)
@given(ticket_lists)
def test_means_stay_within_their_values(tickets):
    scores = [t.satisfaction for t in tickets if t.satisfaction is not None]
    mean = mean_satisfaction(tickets)
    assert mean.count == len(scores)
    if scores:
        assert min(scores) <= mean.value <= max(scores)
    else:
        assert mean.value is None
    hours = [
        (t.first_response_at.astimezone(UTC) - t.submitted_at.astimezone(UTC)).total_seconds()
        / 3600
        for t in tickets
        if t.first_response_at is not None
    ]
    response = mean_first_response_hours(tickets)
    assert response.count == len(hours)
    if hours:
        assert round(min(hours), 2) - 0.01 <= float(response.value) <= round(max(hours), 2) + 0.01
