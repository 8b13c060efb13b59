"""Django settings for duban, read from the environment (see docs/configuration.md)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from duban.config import database_from_url, env_bool, env_int, env_list, trusted_proxy

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DUBAN_DATA_DIR", "var")).resolve()

# The built-in key lets `duban demo` run with no set-up; `duban serve` refuses it.
BUILTIN_SECRET_KEY = "duban-builtin-insecure-key-for-demo-and-tests-only"
SECRET_KEY = os.environ.get("SECRET_KEY", BUILTIN_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "duban.core",
    "duban.inspections",
    "duban.rectification",
    "duban.verification",
    "duban.supervision",
    "duban.accountability",
    "duban.complaints",
    "duban.reports",
    "duban.generate",
]

MIDDLEWARE = [
    "duban.middleware.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "duban.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "duban.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "duban.middleware.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "duban.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "duban.urls"
WSGI_APPLICATION = "duban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duban.core.context_processors.navigation",
            ],
        },
    }
]

# PostgreSQL cancels a statement running longer than this (0: never): 30 s for web requests;
# the `duban` command's jobs use DUBAN_JOB_STATEMENT_TIMEOUT_MS instead (docs/operations.md).
try:
    STATEMENT_TIMEOUT_MS = env_int(
        "DUBAN_STATEMENT_TIMEOUT_MS", default=30_000, low=0, high=24 * 3600 * 1000
    )
    # The largest request body `duban serve` takes: waitress answers 413 above it before
    # Django reads a byte. Five attachments at their 20 MB limit (core.attachments).
    MAX_REQUEST_BYTES = env_int(
        "DUBAN_MAX_REQUEST_BYTES", default=100 * 1024 * 1024, low=1024 * 1024, high=1024**4
    )
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error
try:
    DATABASES = {
        "default": database_from_url(
            os.environ.get("DATABASE_URL", ""),
            sqlite_default=DATA_DIR / "duban.sqlite3",
            statement_timeout_ms=STATEMENT_TIMEOUT_MS,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL: {error}") from error

# A PostgreSQL streaming replica for read-only statistics and exports (docs/deploy.md): the
# router sends a marked view's reads there unless its session's last write is not replayed.
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    try:
        DATABASES["replica"] = database_from_url(
            os.environ["DATABASE_REPLICA_URL"],
            sqlite_default=DATA_DIR / "duban.sqlite3",
            statement_timeout_ms=STATEMENT_TIMEOUT_MS,
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL: {error}") from error
    if any("postgresql" not in DATABASES[alias]["ENGINE"] for alias in ("default", "replica")):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL: a replica needs PostgreSQL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests read the one test database
    DATABASE_ROUTERS = ["duban.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (docs/queue.md): django-tasks with its database backend (django-tasks-db),
# run by `duban worker`. A task and the Job row it serves are written in one transaction.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
try:
    # A running job beats every lease/3 seconds; one silent for a whole lease is re-queued.
    DUBAN_JOB_LEASE_SECONDS = env_int("DUBAN_JOB_LEASE_SECONDS", default=30, low=1, high=3600)
    # A pause after each progress step (0: none), to watch progress in a demo or a test.
    DUBAN_JOB_STEP_DELAY_MS = env_int("DUBAN_JOB_STEP_DELAY_MS", default=0, low=0, high=60_000)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "duban.core.passwords.MinimumLengthValidator"},  # worded in Chinese
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout for 15 minutes: five failures for one username from one address lock that pair;
# thirty from one address, whatever the usernames, lock the address (0: no address limit).
AXES_FAILURE_LIMIT = int(os.environ.get("DUBAN_LOGIN_FAILURE_LIMIT", "5"))
DUBAN_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DUBAN_LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
AXES_HANDLER = "duban.core.lockout.AddressLimitHandler"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# API tokens (docs/api.md): their default lifetime in days (`duban token create --days N`
# overrides it), and how many unknown bearer tokens one address may send in ten minutes
# before every bearer request from it is answered 429 until the ten minutes are over.
try:
    DUBAN_TOKEN_DAYS = env_int("DUBAN_TOKEN_DAYS", default=90, low=1, high=3650)
    DUBAN_TOKEN_FAILURE_LIMIT = env_int("DUBAN_TOKEN_FAILURE_LIMIT", default=20, low=1, high=10000)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error

# The failed-token counters live here. Local memory is shared by the threads of one process,
# which is what `duban serve` runs (one waitress process); with several processes each keeps
# its own count, so the limit holds per process. The database cache would share it, at the
# price of a table to create and a write per failure.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# HTTPS deployments set DUBAN_HTTPS=1: secure cookies, HSTS and redirect to https.
HTTPS = env_bool("DUBAN_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
# A load balancer's health check may come over plain http from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
# `duban serve` has waitress take the scheme and client address from the X-Forwarded-* headers
# of this proxy alone and drop them from anyone else, so Django needs no SECURE_PROXY_SSL_HEADER
# (which would believe the header from any peer) and REMOTE_ADDR, which axes locks out by, is
# the real client's.
try:
    TRUSTED_PROXY = trusted_proxy(os.environ.get("DUBAN_TRUSTED_PROXY"), https=HTTPS)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_SAMESITE = "Lax"
# Answers JSON under /api/, Django's page elsewhere.
CSRF_FAILURE_VIEW = "duban.core.web.api_errors.csrf_failure"
# The largest request body read into memory: a JSON body, or a form's fields without its files
# (files follow FILE_UPLOAD_* and each form's own limit). The largest legitimate body, an input
# with a 20,000-character text sent as \uXXXX escapes, is about 120 KB; above 1 MiB the API
# answers 413 `request_too_large` (docs/api.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Bootstrap and Swagger UI set style attributes from their scripts.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# WhiteNoise serves from the finders; STATIC_ROOT matters only to `collectstatic`.
STATIC_ROOT = os.environ.get("DUBAN_STATIC_ROOT") or None
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Uploaded files above this wait in temporary files, not in memory (Django's default, said).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DUBAN_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            # A file system store whose files are written whole or not at all.
            "DUBAN_MEDIA_STORAGE",
            "duban.core.storage.AtomicFileSystemStorage",
        )
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the finders so `duban demo` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "duban@localhost")

# Escalation periods in days (docs/supervision.md); only those set in the environment are
# defined here, the rest keep the defaults in supervision.services, which validates them all
# (and refuses the retired DUBAN_LISTED_REPLY_DAYS, so a deployment still setting it learns).
for _escalation in (
    "DUBAN_REMINDER_AFTER_OVERDUE_DAYS",
    "DUBAN_REMINDER_REPLY_DAYS",
    "DUBAN_NOTICE_REPLY_DAYS",
    "DUBAN_LISTED_REPLY_DAYS",
):
    if _escalation in os.environ:
        globals()[_escalation] = os.environ[_escalation]

# Close-out periods in working days (docs/rectification.md): the public notice (公示) and the
# higher office's review of a filing (备案). Unset: the defaults in rectification.rules.
for _period in ("DUBAN_PUBLICITY_WORKING_DAYS", "DUBAN_FILING_REVIEW_WORKING_DAYS"):
    if _period in os.environ:
        globals()[_period] = int(os.environ[_period])

# Complaints (docs/complaints.md): the keys that encrypt complainants' identities, newest
# first ("id:base64-32-byte-key,..."; unset: a key derived from SECRET_KEY, for the demo and
# tests only — `duban check --deploy` refuses it), and the window in which a complaint about
# the same firm or address is a repeat.
DUBAN_COMPLAINT_KEYS = os.environ.get("DUBAN_COMPLAINT_KEYS", "")
DUBAN_COMPLAINT_REPEAT_DAYS = env_int("DUBAN_COMPLAINT_REPEAT_DAYS", default=90, low=1, high=3650)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
