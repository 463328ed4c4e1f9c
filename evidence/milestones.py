"""Documentation milestones: the photo sets at 0%, 50% and 100% physical progress that a project must have.

A photo counts for a milestone when it belongs to a progress update whose physical progress, or to a village
report whose observed progress, lies in the milestone's band. Response photos show a follow-up, not progress,
and photos of withdrawn reports do not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from evidence.models import Photo
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


def _milestone_of(photo: Photo) -> Milestone | None:
    if photo.progress_update_id is not None:
        progress = photo.progress_update.physical_percent
    elif photo.report_id is not None and photo.report.status == ReportStatus.SUBMITTED:
        progress = photo.report.observed_progress
    else:
        return None
    return next((m for m in MILESTONES if m.low <= progress <= m.high), None)


@dataclass
class ProjectEvidence:
    milestones: list[MilestoneState]
    flagged: list[Photo]


def project_evidence(project, flagged_limit: int = 12) -> ProjectEvidence:
    """Return the project's milestones and its flagged photos (newest first) from one query over its photos.

    A milestone is due once the project's progress reached its band; the 0% set is always due, because it must
    be taken before the work starts. Photos of withdrawn reports are neither counted nor listed.
    """
    photos = list(
        Photo.objects.filter(project=project)
        .select_related("report", "progress_update")
        .order_by("-received_at", "-id")
    )
    counts = dict.fromkeys((m.percent for m in MILESTONES), 0)
    flagged = []
    for photo in photos:
        milestone = _milestone_of(photo)
        if milestone is not None:
            counts[milestone.percent] += 1
        withdrawn = photo.report_id is not None and photo.report.status == ReportStatus.WITHDRAWN
        if photo.is_flagged and not withdrawn and len(flagged) < flagged_limit:
            flagged.append(photo)

    progress = project.physical_progress or Decimal("0")
    states = [MilestoneState(m, counts[m.percent], m.percent == 0 or progress >= m.low) for m in MILESTONES]
    return ProjectEvidence(states, flagged)
