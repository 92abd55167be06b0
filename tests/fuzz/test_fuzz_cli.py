"""Fuzz: the command line on generated files. Exit 0 or 2, never a traceback, no file left."""

import contextlib
import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from salescare.cli import main
from tests.budget import fuzz_share
from tests.fuzz.junk import texts

HEADERS = st.lists(
    st.sampled_from(
        [
            "annual_purchases",
            "年采购额",
            "potential",
            "潜力",
            "relationship",
            "service",
            "customer_name",
            "number",
            "customer",
            "description",
            "submitted_at",
            "level",
            "x",
            "",
        ]
    )
    | texts,
    min_size=0,
    max_size=7,
)
CELLS = st.lists(
    st.lists(texts | st.sampled_from(["600000", "3", "4.5", "-1", ""]), max_size=8), max_size=6
)


def _csv(headers, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def _run(argv):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    err = err.getvalue()
    assert code in {0, 2}, (code, err)
    assert "Traceback" not in err
    if code == 2:
        assert err.startswith("salescare: ") or ": " in err
    return code


contents = st.one_of(
    st.builds(_csv, HEADERS, CELLS),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.builds(
        lambda rows: "\n".join(json.dumps(r) for r in rows),
        st.lists(st.dictionaries(texts, texts | st.integers()), max_size=4),
    ),
    texts,
)
encodings = st.sampled_from(["utf-8", "utf-16", "gb18030", "latin-1"])


@fuzz_share()
@given(
    contents,
    st.sampled_from([".csv", ".jsonl", ".json", ".xlsx", ".txt", ""]),
    encodings,
    st.sampled_from(["grade", "sla", "check"]),
)
def test_commands_on_any_file(text, suffix, encoding, command):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        try:
            path.write_text(text, encoding, errors="replace")
        except UnicodeEncodeError:
            path.write_bytes(text.encode("utf-8", "replace"))
        out = Path(folder) / "out.csv"
        if command == "grade":
            argv = ["grade", str(path), "--out", str(out)]
        elif command == "sla":
            argv = ["sla", str(path), "--as-of", "2024-06-01T09:00:00+08:00", "--out", str(out)]
        else:
            argv = ["check", "ticket", str(path)]
        code = _run(argv)
        left = sorted(p.name for p in Path(folder).iterdir())
        expected = ["input" + suffix] + (["out.csv"] if code == 0 and command != "check" else [])
        assert left == sorted(expected)


_OPTIONS = (
    "--as-of",
    "--encoding",
    "--format",
    "--input-format",
    "--out",
    "--tz",
    "--lang",
    "--missing",
)


@fuzz_share()
@given(
    texts,
    st.sampled_from(_OPTIONS),
)
def test_options_with_junk(value, option):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.csv"
        path.write_text("annual_purchases,potential\n1000,3\n", "utf-8")
        argv = ["sla" if option in {"--as-of", "--tz"} else "grade", str(path), option, value]
        if option != "--as-of" and argv[0] == "sla":
            argv += ["--as-of", "2024-06-01T09:00:00+08:00"]
        try:
            _run(argv)
        except SystemExit as exit_:  # argparse refuses an option it does not know the value of
            assert exit_.code == 2
