"""Who may read the audit trail."""

from __future__ import annotations

from accounts import roles


def can_read_history(user) -> bool:
    """Administrators, leaders and DPRD members read the history of every record; other roles do not."""
    return roles.can_read_all(user)
