"""Who may read and enter BBO scores."""

from __future__ import annotations

from accounts import roles
from accounts.models import Role
from regions.models import Region


def can_evaluate(user, village: Region | None = None) -> bool:
    """Administrators and leaders evaluate every village; an Evaluator row grants one kecamatan or all of them."""
    if not user.is_authenticated:
        return False
    if roles.is_admin(user) or user.role == Role.LEADER:
        return True
    evaluator = getattr(user, "bbo_evaluator", None)
    if evaluator is None:
        return False
    if village is None or evaluator.district_id is None:
        return True
    return village.parent_id == evaluator.district_id


def can_read(user) -> bool:
    """Rankings and explanations are open to every signed-in user: villages see how they are scored."""
    return user.is_authenticated


def can_refresh(user) -> bool:
    """Recomputing the built-in indicators of a period is for administrators and leaders."""
    return user.is_authenticated and (roles.is_admin(user) or user.role == Role.LEADER)
