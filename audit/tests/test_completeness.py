"""Every service that creates or changes a tracked record appends audit entries that carry each change.

The check compares every tracked row before and after a service call: each created or changed field must appear
in a new audit entry of that row, and no row may disappear.
"""

import datetime
import uuid
from collections import defaultdict
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.apps import apps

from audit import services as audit
from audit.models import AuditEntry
from evidence.tests.conftest import data_upload
from imports.services import project_import
from imports.tests.conftest import package_row, xlsx_upload
from monitoring import services as monitoring
from monitoring.models import CHECKLIST_FIELDS
from projects import services as projects

TRACKED = [
    "projects.Project",
    "projects.ProgressUpdate",
    "projects.ScheduleEntry",
    "monitoring.MonitoringReport",
    "monitoring.Finding",
    "monitoring.Response",
    "monitoring.FindingReview",
    "evidence.Photo",
    "earlywarning.ShowCauseMeeting",
    "earlywarning.DelayRecord",
]
# Set by the database or derived on every save; the audited change is the field that caused them.
UNTRACKED_FIELDS = {"updated_at", "created_at"}


def _models():
    for label in TRACKED:
        try:
            yield apps.get_model(label)
        except LookupError:
            continue


def _rows() -> dict[tuple[str, str], dict]:
    return {
        (model._meta.label_lower, str(row.pk)): audit.snapshot(row)
        for model in _models()
        for row in model.objects.all()
    }


@contextmanager
def expect_audited():
    """Fail when the block changes a tracked row without an audit entry that lists the changed fields."""
    before = _rows()
    last = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    yield
    after = _rows()
    recorded = defaultdict(set)
    removed = set()
    for entry in AuditEntry.objects.filter(sequence__gt=last):
        recorded[(entry.object_type, entry.object_id)] |= set(entry.changes)
        if entry.action == AuditEntry.Action.REMOVE:
            removed.add((entry.object_type, entry.object_id))

    unrecorded = {}
    for key, values in after.items():
        changed = set(audit.diff(before.get(key), values)) - UNTRACKED_FIELDS
        if changed - recorded[key]:
            unrecorded[key] = sorted(changed - recorded[key])
    assert unrecorded == {}, "changed without an audit entry"
    assert sorted(set(before) - set(after) - removed) == [], "deleted rows"


@pytest.fixture
def shared_project(make_project, regions):
    return make_project(villages=[regions["lalang_jaya"], regions["kurnia_jaya"]])


def _report(users, project):
    report, _ = monitoring.report_submit(
        user=users["lalang_jaya"],
        project=project,
        client_id=uuid.uuid4(),
        visit_date=monitoring.jakarta_today(),
        observed_progress=Decimal("30"),
        checklist=dict.fromkeys(CHECKLIST_FIELDS, True),
        narrative="Pekerjaan berjalan.",
        photos=[data_upload("gps_nikon_coolpix_p6000_DSCN0010.jpg")],
        findings=[("Drainase tersumbat.", "low")],
    )
    return report


def test_progress_update_audited(users, shared_project):
    with expect_audited():
        projects.progress_update_create(
            user=users["pupr"],
            project=shared_project,
            date=datetime.date(2026, 6, 1),
            physical_percent=Decimal("40"),
            financial_percent=Decimal("30"),
            photos=[data_upload("corrupt_exif_hopper_bad_exif.jpg")],
        )


def test_status_change_audited(users, make_project):
    project = make_project(physical_progress=Decimal("100"))
    with expect_audited():
        projects.project_update_status(user=users["pupr"], project=project, status="pho")


def test_report_submit_audited(users, shared_project):
    with expect_audited():
        _report(users, shared_project)


def test_report_withdraw_audited(users, shared_project):
    report = _report(users, shared_project)
    with expect_audited():
        monitoring.report_withdraw(user=users["lalang_jaya"], report=report, reason="Salah proyek.")


def test_finding_follow_up_audited(users, shared_project):
    finding = _report(users, shared_project).findings.get()
    with expect_audited():
        monitoring.finding_respond(
            user=users["pupr"],
            finding=finding,
            action="answer",
            message="Saluran sudah dibersihkan.",
            photos=[data_upload("corrupt_exif_hopper_bad_exif.jpg")],
        )
    finding.refresh_from_db()
    with expect_audited():
        monitoring.finding_contest(user=users["lalang_jaya"], finding=finding, reason="Masih tersumbat.")
    finding.refresh_from_db()
    monitoring.finding_respond(user=users["pupr"], finding=finding, action="answer", message="Dibersihkan lagi.")
    finding.refresh_from_db()
    with expect_audited():
        monitoring.finding_confirm(user=users["lalang_jaya"], finding=finding)


def test_project_import_audited(users, regions):
    with expect_audited():
        project_import(user=users["pupr"], file=xlsx_upload([package_row()]), file_format="xlsx")


def test_schedule_replace_audited(users, regions):
    project_import(
        user=users["pupr"], file=xlsx_upload([package_row()], schedule=[[2, 1, 10], [2, 2, 20]]), file_format="xlsx"
    )
    with expect_audited():
        project_import(
            user=users["pupr"],
            file=xlsx_upload([package_row()], schedule=[[2, 1, 15], [2, 2, 30]]),
            file_format="xlsx",
        )


def test_expect_audited_catches_silent_change(shared_project):
    # The checker itself must fail on a change made without an audit entry.
    with pytest.raises(AssertionError, match="changed without an audit entry"), expect_audited():
        shared_project.name = "Nama diubah diam-diam"
        shared_project.save()


def test_schedule_replace_records_each_week(users, shared_project):
    from earlywarning.services import schedule_replace

    schedule_replace(user=users["pupr"], project=shared_project, entries=[(1, "30"), (2, "70"), (3, "100")])
    with expect_audited():
        schedule_replace(user=users["pupr"], project=shared_project, entries=[(1, "40"), (2, "100")])
    removal = AuditEntry.objects.get(action="remove")
    assert removal.object_type == "projects.scheduleentry"
    assert removal.changes["week"] == [3, None]
    assert removal.changes["planned_percent"] == ["100.00", None]
