"""The notification list: each user sees only their own, marks them read, and the top bar counts unread ones."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD
from notifications.models import Notification, NotificationKind
from notifications.services import notify


def _send(user, key, url="/pantau/temuan/", title="Temuan baru"):
    notify(
        recipients=[user],
        kind=NotificationKind.NEW_FINDINGS,
        title=title,
        body="",
        url=url,
        dedupe_key=key,
        email=False,
    )
    return Notification.objects.get(recipient=user, dedupe_key=key)


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize("role", ["admin", "leader", "dprd", "pupr", "education", "lalang_jaya", "kurnia_jaya"])
def test_list_for_every_role(client, users, role):
    _send(users[role], "mine", title=f"Untuk {role}")
    _send(users["kurnia_jaya" if role != "kurnia_jaya" else "pupr"], "theirs", title="Bukan untuk Anda")
    _login(client, users[role])

    page = client.get(reverse("notifications:list")).content.decode()

    assert f"Untuk {role}" in page
    assert "Bukan untuk Anda" not in page


def test_list_needs_login(client, db):
    response = client.get(reverse("notifications:list"))

    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_mark_one_read(client, users):
    first = _send(users["pupr"], "a")
    second = _send(users["pupr"], "b")
    _login(client, users["pupr"])

    response = client.post(reverse("notifications:read", args=[first.pk]))

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_mark_all_read(client, users):
    _send(users["pupr"], "a")
    _send(users["pupr"], "b")
    other = _send(users["education"], "a")
    _login(client, users["pupr"])

    client.post(reverse("notifications:read_all"))

    assert Notification.objects.filter(recipient=users["pupr"], read_at__isnull=True).count() == 0
    other.refresh_from_db()
    assert other.read_at is None


@pytest.mark.parametrize("name", ["notifications:read", "notifications:open"])
def test_other_users_notification_not_found(client, users, name):
    other = _send(users["education"], "a")
    _login(client, users["pupr"])

    response = (
        client.post(reverse(name, args=[other.pk]))
        if name.endswith("read")
        else client.get(reverse(name, args=[other.pk]))
    )

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_read_needs_post(client, users):
    notice = _send(users["pupr"], "a")
    _login(client, users["pupr"])

    assert client.get(reverse("notifications:read", args=[notice.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_open_marks_read_and_follows_link(client, users):
    notice = _send(users["pupr"], "a", url="/pantau/temuan/")
    _login(client, users["pupr"])

    response = client.get(reverse("notifications:open", args=[notice.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/pantau/temuan/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_open_ignores_foreign_link(client, users):
    notice = _send(users["pupr"], "a", url="https://contoh.invalid/")
    _login(client, users["pupr"])

    response = client.get(reverse("notifications:open", args=[notice.pk]))

    assert response["Location"] == reverse("notifications:list")


def test_unread_badge_in_top_bar(client, users):
    _send(users["pupr"], "a")
    _send(users["pupr"], "b")
    read = _send(users["pupr"], "c")
    read.read_at = read.created_at
    read.save()
    _login(client, users["pupr"])

    page = client.get(reverse("monitoring:finding_list")).content.decode()

    assert 'class="badge unread-count"' in page
    assert ">2</span>" in page


def test_no_badge_without_unread(client, users):
    _login(client, users["pupr"])

    page = client.get(reverse("monitoring:finding_list")).content.decode()

    assert "unread-count" not in page
    assert reverse("notifications:list") in page


@pytest.mark.parametrize("size", [2, 40])
def test_list_query_count(client, users, size, django_assert_max_num_queries):
    for number in range(size):
        _send(users["pupr"], f"key-{number}")
    _login(client, users["pupr"])

    # Session, user, page count, page rows, unread count, top-bar badge.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("notifications:list"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 30])
def test_badge_costs_one_query(client, users, size):
    for number in range(size):
        _send(users["pupr"], f"key-{number}")
    _login(client, users["pupr"])

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("monitoring:finding_list"))

    badge_queries = [query for query in captured.captured_queries if "notifications_notification" in query["sql"]]
    assert len(badge_queries) == 1
