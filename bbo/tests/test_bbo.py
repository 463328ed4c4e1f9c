import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditEntry
from bbo import indicators, selectors, services
from bbo.models import Evaluator, Indicator, Period, Score, VillageHead
from conftest import PASSWORD
from core.errors import DomainError
from monitoring.models import FindingState, ReportStatus
from projects.tests.factories import make_finding, make_photo, make_report

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


@pytest.fixture
def period(db):
    return Period.objects.create(name="2026", start_date=START, end_date=END)


@pytest.fixture
def activity(make_project, regions, users):
    """Lalang Jaya: four 2026 projects, three visited; reports on time and late; photos; decided findings."""
    village = regions["lalang_jaya"]
    reporter = users["lalang_jaya"]
    projects = [make_project(name=f"Paket {index}") for index in range(4)]
    make_project(name="Paket 2025", fiscal_year=2025)
    today = timezone.localdate()
    on_time = make_report(projects[0], village=village, reporter=reporter, visit_date=today)
    late = make_report(projects[1], village=village, reporter=reporter, visit_date=today - datetime.timedelta(days=4))
    make_report(projects[2], village=village, reporter=reporter, visit_date=today - datetime.timedelta(days=1))
    withdrawn = make_report(
        projects[3], village=village, reporter=reporter, visit_date=today, status=ReportStatus.WITHDRAWN
    )
    make_photo(projects[0], uploaded_by=reporter, report=on_time, location_check="ok", time_check="ok")
    make_photo(projects[0], uploaded_by=reporter, report=on_time, location_check="ok", reuse_check="flagged")
    make_photo(projects[1], uploaded_by=reporter, report=late, location_check="ok")
    make_photo(projects[1], uploaded_by=reporter, report=late)
    make_photo(projects[3], uploaded_by=reporter, report=withdrawn, location_check="ok")
    make_finding(on_time, state=FindingState.ANSWERED)
    make_finding(on_time, state=FindingState.REJECTED, rejection_reason="Bukan masalah.")
    make_finding(late, state=FindingState.RESOLVED)
    make_finding(late)  # open: no decision yet
    return projects


def test_builtin_indicators_from_simpor_data(activity, regions):
    village = regions["lalang_jaya"].pk
    other = regions["kurnia_jaya"].pk

    visited = indicators.projects_visited(START, END, [village, other])
    assert visited[village].value == Decimal("75.00")
    assert visited[village].basis == "3 dari 4 proyek dikunjungi"
    assert other not in visited

    on_time = indicators.reports_on_time(START, END, [village])
    # Two of the three submitted reports reached SIMPOR within three days of the visit.
    assert on_time[village].value == Decimal("66.67")

    photos = indicators.photo_evidence(START, END, [village])
    # Placed at the site and not flagged: two of four (one reused, one without a position).
    assert photos[village].value == Decimal("50.00")

    confirmed = indicators.findings_confirmed(START, END, [village])
    # Answered and resolved against rejected; the open finding waits.
    assert confirmed[village].value == Decimal("66.67")


def test_refresh_writes_every_village_and_ranks_them(activity, regions, period):
    written = services.builtin_scores_refresh(period=period)
    assert written == 3 * 5
    assert services.builtin_scores_refresh(period=period) == 0

    rows = selectors.ranking(period)
    assert rows[0].village == regions["lalang_jaya"]
    assert rows[0].rank == 1
    # Values 75; 66,67; 50; 66,67 (weights 25, 15, 20, 20), respons_aduan left out, tata_kelola unscored (0, 10).
    expected = (25 * Decimal("75") + 35 * Decimal("66.67") + 20 * Decimal("50")) / 90
    assert rows[0].score == expected.quantize(Decimal("0.01"))
    # The other villages have only the unscored manual indicator: 0.
    assert [row.score for row in rows[1:]] == [Decimal("0.00"), Decimal("0.00")]
    assert rows[1].rank == rows[2].rank == 2


def _upload(name="bukti.pdf", content=b"%PDF-1.4 bukti"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_manual_score_is_recorded_with_evidence_and_audited(users, regions, period):
    governance = Indicator.objects.get(code="tata_kelola")
    score = services.manual_score_record(
        actor=users["leader"],
        period=period,
        village=regions["kurnia_jaya"],
        indicator=governance,
        value="82,5",
        evidence_text="Papan informasi APBDes terpasang.",
        evidence_file=_upload(),
    )
    assert score.value == Decimal("82.50")
    assert score.evidence_file.name.endswith(".pdf")
    assert AuditEntry.objects.filter(action="create").count() == 1

    services.manual_score_record(
        actor=users["admin"],
        period=period,
        village=regions["kurnia_jaya"],
        indicator=governance,
        value="80",
        evidence_text="Dikoreksi.",
    )
    assert Score.objects.get(pk=score.pk).value == Decimal("80.00")
    assert AuditEntry.objects.filter(action="update").count() == 1


@pytest.mark.parametrize(
    ("value", "evidence", "code"),
    [
        ("101", "ada", "bbo_value_range"),
        ("-1", "ada", "bbo_value_range"),
        ("tinggi", "ada", "bbo_value_invalid"),
        ("NaN", "ada", "bbo_value_range"),
        ("50", "  ", "bbo_evidence_missing"),
    ],
)
def test_manual_score_rejects_bad_input(users, regions, period, value, evidence, code):
    with pytest.raises(DomainError) as error:
        services.manual_score_record(
            actor=users["admin"],
            period=period,
            village=regions["lalang_jaya"],
            indicator=Indicator.objects.get(code="tata_kelola"),
            value=value,
            evidence_text=evidence,
        )
    assert error.value.code == code


def test_builtin_indicator_cannot_be_entered_by_hand(users, regions, period):
    with pytest.raises(DomainError) as error:
        services.manual_score_record(
            actor=users["admin"],
            period=period,
            village=regions["lalang_jaya"],
            indicator=Indicator.objects.get(code="kunjungan"),
            value="100",
            evidence_text="ada",
        )
    assert error.value.code == "bbo_indicator_not_manual"


def test_kecamatan_evaluator_scores_only_its_villages(regions, period):
    camat = User.objects.create_user(username="camat_manggar", password=PASSWORD, role=Role.DPRD)
    Evaluator.objects.create(user=camat, district=regions["manggar"])
    governance = Indicator.objects.get(code="tata_kelola")

    services.manual_score_record(
        actor=camat,
        period=period,
        village=regions["lalang_jaya"],
        indicator=governance,
        value="70",
        evidence_text="Dicek di kantor desa.",
    )
    with pytest.raises(DomainError) as error:
        services.manual_score_record(
            actor=camat,
            period=period,
            village=regions["gantung_desa"],
            indicator=governance,
            value="70",
            evidence_text="Dicek.",
        )
    assert error.value.code == "bbo_not_evaluator"


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 200), ("leader", 200), ("dprd", 404), ("pupr", 404), ("lalang_jaya", 404), ("anonymous", 302)],
)
def test_score_entry_form_role_matrix(client, users, regions, period, role, expected):
    if role != "anonymous":
        client.force_login(users[role])
    url = reverse(
        "bbo:score_entry", args=[period.pk, regions["lalang_jaya"].pk, Indicator.objects.get(code="tata_kelola").pk]
    )
    assert client.get(url).status_code == expected


def test_score_entry_form_saves_and_shows_errors(client, users, regions, period):
    client.force_login(users["leader"])
    url = reverse(
        "bbo:score_entry", args=[period.pk, regions["lalang_jaya"].pk, Indicator.objects.get(code="tata_kelola").pk]
    )
    bad = client.post(url, {"value": "120", "evidence_text": "ada"})
    assert bad.status_code == 200
    assert "antara 0 dan 100" in bad.content.decode()

    good = client.post(url, {"value": "88", "evidence_text": "Musdes rutin."})
    assert good.status_code == 302
    assert Score.objects.get(village=regions["lalang_jaya"]).value == Decimal("88.00")


@pytest.mark.parametrize("role", ["admin", "leader", "dprd", "pupr", "lalang_jaya"])
def test_ranking_and_village_pages_open_for_signed_in_users(client, users, regions, period, role):
    client.force_login(users[role])
    assert client.get(reverse("bbo:ranking")).status_code == 200
    assert client.get(reverse("bbo:village_detail", args=[regions["lalang_jaya"].pk])).status_code == 200


def test_refresh_is_for_leaders_and_admins(client, users, period):
    client.force_login(users["dprd"])
    assert client.post(reverse("bbo:refresh", args=[period.pk])).status_code == 403
    client.force_login(users["leader"])
    assert client.post(reverse("bbo:refresh", args=[period.pk])).status_code == 302
    assert Score.objects.filter(period=period).exists()


def test_village_page_explains_each_indicator(client, users, activity, regions, period):
    services.builtin_scores_refresh(period=period)
    client.force_login(users["lalang_jaya"])

    page = client.get(reverse("bbo:village_detail", args=[regions["lalang_jaya"].pk])).content.decode()

    assert "3 dari 4 proyek dikunjungi" in page
    assert "Belum dinilai: dihitung 0." in page


def test_certificate_only_for_the_best(client, users, activity, regions, period):
    services.builtin_scores_refresh(period=period)
    VillageHead.objects.create(
        village=regions["lalang_jaya"], name="Budi Santoso", term_start=datetime.date(2020, 1, 1)
    )
    client.force_login(users["leader"])

    best = client.get(reverse("bbo:certificate", args=[period.pk, regions["lalang_jaya"].pk]))
    assert best.status_code == 200
    assert best.content.startswith(b"%PDF")


@pytest.mark.parametrize("count", [1, 3])
def test_ranking_query_count_is_bounded(client, users, regions, period, django_assert_max_num_queries, count):
    for index in range(count):
        VillageHead.objects.create(village=regions["gantung_desa"], name=f"Kades {index}", term_start=START)
    services.builtin_scores_refresh(period=period)
    client.force_login(users["leader"])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("bbo:ranking")).status_code == 200


def test_public_reports_handled_counts_what_the_village_moderated(project, regions):
    from citizen.models import CitizenReport, Status

    village = regions["lalang_jaya"]
    CitizenReport.objects.create(category="road", description="Jalan berlubang.", project=project, village=village)
    CitizenReport.objects.create(
        category="road", description="Lampu mati.", project=project, village=village, status=Status.PUBLISHED
    )
    CitizenReport.objects.create(
        category="road",
        description="Ditolak.",
        project=project,
        village=village,
        status=Status.REJECTED,
        rejection_reason="Bukan di desa ini.",
    )

    measures = indicators.public_reports_handled(START, END, [village.pk, regions["kurnia_jaya"].pk])

    assert measures[village.pk].value == Decimal("66.67")
    assert regions["kurnia_jaya"].pk not in measures
