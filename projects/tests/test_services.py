import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from audit.models import AuditEntry
from core.errors import DomainError
from evidence.models import Photo
from projects.models import ProgressUpdate, ProjectStatus
from projects.services import manual_status_choices, progress_update_create, project_update_status
from projects.tests.factories import jpeg_upload

VALID = {
    "date": datetime.date(2026, 5, 10),
    "physical_percent": Decimal("40"),
    "financial_percent": Decimal("30"),
    "note": "Pengecoran selesai.",
}


def _create(user, project, **changes):
    values = {**VALID, "photos": [], **changes}
    with translation.override("id"):
        return progress_update_create(user=user, project=project, **values)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"physical_percent": Decimal("100.5")}, "physical_percent", "Progres fisik harus antara 0 dan 100"),
        ({"financial_percent": Decimal("-1")}, "financial_percent", "Progres keuangan harus antara 0 dan 100"),
        ({"date": datetime.date(2026, 5, 16)}, "date", "16 Mei 2026 berada di masa depan"),
        ({"date": datetime.date(2026, 3, 8)}, "date", "sebelum kontrak dimulai pada 9 Maret 2026"),
        (
            {"photos": [SimpleUploadedFile("laporan.pdf", b"%PDF-1.4 not a photo", content_type="image/jpeg")]},
            "photos",
            # The wording of photo errors belongs to evidence's catalogue, but the file name is in every language.
            "laporan.pdf",
        ),
    ],
)
def test_progress_bad_input_saves_nothing(users, project, changes, field, message):
    audit_before = AuditEntry.objects.count()
    with pytest.raises(DomainError) as raised:
        _create(users["pupr"], project, **changes)
    assert raised.value.field == field
    assert message in raised.value.message
    assert ProgressUpdate.objects.count() == 0
    assert Photo.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before
    project.refresh_from_db()
    assert project.physical_progress == 0


def test_progress_wrong_opd_rejected(users, project):
    with pytest.raises(DomainError) as raised:
        _create(users["education"], project)
    assert raised.value.code == "not_project_agency"
    assert "Hanya OPD pemilik proyek ini" in raised.value.message
    assert ProgressUpdate.objects.count() == 0


@pytest.mark.parametrize("role", ["leader", "dprd", "lalang_jaya"])
def test_progress_other_roles_rejected(users, project, role):
    with pytest.raises(DomainError):
        _create(users[role], project)
    assert ProgressUpdate.objects.count() == 0


def test_progress_before_contract_date_without_spmk(users, make_project):
    project = make_project(start_date=None, duration_days=None)
    with pytest.raises(DomainError) as raised:
        _create(users["pupr"], project, date=datetime.date(2026, 3, 1))
    assert "2 Maret 2026" in raised.value.message
    update = _create(users["pupr"], project, date=datetime.date(2026, 3, 2))
    assert update.pk is not None


def test_progress_on_today_and_start_accepted(users, project):
    _create(users["pupr"], project, date=datetime.date(2026, 3, 9), physical_percent=Decimal("0"))
    _create(users["pupr"], project, date=datetime.date(2026, 5, 15), physical_percent=Decimal("100"))
    assert ProgressUpdate.objects.count() == 2


def test_progress_latest_updates_cache(users, project):
    update = _create(users["pupr"], project, photos=[jpeg_upload(), jpeg_upload("kedua.jpg")])
    project.refresh_from_db()
    assert project.physical_progress == Decimal("40.00")
    assert project.financial_progress == Decimal("30.00")
    assert project.progress_date == datetime.date(2026, 5, 10)
    assert list(update.photos.values_list("project_id", flat=True)) == [project.pk, project.pk]
    assert AuditEntry.objects.filter(object_type="projects.progressupdate", object_id=str(update.pk)).exists()
    assert AuditEntry.objects.filter(object_type="projects.project", object_id=str(project.pk)).exists()


def test_progress_older_date_keeps_cache(users, project):
    _create(users["pupr"], project)
    _create(
        users["pupr"],
        project,
        date=datetime.date(2026, 4, 1),
        physical_percent=Decimal("20"),
        financial_percent=Decimal("10"),
    )
    project.refresh_from_db()
    assert project.physical_progress == Decimal("40.00")
    assert project.progress_date == datetime.date(2026, 5, 10)
    assert ProgressUpdate.objects.filter(project=project).count() == 2


def test_progress_same_date_later_entry_wins(users, project):
    _create(users["pupr"], project)
    _create(users["pupr"], project, physical_percent=Decimal("42.5"))
    project.refresh_from_db()
    assert project.physical_progress == Decimal("42.50")


def test_progress_admin_may_update(users, project):
    _create(users["admin"], project)
    project.refresh_from_db()
    assert project.physical_progress == Decimal("40.00")


def test_progress_starts_planned_project(users, make_project):
    project = make_project(status=ProjectStatus.PLANNED)
    _create(users["pupr"], project, physical_percent=Decimal("0"))
    project.refresh_from_db()
    assert project.status == ProjectStatus.PLANNED

    _create(users["pupr"], project, physical_percent=Decimal("5"))
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS
    change = AuditEntry.objects.filter(object_type="projects.project").latest("sequence")
    assert change.changes["status"] == ["planned", "in_progress"]


def test_progress_too_many_photos(users, project, settings):
    settings.SIMPOR_MAX_PHOTOS_PER_REPORT = 1
    with pytest.raises(DomainError) as raised:
        _create(users["pupr"], project, photos=[jpeg_upload(), jpeg_upload()])
    assert raised.value.field == "photos"
    assert ProgressUpdate.objects.count() == 0


def test_status_pho_needs_full_progress(users, project):
    with pytest.raises(DomainError) as raised, translation.override("id"):
        project_update_status(user=users["pupr"], project=project, status=ProjectStatus.PHO)
    assert raised.value.code == "pho_needs_full_progress"
    assert "100%" in raised.value.message
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS


def test_status_pho_then_fho(users, project):
    _create(users["pupr"], project, physical_percent=Decimal("100"))
    project.refresh_from_db()
    assert ProjectStatus.PHO in dict(manual_status_choices(project))
    project_update_status(user=users["pupr"], project=project, status=ProjectStatus.PHO)
    assert project.status == ProjectStatus.PHO
    project_update_status(user=users["pupr"], project=project, status=ProjectStatus.FHO)
    project.refresh_from_db()
    assert project.status == ProjectStatus.FHO
    assert AuditEntry.objects.filter(object_type="projects.project", summary="status fho").exists()


def test_status_fho_requires_pho(users, project):
    with pytest.raises(DomainError) as raised:
        project_update_status(user=users["pupr"], project=project, status=ProjectStatus.FHO)
    assert raised.value.code == "status_transition_invalid"


def test_status_terminate_and_not_back(users, project):
    project_update_status(user=users["pupr"], project=project, status=ProjectStatus.TERMINATED)
    assert manual_status_choices(project) == []
    with pytest.raises(DomainError):
        project_update_status(user=users["pupr"], project=project, status=ProjectStatus.PHO)
    with pytest.raises(DomainError) as raised:
        project_update_status(user=users["pupr"], project=project, status=ProjectStatus.IN_PROGRESS)
    assert raised.value.code == "status_not_manual"


def test_status_other_opd_rejected(users, project):
    with pytest.raises(DomainError) as raised:
        project_update_status(user=users["education"], project=project, status=ProjectStatus.TERMINATED)
    assert raised.value.code == "not_project_agency"
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS
