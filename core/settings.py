"""Tsunagu settings: everything comes from environment variables with safe embedded defaults.

Unset REDIS_URL / DATABASE_URL give the embedded shape (SQLite, in-memory channel layer, eager
Celery); setting them switches to PostgreSQL, the Redis channel layer and a real broker.
A bad value fails loudly at start-up rather than at the first request.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean variable; anything but 1/0, true/false, yes/no, on/off stops the start-up."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false)")
    return value in _TRUE


DEBUG = env_bool("DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-tsunagu-development-only-never-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "/ DEBUG=0 のときは SECRET_KEY を設定してください。"
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # daphne first so that `runserver` serves ASGI (HTTP + WebSocket).
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_celery_beat",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "allauth",
    "allauth.account",
    "core",
    "profiles",
    "matching",
    "matching.introductions",
    "events",
    "frontend",
    "frontend.console",
]

MIDDLEWARE = [
    "core.middleware.SlowRequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.input_guard.APIErrorsAsJSONMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.LanguageMiddleware",
    "core.uploads.UploadSizeMiddleware",
    "core.input_guard.ControlCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "core.urls"
WSGI_APPLICATION = "core.wsgi.application"
ASGI_APPLICATION = "core.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The site's templates win over the apps' own (allauth's layout is overridden there).
        "DIRS": [BASE_DIR / "frontend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# No ATOMIC_REQUESTS: each service function that writes is the one transaction of its request
# (README, "Transactions").
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, the eager tasks and a shell read while one writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
else:
    # Under ASGI every sync view runs on a thread of its own; a persistent connection per
    # thread (CONN_MAX_AGE > 0) piled up ~50 idle connections after a short burst. Instead each
    # process keeps one psycopg pool: at most DB_POOL_MAX_SIZE connections, whatever the number
    # of threads (a request waits up to DB_POOL_TIMEOUT seconds for a free one). Size it so
    # that (web workers + Celery processes) x DB_POOL_MAX_SIZE stays under PostgreSQL's
    # max_connections (100 by default). DB_POOL=0 falls back to one connection per request.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # With the pool, health checks make it test a connection before handing it out: after a
    # database restart (every connection dropped) the next request gets a fresh one.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database host that does not answer at all fails a connection in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env.int("DB_CONNECT_TIMEOUT", default=5)
    )
    if env_bool("DB_POOL", default=True):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DB_POOL_MIN_SIZE", default=2),
            "max_size": env.int("DB_POOL_MAX_SIZE", default=8),
            "timeout": env.float("DB_POOL_TIMEOUT", default=30.0),
            "max_idle": 300.0,
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

# --- Redis: cache, channel layer, Celery ------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Parallel test workers share one Redis: a per-worker prefix keeps their groups apart.
_REDIS_PREFIX = "tsunagu" + os.environ.get("PYTEST_XDIST_WORKER", "")

if REDIS_URL:
    CACHES = {
        "default": {
            # Falls back to a per-process memory cache while Redis is down (core/cache.py).
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": _REDIS_PREFIX,
            # A dead host must not hold a request for long: the fallback answers instead.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 defaults socket_timeout to 5 s, which kills idle WebSockets.
                "hosts": [{"address": REDIS_URL, "socket_timeout": None}],
                "prefix": "asgi" + _REDIS_PREFIX,
            },
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "Asia/Tokyo"
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# A task is acknowledged when it finished, not when it started: a worker that dies mid-task
# (SIGKILL, out of memory, the machine restarting) leaves it on the broker and another worker
# runs it again. Every task is idempotent for that reason (see SECURITY.md, "Faults").
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# On Redis an unacknowledged task goes back to the queue after the visibility timeout. It must
# be longer than the longest task may run (rebuild_suggestions: one hour), or a slow task would
# be started a second time while the first still runs.
BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": BROKER_VISIBILITY_TIMEOUT}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A send after commit gives up quickly when Redis is down: the outbox keeps the message.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# The matcher's debounce (matching.scheduling): a refresh runs this many seconds after the first
# change of a burst; reverse alerts go out in batches this many seconds apart.
MATCHING_REFRESH_DELAY = env.int("MATCHING_REFRESH_DELAY", default=30)
MATCHING_ALERT_WINDOW = env.int("MATCHING_ALERT_WINDOW", default=300)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Each app adds its periodic tasks here; beat syncs them into its database schedule.
CELERY_BEAT_SCHEDULE: dict = {
    "core-heartbeat": {"task": "core.tasks.heartbeat", "schedule": crontab(minute="*/30")},
    "core-drain-outbox": {"task": "core.tasks.drain_outbox", "schedule": crontab(minute="*")},
    "profiles-expire-listings": {
        "task": "profiles.tasks.expire_listings",
        "schedule": crontab(hour=0, minute=10),
    },
    "profiles-flag-stale-profiles": {
        "task": "profiles.tasks.flag_stale_profiles",
        "schedule": crontab(hour=9, minute=0),
    },
    "profiles-fail-abandoned-imports": {
        "task": "profiles.tasks.fail_abandoned_imports",
        "schedule": crontab(minute="*/15"),
    },
    "events-reminders": {
        "task": "events.tasks.send_due_reminders",
        "schedule": crontab(minute="*/10"),
    },
    "core-weekly-digest": {
        "task": "core.tasks.send_weekly_digests",
        "schedule": crontab(minute=0, hour=8, day_of_week="mon"),
    },
    "introductions-remind-and-expire": {
        "task": "introductions.tasks.remind_and_expire",
        "schedule": crontab(minute=30, hour=7),
    },
    # Alerts go out a few minutes after something is published (queued on commit); this sweep
    # sends what a lost task left in the queue.
    "matching-alerts-sweep": {
        "task": "matching.tasks.send_listing_alerts",
        "schedule": crontab(minute="*/15"),
    },
    "matching-nightly-rebuild": {
        "task": "matching.tasks.rebuild_suggestions",
        "schedule": crontab(hour=3, minute=15),
    },
    # A safety net: alerts queued while the debounce key was lost still go out.
    "matching-listing-alerts": {
        "task": "matching.tasks.send_listing_alerts",
        "schedule": crontab(minute="*/15"),
    },
}

# --- Auth and accounts ------------------------------------------------------------------------
AUTH_USER_MODEL = "profiles.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "core.auth_backends.RulesAreFinal",  # a rule's "no" is final (core/auth_backends.py)
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SITE_ID = 1
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "frontend.profiles.signup.SignupForm"
# Brute-force protection: allauth counts failed logins per IP and per account (in the cache,
# which is Redis when REDIS_URL is set, so every web process shares the count).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE", default="10/m/ip,5/5m/key"),
}
# The subject carries 「[つなぐ]」 or "[Tsunagu]" in the reader's language (profiles.adapter).
ACCOUNT_ADAPTER = "profiles.adapter.AccountAdapter"

# --- Email ------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tsunagu <noreply@tsunagu.example>")

# --- I18N -------------------------------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an API client with a bad token gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "core.errors.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["core.api_filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/min"),
        "user": env.str("API_USER_RATE", default="600/min"),
    },
    "EXCEPTION_HANDLER": "core.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tsunagu API",
    "DESCRIPTION": "つなぐ — 仙台の協働まちづくりのためのマッチング API / matchmaking API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.openapi.add_error_responses",
    ],
}
# profiles: one schema name per choice set shared by several serializers.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "OrganizationKindEnum": "profiles.models.OrganizationKind",
        "ListingKindEnum": "profiles.models.ListingKind",
        "ModerationStatusEnum": "profiles.models.ModerationStatus",
        "ListingStatusEnum": "profiles.models.ListingStatus",
        "MembershipRoleEnum": "profiles.models.MembershipRole",
    }
)

# --- Security (production shape) ------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag instead
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts, styles, images and connections only from this
# site. No page has an inline script or style attribute; the schema.org JSON-LD is a data
# block (application/ld+json), which browsers never execute. 'self' covers the same-origin
# WebSocket (ws:/wss:) in current browsers. The Swagger UI page adds its one inline <style>.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# /healthz is probed over plain HTTP by the load balancer and compose healthchecks.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# `make loadtest` only: a constant DRF endpoint at /api/v1/bench/bare/ as the throughput baseline.
BENCH_BARE_ENDPOINT = env_bool("BENCH_BARE_ENDPOINT", default=False)

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Every uploaded file has a cap, enforced while it arrives (core/uploads.py): the logo 2 MB,
# the register files IMPORT_MAX_MB (default 50); any other file field 2 MB. A request larger
# than the largest cap (plus 1 MB of form fields) is refused before it is read.
IMPORT_MAX_MB = env.int("IMPORT_MAX_MB", default=50)
UPLOAD_DEFAULT_CAP = 2 * 1024 * 1024
UPLOAD_CAPS = {
    "logo": 2 * 1024 * 1024,
    "organizations": IMPORT_MAX_MB * 1024 * 1024,
    "listings": IMPORT_MAX_MB * 1024 * 1024,
}
UPLOAD_MAX_REQUEST_BYTES = max(UPLOAD_DEFAULT_CAP, *UPLOAD_CAPS.values()) + 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# A request slower than this is logged as a warning with its path (0 turns the log off).
SLOW_REQUEST_SECONDS = env.float("SLOW_REQUEST_SECONDS", default=2.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Daphne's access log has its own handler: one line per request, not two.
        "django.channels.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Eager tasks (no REDIS_URL) would log a line per task into the dev server's output.
        "celery.app.trace": {"level": "WARNING" if not REDIS_URL else "INFO"},
    },
}
