import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from earlywarning.models import ProjectAssessment


@pytest.fixture(autouse=True)
def _today_in_2026(monkeypatch):
    """Fix 'today' in Asia/Jakarta to 15 May 2026, so the current fiscal year is the fixtures' 2026."""
    from projects import fiscal

    monkeypatch.setattr(fiscal, "local_today", lambda: datetime.date(2026, 5, 15))


def assess(project, status, *, planned=None, deviation=None, **fields) -> ProjectAssessment:
    """Store an early-warning assessment directly, as assessment_refresh would."""
    values = {
        "status": status,
        "planned_percent": Decimal(planned) if planned is not None else None,
        "actual_percent": project.physical_progress,
        "deviation": Decimal(deviation) if deviation is not None else None,
        "computed_at": timezone.now(),
    }
    values.update(fields)
    return ProjectAssessment.objects.update_or_create(project=project, defaults=values)[0]
