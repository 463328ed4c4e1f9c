"""WSGI entry point for SIMPOR (gunicorn simpor.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpor.settings")
application = get_wsgi_application()
