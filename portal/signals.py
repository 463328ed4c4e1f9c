"""Connect every model the public sees to the cache version bump."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.caching import bump_version

PUBLIC_MODELS = [
    "projects.Project",
    "projects.Contractor",
    "projects.ScheduleEntry",
    "projects.ProgressUpdate",
    "projects.ContractAmendment",
    "monitoring.MonitoringReport",
    "monitoring.Finding",
    "monitoring.Response",
    "monitoring.FindingReview",
    "evidence.Photo",
    "earlywarning.ProjectAssessment",
    "citizen.CitizenReport",
    "citizen.CitizenPhoto",
    "regions.Region",
    "agencies.Agency",
]


def connect() -> None:
    for label in PUBLIC_MODELS:
        model = apps.get_model(label)
        post_save.connect(bump_version, sender=model, dispatch_uid=f"public-cache-save-{label}")
        post_delete.connect(bump_version, sender=model, dispatch_uid=f"public-cache-delete-{label}")
    through = apps.get_model("projects.Project").villages.through
    m2m_changed.connect(bump_version, sender=through, dispatch_uid="public-cache-project-villages")
