"""Which projects a user may see. Every view and API endpoint scopes through these functions."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts import roles
from projects.models import Project


def projects_for_user(user) -> QuerySet[Project]:
    """Return the projects ``user`` may read: all for admins, leaders and DPRD, the agency's own for
    OPD users, the ones in their village for village users, and none otherwise."""
    projects = Project.objects.all()
    if roles.can_read_all(user):
        return projects
    if roles.is_agency_user(user):
        return projects.filter(agency_id=user.agency_id)
    if roles.is_village_user(user):
        return projects.filter(villages=user.village_id)
    return projects.none()


def get_project_for_user(user, project_id: int, *, write: bool = False) -> Project:
    """Return the project if ``user`` may read it (or change it, with ``write``); raise Http404 otherwise,
    so that outsiders cannot tell a hidden project from a missing one."""
    try:
        project = projects_for_user(user).select_related("agency", "contractor").distinct().get(pk=project_id)
    except Project.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_project(user, project):
        raise Http404
    return project


def can_edit_project(user, project: Project) -> bool:
    """OPD users change their own agency's projects; administrators change any."""
    if roles.is_admin(user):
        return True
    return roles.is_agency_user(user) and project.agency_id == user.agency_id
