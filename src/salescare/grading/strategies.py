"""What follows from a grade (RULES GR-6, HL-4): who follows up, how often, with what.

The tables are data (``salescare/data/strategies.toml``), read once when this module loads.

Examples:
    >>> from salescare.vocabulary import Grade
    >>> GRADE_STRATEGIES[Grade.B].cadence
    'weekly'
    >>> HEALTH_STRATEGIES[(Health.SUB_HEALTHY, "relationship")]
    'sales adds a monthly phone call (HL-4)'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from salescare.data import read_toml
from salescare.i18n import Text
from salescare.vocabulary import Grade, Health, Role

__all__ = ["GRADE_STRATEGIES", "HEALTH_STRATEGIES", "Strategy"]


@attrs.frozen(kw_only=True)
class Strategy:
    """What follows from a grade: who follows up, how often, what they send (RULES GR-6).

    Examples:
        >>> GRADE_STRATEGIES[Grade.D].owners
        ()
    """

    grade: Grade
    owners: tuple[Role, ...]
    cadence: str
    contents: tuple[str, ...]
    rule: str = "GR-6"


def _grade_strategies(table: Mapping[str, Any]) -> Mapping[Grade, Strategy]:
    return MappingProxyType(
        {
            Grade.parse(grade): Strategy(
                grade=Grade.parse(grade),
                owners=tuple(Role.parse(owner) for owner in row["owners"]),
                cadence=Text(row["cadence"]),
                contents=tuple(Text(item) for item in row["contents"]),
            )
            for grade, row in table.items()
        }
    )


def _health_strategies(rows: list[dict[str, str]]) -> Mapping[tuple[Health, str | None], str]:
    return MappingProxyType(
        {(Health.parse(row["health"]), row.get("weak")): Text(row["strategy"]) for row in rows}
    )


_TABLES = read_toml("strategies.toml")

GRADE_STRATEGIES: Mapping[Grade, Strategy] = _grade_strategies(_TABLES["grade"])
"""002 step 3: the follow-up strategy of each grade."""

HEALTH_STRATEGIES: Mapping[tuple[Health, str | None], str] = _health_strategies(_TABLES["health"])
"""000 §3.4 step 3: the retention strategy for each health grade (and weak dimension)."""
