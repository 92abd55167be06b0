"""The ``salescare demo`` report: a sales supervisor's Monday morning on the bundled book.

The bundled book (``salescare/data/sample_book.json``, built by
``scripts/make_sample_book.py``) is a small fictional company's customers, tickets,
follow-ups, revisits, feedback, complaints, surveys, opportunities, handovers and a departing
rep. The report runs every part of the library over it as of the book's fixed Monday.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import resources
from typing import IO, Any

import attrs

import salescare
from salescare._writing import pad
from salescare.access import AccessBook, can_contact
from salescare.agenda import AgendaItem, DutyStatus, agenda
from salescare.cadence import follow_up_plan
from salescare.catalogue import summary
from salescare.completeness import handover_gaps
from salescare.grading import grade_customer
from salescare.i18n import joined, ntr, tr, translate, use_locale
from salescare.meetings import meetings, standup_agenda
from salescare.metrics import (
    SalesFacts,
    complaint_resolution_rate,
    feedback_results,
    follow_up_frequency,
    health_inputs,
    health_review,
    mean_first_response_hours,
    mean_satisfaction,
    on_time_resolution_rate,
    problem_types,
    quarter,
    satisfaction_by_tier,
)
from salescare.models import (
    Actor,
    Complaint,
    Customer,
    Departure,
    DutyLog,
    Feedback,
    FeedbackCategory,
    FeedbackType,
    FollowUp,
    Handover,
    HandoverStatus,
    Health,
    HealthReview,
    Opportunity,
    Revisit,
    Role,
    SatisfactionSurvey,
    Ticket,
)
from salescare.revisits import Candidate, revisit_queue
from salescare.serialize import from_dict
from salescare.sla import DEFAULT_TICKET_POLICY, SlaStatus, ticket_sla_many, working_calendar

__all__ = ["Book", "load_sample", "report"]

_SHOWN = 12


@attrs.frozen(kw_only=True)
class Book:
    """Everything the demo reads, as records."""

    company: str
    as_of: datetime
    customers: list[Customer]
    sales_facts: dict[str, SalesFacts]
    handovers: list[Handover]
    tickets: list[Ticket]
    follow_ups: list[FollowUp]
    revisits: list[Revisit]
    feedback: list[Feedback]
    complaints: list[Complaint]
    surveys: list[SatisfactionSurvey]
    opportunities: list[Opportunity]
    departures: list[Departure]
    usage_reports: dict[str, list[datetime]]
    duty_log: list[DutyLog]


def load_sample() -> Book:
    """The bundled sample book, parsed and validated."""
    text = resources.files("salescare.data").joinpath("sample_book.json").read_text("utf-8")
    raw: dict[str, Any] = json.loads(text)
    facts = {
        row["customer"]: from_dict(SalesFacts, {k: v for k, v in row.items() if k != "customer"})
        for row in raw["sales_facts"]
    }
    return Book(
        company=raw["company"],
        as_of=datetime.fromisoformat(raw["as_of"]),
        customers=from_dict(list[Customer], raw["customers"]),
        sales_facts=facts,
        handovers=from_dict(list[Handover], raw["handovers"]),
        tickets=from_dict(list[Ticket], raw["tickets"]),
        follow_ups=from_dict(list[FollowUp], raw["follow_ups"]),
        revisits=from_dict(list[Revisit], raw["revisits"]),
        feedback=from_dict(list[Feedback], raw["feedback"]),
        complaints=from_dict(list[Complaint], raw["complaints"]),
        surveys=from_dict(list[SatisfactionSurvey], raw["surveys"]),
        opportunities=from_dict(list[Opportunity], raw["opportunities"]),
        departures=from_dict(list[Departure], raw["departures"]),
        usage_reports={
            row["customer"]: [datetime.fromisoformat(moment) for moment in row["sent"]]
            for row in raw["usage_reports"]
        },
        duty_log=from_dict(list[DutyLog], raw["duty_log"]),
    )


def report(book: Book, out: IO[str], *, locale: str = "en") -> None:
    """Write the Monday report on ``book`` to ``out``, in ``locale``."""
    with use_locale(locale):
        _report(book, out)


def _report(book: Book, out: IO[str]) -> None:
    def say(line: str = "") -> None:
        out.write(translate(line) + "\n")

    say(
        tr(
            "salescare {version} — Monday report for {company}",
            version=salescare.__version__,
            company=book.company,
        )
    )
    say(tr("as of {as_of}", as_of=book.as_of.isoformat()))
    counts = joined(
        ", ",
        [
            ntr("{count} customer", "{count} customers", len(book.customers)),
            ntr("{count} ticket", "{count} tickets", len(book.tickets)),
            ntr("{count} follow-up", "{count} follow-ups", len(book.follow_ups)),
            ntr("{count} revisit", "{count} revisits", len(book.revisits)),
            ntr("{count} handover", "{count} handovers", len(book.handovers)),
        ],
    )
    say(tr("Book: {counts} — read and valid", counts=counts))
    sections = (
        _agenda,
        _grades,
        _health,
        _tickets,
        _follow_ups,
        _revisits,
        _handovers,
        _kpis,
        _standup,
    )
    for section in sections:
        say()
        section(book, say)
    say()
    say(tr("Rule catalogue (rules enforced / all; the rest are recorded, docs/rules.md says why):"))
    for family, title, done, total in summary():
        say(
            tr(
                "  {family}  {done}/{total}  {title}",
                family=family,
                done=format(done, ">2"),
                total=format(total, "<2"),
                title=title,
            )
        )


Say = Callable[[str], None]


def _when(moment: datetime) -> str:
    # the format is a message too: weekday and month names are English in strftime
    return moment.strftime(translate(tr("%a %d %b %H:%M")))


def _short(text: str, width: int) -> str:
    text = translate(text)
    return text if len(text) <= width else text[: width - 1] + "…"


_GOALS = {  # RV-1's revisit goals
    "win_back": tr("win back"),
    "raise_satisfaction": tr("raise satisfaction"),
    "activate": tr("activate"),
    "maintain": tr("maintain"),
}


def _problem_word(kind: str) -> str:
    # a feedback category or type has the manuals' name; a complaint's category is free text
    for member in (*FeedbackCategory, *FeedbackType):
        if member.value == kind:
            return str(member.text())
    return kind


def _grades(book: Book, say: Say) -> None:
    say(tr("2. Grades by value and potential (GR-1…GR-5)"))
    results = {
        str(c.number): grade_customer(c.annual_purchases, c.potential, missing="unknown")
        for c in book.customers
    }
    tally = Counter(str(r.grade) for r in results.values())
    say("   " + " · ".join(f"{grade} {tally[grade]}" for grade in "ABCD"))
    changes = [
        (customer, results[str(customer.number)])
        for customer in book.customers
        if customer.grade is not None
        and results[str(customer.number)].grade not in {None, customer.grade}
    ]
    say(tr("   {count} customer(s) to regrade this quarter (GR-4, GR-5):", count=len(changes)))
    for customer, result in changes[:_SHOWN]:
        say(
            tr(
                "   {value} recorded {grade}, now {value2}",
                value=pad(str(customer.number), 16),
                grade=customer.grade,
                value2=_short(result.reason, 90),
            )
        )
    say(tr("   A customers and why:"))
    for customer in book.customers:
        result = results[str(customer.number)]
        if str(result.grade) == "A":
            say(
                tr(
                    "   {value} {value2} {value3}",
                    value=pad(str(customer.number), 16),
                    value2=pad(_short(customer.name, 14), 30),
                    value3=_short(result.reason, 90),
                )
            )


def _reviews(book: Book) -> dict[str, HealthReview]:
    """This quarter's health row of every customer with sales facts and a service score."""
    as_of = book.as_of
    number = (as_of.month - 1) // 3 + 1
    found = {}
    for customer in book.customers:
        facts = book.sales_facts.get(str(customer.number))
        if facts is None:
            continue
        inputs = health_inputs(
            customer,
            as_of.year,
            number,
            tickets=book.tickets,
            sales_facts=facts,
            surveys=book.surveys,
        )
        if inputs.service.value is not None:
            found[str(customer.number)] = health_review(inputs)
    return found


def _health(book: Book, say: Say) -> None:
    as_of = book.as_of
    number = (as_of.month - 1) // 3 + 1
    say(
        tr(
            "3. Customer health, {year} Q{number} to date (HL-1…HL-5)",
            year=as_of.year,
            number=number,
        )
    )
    reviews = _reviews(book)
    rows = [(c, reviews[str(c.number)]) for c in book.customers if str(c.number) in reviews]
    missing = len(book.customers) - len(rows)
    tally = Counter(row.health for _, row in rows)
    counts = " · ".join(f"{h.text()} {tally[h]}" for h in Health)
    say(
        tr(
            "   {counts} · not gradable yet (no sales facts or service score) {missing}",
            counts=counts,
            missing=missing,
        )
    )
    flagged = [(c, r) for c, r in rows if r.health is not Health.HEALTHY]
    flagged.sort(key=lambda pair: (pair[1].health is not Health.RISK, str(pair[0].number)))
    for customer, row in flagged[:_SHOWN]:
        say(
            tr(
                "   {value} {value2} R {relationship} S {service}  {value3}",
                value=pad(str(customer.number), 16),
                value2=pad(row.health.text() if row.health is not None else "—", 12),
                relationship=format(row.relationship, ".2f"),
                service=format(row.service, ".2f"),
                value3=_short(row.strategy, 70),
            )
        )
    if len(flagged) > _SHOWN:
        say(tr("   … and {value} more", value=len(flagged) - _SHOWN))


_ORDER = {SlaStatus.BREACHED: 0, SlaStatus.AT_RISK: 1}


def _records(book: Book) -> list[object]:
    return [
        *book.customers,
        *book.handovers,
        *book.tickets,
        *book.follow_ups,
        *book.revisits,
        *book.feedback,
        *book.complaints,
        *book.opportunities,
        *book.departures,
        *book.duty_log,
    ]


def _agenda(book: Book, say: Say) -> None:
    say(tr("1. What is due, by whom, and what is late (every timer; CO-3)"))
    items = agenda(_records(book), now=book.as_of)
    by_status = Counter(item.status for item in items)
    opened = (DutyStatus.UPCOMING, DutyStatus.DUE_SOON, DutyStatus.OVERDUE)
    closed = (DutyStatus.MET, DutyStatus.BREACHED)
    say(
        tr(
            "   open: {open} ; done in the last 7 days: {done}",
            open=" · ".join(f"{s.text().replace('_', ' ')} {by_status[s]}" for s in opened),
            done=" · ".join(f"{s.text().replace('_', ' ')} {by_status[s]}" for s in closed),
        )
    )
    late = [item for item in items if item.status is DutyStatus.OVERDUE]
    families = Counter(item.family for item in late)
    shown = ", ".join(f"{f} {n}" for f, n in families.most_common())
    say(tr("   overdue by rule family: {families}", families=shown))
    people: dict[str, list[AgendaItem]] = {}
    for item in late:
        role = item.role.text()
        who = (
            tr("{owner} ({role})", owner=item.owner, role=role)
            if item.owner is not None
            else tr("any {role}", role=role)
        )
        people.setdefault(translate(who), []).append(item)
    say(tr("   overdue by person (the oldest first):"))
    ranked = sorted(people.items(), key=lambda pair: (-len(pair[1]), pair[0]))
    for person, owed in ranked[:_SHOWN]:
        oldest = min(owed, key=lambda item: item.due)
        days = (book.as_of - oldest.due).days
        duty = tr(
            "{rule} {what} ({source})", rule=oldest.rule, what=oldest.what, source=oldest.source
        )
        say(
            tr(
                "   {value} {count} overdue  oldest {days} days: {value2}",
                value=pad(person, 34),
                count=format(len(owed), ">3"),
                days=format(days, ">3"),
                value2=_short(duty, 70),
            )
        )
    if len(ranked) > _SHOWN:
        say(tr("   … and {value} more", value=len(ranked) - _SHOWN))
    soon = [item for item in items if item.status is DutyStatus.DUE_SOON]
    rules = Counter(item.rule for item in soon)
    say(
        tr(
            "   due soon by rule: {rules}",
            rules=", ".join(f"{r} {n}" for r, n in rules.most_common()),
        )
    )
    for item in soon[:5]:
        say(
            tr(
                "   {due}  {rule} {what} ({source})",
                due=_when(item.due),
                rule=item.rule,
                what=item.what,
                source=item.source,
            )
        )
    say(tr("   periodic duties, last period and this (from the calendar and the duty log):"))
    for item in (item for item in items if item.source == "calendar"):
        state = item.status.text().replace("_", " ")
        say(
            tr(
                "   {due}  {value} {rule} {what} ({role})",
                due=_when(item.due),
                value=pad(state, 9),
                rule=item.rule,
                what=item.what,
                role=item.role.text(),
            )
        )


def _tickets(book: Book, say: Say) -> None:
    say(tr("4. Open tickets breaching or at risk (TK-2…TK-9)"))
    flagged = []
    for sla in ticket_sla_many((t for t in book.tickets if t.resolved_at is None), now=book.as_of):
        clocks = sorted((*sla.breaches, *sla.at_risk), key=lambda m: _ORDER[m.status])
        if clocks:
            flagged.append((sla.ticket, clocks[0]))
    flagged.sort(key=lambda pair: (_ORDER[pair[1].status], pair[0].submitted_at))
    breached = sum(clock.status is SlaStatus.BREACHED for _, clock in flagged)
    say(
        tr(
            "   {breached} breached, {value} at risk",
            breached=breached,
            value=len(flagged) - breached,
        )
    )
    for ticket, clock in flagged[:_SHOWN]:
        say(
            tr(
                "   {number} {value} {value2}",
                number=ticket.number,
                value=pad(str(ticket.level or "—"), 3),
                value2=_short(clock.reason, 100),
            )
        )
    if len(flagged) > _SHOWN:
        say(tr("   … and {value} more", value=len(flagged) - _SHOWN))
    threshold = DEFAULT_TICKET_POLICY.appeasement_threshold
    unhappy = [
        t for t in book.tickets if t.satisfaction is not None and t.satisfaction <= threshold
    ]
    say(
        tr(
            "   {count} resolved ticket(s) scored ≤ {threshold}: appeasement due (TK-9)",
            count=len(unhappy),
            threshold=threshold,
        )
    )


def _follow_ups(book: Book, say: Say) -> None:
    say(tr("5. Follow-ups overdue and cadence violations (FU-1…FU-5, GR-6, DV-3, CX-4)"))
    by_customer: dict[str, list[FollowUp]] = {}
    for note in book.follow_ups:
        by_customer.setdefault(str(note.customer), []).append(note)
    deals: dict[str, list[Opportunity]] = {}
    for deal in book.opportunities:
        deals.setdefault(str(deal.customer), []).append(deal)
    overdue = []
    recent = book.as_of - timedelta(days=30)
    violations = 0
    for customer in book.customers:
        key = str(customer.number)
        plan = follow_up_plan(
            customer,
            by_customer.get(key, []),
            as_of=book.as_of,
            opportunities=deals.get(key, ()),
            reports=book.usage_reports.get(key, ()),
        )
        violations += sum(v.end >= recent for v in plan.violations)
        if plan.late:
            due_at, rule, what = plan.late[0]
            overdue.append((due_at, key, tr("{rule}: {what}", rule=rule, what=what)))
    overdue.sort()
    say(
        tr(
            "   {count} customer(s) overdue; {violations} violation(s) in the last 30 days",
            count=len(overdue),
            violations=violations,
        )
    )
    for due_at, key, what in overdue[:_SHOWN]:
        late = (book.as_of - due_at).days
        say(
            tr(
                "   {value} {late} days late  {value2}",
                value=pad(key, 16),
                late=format(late, ">3"),
                value2=_short(what, 80),
            )
        )
    if len(overdue) > _SHOWN:
        say(tr("   … and {value} more", value=len(overdue) - _SHOWN))
    access = AccessBook.of(customers=book.customers, departures=book.departures)
    for departure in book.departures:
        rep = Actor(id=str(departure.rep), role=Role.SALES_REP)
        barred = [
            item.customer
            for item in departure.items
            if not can_contact(rep, item.customer, as_of=book.as_of, book=access)
        ]
        say(
            tr(
                "   {rep} left: {count} customer(s) moved to {successor}; {count2} still "
                "off-limits to {rep} (CX-4)",
                rep=departure.rep,
                count=len(departure.items),
                successor=departure.successor,
                count2=len(barred),
            )
        )


def _revisits(book: Book, say: Say) -> None:
    say(tr("6. Revisit queue: churn risk first, then value (RV-1, RV-2)"))
    last_contact: dict[str, datetime] = {}
    for moment, key in (
        *((n.at, str(n.customer)) for n in book.follow_ups),
        *((r.at, str(r.customer)) for r in book.revisits),
    ):
        known = last_contact.get(key)
        if moment <= book.as_of and (known is None or moment > known):
            last_contact[key] = moment
    open_complaints = {str(c.customer) for c in book.complaints if c.resolved_at is None}
    reviews = _reviews(book)
    candidates = []
    for customer in book.customers:
        key = str(customer.number)
        review = reviews.get(key)
        candidates.append(
            Candidate(
                customer=customer,
                last_contact_at=last_contact.get(key),
                health=review.health if review is not None else None,
                churn_signals=(tr("open complaint"),) if key in open_complaints else (),
            )
        )
    for entry in revisit_queue(candidates, as_of=book.as_of, limit=8):
        say(
            tr(
                "   {position}. {value} {value2} {value3}",
                position=entry.position,
                value=pad(str(entry.candidate.customer.number), 16),
                value2=pad(translate(_GOALS[entry.goal]), 18),
                value3=_short(entry.reason, 86),
            )
        )


def _handovers(book: Book, say: Say) -> None:
    say(tr("7. Handovers not yet confirmed (HO-3…HO-6)"))
    open_forms = [
        h
        for h in book.handovers
        if h.status not in {HandoverStatus.CONFIRMED, HandoverStatus.ARCHIVED}
    ]
    if not open_forms:
        say(tr("   none"))
    for form in open_forms:
        gaps = handover_gaps(form)
        say(
            tr(
                "   {contract_number} {customer_name} — {label}, {count} gap(s)",
                contract_number=form.contract_number,
                customer_name=form.customer_name,
                label=form.status.text(),
                count=len(gaps),
            )
        )
        for gap in gaps:
            say(tr("     - {gap}", gap=str(gap)))


def _kpis(book: Book, say: Say) -> None:
    as_of = book.as_of
    number = (as_of.month - 1) // 3 + 1
    period = quarter(as_of.year, number)
    say(
        tr(
            "8. KPIs, {year} Q{number} to date (HL-1, SQ-2, RV-7, FB-7)",
            year=as_of.year,
            number=number,
        )
    )
    lines: list[object] = [
        on_time_resolution_rate(book.tickets, period=period, as_of=as_of),
        mean_first_response_hours(book.tickets, period=period),
        complaint_resolution_rate(book.complaints, period=period),
        mean_satisfaction([*book.tickets, *book.surveys, *book.revisits], period=period),
    ]
    lines += satisfaction_by_tier(book.revisits, period=period).values()
    for line in lines:
        say(tr("   {line}", line=str(line)))
    kinds = problem_types([*book.feedback, *book.complaints])
    top = ", ".join(
        f"{_problem_word(str(kind))} {count}"
        for kind, count in Counter(kinds.counts).most_common(4)
    )
    say(tr("   problem types (RV-7): {top}", top=top))
    results = feedback_results(book.feedback, period=period)
    shown = ", ".join(
        f"{status.text()} {count}" for status, count in sorted(results.counts.items())
    )
    say(tr("   feedback by result (FB-7): {results}", results=shown))
    tiers = {c.number: str(c.grade) for c in book.customers if c.grade is not None}
    frequency = follow_up_frequency(book.follow_ups, tiers, period=period)
    shown = ", ".join(f"{tier} {mean.value}" for tier, mean in frequency.items())
    say(tr("   follow-ups per customer per month: {tiers}", tiers=shown))


def _standup(book: Book, say: Say) -> None:
    calendar = working_calendar()
    today = book.as_of.date()
    week = list(meetings(calendar, today - timedelta(days=7), today + timedelta(days=6)))
    standups = [m for m in week if m.kind == "standup"]
    upcoming = next(m for m in standups if m.start > book.as_of)
    previous = max(m.start for m in standups if m.start < upcoming.start)
    review = next(m for m in week if m.kind == "weekly_review" and m.start > book.as_of)
    say(
        tr(
            "9. Today's stand-up, {start} (CO-1, CO-2)",
            start=_when(upcoming.start),
        )
    )
    agenda = standup_agenda(
        upcoming.start,
        since=previous,
        handovers=book.handovers,
        tickets=book.tickets,
        feedback=book.feedback,
        complaints=book.complaints,
    )
    say(
        tr(
            "   since {previous}: {count} new signing(s), {count2} complaint(s)",
            previous=_when(previous),
            count=len(agenda.new_signings),
            count2=len(agenda.complaints),
        )
    )
    say(
        tr(
            "   urgent tickets {count} · waiting on after-sales {count2} · waiting on sales "
            "{count3}",
            count=len(agenda.urgent_tickets),
            count2=len(agenda.waiting_on_after_sales),
            count3=len(agenda.waiting_on_sales),
        )
    )
    say(
        tr(
            "   weekly review: {start}–{end}",
            start=_when(review.start),
            end=format(review.end, "%H:%M"),
        )
    )
