"""The demo generator: what it refuses, and what a generated year of Belitung Timur contains."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth.hashers import check_password

from accounts.models import Role, User
from agencies.models import Agency
from audit.services import verify_chain
from core.errors import DomainError
from demo import generator
from demo.catalog import AGENCIES, DEMO_PASSWORD
from demo.curves import Week, planned_on
from demo.geo import contains
from demo.tests.conftest import TODAY, UNMAPPED_VILLAGE
from earlywarning.models import DelayCause, DelayRecord, MeetingOutcome, ProjectAssessment, ShowCauseMeeting
from evidence.models import Photo
from monitoring.models import Finding, FindingState, MonitoringReport, finding_due_days
from projects.models import Project, ProjectStatus
from regions.models import Region


def test_seed_refused_outside_demo(kabupaten, settings):
    settings.SIMPOR_DEMO = False

    with pytest.raises(DomainError) as refused:
        generator.seed_demo_data(today=TODAY)

    assert refused.value.code == "demo_disabled"
    assert "SIMPOR_ENV=demo" in refused.value.message
    assert not User.objects.exists()
    assert not Project.objects.exists()


def test_reset_refused_outside_demo(kabupaten, settings):
    settings.SIMPOR_DEMO = False
    User.objects.create_user(username="admin_ekbang", password="rahasia-123", role=Role.ADMIN)

    with pytest.raises(DomainError) as refused:
        generator.reset_demo_data()

    assert refused.value.code == "demo_disabled"
    assert User.objects.filter(username="admin_ekbang").exists()
    assert Region.objects.count() == 2 + len(kabupaten["districts"]) + len(kabupaten["villages"])


def test_seed_needs_imported_regions(db, demo_mode):
    with pytest.raises(DomainError) as refused:
        generator.seed_demo_data(today=TODAY)

    assert refused.value.code == "regions_missing"
    assert "import_regions" in refused.value.message


def test_seed_needs_villages_of_the_regency(db, demo_mode):
    Region.objects.create(code="19.06", name="Kabupaten Belitung Timur", level=2, kind="kabupaten")

    with pytest.raises(DomainError) as refused:
        generator.seed_demo_data(today=TODAY)

    assert refused.value.code == "regions_missing"


def test_seed_refuses_database_with_other_data(kabupaten, demo_mode):
    Agency.objects.create(regency=kabupaten["regency"], name="Dinas Sosial", short_name="Dinsos")

    with pytest.raises(DomainError) as refused:
        generator.seed_demo_data(today=TODAY)

    assert refused.value.code == "database_not_empty"
    assert "--reset" in refused.value.message
    assert not Project.objects.exists()


def _schedule(project: Project) -> list[Week]:
    return [Week(entry.week, entry.week_end, entry.planned_percent) for entry in project.schedule.all()]


def _deviation(project: Project) -> float:
    planned = planned_on(_schedule(project), project.start_date, project.progress_date)
    return float(project.physical_progress) - planned


def test_seed_builds_year_of_kabupaten(kabupaten, demo_mode):
    summary = generator.seed_demo_data(today=TODAY)

    projects = list(Project.objects.prefetch_related("villages", "schedule").select_related("agency"))
    desa = {region.pk: region for region in kabupaten["villages"].values()}
    assert summary.projects == len(projects) >= 60
    assert {project.fiscal_year for project in projects} == {TODAY.year}

    # Every project lies in desa of the kabupaten, with a point inside the desa where its boundary is known.
    for project in projects:
        villages = list(project.villages.all())
        assert villages, project.name
        assert all(village.pk in desa for village in villages), project.name
        assert project.latitude is not None, project.name
        assert project.longitude is not None, project.name
        mapped = [village for village in villages if village.boundary]
        if mapped:
            point = float(project.longitude), float(project.latitude)
            assert any(contains(village.boundary, *point) for village in mapped), project.name
    kecamatan = {village.parent_id for project in projects for village in project.villages.all()}
    assert kecamatan == {district.pk for district in kabupaten["districts"].values()}
    covered = {village.pk for project in projects for village in project.villages.all()}
    assert len(covered) >= len(desa) - 1
    assert kabupaten["villages"][UNMAPPED_VILLAGE].pk in covered

    # Statuses are mixed, with exactly one terminated contract.
    statuses = Counter(project.status for project in projects)
    assert statuses[ProjectStatus.IN_PROGRESS] >= 30
    assert statuses[ProjectStatus.PLANNED] >= 3
    assert statuses[ProjectStatus.PHO] >= 2
    assert statuses[ProjectStatus.FHO] >= 1
    assert statuses[ProjectStatus.TERMINATED] == 1
    assert {project.agency.short_name for project in projects} == {spec.short_name for spec in AGENCIES}

    # Money in realistic ranges; contracts 85 to 98 percent of the pagu.
    for project in projects:
        assert Decimal("150000000") <= project.budget_ceiling <= Decimal("8000000000"), project.name
        if project.contract_value is not None:
            share = project.contract_value / project.budget_ceiling
            assert Decimal("0.85") <= share <= Decimal("0.98"), project.name
            assert project.contract_number.endswith(f"/{TODAY.year}"), project.contract_number
            assert 60 <= project.duration_days <= 240, project.name

    # A kurva S per contract that has started, rising to 100.
    for project in projects:
        if project.start_date is None or project.start_date > TODAY:
            continue
        planned = [entry.planned_percent for entry in project.schedule.all()]
        assert planned, project.name
        assert planned == sorted(planned), project.name
        assert planned[-1] == 100, project.name

    # Progress: some critical by more than 10 points, one paid well ahead of physical progress.
    running = [project for project in projects if project.status == ProjectStatus.IN_PROGRESS]
    critical = [project for project in running if _deviation(project) < -10]
    assert 2 <= len(critical) <= 6
    paid_ahead = [project for project in running if project.financial_progress - project.physical_progress > 10]
    assert len(paid_ahead) == 1
    silent = [project for project in running if (TODAY - project.progress_date).days > 14]
    assert 1 <= len(silent) <= 2
    for project in projects:
        if project.status in (ProjectStatus.PHO, ProjectStatus.FHO):
            assert project.physical_progress == 100, project.name
        assert project.progress_date is None or project.progress_date <= TODAY

    # Village reports: dated within the contract and not in the future, each with photos, by the desa's operator.
    reports = list(MonitoringReport.objects.select_related("project", "reporter"))
    assert summary.reports == len(reports) >= 50
    for report in reports:
        assert report.project.start_date <= report.visit_date <= TODAY
        assert report.reporter.village_id == report.village_id
        assert report.project.villages.filter(pk=report.village_id).exists()
        assert report.narrative
    photo_counts = Counter(Photo.objects.filter(report__isnull=False).values_list("report_id", flat=True))
    assert all(photo_counts[report.pk] >= 1 for report in reports)
    below_claim = [report for report in reports if report.project.physical_progress - report.observed_progress >= 10]
    assert below_claim
    assert any(not report.signboard_present for report in reports)

    # Photos are stored with their copies; some carry an EXIF position, some none.
    photos = list(Photo.objects.all())
    assert summary.photos == len(photos)
    assert all(photo.web.name and photo.thumbnail.name for photo in photos)
    assert all(photo.web.storage.exists(photo.thumbnail.name) for photo in photos[:5])
    assert any(photo.exif_latitude is not None for photo in photos)
    assert any(not photo.has_metadata for photo in photos)
    assert Photo.objects.filter(progress_update__isnull=False).exists()
    assert Photo.objects.filter(response__isnull=False).exists()

    # Findings in every state; rejections carry the OPD's reason.
    states = Counter(Finding.objects.values_list("state", flat=True))
    assert set(states) == set(FindingState.values)
    assert states[FindingState.CLOSED_UNFIXED] == 1
    assert summary.findings == sum(states.values())
    assert not Finding.objects.filter(state=FindingState.REJECTED, rejection_reason="").exists()
    assert Finding.objects.filter(reviews__kind="contest").exists()
    assert {finding.severity for finding in Finding.objects.all()} == {"low", "medium", "high"}
    for finding in Finding.objects.select_related("report"):
        due = finding.report.visit_date + datetime.timedelta(days=finding_due_days(finding.severity))
        assert finding.due_date == due, finding.description

    # Critical contracts have the contractor's delay on record and a show-cause meeting; the terminated one
    # went through SCM I to III, the first two failed.
    for project in critical:
        assert project.delay.cause == DelayCause.CONTRACTOR, project.name
        assert ShowCauseMeeting.objects.filter(project=project).count() == 1, project.name
    terminated = Project.objects.get(status=ProjectStatus.TERMINATED)
    meetings = list(ShowCauseMeeting.objects.filter(project=terminated).order_by("stage"))
    assert [meeting.stage for meeting in meetings] == [1, 2, 3]
    assert [meeting.outcome for meeting in meetings[:2]] == [MeetingOutcome.NOT_MET] * 2
    assert DelayRecord.objects.filter(cause=DelayCause.FORCE_MAJEURE).exists()
    assessed = ProjectAssessment.objects.filter(project__status=ProjectStatus.IN_PROGRESS).count()
    assert assessed == statuses[ProjectStatus.IN_PROGRESS]

    # Accounts: leaders, a head and an operator per OPD, an operator per desa, all with the demo password.
    roles = Counter(User.objects.values_list("role", flat=True))
    assert roles[Role.ADMIN] == 1
    assert roles[Role.LEADER] == 2
    assert roles[Role.DPRD] == 1
    assert roles[Role.AGENCY] == 2 * len(AGENCIES)
    assert roles[Role.VILLAGE] == len(desa)
    assert User.objects.get(username="desa.lalangjaya").village.code == "19.06.01.2001"
    assert User.objects.get(username="pupr.kepala").is_agency_head
    assert check_password(DEMO_PASSWORD, User.objects.get(username="bupati").password)

    # The printed logins: one per role, the desa with the most reports last.
    logins = generator.demo_logins()
    usernames = [login.username for login in logins]
    assert usernames[:5] == ["admin.ekbang", "bupati", "dprd", "pupr.kepala", "pupr.operator"]
    assert {User.objects.get(username=username).role for username in usernames} == set(Role.values)
    village_user = User.objects.get(username=usernames[5])
    busiest = Counter(MonitoringReport.objects.values_list("village_id", flat=True)).most_common(1)[0]
    assert MonitoringReport.objects.filter(village=village_user.village).count() == busiest[1]
    assert all(login.sees for login in logins)

    # Every change went through the audit trail, and the chain is intact.
    assert verify_chain().ok
