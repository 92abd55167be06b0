"""A team's own workflow (examples/refunds.py) tested with its own invariants, end to end."""

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test
from tests.budget import share

from salescare.errors import TransitionError, ValidationError
from salescare.models import Actor, Contact, Role
from salescare.serialize import from_dict, to_dict
from salescare.testing import Event, NoEvent, Shown, machines, workflow_machine

_PATH = Path(__file__).parents[2] / "examples" / "refunds.py"
_SPEC = importlib.util.spec_from_file_location("refunds", _PATH)
refunds = importlib.util.module_from_spec(_SPEC)
sys.modules["refunds"] = refunds
_SPEC.loader.exec_module(refunds)

TestRefundWorkflow = share(
    0.25, stateful_step_count=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)(
    workflow_machine(
        refunds.REFUNDS, refunds.refunds(), data=refunds.EVENT_DATA, invariants=refunds.INVARIANTS
    )
).TestCase


def _leaky():
    """The workflow with a planted bug: a sales rep may approve."""
    approve = refunds.RULES["approve"]
    leaky = attrs.evolve(approve, roles=approve.roles | {Role.SALES_REP})
    return refunds.refund_workflow({**refunds.RULES, "approve": leaky})


def test_a_planted_bug_is_found_and_shrunk_to_its_steps():
    machine = workflow_machine(
        _leaky(), refunds.refunds(), data=refunds.EVENT_DATA, invariants=refunds.INVARIANTS
    )
    found = settings(
        max_examples=1_000,
        stateful_step_count=10,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
    )
    with pytest.raises(AssertionError) as failure:
        run_state_machine_as_test(machine, settings=found)
    message = str(failure.value)
    # the invariant's name, the step that broke it, and the record without its defaults
    assert "invariant approved_by_an_approver broken after step" in message
    assert "(approve)" in message
    assert "approver_role=Role.SALES_REP" in message
    assert "booked_at=None" not in message
    # shrunk to the two steps that show it, printed as Python: a rep requests, a rep approves
    steps = [line for line in failure.value.__notes__ if line.startswith("state.fire(")]
    rep = "by=Actor(id='S0001', role=Role.SALES_REP), gap=0"
    assert steps == [
        f"state.fire(event=Event('request', {rep}))",
        f"state.fire(event=Event('approve', {rep}))",
    ]
    # and the repro, pasted into a plain test, fails the same way
    repro = [line for line in failure.value.__notes__ if line.startswith("state")]
    names = {machine.__name__: machine, "Refund": refunds.Refund, "Decimal": Decimal}
    names |= {"Event": Event, "Actor": Actor, "Role": Role}
    with pytest.raises(AssertionError, match="invariant approved_by_an_approver broken"):
        exec("\n".join(repro), names)  # noqa: S102 - the printed steps are the test


_DRAFT = refunds.Refund(number="RF000001", customer="CUS20240515001", amount=1)


def test_events_in_and_out_of_turn_follow_the_status():
    machine = workflow_machine(refunds.REFUNDS, refunds.refunds())()
    machine.record = _DRAFT
    assert machine.events_in_turn() == {"amend", "request"}
    assert machine.events_out_of_turn() == ("approve", "reject", "book")


@given(st.data(), st.frozensets(st.sampled_from(refunds.REFUNDS.events)))
def test_a_step_fires_an_event_in_turn_and_switched_on_one_out_of_turn_or_nothing(draw, off):
    machine = workflow_machine(refunds.REFUNDS, refunds.refunds())()
    machine.record, machine.off = _DRAFT, off
    step = draw.draw(machine.next_events())
    in_turn = {"amend", "request"} - off
    assert isinstance(step, NoEvent) or step.name in in_turn | {"approve", "reject", "book"}


def test_every_kind_of_step_can_be_drawn():
    machine = workflow_machine(refunds.REFUNDS, refunds.refunds())()
    machine.record, machine.off = _DRAFT, frozenset({"amend"})
    seen = set()

    @settings(max_examples=200, database=None)
    @given(st.data())
    def collect(draw):
        step = draw.draw(machine.next_events())
        seen.add(getattr(step, "name", None))

    collect()
    # nothing, the one event in turn and switched on, and the three out of turn
    assert seen == {None, "request", "approve", "reject", "book"}


def test_an_event_accepted_out_of_turn_is_caught(monkeypatch):
    # a firing engine that ignored the status: an event refused from it is fired as if the
    # record were in the event's first source state
    fire = machines.fire

    def careless(workflow, record, event, **context):
        try:
            return fire(workflow, record, event, **context)
        except TransitionError:
            source = min(workflow.rules_for(event)[0].sources)
            return fire(workflow, attrs.evolve(record, status=source), event, **context)

    monkeypatch.setattr(machines, "fire", careless)
    machine = workflow_machine(refunds.REFUNDS, refunds.refunds(), data=refunds.EVENT_DATA)
    quick = settings(max_examples=200, database=None, deadline=None, phases=[Phase.generate])
    with pytest.raises(AssertionError, match=r"has no transition from .* but was accepted"):
        run_state_machine_as_test(machine, settings=quick)


def test_an_invariant_must_be_a_function():
    with pytest.raises(ValidationError, match="is not a function of the record"):
        workflow_machine(refunds.REFUNDS, refunds.refunds(), invariants=["amount > 0"])


def test_records_in_failures_show_only_what_differs_from_defaults():
    refund = refunds.Refund(number="RF000001", customer="CUS20240515001", amount=12)
    assert repr(Shown(refund)) == (
        "Refund(number='RF000001', customer='CUS20240515001', amount=12)"
    )


def test_records_in_failures_print_enums_as_python_and_keep_sensitive_values_masked():
    approved = refunds.Refund(
        number="RF000001",
        customer="CUS20240515001",
        amount=12,
        status=refunds.S.APPROVED,
        approver_role=Role.SALES_DIRECTOR,
    )
    assert repr(Shown(approved)) == (
        "Refund(number='RF000001', customer='CUS20240515001', amount=12, "
        "status=RefundStatus.APPROVED, approver_role=Role.SALES_DIRECTOR)"
    )
    contact = Contact(name="赵六", phone="13812345678", is_primary=True)
    shown = repr(Shown(_Account(contacts=(contact,))))
    assert (
        shown == "_Account(contacts=(Contact(name='赵六', phone='138****5678', is_primary=True),))"
    )


@attrs.frozen
class _Account:
    contacts: tuple[Contact, ...]


def test_a_teams_own_enum_is_written_and_read_by_value():
    refund = refunds.Refund(
        number="RF000001", customer="C1", amount=12, status=refunds.RefundStatus.APPROVED
    )
    row = to_dict(refund)
    assert row["status"] == "approved"
    assert from_dict(refunds.Refund, row) == refund


def test_a_teams_own_enum_refuses_text_it_does_not_name():
    row = to_dict(refunds.Refund(number="RF000001", customer="C1", amount=12))
    with pytest.raises(ValidationError, match=r"Refund\.status: 'nope' is not a RefundStatus"):
        from_dict(refunds.Refund, {**row, "status": "nope"})


def test_the_machines_test_case_leaves_the_explain_phase_out_where_it_traces_with_settrace():
    case = workflow_machine(refunds.REFUNDS, refunds.refunds()).TestCase
    assert (Phase.explain in case.settings.phases) is (sys.version_info >= (3, 12))
    assert Phase.shrink in case.settings.phases
    assert case.settings.deadline is None  # as Hypothesis's own machines


def test_targets_are_opt_in_and_score_states_reached_and_outcomes_seen(monkeypatch):
    scores = {}

    def record(score, label):
        scores[label] = max(score, scores.get(label, 0))

    monkeypatch.setattr(machines, "target", record)
    few = settings(max_examples=30, database=None, deadline=None)
    plain = workflow_machine(refunds.REFUNDS, refunds.refunds(), data=refunds.EVENT_DATA)
    run_state_machine_as_test(plain, settings=few)
    assert scores == {}
    aimed = workflow_machine(
        refunds.REFUNDS, refunds.refunds(), data=refunds.EVENT_DATA, targets=True
    )
    run_state_machine_as_test(aimed, settings=few)
    assert scores["states reached"] >= 3
    assert scores["(state, event, outcome) seen"] > scores["states reached"]
