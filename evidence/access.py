"""Who may fetch which copy of a photo."""

from __future__ import annotations

from accounts import roles
from evidence.models import Photo
from monitoring.access import findings_for_user, reports_for_user
from monitoring.models import ReportStatus
from projects.access import projects_for_user


def can_read_record(user, photo: Photo) -> bool:
    """Return whether ``user`` may read the record the photo belongs to.

    A report photo follows the report's scope and a response photo the finding's, so a village never sees another
    village's report even on a project the two villages share. A progress update photo follows the project.
    """
    if not user.is_authenticated:
        return False
    if roles.can_read_all(user):
        return True
    if photo.report_id is not None:
        return reports_for_user(user).filter(pk=photo.report_id).exists()
    if photo.response_id is not None:
        return findings_for_user(user).filter(responses=photo.response_id).exists()
    return projects_for_user(user).filter(pk=photo.project_id).exists()


def is_withdrawn(photo: Photo) -> bool:
    """Return whether the photo belongs to a withdrawn report, directly or through a response to its finding."""
    if photo.report is not None:
        return photo.report.status == ReportStatus.WITHDRAWN
    if photo.response is not None:
        return photo.response.finding.report.status == ReportStatus.WITHDRAWN
    return False


def can_read_variant(user, photo: Photo, variant: str) -> bool:
    """Return whether ``user`` may fetch the ``variant`` ("thumb", "web" or "original") of ``photo``.

    The web copy and the thumbnail carry no EXIF and are public unless their report was withdrawn. The original
    keeps its EXIF (the reporter's position and device), so only readers of its record get it.
    """
    if variant in ("thumb", "web"):
        return not is_withdrawn(photo) or can_read_record(user, photo)
    if variant == "original":
        return can_read_record(user, photo)
    return False


def can_see_checks(user) -> bool:
    """Return whether ``user`` sees the evidence checks: OPD users, leaders, DPRD and administrators.

    Village operators and the public do not see them.
    """
    return roles.can_read_all(user) or roles.is_agency_user(user)


def can_compare(user, photo: Photo) -> bool:
    """Return whether ``user`` may open the side-by-side view of ``photo`` and its earlier uses."""
    return can_see_checks(user) and can_read_record(user, photo)
