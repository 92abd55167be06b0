"""Cadence policies: how often each tier of customer must (and may) be contacted.

Three named presets, none of them "the" cadence (the project's ruling on RULES FU-5), read
from ``salescare/data/cadences.toml``: :data:`SALES_ABCD` (002 step 3: GR-6 and FU-3),
:data:`SERVICE_ABC` (004: A weekly, B every two weeks, C monthly) and :data:`REVISIT_TIERS`
(001 RV-3: VIP 1–2 a month, normal 1 a quarter).

Examples:
    >>> SERVICE_ABC.cadence("C").max_gap_months
    1
    >>> SALES_ABCD.cadence("B").max_gap.days
    7
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Any, Literal

import attrs

from salescare._edge import check_fields
from salescare._hypothesis_plugin import announce
from salescare.data import read_toml
from salescare.errors import PolicyError, ValidationError
from salescare.i18n import Text, tr

__all__ = ["REVISIT_TIERS", "SALES_ABCD", "SERVICE_ABC", "Cadence", "CadencePolicy"]

Kind = Literal["neglect", "over_contact", "below_monthly_minimum", "below_quarterly_minimum"]


@attrs.frozen(kw_only=True)
class Cadence:
    """The contact rules of one tier.

    ``max_gap``: the longest time allowed without a contact (exactly ``max_gap`` is fine).
    ``max_gap_months``: the same in calendar months (004's "monthly"). ``min_per_month`` /
    ``max_per_month``: contacts each calendar month (only ``deep`` ones count toward the
    minimum when ``deep_only``). ``min_per_quarter`` / ``max_per_quarter``: contacts each
    calendar quarter.
    """

    tier: str
    max_gap: timedelta | None = None
    max_gap_months: int | None = None
    min_per_month: int = 0
    deep_only: bool = False
    max_per_month: int | None = None
    min_per_quarter: int = 0
    max_per_quarter: int | None = None
    rule: str = "GR-6"
    describe: str = ""

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = []
        if self.max_gap is not None and self.max_gap <= timedelta(0):
            problems.append(tr("max_gap {max_gap} is not positive", max_gap=self.max_gap))
        if self.max_gap is not None and self.max_gap_months is not None:
            problems.append(tr("set max_gap or max_gap_months, not both"))
        if self.max_per_month is not None and self.max_per_month < self.min_per_month:
            problems.append(
                tr(
                    "max_per_month {max_per_month} is below min_per_month {min_per_month}",
                    max_per_month=self.max_per_month,
                    min_per_month=self.min_per_month,
                )
            )
        if self.max_per_quarter is not None and self.max_per_quarter < self.min_per_quarter:
            problems.append(
                tr(
                    "max_per_quarter {max_per_quarter} is below min_per_quarter {min_per_quarter}",
                    max_per_quarter=self.max_per_quarter,
                    min_per_quarter=self.min_per_quarter,
                )
            )
        if problems:
            raise PolicyError(f"Cadence {self.tier}", problems)


@attrs.frozen(kw_only=True)
class CadencePolicy:
    """A named set of cadences by tier (a grade such as ``A`` or a label such as ``vip``).

    ``grades`` maps a customer's grade to a tier when the tiers are not the grades themselves
    (004's three service tiers take the four grades: D joins the low-frequency tier C, so no
    graded customer is left without a cadence).
    """

    name: str
    tiers: Mapping[str, Cadence]
    grades: Mapping[str, str] = attrs.field(factory=lambda: MappingProxyType({}))

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        unknown = sorted({tier for tier in self.grades.values() if tier not in self.tiers})
        if unknown:
            raise PolicyError(
                f"CadencePolicy {self.name}", [tr("grades map to {unknown}", unknown=unknown)]
            )

    def cadence(self, tier: str) -> Cadence:
        """The cadence of ``tier``; an unknown tier is a :class:`ValidationError`."""
        key = str(tier)
        if key not in self.tiers:
            raise ValidationError(
                (self.name, "tier"),
                tier,
                tr("is not a tier of this cadence"),
                tr("one of {choices}", choices=", ".join(self.tiers)),
            )
        return self.tiers[key]


def _cadence(row: Mapping[str, Any]) -> Cadence:
    fields = dict(row)
    if "max_gap" in fields:
        fields["max_gap"] = timedelta(**fields["max_gap"])
    if "describe" in fields:  # words of the data file, said in the reader's language
        fields["describe"] = Text(fields["describe"])
    return Cadence(**fields)


def _policy(name: str, *cadences: Cadence) -> CadencePolicy:
    grades = MappingProxyType(dict(_PRESETS.get("grades", {}).get(name, {})))
    return CadencePolicy(
        name=name, tiers=MappingProxyType({c.tier: c for c in cadences}), grades=grades
    )


def _preset(name: str) -> CadencePolicy:
    return _policy(name, *(_cadence(row) for row in _PRESETS[name]))


_PRESETS = read_toml("cadences.toml")

SALES_ABCD = _preset("SALES_ABCD")
"""002's A/B/C/D cadence (GR-6, FU-3)."""

SERVICE_ABC = _preset("SERVICE_ABC")
"""004's three-tier cadence (FU-5)."""

REVISIT_TIERS = _preset("REVISIT_TIERS")
"""001's revisit frequency by tier (RV-3)."""

announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
