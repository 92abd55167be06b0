"""The ``salescare`` command.

``salescare demo`` runs on the bundled sample book (a small fictional company) and prints a
supervisor's Monday report; ``salescare grade FILE`` adds value-potential and health grades to a
CSV, JSON Lines or JSON table; ``salescare sla FILE --as-of …`` reports every ticket's SLA
clocks; ``salescare rules`` prints the rule catalogue and ``salescare glossary`` the terms;
``salescare check KIND FILE`` validates a JSON file of records and reports every bad field.

Bad input ends with exit code 2 and ``file:line:column: problem`` on stderr; ``--out`` is
written only when the whole run succeeds. CSV and JSON Lines are read in chunks (a million
rows take constant memory); a JSON array is read whole, so prefer JSON Lines for big files.
With the ``frame`` extra, ``grade`` and ``sla`` compute a CSV file a column at a time
(:mod:`salescare._chunked`), with the same output and errors as row by row.

Examples:
    >>> main(["rules", "--family", "TK"])  # doctest: +ELLIPSIS
    TK  After-sales issue tickets (售后问题)
      TK-1   enforced  Ticket number format (问题编号) [FW + YYYYMMDD + 3-digit serial]
    ...
    0
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

import salescare
from salescare import _chunked as chunked
from salescare import glossary
from salescare._checks import zone
from salescare._demo import load_sample, report
from salescare._errortext import shorten
from salescare._tabular import Chunk, Reader, Row, format_of, json_items, pipeline, read_text
from salescare._writing import (
    LANGUAGES,
    Progress,
    Sink,
    SinkKind,
    column_labels,
    headers_language,
    output,
    pad,
)
from salescare.catalogue import FAMILIES, RULES, markdown_table
from salescare.errors import (
    FileFormatError,
    NaiveDatetimeError,
    SalescareError,
    ValidationError,
)
from salescare.grading import grade_customer, grade_health
from salescare.i18n import (
    current_locale,
    joined,
    locale_from_environment,
    ntr,
    tr,
    translate,
    use_locale,
)
from salescare.models import RECORD_TYPES, Grade, Ticket
from salescare.serialize import from_dict, to_dict
from salescare.sla import Measurement, SlaStatus, ticket_sla

__all__ = ["main"]

_KINDS = {cls.__name__.lower(): cls for cls in RECORD_TYPES}
_EXIT_BAD_INPUT = 2
_EXIT_SOFTWARE = 70  # sysexits' EX_SOFTWARE: a bug of ours, not the user's input


def _demo(_: argparse.Namespace) -> int:
    report(load_sample(), sys.stdout, locale=current_locale())
    return 0


def _rules(args: argparse.Namespace) -> int:
    chosen = [r for r in RULES if args.family is None or r.family == args.family.upper()]
    if args.format == "json":
        print(json.dumps([to_dict(r) for r in chosen], ensure_ascii=False, indent=2))
        return 0
    if args.format == "markdown":
        print(markdown_table())
        return 0
    for family, title in FAMILIES.items():
        members = [r for r in chosen if r.family == family]
        if not members:
            continue
        print(f"{family}  {title}")
        for entry in members:
            default = f" [{entry.default}]" if entry.default else ""
            why = (
                translate(tr(" (not enforced: {reason})", reason=entry.reason))
                if entry.reason
                else ""
            )
            print(f"  {entry.id:<6} {entry.status:<9} {entry.statement}{default}{why}")
    return 0


def _check(args: argparse.Namespace) -> int:
    kind = _KINDS[args.kind]
    path = Path(args.file)
    tz = None if args.tz is None else zone(args.tz, ("--tz",))
    if path.suffix.lower() in {".csv", ".xlsx"}:  # a table of flat records, a record a row
        fields = attrs.fields(kind)
        reader = Reader(
            path,
            fields=tuple(f.name for f in fields),
            required=tuple(f.name for f in fields if f.default is attrs.NOTHING),
            record=kind.__name__,
        )
        records: list[tuple[int, Mapping[str, int], Any, tuple[str, int] | None]] = [
            (row.line, row.columns, dict(row.values), None) for row in reader
        ]
    else:
        items = json_items(str(path), read_text(path))
        records = [
            (item.line, {"": item.column}, item.data, ("$", index))
            for index, item in enumerate(items)
        ]
    problems = 0
    for line, columns, data, root in records:
        try:
            from_dict(kind, data, tz=tz)
        except ValidationError as exc:
            for leaf in exc.errors:  # at the leaf's column in a table, the record's in JSON
                name = str(leaf.path[1]) if len(leaf.path) > 1 else ""
                column = columns.get(name, columns.get("", 1))
                shown = leaf if root is None else leaf.relocated(root)  # $[i] in a JSON array
                print(f"{path}:{line}:{column}: {_said(shown)}", file=sys.stderr)
                problems += 1
    if problems:
        return _EXIT_BAD_INPUT
    valid = ntr(
        "{count} valid {kind} record",
        "{count} valid {kind} records",
        len(records),
        kind=kind.__name__,
    )
    print(f"{path}: {translate(valid)}")
    return 0


def _said(error: SalescareError, locale: str | None = None) -> str:
    """An error's message, with the library's keyword advice named as the option it is here."""
    return (
        error.message(locale)
        .replace("missing='unknown'", "--missing unknown")
        .replace('from_dict(..., tz="Asia/Shanghai")', "--tz Asia/Shanghai")
    )


_GRADE_FIELDS = ("annual_purchases", "potential", "relationship", "service")
_SEVERITY = {
    SlaStatus.BREACHED: 4,
    SlaStatus.AT_RISK: 3,
    SlaStatus.PAUSED: 2,
    SlaStatus.RUNNING: 1,
    SlaStatus.MET: 0,
}


def _output_kind(args: argparse.Namespace) -> SinkKind:
    if args.format is not None:
        kind: SinkKind = args.format
        if kind == "xlsx" and args.out is None:  # a workbook is a file, not a stream of text
            raise FileFormatError(
                "--format", 1, 1, tr("xlsx is written to a file: add --out x.xlsx")
            )
        return kind
    if args.out is not None:
        return format_of(Path(args.out))
    # a person at a terminal gets a table; a pipe or a file gets CSV
    return "text" if sys.stdout.isatty() else "csv"


def _reader(
    args: argparse.Namespace,
    fields: tuple[str, ...],
    required: tuple[str, ...],
    record: str | None = None,
) -> Reader:
    return Reader(
        Path(args.file),
        fields=fields,
        required=required,
        encoding=args.encoding,
        format=args.input_format,
        record=record,
    )


def _run_table(
    args: argparse.Namespace, reader: Reader, convert: Callable[[Row], Mapping[str, Any]]
) -> int:
    out = Path(args.out) if args.out else None
    started = time.perf_counter()
    with output(out) as handle:
        sink = _sink(args, handle, reader)
        count = pipeline(reader, convert, sink, Progress(quiet=args.quiet))
    _summary(args, reader, sink, count, time.perf_counter() - started)
    return 0


# what each table command counts in its summary line: (column, values, what those rows are,
# what the others are); values None counts the rows with the column filled
_TALLIES: dict[str, tuple[str, frozenset[str] | None, str, str]] = {
    "grade": ("grade", None, tr("graded"), tr("left ungraded")),
    "sla": ("worst", frozenset({"breached", "at_risk"}), tr("breached or at risk"), tr("on time")),
}


def _sink(args: argparse.Namespace, handle: Any, reader: Reader) -> Sink:
    column, values, _, _ = _TALLIES[args.command]
    language = args.lang or headers_language(reader)
    labels = column_labels(args.command, language)
    return Sink(handle, _output_kind(args), tally=(column, values), labels=labels, locale=language)


def _summary(
    args: argparse.Namespace, reader: Reader, sink: Sink, count: int, seconds: float
) -> None:
    """One line on stderr: rows read, how many were what, where they went, how long."""
    if args.quiet:
        return
    _, _, counted, others = _TALLIES[args.command]
    where = f" → {args.out}" if args.out else ""
    line = ntr(
        "{rows} row read, {tallied} {counted}, {rest} {others}",
        "{rows} rows read, {tallied} {counted}, {rest} {others}",
        count,
        rows=f"{count:,}",
        tallied=f"{sink.tallied:,}",
        counted=counted,
        rest=f"{count - sink.tallied:,}",
        others=others,
    )
    print(f"{reader.path}: {translate(line)}{where} ({seconds:.1f} s)", file=sys.stderr)


def _score_text(value: Any) -> Any:
    # spreadsheets write whole scores as 4.0; the grading functions read numbers, not text
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    return value


def _value(member: Grade | None) -> str | None:
    return None if member is None else member.value


def _amount_text(value: Any) -> Any:
    # read plain numbers here so grading takes its fast path; anything else (text the
    # grading function will reject with a precise message) is passed on unchanged
    if isinstance(value, str):
        try:
            amount = Decimal(value.replace(",", ""))
        except InvalidOperation:
            return value
        return amount if amount.is_finite() else value
    return value


def _grade(args: argparse.Namespace) -> int:
    reader = _reader(args, _GRADE_FIELDS, ("annual_purchases", "potential"))

    def convert(row: Row) -> dict[str, Any]:
        values = row.values
        result = grade_customer(
            _amount_text(values.get("annual_purchases")),
            _score_text(values.get("potential")),
            missing=args.missing,
        )
        out: dict[str, Any] = dict(row.cells)
        # the enums' plain values: no per-cell conversion when writing a million rows
        out |= {
            "grade": _value(result.grade),
            "value_tier": _value(result.value_tier),
            "potential_tier": _value(result.potential_tier),
        }
        has_health = _health_columns(reader, row.columns)
        if has_health:
            health = grade_health(
                values.get("relationship"), values.get("service"), missing=args.missing
            )
            out |= {"health": health.health, "weak_dimension": health.weak_dimension}
        if args.reason:
            out["reason"] = (
                joined("; ", [result.reason, health.reason]) if has_health else result.reason
            )
        return out

    if _chunked_input(args, reader) and not args.reason:
        from salescare._cli_kernels import GradeKernel  # noqa: PLC0415 - needs the frame extra

        def kernel_for(chunk: Chunk) -> chunked.Kernel:
            columns = {name: index + 1 for index, name in chunk.mapping.items()}
            return GradeKernel(health=_health_columns(reader, columns))

        return _run_chunks(args, reader, kernel_for, convert)
    return _run_table(args, reader, convert)


def _health_columns(reader: Reader, columns: Mapping[str, int]) -> bool:
    """Whether rows have health scores; one of the two columns alone is refused."""
    has_r, has_s = "relationship" in columns, "service" in columns
    if has_r != has_s:
        present, absent = ("relationship", "service") if has_r else ("service", "relationship")
        raise FileFormatError(
            str(reader.path),
            1,
            1,
            tr("has a {present} column but no {absent} column", present=present, absent=absent),
        )
    return has_r


def _chunked_input(args: argparse.Namespace, reader: Reader) -> bool:
    """Whether the input is a CSV file the column engine can read (with the frame extra)."""
    kind = args.input_format or format_of(reader.path)
    return kind == "csv" and chunked.available()


def _run_chunks(
    args: argparse.Namespace,
    reader: Reader,
    kernel_for: Callable[[Chunk], chunked.Kernel],
    convert: Callable[[Row], Mapping[str, Any]],
) -> int:
    out = Path(args.out) if args.out else None
    started = time.perf_counter()
    with output(out) as handle:
        sink = _sink(args, handle, reader)
        chunks = reader.chunks(chunked.CHUNK_ROWS)
        progress = Progress(quiet=args.quiet)
        count = chunked.run_chunks(chunks, kernel_for, convert, sink, progress)
    _summary(args, reader, sink, count, time.perf_counter() - started)
    return 0


def _as_of(text: str, tz: tzinfo | None = None) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            ("--as-of",), text, tr("is not an ISO 8601 datetime"), "e.g. 2024-05-20T09:00:00+08:00"
        ) from None
    if moment.utcoffset() is None:
        if tz is None:
            raise NaiveDatetimeError.for_field(("--as-of",), text)
        moment = from_dict(datetime, text, tz=tz)
    return moment


_FLAGGED = frozenset({SlaStatus.BREACHED, SlaStatus.AT_RISK})


def _clock_name(measurement: Measurement) -> str:
    return measurement.target.key


def _sla(args: argparse.Namespace) -> int:
    tz = None if args.tz is None else zone(args.tz, ("--tz",))
    now = _as_of(args.as_of, tz)
    fields = tuple(field.name for field in attrs.fields(Ticket))
    required = ("number", "customer", "customer_name", "description", "submitted_at")
    reader = _reader(args, fields, required, "Ticket")

    def convert(row: Row) -> dict[str, Any]:
        ticket = from_dict(Ticket, dict(row.values), tz=tz)
        sla = ticket_sla(ticket, now=now)
        clocks = sla.measurements
        worst = max(clocks, key=lambda m: _SEVERITY[m.status])
        flagged = [m for m in clocks if m.status in _FLAGGED]
        return {
            "number": ticket.number,
            "customer": ticket.customer,
            "level": ticket.level or "",
            "status": ticket.status,
            "response": sla.response.status if sla.response else "",
            "resolution": sla.resolution.status if sla.resolution else "",
            "resolution_due": sla.resolution.due.isoformat() if sla.resolution else "",
            "worst": worst.status,
            "flagged": " ".join(_clock_name(m) for m in flagged),
            "reason": worst.reason
            if worst.status in {SlaStatus.BREACHED, SlaStatus.AT_RISK}
            else "",
        }

    if _chunked_input(args, reader):
        from salescare._sla_kernel import SlaKernel  # noqa: PLC0415 - needs the frame extra
        from salescare._vector import to_instant  # noqa: PLC0415

        # the column engine writes its reasons in the columns' language, as the Sink does
        kernel = SlaKernel(to_instant(now), locale=args.lang or headers_language(reader))

        return _run_chunks(args, reader, lambda _: kernel, convert)
    return _run_table(args, reader, convert)


def _glossary(args: argparse.Namespace) -> int:
    if args.format == "markdown":
        print(glossary.markdown())
        return 0
    for term in sorted(glossary.FIELDS.values(), key=lambda t: t.name):
        print(f"{pad(term.name, 26)} {pad(term.zh_hans, 24)} {term.zh_hant}")
    return 0


def _table_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "file", help="a .csv, .xlsx, .jsonl or .json file (a text file's encoding is detected)"
    )
    command.add_argument(
        "--out", help="write here (.csv, .xlsx, .jsonl or .json), only if all is well"
    )
    command.add_argument(
        "--format",
        choices=("text", "csv", "jsonl", "json", "xlsx"),
        help="output format (default: from --out, else a table on a terminal, CSV in a pipe)",
    )
    command.add_argument("--input-format", choices=("csv", "jsonl", "json", "xlsx"))
    command.add_argument(
        "--quiet", action="store_true", help="no progress and no summary line on stderr"
    )
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the language of messages and result columns (default: messages in the "
        "language of LANG, columns in the input headers' language)",
    )
    command.add_argument(
        "--encoding",
        default="auto",
        help="auto (a byte-order mark, else UTF-8, else GB18030), or a codec such as gb18030",
    )


_LANG_HELP = "the language of the report and messages (default: the language of LANG)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="salescare", description="Sales and after-sales operating rules."
    )
    parser.add_argument("--version", action="version", version=salescare.__version__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="check the bundled sample book")
    demo.add_argument("--lang", choices=LANGUAGES, help=_LANG_HELP)
    demo.set_defaults(run=_demo)
    rules = commands.add_parser("rules", help="print the rule catalogue")
    rules.add_argument("--family", choices=sorted(FAMILIES) + [f.lower() for f in FAMILIES])
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.set_defaults(run=_rules)
    check = commands.add_parser("check", help="validate a JSON file of records")
    check.add_argument("kind", choices=sorted(_KINDS))
    check.add_argument("file", help="a .json file of records, or a .csv or .xlsx table of them")
    check.add_argument("--tz", help="the zone of times written without an offset")
    check.add_argument("--lang", choices=LANGUAGES, help=_LANG_HELP)
    check.set_defaults(run=_check)
    grade = commands.add_parser(
        "grade", help="add A/B/C/D grades (and health) to a table of customers"
    )
    _table_options(grade)
    grade.add_argument("--reason", action="store_true", help="add the reason for each grade")
    grade.add_argument(
        "--missing",
        choices=("reject", "unknown"),
        default="reject",
        help="an empty score or amount: refuse the file (reject), or leave the grade empty",
    )
    grade.set_defaults(run=_grade)
    sla = commands.add_parser("sla", help="SLA status of every ticket in a table")
    _table_options(sla)
    sla.add_argument(
        "--as-of", required=True, help="ISO time with offset, e.g. 2024-05-20T09:00+08:00"
    )
    sla.add_argument(
        "--tz",
        help="the zone of times written without an offset (an IANA name such as Asia/Shanghai);"
        " without it such times are refused",
    )
    sla.set_defaults(run=_sla)
    terms = commands.add_parser("glossary", help="print the field glossary")
    terms.add_argument("--format", choices=("text", "markdown"), default="text")
    terms.set_defaults(run=_glossary)
    return parser


class _Stopped(BaseException):
    """A termination signal, raised where the command is (so every file is cleaned up)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _stop(number: int, _: object) -> None:
    raise _Stopped(number)


@contextlib.contextmanager
def _signals_stop_the_run() -> Iterator[None]:
    """SIGTERM and SIGHUP end the run like Ctrl-C does: by an exception, not on the spot."""
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError, OSError):  # not the main thread: leave them
                previous[number] = signal.signal(number, _stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Bad input or a bad environment (a missing folder, a full disk) ends with a one-line
    message and exit code 2, never a traceback; an interruption (Ctrl-C, SIGTERM, SIGHUP)
    with 128 + the signal's number. ``--out`` is written whole or not at all.
    """
    args = _parser().parse_args(argv)
    language = getattr(args, "lang", None) or locale_from_environment()
    try:
        with _signals_stop_the_run(), use_locale(language):
            code: int = args.run(args)
    except SalescareError as exc:
        print(f"salescare: {_said(exc, language)}", file=sys.stderr)
        return _EXIT_BAD_INPUT
    except BrokenPipeError:
        # `salescare rules | head`: the reader left; stop quietly, as Unix tools do
        # (the Python docs' recipe: point stdout at devnull so the final flush cannot fail).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (_Stopped, KeyboardInterrupt) as stop:
        number = stop.number if isinstance(stop, _Stopped) else signal.SIGINT
        name = signal.Signals(number).name
        if getattr(args, "out", None):
            said = tr("stopped by {signal}; --out was not written", signal=name)
        else:
            said = tr("stopped by {signal}", signal=name)
        print(f"salescare: {translate(said)}", file=sys.stderr)
        return 128 + number
    except OSError as exc:  # the environment: a full disk, a closed terminal
        print(f"salescare: {exc.strerror or exc}", file=sys.stderr)
        return _EXIT_BAD_INPUT
    except Exception as exc:
        if os.environ.get("SALESCARE_DEBUG"):
            raise
        said = tr(
            "unexpected {kind}: {error}. This is a bug: please report it (SALESCARE_DEBUG=1 "
            "shows the traceback)",
            kind=type(exc).__name__,
            error=shorten(str(exc), 200),
        )
        print(f"salescare: {translate(said)}", file=sys.stderr)
        return _EXIT_SOFTWARE
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
