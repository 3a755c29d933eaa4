"""Tearspace settings: everything comes from the environment, with safe embedded defaults.

Embedded default (no variables set): SQLite in WAL mode under DATA_DIR, in-memory channel layer,
database-backed task queue, media on the local disk. Scaled mode: set DATABASE_URL, REDIS_URL and
(optionally) the S3 media variables. `.env.example` documents every variable.
"""

import json
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from tearspace.core.datadir import make_private_dir, prepare_data_dir

BASE_DIR = Path(__file__).resolve().parent.parent

# A `.env` file beside manage.py (or the one ENV_FILE names) is read once, here, before any
# setting. Variables already in the environment win over the file.
ENV_FILE = Path(os.environ.get("ENV_FILE") or BASE_DIR / ".env")
load_dotenv(ENV_FILE, override=False)


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var")))
# Before anything is written: owner-only files from now on, and this process's own private
# temp folder (uploads spooled to disk land there, not in the shared system temp folder).
PRIVATE_TEMP_DIR = prepare_data_dir(DATA_DIR)
FILE_UPLOAD_TEMP_DIR = str(PRIVATE_TEMP_DIR)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700


def _local_secrets() -> dict[str, str]:
    """Create (once) and read the embedded mode's own secrets, so a restart keeps data readable."""
    path = DATA_DIR / "secrets.json"
    if not path.exists():
        fresh = {"secret_key": secrets.token_urlsafe(50), "encryption_key": secrets.token_hex(32)}
        path.write_text(json.dumps(fresh))
        path.chmod(0o600)
    loaded: dict[str, str] = json.loads(path.read_text())
    return loaded


DEBUG = env_bool("DEBUG", False)
_local = {} if env("SECRET_KEY") and env("FIELD_ENCRYPTION_KEYS") else _local_secrets()
SECRET_KEY = env("SECRET_KEY") or _local["secret_key"]
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
# Journal text is encrypted with keys derived from these (first = current; older ones still
# decrypt, so keys can be rotated; see docs/operations.md).
SALT_KEY = env_list("FIELD_ENCRYPTION_KEYS") or [_local["encryption_key"]]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "tearspace.accounts.views.csrf_failure"  # words shown back, own look
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "tearspace.accounts.apps.TearspaceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_countries",
    "ninja",  # serves the API docs page's scripts and styles from here, not from a CDN
    "tearspace.core",
    "tearspace.accounts",
    "tearspace.notifications",
    "tearspace.safety",
    "tearspace.journal",
    "tearspace.toolkit",
    "tearspace.circles",
    "tearspace.conversations",
    "tearspace.rooms",
    "tearspace.care",
    "tearspace.support",
]

MIDDLEWARE = [
    "tearspace.core.middleware.ApiErrorsAsJsonMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tearspace.core.middleware.RefuseUnstorableTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tearspace.accounts.middleware.SessionIdleTimeoutMiddleware",
    "tearspace.accounts.middleware.UserLocaleMiddleware",
    "tearspace.accounts.middleware.RequireStaffMFAMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tearspace.core.context_processors.shell",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES: dict[str, dict[str, Any]] = {
        "default": dict(
            dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
        )
    }
    # A database that does not answer fails the request in seconds instead of holding a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "tearspace.sqlite3",
            "OPTIONS": {
                # WAL lets the web server and the task worker read while one writes; IMMEDIATE
                # takes the write lock up front so concurrent writers wait instead of failing.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                    # Deleted rows are overwritten with zeros, not left in free pages.
                    " PRAGMA secure_delete=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Keep each thread's connection open between requests and socket frames: opening
            # one (and running the pragmas above) cost more than a chat message's own queries.
            "CONN_MAX_AGE": 600,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channels, cache, tasks -----------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env("REDIS_PREFIX", "tearspace")},
        }
    }
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "tearspace.lib.cache.PrefixedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("REDIS_PREFIX", "tearspace"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Rooms ----------------------------------------------------------------------------------
# How long before a scheduled session people who joined it get a reminder.
ROOM_REMINDER_MINUTES = int(env("ROOM_REMINDER_MINUTES", "15"))
# The largest clip a host (or the operator, for the library) may upload.
ROOM_CLIP_MAX_BYTES = int(env("ROOM_CLIP_MAX_BYTES", str(200 * 1024 * 1024)))

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_ADAPTER = "tearspace.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "tearspace.accounts.forms.SignupForm",
    "login": "tearspace.accounts.forms.LoginForm",
}
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# A signed-in browser that makes no request for this many seconds is signed out (OWASP ASVS
# 3.3.2); 0 turns it off. Sessions still end after SESSION_COOKIE_AGE (14 days) regardless.
SESSION_IDLE_TIMEOUT = int(env("SESSION_IDLE_TIMEOUT", str(30 * 60)))
# Failed logins are limited per source address only: a per-handle limit ("key") would let anyone
# lock anyone out. Guessing one account is paused by django-axes per handle and address together.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tearspace"

AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: a gentle 15-minute pause, not a permanent lock
# Pause a handle only for the address that guessed it (see docs/operations.md, Sign-in).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "tearspace.accounts.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("ja", _("Japanese")),
]
# The language `make run`'s demo content is written in, and its demo accounts read pages in.
DEMO_LANGUAGE = env("DEMO_LANGUAGE", "en")
if DEMO_LANGUAGE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        f"DEMO_LANGUAGE={DEMO_LANGUAGE!r} is not a language Tearspace offers; "
        f"use one of {', '.join(dict(LANGUAGES))}."
    )
# Tearspace's own catalogs (docs/i18n.md); `make setup` compiles them.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]  # one date style per language
USE_TZ = True
DEFAULT_COUNTRY = env("DEFAULT_COUNTRY", "US")

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = make_private_dir(Path(env("MEDIA_ROOT", str(DATA_DIR / "media"))))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if env("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "region_name": env("S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }

# --- Email ----------------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    # No mail server (the embedded default): mail, password-reset links included, goes to a
    # private outbox the operator can read (one file per message), never to the log.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(make_private_dir(DATA_DIR / "outbox"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Tearspace <no-reply@localhost>")

# --- Security -------------------------------------------------------------------------------
# Pages load nothing from any other origin: no CDN, no fonts, no analytics.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "media-src": [CSP.SELF, "blob:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Off in the embedded default (plain http on 127.0.0.1); production sets SECURE_COOKIES=1.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Login throttles are per source address, so behind a reverse proxy they must read the client's
# address from X-Forwarded-For (the proxy's own would pause everyone at once).
TRUSTED_PROXY_COUNT = int(
    env("TRUSTED_PROXY_COUNT", "1" if env_bool("BEHIND_PROXY", False) else "0")
)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.channels.server": {"level": "WARNING"},
        # Routine lines (the login-lockout library's start-up) stay out of the log; its
        # lockouts and every error still show. The task worker's own lines: worker.py.
        "axes": {"level": "WARNING"},
        # A page someone asked for that is missing or refused (4xx) is their business, not
        # the operator's: only server errors are logged.
        "django.request": {"level": "ERROR"},
    },
}
