"""Reading the audit trail: the history of one record, and of a project with everything recorded under it."""

from __future__ import annotations

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from audit.models import AuditEntry


def _ids(queryset) -> QuerySet:
    # A subquery, so the whole history is one query; object_id is text, hence the cast.
    return queryset.annotate(text_id=Cast("pk", CharField())).values("text_id")


def history_filter(instance) -> Q:
    """Return the filter for the entries of ``instance``; a project's also covers the records under it.

    Under a project are its schedule (kurva S) weeks, progress updates, village reports, findings, their
    responses and reviews, and every photo.
    """
    own = Q(object_type=instance._meta.label_lower, object_id=str(instance.pk))
    if instance._meta.label_lower != "projects.project":
        return own

    from evidence.models import Photo
    from monitoring.models import Finding, FindingReview, MonitoringReport, Response
    from projects.models import ProgressUpdate, ScheduleEntry

    related = {
        "projects.scheduleentry": ScheduleEntry.objects.filter(project=instance),
        "projects.progressupdate": ProgressUpdate.objects.filter(project=instance),
        "monitoring.monitoringreport": MonitoringReport.objects.filter(project=instance),
        "monitoring.finding": Finding.objects.filter(project=instance),
        "monitoring.response": Response.objects.filter(finding__project=instance),
        "monitoring.findingreview": FindingReview.objects.filter(finding__project=instance),
        "evidence.photo": Photo.objects.filter(project=instance),
    }
    for object_type, queryset in related.items():
        own |= Q(object_type=object_type, object_id__in=_ids(queryset))
    return own


def history_for(instance) -> QuerySet[AuditEntry]:
    """Return the audit entries of ``instance`` (and, for a project, of its records), newest first."""
    return AuditEntry.objects.filter(history_filter(instance)).select_related("actor").order_by("-sequence")
