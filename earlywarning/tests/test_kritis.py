import datetime
from decimal import Decimal as D

import pytest

from audit.models import AuditEntry
from core.errors import DomainError
from earlywarning.models import DelayCause, DelayRecord, MeetingOutcome, ShowCauseMeeting
from earlywarning.services import (
    delay_record,
    meeting_record,
    meeting_set_outcome,
    next_meeting_stage,
)

DAY = datetime.date(2026, 4, 10)


def hold(project, user, stage, *, date=DAY, target="40", test_end=None):
    return meeting_record(
        user=user,
        project=project,
        stage=stage,
        date=date,
        target_percent=target,
        test_period_end=test_end or date + datetime.timedelta(days=14),
        notes="Notulen 01/SCM",
    )


def test_scm_sequence_one_two_three(critical_project, users):
    opd = users["pupr"]
    first = hold(critical_project, opd, 1)
    assert next_meeting_stage(critical_project) is None
    meeting_set_outcome(user=opd, meeting=first, outcome=MeetingOutcome.NOT_MET)
    assert next_meeting_stage(critical_project) == 2
    second = hold(critical_project, opd, 2, date=DAY + datetime.timedelta(days=15))
    meeting_set_outcome(user=opd, meeting=second, outcome=MeetingOutcome.NOT_MET)
    third = hold(critical_project, opd, 3, date=DAY + datetime.timedelta(days=30))
    assert third.outcome == MeetingOutcome.PENDING
    assert list(critical_project.show_cause_meetings.values_list("stage", flat=True)) == [1, 2, 3]
    assert AuditEntry.objects.filter(object_type="earlywarning.showcausemeeting").count() == 5


@pytest.mark.parametrize("stage", [2, 3])
def test_scm_cannot_skip_a_stage(critical_project, users, stage):
    with pytest.raises(DomainError) as excinfo:
        hold(critical_project, users["pupr"], stage)
    assert excinfo.value.code == "scm_stage_order"
    assert "SCM I" in excinfo.value.message


@pytest.mark.parametrize("outcome", [MeetingOutcome.PENDING, MeetingOutcome.MET])
def test_scm_two_needs_scm_one_not_met(critical_project, users, outcome):
    first = hold(critical_project, users["pupr"], 1)
    if outcome == MeetingOutcome.MET:
        meeting_set_outcome(user=users["pupr"], meeting=first, outcome=outcome)
    with pytest.raises(DomainError) as excinfo:
        hold(critical_project, users["pupr"], 2, date=DAY + datetime.timedelta(days=15))
    assert excinfo.value.code == "scm_stage_order"
    assert ShowCauseMeeting.objects.filter(project=critical_project).count() == 1


def test_no_fourth_meeting(critical_project, users):
    opd = users["pupr"]
    for stage in (1, 2, 3):
        meeting = hold(critical_project, opd, stage, date=DAY + datetime.timedelta(days=15 * stage))
        meeting_set_outcome(user=opd, meeting=meeting, outcome=MeetingOutcome.NOT_MET)
    with pytest.raises(DomainError) as excinfo:
        hold(critical_project, opd, 3, date=DAY + datetime.timedelta(days=60))
    assert "SCM III adalah rapat pembuktian terakhir" in excinfo.value.message


def test_scm_needs_critical_history(planned, users):
    project = planned()
    with pytest.raises(DomainError) as excinfo:
        hold(project, users["pupr"], 1)
    assert excinfo.value.code == "scm_not_critical"


def test_recovered_project_keeps_critical_history(critical_project, users):
    critical_project.assessment.status = "late"
    critical_project.assessment.save()
    assert hold(critical_project, users["pupr"], 1).stage == 1


@pytest.mark.parametrize("role", ["lalang_jaya", "education", "leader", "dprd"])
def test_scm_refused_for_other_roles(critical_project, users, role):
    with pytest.raises(DomainError) as excinfo:
        hold(critical_project, users[role], 1)
    assert excinfo.value.code == "not_project_agency"
    assert not ShowCauseMeeting.objects.exists()


def test_admin_may_record_scm(critical_project, users):
    assert hold(critical_project, users["admin"], 1).created_by == users["admin"]


def test_scm_dates_checked(critical_project, users):
    with pytest.raises(DomainError) as excinfo:
        hold(critical_project, users["pupr"], 1, date=datetime.date(2099, 1, 1))
    assert excinfo.value.field == "date"
    with pytest.raises(DomainError) as excinfo:
        hold(critical_project, users["pupr"], 1, test_end=DAY)
    assert excinfo.value.field == "test_period_end"
    first = hold(critical_project, users["pupr"], 1)
    meeting_set_outcome(user=users["pupr"], meeting=first, outcome=MeetingOutcome.NOT_MET)
    with pytest.raises(DomainError) as excinfo:
        hold(critical_project, users["pupr"], 2, date=DAY - datetime.timedelta(days=1))
    assert excinfo.value.code == "scm_date_before_previous"


def test_scm_target_must_be_a_percentage(critical_project, users):
    with pytest.raises(DomainError) as excinfo:
        hold(critical_project, users["pupr"], 1, target="120")
    assert excinfo.value.field == "target_percent"


def test_outcome_locked_once_next_meeting_exists(critical_project, users):
    first = hold(critical_project, users["pupr"], 1)
    meeting_set_outcome(user=users["pupr"], meeting=first, outcome=MeetingOutcome.NOT_MET)
    hold(critical_project, users["pupr"], 2, date=DAY + datetime.timedelta(days=15))
    with pytest.raises(DomainError) as excinfo:
        meeting_set_outcome(user=users["pupr"], meeting=first, outcome=MeetingOutcome.MET)
    assert excinfo.value.code == "scm_outcome_locked"


def test_outcome_pending_is_not_a_result(critical_project, users):
    first = hold(critical_project, users["pupr"], 1)
    with pytest.raises(DomainError):
        meeting_set_outcome(user=users["pupr"], meeting=first, outcome=MeetingOutcome.PENDING)


def test_outcome_refused_for_village(critical_project, users):
    first = hold(critical_project, users["pupr"], 1)
    with pytest.raises(DomainError):
        meeting_set_outcome(user=users["lalang_jaya"], meeting=first, outcome=MeetingOutcome.MET)
    first.refresh_from_db()
    assert first.outcome == MeetingOutcome.PENDING


# --- delay cause ---


def test_delay_record_created_then_changed(planned, users):
    project = planned()
    delay_record(user=users["pupr"], project=project, cause=DelayCause.CONTRACTOR, extension_days=20)
    record = delay_record(
        user=users["pupr"], project=project, cause=DelayCause.FORCE_MAJEURE, note="Banjir, BA 12/2026"
    )
    assert DelayRecord.objects.get(project=project).cause == DelayCause.FORCE_MAJEURE
    assert record.extension_days == 0
    actions = list(
        AuditEntry.objects.filter(object_type="earlywarning.delayrecord")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update"]


@pytest.mark.parametrize(("days", "ok"), [(0, True), (50, True), (51, False), (-1, False)])
def test_extension_limit(planned, users, days, ok):
    project = planned()
    call = {"user": users["pupr"], "project": project, "cause": DelayCause.CONTRACTOR, "extension_days": days}
    if ok:
        assert delay_record(**call).extension_days == days
    else:
        with pytest.raises(DomainError) as excinfo:
            delay_record(**call)
        assert excinfo.value.field == "extension_days"


def test_extension_limit_from_settings(planned, users, settings):
    settings.SIMPOR_EARLY_WARNING = {"max_extension_days": 30}
    with pytest.raises(DomainError) as excinfo:
        delay_record(user=users["pupr"], project=planned(), cause=DelayCause.CONTRACTOR, extension_days=31)
    assert "dari 0 sampai 30 hari kalender" in excinfo.value.message


@pytest.mark.parametrize("cause", [DelayCause.FORCE_MAJEURE, DelayCause.OWNER])
def test_kahar_and_compensation_need_a_note(planned, users, cause):
    with pytest.raises(DomainError) as excinfo:
        delay_record(user=users["pupr"], project=planned(), cause=cause, note="  ")
    assert excinfo.value.field == "note"


def test_delay_cause_unknown(planned, users):
    with pytest.raises(DomainError) as excinfo:
        delay_record(user=users["pupr"], project=planned(), cause="weather")
    assert excinfo.value.field == "cause"


@pytest.mark.parametrize("role", ["lalang_jaya", "education", "leader"])
def test_delay_refused_for_other_roles(planned, users, role):
    with pytest.raises(DomainError):
        delay_record(user=users[role], project=planned(), cause=DelayCause.CONTRACTOR)
    assert not DelayRecord.objects.exists()


def test_target_stored_with_two_decimals(critical_project, users):
    assert hold(critical_project, users["pupr"], 1, target=D("37.456")).target_percent == D("37.46")
