"""Records every other record uses: history entries, actors, contacts, progress, pauses.

Examples:
    >>> Actor(id="A0045", role=Role.ENGINEER).role.value
    'engineer'
"""

from __future__ import annotations

from datetime import date, datetime

import attrs

from salescare._checks import (
    aware,
    flag,
    instance,
    member,
    not_before,
    optional,
    optional_aware,
    optional_day,
    plain_text,
    raise_all,
    required_when,
    text,
)
from salescare._hypothesis_plugin import announce
from salescare._masking import classified
from salescare.i18n import tr
from salescare.ids import StaffNo
from salescare.models._fields import (
    _email,
    _identifier,
    _phone,
)
from salescare.models.details import EMPTY_DETAILS, Details, as_details, checked_details
from salescare.models.sensitivity import mask_details
from salescare.vocabulary import (
    Role,
)

__all__ = ["Actor", "Contact", "DutyLog", "HistoryEntry", "Pause", "ProgressUpdate", "Promise"]


def _repr_details(details: Details) -> str:
    """A history entry's details with sensitive values masked (by their field's class)."""
    return repr(mask_details(details))


@attrs.frozen(kw_only=True)
class HistoryEntry:
    """One line of a record's append-only history: when, who, what, and a note.

    Also the actor's role and the data the event was given (``details``, JSON values).

    Examples:
        >>> from datetime import datetime, timezone
        >>> HistoryEntry(
        ...     at=datetime(2024, 5, 15, 9, 30, tzinfo=timezone.utc), actor="A0045", event="assign"
        ... ).event
        'assign'
    """

    at: datetime = attrs.field(validator=aware)
    actor: str = _identifier(validator=text)
    event: str = attrs.field(validator=text)
    note: str = attrs.field(default="", validator=plain_text)
    details: Details = attrs.field(
        default=EMPTY_DETAILS, converter=as_details, validator=checked_details, repr=_repr_details
    )
    # the actor's role when the event was fired (None in entries written before it was kept)
    role: Role | None = attrs.field(default=None, validator=optional(member(Role)))


@attrs.frozen(kw_only=True)
class Actor:
    """Someone acting on a record: an identifier (a staff number or user name), a role, a team.

    Workflows check the role (RULES CO-4 splits who may do what); access rules use the team.

    Examples:
        >>> Actor(id="A0045", role=Role.SENIOR_ENGINEER).role
        <Role.SENIOR_ENGINEER: 'senior_engineer'>
    """

    id: str = _identifier(validator=text)
    role: Role = attrs.field(validator=member(Role))
    team: str = attrs.field(default="", validator=plain_text)


@attrs.frozen(kw_only=True)
class Contact:
    """A person at the customer (客户联系人): name, title, phone or e-mail, roles.

    RULES HO-6 asks handovers to mark the primary contact (主要对接人) and the decision maker
    (决策人); LD-2 asks for a phone **or** an e-mail. Phone and e-mail are masked in ``repr``.

    Examples:
        >>> Contact(name="Zhao Liu", title="Purchasing manager")
        Traceback (most recent call last):
        ...
        salescare.errors.ValidationError: Contact.phone: None is missing: a contact needs a phone \
or an e-mail (LD-2); expected a value
    """

    name: str = attrs.field(validator=text)
    title: str = attrs.field(default="", validator=plain_text)
    phone: str | None = classified("phone", default=None, validator=_phone)
    email: str | None = classified("email", default=None, validator=_email)
    is_primary: bool = attrs.field(default=False, validator=flag)
    is_decision_maker: bool = attrs.field(default=False, validator=flag)
    # LD-7: when the customer's contact changed, and when the change reached the CRM
    changed_at: datetime | None = attrs.field(default=None, validator=optional_aware)
    recorded_at: datetime | None = attrs.field(default=None, validator=optional_aware)

    def __attrs_post_init__(self) -> None:
        raise_all(
            self,
            [
                required_when(self, "phone", tr("a contact needs a phone or an e-mail (LD-2)"))
                if self.phone is None and self.email is None
                else None,
                not_before(self, "recorded_at", "changed_at"),
            ],
        )


@attrs.frozen(kw_only=True)
class ProgressUpdate:
    """A progress note (处理进展) on a ticket or a feedback item, with its time and author.

    ``new_due_on`` moves the item's planned completion date; moving it needs a ``reason``
    (RULES FB-6: a slipped date needs a reason and a new date).
    """

    at: datetime = attrs.field(validator=aware)
    note: str = attrs.field(validator=text)
    by: str = _identifier(default="", validator=plain_text)
    new_due_on: date | None = attrs.field(default=None, validator=optional_day)
    reason: str = attrs.field(default="", validator=plain_text)

    def __attrs_post_init__(self) -> None:
        if self.new_due_on is not None and not self.reason.strip():
            raise_all(
                self, [required_when(self, "reason", tr("a new planned date says why (FB-6)"))]
            )


@attrs.frozen(kw_only=True)
class Pause:
    """A period an SLA clock stood still, e.g. waiting on the customer (RULES TK-10).

    ``end`` is ``None`` while the pause is still running.
    """

    start: datetime = attrs.field(validator=aware)
    end: datetime | None = attrs.field(default=None, validator=optional_aware)
    reason: str = attrs.field(default="", validator=plain_text)

    def __attrs_post_init__(self) -> None:
        raise_all(self, [not_before(self, "end", "start")])


@attrs.frozen(kw_only=True)
class Promise:
    """A promise made to the customer (承诺事项): what, whose, by when, and when kept.

    RULES FU-9: promises carry an owner and a deadline and are tracked until kept; RV-8: a
    revisit's closing promise (「3个工作日内给您反馈」) is one too. The agenda tracks each open
    promise from the contact that made it until ``kept_at``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> Promise(
        ...     what="send the upgrade quote",
        ...     owner=StaffNo.parse("S0123"),
        ...     due=datetime(2024, 5, 20, 18, tzinfo=timezone.utc),
        ... ).kept_at is None
        True
    """

    what: str = attrs.field(validator=text)
    owner: StaffNo = _identifier(validator=instance(StaffNo))
    due: datetime = attrs.field(validator=aware)
    kept_at: datetime | None = attrs.field(default=None, validator=optional_aware)


@attrs.frozen(kw_only=True)
class DutyLog:
    """A periodic duty done: the meeting held, the weekly check made, the monthly sync sent.

    ``rule`` names the duty (CO-1 stand-up, CO-2 weekly review, FU-8 weekly check of the
    follow-up plans and records, HL-3 monthly health tracking update, FB-11 monthly need sync
    to after-sales); the entry discharges that duty for the period its time falls in.

    Examples:
        >>> from datetime import datetime, timezone
        >>> DutyLog(
        ...     rule="FU-8",
        ...     at=datetime(2024, 6, 14, 16, tzinfo=timezone.utc),
        ...     by=StaffNo.parse("S0001"),
        ... ).rule
        'FU-8'
    """

    rule: str = attrs.field(validator=text)
    at: datetime = attrs.field(validator=aware)
    by: StaffNo = _identifier(validator=instance(StaffNo))
    note: str = attrs.field(default="", validator=plain_text)


announce(__name__)  # register with Hypothesis when it is in use (see _hypothesis_plugin)
