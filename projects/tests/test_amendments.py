import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEntry
from core.errors import DomainError
from earlywarning.models import ProjectAssessment
from projects.models import ContractAmendment
from projects.selectors import amendment_red_flags
from projects.services import amendment_record

VALUE = {
    "number": "Adendum I",
    "date": datetime.date(2026, 5, 4),
    "kind": "value",
    "value_after": Decimal("1250000000.00"),
    "description": "Tambah panjang drainase 120 m.",
}
DURATION = {
    "number": "Adendum II",
    "date": datetime.date(2026, 5, 11),
    "kind": "duration",
    "end_after": datetime.date(2026, 9, 4),
    "description": "Hujan deras selama tiga minggu.",
}


def _record(user, project, values, **changes):
    with translation.override("id"):
        return amendment_record(user=user, project=project, **{**values, **changes})


@pytest.mark.parametrize(
    ("values", "changes", "field", "message"),
    [
        (VALUE, {"number": "  "}, "number", "Isi nomor adendum"),
        (VALUE, {"kind": "price"}, "kind", "Pilih jenis perubahan"),
        (VALUE, {"date": datetime.date(2026, 5, 16)}, "date", "16 Mei 2026 berada di masa depan"),
        (VALUE, {"date": datetime.date(2026, 3, 1)}, "date", "sebelum tanggal kontrak 2 Maret 2026"),
        (VALUE, {"value_after": None}, "value_after", "memerlukan nilai kontrak yang baru"),
        (VALUE, {"value_after": Decimal("0")}, "value_after", "harus lebih dari nol"),
        (VALUE, {"value_after": Decimal("1190000000.00")}, "value_after", "sama dengan nilai saat ini"),
        (DURATION, {"end_after": None}, "end_after", "memerlukan tanggal akhir yang baru"),
        (DURATION, {"end_after": datetime.date(2026, 8, 5)}, "end_after", "harus sesudah rencana selesai saat ini"),
        (DURATION, {"description": ""}, "description", "Jelaskan apa yang diubah"),
    ],
)
def test_amendment_bad_input_saves_nothing(users, project, values, changes, field, message):
    audit_before = AuditEntry.objects.count()
    with pytest.raises(DomainError) as raised:
        _record(users["pupr"], project, values, **changes)
    assert raised.value.field == field
    assert message in raised.value.message
    assert ContractAmendment.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before
    project.refresh_from_db()
    assert project.contract_value == Decimal("1190000000.00")
    assert project.planned_end_date == datetime.date(2026, 8, 5)


def test_amendment_needs_a_contract(users, make_project):
    project = make_project(contract_date=None)
    with pytest.raises(DomainError) as raised:
        _record(users["pupr"], project, VALUE)
    assert raised.value.code == "amendment_without_contract"


@pytest.mark.parametrize("role", ["education", "leader", "dprd", "lalang_jaya"])
def test_amendment_other_roles_refused(users, project, role):
    with pytest.raises(DomainError) as raised:
        _record(users[role], project, VALUE)
    assert raised.value.code == "not_project_agency"
    assert ContractAmendment.objects.count() == 0


def test_value_amendment_sets_contract_value_and_audits(users, project):
    amendment = _record(users["pupr"], project, VALUE)
    project.refresh_from_db()
    assert project.contract_value == Decimal("1250000000.00")
    assert amendment.value_before == Decimal("1190000000.00")
    assert amendment.value_after == Decimal("1250000000.00")
    assert amendment.end_before is None
    assert amendment.created_by == users["pupr"]
    created = AuditEntry.objects.get(object_type="projects.contractamendment", object_id=str(amendment.pk))
    assert created.action == "create"
    change = AuditEntry.objects.filter(object_type="projects.project", object_id=str(project.pk)).last()
    assert change.action == "update"
    assert "contract_value" in change.changes


def test_duration_amendment_moves_planned_end(users, project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        amendment = _record(users["admin"], project, DURATION)
    project.refresh_from_db()
    assert project.planned_end_date == datetime.date(2026, 9, 4)
    assert project.contract_value == Decimal("1190000000.00")
    assert (amendment.end_before, amendment.end_after) == (datetime.date(2026, 8, 5), datetime.date(2026, 9, 4))
    # The early-warning refresh runs after the commit and judges the project against the new end.
    assert ProjectAssessment.objects.filter(project=project).exists()


def test_scope_amendment_changes_no_project_field(users, project, django_capture_on_commit_callbacks):
    audit_before = AuditEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        amendment = _record(
            users["pupr"], project, {**VALUE, "kind": "scope", "value_after": None, "description": "Ganti aspal."}
        )
    assert amendment.value_before is None and amendment.value_after is None
    project.refresh_from_db()
    assert project.contract_value == Decimal("1190000000.00")
    # Only the addendum itself is audited: the project did not change.
    assert AuditEntry.objects.count() == audit_before + 1
    assert not ProjectAssessment.objects.filter(project=project).exists()


def _amend(project, user, **changes):
    values = {**VALUE, **changes}
    return ContractAmendment.objects.create(
        project=project,
        created_by=user,
        **{key: values[key] for key in ("number", "date", "kind", "description")},
        value_before=Decimal("1190000000") if values["kind"] == "value" else None,
        value_after=values.get("value_after") if values["kind"] == "value" else None,
    )


def test_red_flags(users, project):
    assert amendment_red_flags([], fiscal_year=2026) == []
    one = _amend(project, users["pupr"])
    assert amendment_red_flags([one], fiscal_year=2026) == []
    # A November addendum of the previous fiscal year is not late in this one.
    old = _amend(project, users["pupr"], kind="scope", date=datetime.date(2025, 11, 20))
    assert amendment_red_flags([one, old], fiscal_year=2026) == []
    late = _amend(project, users["pupr"], kind="scope", date=datetime.date(2026, 11, 3))
    with translation.override("id"):
        assert amendment_red_flags([one, late], fiscal_year=2026) == [
            "Adendum dibuat pada bulan November atau Desember tahun anggaran."
        ]
        second = _amend(project, users["pupr"], number="Adendum II", value_after=Decimal("1300000000"))
        assert amendment_red_flags([one, second], fiscal_year=2026) == ["2 adendum mengubah nilai kontrak."]


@pytest.mark.parametrize(
    ("role", "status"),
    [("pupr", 200), ("admin", 200), ("education", 404), ("leader", 404), ("dprd", 404), ("lalang_jaya", 404)],
)
def test_form_access(client, users, project, role, status):
    client.force_login(users[role])
    assert client.get(reverse("projects:amendment_create", args=[project.pk])).status_code == status


def test_form_records_and_page_lists(client, users, project):
    client.force_login(users["pupr"])
    url = reverse("projects:amendment_create", args=[project.pk])
    response = client.post(
        url,
        {
            "number": "Adendum I",
            "date": "2026-05-04",
            "kind": "value",
            "value_after": "Rp 1.250.000.000",
            "end_after": "",
            "description": "Tambah drainase.",
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.contract_value == Decimal("1250000000")
    page = client.get(reverse("projects:project_detail", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="id")
    text = page.content.decode()
    assert "Adendum I" in text
    assert "Rp 1.190.000.000 → Rp 1.250.000.000" in text
    assert "Tambah drainase." in text


def test_form_shows_service_error_on_field(client, users, project):
    client.force_login(users["pupr"])
    response = client.post(
        reverse("projects:amendment_create", args=[project.pk]),
        {"number": "Adendum II", "date": "2026-05-04", "kind": "duration", "description": "Hujan."},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_after"] == ["Adendum waktu kontrak memerlukan tanggal akhir yang baru."]
    assert ContractAmendment.objects.count() == 0


def test_village_sees_addenda_without_form(client, users, project):
    _amend(project, users["pupr"], date=datetime.date(2026, 11, 3))
    client.force_login(users["lalang_jaya"])
    text = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert "Adendum I" in text
    assert reverse("projects:amendment_create", args=[project.pk]) not in text


def test_public_page_lists_addenda_without_names(client, users, project):
    _amend(project, users["pupr"], date=datetime.date(2026, 11, 3))
    text = client.get(reverse("portal:project_detail", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Adendum I" in text
    assert "Tambah panjang drainase 120 m." in text
    assert users["pupr"].get_full_name() not in text
    # The red flag is for signed-in readers, not the public page.
    assert "November atau Desember" not in text


def test_public_page_shows_new_addendum_at_once(client, users, project):
    url = reverse("portal:project_detail", args=[project.pk])
    assert "Adendum I" not in client.get(url).content.decode()
    _record(users["pupr"], project, {**VALUE, "kind": "scope", "value_after": None})
    assert "Adendum I" in client.get(url).content.decode()
