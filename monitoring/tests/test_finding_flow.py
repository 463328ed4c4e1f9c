"""Finding follow-up between OPD and village, and report withdrawal: who may do what, and what is kept."""

import pytest
from django.utils import translation

from audit.models import AuditEntry
from core.errors import DomainError
from evidence.models import Photo
from monitoring import services
from monitoring.models import FindingReview, FindingState, MonitoringReport, ReportStatus, Response, ReviewKind
from monitoring.tests.conftest import jpeg_upload


def _answer(users, finding, message="Papan nama sudah dipasang pada 3 Juni."):
    return services.finding_respond(user=users["pupr"], finding=finding, action="answer", message=message)


def test_answer_moves_finding_to_answered(users, finding):
    audit_before = AuditEntry.objects.count()

    response = services.finding_respond(
        user=users["pupr"],
        finding=finding,
        action="answer",
        message="Papan nama sudah dipasang.",
        photos=[jpeg_upload("papan.jpg")],
    )

    finding.refresh_from_db()
    assert finding.state == FindingState.ANSWERED
    assert finding.closed_at is None
    assert response.agency == users["pupr"].agency
    assert response.author == users["pupr"]
    assert Photo.objects.get(response=response).project == finding.project
    # Response, photo and the finding's change.
    assert AuditEntry.objects.count() == audit_before + 3


def test_reject_needs_reason(users, finding):
    with translation.override("id"), pytest.raises(DomainError) as raised:
        services.finding_respond(user=users["pupr"], finding=finding, action="reject", message=" ")

    assert raised.value.field == "message"
    assert raised.value.message == "Isi alasan penolakan temuan agar desa dapat menilainya."
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN
    assert Response.objects.count() == 0


def test_reject_records_reason(users, finding):
    services.finding_respond(
        user=users["pupr"], finding=finding, action="reject", message="Papan nama ada di pos jaga, bukan di jalan."
    )

    finding.refresh_from_db()
    assert finding.state == FindingState.REJECTED
    assert finding.rejection_reason == "Papan nama ada di pos jaga, bukan di jalan."
    assert finding.closed_at is not None


def test_invalid_action_rejected(users, finding):
    with pytest.raises(DomainError) as raised:
        services.finding_respond(user=users["pupr"], finding=finding, action="close", message="Selesai.")

    assert raised.value.code == "response_action_invalid"


def test_admin_may_respond(users, finding):
    _answer({"pupr": users["admin"]}, finding)

    finding.refresh_from_db()
    assert finding.state == FindingState.ANSWERED


@pytest.mark.parametrize("role", ["education", "lalang_jaya", "kurnia_jaya", "leader", "dprd"])
def test_respond_wrong_role_rejected(users, finding, role):
    with pytest.raises(DomainError) as raised:
        services.finding_respond(user=users[role], finding=finding, action="answer", message="Sudah.")

    assert raised.value.code == "not_finding_agency"
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN
    assert Response.objects.count() == 0


def test_confirm_resolves_finding(users, finding):
    _answer(users, finding)

    review = services.finding_confirm(user=users["lalang_jaya"], finding=finding)

    finding.refresh_from_db()
    assert finding.state == FindingState.RESOLVED
    assert finding.closed_at is not None
    assert review.kind == ReviewKind.CONFIRM
    assert review.author == users["lalang_jaya"]


def test_resolved_cannot_be_answered_again(users, finding):
    _answer(users, finding)
    services.finding_confirm(user=users["lalang_jaya"], finding=finding)

    with translation.override("id"), pytest.raises(DomainError) as raised:
        _answer(users, finding, message="Tambahan.")

    assert raised.value.message == (
        "Desa sudah mengonfirmasi temuan ini selesai, sehingga temuan ini tidak dapat ditindaklanjuti lagi."
    )
    assert Response.objects.count() == 1


def test_confirm_needs_answer_first(users, finding):
    with pytest.raises(DomainError) as raised:
        services.finding_confirm(user=users["lalang_jaya"], finding=finding)

    assert raised.value.code == "finding_not_answered"
    assert FindingReview.objects.count() == 0


@pytest.mark.parametrize("role", ["pupr", "admin", "leader", "kurnia_jaya"])
def test_confirm_wrong_role_rejected(users, finding, role):
    _answer(users, finding)

    with pytest.raises(DomainError) as raised:
        services.finding_confirm(user=users[role], finding=finding)

    assert raised.value.code == "not_finding_village"
    finding.refresh_from_db()
    assert finding.state == FindingState.ANSWERED


def test_contest_reopens_with_history(users, finding):
    _answer(users, finding)

    services.finding_contest(user=users["lalang_jaya"], finding=finding, reason="Papan nama belum terlihat.")
    _answer(users, finding, message="Papan nama dipasang ulang di tepi jalan.")
    services.finding_confirm(user=users["lalang_jaya"], finding=finding)

    finding.refresh_from_db()
    assert finding.state == FindingState.RESOLVED
    reviews = list(finding.reviews.order_by("id"))
    assert [review.kind for review in reviews] == [ReviewKind.CONTEST, ReviewKind.CONFIRM]
    assert reviews[0].reason == "Papan nama belum terlihat."
    assert finding.responses.count() == 2


def test_contest_rejection_reopens(users, finding):
    services.finding_respond(user=users["pupr"], finding=finding, action="reject", message="Bukan lingkup kami.")

    services.finding_contest(user=users["lalang_jaya"], finding=finding, reason="Jalan ini paket PUPR.")

    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN
    assert finding.rejection_reason == ""
    assert finding.closed_at is None


def test_contest_needs_reason(users, finding):
    _answer(users, finding)

    with translation.override("id"), pytest.raises(DomainError) as raised:
        services.finding_contest(user=users["lalang_jaya"], finding=finding, reason="")

    assert raised.value.message == "Isi alasan sanggahan, misalnya apa yang masih bermasalah di lokasi."
    finding.refresh_from_db()
    assert finding.state == FindingState.ANSWERED
    assert FindingReview.objects.count() == 0


def test_contest_open_finding_rejected(users, finding):
    with pytest.raises(DomainError) as raised:
        services.finding_contest(user=users["lalang_jaya"], finding=finding, reason="Belum.")

    assert raised.value.code == "finding_not_contestable"


def test_opd_cannot_contest(users, finding):
    _answer(users, finding)

    with pytest.raises(DomainError) as raised:
        services.finding_contest(user=users["pupr"], finding=finding, reason="Uji.")

    assert raised.value.code == "not_finding_village"


def test_withdraw_keeps_row(users, lalang_report):
    audit_before = AuditEntry.objects.count()

    services.report_withdraw(user=users["lalang_jaya"], report=lalang_report, reason="Salah memilih proyek.")

    report = MonitoringReport.objects.get(pk=lalang_report.pk)
    assert report.status == ReportStatus.WITHDRAWN
    assert report.withdrawn_reason == "Salah memilih proyek."
    assert report.withdrawn_at is not None
    assert report.photos.count() == 1
    assert report.findings.count() == 1
    entry = AuditEntry.objects.get(sequence=audit_before + 1)
    assert entry.action == "withdraw"
    assert entry.changes["status"] == ["submitted", "withdrawn"]


def test_withdraw_needs_reason(users, lalang_report):
    with translation.override("id"), pytest.raises(DomainError) as raised:
        services.report_withdraw(user=users["lalang_jaya"], report=lalang_report, reason=" ")

    assert raised.value.message == "Isi alasan penarikan laporan, misalnya salah proyek atau salah foto."
    lalang_report.refresh_from_db()
    assert lalang_report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("role", ["kurnia_jaya", "pupr", "admin"])
def test_withdraw_wrong_user_rejected(users, lalang_report, role):
    with pytest.raises(DomainError) as raised:
        services.report_withdraw(user=users[role], report=lalang_report, reason="Coba.")

    assert raised.value.code == "not_report_village"
    lalang_report.refresh_from_db()
    assert lalang_report.status == ReportStatus.SUBMITTED


def test_withdraw_twice_rejected(users, lalang_report):
    services.report_withdraw(user=users["lalang_jaya"], report=lalang_report, reason="Salah proyek.")

    with pytest.raises(DomainError) as raised:
        services.report_withdraw(user=users["lalang_jaya"], report=lalang_report, reason="Lagi.")

    assert raised.value.code == "report_already_withdrawn"


def test_withdrawn_report_findings_frozen(users, lalang_report, finding):
    services.report_withdraw(user=users["lalang_jaya"], report=lalang_report, reason="Salah proyek.")
    finding.refresh_from_db()

    with pytest.raises(DomainError) as raised:
        _answer(users, finding)

    assert raised.value.code == "report_withdrawn"
