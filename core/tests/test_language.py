"""Indonesian is the default language; English is selectable from every page and sticks for the session."""

from django.urls import reverse


def test_pages_default_to_indonesian(client, users):
    client.force_login(users["lalang_jaya"])
    page = client.get(reverse("monitoring:village_home")).content.decode()
    assert '<html lang="id">' in page
    assert "Desa saya" in page


def test_language_switch_to_english_and_back(client, users):
    client.force_login(users["lalang_jaya"])
    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("monitoring:village_home")})
    assert switched.status_code == 302
    page = client.get(reverse("monitoring:village_home")).content.decode()
    assert '<html lang="en">' in page
    assert "My village" in page

    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert "Desa saya" in client.get(reverse("monitoring:village_home")).content.decode()


def test_public_portal_offers_the_language_choice(client, regions):
    page = client.get(reverse("portal:home")).content.decode()
    assert 'name="language"' in page
    assert '<option value="en"' in page
