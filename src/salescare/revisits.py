"""Who to revisit next (RV-2 filters and priority, RV-1 goals) and what a revisit leads to.

A :class:`Candidate` is a customer with the facts a revisit plan needs (last order, last
contact, health, churn signals, satisfaction). :class:`Selector` predicates pick candidates and
compose with ``&``, ``|`` and ``~``; :data:`NEW_CUSTOMER_ACTIVATION` is 001's example
("cooperating 1–3 months and no repeat order in the last 30 days"). :func:`revisit_queue`
orders the selected candidates: churn risk first, then value (grade, VIP tier, annual
purchases), then the longest without contact; each entry says why it sits where it does.
:func:`classify_revisit` reads a revisit's outcome and plans what follows (RV-5).

Examples:
    >>> from datetime import date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> from salescare.ids import CustomerCode
    >>> from salescare.models import CompanySize, Customer, Grade
    >>> def firm(code, grade, since):
    ...     return Customer(
    ...         number=CustomerCode.parse(code),
    ...         name=code,
    ...         industry="IT",
    ...         size=CompanySize.MEDIUM,
    ...         grade=grade,
    ...         cooperation_since=since,
    ...     )
    >>> as_of = datetime(2024, 6, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    >>> new = Candidate(customer=firm("HZ-IT-2024-001", Grade.C, date(2024, 4, 20)))
    >>> ordered = Candidate(
    ...     customer=firm("HZ-IT-2024-002", Grade.B, date(2024, 4, 1)),
    ...     last_order_on=date(2024, 5, 20),
    ... )
    >>> [str(c.customer.number) for c in (new, ordered) if NEW_CUSTOMER_ACTIVATION(c, as_of)]
    ['HZ-IT-2024-001']
    >>> NEW_CUSTOMER_ACTIVATION.name
    'cooperating 1–3 months and no order in the last 30 days'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

import attrs
from dateutil.relativedelta import relativedelta

from salescare._edge import check_fields, edge
from salescare.errors import NaiveDatetimeError, PolicyError, ValidationError
from salescare.i18n import joined, ntr, tr
from salescare.models import Customer, Grade, Health, Revisit, ServiceTier
from salescare.sla import TIMERS
from salescare.vocabulary import RevisitOutcome, Role

__all__ = [
    "DEFAULT_REVISIT_POLICY",
    "NEW_CUSTOMER_ACTIVATION",
    "Candidate",
    "QueueEntry",
    "RevisitPlan",
    "RevisitPolicy",
    "Selector",
    "at_churn_risk",
    "classify_revisit",
    "cooperating_between",
    "grade_in",
    "no_order_within",
    "not_contacted_within",
    "revisit_queue",
    "tier_is",
]

Goal = Literal["win_back", "raise_satisfaction", "activate", "maintain"]


@attrs.frozen(kw_only=True)
class Candidate:
    """A customer and the facts that decide whether and when to revisit it.

    ``churn_signals`` are short reasons from elsewhere (an open complaint, a competitor seen
    in a feedback record, a lost renewal); ``satisfaction`` is the latest mean score (1–5).
    """

    customer: Customer = attrs.field(validator=attrs.validators.instance_of(Customer))
    last_order_on: date | None = None
    last_contact_at: datetime | None = None
    health: Health | None = None
    churn_signals: tuple[str, ...] = ()
    satisfaction: Decimal | None = None

    def __attrs_post_init__(self) -> None:
        check_fields(self)
        if self.last_contact_at is not None and self.last_contact_at.utcoffset() is None:
            raise NaiveDatetimeError.for_field(
                ("Candidate", "last_contact_at"), self.last_contact_at
            )

    @property
    def churn_risk(self) -> bool:
        """Health graded risk (HL-2) or any churn signal."""
        return self.health is Health.RISK or bool(self.churn_signals)


@attrs.frozen
class Selector:
    """A named yes/no question about a candidate as of an instant; combine with & | ~.

    Examples:
        >>> always = Selector("always", lambda candidate, as_of: True)
        >>> (always & ~always).name
        '(always) and (not (always))'
    """

    name: str
    test: Callable[[Candidate, datetime], bool] = attrs.field(repr=False)

    def __call__(self, candidate: Candidate, as_of: datetime) -> bool:
        """Whether ``candidate`` is selected as of ``as_of``."""
        return self.test(candidate, as_of)

    def __and__(self, other: Selector) -> Selector:
        return Selector(
            f"({self.name}) and ({other.name})",
            lambda candidate, as_of: self(candidate, as_of) and other(candidate, as_of),
        )

    def __or__(self, other: Selector) -> Selector:
        return Selector(
            f"({self.name}) or ({other.name})",
            lambda candidate, as_of: self(candidate, as_of) or other(candidate, as_of),
        )

    def __invert__(self) -> Selector:
        return Selector(f"not ({self.name})", lambda candidate, as_of: not self(candidate, as_of))


def _months_cooperating(candidate: Candidate, as_of: datetime) -> int | None:
    since = candidate.customer.cooperation_since
    if since is None or since > as_of.date():
        return None
    span = relativedelta(as_of.date(), since)
    return span.years * 12 + span.months


_MAX_MONTHS = 12 * 9999  # no cooperation is older than the calendar
_MAX_DAYS = 366 * 9999


@edge
def cooperating_between(low: int, high: int | None = None) -> Selector:
    """Cooperating for ``low`` to ``high`` whole calendar months (both inclusive).

    A customer since 15 March has cooperated 1 month on 15 April and 3 months until 14 July;
    ``high=None`` means no upper bound. No ``cooperation_since`` is never selected.

    Examples:
        >>> cooperating_between(1, 3).name
        'cooperating 1–3 months'
    """
    if low < 0 or (high is not None and high < low) or max(low, high or 0) > _MAX_MONTHS:
        raise ValidationError(
            ("cooperating_between",),
            (low, high),
            tr("is not a range of months"),
            tr("0 <= low <= high <= {MAX_MONTHS}", MAX_MONTHS=_MAX_MONTHS),
        )
    label = f"cooperating {low}–{high} months" if high is not None else f"cooperating ≥ {low}"
    if high is None:
        label += " months"

    def test(candidate: Candidate, as_of: datetime) -> bool:
        months = _months_cooperating(candidate, as_of)
        return months is not None and low <= months and (high is None or months <= high)

    return Selector(label, test)


@edge
def no_order_within(days: int) -> Selector:
    """No order in the last ``days`` days: an order exactly ``days`` days ago still counts.

    Examples:
        >>> no_order_within(30).name
        'no order in the last 30 days'
    """
    return _nothing_within(
        "no_order_within",
        "order",
        days,
        lambda c, as_of: None if c.last_order_on is None else as_of.date() - c.last_order_on,
    )


@edge
def not_contacted_within(days: int) -> Selector:
    """No contact in the last ``days`` days (a contact exactly ``days`` days ago counts).

    Examples:
        >>> not_contacted_within(90).name
        'no contact in the last 90 days'
    """
    return _nothing_within(
        "not_contacted_within",
        "contact",
        days,
        lambda c, as_of: None if c.last_contact_at is None else as_of - c.last_contact_at,
    )


def _nothing_within(
    where: str,
    noun: str,
    days: int,
    since_last: Callable[[Candidate, datetime], timedelta | None],
) -> Selector:
    if type(days) is not int or not 1 <= days <= _MAX_DAYS:
        raise ValidationError(
            (where, "days"),
            days,
            tr("is not a whole number of days"),
            tr("1 to {MAX_DAYS}", MAX_DAYS=_MAX_DAYS),
        )
    limit = timedelta(days=days)

    def test(candidate: Candidate, as_of: datetime) -> bool:
        elapsed = since_last(candidate, as_of)
        return elapsed is None or elapsed > limit

    return Selector(tr("no {noun} in the last {days} days", noun=noun, days=days), test)


@edge
def grade_in(*grades: Grade | str) -> Selector:
    """The customer's grade is one of ``grades`` (labels in either language are accepted).

    Examples:
        >>> grade_in("A", "B").name
        'grade A or B'
    """
    wanted = frozenset(Grade.parse(g) for g in grades)
    return Selector(
        "grade " + " or ".join(sorted(str(g) for g in wanted)),
        lambda candidate, _as_of: candidate.customer.grade in wanted,
    )


@edge
def tier_is(tier: ServiceTier | str) -> Selector:
    """The customer's revisit tier (RV-3) is ``tier``.

    Examples:
        >>> tier_is("VIP客户").name
        'tier vip'
    """
    wanted = ServiceTier.parse(tier)
    return Selector(f"tier {wanted}", lambda candidate, _as_of: candidate.customer.tier is wanted)


@edge
def at_churn_risk() -> Selector:
    """Health graded risk or any churn signal (RV-1's win-back group).

    Examples:
        >>> at_churn_risk().name
        'at churn risk'
    """
    return Selector(tr("at churn risk"), lambda candidate, _as_of: candidate.churn_risk)


NEW_CUSTOMER_ACTIVATION = Selector(
    tr("cooperating 1–3 months and no order in the last 30 days"),
    (cooperating_between(1, 3) & no_order_within(30)).test,
)
"""001's example selection (RV-2): new customers to activate."""


@attrs.frozen(kw_only=True)
class QueueEntry:
    """One place in the revisit queue: who, the RV-1 goal, and why it is here."""

    position: int
    candidate: Candidate
    goal: Goal
    reason: str


_GRADE_RANK = {Grade.A: 4, Grade.B: 3, Grade.C: 2, Grade.D: 1}


def _priority(candidate: Candidate, as_of: datetime) -> tuple[object, ...]:
    customer = candidate.customer
    last = candidate.last_contact_at
    # never contacted first, then the longest without contact
    waited = (as_of - last).total_seconds() if last is not None else float("inf")
    rank = _GRADE_RANK[customer.grade] if customer.grade is not None else 0
    return (
        not candidate.churn_risk,
        -rank,
        customer.tier is not ServiceTier.VIP,
        -(customer.annual_purchases or Decimal(0)),
        -waited,
        str(customer.number),
    )


def _goal(candidate: Candidate, as_of: datetime) -> Goal:
    if candidate.churn_risk:
        return "win_back"
    low = DEFAULT_REVISIT_POLICY.problem_at_or_below  # the classification's own number
    if candidate.satisfaction is not None and candidate.satisfaction <= low:
        return "raise_satisfaction"
    months = _months_cooperating(candidate, as_of)
    if months is not None and months <= 3:  # noqa: PLR2004 - 001: new = first 3 months
        return "activate"
    return "maintain"


def _reason(candidate: Candidate, as_of: datetime) -> str:
    customer = candidate.customer
    parts: list[str] = []
    if candidate.health is Health.RISK:
        parts.append(tr("health graded risk (HL-2)"))
    parts += [tr("churn signal: {signal}", signal=signal) for signal in candidate.churn_signals]
    parts.append(
        tr("grade {grade}", grade=customer.grade) if customer.grade is not None else tr("no grade")
    )
    if customer.tier is ServiceTier.VIP:
        parts.append(ServiceTier.VIP.term())
    if customer.annual_purchases is not None:
        parts.append(
            tr(
                "annual purchases {annual_purchases} yuan",
                annual_purchases=customer.annual_purchases,
            )
        )
    last = candidate.last_contact_at
    if last is None:
        parts.append(tr("never contacted"))
    else:
        days = (as_of - last).days
        parts.append(
            ntr("{count} day since the last contact", "{count} days since the last contact", days)
        )
    return joined(
        "", [joined("; ", parts), tr(" (RV-2: churn risk, then value, then longest waiting)")]
    )


@edge
def revisit_queue(
    candidates: Iterable[Candidate | Customer],
    *,
    as_of: datetime,
    select: Selector | None = None,
    limit: int | None = None,
) -> tuple[QueueEntry, ...]:
    """Who to revisit next, in order: churn risk first, then value, then longest waiting.

    A plain :class:`~salescare.models.Customer` is a candidate with no other facts known.
    ``select`` keeps only matching candidates (e.g. :data:`NEW_CUSTOMER_ACTIVATION`);
    ``limit`` keeps the first ``limit`` entries. Ties are broken by customer number, so the
    order does not depend on the input order (two candidates for the same customer keep
    theirs).

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from salescare.ids import CustomerCode
        >>> from salescare.models import CompanySize, Customer, Grade, Health
        >>> def firm(code, grade):
        ...     return Customer(
        ...         number=CustomerCode.parse(code),
        ...         name=code,
        ...         industry="IT",
        ...         size=CompanySize.MEDIUM,
        ...         grade=grade,
        ...     )
        >>> as_of = datetime(2024, 6, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        >>> queue = revisit_queue(
        ...     [
        ...         Candidate(customer=firm("HZ-IT-2024-001", Grade.A)),
        ...         Candidate(customer=firm("HZ-IT-2024-002", Grade.C), health=Health.RISK),
        ...     ],
        ...     as_of=as_of,
        ... )
        >>> [(e.position, str(e.candidate.customer.number), e.goal) for e in queue]
        [(1, 'HZ-IT-2024-002', 'win_back'), (2, 'HZ-IT-2024-001', 'maintain')]
    """
    if as_of.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("revisit_queue", "as_of"), as_of)
    if limit is not None and (type(limit) is not int or limit < 0):
        raise ValidationError(
            ("revisit_queue", "limit"), limit, tr("is not a count"), tr(">= 0 or None")
        )
    pool = (c if isinstance(c, Candidate) else Candidate(customer=c) for c in candidates)
    chosen = [c for c in pool if select is None or select(c, as_of)]
    chosen.sort(key=lambda c: _priority(c, as_of))
    if limit is not None:
        chosen = chosen[:limit]
    return tuple(
        QueueEntry(
            position=index,
            candidate=candidate,
            goal=_goal(candidate, as_of),
            reason=_reason(candidate, as_of),
        )
        for index, candidate in enumerate(chosen, start=1)
    )


@attrs.frozen(kw_only=True)
class RevisitPolicy:
    """The numbers of the revisit classification (RULES RV-5, RV-11), as data.

    A satisfaction at or below ``problem_at_or_below`` makes a problem customer; a stated need
    with a satisfaction of at least ``high_value_from`` (and nothing open) a high-value one.

    Examples:
        >>> RevisitPolicy(problem_at_or_below=2).high_value_from
        4
    """

    problem_at_or_below: int = 3
    high_value_from: int = 4

    def __attrs_post_init__(self) -> None:
        problems = [
            tr("{name} {value} is not 1–5", name=name, value=value)
            for name, value in (
                ("problem_at_or_below", self.problem_at_or_below),
                ("high_value_from", self.high_value_from),
            )
            if type(value) is not int or not 1 <= value <= 5  # noqa: PLR2004 - the 1–5 scale
        ]
        if not problems and self.high_value_from <= self.problem_at_or_below:
            problems.append(tr("high_value_from must be above problem_at_or_below"))
        if problems:
            raise PolicyError("RevisitPolicy", problems)


DEFAULT_REVISIT_POLICY = RevisitPolicy()
"""The project's ruling (RV-11): 3 or less is a problem; a need with 4 or more is high value."""


@attrs.frozen(kw_only=True)
class RevisitPlan:
    """What follows a revisit outcome (RULES RV-5): who acts, what, and the deadlines.

    ``revisit_by`` is the revisit after the fix, due three days after ``solved_at`` once the
    problem is solved (RV-5).
    """

    outcome: RevisitOutcome
    owners: tuple[Role, ...]
    actions: tuple[str, ...]
    respond_by: datetime | None
    solution_by: datetime | None
    reason: str
    revisit_by: datetime | None = None
    rule: str = "RV-5"


@edge
def classify_revisit(
    revisit: Revisit, *, policy: RevisitPolicy = DEFAULT_REVISIT_POLICY
) -> RevisitPlan:
    """Classify a revisit into satisfied / problem / high-value and plan what follows.

    An explicit ``revisit.outcome`` wins. Otherwise (RV-11) an unresolved need or problem (the
    worksheet's open problems, 待解决问题) or a low satisfaction makes a problem customer,
    owned by customer service (客服专员) with technical support; a need stated with a high
    satisfaction and nothing open makes a high-value one; else satisfied. Problem deadlines
    come from the RV-5 timers, the revisit after the fix from ``solved_at``.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from salescare.ids import CustomerNo, StaffNo
        >>> from salescare.vocabulary import ContactMode
        >>> plan = classify_revisit(
        ...     Revisit(
        ...         customer=CustomerNo.parse("CUS20240515001"),
        ...         customer_name="Lake",
        ...         at=datetime(2024, 5, 15, 9, tzinfo=UTC),
        ...         mode=ContactMode.PHONE,
        ...         visitor=StaffNo.parse("S0123"),
        ...         summary="Quarterly call",
        ...         satisfaction=2,
        ...         solved_at=datetime(2024, 5, 16, 15, tzinfo=UTC),
        ...     )
        ... )
        >>> plan.outcome.value, [str(r) for r in plan.owners], plan.revisit_by.isoformat()
        ('problem', ['customer_service', 'engineer'], '2024-05-19T15:00:00+00:00')
    """
    outcome = revisit.outcome
    score = revisit.satisfaction
    if outcome is None:
        if revisit.open_problems.strip() or (
            score is not None and score <= policy.problem_at_or_below
        ):
            outcome = RevisitOutcome.PROBLEM
        elif revisit.need.strip() and score is not None and score >= policy.high_value_from:
            outcome = RevisitOutcome.HIGH_VALUE
        else:
            outcome = RevisitOutcome.SATISFIED
    if outcome is RevisitOutcome.PROBLEM:
        solved = revisit.solved_at
        return RevisitPlan(
            outcome=outcome,
            owners=(Role.CUSTOMER_SERVICE, Role.ENGINEER),
            actions=(
                tr("respond to the problem"),
                "provide a solution",
                tr("revisit after it is solved"),
            ),
            respond_by=TIMERS["RV-5.respond"].plain_due(revisit.at),
            solution_by=TIMERS["RV-5.solution"].plain_due(revisit.at),
            revisit_by=None if solved is None else TIMERS["RV-5.revisit"].plain_due(solved),
            reason=tr(
                "problem: customer service responds within 24 h, technical support solves "
                "within 3 days, revisit within 3 days after solving (RV-5, RV-11)"
            ),
        )
    if outcome is RevisitOutcome.HIGH_VALUE:
        return RevisitPlan(
            outcome=outcome,
            owners=(Role.SALES_SUPERVISOR, Role.ACCOUNT_MANAGER),
            actions=(tr("weekly progress sync"), tr("monthly in-depth conversation")),
            respond_by=None,
            solution_by=None,
            reason=tr("high value or potential: weekly sync, monthly deep talk (RV-5)"),
        )
    return RevisitPlan(
        outcome=outcome,
        owners=(Role.ACCOUNT_MANAGER,),
        actions=(tr("send thanks"), tr("monthly light-touch contact")),
        respond_by=None,
        solution_by=None,
        reason=tr("satisfied: thank the customer, keep a monthly light touch (RV-5)"),
    )
