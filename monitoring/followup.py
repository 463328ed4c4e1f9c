"""The follow-up (tindak lanjut) state machine of a finding: which event moves it from which state to which.

docs/follow-up.md explains the table and who may trigger each event; monitoring.services enforces both.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import DomainError
from monitoring.models import FindingState


class Event(StrEnum):
    ANSWER = "answer"  # the OPD (or an administrator for it) reports the follow-up done or planned
    REJECT = "reject"  # the OPD (or an administrator for it) rejects the finding with a reason
    CANNOT_FIX = "cannot_fix"  # the OPD states it cannot follow the finding up, with a reason
    CONFIRM = "confirm"  # the reporting village confirms the answer fixed the problem
    CONTEST = "contest"  # the reporting village disputes an answer, a rejection or a closure
    ADMIN_CLOSE = "admin_close"  # an administrator closes a finding contested more than once, with a reason


S = FindingState
TRANSITIONS: dict[Event, dict[str, str]] = {
    Event.ANSWER: {S.OPEN: S.ANSWERED, S.ANSWERED: S.ANSWERED, S.REJECTED: S.ANSWERED, S.CLOSED_UNFIXED: S.ANSWERED},
    Event.REJECT: {S.OPEN: S.REJECTED, S.ANSWERED: S.REJECTED},
    Event.CANNOT_FIX: {S.OPEN: S.CLOSED_UNFIXED, S.ANSWERED: S.CLOSED_UNFIXED},
    Event.CONFIRM: {S.ANSWERED: S.RESOLVED},
    Event.CONTEST: {S.ANSWERED: S.OPEN, S.REJECTED: S.OPEN, S.CLOSED_UNFIXED: S.OPEN},
    Event.ADMIN_CLOSE: {S.OPEN: S.CLOSED_UNFIXED, S.ANSWERED: S.CLOSED_UNFIXED},
}
# An administrator may close a finding without a fix only after the village contested it this many times.
ADMIN_CLOSE_MIN_CONTESTS = 2


def next_state(event: Event, state: str) -> str:
    """Return the state ``event`` moves a finding in ``state`` to; raise DomainError when the table forbids it."""
    target = TRANSITIONS[event].get(state)
    if target is None:
        raise DomainError(
            "finding_transition_not_allowed",
            _("This action is not possible while the finding is “%(state)s”.") % {"state": FindingState(state).label},
        )
    return target


def leaders_escalation_after_days() -> int:
    """Return the days between the escalation to the OPD head and the one to the leaders."""
    return settings.SIMPOR_FINDING_ESCALATE_LEADERS_AFTER_DAYS


def escalation_due(finding, today: datetime.date, head_escalated_on: datetime.date | None) -> int:
    """Return the escalation level an overdue finding should have reached today (0, 1 or 2).

    Level 1 (OPD head) comes on the first overdue day; level 2 (leaders) comes
    leaders_escalation_after_days() days after level 1 was reached.
    """
    if finding.days_overdue(today) < 1:
        return 0
    if head_escalated_on is not None and (today - head_escalated_on).days >= leaders_escalation_after_days():
        return 2
    return 1
