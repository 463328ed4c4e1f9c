"""Every follow-up event from every state by every role: exactly the table in docs/follow-up.md is allowed."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import PASSWORD
from core.errors import DomainError
from monitoring import services
from monitoring.models import Finding, FindingReview, FindingState, ReviewKind
from monitoring.selectors import agency_followup_stats

S = FindingState
ACTORS = ["pupr", "admin", "lalang_jaya", "education", "kurnia_jaya", "leader", "dprd"]
STATES = [S.OPEN, S.ANSWERED, S.REJECTED, S.CLOSED_UNFIXED, S.RESOLVED]

# The table of docs/follow-up.md, written out again here so that a change of the code alone fails this test.
ALLOWED = {
    ("answer", S.OPEN): ({"pupr", "admin"}, S.ANSWERED),
    ("answer", S.ANSWERED): ({"pupr", "admin"}, S.ANSWERED),
    ("answer", S.REJECTED): ({"pupr", "admin"}, S.ANSWERED),
    ("answer", S.CLOSED_UNFIXED): ({"pupr", "admin"}, S.ANSWERED),
    ("reject", S.OPEN): ({"pupr", "admin"}, S.REJECTED),
    ("reject", S.ANSWERED): ({"pupr", "admin"}, S.REJECTED),
    ("cannot_fix", S.OPEN): ({"pupr"}, S.CLOSED_UNFIXED),
    ("cannot_fix", S.ANSWERED): ({"pupr"}, S.CLOSED_UNFIXED),
    ("confirm", S.ANSWERED): ({"lalang_jaya"}, S.RESOLVED),
    ("contest", S.ANSWERED): ({"lalang_jaya"}, S.OPEN),
    ("contest", S.REJECTED): ({"lalang_jaya"}, S.OPEN),
    ("contest", S.CLOSED_UNFIXED): ({"lalang_jaya"}, S.OPEN),
    ("admin_close", S.OPEN): ({"admin"}, S.CLOSED_UNFIXED),
    ("admin_close", S.ANSWERED): ({"admin"}, S.CLOSED_UNFIXED),
}
EVENTS = ["answer", "reject", "cannot_fix", "confirm", "contest", "admin_close"]


def put_in_state(finding: Finding, state: str, *, contests: int = 2) -> Finding:
    """Set ``finding`` to ``state`` with the fields that state needs, after ``contests`` village contests."""
    for _ in range(contests):
        FindingReview.objects.create(
            finding=finding, kind=ReviewKind.CONTEST, reason="Masih belum ada.", author=finding.report.reporter
        )
    fields = {"state": state}
    if state == S.REJECTED:
        fields["rejection_reason"] = "Bukan bagian kontrak."
    if state == S.CLOSED_UNFIXED:
        fields["closure_reason"] = "Anggaran habis."
    if state in (S.REJECTED, S.CLOSED_UNFIXED, S.RESOLVED):
        fields["closed_at"] = timezone.now()
    Finding.objects.filter(pk=finding.pk).update(**fields)
    return Finding.objects.select_related("report", "project", "agency").get(pk=finding.pk)


def run_event(event: str, user, finding: Finding):
    if event in ("answer", "reject", "cannot_fix"):
        return services.finding_respond(user=user, finding=finding, action=event, message="Tindak lanjut.")
    if event == "confirm":
        return services.finding_confirm(user=user, finding=finding)
    if event == "contest":
        return services.finding_contest(user=user, finding=finding, reason="Belum diperbaiki.")
    return services.finding_close_unfixed(user=user, finding=finding, reason="Bolak-balik tanpa hasil.")


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("event", EVENTS)
def test_transition_table(users, finding, event, state, actor):
    finding = put_in_state(finding, state)
    allowed_actors, target = ALLOWED.get((event, state), (set(), None))

    if actor in allowed_actors:
        run_event(event, users[actor], finding)
        finding.refresh_from_db()
        assert finding.state == target
    else:
        with pytest.raises(DomainError):
            run_event(event, users[actor], finding)
        finding.refresh_from_db()
        assert finding.state == state


def test_admin_close_needs_two_contests(users, finding):
    finding = put_in_state(finding, S.OPEN, contests=1)

    with translation.override("id"), pytest.raises(DomainError) as raised:
        services.finding_close_unfixed(user=users["admin"], finding=finding, reason="Tidak selesai-selesai.")

    assert raised.value.code == "finding_not_disputed"
    assert "1 kali" in raised.value.message
    finding.refresh_from_db()
    assert finding.state == S.OPEN


def test_admin_close_needs_reason(users, finding):
    finding = put_in_state(finding, S.ANSWERED)

    with pytest.raises(DomainError) as raised:
        services.finding_close_unfixed(user=users["admin"], finding=finding, reason="  ")

    assert raised.value.field == "reason"


def test_cannot_fix_needs_reason(users, finding):
    with translation.override("id"), pytest.raises(DomainError) as raised:
        services.finding_respond(user=users["pupr"], finding=finding, action="cannot_fix", message="")

    assert raised.value.field == "message"
    finding.refresh_from_db()
    assert finding.state == S.OPEN


def test_cannot_fix_records_reason(users, finding):
    services.finding_respond(user=users["pupr"], finding=finding, action="cannot_fix", message="Lahan belum bebas.")

    finding.refresh_from_db()
    assert finding.state == S.CLOSED_UNFIXED
    assert finding.closure_reason == "Lahan belum bebas."
    assert finding.closed_at is not None


def test_contest_of_closure_reopens(users, finding):
    services.finding_respond(user=users["pupr"], finding=finding, action="cannot_fix", message="Lahan belum bebas.")

    services.finding_contest(user=users["lalang_jaya"], finding=finding, reason="Lahan sudah dibebaskan desa.")

    finding.refresh_from_db()
    assert finding.state == S.OPEN
    assert finding.closure_reason == ""
    assert finding.closed_at is None


def test_closed_unfixed_never_counts_as_fixed(users, finding):
    services.finding_respond(user=users["pupr"], finding=finding, action="cannot_fix", message="Lahan belum bebas.")

    [row] = agency_followup_stats(Finding.objects.all())

    assert row.resolved == 0
    assert row.closed_unfixed == 1
    assert row.fix_rate == 0


def test_unknown_action_rejected(users, finding):
    with pytest.raises(DomainError) as raised:
        services.finding_respond(user=users["pupr"], finding=finding, action="admin_close", message="Tutup.")

    assert raised.value.code == "response_action_invalid"


def test_withdrawn_report_blocks_every_event(users, finding):
    services.report_withdraw(user=users["lalang_jaya"], report=finding.report, reason="Salah proyek.")
    finding = put_in_state(finding, S.ANSWERED)

    for event, actor in [("answer", "pupr"), ("confirm", "lalang_jaya"), ("admin_close", "admin")]:
        with pytest.raises(DomainError) as raised:
            run_event(event, users[actor], finding)
        assert raised.value.code == "report_withdrawn"


# The screens: a role that may not act gets 403, a role that may not even read the finding 404. -----------------

CLOSE_STATUS = {"admin": 302, "pupr": 403, "lalang_jaya": 403, "leader": 403, "dprd": 403, "education": 404}


@pytest.mark.parametrize("role", CLOSE_STATUS)
def test_close_unfixed_screen_per_role(client, users, finding, role):
    finding = put_in_state(finding, S.ANSWERED)
    client.login(username=users[role].username, password=PASSWORD)

    response = client.post(reverse("monitoring:finding_close_unfixed", args=[finding.pk]), {"reason": "Berlarut."})

    assert response.status_code == CLOSE_STATUS[role]
    finding.refresh_from_db()
    assert (finding.state == S.CLOSED_UNFIXED) == (role == "admin")


def test_other_village_cannot_see_to_contest(client, users, finding):
    finding = put_in_state(finding, S.ANSWERED)
    client.login(username=users["kurnia_jaya"].username, password=PASSWORD)

    response = client.post(reverse("monitoring:finding_contest", args=[finding.pk]), {"reason": "Belum."})

    assert response.status_code == 404


def test_cannot_fix_from_screen(client, users, finding):
    client.login(username=users["pupr"].username, password=PASSWORD)

    response = client.post(
        reverse("monitoring:finding_respond", args=[finding.pk]),
        {"action": "cannot_fix", "message": "Di luar kewenangan OPD."},
        follow=True,
    )

    assert "Temuan ditutup tanpa perbaikan." in response.content.decode()
    finding.refresh_from_db()
    assert finding.state == S.CLOSED_UNFIXED


def test_closed_unfixed_shown_distinctly(client, users, finding):
    services.finding_respond(user=users["pupr"], finding=finding, action="cannot_fix", message="Lahan belum bebas.")
    client.login(username=users["lalang_jaya"].username, password=PASSWORD)

    page = client.get(reverse("monitoring:finding_detail", args=[finding.pk])).content.decode()

    assert 'class="badge closed_unfixed"' in page
    assert "tidak dihitung sebagai selesai" in page
    assert "Lahan belum bebas." in page
    # The village may still contest, but not confirm.
    assert reverse("monitoring:finding_contest", args=[finding.pk]) in page
    assert reverse("monitoring:finding_confirm", args=[finding.pk]) not in page


def test_admin_close_form_only_after_contests(client, users, finding):
    client.login(username=users["admin"].username, password=PASSWORD)
    url = reverse("monitoring:finding_close_unfixed", args=[finding.pk])

    assert url not in client.get(reverse("monitoring:finding_detail", args=[finding.pk])).content.decode()
    put_in_state(finding, S.OPEN)
    assert url in client.get(reverse("monitoring:finding_detail", args=[finding.pk])).content.decode()
