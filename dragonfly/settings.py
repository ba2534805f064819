"""Dragonfly settings, read from the environment.

Defaults give a working first run: SQLite in the project folder, tasks run in-process,
mail printed to the console. Production sets DEBUG=0 and the values below.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(int(default))).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


# DJANGO_ENV=production is what a deployment runs with: DEBUG off (and refused if turned on), a
# real secret, HTTPS only (below); `manage.py check --deploy` is clean with it (make security).
DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
if DJANGO_ENV not in {"development", "production"}:
    raise RuntimeError(f"DJANGO_ENV must be development or production, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise RuntimeError("DEBUG=1 is refused when DJANGO_ENV=production: it shows code and settings to visitors")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # nosec B105 # only with DEBUG=1
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise RuntimeError(
        "SECRET_KEY must be at least 50 random characters in production: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",  # first: `manage.py runserver` serves ASGI, WebSocket included (dragonfly/asgi.py)
    "dragonfly.core.apps.DragonflyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_htmx",
    "django_celery_beat",
    "axes",
    # TOTP two-factor for password users and its one-time recovery codes (dragonfly/accounts/two_factor.py)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "anymail",  # email providers' backends and their tracking and inbound webhooks (/hooks/email/)
    "dragonfly.tenancy",
    "dragonfly.activity",
    "dragonfly.files",
    "dragonfly.accounts",
    "dragonfly.notifications",
    "dragonfly.tokens",
    "dragonfly.core",
    "dragonfly.webhooks",
    "dragonfly.realtime",
    "dragonfly.broadcasts",
    "locations",
    "productions",
    "events",
    "people",
    "assets",
    "finance",
    "advancing",
    "dashboard",
    "search",
    "profiles",
    "jobs",
    "resources",
    "marketplace",
    "community",
    "reports",
    "mcp_server",
    "automations",
    "integrations",
    "daysheets",  # after the modules it reads (issue 22)
    "guests",  # guest lists, the door and accreditation (issue 22)
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dragonfly.core.middleware.ContentSecurityPolicyMiddleware",  # outermost but one: also on error pages
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "dragonfly.core.middleware.ApiNotFoundMiddleware",  # inside CommonMiddleware: its slash redirect still applies
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dragonfly.tenancy.middleware.CurrentWorkspaceMiddleware",
    "dragonfly.tenancy.middleware.UserTimezoneMiddleware",
    "dragonfly.tenancy.middleware.UserLanguageMiddleware",  # after auth: the profile's choice, else the browser's
    # Notes an opted-in organization's page views for analytics (a row; Celery sends them).
    "integrations.analytics.middleware.PageOpenedMiddleware",
    # An org admin whose organization requires two-factor sets it up before anything else
    "dragonfly.accounts.middleware.TwoFactorSetupMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "dragonfly.urls"
WSGI_APPLICATION = "dragonfly.wsgi.application"
ASGI_APPLICATION = "dragonfly.asgi.application"
# Apps served beside Django under ASGI (dragonfly/asgi.py): the MCP server at /mcp/ (token-authenticated).
ASGI_WRAPPERS = ["mcp_server.asgi.with_mcp"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dragonfly.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for the lock instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Several web processes on several machines (deploy/README.md). Connection pooling, one of:
# - DATABASE_POOL=1: psycopg's pool inside each process (Django opens at most
#   DATABASE_POOL_MAX connections per process and reuses them; persistent connections are off).
# - PGBOUNCER=1: PgBouncer in transaction mode in front of PostgreSQL; server-side cursors do not
#   survive a transaction there, so Django fetches `.iterator()` results client-side.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if env_bool("DATABASE_POOL"):
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
            "timeout": 10,
        }
    if env_bool("PGBOUNCER"):
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A read replica for reports and exports (optional): they read through `dragonfly.core.db_routers`
# inside `reading_for_reports()`; everything else, and every write, stays on the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests read the primary through the alias
DATABASE_ROUTERS = ["dragonfly.core.db_routers.ReportsReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking it
    "django.contrib.auth.backends.ModelBackend",
    "dragonfly.tenancy.backends.WorkspaceRoleBackend",
    "dragonfly.tenancy.backends.ObjectGrantBackend",
]
# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is refused for 15 minutes. Keyed on the pair so an attacker cannot lock a
# crew member out from elsewhere, and a shared venue network does not lock out everyone.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # only failed attempts are kept; successful logins write nothing

GUARDIAN_USER_OBJ_PERMS_MODEL = "tenancy.ObjectGrant"
ANONYMOUS_USER_NAME = None  # django-guardian: no anonymous user row
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# The issuer shown in authenticator apps beside a user's TOTP entry
OTP_TOTP_ISSUER = "Dragonfly"
# Seconds a password-checked sign-in may wait for its TOTP code, and wrong codes allowed meanwhile
TWO_FACTOR_PENDING_SECONDS = 300
TWO_FACTOR_MAX_ATTEMPTS = 5
LOGIN_REDIRECT_URL = "home"
# Anyone may sign up and start an organization (dev and demo); invite-only deployments set it to 0.
OPEN_SIGNUP = env_bool("DRAGONFLY_OPEN_SIGNUP", DEBUG)
EMAIL_VERIFICATION_MAX_AGE = int(os.environ.get("EMAIL_VERIFICATION_HOURS", "72")) * 3600  # seconds
INVITATION_EXPIRY_DAYS = int(os.environ.get("INVITATION_EXPIRY_DAYS", "7"))
LOGOUT_REDIRECT_URL = "login"

# Languages (README, "Languages"): English is the source, German the second; each person picks
# theirs in the profile (blank: the browser's Accept-Language). UserLanguageMiddleware activates it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# Off: templates print ids and quantities into URLs, data- attributes and input values with a plain
# {{ n }}, which a thousands separator would break; amounts read grouped through |money instead.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES: dict[str, dict[str, Any]] = {
    # Private attachments: never served directly, only through the permission-checked view.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# FILE_STORAGE=s3 keeps the ten buckets in an S3-compatible object store (README, "File storage"):
# private ones under their folder in AWS_STORAGE_BUCKET_NAME, opened through URLs signed for
# FILE_URL_SECONDS after the permission check; avatars and logos read directly (a public bucket, or
# the same one with a public-read policy on those folders). Unset: the local disk, as on a first run.
FILE_STORAGE = os.environ.get("FILE_STORAGE", "local").strip().lower() or "local"
FILE_URL_SECONDS = int(os.environ.get("FILE_URL_SECONDS", "60"))
FILE_STORAGE_ORIGINS: list[str] = []  # where pages may load pictures and media from (the CSP)
if FILE_STORAGE == "s3":
    _endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip()
    _bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    _public_bucket = os.environ.get("AWS_PUBLIC_BUCKET_NAME", "").strip() or _bucket
    _public_domain = os.environ.get("AWS_S3_PUBLIC_DOMAIN", "").strip()
    _region = os.environ.get("AWS_S3_REGION_NAME", "").strip()
    STORAGES["default"] = {
        "BACKEND": "dragonfly.files.storage.BucketStorage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": _endpoint or None,
            "region_name": _region or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID", "") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY", "") or None,
            # Another store's host names seldom carry the bucket: path-style URLs work everywhere.
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "path" if _endpoint else "") or None,
            "signature_version": "s3v4",  # X-Amz-Expires: a signed URL carries its own lifetime
            "querystring_expire": FILE_URL_SECONDS,
            "public_bucket_name": _public_bucket,
            "public_domain": _public_domain or None,
        },
    }
    if _endpoint:
        FILE_STORAGE_ORIGINS.append(_endpoint.split("/")[0] + "//" + _endpoint.split("/")[2])
    else:
        for _name in {_bucket, _public_bucket} - {""}:
            FILE_STORAGE_ORIGINS.append(f"https://{_name}.s3.amazonaws.com")
            if _region:
                FILE_STORAGE_ORIGINS.append(f"https://{_name}.s3.{_region}.amazonaws.com")
    if _public_domain:
        FILE_STORAGE_ORIGINS.append(f"https://{_public_domain}")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Mail (README, "Email"): EMAIL_PROVIDER picks the backend; a provider missing its key or host stops
# `manage.py check` (and so runserver, migrate and the deploy check) with a message naming the
# variable: dragonfly/notifications/checks.py. Console, the first run's default, needs nothing.
# EMAIL_BACKEND, when set, still wins (the fault tests' mailbox, the load test's locmem).
EMAIL_PROVIDER = os.environ.get("EMAIL_PROVIDER", "console").strip().lower()
EMAIL_PROVIDER_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "sendgrid": "anymail.backends.sendgrid.EmailBackend",
    "resend": "anymail.backends.resend.EmailBackend",
    "postmark": "anymail.backends.postmark.EmailBackend",
    "amazon_ses": "anymail.backends.amazon_ses.EmailBackend",
}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or EMAIL_PROVIDER_BACKENDS.get(
    EMAIL_PROVIDER, EMAIL_PROVIDER_BACKENDS["console"]
)
# A mail server or provider that hangs must not hold a worker for the task's whole time limit.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "15"))
ANYMAIL: dict[str, object] = {
    key: value
    for key, value in {
        "SENDGRID_API_KEY": os.environ.get("SENDGRID_API_KEY", ""),
        "RESEND_API_KEY": os.environ.get("RESEND_API_KEY", ""),
        "RESEND_SIGNING_SECRET": os.environ.get("RESEND_SIGNING_SECRET", ""),
        "POSTMARK_SERVER_TOKEN": os.environ.get("POSTMARK_SERVER_TOKEN", ""),
        # "user:password" the provider's webhook URLs carry (basic auth); empty: /hooks/email/ answers 404.
        "WEBHOOK_SECRET": os.environ.get("ANYMAIL_WEBHOOK_SECRET", ""),
    }.items()
    if value
}
ANYMAIL["REQUESTS_TIMEOUT"] = EMAIL_TIMEOUT
if os.environ.get("AWS_REGION"):  # Amazon SES: credentials come from boto3's usual places (env, role)
    ANYMAIL["AMAZON_SES_CLIENT_PARAMS"] = {"region_name": os.environ["AWS_REGION"]}
# Replies to notification emails come back to reply+<signed token>@EMAIL_INBOUND_DOMAIN (the provider's
# inbound route posts them to /hooks/email/<provider>/inbound/); empty: no Reply-To, replies stay off.
EMAIL_INBOUND_DOMAIN = os.environ.get("EMAIL_INBOUND_DOMAIN", "").strip().lower()
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Dragonfly <noreply@dragonfly.local>")

# Celery: with no REDIS_URL tasks run eagerly in-process so nothing is lost on a first run.
REDIS_URL = os.environ.get("REDIS_URL", "")
# "localhost" named so kombu does not warn that no hostname was supplied on every command.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
# Delivery guarantees (README, "Running for real"). A message is acknowledged after its task ran
# (acks_late), and a task whose worker process died (OOM, kill -9) goes back on the queue
# (reject_on_worker_lost) instead of vanishing. Tasks are idempotent, so running one twice is safe.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits: a task stuck on a dead socket is interrupted (soft: SoftTimeLimitExceeded, so it can
# clean up) and then killed (hard), freeing its worker slot.
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "240"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "300"))
# Redis has no real acknowledgements: a message a worker took and never acked (the whole worker was
# killed) is redelivered after the visibility timeout. Redis' default is 1 hour; ours is 10 minutes,
# and must stay longer than the longest task's hard time limit above, or a task still running
# would be handed to a second worker. The restore sweep runs every ~60 s instead of every ~100 s.
# A publisher (a request's after-commit relay, a task's retry) facing an unreachable broker gives up
# after 3 quick tries (< 1 s; kombu's default waits ~6 s) and a 3 s connect timeout (none by
# default: a blackholed host would hang the request). Nothing is lost by giving up: notifications
# go through the outbox (dragonfly/notifications/outbox.py), which keeps the intent in the
# database and relays it until it lands. Workers reconnect on their own (broker_connection_retry).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600")),
    "unacked_restore_interval": 6,
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    "socket_connect_timeout": 3,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 3, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 4
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Default retries for transient errors (database or broker connection) live on the app's task
# class, dragonfly.celery.DragonflyTask: exponential back-off from 5 s to 5 min, jittered, 6 tries.
# Queues, so a slow kind of work never holds up another (deploy/README.md runs one worker per
# queue; `make worker` consumes them all): a thousand queued exports leave notifications alone.
# Routes go by task name, first match wins; anything unnamed here runs on `default`.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [Queue(name) for name in ("notifications", "default", "exports", "integrations")]
CELERY_TASK_ROUTES = {
    "dragonfly.notifications.tasks.*": {"queue": "notifications"},
    "*.tasks.notify_*": {"queue": "notifications"},
    "*.export_*": {"queue": "exports"},
    "*.report_*": {"queue": "exports"},
    "integrations.*": {"queue": "integrations"},
    "dragonfly.webhooks.tasks.*": {"queue": "integrations"},
}
CELERY_TIMEZONE = TIME_ZONE

# Outgoing webhooks (dragonfly/webhooks): a URL resolving to a private, loopback or link-local address
# is refused unless this is on (a receiver on the same host); an endpoint failing this many attempts
# in a row is turned off and its organization's admins are told.
WEBHOOKS_ALLOW_PRIVATE_URLS = env_bool("WEBHOOKS_ALLOW_PRIVATE_URLS", False)
WEBHOOKS_TIMEOUT = int(os.environ.get("WEBHOOKS_TIMEOUT", "10"))
WEBHOOKS_DISABLE_AFTER_FAILURES = int(os.environ.get("WEBHOOKS_DISABLE_AFTER_FAILURES", "15"))
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Beat's schedules (DESIGN.md, "Background work"): dragonfly/schedules.py.
from dragonfly import schedules  # noqa: E402

CELERY_BEAT_SCHEDULE = schedules.CELERY_BEAT_SCHEDULE

# The weekly clean-up (dragonfly/core/cleanup.py): read notifications older than this many days go,
# generated report files older than theirs, and stored files no row points to after a grace period
# (an upload still being saved has no row yet).
NOTIFICATION_RETENTION_DAYS = int(os.environ.get("NOTIFICATION_RETENTION_DAYS", "90"))
REPORT_FILE_RETENTION_DAYS = int(os.environ.get("REPORT_FILE_RETENTION_DAYS", "30"))
ORPHAN_UPLOAD_GRACE_HOURS = int(os.environ.get("ORPHAN_UPLOAD_GRACE_HOURS", "24"))
# A report export up to this many rows downloads at once; a larger one is built by a task (queue
# `exports`) while the page shows its progress.
REPORT_INLINE_EXPORT_ROWS = int(os.environ.get("REPORT_INLINE_EXPORT_ROWS", "2000"))

# Stateless web tier: with REDIS_URL the cache (throttle counts, the per-user figures of
# dragonfly.core.hot) is shared by every web process on every machine, and sessions are read from
# it with the database behind (`cached_db`, made to survive a Redis restart: dragonfly/core/sessions.py).
CACHES = (
    {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    if REDIS_URL
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)
SESSION_ENGINE = "dragonfly.core.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"

# Realtime (dragonfly/realtime): with REDIS_URL every web process, on every machine, shares Redis,
# so an event committed in one process reaches sockets held by the others; without it the in-memory
# layer serves a single process (`make run`). The Redis layer is the pub/sub one: a group is one Redis
# channel each process subscribes to once and hands to its own sockets in memory. The list-based layer
# (channels_redis.core) queued a copy per process and woke every socket through its own receive lock,
# two tasks and a wait per socket per message: 30% of daphne's CPU at 400 sockets, and 438 → 290 ms
# of CPU per event with this one (bench/README.md, "Realtime delivery"). Pub/sub keeps nothing for a
# process that is not listening (a page reconnects and refetches); a socket's inbox holds what
# arrives while its last message is being checked, and the consumer caps its own send queue and the
# size of messages both ways. `capacity` caps the in-memory layer's inboxes.
_LAYER_LIMITS = {"capacity": 100, "expiry": 30}
# redis-py 8 gives every read a 5 s timeout by default, which tore down idle sockets with the list
# layer's blocking pop (django/channels_redis#422). Reads may take 15 s: a silent Redis is still noticed.
_LAYER_HOST = {"address": REDIS_URL, "socket_timeout": 15, "socket_keepalive": True}
CHANNEL_LAYERS = {
    "default": (
        {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer", "CONFIG": {"hosts": [_LAYER_HOST]}}
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": _LAYER_LIMITS}
    )
}
# The socket path pages connect to (dragonfly/realtime/routing.py); empty for a deployment that runs
# no ASGI process: pages then refresh their live parts on a timer (data-live-fallback) or on reload.
REALTIME_SOCKET = os.environ.get("REALTIME_SOCKET", "/ws/live/")
REALTIME_SEND_QUEUE = int(os.environ.get("REALTIME_SEND_QUEUE", "64"))  # messages waiting for one slow client
REALTIME_MAX_INCOMING = 4096  # bytes a client may send in one message
REALTIME_MAX_OUTGOING = 16384  # a larger push is replaced by "resync" (the page refetches)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First: its WWW-Authenticate makes a missing, expired or revoked token a 401 (dragonfly/tokens).
        "dragonfly.tokens.authentication.APITokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # orjson writes the same JSON as DRF's renderer, several times faster (dragonfly/core/renderers.py).
    "DEFAULT_RENDERER_CLASSES": [
        "dragonfly.core.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "dragonfly.core.pagination.Pagination",  # at most 200 rows a page
    "PAGE_SIZE": 50,
    "DEFAULT_PARSER_CLASSES": [  # bounded in size (API_MAX_BODY_BYTES) and JSON depth
        "dragonfly.core.parsers.JSONParser",
        "dragonfly.core.parsers.FormParser",
        "dragonfly.core.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["dragonfly.core.filters.FilterBackend"],  # builds a choice filter's rows only when used
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "dragonfly.core.api.exception_handler",
    # Per signed-in user and per API token (the default cache holds the counts: Redis when REDIS_URL is set).
    "DEFAULT_THROTTLE_CLASSES": [
        "dragonfly.core.api.AnonThrottle",
        "dragonfly.core.api.UserThrottle",
        "dragonfly.core.api.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "1000/min"),
        "user": os.environ.get("API_THROTTLE_USER", "1000/min"),
        "token": os.environ.get("API_THROTTLE_TOKEN", "1000/min"),
        # Anonymous form posts that create accounts, per client address (pages too: core.api.page_throttled).
        "signup": os.environ.get("SIGNUP_THROTTLE", "10/hour"),
        "accept": os.environ.get("ACCEPT_THROTTLE", "30/hour"),
    },
}
# Personal API tokens (django-rest-knox, hashed): our model with name, scopes and last use.
KNOX_TOKEN_MODEL = "tokens.APIToken"  # nosec B105 # a model name, not a secret
# knox's own migrations would create its unused default table (they predate its swappable model), and
# that table's key to auth_user stops the test runner's TRUNCATE on PostgreSQL: knox gets no migrations.
MIGRATION_MODULES = {"knox": None}
# The prefix marks a secret as ours (for secret scanners); it is no part of the secret.
REST_KNOX = {"TOKEN_PREFIX": "dfly_", "AUTH_HEADER_PREFIX": "Bearer", "TOKEN_TTL": None}  # nosec B105
# A JSON or form body larger than this is refused with a 413 (multipart uploads: DATA_UPLOAD_MAX_MEMORY_SIZE).
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(2_621_440)))
SPECTACULAR_SETTINGS = {
    "TITLE": "Dragonfly API",
    "DESCRIPTION": "Production management for live events.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "dragonfly.core.api.document_error_responses",  # the Error shape on every 400/403/404/409/429
    ],
    "ENUM_NAME_OVERRIDES": {
        "AdvanceStatusEnum": "advancing.models.AdvanceStatus",
        "CatalogCategoryEnum": "advancing.models.CATEGORY_CHOICES",
        "AdvanceDraftActionEnum": "advancing.api.serializers.DraftAction",
        "BudgetCategoryEnum": "finance.models.budgets.BUDGET_CATEGORY_CHOICES",
        "CompanyKindEnum": "finance.models.CompanyKind",
        # inline enums (InlineChoiceField) are matched by their values alone
        "CueStatusEnum": "events.models.CueStatus.values",
        "CertificationKindEnum": "people.models.CertificationKind",
        "ApplicationStatusEnum": "people.hiring_models.ApplicationStatus",
        "ProfileVisibilityEnum": "profiles.models.Visibility.values",
        "NotificationKindEnum": "dragonfly.accounts.api.views.KIND_CHOICES",
        "ResourceCategoryEnum": "resources.models.Category.values",
        "RateUnitEnum": "jobs.models.RateUnit.values",
    },
}

# Security: strict when DEBUG is off, so `check --deploy` is clean.
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # In-process tasks (no Redis: `make run`) would log a line per task run, burying the
        # demo logins `seed_demo` prints; failures still show.
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
    },
}

# Our ObjectGrantBackend replaces guardian's backend (it honours grant expiry), so
# guardian's reminder to hook its own backend does not apply.
# The spending index's INCLUDE columns are a PostgreSQL speed-up; SQLite (the default for `make
# run`) keeps a plain index and would otherwise print this warning on every command.
SILENCED_SYSTEM_CHECKS = ["guardian.W001", "models.W040"]

# Integrations (integrations/): the key their stored credentials are encrypted with (HKDF of this,
# else of SECRET_KEY: rotating SECRET_KEY without setting this makes stored credentials unreadable).
INTEGRATIONS_KEY = os.environ.get("INTEGRATIONS_KEY", "")
# Where the Stripe SDK sends its calls: blank for Stripe itself; a local stub in tests, or a
# self-hosted mock (stripe-mock). Not a per-organization setting: it is the deployment's.
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
# Where the Twilio SDK sends its calls (integrations/sms): blank for Twilio itself; a stub in tests.
TWILIO_API_BASE = os.environ.get("TWILIO_API_BASE", "")
# Seconds a provider call may take before it is given up (it runs in Celery, never in a page).
INTEGRATIONS_TIMEOUT = int(os.environ.get("INTEGRATIONS_TIMEOUT", "15"))
# Calendar sync (integrations/calendar): a calendar on a private or loopback address is refused
# (SSRF) unless this is on (a CalDAV server on the same host, tests); the host part of our UIDs.
CALDAV_ALLOW_PRIVATE_URLS = env_bool("CALDAV_ALLOW_PRIVATE_URLS", False)
CALDAV_UID_HOST = os.environ.get("CALDAV_UID_HOST", "dragonfly")
# Xero (integrations/accounting/xero.py): the deployment's OAuth2 app (developer.xero.com), and where
# its endpoints are: Xero itself unless set (a local stub in tests).
XERO_CLIENT_ID = os.environ.get("XERO_CLIENT_ID", "")
XERO_CLIENT_SECRET = os.environ.get("XERO_CLIENT_SECRET", "")
XERO_AUTHORIZE_URL = os.environ.get("XERO_AUTHORIZE_URL", "https://login.xero.com/identity/connect/authorize")
XERO_TOKEN_URL = os.environ.get("XERO_TOKEN_URL", "https://identity.xero.com/connect/token")
XERO_CONNECTIONS_URL = os.environ.get("XERO_CONNECTIONS_URL", "https://api.xero.com/connections")
XERO_API_BASE = os.environ.get("XERO_API_BASE", "https://api.xero.com/api.xro/2.0")
# CRM and analytics (integrations/crm, integrations/analytics): where the SDKs send their calls;
# blank for the provider itself (HubSpot's api.hubapi.com; PostHog's US cloud unless the admin
# gives their host; Mixpanel's api.mixpanel.com); a local stub in tests.
HUBSPOT_API_BASE = os.environ.get("HUBSPOT_API_BASE", "")
POSTHOG_HOST = os.environ.get("POSTHOG_HOST", "")
MIXPANEL_API_BASE = os.environ.get("MIXPANEL_API_BASE", "")
# The key of the analytics' user hash (HMAC); else derived from INTEGRATIONS_KEY or SECRET_KEY.
ANALYTICS_ID_KEY = os.environ.get("ANALYTICS_ID_KEY", "")
# QuickBooks Online (integrations/accounting/quickbooks.py): an Intuit app's keys; QUICKBOOKS_ENVIRONMENT
# "sandbox" points the API at Intuit's sandbox companies.
QUICKBOOKS_CLIENT_ID = os.environ.get("QUICKBOOKS_CLIENT_ID", "")
QUICKBOOKS_CLIENT_SECRET = os.environ.get("QUICKBOOKS_CLIENT_SECRET", "")
QUICKBOOKS_ENVIRONMENT = os.environ.get("QUICKBOOKS_ENVIRONMENT", "production")
QUICKBOOKS_AUTHORIZE_URL = os.environ.get("QUICKBOOKS_AUTHORIZE_URL", "https://appcenter.intuit.com/connect/oauth2")
QUICKBOOKS_TOKEN_URL = os.environ.get(
    "QUICKBOOKS_TOKEN_URL", "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
)
QUICKBOOKS_API_BASE = os.environ.get(
    "QUICKBOOKS_API_BASE",
    "https://sandbox-quickbooks.api.intuit.com/v3"
    if QUICKBOOKS_ENVIRONMENT == "sandbox"
    else "https://quickbooks.api.intuit.com/v3",
)
