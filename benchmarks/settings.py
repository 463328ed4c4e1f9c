"""Settings of the portal benchmark: SIMPOR's production profile plus one trivial view to compare against.

benchmarks/portal_load.py sets SIMPOR_ENV=production, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL before Django
loads this module.
"""

from simpor.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
# The static files are not part of the measurement, so they need no collectstatic manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
