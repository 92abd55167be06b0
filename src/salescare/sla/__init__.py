"""SLA targets and clocks: every "within N hours / working days" rule, measured exactly.

A :class:`Target` is a duration on a calendar ("4 h", elapsed by default), a number of working
days ("3 working days": close of business of the third working day after the event's day), or
a number of calendar months. :func:`measure` runs one clock: from a start, optionally stopped,
optionally paused (RULES TK-10), as of ``now``, and says whether it is met, breached, running,
at risk or paused, when it is due, how much working time has elapsed and remains, and when the
breach happened.

:data:`TIMERS` holds one target for every "within" rule of the catalogue, keyed by rule ID
(``"TK-2"``) or rule ID and timer (``"TK-3.L1.resolve"``). :func:`ticket_sla` measures all of a
ticket's clocks at once under a :class:`TicketSlaPolicy`.

The package holds the targets and timers (:mod:`~salescare.sla.targets`), the clock
(:mod:`~salescare.sla.clock`) and the ticket SLAs (:mod:`~salescare.sla.tickets`).

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> start = datetime(2024, 5, 15, 9, 15, tzinfo=timezone(timedelta(hours=8)))
    >>> target = TIMERS["TK-3.L2.resolve"]
    >>> m = measure(target, start, now=start + timedelta(hours=7))
    >>> print(m.status, m.due.isoformat(), m.remaining)
    at_risk 2024-05-15T17:15:00+08:00 1:00:00
    >>> done = measure(
    ...     target, start, now=start + timedelta(days=1), stop=start + timedelta(hours=8)
    ... )
    >>> print(done.status)
    met
"""

from salescare._renames import old_names
from salescare.sla.clock import Measurement, measure
from salescare.sla.targets import TIMERS, Target, due, no_contact_until, working_calendar
from salescare.sla.tickets import (
    DEFAULT_TICKET_POLICY,
    LevelTargets,
    ProgressCompliance,
    TicketSla,
    TicketSlaPolicy,
    UpdateGap,
    ticket_sla,
    ticket_sla_many,
)
from salescare.vocabulary import SlaStatus

__all__ = [
    "DEFAULT_TICKET_POLICY",
    "TIMERS",
    "LevelTargets",
    "Measurement",
    "ProgressCompliance",
    "SlaStatus",
    "Target",
    "TicketSla",
    "TicketSlaPolicy",
    "UpdateGap",
    "due",
    "measure",
    "no_contact_until",
    "ticket_sla",
    "ticket_sla_many",
    "working_calendar",
]

__getattr__ = old_names(__name__, {"Gap": ("UpdateGap", UpdateGap)})
