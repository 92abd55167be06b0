"""The ``salescare`` command.

``salescare demo`` checks the bundled sample book (a small fictional company's handovers and
tickets) and prints what is not ready; ``salescare rules`` prints the rule catalogue.
``salescare check KIND FILE`` validates a JSON file of records and reports every bad field.

Examples:
    >>> main(["rules", "--family", "TK"])  # doctest: +ELLIPSIS
    TK  After-sales issue tickets (售后问题)
      TK-1   enforced  Ticket number format (问题编号) [FW + YYYYMMDD + 3-digit serial]
    ...
    0
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import salescare
from salescare.catalogue import FAMILIES, RULES, markdown_table, summary
from salescare.completeness import handover_gaps
from salescare.errors import SalescareError, ValidationError
from salescare.models import RECORD_TYPES, Handover, Ticket
from salescare.serialize import from_dict, to_dict
from salescare.sla import ticket_sla_many

__all__ = ["main"]

_KINDS = {cls.__name__.lower(): cls for cls in RECORD_TYPES}
_EXIT_BAD_INPUT = 2


def _load_sample() -> dict[str, Any]:
    text = resources.files("salescare.data").joinpath("sample_book.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _demo(_: argparse.Namespace) -> int:
    book = _load_sample()
    handovers = from_dict(list[Handover], book["handovers"])
    tickets = from_dict(list[Ticket], book["tickets"])
    print(f"salescare {salescare.__version__} — demo on the bundled sample book")
    print(f"{book['company']}: {len(handovers)} handovers, {len(tickets)} tickets read and valid")
    print()
    print("Handovers not ready to submit (HO-6):")
    for form in handovers:
        gaps = handover_gaps(form)
        if gaps:
            print(f"  {form.contract_number} {form.customer_name}")
            for gap in gaps:
                print(f"    - {gap}")
    print()
    print("Tickets by status (TK-7):")
    for status in sorted({t.status for t in tickets}):
        count = sum(t.status is status for t in tickets)
        print(f"  {_pad(status.label, 20)} {count}")
    now = datetime.fromisoformat(book["as_of"])
    print()
    print(f"Ticket clocks breached or at risk as of {now.isoformat()} (TK-2…TK-8):")
    for sla in ticket_sla_many(tickets, now=now):
        flagged = [*sla.breaches, *sla.at_risk]
        for clock in flagged:
            print(f"  {sla.ticket.number}  {_pad(clock.status.label, 18)} {clock.reason}")
        if sla.appeasement_due:
            print(
                f"  {sla.ticket.number}  satisfaction {sla.ticket.satisfaction} ≤ 3: "
                "appeasement due (TK-9)"
            )
    print()
    print("Rule catalogue:")
    _print_summary()
    return 0


def _pad(text: str, width: int) -> str:
    # East Asian wide characters take two terminal columns; pad by columns, not characters.
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - columns, 0)


def _print_summary() -> None:
    for family, title, done, total in summary():
        print(f"  {family}  {done:>2}/{total:<2} with enforcement  {title}")


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
            print(f"  {entry.id:<6} {entry.status:<9} {entry.statement}{default}")
    return 0


def _check(args: argparse.Namespace) -> int:
    kind = _KINDS[args.kind]
    path = Path(args.file)
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"{path}: cannot read JSON ({exc})", file=sys.stderr)
        return _EXIT_BAD_INPUT
    rows = data if isinstance(data, list) else [data]
    try:
        records = from_dict(list[kind], rows)  # type: ignore[valid-type]
    except ValidationError as exc:
        for leaf in exc.errors:
            print(f"{path}: {leaf}", file=sys.stderr)
        return _EXIT_BAD_INPUT
    print(f"{path}: {len(records)} valid {kind.__name__} record(s)")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="salescare", description="Sales and after-sales operating rules."
    )
    parser.add_argument("--version", action="version", version=salescare.__version__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="check the bundled sample book")
    demo.set_defaults(run=_demo)
    rules = commands.add_parser("rules", help="print the rule catalogue")
    rules.add_argument("--family", choices=sorted(FAMILIES) + [f.lower() for f in FAMILIES])
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.set_defaults(run=_rules)
    check = commands.add_parser("check", help="validate a JSON file of records")
    check.add_argument("kind", choices=sorted(_KINDS))
    check.add_argument("file")
    check.set_defaults(run=_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except SalescareError as exc:
        print(f"salescare: {exc}", file=sys.stderr)
        return _EXIT_BAD_INPUT
    except BrokenPipeError:
        # `salescare rules | head`: the reader left; stop quietly, as Unix tools do
        # (the Python docs' recipe: point stdout at devnull so the final flush cannot fail).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
