"""Strategies for salescare's policies; re-exported by :mod:`salescare.testing`.

Every policy a strategy draws is consistent (its constructor accepts it), so a property test
can check that a rule holds under *any* policy a company might configure, not only the
manuals' defaults.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from functools import partial
from types import MappingProxyType

from hypothesis import strategies as st

from salescare.access import AccessPolicy, Right, Scope
from salescare.cadence import Cadence, CadencePolicy, StagePolicy
from salescare.calendars import WorkCalendar
from salescare.errors import ValidationError
from salescare.grading import GradingPolicy, HealthPolicy, QualityPolicy, ValueBand
from salescare.sla import TIMERS, LevelTargets, Target, TicketSlaPolicy
from salescare.vocabulary import Assessor, Grade, Level, Role

__all__ = [
    "access_policies",
    "cadence_policies",
    "grading_policies",
    "health_policies",
    "quality_policies",
    "stage_policies",
    "ticket_sla_policies",
]

_GRADES = (Grade.A, Grade.B, Grade.C, Grade.D)


@st.composite
def grading_policies(draw: st.DrawFn, *, max_edge: Decimal | int = 10_000_000) -> GradingPolicy:
    """Grading policies: three random band edges below ``max_edge`` (GR-1).

    Also a potential map that never worsens as the score rises (GR-2) and random hysteresis
    settings (GR-5).
    """
    if Decimal(max_edge) < 3:  # noqa: PLR2004 - three distinct edges above 0
        raise ValidationError(
            ("salescare.testing", "grading_policies"), max_edge, "is too small", ">= 3"
        )
    edge = st.decimals(min_value=1, max_value=max_edge, places=2, allow_nan=False)
    c, b, a = sorted(draw(st.lists(edge, min_size=3, max_size=3, unique=True)))
    bands = (
        ValueBand(grade=Grade.A, lower=a),
        ValueBand(grade=Grade.B, lower=b, upper=a),
        ValueBand(grade=Grade.C, lower=c, upper=b),
        ValueBand(grade=Grade.D, lower=0, upper=c),
    )
    # scores 1..5 map to tiers that never get worse as the score rises
    ranks = sorted(draw(st.lists(st.integers(0, 3), min_size=5, max_size=5)), reverse=True)
    potential = MappingProxyType(
        {score: _GRADES[rank] for score, rank in zip(range(1, 6), ranks, strict=True)}
    )
    return GradingPolicy(
        bands=bands,
        potential=potential,
        exit_margin=draw(st.decimals(min_value=0, max_value="0.5", places=2, allow_nan=False)),
        downgrade_after=draw(st.integers(1, 4)),
    )


@st.composite
def health_policies(draw: st.DrawFn) -> HealthPolicy:
    """Health thresholds with 1 <= floor < healthy <= 5 and a rounding precision (HL-2)."""
    halves = [Decimal(n) / 2 for n in range(2, 11)]
    floor = draw(st.sampled_from(halves[:-1]))
    healthy = draw(st.sampled_from([h for h in halves if h > floor]))
    precision = draw(st.sampled_from([Decimal("0.01"), Decimal("0.1"), Decimal("0.5")]))
    return HealthPolicy(healthy=healthy, floor=floor, precision=precision)


@st.composite
def quality_policies(draw: st.DrawFn) -> QualityPolicy:
    """Assessor weights (not all zero) for SQ-3's mixed assessment."""
    weight = st.decimals(min_value=0, max_value=1, places=2, allow_nan=False)
    weights = {kind: draw(weight) for kind in Assessor}
    if not any(weights.values()):
        weights[Assessor.CUSTOMER] = Decimal(1)
    return QualityPolicy(weights=MappingProxyType(weights))


@st.composite
def ticket_sla_policies(
    draw: st.DrawFn, *, calendars: st.SearchStrategy[WorkCalendar] | None = None
) -> TicketSlaPolicy:
    """Ticket SLA policies (RULES TK-2…TK-8): random targets per level.

    Responding is never due after resolving; with ``calendars``, the clocks may run on a
    drawn working calendar.
    """
    hours = st.integers(min_value=1, max_value=96)
    levels = {}
    for level in Level:
        respond, resolve = sorted(draw(st.lists(hours, min_size=2, max_size=2)))
        levels[level] = LevelTargets(
            respond=_hours(f"TK-3.{level}.respond", respond),
            resolve=_hours(f"TK-3.{level}.resolve", resolve),
            progress=draw(st.none() | hours.map(partial(_progress_target, level))),
        )
    calendar = draw(st.none() | calendars) if calendars is not None else None
    return TicketSlaPolicy(
        triage=_minutes("TK-2", draw(st.integers(1, 120))),
        assign=_minutes("TK-4", draw(st.integers(1, 120))),
        levels=MappingProxyType(levels),
        appeasement_threshold=draw(st.integers(1, 5)),
        calendar=calendar,
    )


def _hours(key: str, count: int) -> Target:
    return Target(
        key=key, rule=key.split(".", maxsplit=1)[0], what=key, duration=timedelta(hours=count)
    )


def _progress_target(level: Level, count: int) -> Target:
    return _hours(f"TK-6.{level}", count)


def _minutes(key: str, count: int) -> Target:
    return Target(key=key, rule=key, what=TIMERS[key].what, duration=timedelta(minutes=count))


@st.composite
def _cadences(draw: st.DrawFn, tier: str) -> Cadence:
    gap = draw(st.none() | st.integers(1, 60).map(lambda d: timedelta(days=d)))
    months = None if gap is not None else draw(st.none() | st.integers(1, 3))
    low = draw(st.integers(0, 3))
    high = draw(st.none() | st.integers(low, low + 4))
    return Cadence(
        tier=tier,
        max_gap=gap,
        max_gap_months=months,
        min_per_month=low,
        deep_only=draw(st.booleans()),
        max_per_month=high,
        min_per_quarter=draw(st.integers(0, 3)),
        rule="GR-6",
        describe=f"generated cadence of tier {tier}",
    )


@st.composite
def cadence_policies(
    draw: st.DrawFn, *, tiers: tuple[str, ...] = ("A", "B", "C", "D")
) -> CadencePolicy:
    """A cadence for each of ``tiers`` (any consistent mix of gaps and monthly limits)."""
    if not tiers:
        raise ValidationError(("salescare.testing", "cadence_policies"), tiers, "is empty", "tiers")
    return CadencePolicy(
        name="generated",
        tiers=MappingProxyType({tier: draw(_cadences(tier)) for tier in tiers}),
    )


@st.composite
def stage_policies(draw: st.DrawFn) -> StagePolicy:
    """Stage overrides with random gaps and long-term threshold (FU-1, FU-2, FU-4, DV-3, DV-4)."""
    return StagePolicy(
        name="generated",
        key_stage_gap=timedelta(hours=draw(st.integers(1, 72))),
        push_gap=draw(st.none() | st.integers(1, 14).map(lambda d: timedelta(days=d))),
        long_term_months=draw(st.integers(0, 36)),
        large_quarterly_phone=draw(st.booleans()),
    )


_SCOPES: tuple[Scope, ...] = ("none", "own", "team", "handed_over", "all")
_RIGHTS: tuple[Right, ...] = ("view", "edit", "contact_details", "money")


@st.composite
def access_policies(draw: st.DrawFn) -> AccessPolicy:
    """Any scope for any role and right; roles left out have no right (CX-2's deny default)."""
    rights = {
        right: MappingProxyType(
            draw(st.dictionaries(st.sampled_from(list(Role)), st.sampled_from(_SCOPES)))
        )
        for right in _RIGHTS
    }
    return AccessPolicy(name="generated", rights=MappingProxyType(rights))
