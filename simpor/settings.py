"""SIMPOR settings, read from the environment.

SIMPOR_ENV chooses the profile:
- ``production`` (default): needs SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS; DEBUG is off.
- ``demo``: SQLite in var/demo.sqlite3, DEBUG on, demo accounts may be seeded.
- ``test``: fast settings for pytest; DATABASE_URL picks PostgreSQL, otherwise SQLite.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
SIMPOR_ENV = env.str("SIMPOR_ENV", default="production")
if SIMPOR_ENV not in {"production", "demo", "test"}:
    raise environ.ImproperlyConfigured(f"SIMPOR_ENV={SIMPOR_ENV!r} is invalid: use production, demo or test.")
IS_PRODUCTION = SIMPOR_ENV == "production"

# Demo accounts with published passwords may only ever be created in a demo database.
SIMPOR_DEMO = SIMPOR_ENV == "demo"

DEBUG = env.bool("DEBUG", default=SIMPOR_ENV == "demo")
if IS_PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default=f"insecure-{SIMPOR_ENV}-key-never-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The kabupaten this deployment serves, as a Kemendagri code (19.06 is Belitung Timur).
SIMPOR_REGENCY_CODE = env.str("SIMPOR_REGENCY_CODE", default="19.06")
SIMPOR_REGENCY_LOGO = env.str("SIMPOR_REGENCY_LOGO", default="")
# Name and logo on printed reports and certificates: the name defaults to the region's ("Kabupaten Belitung
# Timur"), and the logo is a path to a PNG, JPEG or SVG file readable by the server (empty: no logo).
SIMPOR_REGENCY_NAME = env.str("SIMPOR_REGENCY_NAME", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "regions",
    "agencies",
    "accounts",
    "audit",
    "projects",
    "evidence",
    "monitoring",
    "imports",
    "dashboard",
    "portal",
    "api",
    "earlywarning",
    "reports",
    "bbo",
    "citizen",
    "opendata",
    "notifications",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "simpor.urls"
WSGI_APPLICATION = "simpor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.simpor",
            ],
        },
    },
]

if SIMPOR_ENV == "demo":
    default_database = f"sqlite:///{BASE_DIR / 'var' / 'demo.sqlite3'}"
elif SIMPOR_ENV == "test":
    default_database = f"sqlite:///{BASE_DIR / 'var' / 'test.sqlite3'}"
else:
    default_database = None
DATABASES = {"default": env.db("DATABASE_URL", default=default_database)}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Indonesian first; English is selectable. Source strings are English, every one has an Indonesian
# translation in the app's locale/id catalogue (a test fails on a missing one).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS: list = []
FORMAT_MODULE_PATH = ["simpor.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if SIMPOR_ENV == "test"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: photos larger than this are rejected with a message naming the limit.
SIMPOR_MAX_PHOTO_BYTES = env.int("SIMPOR_MAX_PHOTO_BYTES", default=15 * 1024 * 1024)
SIMPOR_MAX_PHOTO_PIXELS = env.int("SIMPOR_MAX_PHOTO_PIXELS", default=60_000_000)
SIMPOR_MAX_PHOTOS_PER_REPORT = env.int("SIMPOR_MAX_PHOTOS_PER_REPORT", default=10)
SIMPOR_MAX_IMPORT_BYTES = env.int("SIMPOR_MAX_IMPORT_BYTES", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Early-warning thresholds over the regulation's defaults (earlywarning.rules.Thresholds), for example
# {"discrepancy_margin": 10, "stale_after_days": 14, "paid_ahead_margin": 10}.
SIMPOR_EARLY_WARNING = env.json("SIMPOR_EARLY_WARNING", default={})
# Evidence checks over the defaults in evidence/checks.py, for example
# {"radius_m": 500, "reuse_max_distance": 10, "reuse_trimmed_max_distance": 6, "visit_tolerance_days": 0,
# "clock_skew_minutes": 10}.
SIMPOR_EVIDENCE = env.json("SIMPOR_EVIDENCE", default={})

# Days an OPD has to follow up a finding, by severity, e.g. {"high": 7, "medium": 14, "low": 30}; each finding keeps
# the due date it got when raised. An overdue finding goes to the OPD head on its first overdue day and to the
# leaders this many days later.
SIMPOR_FINDING_DUE_DAYS = env.json("SIMPOR_FINDING_DUE_DAYS", default={"high": 7, "medium": 14, "low": 30})
SIMPOR_FINDING_ESCALATE_LEADERS_AFTER_DAYS = env.int("SIMPOR_FINDING_ESCALATE_LEADERS_AFTER_DAYS", default=7)
# The address users open SIMPOR at, for links in e-mails (no trailing slash).
SIMPOR_BASE_URL = env.str("SIMPOR_BASE_URL", default="http://127.0.0.1:8000")

# Cache: local memory per process unless CACHE_URL names a shared one. Production with several server processes
# needs a shared cache (redis://127.0.0.1:6379/1 or dbcache://simpor_cache), or the public pages' invalidation and
# the citizen-report rate limits hold per process only.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# Public pages and API answers are cached under a version bumped on every change; this is the backstop timeout.
SIMPOR_PUBLIC_CACHE_SECONDS = env.int("SIMPOR_PUBLIC_CACHE_SECONDS", default=600)
# The request header with the client's address when a reverse proxy sits in front, e.g. HTTP_X_REAL_IP.
SIMPOR_CLIENT_IP_HEADER = env.str("SIMPOR_CLIENT_IP_HEADER", default="")

# Citizen reports (laporan warga): limits against abuse and the OPD that answers each category by short name.
SIMPOR_CITIZEN = {
    "max_description": 2000,
    "max_photos": 3,
    "max_photo_bytes": 8 * 1024 * 1024,
    "min_fill_seconds": 3,
    "max_fill_seconds": 6 * 3600,
    "per_address_per_hour": 10,
    "per_session_per_hour": 5,
    "tracking_per_address_per_minute": 30,
    "category_agencies": {
        "street_light": "Dinas Perhubungan",
        "drainage": "Dinas PUPR",
        "road": "Dinas PUPR",
        "bridge": "Dinas PUPR",
        "public_building": "Dinas Perkim",
    },
    **env.json("SIMPOR_CITIZEN", default={}),
}

# Open data: the licence stated on the portal and in every export, and the OC4IDS project id prefix.
SIMPOR_DATA_LICENCE = {
    "name": env.str("SIMPOR_DATA_LICENCE_NAME", default="Creative Commons Attribution 4.0 International (CC BY 4.0)"),
    "url": env.str("SIMPOR_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"),
}
SIMPOR_OC4IDS_PREFIX = env.str("SIMPOR_OC4IDS_PREFIX", default="oc4ids-simpor1906-")
SIMPOR_PUBLISHER = env.str("SIMPOR_PUBLISHER", default="Pemerintah Kabupaten Belitung Timur")
# The API's OC4IDS endpoint returns at most this many projects; /data/proyek-oc4ids.json streams any number.
SIMPOR_API_OC4IDS_LIMIT = env.int("SIMPOR_API_OC4IDS_LIMIT", default=500)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SIMPOR API",
    "DESCRIPTION": (
        "Public, read-only data of SIMPOR: projects with their progress and findings, headline figures, published "
        "citizen reports, agencies, the region tree and OC4IDS packages. Open data under the licence stated at /data/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "projects.models.ProjectStatus.choices",
        "CitizenReportStatusEnum": "citizen.models.Status.choices",
        "AmendmentKindEnum": "projects.models.AmendmentKind.choices",
        "RegionKindEnum": "regions.models.REGION_KIND_CHOICES",
    },
}

MAILERS = {
    "default": {
        "BACKEND": env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"),
        "OPTIONS": {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SIMPOR <simpor@localhost>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_SECURE = IS_PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

if SIMPOR_ENV == "test":
    WHITENOISE_USE_FINDERS = True
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media")))
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools log every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
