"""Keeping stored assessments fresh. Services of other apps import this small module, which imports the
early-warning services only when a refresh runs, so projects.services and earlywarning.services never import
each other at load time."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def refresh_after_commit(project_id: int) -> None:
    """Judge the project again once the current transaction commits, so the rules read the saved data.

    Every service that changes what the rules read calls this. A failing refresh is logged, not raised,
    because the change itself is already committed and the daily job judges every project again.
    """

    def refresh() -> None:
        from earlywarning.services import assessment_refresh
        from projects.models import Project

        try:
            project = Project.objects.get(pk=project_id)
            assessment_refresh(project=project)
        except Exception:
            logger.exception("Early-warning refresh of project %s failed", project_id)

    transaction.on_commit(refresh)
