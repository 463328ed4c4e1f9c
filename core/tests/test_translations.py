"""Every user-facing string has an Indonesian translation, and the catalogues match the source."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
OUR_APPS = [app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()]


def _catalogue(app_dir: Path) -> polib.POFile | None:
    path = app_dir / "locale" / "id" / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(path)) if path.exists() else None


@pytest.mark.parametrize("app", OUR_APPS)
def test_catalogue_complete_and_current(app, tmp_path):
    # Extract the strings from a copy of the app, so a string added without running
    # scripts/makemessages fails here instead of showing up in English on a screen.
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("tests", "__pycache__", "*.mo"))
    (copy / "locale").mkdir(exist_ok=True)
    previous = Path.cwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["id"], no_obsolete=True, add_location="never", verbosity=0)
    finally:
        os.chdir(previous)
    extracted = _catalogue(copy)
    committed = _catalogue(ROOT / app)
    if extracted is None or not [entry for entry in extracted if entry.msgid]:
        return
    assert committed is not None, (
        f"{app} has translatable strings but no locale/id catalogue: run scripts/makemessages {app}"
    )

    translated = {entry.msgid for entry in committed if entry.translated() and "fuzzy" not in entry.flags}
    missing = sorted(entry.msgid for entry in extracted if entry.msgid not in translated)
    assert missing == [], f"{app}: untranslated strings (run scripts/makemessages {app} and fill them in)"
