"""notify(): one notification per recipient and key, e-mail after commit, and the events that send them."""

import logging

import pytest
from django.core import mail

from accounts.models import Role, User
from monitoring import services
from notifications.models import Notification, NotificationKind
from notifications.services import notify


def _notify(recipients, key="event:1", **overrides):
    values = {
        "recipients": recipients,
        "kind": NotificationKind.RESPONSE,
        "title": "Judul",
        "body": "Isi pemberitahuan.",
        "url": "/pantau/temuan/1/",
        "dedupe_key": key,
    }
    return notify(**values | overrides)


def test_same_key_stored_once(emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify([emails["pupr"], emails["pupr"]])
        second = _notify([emails["pupr"]])

    assert len(first) == 1
    assert second == []
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_mail_waits_for_commit(emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify([emails["pupr"]])

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_mail_content(emails, settings, django_capture_on_commit_callbacks):
    settings.SIMPOR_BASE_URL = "https://simpor.beltimkab.go.id"

    with django_capture_on_commit_callbacks(execute=True):
        _notify([emails["lalang_jaya"]], title="Temuan dijawab")

    [message] = mail.outbox
    assert message.subject == "[SIMPOR] Temuan dijawab"
    assert message.to == ["desa_lalang_jaya@example.test"]
    assert "Yth. Sekdes Lalang Jaya," in message.body
    assert "https://simpor.beltimkab.go.id/pantau/temuan/1/" in message.body
    assert Notification.objects.get().emailed_at is not None


def test_user_without_address_gets_no_mail(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify([users["pupr"]])

    assert len(created) == 1
    assert mail.outbox == []


def test_email_false_sends_no_mail(emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([emails["leader"]], email=False)

    assert Notification.objects.count() == 1
    assert mail.outbox == []


def test_inactive_user_skipped(emails):
    emails["pupr"].is_active = False
    emails["pupr"].save()

    assert _notify([emails["pupr"]]) == []


def test_mail_failure_logged(emails, monkeypatch, caplog, django_capture_on_commit_callbacks):
    def broken_send(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        _notify([emails["pupr"]])

    notification = Notification.objects.get()
    assert notification.emailed_at is None
    assert f"E-mail of notification {notification.pk} to user {emails['pupr'].pk} failed" in caplog.text


# Events of the follow-up loop --------------------------------------------------------------------------------


def _recipients(kind):
    return sorted(notice.recipient.username for notice in Notification.objects.filter(kind=kind))


def test_new_finding_tells_opd(emails, project, submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = submit(
            emails["lalang_jaya"], project, findings=[("Papan nama tidak ada.", "high"), ("Retak.", "low")]
        )

    assert _recipients(NotificationKind.NEW_FINDINGS) == ["opd_pupr"]
    notice = Notification.objects.get()
    assert notice.title == "2 temuan baru pada Peningkatan Jalan Desa Lalang Jaya"
    assert "Papan nama tidak ada." in notice.body
    assert notice.url == f"/pantau/laporan/{report.pk}/"
    assert [message.to for message in mail.outbox] == [["opd_pupr@example.test"]]


def test_report_without_findings_tells_nobody(emails, project, submit):
    submit(emails["lalang_jaya"], project, findings=[])

    assert Notification.objects.count() == 0


def test_repeat_submission_not_notified_twice(emails, project, submit):
    report, _ = submit(emails["lalang_jaya"], project)
    submit(emails["lalang_jaya"], project, client_id=report.client_id)

    assert Notification.objects.count() == 1


def test_response_tells_village(emails, finding):
    village_colleague = User.objects.create_user(
        username="kades_lalang", role=Role.VILLAGE, village=finding.report.village, email="kades@example.test"
    )
    Notification.objects.all().delete()

    services.finding_respond(user=emails["pupr"], finding=finding, action="answer", message="Sudah dipasang.")

    assert _recipients(NotificationKind.RESPONSE) == sorted(["desa_lalang_jaya", village_colleague.username])
    assert Notification.objects.filter(recipient=emails["kurnia_jaya"]).count() == 0


@pytest.mark.parametrize(("verdict", "title"), [("confirm", "mengonfirmasi"), ("contest", "menyanggah")])
def test_village_verdict_tells_opd(emails, answered_finding, verdict, title):
    if verdict == "confirm":
        services.finding_confirm(user=emails["lalang_jaya"], finding=answered_finding)
    else:
        services.finding_contest(user=emails["lalang_jaya"], finding=answered_finding, reason="Belum ada.")

    [notice] = Notification.objects.filter(kind=NotificationKind.REVIEW)
    assert notice.recipient == emails["pupr"]
    assert title in notice.title


def test_admin_close_tells_village_and_opd(emails, finding):
    services.finding_respond(user=emails["pupr"], finding=finding, action="answer", message="Sudah.")
    for _ in range(2):
        services.finding_contest(user=emails["lalang_jaya"], finding=finding, reason="Belum.")
        services.finding_respond(user=emails["pupr"], finding=finding, action="answer", message="Sudah.")

    services.finding_close_unfixed(user=emails["admin"], finding=finding, reason="Berlarut-larut.")

    assert _recipients(NotificationKind.CLOSED_UNFIXED) == ["desa_lalang_jaya", "opd_pupr"]
