"""Workflows drawn for people: Mermaid state diagrams, Markdown tables, the workflows page.

Pure text from the definitions, with no dependencies; ``docs/workflows.md`` is generated from
here and a test fails when the checked-in page is stale.

Examples:
    >>> from salescare.workflow import COMPLAINT
    >>> print(mermaid(COMPLAINT).splitlines()[2])
        received --> acknowledged: acknowledge
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from salescare.workflow.machine import Workflow

__all__ = ["document", "markdown", "mermaid", "order"]


def order(states: type[Enum]) -> Callable[[Enum], int]:
    """A sort key putting states in their enum's order.

    Examples:
        >>> from salescare.vocabulary import TicketStatus as T
        >>> sorted([T.CLOSED, T.PENDING], key=order(T))
        [<TicketStatus.PENDING: 'pending'>, <TicketStatus.CLOSED: 'closed'>]
    """
    index = {state: position for position, state in enumerate(states)}
    return index.__getitem__


def mermaid(workflow: Workflow[Any, Any]) -> str:
    """A Mermaid state diagram: every transition, a self-loop for one that keeps the state.

    Examples:
        >>> from salescare.workflow import DEPARTURE
        >>> print(mermaid(DEPARTURE))
        stateDiagram-v2
            [*] --> listing
            listing --> submitted: submit
            submitted --> approved: approve
            approved --> approved: report
            approved --> [*]
    """
    key = order(workflow.states)
    lines = ["stateDiagram-v2", f"    [*] --> {workflow.initial.value}"]
    for rule in workflow.rules:
        for source in sorted(rule.sources, key=key):
            target = rule.target if rule.target is not None else source
            lines.append(f"    {source.value} --> {target.value}: {rule.event}")
    lines.extend(f"    {state.value} --> [*]" for state in sorted(workflow.final, key=key))
    return "\n".join(lines)


def markdown(workflow: Workflow[Any, Any]) -> str:
    """A Markdown table of the transitions: event, from, to, roles, guards, rule.

    Examples:
        >>> from salescare.workflow import DEPARTURE
        >>> print(markdown(DEPARTURE).splitlines()[2])
        | submit | listing | submitted | account_manager, sales_director, sales_rep, \
sales_supervisor | `items_required` the handover lists every customer (CX-4) | CX-4 |
    """
    key = order(workflow.states)
    lines = [
        "| event | from | to | roles | guards | rule |",
        "|---|---|---|---|---|---|",
    ]
    for rule in workflow.rules:
        sources = ", ".join(s.value for s in sorted(rule.sources, key=key))
        target = rule.target.value if rule.target is not None else "(same)"
        roles = ", ".join(sorted(r.value for r in rule.roles)) or "anyone"
        guards = "<br>".join(f"`{g.code}` {g.message}" for g in rule.guards) or "—"
        lines.append(f"| {rule.event} | {sources} | {target} | {roles} | {guards} | {rule.rule} |")
    return "\n".join(lines)


def document(workflows: Iterable[Workflow[Any, Any]]) -> str:
    """The text of the workflows page: each workflow's diagram and transition table.

    Examples:
        >>> from salescare.workflow import COMPLAINT
        >>> document([COMPLAINT]).splitlines()[5]
        '## COMPLAINT'
    """
    parts = [
        "# Workflows",
        "",
        "Generated from `salescare.workflow` by `render_docs()`; a test fails when this page",
        "is stale. Each diagram shows every event; an event without a target keeps the state.",
        "",
    ]
    for workflow in workflows:
        parts += [
            f"## {workflow.name}",
            "",
            f"Record: `{workflow.record.__name__}`, state field `{workflow.status_field}`.",
            "",
            "```mermaid",
            mermaid(workflow),
            "```",
            "",
            markdown(workflow),
            "",
        ]
    return "\n".join(parts)
