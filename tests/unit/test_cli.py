import json

import pytest

from salescare.catalogue import RULES
from salescare.cli import main


def test_demo_reads_the_sample_book_and_reports_gaps(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "3 handovers, 7 tickets read and valid" in out
    assert "HT20240517002" in out  # the form with gaps
    assert "HT20240515001" not in out  # the complete one is not listed
    assert "requirement_history: is empty or vague" in out
    assert "FW20240519001" in out  # the in-progress L2 ticket past its 8 h resolution target
    assert "resolve an L2 ticket within 8 h (TK-3)" in out
    assert "appeasement due (TK-9)" in out


def test_rules_lists_every_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for entry in RULES:
        assert f"  {entry.id} " in out


def test_rules_as_json(capsys):
    assert main(["rules", "--family", "tk", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [f"TK-{n}" for n in range(1, 11)]


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
    assert "$[0].number" in err
    assert "$[0].level: 'L4' is not a ticket level" in err


def test_check_accepts_valid_records(tmp_path, capsys):
    path = tmp_path / "contact.json"
    path.write_text('{"name": "赵六", "phone": "13812345678"}', "utf-8")
    assert main(["check", "contact", str(path)]) == 0
    assert "1 valid Contact record(s)" in capsys.readouterr().out


def test_check_reports_unreadable_json(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text("{", "utf-8")
    assert main(["check", "ticket", str(path)]) == 2
    assert "cannot read JSON" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error():
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
