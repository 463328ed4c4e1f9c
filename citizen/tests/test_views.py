import pytest
from django.urls import reverse

from citizen import services
from citizen.models import CitizenReport, Status
from citizen.tests.conftest import gps_jpeg, started_token

CREATE = reverse("citizen:report_create")
QUEUE = reverse("citizen:moderation_queue")


def test_form_open_without_account(client, project):
    response = client.get(CREATE, {"proyek": project.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert project.name in page
    assert 'name="website"' in page
    assert 'name="started"' in page


def test_form_unknown_project_404(client, db):
    assert client.get(CREATE, {"proyek": 999}).status_code == 404


def test_submit_gives_tracking_page(client, form_data):
    data = {**form_data, "photos": [gps_jpeg()]}
    response = client.post(CREATE, data)
    report = CitizenReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen:track_detail", args=[report.tracking_code])
    page = client.get(response["Location"]).content.decode()
    assert report.tracking_code in page
    assert "Diterima" in page
    assert report.photos.count() == 1
    assert report.contact_email == "budi@example.org"


def test_honeypot_filled_rejected(client, form_data):
    response = client.post(CREATE, {**form_data, "website": "http://spam.example"})
    assert response.status_code == 400
    assert not CitizenReport.objects.exists()


@pytest.mark.parametrize("started", ["", "forged-token", "future"])
def test_missing_or_forged_stamp_rejected(client, form_data, started):
    if started == "future":
        started = started_token(seconds_ago=-3600)
    response = client.post(CREATE, {**form_data, "started": started})
    assert response.status_code == 400
    assert not CitizenReport.objects.exists()


def test_too_fast_rejected(client, form_data):
    response = client.post(CREATE, {**form_data, "started": started_token(seconds_ago=0)})
    assert response.status_code == 400
    assert "sangat cepat" in response.content.decode()
    assert not CitizenReport.objects.exists()


def test_rate_limit_per_session(client, form_data, settings):
    settings.SIMPOR_CITIZEN = {**settings.SIMPOR_CITIZEN, "per_session_per_hour": 2}
    client.get(CREATE)
    statuses = [client.post(CREATE, {**form_data, "started": started_token()}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert CitizenReport.objects.count() == 2


def test_rate_limit_per_address(client_factory, form_data, settings):
    settings.SIMPOR_CITIZEN = {**settings.SIMPOR_CITIZEN, "per_address_per_hour": 2}
    # A new client per post: a bot dropping its session cookie is still counted by address.
    statuses = [client_factory().post(CREATE, {**form_data, "started": started_token()}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def test_invalid_input_keeps_text(client, form_data):
    response = client.post(CREATE, {**form_data, "contact_phone": "telepon saya"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Saluran di samping jalan" in page
    assert "tidak valid" in page


def test_track_by_code_form(client, project):
    report = services.citizen_report_submit(category="road", description="Jalan berlubang besar.", project=project)
    response = client.get(reverse("citizen:track"), {"kode": report.tracking_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen:track_detail", args=[report.tracking_code])


def test_track_unknown_code_404(client, db):
    assert client.get(reverse("citizen:track_detail", args=["ZZZZZZZZZZ"])).status_code == 404


def test_track_rate_limited(client, db, settings):
    settings.SIMPOR_CITIZEN = {**settings.SIMPOR_CITIZEN, "tracking_per_address_per_minute": 3}
    codes = [client.get(reverse("citizen:track_detail", args=[f"ZZZZZZZZZ{index}"])).status_code for index in range(4)]
    assert codes == [404, 404, 404, 429]


def test_track_shows_rejection_reason(client, project, users):
    report = services.citizen_report_submit(category="road", description="Jalan berlubang besar.", project=project)
    services.citizen_report_reject(user=users["pupr"], report=report, reason="Sudah dilaporkan sebelumnya.")
    page = client.get(reverse("citizen:track_detail", args=[report.tracking_code])).content.decode()
    assert "Sudah dilaporkan sebelumnya." in page
    assert "Ditolak" in page


def fetch_status(client, url, params=None) -> int:
    response = client.get(url, params or {})
    if response.streaming:
        # The test client closes a streamed response (and its file) once the content is read.
        b"".join(response.streaming_content)
    return response.status_code


def test_photo_private_until_published(client, project, users):
    report = services.citizen_report_submit(
        category="road", description="Jalan berlubang besar.", project=project, photos=[gps_jpeg()]
    )
    photo = report.photos.get()
    url = reverse("citizen:photo_file", args=[photo.pk, "thumb"])
    assert fetch_status(client, url) == 404
    assert fetch_status(client, url, {"kode": report.tracking_code}) == 200
    client.force_login(users["kurnia_jaya"])
    assert fetch_status(client, url) == 404
    client.force_login(users["lalang_jaya"])
    assert fetch_status(client, url) == 200
    client.logout()
    services.citizen_report_publish(user=users["pupr"], report=report)
    assert fetch_status(client, url) == 200
    assert fetch_status(client, reverse("citizen:photo_file", args=[photo.pk, "original"])) == 404


QUEUE_MATRIX = [
    ("anonymous", 302),
    ("admin", 200),
    ("leader", 403),
    ("dprd", 403),
    ("pupr", 200),
    ("education", 200),
    ("lalang_jaya", 200),
    ("kurnia_jaya", 200),
]


@pytest.mark.parametrize(("role", "expected"), QUEUE_MATRIX)
def test_queue_access(client, users, role, expected):
    if role != "anonymous":
        client.force_login(users[role])
    assert client.get(QUEUE).status_code == expected


DETAIL_MATRIX = [
    ("anonymous", 302),
    ("admin", 200),
    ("leader", 404),
    ("dprd", 404),
    ("pupr", 200),
    ("education", 404),
    ("lalang_jaya", 200),
    ("kurnia_jaya", 404),
]


@pytest.mark.parametrize(("role", "expected"), DETAIL_MATRIX)
def test_moderation_detail_access(client, users, project, role, expected):
    report = services.citizen_report_submit(category="road", description="Jalan berlubang besar.", project=project)
    if role != "anonymous":
        client.force_login(users[role])
    assert client.get(reverse("citizen:moderation_detail", args=[report.pk])).status_code == expected


def test_queue_lists_only_own_reports(client, users, make_project, regions, agencies):
    own = make_project(name="Paket Lalang")
    other = make_project(name="Paket Kurnia", villages=[regions["kurnia_jaya"]], agency=agencies["education"])
    services.citizen_report_submit(category="road", description="Laporan untuk Lalang Jaya.", project=own)
    services.citizen_report_submit(category="road", description="Laporan untuk Kurnia Jaya.", project=other)
    client.force_login(users["lalang_jaya"])
    page = client.get(QUEUE).content.decode()
    assert "Laporan untuk Lalang Jaya." in page
    assert "Laporan untuk Kurnia Jaya." not in page


@pytest.mark.parametrize("count", [3, 12])
def test_queue_query_count_bounded(client, users, project, count, django_assert_max_num_queries):
    for index in range(count):
        services.citizen_report_submit(category="road", description=f"Laporan nomor {index} di sini.", project=project)
    client.force_login(users["admin"])
    with django_assert_max_num_queries(8):
        assert client.get(QUEUE).status_code == 200


def test_moderator_publishes_and_answers(client, users, project):
    report = services.citizen_report_submit(
        category="road", description="Jalan berlubang besar.", project=project, contact_phone="081234567890"
    )
    url = reverse("citizen:moderation_detail", args=[report.pk])
    client.force_login(users["lalang_jaya"])
    assert "081234567890" in client.get(url).content.decode()
    assert client.post(url, {"action": "publish"}).status_code == 302
    client.force_login(users["pupr"])
    assert client.post(url, {"action": "answer", "answer": "Sudah ditambal tanggal 3."}).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.ANSWERED
    client.logout()
    public = client.get(reverse("citizen:public_list")).content.decode()
    assert "Jalan berlubang besar." in public
    assert "Sudah ditambal tanggal 3." in public
    assert "081234567890" not in public


def test_moderation_error_shown(client, users, project):
    report = services.citizen_report_submit(category="road", description="Jalan berlubang besar.", project=project)
    client.force_login(users["pupr"])
    url = reverse("citizen:moderation_detail", args=[report.pk])
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 200
    assert "alasan" in response.content.decode().lower()
    assert client.post(url, {"action": "explode"}).status_code == 404


def test_unpublished_reports_not_public(client, project, users):
    services.citizen_report_submit(category="road", description="Belum dimoderasi sama sekali.", project=project)
    assert "Belum dimoderasi" not in client.get(reverse("citizen:public_list")).content.decode()
    assert "Belum dimoderasi" not in client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()


@pytest.mark.parametrize(("role", "shown"), [("lalang_jaya", True), ("pupr", True), ("admin", True), ("leader", False)])
def test_top_bar_links_queue_for_moderators(client, users, role, shown):
    client.force_login(users[role])
    page = client.get(reverse("portal:home")).content.decode()
    assert (f'href="{QUEUE}"' in page) == shown
