"""The command line on bad files and a bad environment: exit 2, file:line:column, no traceback,
no cell dropped or merged, no file left behind (on failure or on a signal)."""

import json
import signal
import subprocess
import sys
import time

import pytest

from salescare.cli import main

HEADER = "customer_name,annual_purchases,potential,relationship,service\n"


def run(*argv):
    return main([str(a) for a in argv])


def leftovers(folder, keep):
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.parametrize(
    ("rows", "where", "cells"),
    [
        ("Lake,600000,2,4,4\nHill,120000\n", ":3:3:", "has 2 cells for 5 columns"),
        ("Lake,600000,2,4,4\nHill,120000,5,3,3,extra\n", ":3:6:", "has 6 cells for 5 columns"),
        ("Lake,600000,2\n", ":2:4:", "has 3 cells for 5 columns"),
    ],
)
def test_ragged_rows_are_errors_at_their_line_and_column(tmp_path, capsys, rows, where, cells):
    book = tmp_path / "book.csv"
    book.write_text(HEADER + rows, "utf-8")
    out = tmp_path / "out.csv"
    assert run("grade", book, "--out", out) == 2
    err = capsys.readouterr().err
    assert f"{book}{where} {cells}" in err
    assert "Traceback" not in err
    assert leftovers(tmp_path, {"book.csv"}) == []


def test_two_columns_with_one_header_are_an_error_not_a_merge(tmp_path, capsys):
    book = tmp_path / "book.csv"
    book.write_text("note,annual_purchases,potential,note\nfirst,1000,3,second\n", "utf-8")
    assert run("grade", book, "--format", "csv") == 2
    assert f"{book}:1:4: column 'note' appears twice (column 1 first)" in capsys.readouterr().err


def test_json_rows_with_more_keys_than_the_first_are_an_error_for_csv(tmp_path, capsys):
    book = tmp_path / "book.jsonl"
    rows = [
        {"annual_purchases": 1000, "potential": 3},
        {"annual_purchases": 2000, "potential": 4, "region": "east"},
    ]
    book.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    assert run("grade", book, "--format", "csv") == 2
    err = capsys.readouterr().err
    assert f"{book}:2:" in err
    assert "column 'region' that the first row did not" in err
    # JSON Lines keeps each row's own keys: nothing is lost
    assert run("grade", book, "--format", "jsonl") == 0
    lines = capsys.readouterr().out.splitlines()
    assert json.loads(lines[1])["region"] == "east"


def test_a_json_key_given_twice_is_an_error(tmp_path, capsys):
    book = tmp_path / "book.jsonl"
    book.write_text('{"annual_purchases": 1000, "potential": 3, "potential": 5}\n', "utf-8")
    assert run("grade", book, "--format", "csv") == 2
    assert "key 'potential' appears twice" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_deeply_nested_json_is_an_error_not_a_recursion_traceback(tmp_path, capsys, suffix):
    book = tmp_path / f"book{suffix}"
    nested = "[" * 100_000 + "]" * 100_000
    text = '{"annual_purchases": 1, "potential": 3, "x": ' + nested + "}"
    book.write_text(f"[{text}]" if suffix == ".json" else text + "\n", "utf-8")
    assert run("grade", book, "--format", "csv") == 2
    err = capsys.readouterr().err
    assert "nested too deeply" in err
    assert "Traceback" not in err
    check = tmp_path / "ticket.json"
    check.write_text(nested, "utf-8")
    assert run("check", "ticket", check) == 2
    assert "nested too deeply" in capsys.readouterr().err


def test_a_utf16_file_is_read_by_its_mark_or_gets_the_utf16_hint(tmp_path, capsys):
    book = tmp_path / "book.csv"
    book.write_text(HEADER + "Lake,600000,2,4,4\n", "utf-16")  # Excel's "Unicode text"
    assert run("grade", book, "--format", "csv") == 0  # --encoding auto: the byte-order mark
    capsys.readouterr()
    assert run("grade", book, "--format", "csv", "--encoding", "utf-8") == 2
    err = capsys.readouterr().err
    assert "--encoding utf-16" in err
    assert "gb18030" not in err.lower()
    assert run("grade", book, "--format", "csv", "--encoding", "utf-16") == 0


def test_blank_lines_before_the_header_are_skipped(tmp_path, capsys):
    book = tmp_path / "book.csv"
    book.write_text("\n\n" + HEADER + "Lake,600000,2,4,4\n", "utf-8")
    assert run("grade", book, "--format", "jsonl") == 0
    assert json.loads(capsys.readouterr().out)["grade"] == "A"


def test_out_naming_a_folder_or_a_missing_folder_is_an_error(tmp_path, capsys):
    book = tmp_path / "book.csv"
    book.write_text(HEADER + "Lake,600000,2,4,4\n", "utf-8")
    assert run("grade", book, "--out", tmp_path) == 2
    assert "is a folder" in capsys.readouterr().err
    assert run("grade", book, "--out", tmp_path / "nowhere" / "out.csv") == 2
    assert "does not exist" in capsys.readouterr().err
    assert leftovers(tmp_path, {"book.csv"}) == []


def test_an_unknown_encoding_is_an_error(tmp_path, capsys):
    book = tmp_path / "book.csv"
    book.write_text(HEADER, "utf-8")
    assert run("grade", book, "--encoding", "klingon") == 2
    assert "'klingon' is not an encoding" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_mid_run_leaves_no_file_behind(tmp_path, name):
    book = tmp_path / "book.csv"
    with book.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        handle.writelines(f"C{n},{n * 37 % 900000},{n % 5 + 1},4,3\n" for n in range(400_000))
    out = tmp_path / "graded.csv"
    process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "salescare.cli", "grade", str(book), "--out", str(out)],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not any(p.suffix == ".part" for p in tmp_path.iterdir()):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    number = getattr(signal, name)
    process.send_signal(number)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 128 + number
    assert f"stopped by {name}; --out was not written" in err
    assert "Traceback" not in err
    assert leftovers(tmp_path, {"book.csv"}) == []
