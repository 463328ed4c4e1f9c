"""Documentation milestones: the photo sets at 0%, 50% and 100% physical progress that a project must have.

A photo counts for a milestone when it belongs to a progress update whose physical progress, or to a village
report whose observed progress, lies in the milestone's band. Response photos show a follow-up, not progress,
and photos of withdrawn reports do not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from evidence.models import CheckResult, Photo
from monitoring.models import ReportStatus


@dataclass(frozen=True)
class Milestone:
    """A band of physical progress whose photos document one stage of the work."""

    percent: int
    low: Decimal
    high: Decimal
    label: str


MILESTONES = [
    Milestone(0, Decimal("0"), Decimal("10"), _("0% (before work)")),
    Milestone(50, Decimal("40"), Decimal("60"), _("50% (halfway)")),
    Milestone(100, Decimal("95"), Decimal("100"), _("100% (finished)")),
]


@dataclass
class MilestoneState:
    milestone: Milestone
    photo_count: int
    due: bool

    @property
    def missing(self) -> bool:
        return self.due and self.photo_count == 0


def _band_filter(milestone: Milestone) -> Q:
    return Q(
        progress_update__physical_percent__gte=milestone.low, progress_update__physical_percent__lte=milestone.high
    ) | Q(
        report__observed_progress__gte=milestone.low,
        report__observed_progress__lte=milestone.high,
        report__status=ReportStatus.SUBMITTED,
    )


def project_milestones(project) -> list[MilestoneState]:
    """Return each milestone with its photo count; a milestone is due once the project's progress reached its band.

    The 0% set is always due, because it must be taken before the work starts.
    """
    photos = Photo.objects.filter(project=project)
    counts = photos.aggregate(**{f"m{m.percent}": _count(m) for m in MILESTONES})
    progress = project.physical_progress or Decimal("0")
    return [MilestoneState(m, counts[f"m{m.percent}"], m.percent == 0 or progress >= m.low) for m in MILESTONES]


def _count(milestone: Milestone) -> Count:
    return Count("id", filter=_band_filter(milestone))


def flagged_photos(project, limit: int = 12) -> list[Photo]:
    """Return the project's photos with at least one flagged check, newest first."""
    flagged = (
        Q(location_check=CheckResult.FLAGGED) | Q(time_check=CheckResult.FLAGGED) | Q(reuse_check=CheckResult.FLAGGED)
    )
    return list(
        Photo.objects.filter(project=project)
        .filter(flagged)
        .exclude(report__status=ReportStatus.WITHDRAWN)
        .select_related("report", "progress_update", "response")
        .order_by("-received_at", "-id")[:limit]
    )
