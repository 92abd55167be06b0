import importlib.util
import json
from importlib import resources
from pathlib import Path

import pytest

from salescare.catalogue import RULES
from salescare.cli import main


def test_demo_prints_the_monday_report(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "53 customers, 200 tickets" in out
    for section in (
        "1. What is due, by whom, and what is late",
        "2. Grades",
        "3. Customer health",
        "4. Open tickets breaching or at risk",
        "5. Follow-ups overdue",
        "6. Revisit queue",
        "7. Handovers not yet confirmed",
        "8. KPIs",
        "9. Today's stand-up, Mon 17 Jun 17:00",
    ):
        assert section in out
    assert "HT20240517002" in out  # the hand-written form with gaps
    assert "HT20240515001" not in out  # the confirmed one is not listed
    assert "requirement_history: is empty or vague" in out
    assert "FW20240519001" in out  # the in-progress L2 ticket far past its 8 h target
    assert "resolve an L2 ticket within 8 h (TK-3)" in out
    assert "appeasement due (TK-9)" in out
    assert "recorded A, now B" in out  # an out-of-date grade (GR-5)
    assert "win back" in out
    assert "on-time resolution of L1/L2 tickets" in out
    assert "off-limits to S0106 (CX-4)" in out


def test_bundled_book_is_the_generators_output():
    script = Path(__file__).resolve().parents[2] / "scripts" / "make_sample_book.py"
    spec = importlib.util.spec_from_file_location("make_sample_book", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bundled = resources.files("salescare.data").joinpath("sample_book.json").read_text("utf-8")
    assert bundled == module.render(), "rerun: python scripts/make_sample_book.py"


def test_rules_lists_every_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for entry in RULES:
        assert f"  {entry.id} " in out


def test_rules_as_json(capsys):
    assert main(["rules", "--family", "tk", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [f"TK-{n}" for n in range(1, 16)]


def test_check_reports_every_bad_field_and_exits_2(tmp_path, capsys):
    path = tmp_path / "tickets.json"
    path.write_text(
        json.dumps(
            [
                {
                    "number": "FW20240230001",
                    "customer": "CUS20240515001",
                    "customer_name": "x",
                    "description": "y",
                    "submitted_at": "2024-05-15T09:00:00+08:00",
                    "level": "L4",
                }
            ]
        ),
        "utf-8",
    )
    assert main(["check", "ticket", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:1:2: $[0].number" in err
    assert "$[0].level: 'L4' is not a ticket level" in err


def test_check_accepts_valid_records(tmp_path, capsys):
    path = tmp_path / "contact.json"
    path.write_text('{"name": "赵六", "phone": "13812345678"}', "utf-8")
    assert main(["check", "contact", str(path)]) == 0
    assert "1 valid Contact record" in capsys.readouterr().out


def test_check_reports_unreadable_json(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text("{", "utf-8")
    assert main(["check", "ticket", str(path)]) == 2
    assert f"{path}:1:2: is not JSON" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error():
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
