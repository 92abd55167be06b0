"""Stage-driven follow-up (FU-1, FU-2, FU-4, FU-5, DV-3, DV-4, FB-9): what overrides the tier.

:func:`follow_up_plan` says when a customer must next be contacted and why: a key deal stage,
a pause, the first follow-up after registration, delivery revisits and usage reports win
over the tier's cadence.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Literal

import attrs
from dateutil.relativedelta import relativedelta

from salescare._checks import zone as checked_zone
from salescare._edge import check_fields, edge
from salescare._hypothesis_plugin import announce
from salescare.cadence.checks import CadenceCheck, Violation, _moment, check_cadence
from salescare.cadence.policies import SALES_ABCD, Cadence, CadencePolicy, _policy
from salescare.errors import NaiveDatetimeError, PolicyError
from salescare.i18n import tr
from salescare.models import (
    CompanySize,
    ContactMode,
    Customer,
    FollowUp,
    Opportunity,
    OpportunityStage,
    Revisit,
)
from salescare.sla import TIMERS, Target, measure
from salescare.vocabulary import SlaStatus

__all__ = [
    "DEFAULT_STAGES",
    "SERVICE_STAGES",
    "FollowUpPlan",
    "StageDue",
    "StagePolicy",
    "follow_up_plan",
]

# -- stage-driven overrides (FU-1, FU-2, FU-4, FU-5 push, DV-3, DV-4, FB-9) ------------------


@attrs.frozen(kw_only=True)
class StagePolicy:
    """When a customer's situation, not its tier, decides when to call (the stage overrides).

    ``first_follow_up`` (FU-1) runs from registration; ``key_stages`` with ``key_stage_gap``
    (FU-2: proposal review and contract negotiation, daily) replace the tier cadence while an
    opportunity is in them; ``push_gap`` (FU-5, 004: a pushed opportunity every 3 days) applies
    to the other open stages when set; ``after_delivery`` (DV-3) runs from delivery;
    ``usage_report`` (DV-4) repeats for customers cooperating at least ``long_term_months``;
    ``reactivation`` (FU-4) replaces the tier cadence of a paused customer, counted from the
    last contact (the one where they said "not needed for now"); ``large_quarterly_phone``
    (FB-9) asks for a phone call each calendar quarter to large existing customers.
    """

    name: str = "DEFAULT_STAGES"
    first_follow_up: Target = TIMERS["FU-1"]
    key_stages: frozenset[OpportunityStage] = frozenset(
        {OpportunityStage.PROPOSAL, OpportunityStage.NEGOTIATION}
    )
    key_stage_gap: timedelta = timedelta(days=1)
    push_stages: frozenset[OpportunityStage] = frozenset(
        {OpportunityStage.FOLLOWING, OpportunityStage.CONTRACT}
    )
    push_gap: timedelta | None = None
    after_delivery: Target = TIMERS["DV-3"]
    usage_report: Target = TIMERS["DV-4"]
    long_term_months: int = 12
    reactivation: Target = TIMERS["FU-4"]
    large_quarterly_phone: bool = True

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        problems = []
        for name in ("key_stage_gap", "push_gap"):
            gap = getattr(self, name)
            if gap is not None and gap <= timedelta(0):
                problems.append(tr("{name} {gap} is not positive", name=name, gap=gap))
        if self.long_term_months < 0:
            problems.append(
                tr(
                    "long_term_months {long_term_months} is negative",
                    long_term_months=self.long_term_months,
                )
            )
        if self.key_stages & self.push_stages:
            problems.append(tr("a stage is both a key stage and a push stage"))
        if problems:
            raise PolicyError(f"StagePolicy {self.name}", problems)


DEFAULT_STAGES = StagePolicy()
"""002's stage overrides (FU-1, FU-2, FU-4, DV-3, DV-4) and FB-9; no 3-day push."""

SERVICE_STAGES = StagePolicy(name="SERVICE_STAGES", push_gap=timedelta(days=3))
""":data:`DEFAULT_STAGES` plus 004's "a pushed opportunity every 3 days" (FU-5)."""

Mode = Literal["tier", "key_stage", "paused"]


@attrs.frozen(kw_only=True)
class StageDue:
    """One stage-driven contact obligation, measured as of the plan's instant."""

    rule: str
    what: str
    start: datetime
    due: datetime
    done_at: datetime | None
    status: SlaStatus
    reason: str


@attrs.frozen(kw_only=True)
class FollowUpPlan:
    """Everything that decides when a customer must next be contacted, as of one instant.

    ``mode`` says which cadence rules: ``tier`` (the grade's cadence), ``key_stage`` (FU-2's
    daily cadence replaces it while an opportunity is in proposal review or negotiation) or
    ``paused`` (FU-4's quarterly reactivation replaces it). ``dues`` are the stage
    obligations (FU-1, DV-3, DV-4 and the reactivation); ``violations`` those of the ruling
    cadence and of FB-9. ``next_due`` is the earliest open due time.
    """

    customer: str
    as_of: datetime
    tier: str
    mode: Mode
    dues: tuple[StageDue, ...]
    cadence: CadenceCheck | None
    violations: tuple[Violation, ...]
    next_due: datetime | None
    overdue: bool
    reason: str

    @property
    def late(self) -> tuple[tuple[datetime, str, str], ...]:
        """Every open obligation past due, earliest first: (due, rule, what)."""
        found = [(d.due, d.rule, d.what) for d in self.dues if d.done_at is None]
        check = self.cadence
        if check is not None and check.next_due is not None:
            found.append(
                (
                    check.next_due,
                    check.rule,
                    tr("contact the customer: {reason}", reason=self.reason),
                )
            )
        return tuple(sorted(item for item in found if item[0] < self.as_of))


ContactRecord = FollowUp | Revisit | datetime


def _contact_moment(contact: ContactRecord) -> datetime:
    if isinstance(contact, Revisit):
        return _moment(contact.at)
    return _moment(contact)


def _is_phone(contact: ContactRecord) -> bool:
    return isinstance(contact, FollowUp | Revisit) and contact.mode is ContactMode.PHONE


def _stage_since(opportunity: Opportunity) -> datetime | None:
    # the latest history entry is the event that moved the opportunity into its stage
    return max((entry.at for entry in opportunity.history), default=None)


def _first_after(moments: list[datetime], start: datetime) -> datetime | None:
    return next((m for m in moments if m >= start), None)


def _stage_due(
    target: Target, start: datetime, moments: list[datetime], as_of: datetime, *, what: str = ""
) -> StageDue:
    done = _first_after(moments, start)
    measured = measure(target, start, now=max(as_of, start), stop=done)
    return StageDue(
        rule=target.rule,
        what=what or target.what,
        start=start,
        due=measured.due,
        done_at=done,
        status=measured.status,
        reason=measured.reason,
    )


def _gap_check(
    rule: str,
    gap: timedelta,
    moments: list[datetime],
    *,
    since: datetime,
    as_of: datetime,
    tz: str,
    describe: str,
) -> CadenceCheck:
    cadence = Cadence(tier=rule, max_gap=gap, rule=rule, describe=describe)
    return check_cadence(
        [m for m in moments if m >= since],
        rule,
        policy=_policy(rule, cadence),
        as_of=as_of,
        since=since,
        tz=tz,
    )


@edge
def follow_up_plan(
    customer: Customer,
    contacts: Iterable[ContactRecord],
    *,
    as_of: datetime,
    policy: CadencePolicy = SALES_ABCD,
    stages: StagePolicy = DEFAULT_STAGES,
    opportunities: Iterable[Opportunity] = (),
    registered_at: datetime | None = None,
    reports: Iterable[datetime] = (),
    tz: str = "Asia/Shanghai",
) -> FollowUpPlan:
    """When ``customer`` must next be contacted, given its tier and its situation.

    ``contacts`` are follow-ups, revisits or plain instants (any record of reaching the
    customer). The tier is ``customer.grade`` (``policy``'s tiers) or, for a policy keyed by
    service tier such as :data:`REVISIT_TIERS`, ``customer.tier``. Rulings: a paused customer
    is checked only against the reactivation (FU-4); while an opportunity is in a key stage
    the daily cadence (FU-2) replaces the tier's from the moment it entered the stage (its
    latest history entry); a customer without a grade in a graded policy has no tier cadence.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from salescare.ids import CustomerCode
        >>> from salescare.models import CompanySize, Grade
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> lake = Customer(
        ...     number=CustomerCode.parse("HZ-IT-2024-001"),
        ...     name="Lake",
        ...     industry="IT",
        ...     size=CompanySize.MEDIUM,
        ...     grade=Grade.B,
        ... )
        >>> registered = datetime(2024, 9, 27, 16, 0, tzinfo=sh)
        >>> plan = follow_up_plan(
        ...     lake, [], registered_at=registered, as_of=datetime(2024, 10, 9, 9, 0, tzinfo=sh)
        ... )
        >>> plan.dues[0].rule, plan.dues[0].status.value, plan.dues[0].due.isoformat()
        ('FU-1', 'breached', '2024-10-08T18:00:00+08:00')
        >>> plan.overdue
        True
    """
    if as_of.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("follow_up_plan", "as_of"), as_of)
    items = [(_contact_moment(c), c) for c in contacts]
    moments = sorted(m for m, _ in items if m <= as_of)
    phone = sorted(m for m, c in items if m <= as_of and _is_phone(c))
    deals = tuple(opportunities)
    dues: list[StageDue] = []
    if registered_at is not None and registered_at <= as_of:
        dues.append(_stage_due(stages.first_follow_up, registered_at, moments, as_of))
    dues.extend(
        _stage_due(stages.after_delivery, deal.delivered_at, moments, as_of)
        for deal in deals
        if deal.delivered_at is not None and deal.delivered_at <= as_of
    )
    report = _usage_report(customer, sorted(r for r in reports if r <= as_of), stages, as_of, tz)
    if report is not None:
        dues.append(report)
    mode, check, reason = _ruling_cadence(
        customer, moments, deals, policy, stages, as_of, tz, registered_at
    )
    if mode == "paused":
        start = moments[-1] if moments else as_of
        dues.append(_stage_due(stages.reactivation, start, [], as_of))
    violations = list(check.violations) if check is not None else []
    if stages.large_quarterly_phone and _large_existing(customer, as_of):
        since = datetime.combine(
            customer.cooperation_since or as_of.date(), time(), checked_zone(tz)
        )
        fb9 = check_cadence(
            phone,
            "large",
            policy=_policy("FB-9", _LARGE_PHONE),
            as_of=as_of,
            since=since,
            tz=tz,
        )
        violations += fb9.violations
    open_dues = [d.due for d in dues if d.done_at is None]
    if check is not None and check.next_due is not None:
        open_dues.append(check.next_due)
    next_due = min(open_dues, default=None)
    overdue = next_due is not None and as_of > next_due
    return FollowUpPlan(
        customer=str(customer.number),
        as_of=as_of,
        tier=_tier_of(customer, policy) or "",
        mode=mode,
        dues=tuple(dues),
        cadence=check,
        violations=tuple(sorted(violations, key=lambda v: (v.start, v.kind))),
        next_due=next_due,
        overdue=overdue,
        reason=reason,
    )


_LARGE_PHONE = Cadence(
    tier="large", min_per_quarter=1, rule="FB-9", describe=tr("a phone revisit each quarter")
)


def _large_existing(customer: Customer, as_of: datetime) -> bool:
    return (
        customer.size is CompanySize.LARGE
        and customer.cooperation_since is not None
        and customer.cooperation_since <= as_of.date()
    )


def _tier_of(customer: Customer, policy: CadencePolicy) -> str | None:
    mapped = policy.grades.get(str(customer.grade)) if customer.grade is not None else None
    if mapped is not None:
        return mapped
    for tier in (customer.grade, customer.tier):
        if tier is not None and str(tier) in policy.tiers:
            return str(tier)
    return None


def _ruling_cadence(  # noqa: PLR0917 - internal, one call site
    customer: Customer,
    moments: list[datetime],
    deals: tuple[Opportunity, ...],
    policy: CadencePolicy,
    stages: StagePolicy,
    as_of: datetime,
    tz: str,
    registered_at: datetime | None,
) -> tuple[Mode, CadenceCheck | None, str]:
    if customer.paused:
        if customer.pause_remark:
            reason = tr(
                "paused ({remark}): reactivate once a quarter (FU-4)",
                remark=customer.pause_remark,
            )
        else:
            reason = tr("paused: reactivate once a quarter (FU-4)")
        return "paused", None, reason
    overrides = (
        (stages.key_stages, stages.key_stage_gap, "FU-2"),
        (stages.push_stages, stages.push_gap, "FU-5"),
    )
    for stage_set, gap, rule in overrides:
        deal = next((d for d in deals if d.stage in stage_set), None)
        if deal is None or gap is None:
            continue
        since = _stage_since(deal) or (moments[-1] if moments else as_of)
        every = _gap_words(gap)
        check = _gap_check(
            rule, gap, moments, since=min(since, as_of), as_of=as_of, tz=tz, describe=every
        )
        reason = tr(
            "opportunity '{title}' in {stage}: {every} ({rule})",
            title=deal.title,
            stage=deal.stage.term(),
            every=every,
            rule=rule,
        )
        return "key_stage", check, reason
    tier = _tier_of(customer, policy)
    if tier is None:
        return (
            "tier",
            None,
            tr("no tier of {name} for this customer: no tier cadence", name=policy.name),
        )
    started = registered_at if registered_at is not None and registered_at <= as_of else None
    check = check_cadence(moments, tier, policy=policy, as_of=as_of, since=started, tz=tz)
    reason = tr(
        "tier {tier} of {name}: {describe}",
        tier=tier,
        name=policy.name,
        describe=policy.cadence(tier).describe,
    )
    return "tier", check, reason


def _gap_words(gap: timedelta) -> str:
    if gap % timedelta(days=1):
        hours = format(gap.total_seconds() / 3600, "g")
        return tr("every {hours} h", hours=hours)
    return tr("daily") if gap.days == 1 else tr("every {days} days", days=gap.days)


def _usage_report(
    customer: Customer,
    reports: list[datetime],
    stages: StagePolicy,
    as_of: datetime,
    tz: str,
) -> StageDue | None:
    since = customer.cooperation_since
    if since is None:
        return None
    became_long_term = datetime.combine(since, time(), checked_zone(tz)) + relativedelta(
        months=stages.long_term_months
    )
    if became_long_term > as_of:
        return None
    earlier = [r for r in reports if r >= became_long_term]
    start = earlier[-1] if earlier else became_long_term
    return _stage_due(
        stages.usage_report, start, [], as_of, what=tr("send the usage-effect report")
    )


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
