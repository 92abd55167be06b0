"""Content checks: what a handover, a feedback plan or a support request still lacks.

Handover forms (HO-6), feedback items' planned dates (FB-6) and feasibility evaluations
(FB-5), and cross-department support requests (CX-3).

A :class:`~salescare.models.Handover` record already guarantees the form's *structure* (a
primary contact and a decision maker, an amount, a contract number…). Whether its *content* is
good enough to hand over is a separate question the manual answers in 000 §4.1: requirement
history and special agreements must be concrete ("customer has custom needs" is not), special
agreements must be confirmed by the sales supervisor, the primary contact must be reachable by
phone, and attachments (at least the signed contract) must be listed with name and format.

Examples:
    >>> from salescare.completeness import is_vague
    >>> is_vague("客户有定制化需求"), is_vague("需要支持多语言切换"), is_vague("  TBD. ")
    (True, False, True)
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType

import attrs

from salescare._checks import zone
from salescare._edge import edge
from salescare._renames import old_names
from salescare.calendars import WorkCalendar
from salescare.data import read_toml
from salescare.errors import NaiveDatetimeError
from salescare.i18n import tr
from salescare.models import (
    Feedback,
    FeedbackCategory,
    FeedbackStatus,
    FollowUp,
    Handover,
    Health,
    HealthReview,
    Revisit,
    ServiceQualityAssessment,
    SupportRequest,
    Ticket,
)
from salescare.sla import TIMERS, SlaStatus, measure, working_calendar
from salescare.vocabulary import Feasibility, Role

__all__ = [
    "DEFAULT_VAGUE_PHRASES",
    "FEASIBILITY_REQUIREMENTS",
    "HL8_PARTICIPANTS",
    "SUBJECTIVE_PHRASES",
    "FormGap",
    "feasibility_gaps",
    "feedback_gaps",
    "handover_gaps",
    "health_review_gaps",
    "is_vague",
    "revisit_gaps",
    "support_request_gaps",
    "ticket_gaps",
    "unassessed_follow_ups",
]

DEFAULT_VAGUE_PHRASES: frozenset[str] = frozenset(
    phrase for phrases in read_toml("vague_phrases.toml").values() for phrase in phrases
)
"""Placeholder texts that say nothing concrete (compared after folding case, width, spaces)."""

SUBJECTIVE_PHRASES: frozenset[str] = frozenset(
    phrase for phrases in read_toml("subjective_phrases.toml").values() for phrase in phrases
)
"""Judgements that describe no fault (TK-11): "系统不好用" says how someone feels, not what
happens. A ticket description holding only one of them (or a vague phrase) is a gap."""

_MIN_CHARACTERS = 4


def _fold(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in normal if not unicodedata.category(ch).startswith(("P", "Z")))


@edge
def is_vague(
    text: str,
    *,
    phrases: Iterable[str] = DEFAULT_VAGUE_PHRASES,
    min_characters: int = _MIN_CHARACTERS,
) -> bool:
    """Whether ``text`` is empty, a placeholder, or too short to say anything concrete.

    Case, full/half width, spaces and punctuation are ignored, so ``"T.B.D."`` is vague too.
    ``min_characters`` counts letters and digits (four Chinese characters can be concrete:
    ``"多语切换"``).
    """
    folded = _fold(text)
    if len(folded) < min_characters:
        return True
    vocabulary = phrases if isinstance(phrases, frozenset) else frozenset(phrases)
    return folded in _folded(vocabulary)


@functools.lru_cache(maxsize=32)
def _folded(phrases: frozenset[str]) -> frozenset[str]:
    # folded once per phrase list: a ticket's triage checks its description against them all
    return frozenset(_fold(phrase) for phrase in phrases)


@attrs.frozen(kw_only=True)
class FormGap:
    """One reason a form is not ready: the field, what is wrong, the rule.

    (Formerly ``Gap``: the old name still works, with a warning, for one release.)

    Examples:
        >>> print(FormGap(field="contacts", problem="no primary contact"))
        contacts: no primary contact (HO-6)
    """

    field: str
    problem: str
    rule: str = "HO-6"

    def __str__(self) -> str:
        return tr(
            "{field}: {problem} ({rule})", field=self.field, problem=self.problem, rule=self.rule
        )


@edge
def handover_gaps(
    handover: Handover, *, phrases: Iterable[str] = DEFAULT_VAGUE_PHRASES
) -> tuple[FormGap, ...]:
    """Every content gap of a handover form, in field order; empty when it may be submitted.

    Examples:
        >>> from datetime import date
        >>> from salescare.ids import ContractNo, CustomerNo, StaffNo
        >>> from salescare.models import CompanySize, Contact
        >>> form = Handover(
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     customer_name="Lake Tech",
        ...     industry="Manufacturing - auto parts",
        ...     size=CompanySize.MEDIUM,
        ...     signed_on=date(2024, 5, 15),
        ...     contract_number=ContractNo.parse("HT20240515001"),
        ...     contract_amount=500000,
        ...     sales_owner=StaffNo.parse("S0123"),
        ...     contacts=(
        ...         Contact(name="Zhao Liu", email="zl@example.com", is_primary=True,
        ...                 is_decision_maker=True),
        ...     ),
        ...     requirement_history="客户有定制化需求",
        ... )
        >>> for gap in handover_gaps(form):
        ...     print(gap)
        contacts[0].phone: primary contact 'Zhao Liu' has no phone; a reachable number is \
required (HO-6)
        requirement_history: is empty or vague; state the concrete pain points and requests \
(not 'customer has custom needs') (HO-6)
        attachments: lists no files; attach at least the signed contract scan (HO-6)
        products: lists no product or service (产品/服务清单) (HO-8)
        payment_cycle: is not given; e.g. 30% on signing, 70% on acceptance (付款周期) (HO-8)
    """
    vocabulary = frozenset(phrases)
    gaps: list[FormGap] = []
    if handover.contract_amount is None:
        gaps.append(FormGap(field="contract_amount", problem=tr("is not given (a redacted copy?)")))
    for index, contact in enumerate(handover.contacts):
        if contact.is_primary and not contact.phone:
            gaps.append(
                FormGap(
                    field=f"contacts[{index}].phone",
                    problem=tr(
                        "primary contact {name} has no phone; a reachable number is required",
                        name=repr(contact.name),
                    ),
                )
            )
    if is_vague(handover.requirement_history, phrases=vocabulary):
        gaps.append(
            FormGap(
                field="requirement_history",
                problem=tr(
                    "is empty or vague; state the concrete pain points and requests "
                    "(not 'customer has custom needs')"
                ),
            )
        )
    for index, agreement in enumerate(handover.special_agreements):
        if is_vague(agreement.text, phrases=vocabulary):
            gaps.append(
                FormGap(
                    field=f"special_agreements[{index}].text",
                    problem=tr("is vague; state exactly what was promised"),
                )
            )
        if agreement.confirmed_by is None:
            gaps.append(
                FormGap(
                    field=f"special_agreements[{index}].confirmed_by",
                    problem=tr("is not confirmed by the sales supervisor"),
                )
            )
    return tuple(gaps + _sold_and_paid(handover, vocabulary))


def _sold_and_paid(handover: Handover, vocabulary: frozenset[str]) -> list[FormGap]:
    """The attachments' contract scan, the product list and the payment cycle (HO-6, HO-8)."""
    gaps = []
    if not handover.attachments:
        gaps.append(
            FormGap(
                field="attachments",
                problem=tr("lists no files; attach at least the signed contract scan"),
            )
        )
    elif not any(_is_contract(attachment.name) for attachment in handover.attachments):
        gaps.append(
            FormGap(
                field="attachments",
                problem=tr("has no signed contract scan (a file named 合同 / contract)"),
                rule="HO-8",
            )
        )
    if not [product for product in handover.products if not is_vague(product, min_characters=2)]:
        gaps.append(
            FormGap(
                field="products",
                problem=tr("lists no product or service (产品/服务清单)"),
                rule="HO-8",
            )
        )
    if is_vague(handover.payment_cycle, phrases=vocabulary, min_characters=2):
        gaps.append(
            FormGap(
                field="payment_cycle",
                problem=tr("is not given; e.g. 30% on signing, 70% on acceptance (付款周期)"),
                rule="HO-8",
            )
        )
    return gaps


_SETTLED = frozenset({FeedbackStatus.COMPLETED, FeedbackStatus.NOT_ADOPTED})


_CONTRACT_WORDS = ("合同", "合約", "contract")  # 合同扫描件, 合約.pdf, signed-contract.pdf


def _is_contract(name: str) -> bool:
    folded = name.casefold()
    return any(word in folded for word in _CONTRACT_WORDS)


HL8_PARTICIPANTS = (
    Role.SALES_SUPERVISOR,
    Role.AFTER_SALES_SUPERVISOR,
    Role.ACCOUNT_MANAGER,
    Role.ENGINEER,
)
"""Who takes part in a quarterly health review (HL-8, 000 §3.4 step 3); a senior or junior
engineer stands for the after-sales engineer."""

_ENGINEERS = frozenset({Role.ENGINEER, Role.SENIOR_ENGINEER, Role.JUNIOR_ENGINEER})


@edge
def revisit_gaps(revisit: Revisit) -> tuple[FormGap, ...]:
    """What a revisit worksheet row lacks (RULES RV-6, RV-10); empty when it is complete.

    Open problems (待解决问题) carry an owner and a deadline: the follow-up plan's owner and
    date (RV-10, the RV-5 clocks); a follow-up plan names its owner and date together; the
    next revisit date is not before the revisit.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from salescare.ids import CustomerNo, StaffNo
        >>> from salescare.models import ContactMode
        >>> row = Revisit(
        ...     customer=CustomerNo.parse("CUS20240515001"), customer_name="Lake",
        ...     at=datetime(2024, 5, 15, 9, tzinfo=UTC), mode=ContactMode.PHONE,
        ...     visitor=StaffNo.parse("S0123"), summary="Quarterly call",
        ...     open_problems="export fails on Fridays",
        ... )
        >>> [str(gap) for gap in revisit_gaps(row)]
        ['plan_owner: an open problem has an owner (RV-10)', \
'plan_due: an open problem has a deadline (RV-10)']
    """
    gaps = []
    planned = bool(revisit.plan_content.strip())
    if revisit.open_problems.strip() or planned:
        why = (
            tr("an open problem has")
            if revisit.open_problems.strip()
            else tr("a follow-up plan has")
        )
        if revisit.plan_owner is None:
            gaps.append(
                FormGap(field="plan_owner", problem=tr("{why} an owner", why=why), rule="RV-10")
            )
        if revisit.plan_due is None:
            gaps.append(
                FormGap(field="plan_due", problem=tr("{why} a deadline", why=why), rule="RV-10")
            )
    if revisit.next_revisit_on is not None and revisit.next_revisit_on < revisit.at.date():
        gaps.append(
            FormGap(
                field="next_revisit_on",
                problem=tr("is before the revisit ({value})", value=revisit.at.date().isoformat()),
                rule="RV-6",
            )
        )
    return tuple(gaps)


@edge
def health_review_gaps(review: HealthReview) -> tuple[FormGap, ...]:
    """What a quarterly health review lacks (RULES HL-8); empty when it is complete.

    The review names its participants (sales supervisor, after-sales supervisor, account
    manager, after-sales engineer); a risk customer's review gives the root cause, the
    responsible department and the deadline of the fix.

    Examples:
        >>> from decimal import Decimal
        >>> from salescare.ids import CustomerNo
        >>> from salescare.models import Health
        >>> row = HealthReview(
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     customer_name="Lake",
        ...     year=2024,
        ...     quarter=2,
        ...     cooperation_months=16,
        ...     relationship=Decimal("2.5"),
        ...     service=Decimal("2.8"),
        ...     health=Health.RISK,
        ... )
        >>> [gap.field for gap in health_review_gaps(row)]
        ['participants', 'root_cause', 'responsible_department', 'fix_by']
    """
    present_roles = {Role.ENGINEER if role in _ENGINEERS else role for role in review.participants}
    missing = [str(role) for role in HL8_PARTICIPANTS if role not in present_roles]
    gaps = []
    if missing:
        gaps.append(
            FormGap(
                field="participants",
                problem=tr("lacks {missing}", missing=", ".join(missing)),
                rule="HL-8",
            )
        )
    if review.health is Health.RISK:
        for field, value, what in (
            ("root_cause", review.root_cause.strip(), tr("the root cause of the risk")),
            ("responsible_department", review.responsible_department, tr("who is to fix it")),
            ("fix_by", review.fix_by, tr("the deadline of the fix")),
        ):
            if not value:
                gaps.append(
                    FormGap(
                        field=field,
                        problem=tr("a risk customer's review gives {what}", what=what),
                        rule="HL-8",
                    )
                )
    return tuple(gaps)


@edge
def ticket_gaps(
    ticket: Ticket, *, phrases: Iterable[str] = DEFAULT_VAGUE_PHRASES | SUBJECTIVE_PHRASES
) -> tuple[FormGap, ...]:
    """What a ticket's problem description lacks (RULES TK-11); empty when it is concrete.

    000 §4.2 asks for an objective, concrete description, 「避免主观判断」: a description that is
    empty, too short, a placeholder or only a judgement (``phrases``) is a gap. Triage is
    refused until it is put right.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from salescare.ids import CustomerNo, TicketNo
        >>> ticket = Ticket(
        ...     number=TicketNo.parse("FW20240515001"),
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     customer_name="Lake",
        ...     description="系统不好用",
        ...     submitted_at=datetime(2024, 5, 15, 9, 0, tzinfo=UTC),
        ... )
        >>> [str(gap) for gap in ticket_gaps(ticket)]  # doctest: +NORMALIZE_WHITESPACE
        ['description: is vague or a judgement; say what happens, where and since when (TK-11)']
    """
    if is_vague(ticket.description, phrases=phrases):
        return (
            FormGap(
                field="description",
                problem=tr("is vague or a judgement; say what happens, where and since when"),
                rule="TK-11",
            ),
        )
    return ()


@edge
def feedback_gaps(
    feedback: Feedback, *, as_of: datetime, tz: str = "Asia/Shanghai"
) -> tuple[FormGap, ...]:
    """What a feedback item's follow-through lacks as of ``as_of`` (RULES FB-4, FB-6).

    A sales-opportunity item needs its value estimate (FB-4; the record itself accepts none,
    since a redacted copy hides the amount, and the ``classify`` step refuses one without).

    An open item whose planned date (:attr:`~salescare.models.Feedback.planned_on`) has
    passed in the zone ``tz`` needs a progress update with a new date and a reason (a note
    without a new date, or silence, is the gap). A new date always comes with a reason: the
    :class:`~salescare.models.ProgressUpdate` record refuses one without.

    Examples:
        >>> from datetime import date, datetime, UTC
        >>> from salescare.ids import CustomerNo, FeedbackNo
        >>> from salescare.models import FeedbackChannel, FeedbackType
        >>> item = Feedback(
        ...     number=FeedbackNo.parse("FK20240516001"),
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     customer_name="Lake",
        ...     type=FeedbackType.SUGGESTION,
        ...     content="export by shift",
        ...     channel=FeedbackChannel.QUESTIONNAIRE,
        ...     submitter="Zhao",
        ...     collected_at=datetime(2024, 5, 16, 9, 0, tzinfo=UTC),
        ...     due_on=date(2024, 6, 14),
        ... )
        >>> for gap in feedback_gaps(item, as_of=datetime(2024, 6, 17, 9, 0, tzinfo=UTC)):
        ...     print(gap)
        due_on: planned for 2024-06-14 and not done; record a new date and the reason (FB-6)
    """
    if as_of.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("feedback_gaps", "as_of"), as_of)
    gaps = []
    if feedback.category is FeedbackCategory.SALES_OPPORTUNITY and feedback.value_estimate is None:
        # not refused by the record itself: a redacted copy hides the amount (CX-2)
        gaps.append(
            FormGap(
                field="value_estimate",
                problem=tr("a sales opportunity carries a value estimate"),
                rule="FB-4",
            )
        )
    planned = feedback.planned_on
    if planned is None or feedback.status in _SETTLED:
        return tuple(gaps)
    if as_of.astimezone(zone(tz, ("feedback_gaps", "tz"))).date() > planned:
        field = "due_on" if planned == feedback.due_on else "progress"
        gaps.append(
            FormGap(
                field=field,
                problem=tr(
                    "planned for {planned} and not done; record a new date and the reason",
                    planned=planned.isoformat(),
                ),
                rule="FB-6",
            )
        )
    return tuple(gaps)


@edge
def support_request_gaps(
    request: SupportRequest, *, as_of: datetime, calendar: WorkCalendar | None = None
) -> tuple[FormGap, ...]:
    """What is wrong with a cross-department support request as of ``as_of`` (RULES CX-3).

    Filing ahead: the expected completion time must leave the other department at least the
    next working day — no earlier than close of business of the first working day after the
    filing day (``calendar``: China's official working days by default). Answer: within
    ``TIMERS["CX-3.answer"]`` (24 hours) of filing; a late or missing answer is a gap once
    the target has passed.

    Examples:
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from salescare.ids import CustomerNo, StaffNo
        >>> from salescare.models import Department
        >>> sh = ZoneInfo("Asia/Shanghai")
        >>> rush = SupportRequest(
        ...     customer=CustomerNo.parse("CUS20240515001"), requested_by=StaffNo.parse("S0123"),
        ...     department=Department.PRODUCT, background="custom export", contact="Zhao",
        ...     filed_at=datetime(2024, 5, 20, 10, 0, tzinfo=sh),
        ...     needed_by=datetime(2024, 5, 21, 9, 0, tzinfo=sh),
        ... )
        >>> for gap in support_request_gaps(rush, as_of=datetime(2024, 5, 20, 11, tzinfo=sh)):
        ...     print(gap)
        needed_by: is less than a working day after filing; expected no earlier than \
2024-05-21T18:00:00+08:00 (CX-3)
    """
    if as_of.utcoffset() is None:
        raise NaiveDatetimeError.for_field(("support_request_gaps", "as_of"), as_of)
    answer = TIMERS["CX-3.answer"]
    working = calendar if calendar is not None else working_calendar()
    gaps = []
    earliest = working.add_working_days(request.filed_at, 1)
    if request.needed_by < earliest:
        gaps.append(
            FormGap(
                field="needed_by",
                problem=tr(
                    "is less than a working day after filing; expected no earlier than {earliest}",
                    earliest=earliest.isoformat(),
                ),
                rule="CX-3",
            )
        )
    clock = measure(
        answer,
        request.filed_at,
        now=max(as_of, request.filed_at),
        stop=request.answered_at,
    )
    if clock.status is SlaStatus.BREACHED:
        gaps.append(FormGap(field="answered_at", problem=clock.reason, rule="CX-3"))
    return tuple(gaps)


FEASIBILITY_REQUIREMENTS: Mapping[Feasibility, tuple[str, ...]] = MappingProxyType(
    {
        Feasibility.HIGH: (tr("a follow-up plan with goal, steps, dates and owner"),),
        Feasibility.MEDIUM: (tr("adjust the proposal with the customer"),),
        Feasibility.LOW: (tr("explain why to the customer"), tr("offer an alternative")),
    }
)
"""FB-5: what each feasibility level requires of sales."""


@edge
def feasibility_gaps(feedback: Feedback) -> tuple[str, ...]:
    """What an evaluated feedback item still lacks for its feasibility level (RULES FB-5).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from salescare.ids import CustomerNo, FeedbackNo
        >>> from salescare.vocabulary import Feasibility, FeedbackChannel, FeedbackType
        >>> item = Feedback(
        ...     number=FeedbackNo.parse("FK20240516001"),
        ...     customer_name="Lake",
        ...     customer=CustomerNo.parse("CUS20240515001"),
        ...     type=FeedbackType.SUGGESTION,
        ...     content="CSV export",
        ...     channel=FeedbackChannel.PHONE_REVISIT,
        ...     submitter="Zhao",
        ...     collected_at=datetime(2024, 5, 16, 9, tzinfo=UTC),
        ... )
        >>> feasibility_gaps(item)
        ('feasibility is not evaluated (FB-5)',)
        >>> feasibility_gaps(attrs.evolve(item, feasibility=Feasibility.MEDIUM))
        ()
    """
    if feedback.feasibility is None:
        return (tr("feasibility is not evaluated (FB-5)"),)
    if feedback.feasibility is Feasibility.HIGH and not feedback.plan.strip():
        return (
            tr("a high-feasibility need needs a plan with goal, steps, dates and owner (FB-5)"),
        )
    if feedback.feasibility is Feasibility.LOW and not (
        feedback.plan.strip() or feedback.result_reason.strip()
    ):
        return (tr("a low-feasibility need needs the explanation and an alternative (FB-5)"),)
    return ()


__getattr__ = old_names(__name__, {"Gap": ("FormGap", FormGap)})


@edge
def unassessed_follow_ups(
    follow_ups: Iterable[FollowUp], assessments: Iterable[ServiceQualityAssessment]
) -> tuple[FollowUp, ...]:
    """The follow-ups no service-quality assessment is linked to (RULES SQ-5), in order.

    An assessment names the follow-up it assesses by its customer and ``follow_up_at``
    (004 「每次跟进后」: one follows every follow-up).

    Examples:
        >>> unassessed_follow_ups([], [])
        ()
    """
    linked = {
        (str(a.customer), a.follow_up_at.astimezone(UTC))
        for a in assessments
        if a.customer is not None and a.follow_up_at is not None
    }
    return tuple(f for f in follow_ups if (str(f.customer), f.at.astimezone(UTC)) not in linked)
