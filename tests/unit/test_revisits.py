import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.budget import share

from salescare.errors import NaiveDatetimeError, ValidationError
from salescare.ids import CustomerCode
from salescare.models import CompanySize, Customer, Grade, Health, ServiceTier
from salescare.revisits import (
    NEW_CUSTOMER_ACTIVATION,
    Candidate,
    at_churn_risk,
    cooperating_between,
    grade_in,
    no_order_within,
    not_contacted_within,
    revisit_queue,
    tier_is,
)
from salescare.testing import customers

SH = ZoneInfo("Asia/Shanghai")
AS_OF = datetime(2024, 7, 15, 9, 0, tzinfo=SH)


def firm(serial=1, **changes):
    fields = {
        "number": CustomerCode.parse(f"HZ-IT-2024-{serial:03d}"),
        "name": f"Firm {serial}",
        "industry": "IT",
        "size": CompanySize.MEDIUM,
    }
    return Customer(**{**fields, **changes})


def candidate(serial=1, *, since=None, **facts):
    return Candidate(customer=firm(serial, cooperation_since=since), **facts)


def test_new_customer_activation_boundaries():
    # cooperating 1–3 whole months: since 15 April is 3 months on 15 July, since 14 April is 3
    # months and a day; since 15 March is 4 months
    assert NEW_CUSTOMER_ACTIVATION(candidate(since=date(2024, 4, 15)), AS_OF)
    assert NEW_CUSTOMER_ACTIVATION(candidate(since=date(2024, 4, 14)), AS_OF)
    assert not NEW_CUSTOMER_ACTIVATION(candidate(since=date(2024, 3, 15)), AS_OF)
    assert NEW_CUSTOMER_ACTIVATION(candidate(since=date(2024, 6, 15)), AS_OF)  # exactly 1
    assert not NEW_CUSTOMER_ACTIVATION(candidate(since=date(2024, 6, 16)), AS_OF)
    assert not NEW_CUSTOMER_ACTIVATION(candidate(since=None), AS_OF)
    # an order exactly 30 days ago is "in the last 30 days"; 31 days ago is not
    since = date(2024, 5, 1)
    assert not NEW_CUSTOMER_ACTIVATION(
        candidate(since=since, last_order_on=date(2024, 6, 15)), AS_OF
    )
    assert NEW_CUSTOMER_ACTIVATION(candidate(since=since, last_order_on=date(2024, 6, 14)), AS_OF)


def test_other_selectors():
    vip_a = Candidate(customer=firm(grade=Grade.A, tier=ServiceTier.VIP))
    assert grade_in("A", "B")(vip_a, AS_OF)
    assert not grade_in(Grade.C)(vip_a, AS_OF)
    assert tier_is("VIP客户")(vip_a, AS_OF)
    assert not tier_is("normal")(vip_a, AS_OF)
    contacted = attrs.evolve(vip_a, last_contact_at=AS_OF - timedelta(days=90))
    assert not not_contacted_within(90)(contacted, AS_OF)
    assert not_contacted_within(90)(contacted, AS_OF + timedelta(seconds=1))
    assert not_contacted_within(1)(vip_a, AS_OF)
    assert at_churn_risk()(attrs.evolve(vip_a, health=Health.RISK), AS_OF)
    assert at_churn_risk()(attrs.evolve(vip_a, churn_signals=("competitor quote",)), AS_OF)
    assert not at_churn_risk()(attrs.evolve(vip_a, health=Health.SUB_HEALTHY), AS_OF)
    assert cooperating_between(2)(candidate(since=date(2020, 1, 1)), AS_OF)


def test_bad_selector_arguments():
    with pytest.raises(ValidationError, match="days"):
        no_order_within(0)
    with pytest.raises(ValidationError, match="range of months"):
        cooperating_between(3, 1)
    with pytest.raises(ValidationError):
        grade_in("E")
    with pytest.raises(NaiveDatetimeError):
        Candidate(customer=firm(), last_contact_at=datetime(2024, 1, 1))  # noqa: DTZ001
    with pytest.raises(NaiveDatetimeError):
        revisit_queue([], as_of=datetime(2024, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValidationError, match="limit"):
        revisit_queue([], as_of=AS_OF, limit=-1)


def test_queue_puts_churn_risk_then_value_then_longest_waiting_first():
    quiet_a = Candidate(
        customer=firm(1, grade=Grade.A, annual_purchases=Decimal(800_000)),
        last_contact_at=AS_OF - timedelta(days=3),
    )
    risky_c = Candidate(customer=firm(2, grade=Grade.C), health=Health.RISK)
    a_waiting = Candidate(
        customer=firm(3, grade=Grade.A, annual_purchases=Decimal(800_000)),
        last_contact_at=AS_OF - timedelta(days=20),
    )
    vip_b = Candidate(
        customer=firm(4, grade=Grade.B, tier=ServiceTier.VIP), satisfaction=Decimal(3)
    )
    new_d = candidate(5, since=date(2024, 6, 1))
    queue = revisit_queue([new_d, quiet_a, vip_b, risky_c, a_waiting], as_of=AS_OF)
    assert [int(str(e.candidate.customer.number)[-3:]) for e in queue] == [2, 3, 1, 4, 5]
    assert [e.position for e in queue] == [1, 2, 3, 4, 5]
    assert [e.goal for e in queue] == [
        "win_back",
        "maintain",
        "maintain",
        "raise_satisfaction",
        "activate",
    ]
    assert "health graded risk (HL-2)" in queue[0].reason
    assert "20 days since the last contact" in queue[1].reason
    plain = revisit_queue([firm(7, grade=Grade.D), firm(8, grade=Grade.B)], as_of=AS_OF)
    assert [str(e.candidate.customer.number)[-3:] for e in plain] == ["008", "007"]
    limited = revisit_queue([new_d, quiet_a], as_of=AS_OF, select=grade_in("A"), limit=1)
    assert [e.candidate for e in limited] == [quiet_a]


# Hypothesis takes naive bounds and attaches the zone itself
EARLIEST, LATEST = datetime(2023, 1, 1), datetime(2024, 7, 15)  # noqa: DTZ001
candidates = st.builds(
    Candidate,
    customer=customers(),
    last_order_on=st.none() | st.dates(date(2023, 1, 1), date(2024, 7, 15)),
    last_contact_at=st.none() | st.datetimes(EARLIEST, LATEST, timezones=st.just(SH)),
    health=st.none() | st.sampled_from(Health),
    churn_signals=st.lists(st.sampled_from(["complaint", "competitor"]), max_size=1).map(tuple),
)
selectors = st.sampled_from(
    [
        NEW_CUSTOMER_ACTIVATION,
        grade_in("A", "B"),
        at_churn_risk(),
        not_contacted_within(30),
        no_order_within(60),
        tier_is("vip"),
    ]
)


@share(0.4)
@given(st.lists(candidates, max_size=8), st.none() | selectors)
def test_queue_is_an_ordered_selection(pool, select):
    queue = revisit_queue(pool, as_of=AS_OF, select=select)
    chosen = [c for c in pool if select is None or select(c, AS_OF)]
    assert sorted(map(id, (e.candidate for e in queue))) == sorted(map(id, chosen))
    risks = [e.candidate.churn_risk for e in queue]
    assert risks == sorted(risks, reverse=True)  # churn risk never after a safe customer
    for before, after in itertools.pairwise(queue):
        if before.candidate.churn_risk == after.candidate.churn_risk:
            rank = "ABCD"
            low = before.candidate.customer.grade
            high = after.candidate.customer.grade
            if low is not None and high is not None:
                assert rank.index(str(low)) <= rank.index(str(high))
    # the order does not depend on the input order (same-number ties keep the input order)
    again = revisit_queue(list(reversed(pool)), as_of=AS_OF, select=select)
    assert [e.candidate.customer.number for e in again] == [
        e.candidate.customer.number for e in queue
    ]


@given(candidates, selectors, selectors)
def test_selector_algebra(item, first, second):
    assert (first & second)(item, AS_OF) == (first(item, AS_OF) and second(item, AS_OF))
    assert (first | second)(item, AS_OF) == (first(item, AS_OF) or second(item, AS_OF))
    assert (~first)(item, AS_OF) == (not first(item, AS_OF))
