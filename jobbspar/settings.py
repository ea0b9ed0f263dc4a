"""Settings for Jobbspår: one module, everything from the environment (see .env.example).

Production (DEBUG unset or false) refuses to start without SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL and REDIS_URL. Development (`DEBUG=true`, set by `make run` and `make test`) gets
safe local defaults that point at the private services started by scripts/services.py.
"""

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# Demo mode: demo users may exist and log in, e-mail goes to the console.
DEMO_MODE = env.bool("DEMO_MODE", default=False)


def _required(name: str, dev_default: str) -> str:
    """A variable production must set; development falls back to a local default."""
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return dev_default
    raise ImproperlyConfigured(f"{name} must be set in production (DEBUG is off).")


SECRET_KEY = _required("SECRET_KEY", "dev-only-insecure-key-" + "x" * 40)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[]) or (
    ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (DEBUG is off).")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db_url_config(
        _required("DATABASE_URL", "postgres://jobbspar@127.0.0.1:54329/jobbspar")
    )
}
# Persistent connections with a health check: survive a PostgreSQL restart without an error.
# Ten minutes: the statements prepared on a connection (below) go with it, and each new one runs
# its statements unprepared, parsed and planned each time, until they have run five times.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Short OLTP queries only: PostgreSQL's JIT spent ~120 ms compiling a 200 ms count over 300 000
# participants and never paid back, so it is off for our connections.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Prepared statements: values bound server-side, and a statement that ran 5 times on a connection
# is prepared, so PostgreSQL no longer parses and plans it on every request (issue 18). Off
# behind a connection pooler in transaction mode (PgBouncer before 1.21), which cannot keep them.
if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
    DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
# A SELECT's SQL compiled once per shape of query and reused with new values (issue 18,
# jobbspar/database/statements.py); `false` compiles every statement as Django does.
COMPILED_STATEMENT_CACHE = env.bool("COMPILED_STATEMENT_CACHE", default=True)
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("Jobbspår runs on PostgreSQL only (DATABASE_URL=postgres://…).")
# Django's PostgreSQL backend, plus a check that SQL written by hand touches no app table in a
# web request outside a named unscoped block (jobbspar/database/__init__.py).
DATABASES["default"]["ENGINE"] = "jobbspar.database"

REDIS_URL = _required("REDIS_URL", "redis://127.0.0.1:63799/0")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "csp",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "jobbspar",
    "employers",
    "participants",
    "tracks",
    "portal",
    "dashboard",
    "schedule",
    "steering",
    "api",
    "imports",
    "home",
    "bench",  # the benchmark and its generator (manage.py generate_scale); no models
]

MIDDLEWARE = [
    # First: sensitive models queried without an access function raise in a request (scoping.py).
    "jobbspar.scoping.RequestScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jobbspar.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's and django-otp's, loading the user and their verified device in one query.
    "jobbspar.middleware.AuthenticationMiddleware",
    "jobbspar.middleware.OTPMiddleware",
    "jobbspar.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jobbspar.middleware.CSPMiddleware",  # django-csp's, the policy built once per process
    "django_htmx.middleware.HtmxMiddleware",
    "jobbspar.audit.AuditContextMiddleware",
    "jobbspar.middleware.NoStoreForAuthenticatedMiddleware",
    "jobbspar.middleware.DatabaseInputErrorMiddleware",
    "jobbspar.middleware.MethodNotAllowedPageMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The N+1 detector (django-zeal, a dev dependency) watches every request while pytest runs: a
# page that loads a relation once per row of an earlier query (an N+1) fails its test with
# NPlusOneError. Test set-up (factories) is not watched. Never in production.
if "pytest" in sys.modules and importlib.util.find_spec("zeal") is not None:
    INSTALLED_APPS.append("zeal")
    MIDDLEWARE.insert(
        MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "zeal.middleware.zeal_middleware"
    )

# Benchmark mode (`make bench`, bench/): the floor view /bench/floor/ answers, and every response
# carries X-Query-Count. Off everywhere else: the floor view is a 404 and nothing is counted.
BENCHMARK = env.bool("BENCHMARK", default=False)
# The profile of `make bench` (a second server in the same run, jobbspar/timing.py): each
# response says in Server-Timing where its time went (SQL, forms, templates, each middleware).
BENCHMARK_PROFILE = BENCHMARK and env.bool("BENCHMARK_PROFILE", default=False)
if BENCHMARK_PROFILE:
    from jobbspar.timing import profiled_middleware

    MIDDLEWARE = profiled_middleware(MIDDLEWARE)
elif BENCHMARK:
    MIDDLEWARE.insert(0, "jobbspar.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "jobbspar.urls"
WSGI_APPLICATION = "jobbspar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Django's `date` filter with a fast path for numeric formats (jobbspar/local_time.py),
            # and `{% url %}` reversing each URL name once (jobbspar/fast_urls.py).
            "builtins": ["jobbspar.templatetags.local_dates", "jobbspar.templatetags.fast_url"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "jobbspar.context_processors.navigation",
                "jobbspar.context_processors.session_timeout",
            ],
        },
    }
]

# The page frame's fixed parts (templates/base.html) are built once per language, menu and a few
# yes/no values and kept in memory (jobbspar/templatetags/frame.py); off renders them every time.
FRAME_CACHE = True

# Django's form templates, with <select> written directly (jobbspar/form_renderer.py): long
# national choice lists were most of a page's rendering time.
FORM_RENDERER = "jobbspar.form_renderer.FormRenderer"

AUTH_USER_MODEL = "jobbspar.User"

# Audit: history rows written by database triggers (django-pghistory) are append-only; only the
# retention job may redact them, through jobbspar.audit.
PGHISTORY_APPEND_ONLY = True
PGHISTORY_MIDDLEWARE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# The admin's history shows which object changed and who changed it, never the values.
PGHISTORY_ADMIN_CLASS = "jobbspar.admin.WriteHistoryAdmin"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Swedish first, English second; store UTC, show Europe/Stockholm.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our own formats: dates are ISO (2026-12-01) in both languages, never US month/day.
FORMAT_MODULE_PATH = ["jobbspar.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# `make run` (scripts/run.py) has DEBUG off but no collectstatic: WhiteNoise serves the files
# straight from the source folders, unhashed, as it does in development.
STATIC_FROM_SOURCE = DEBUG or env.bool("STATIC_FROM_SOURCE", default=False)
WHITENOISE_USE_FINDERS = STATIC_FROM_SOURCE
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if STATIC_FROM_SOURCE
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions and cookies. The idle timeout is 30 minutes, renewed by a request when the last
# renewal is more than SESSION_RENEW_SECONDS old (jobbspar.middleware.SessionRenewalMiddleware;
# saving on every request cost every page a write). The page warns this many seconds before it
# runs out, counting from the last renewal (static/js/idle-timeout.js, WCAG 2.2.1).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_IDLE_WARNING_SECONDS = 2 * 60
SESSION_RENEW_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
# In PostgreSQL, each row with the user and authenticator its data names: a signed-in page reads
# its session, user, organisation and device in one statement (jobbspar/sessions.py; issue 18).
# Shared by every worker, so a sign-out or a new key after the second factor is seen at once.
SESSION_ENGINE = "jobbspar.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# Security headers. Behind a TLS-terminating proxy (see docker-compose.yml).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # Only `make run` (plain HTTP on 127.0.0.1, scripts/run.py) turns Secure cookies off.
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content Security Policy: nothing inline, nothing from elsewhere. Our own <script> tags also
# carry the per-request nonce (request.csp_nonce), so an injected one without it never runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# The REST API (api/, docs/api.md): API keys only (no session, so no CSRF), problem details,
# cursor pagination, a rate limit per client counted in Redis, an OpenAPI 3 schema.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.HasScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerClientThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_handler",
    "UNAUTHENTICATED_USER": None,
}
API_RATE = env.str("API_RATE", default="600/min")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": {"BACKEND": "jobbspar.redis_cache.JobbsparRedisCache", "LOCATION": REDIS_URL},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jobbspår API",
    "DESCRIPTION": "Employers, tracks, candidate pools and participants, within the API "
    "client's organisation, role and scopes. Authenticate with `Authorization: Bearer <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "APPEND_COMPONENTS": {"securitySchemes": {"ApiKey": {"type": "http", "scheme": "bearer"}}},
    "SECURITY": [{"ApiKey": []}],
    # One name per choice set in the schema (fields named `status` or holding a state appear in
    # several resources; without these the names are numbered, and `check --deploy` warns).
    "ENUM_NAME_OVERRIDES": {
        "ParticipantStateEnum": "tracks.models.State",
        "TrackStatusEnum": "tracks.models.TrackStatus",
        "NeedStatusEnum": "employers.models.NeedStatus",
        "ParticipantStatusEnum": "participants.models.ParticipantStatus",
        "FollowUpStatusEnum": "api.follow_ups.STATUS_CHOICES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
    ],
}

# E-mail: the console in development and demo mode, SMTP from EMAIL_URL in production.
if env.str("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Seconds any one SMTP socket operation may take: far below the sweep's lease (10 minutes,
# jobbspar.notifications.LEASE), so a slow server cannot hold a row past it.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Loops of the e-mail sweep at once, each a thread with its own database connection
# (jobbspar.notifications.sweep, at most 8): one loop waits for the database half the time.
NOTIFICATION_SWEEP_WORKERS = env.int("NOTIFICATION_SWEEP_WORKERS", default=2)
# Absolute base of links in e-mails (deep links into the app).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Jobbspår <noreply@jobbspar.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis as broker. See jobbspar/celery.py for why each setting is what it is.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Acknowledge after the task ran, so a worker killed mid-task leaves it for another worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message at a time per process: a slow task never holds others hostage.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers unacknowledged messages after this; it must exceed any task's run time.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 5,
    "socket_connect_timeout": 5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SOFT_TIME_LIMIT = 600
CELERY_TASK_TIME_LIMIT = 900
CELERY_TIMEZONE = TIME_ZONE
# The dashboard's summary table: figures are shown only while younger than the maximum age, and
# the beat recomputes the views opened lately every REFRESH minutes (dashboard/snapshots).
DASHBOARD_SUMMARY_MAX_AGE_MINUTES = env.int("DASHBOARD_SUMMARY_MAX_AGE_MINUTES", default=15)
DASHBOARD_SUMMARY_REFRESH_MINUTES = env.int("DASHBOARD_SUMMARY_REFRESH_MINUTES", default=5)
# The steering page's figures (steering/kept.py): shown while younger than this, recomputed by
# Celery this often (a booked cost shows at once either way).
STEERING_FIGURES_MAX_AGE_MINUTES = env.int("STEERING_FIGURES_MAX_AGE_MINUTES", default=15)
STEERING_FIGURES_REFRESH_MINUTES = env.int("STEERING_FIGURES_REFRESH_MINUTES", default=5)
CELERY_BEAT_SCHEDULE: dict = {
    # Rows are the truth; the sweeper only claims and sends what is due (jobbspar/notifications).
    "sweep-notifications": {"task": "jobbspar.sweep_notifications", "schedule": 120.0},
    # Expired sessions (unusable, each naming an account) removed every hour.
    "clear-expired-sessions": {"task": "jobbspar.clear_expired_sessions", "schedule": 3600.0},
    # Plans reminder rows for meetings, action items …; idempotent, so hourly is safe.
    "plan-reminders": {"task": "tracks.plan_reminders", "schedule": 3600.0},
    # Plans steering-group follow-up reminders (steering/reminders); idempotent, so hourly is safe.
    "steering-reminders": {"task": "steering.plan_reminders", "schedule": 3600.0},
    # Plans reminders of absence without a valid reason above a track's monthly limit
    # (schedule/absence); idempotent (one row per member, month and coordinator).
    "absence-reminders": {"task": "schedule.plan_absence_reminders", "schedule": 3600.0},
    # Once a day: anonymise participants past the retention period (participants/retention).
    "participant-retention": {"task": "participants.run_retention", "schedule": 24 * 60 * 60.0},
    # Recomputes the dashboard views opened lately (dashboard/snapshots), so they stay fast.
    "dashboard-summaries": {
        "task": "dashboard.refresh_summaries",
        "schedule": DASHBOARD_SUMMARY_REFRESH_MINUTES * 60.0,
    },
    # Recomputes the steering figures viewed lately and each partnership's year (steering/kept).
    "steering-figures": {
        "task": "steering.refresh_figures",
        "schedule": STEERING_FIGURES_REFRESH_MINUTES * 60.0,
    },
    # Uploaded import files hold personal data: deleted an hour after upload (imports/batches).
    "import-batches-cleanup": {"task": "imports.remove_expired_batches", "schedule": 600.0},
}
# GDPR retention: months without activity after which a participant is anonymised.
PARTICIPANT_RETENTION_MONTHS = env.int("PARTICIPANT_RETENTION_MONTHS", default=24)
# Outcome follow-ups: months after a participant leaves a track (tracks/followups).
FOLLOW_UP_MONTHS = tuple(env.list("FOLLOW_UP_MONTHS", cast=int, default=[3, 6, 12]))
CELERY_BEAT_SCHEDULE_FILENAME = str(
    env.path("CELERY_BEAT_SCHEDULE_FILENAME", default=BASE_DIR / ".data" / "celerybeat-schedule")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

ADMINS = [("Jobbspår support", a) for a in env.list("ADMIN_EMAILS", default=[])]

AUTHENTICATION_BACKENDS = [
    # First, as django-axes requires: refuses sign-in while a username + IP is locked out.
    "axes.backends.AxesStandaloneBackend",
    "jobbspar.backends.JobbsparBackend",
]

# Lockout (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one username from one IP
# address, that pair is refused for the cool-off period. The page says the same whether or not
# the username exists.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jobbspar.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_FORM_FIELD = "username"
# The client's IP address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies that each
# append to X-Forwarded-For, the address the outermost proxy saw (jobbspar/client_ip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "jobbspar.client_ip.client_ip"

# Two-factor authentication (django-otp): required for the roles in jobbspar/two_factor.py.
OTP_TOTP_ISSUER = "Jobbspår"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin may remove a lost authenticator or recovery codes, never read the key, its QR code
# or the codes (with them and a password anyone could sign in as the user).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Request size limits, set deliberately: a larger body or more fields get the 400 page.
# No form in Jobbspår comes near them; file uploads are limited separately per form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
