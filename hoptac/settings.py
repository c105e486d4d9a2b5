"""Django settings; everything a deployment changes comes from HOPTAC_* environment variables."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("HOPTAC_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("HOPTAC_SECRET_KEY")
    if key:
        return key
    # A laptop install keeps a generated key beside its database, so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    try:
        if path.exists():
            return path.read_text().strip()
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key
    except OSError:
        return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
DEBUG = _env_bool("HOPTAC_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("HOPTAC_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("HOPTAC_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "ninja",
    "simple_history",
    "axes",
    "hoptac.core",
    "hoptac.places",
    "hoptac.people",
    "hoptac.sources",
    "hoptac.agreements",
    "hoptac.activities",
    "hoptac.figures",
    "hoptac.summaries",
    "hoptac.rounds",
    "hoptac.reports",
    "hoptac.accounts",
    "hoptac.inbox",
    "hoptac.web",
    "huey.contrib.djhuey",
    "hoptac.tasks",
    "hoptac.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hoptac.core.middleware.BodyLimitMiddleware",
    "hoptac.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "hoptac.accounts.middleware.SignInRequiredMiddleware",
    "hoptac.accounts.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hoptac.urls"
WSGI_APPLICATION = "hoptac.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hoptac.notifications.context.unread",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    # Tests may point at a PostgreSQL server of their own without touching the real database.
    url = os.environ.get("HOPTAC_TEST_DATABASE_URL") if os.environ.get("HOPTAC_TESTING") else None
    url = url or os.environ.get("HOPTAC_DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'hoptac.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("HOPTAC_DB_CONN_MAX_AGE", "60")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
        # The test database in a file, not in memory: Django shares one in-memory connection between the
        # live server's request threads, and two requests at once (a form and a picker's search) then
        # interleave on it and fail now and then. A file gives each thread its own connection and the
        # locking above.
        config["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    elif os.environ.get("HOPTAC_STATEMENT_TIMEOUT_MS"):
        # App servers set this (deploy/gunicorn.conf.py): a request the worker gave up on must not leave
        # its query running in PostgreSQL. Commands (imports, migrations, synth) run without a limit.
        timeout = int(os.environ["HOPTAC_STATEMENT_TIMEOUT_MS"])
        config.setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={timeout}"
    config["ATOMIC_REQUESTS"] = True
    return dict(config)


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for new and changed passwords; the others only verify older hashes and are upgraded on sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes first: it refuses a locked-out user+address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "hoptac.accounts.auth.ThrottledSignIn",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("HOPTAC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("HOPTAC_LOGIN_LOCKOUT_MINUTES", "15")))
# Locked per (account, client address): failures from one address never lock the account elsewhere,
# so nobody can lock the administrator out. Behind a reverse proxy the address is the client's, read
# from X-Forwarded-For only when the connection comes from one of these (addresses or networks).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
HOPTAC_TRUSTED_PROXIES = [
    a.strip() for a in os.environ.get("HOPTAC_TRUSTED_PROXIES", "").split(",") if a.strip()
]
AXES_CLIENT_IP_CALLABLE = "hoptac.accounts.auth.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hoptac.accounts.auth.lockout_response"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# After a change, recompute recently shown dashboards and calendars in a background thread (core.freshness);
# tests say "off" so computations run only where a test asks, "inline" to refresh before the commit returns,
# "queue" to hand the refresh to the task queue (any worker process; the default with a shared Redis).
HOPTAC_CACHE_REFRESH = os.environ.get(
    "HOPTAC_CACHE_REFRESH",
    "off"
    if os.environ.get("HOPTAC_TESTING")
    else ("queue" if os.environ.get("HOPTAC_REDIS_URL") else "thread"),
)

# Shared cache and task queue. With HOPTAC_REDIS_URL (production, several app servers) both live in
# Redis, so every app process and worker sees the same cached pages and the same queue; without it a
# laptop keeps the cache in process memory and the queue in a SQLite file beside its database.
REDIS_URL = os.environ.get("HOPTAC_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("HOPTAC_CACHE_PREFIX", ""),  # tests share one Redis
        },
    }
# Tests run tasks at once, in the caller (HOPTAC_QUEUE_IMMEDIATE=0 to use the real queue).
QUEUE_IMMEDIATE = _env_bool("HOPTAC_QUEUE_IMMEDIATE", bool(os.environ.get("HOPTAC_TESTING")))
HUEY: dict[str, Any] = {
    "name": os.environ.get("HOPTAC_QUEUE_NAME", "hoptac"),
    "immediate": QUEUE_IMMEDIATE,
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "connection": {"url": REDIS_URL} if REDIS_URL else {"filename": str(VAR_DIR / "queue.sqlite3")},
    "consumer": {"workers": int(os.environ.get("HOPTAC_WORKER_THREADS", "2")), "worker_type": "thread"},
    "utc": False,  # periodic tasks (the daily reminders) at local time (TIME_ZONE)
}

# Outgoing e-mail (reminders): SMTP with these settings; HOPTAC_EMAIL_BACKEND=console prints instead.
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}[os.environ.get("HOPTAC_EMAIL_BACKEND", "smtp")]
EMAIL_HOST = os.environ.get("HOPTAC_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("HOPTAC_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("HOPTAC_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("HOPTAC_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("HOPTAC_EMAIL_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("HOPTAC_EMAIL_FROM", "hoptac <hoptac@localhost>")
# Links in e-mails need the site's address (there is no request to take it from).
SITE_URL = os.environ.get("HOPTAC_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("HOPTAC_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("HOPTAC_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every start when it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("HOPTAC_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve app static files straight from the packages, so no collectstatic step is needed on a laptop.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("HOPTAC_SESSION_HOURS", "12")) * 3600
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("HOPTAC_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Every handler redacts API and feed tokens (a query string holds them whole); runserver's request
# log is Django's own, redefined here only to add the filter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Feed addresses and mistaken query strings carry token secrets: no log line shows one.
    "filters": {"redact_tokens": {"()": "hoptac.core.logs.RedactTokens"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_tokens"],
        },
    },
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # The worker says which tasks it runs (one line each), whatever the root level.
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("HOPTAC_LOG_LEVEL", "WARNING")},
}
