"""What each import loads: the package is lazy, records need only records, Hypothesis's plugin
registers on both sides of the import order. Times are measured in benchmarks/imports.py."""

import importlib
import json
import subprocess
import sys

import pytest

from salescare import _hypothesis_plugin


def _loaded_after(statement: str, *, env: dict[str, str] | None = None) -> set[str]:
    code = (
        "import sys, json\n"
        "before = set(sys.modules)\n"
        f"{statement}\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter on our own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def _ours(modules: set[str]) -> set[str]:
    return {m for m in modules if m == "salescare" or m.startswith("salescare.")}


def test_importing_the_package_loads_none_of_its_modules():
    assert _ours(_loaded_after("import salescare")) == {"salescare"}


def test_the_package_names_load_on_first_use():
    loaded = _loaded_after("import salescare; salescare.Level")
    assert "salescare.vocabulary" in loaded
    assert "salescare.workflow" not in loaded
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        importlib.import_module("salescare").nothing  # noqa: B018 - the look-up is the test


def test_a_record_loads_only_what_records_need():
    loaded = _loaded_after("from salescare.models import Ticket")
    assert not {"cattrs", "dateutil", "hypothesis"} & {m.split(".")[0] for m in loaded}
    heavy = {"salescare.sla", "salescare.calendars", "salescare.workflow", "salescare.serialize"}
    assert not heavy & loaded
    # only the ticket's own module among the records
    assert "salescare.models.tickets" in loaded
    assert "salescare.models.sales" not in loaded


def test_importing_hypothesis_loads_only_the_plugin():
    loaded = _ours(_loaded_after("import hypothesis"))
    assert loaded <= {"salescare", "salescare._hypothesis_plugin"}


@pytest.mark.parametrize(
    "order",
    [
        "import hypothesis; from salescare.models import Ticket",
        "from salescare.models import Ticket; import hypothesis",
    ],
)
def test_from_type_finds_our_strategies_whatever_the_import_order(order):
    code = (
        f"{order}\n"
        "from hypothesis import strategies as st\n"
        "from salescare import testing\n"
        "print(repr(st.from_type(Ticket)) == repr(testing.tickets()))\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter on our own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "True"


@pytest.mark.parametrize("module", sorted(_hypothesis_plugin._STRATEGY_FOR))
def test_every_registered_type_lives_in_the_module_that_announces_it(module):
    loaded = importlib.import_module(module)
    for name in _hypothesis_plugin._STRATEGY_FOR[module]:
        assert getattr(loaded, name).__module__ == module
    assert module in _hypothesis_plugin._loaded
