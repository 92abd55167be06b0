"""A team's own workflow (examples/refunds.py) tested with its own invariants, end to end."""

import importlib.util
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test
from tests.budget import share

from salescare.errors import ValidationError
from salescare.models import Role
from salescare.serialize import from_dict, to_dict
from salescare.testing import Shown, workflow_machine

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
    assert "approver_role=<Role.SALES_REP" in message
    assert "booked_at=None" not in message


def test_each_event_is_a_rule_of_its_own():
    machine = workflow_machine(refunds.REFUNDS, refunds.refunds())
    rules = sorted(name for name in vars(machine) if name.startswith("fire_"))
    assert rules == ["fire_amend", "fire_approve", "fire_book", "fire_reject", "fire_request"]


def test_an_invariant_must_be_a_function():
    with pytest.raises(ValidationError, match="is not a function of the record"):
        workflow_machine(refunds.REFUNDS, refunds.refunds(), invariants=["amount > 0"])


def test_records_in_failures_show_only_what_differs_from_defaults():
    refund = refunds.Refund(number="RF000001", customer="CUS20240515001", amount=12)
    assert repr(Shown(refund)) == (
        "Refund(number='RF000001', customer='CUS20240515001', amount=12)"
    )


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
