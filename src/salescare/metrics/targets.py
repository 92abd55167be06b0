"""KPI targets and assessment cycles (RULES SQ-4, SQ-7).

Each KPI has a definition, a formula and a target value (:data:`KPI_TARGETS`, from
``data/kpis.toml``); :func:`check_kpi` flags a result below its target. :func:`rollup` builds a
longer period from shorter ones exactly — a quarter from its months, a year from its quarters —
by adding the counts, never by averaging the averages; :func:`per` computes a KPI per
department or person.

Examples:
    >>> march = Ratio(what="complaint resolution", rule="SQ-2", numerator=18, denominator=20)
    >>> print(check_kpi("complaint_resolution", march))
    complaint_resolution: 0.9000 below target 0.95 (higher is better; SQ-2)
    >>> april = Ratio(what="complaint resolution", rule="SQ-2", numerator=29, denominator=30)
    >>> print(rollup([march, april]))
    complaint resolution: 47/50 = 94.00 % (SQ-2)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Literal, TypeVar

import attrs

from salescare._edge import edge
from salescare.data import read_toml
from salescare.errors import ValidationError, WrongTypeError
from salescare.i18n import Text, tr
from salescare.metrics.values import Mean, Ratio

__all__ = ["KPI_TARGETS", "KpiCheck", "KpiTarget", "check_kpi", "per", "rollup"]

Better = Literal["higher", "lower"]
R = TypeVar("R", Ratio, Mean)
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


@attrs.frozen(kw_only=True)
class KpiTarget:
    """One KPI's definition, formula, target and direction (RULES SQ-4)."""

    key: str
    what: str
    formula: str
    function: str
    target: Decimal = attrs.field(converter=Decimal)
    better: Better
    rule: str


KPI_TARGETS: Mapping[str, KpiTarget] = MappingProxyType(
    {
        row["key"]: KpiTarget(**{**row, "what": Text(row["what"])})
        for row in read_toml("kpis.toml")["kpi"]
    }
)
"""Every KPI of SQ-2 with the project's default target (the manuals leave the values open)."""


@attrs.frozen(kw_only=True)
class KpiCheck:
    """A KPI result against its target: ``met`` is ``None`` when there was nothing to count."""

    target: KpiTarget
    value: Decimal | None
    met: bool | None

    @property
    def flagged(self) -> bool:
        """Below target (a KPI with no value is not flagged, and not met either)."""
        return self.met is False

    def __str__(self) -> str:
        goal = self.target
        if self.value is None:
            state = tr("n/a")
        elif self.met:
            state = tr("{value} meets target {target}", value=self.value, target=goal.target)
        else:
            state = tr("{value} below target {target}", value=self.value, target=goal.target)
        return tr(
            "{key}: {state} ({better} is better; {rule})",
            key=goal.key,
            state=state,
            better=tr("higher") if goal.better == "higher" else tr("lower"),
            rule=goal.rule,
        )


@edge
def check_kpi(
    key: str, result: Ratio | Mean, *, targets: Mapping[str, KpiTarget] = KPI_TARGETS
) -> KpiCheck:
    """``result`` of KPI ``key`` against its target; a result below target is flagged (SQ-4).

    Examples:
        >>> from fractions import Fraction
        >>> late = Mean(what="first response", rule="SQ-2", count=4, total=Fraction(10))
        >>> check_kpi("first_response_hours", late).flagged
        True
    """
    goal = targets.get(key)
    if goal is None:
        raise ValidationError(("check_kpi", "key"), key, tr("is not a KPI"), ", ".join(targets))
    value = result.value
    if value is None:
        return KpiCheck(target=goal, value=None, met=None)
    met = value >= goal.target if goal.better == "higher" else value <= goal.target
    return KpiCheck(target=goal, value=value, met=met)


@edge
def rollup(results: Iterable[R]) -> R:
    """The KPI over the union of the periods (or groups) of ``results``: counts added (SQ-7).

    A quarter is the roll-up of its three months, a year of its four quarters; the answer is
    the one computed over all the records at once, exactly.

    Examples:
        >>> from fractions import Fraction
        >>> months = [
        ...     Mean(what="satisfaction", rule="SQ-2", count=2, total=Fraction(9)),
        ...     Mean(what="satisfaction", rule="SQ-2", count=1, total=Fraction(3)),
        ... ]
        >>> print(rollup(months))
        satisfaction: 4.00 over 3 (SQ-2)
    """
    listed = list(results)
    if not listed:
        raise ValidationError(("rollup", "results"), [], tr("is empty"), tr("one result or more"))
    for position, result in enumerate(listed):
        if not isinstance(result, Ratio | Mean):
            raise WrongTypeError(
                ("rollup", "results", position),
                result,
                tr("is not a KPI result"),
                tr("Ratio or Mean"),
            )
    first = listed[0]
    kind = type(first)
    if any(type(r) is not kind or (r.what, r.rule) != (first.what, first.rule) for r in listed):
        raise ValidationError(
            ("rollup", "results"),
            sorted({f"{type(r).__name__} {r.what}" for r in listed}),
            tr("mixes KPIs"),
            tr("results of one KPI"),
        )
    if isinstance(first, Ratio):
        ratios: list[Ratio] = listed  # type: ignore[assignment]  # all of first's kind
        return Ratio(  # type: ignore[return-value]  # R is Ratio here
            what=first.what,
            rule=first.rule,
            numerator=sum(r.numerator for r in ratios),
            denominator=sum(r.denominator for r in ratios),
        )
    means: list[Mean] = listed  # mypy narrows R to Mean after the Ratio branch
    return Mean(
        what=first.what,
        rule=first.rule,
        count=sum(m.count for m in means),
        total=sum((m.total for m in means), Fraction(0)),
    )


@edge
def per(records: Iterable[T], key: Callable[[T], K], kpi: Callable[[list[T]], R]) -> dict[K, R]:
    """``kpi`` over the records of each ``key`` (a department, a person), in first-seen order.

    Their :func:`rollup` is the KPI over all the records (SQ-7: per department and person).

    Examples:
        >>> rates = per(
        ...     [("S01", True), ("S01", False), ("S02", True)],
        ...     key=lambda row: row[0],
        ...     kpi=lambda rows: Ratio(
        ...         what="kept",
        ...         rule="SQ-7",
        ...         numerator=sum(ok for _, ok in rows),
        ...         denominator=len(rows),
        ...     ),
        ... )
        >>> print(rates["S01"]), print(rollup(rates.values()))
        kept: 1/2 = 50.00 % (SQ-7)
        kept: 2/3 = 66.67 % (SQ-7)
        (None, None)
    """
    groups: dict[K, list[T]] = {}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    return {name: kpi(members) for name, members in groups.items()}
