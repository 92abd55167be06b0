"""The rule catalogue: every rule ID of the manuals, its default, and what enforces it.

The same IDs appear in the docs (``docs/rules.md``), in results' ``rule`` fields and in error
messages, so a reader can go from a manual's sentence to the function that enforces it and the
test that proves it. A rule's ``status`` is ``enforced`` when a test shows a record event
starting and discharging it, or a check refusing a record; ``recorded`` when the records hold
its data but nothing can enforce it (``reason`` says why); ``planned`` while neither.

The catalogue is data, ``salescare/data/rules.toml``; this module reads it. A default that
quotes a timer names it (``{TK-2}``) and the timer's amount is written out from
``timers.toml``, the one place it is typed.

Examples:
    >>> from salescare.catalogue import RULES, rule
    >>> rule("TK-1").default
    'FW + YYYYMMDD + 3-digit serial'
    >>> rule("TK-2").default
    "TIMERS['TK-2']: 15 min elapsed"
    >>> rule("TK-1").enforced_by
    ('salescare.ids.TicketNo',)
    >>> len(RULES) == len({r.id for r in RULES})
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, Literal

import attrs

from salescare._edge import edge
from salescare._renames import old_names
from salescare.data import read_toml
from salescare.errors import ValidationError
from salescare.i18n import Text, tr

__all__ = ["FAMILIES", "RULES", "RuleEntry", "markdown_table", "rule", "summary", "timer_words"]

Status = Literal["enforced", "recorded", "planned"]


@attrs.frozen(kw_only=True)
class RuleEntry:
    """One rule of the catalogue: ID, statement, default, and where it is enforced and proved.

    (Formerly ``Rule``: the old name still works, with a warning, for one release.)

    Examples:
        >>> rule("HO-3").family, rule("HO-3").status
        ('HO', 'enforced')
    """

    id: str
    statement: str
    default: str = ""
    status: Status = "planned"
    enforced_by: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    reason: str = ""
    """Why a ``recorded`` rule is not enforced."""

    @property
    def family(self) -> str:
        """The family prefix, e.g. ``TK``."""
        return self.id.split("-", 1)[0]


_UNITS = (
    ("minutes", "min", "min"),
    ("hours", "h", "h"),
    ("days", "day", "days"),
    ("working_days", "working day", "working days"),
    ("months", "month", "months"),
)
_TIMER = re.compile(r"\{([A-Z]{2}-\d+(?:\.[\w.]+)?)\}")


def timer_words(key: str) -> str:
    """The amount of timer ``key`` of ``timers.toml`` in words, as the catalogue quotes it.

    Examples:
        >>> timer_words("FB-6"), timer_words("LD-5"), timer_words("TK-2")
        ('7 days', '1 working day', '15 min')
    """
    row = _TIMERS.get(key) if isinstance(key, str) else None
    if row is None:
        raise ValidationError(
            ("key",), key, tr("is not a timer"), tr("a key of salescare.sla.TIMERS")
        )
    for unit, one, many in _UNITS:
        if unit in row:
            amount = row[unit]
            return f"{amount} {one if amount == 1 else many}"
    raise ValidationError(
        ("key",), key, tr("has no amount"), "one of " + ", ".join(u[0] for u in _UNITS)
    )


def _entry(row: Mapping[str, Any]) -> RuleEntry:
    return RuleEntry(
        id=row["id"],
        statement=row["statement"],
        default=_TIMER.sub(lambda m: timer_words(m.group(1)), row.get("default", "")),
        status=row.get("status", "planned"),
        enforced_by=tuple(row.get("enforced_by", ())),
        tests=tuple(row.get("tests", ())),
        reason=row.get("reason", ""),
    )


_TIMERS: dict[str, Mapping[str, Any]] = {
    row["key"]: row for row in read_toml("timers.toml")["timer"]
}
_DATA = read_toml("rules.toml")

FAMILIES: Mapping[str, str] = MappingProxyType(
    {family: Text(title) for family, title in _DATA["families"].items()}
)
"""Rule families in catalogue order, with their titles."""

RULES: tuple[RuleEntry, ...] = tuple(_entry(row) for row in _DATA["rule"])
"""Every rule of the catalogue, in catalogue order."""

_BY_ID = {entry.id: entry for entry in RULES}


@edge
def rule(rule_id: str) -> RuleEntry:
    """The catalogue entry for ``rule_id`` (e.g. ``"TK-3"``).

    Examples:
        >>> rule("TK-3").default
        "L1 1 h/4 h; L2 2 h/8 h; L3 4 h/24 h (TIMERS['TK-3.L1.resolve'] …)"
    """
    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise ValidationError(
            ("rule_id",), rule_id, tr("is not a rule of the catalogue"), tr("an ID such as TK-3")
        ) from None


@edge
def summary() -> Iterator[tuple[str, str, int, int]]:
    """Per family: prefix, title, rules enforced, and all rules.

    Examples:
        >>> next(summary())[:2]
        ('HO', 'Sales → after-sales handover (客户信息交接)')
    """
    for family, title in FAMILIES.items():
        members = [entry for entry in RULES if entry.family == family]
        done = sum(entry.status == "enforced" for entry in members)
        yield family, title, done, len(members)


@edge
def markdown_table() -> str:
    """The catalogue as the Markdown table ``docs/rules.md`` shows (a test keeps them equal).

    Examples:
        >>> print(markdown_table().splitlines()[0])
        | ID | Rule | Default | Status | Enforced by | Proved by |
    """
    lines = [
        "| ID | Rule | Default | Status | Enforced by | Proved by |",
        "|---|---|---|---|---|---|",
    ]
    for entry in RULES:
        enforced = "<br>".join(f"`{name}`" for name in entry.enforced_by)
        tests = "<br>".join(f"`{test}`" for test in entry.tests)
        status = f"recorded: {entry.reason}" if entry.status == "recorded" else entry.status
        lines.append(
            f"| {entry.id} | {entry.statement} | {entry.default} | {status} "
            f"| {enforced} | {tests} |"
        )
    return "\n".join(lines)


__getattr__ = old_names(__name__, {"Rule": ("RuleEntry", RuleEntry)})
