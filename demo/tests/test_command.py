"""manage.py seed_demo: refusals, the printed logins, a second run and --reset."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from demo import generator
from demo.catalog import DEMO_PASSWORD
from demo.tests.conftest import TODAY
from evidence.models import Photo
from projects.models import Project
from regions.models import Region


def _run(*arguments) -> str:
    output = io.StringIO()
    call_command("seed_demo", *arguments, stdout=output)
    return output.getvalue()


def test_command_refused_outside_demo(kabupaten, settings):
    settings.SIMPOR_DEMO = False

    with pytest.raises(CommandError) as refused:
        _run()

    assert "SIMPOR_ENV=demo" in str(refused.value)
    assert not User.objects.exists()


def test_command_reset_refused_outside_demo(kabupaten, settings):
    settings.SIMPOR_DEMO = False
    User.objects.create_user(username="admin_ekbang", password="rahasia-123", role="admin")

    with pytest.raises(CommandError):
        _run("--reset")

    assert User.objects.filter(username="admin_ekbang").exists()


def test_command_without_regions_names_import(db, demo_mode):
    with pytest.raises(CommandError) as refused:
        _run()

    assert "import_regions" in str(refused.value)


def test_command_message_in_indonesian(db, demo_mode):
    with pytest.raises(CommandError) as refused:
        _run()

    assert "Jalankan “manage.py import_regions” terlebih dahulu" in str(refused.value)


def test_command_seeds_reports_seeded_and_resets(
    kabupaten, demo_mode, small_photos, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(generator, "jakarta_today", lambda: TODAY)

    first = _run()

    assert "Data demo dibuat: 9 OPD, 64 proyek" in first
    for username in ("admin.ekbang", "bupati", "dprd", "pupr.kepala", "pupr.operator"):
        assert f"\n{username} " in first
    assert "Nama pengguna" in first
    assert DEMO_PASSWORD in first
    assert "/akun/masuk/" in first
    counts = (Project.objects.count(), Photo.objects.count(), User.objects.count())
    names = sorted(Project.objects.values_list("name", "contract_value", "physical_progress"))
    hashes = sorted(Photo.objects.values_list("sha256", flat=True))
    first_files = [photo.original.name for photo in Photo.objects.all()]
    storage = Photo._meta.get_field("original").storage
    assert all(storage.exists(name) for name in first_files)

    # A second run changes nothing and prints the logins again.
    second = _run()

    assert "sudah ada" in second
    assert "pupr.operator" in second
    assert (Project.objects.count(), Photo.objects.count(), User.objects.count()) == counts

    # --reset rebuilds the same data set: the generator is deterministic for a given day.
    regions_before = Region.objects.count()
    # The old photo files go once the reset commits.
    with django_capture_on_commit_callbacks(execute=True):
        third = _run("--reset")

    assert "Data demo dibuat" in third
    assert Region.objects.count() == regions_before
    assert (Project.objects.count(), Photo.objects.count(), User.objects.count()) == counts
    assert sorted(Project.objects.values_list("name", "contract_value", "physical_progress")) == names
    assert sorted(Photo.objects.values_list("sha256", flat=True)) == hashes
    assert not any(storage.exists(name) for name in first_files)
