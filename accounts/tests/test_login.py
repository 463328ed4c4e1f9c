import pytest
from django.urls import reverse

from conftest import PASSWORD


@pytest.mark.parametrize(
    ("user_key", "landing"),
    [
        ("lalang_jaya", "monitoring:village_home"),
        ("pupr", "projects:agency_home"),
        ("leader", "dashboard:overview"),
        ("dprd", "dashboard:overview"),
        ("admin", "dashboard:overview"),
    ],
)
def test_login_lands_on_role_home(client, users, user_key, landing):
    response = client.post(reverse("accounts:login"), {"username": users[user_key].username, "password": PASSWORD})
    assert response.status_code == 302
    home = client.get(response.url)
    assert home.status_code == 302
    assert home.url == reverse(landing)


def test_login_wrong_password_shows_indonesian_message(client, users):
    response = client.post(reverse("accounts:login"), {"username": "bupati", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
