"""What each role may do. Views and services ask these functions, never the role field directly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User

READ_ALL_ROLES = {Role.ADMIN, Role.LEADER, Role.DPRD}


def can_read_all(user: User) -> bool:
    """Administrators, leaders and DPRD members read every project of the kabupaten."""
    return user.is_authenticated and (user.is_superuser or user.role in READ_ALL_ROLES)


def is_admin(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN)


def is_agency_user(user: User) -> bool:
    return user.is_authenticated and user.role == Role.AGENCY and user.agency_id is not None


def is_village_user(user: User) -> bool:
    return user.is_authenticated and user.role == Role.VILLAGE and user.village_id is not None


def can_submit_reports(user: User) -> bool:
    """Only village operators submit monitoring reports."""
    return is_village_user(user)


def can_respond_to_findings(user: User) -> bool:
    """OPD users answer findings on their own agency's projects; administrators may act for them."""
    return is_agency_user(user) or is_admin(user)


def can_edit_projects(user: User) -> bool:
    """OPD users keep their projects up to date; administrators may edit any."""
    return is_agency_user(user) or is_admin(user)


def can_import_projects(user: User) -> bool:
    return can_edit_projects(user)


def home_url_name(user: User) -> str:
    """The screen each role lands on after signing in."""
    if is_village_user(user):
        return "monitoring:village_home"
    if is_agency_user(user):
        return "projects:agency_home"
    if can_read_all(user):
        return "dashboard:overview"
    return "portal:home"
