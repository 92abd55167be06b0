"""The grade a customer carries (RULES GR-4, GR-5): proposals, approvals, overrides, regrading.

:class:`GradeDecision` keeps the computed grade beside the proposed, approved and overridden
ones; :func:`regrade` compares a quarter's computation with the grade in force, with optional
hysteresis.

Examples:
    >>> from salescare.grading import grade_customer
    >>> print(regrade(grade_customer(520000, 3), grade_customer(480000, 3)).change)
    downgrade
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

import attrs

from salescare._edge import check_fields, edge
from salescare.errors import ValidationError
from salescare.grading.value import (
    _RANK,
    DEFAULT_GRADING_POLICY,
    GradeResult,
    GradingPolicy,
)
from salescare.i18n import tr
from salescare.vocabulary import (
    Grade,
)

__all__ = ["GradeDecision", "Override", "Regrade", "regrade"]


@attrs.frozen(kw_only=True)
class Override:
    """A supervisor's override of the computed grade, with its reason and optional expiry."""

    grade: Grade
    by: str
    reason: str
    expires: date | None = None

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        if not self.reason.strip():
            raise ValidationError(
                ("Override", "reason"),
                self.reason,
                tr("is empty"),
                tr("why the grade is overridden"),
            )


@attrs.frozen(kw_only=True)
class GradeDecision:
    """The grade a customer carries (RULES GR-4): computed, proposed, approved, overridden.

    The rep proposes, the supervisor approves; an override replaces the computed grade until
    it expires. The computed grade is always kept beside the effective one.

    Examples:
        >>> from salescare.grading import grade_customer
        >>> computed = grade_customer(320000, 3)
        >>> d = GradeDecision(
        ...     computed=computed,
        ...     proposed=Grade.A,
        ...     proposed_by="S0123",
        ...     approved=Grade.B,
        ...     approved_by="S0001",
        ... )
        >>> print(d.effective(as_of=date(2024, 6, 1)))
        B
        >>> o = Override(
        ...     grade=Grade.A, by="S0001", reason="strategic account", expires=date(2024, 12, 31)
        ... )
        >>> d2 = attrs.evolve(d, override=o)
        >>> print(d2.effective(as_of=date(2024, 6, 1)), d2.effective(as_of=date(2025, 1, 1)))
        A B
    """

    computed: GradeResult
    proposed: Grade | None = None
    proposed_by: str = ""
    approved: Grade | None = None
    approved_by: str = ""
    override: Override | None = None

    def __attrs_post_init__(self) -> None:
        if self.approved is not None and not self.approved_by:
            raise ValidationError(
                ("GradeDecision", "approved_by"),
                "",
                tr("is missing"),
                tr("the approving supervisor"),
            )
        if self.proposed is not None and not self.proposed_by:
            raise ValidationError(
                ("GradeDecision", "proposed_by"), "", tr("is missing"), tr("the proposing rep")
            )

    def effective(self, *, as_of: date) -> Grade | None:
        """The grade in force on ``as_of``: a live override, else the approved, else computed."""
        if self.override is not None and (
            self.override.expires is None or as_of <= self.override.expires
        ):
            return self.override.grade
        if self.approved is not None:
            return self.approved
        return self.computed.grade


@attrs.frozen(kw_only=True)
class Regrade:
    """A quarter's regrading (RULES GR-5): the grade now in force and why it moved or not."""

    previous: Grade | None
    computed: Grade | None
    grade: Grade | None
    change: Literal["upgrade", "downgrade", "unchanged"]
    streak: int
    inputs_changed: tuple[str, ...]
    reason: str
    rule: str = "GR-5"


@edge
def regrade(
    previous: GradeResult,
    current: GradeResult,
    *,
    streak: int = 0,
    policy: GradingPolicy = DEFAULT_GRADING_POLICY,
) -> Regrade:
    """Compare this quarter's computation with the grade in force (RULES GR-5).

    Without hysteresis (the default) the new computed grade takes effect at once. With
    ``policy.exit_margin`` a customer leaves a grade only when purchases fall below the band's
    lower bound by more than that fraction; with ``policy.downgrade_after = n`` a downgrade
    takes effect only in the n-th consecutive quarter that calls for it. ``streak`` counts the
    quarters already waiting; pass back the returned ``streak`` next quarter. Pure, so a data
    team can apply it row by row or vectorise it.

    Examples:
        >>> from salescare.grading import grade_customer
        >>> q1, q2 = grade_customer(520000, 3), grade_customer(480000, 3)
        >>> r = regrade(q1, q2)
        >>> print(r.change, r.grade, r.inputs_changed)
        downgrade B ('annual_purchases',)
        >>> held = regrade(q1, q2, policy=GradingPolicy(exit_margin=Decimal("0.1")))
        >>> print(held.change, held.grade)
        unchanged A
    """
    old, new = previous.grade, current.grade
    changed = tuple(
        name
        for name in ("annual_purchases", "potential")
        if getattr(previous, name) != getattr(current, name)
    )
    if old is None or new is None:
        change: Literal["upgrade", "downgrade", "unchanged"] = (
            "unchanged" if old == new else ("upgrade" if old is None else "downgrade")
        )
        return Regrade(
            previous=old,
            computed=new,
            grade=new,
            change=change,
            streak=0,
            inputs_changed=changed,
            reason=tr("{old} → {new}: a grade could not be computed (GR-5)", old=old, new=new),
        )
    if _RANK[new] < _RANK[old]:
        return Regrade(
            previous=old,
            computed=new,
            grade=new,
            change="upgrade",
            streak=0,
            inputs_changed=changed,
            reason=tr(
                "upgrade {old} → {new}: {reason} (GR-5)", old=old, new=new, reason=current.reason
            ),
        )
    if new is old:
        return Regrade(
            previous=old,
            computed=new,
            grade=new,
            change="unchanged",
            streak=0,
            inputs_changed=changed,
            reason=tr("unchanged {old}: {reason} (GR-5)", old=old, reason=current.reason),
        )
    held_by_margin = _within_exit_margin(old, current, policy)
    waiting = streak + 1
    if held_by_margin or waiting < policy.downgrade_after:
        why = (
            tr(
                "purchases within the {exit_margin} exit margin of {old}",
                exit_margin=format(policy.exit_margin, "%"),
                old=old,
            )
            if held_by_margin
            else f"quarter {waiting} of {policy.downgrade_after} below {old}"
        )
        return Regrade(
            previous=old,
            computed=new,
            grade=old,
            change="unchanged",
            streak=0 if held_by_margin else waiting,
            inputs_changed=changed,
            reason=tr(
                "held at {old} although {new} was computed: {why} (GR-5)", old=old, new=new, why=why
            ),
        )
    return Regrade(
        previous=old,
        computed=new,
        grade=new,
        change="downgrade",
        streak=0,
        inputs_changed=changed,
        reason=tr(
            "downgrade {old} → {new}: {reason} (GR-5)", old=old, new=new, reason=current.reason
        ),
    )


def _within_exit_margin(old: Grade, current: GradeResult, policy: GradingPolicy) -> bool:
    if not policy.exit_margin or current.annual_purchases is None:
        return False
    if current.value_tier is None or _RANK[current.value_tier] <= _RANK[old]:
        # the drop comes from potential, not purchases: the margin is about purchases
        return False
    exit_bound = policy.band(old).lower * (1 - policy.exit_margin)
    return Decimal(current.annual_purchases) >= exit_bound
