"""Settings for vvsite, read from the environment (see .env.example).

With no configuration at all the application runs locally: SQLite, tasks executed in-process,
e-mail printed to the console. ``DJANGO_ENV=production`` switches every production safeguard on
(HTTPS only, HSTS, secure cookies, second factor for staff) and makes SECRET_KEY and ALLOWED_HOSTS
required.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise environ.ImproperlyConfigured(
        "DJANGO_ENV must be development, test or production, not %r" % DJANGO_ENV
    )
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=DJANGO_ENV == "development")
# Known to everyone who reads the repository: good for a laptop, never for an organisation.
DEVELOPMENT_SECRET_KEY = "insecure-local-key-only-for-development-and-tests-0123456789"  # noqa: S105
if PRODUCTION or not (DEBUG or DJANGO_ENV == "test"):
    SECRET_KEY = env.str("SECRET_KEY")  # required: the app refuses to start without it
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise environ.ImproperlyConfigured(
            "SECRET_KEY is the repository's development key; set a secret one of your own"
        )
else:
    SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "vvsite.admin_config.AdminAppConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third party
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "simple_history",
    "csp",
    "django_tables2",
    "django_filters",
    "phonenumber_field",
    "django_countries",
    "health_check",
    # Ours; the order is also the order in which demo data is filled in.
    "vvsite",
    "participants",
    "cohorts",
    "matching",
    "volunteers",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "vvsite.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

# django-zeal fails a test on an N+1 query: in every request (middleware) and, through the
# autouse fixture in tests/conftest.py, in services and tasks the tests call directly.
if DJANGO_ENV == "test":
    INSTALLED_APPS.append("zeal")
    MIDDLEWARE.append("zeal.middleware.zeal_middleware")
    ZEAL_RAISE = True
    # Relation N+1s are never allowed. These entries only quiet zeal's check for one .get()
    # line run twice: a test (or the demo data) calling the same service twice, not a loop.
    ZEAL_ALLOWLIST: list[dict[str, str]] = [
        # The test client's force_login() loads the session once per login.
        {"model": "sessions.Session", "field": "get()"},
        # Services lock their row once per call (select_for_update().get(pk=...)).
        {"model": "participants.Newcomer", "field": "get()"},
        {"model": "participants.Buddy", "field": "get()"},
        {"model": "matching.Match", "field": "get()"},
        # The one row of match weights, read once per scoring.
        {"model": "matching.MatchWeights", "field": "get()"},
        # Cohort services lock their cohort, enrolment or attendance row once per call.
        {"model": "cohorts.Cohort", "field": "get()"},
        {"model": "cohorts.Enrolment", "field": "get()"},
        {"model": "cohorts.Attendance", "field": "get()"},
        {"model": "cohorts.ReminderSent", "field": "get()"},  # reminders_send, once per person
        {"model": "participants.Person", "field": "newcomer"},  # enrolment_add, once per call
        {"model": "cohorts.Session", "field": "leaders"},  # people_concerned, one session a call
        {"model": "cohorts.PlannedSession", "field": "get()"},  # the programme form, one plan line
        # A group's form resolves its coach, assistant coach and expert one person field at a time.
        {"model": "participants.Person", "field": "get()"},
        # Granting the coach role (vvsite.services.role_grant) once per group leader saved.
        {"model": "vvsite.UserRole", "field": "get()"},
        # The demo data finds its few programmes by name one by one.
        {"model": "cohorts.Programme", "field": "get()"},
    ]

ROOT_URLCONF = "vvsite.urls"
WSGI_APPLICATION = "vvsite.wsgi.application"

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
                "csp.context_processors.nonce",
                "vvsite.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions make concurrent writers wait for each other instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ---------------------------------------------------------------------------------
# The cache is shared by all processes through the database, so that a Redis outage never
# takes pages down with it (Redis is only the Celery broker).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "vvsite_cache",
    }
}

# --- Accounts and security -----------------------------------------------------------------
AUTH_USER_MODEL = "vvsite.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "vvsite.access.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
# How long the link in an invitation lets a new user choose their password.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

# Reverse proxies in front of the application (production: the TLS proxy, 1). The client's
# address is read from X-Forwarded-For only behind them (vvsite.throttle.client_ip).
PROXY_COUNT = env.int("PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=int(PRODUCTION)))

# Failed logins: ten for one account (from any address) lock that account, and ten from one
# address (over all accounts) lock that address, for the cool-off period. The owner unlocks
# their account by choosing a new password through the reset link; an administrator can too.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"  # what the login form posts (the e-mail address)
AXES_USERNAME_CALLABLE = "vvsite.throttle.login_username"
AXES_CLIENT_IP_CALLABLE = "vvsite.throttle.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Second factor (TOTP with recovery codes) for staff roles: coordinators and administrators.
REQUIRE_2FA_FOR_STAFF = env.bool("REQUIRE_2FA_FOR_STAFF", default=PRODUCTION)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Maatjesprogramma")

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "vvsite.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
# Container health checks speak plain HTTP to gunicorn itself, not through the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live)?/?$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
if env.bool("BEHIND_TLS_PROXY", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: no inline scripts at all; the few script tags carry a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("MEDIA_ROOT", default=BASE_DIR / "media")},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or DJANGO_ENV == "test"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_COMPRESS", default=True)
            else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        )
    },
}
# Outside production, whitenoise serves straight from the sources (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
# Generated documents and uploads are private: served only through views that check access.
MEDIA_ROOT = STORAGES["default"]["OPTIONS"]["location"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
PHONENUMBER_DEFAULT_REGION = "NL"

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Maatjesprogramma <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------------------------
# Without REDIS_URL, tasks run eagerly in-process: the local run needs no broker and no worker.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True  # results live on our own Job rows
CELERY_TIMEZONE = TIME_ZONE
# Acknowledge on receipt by default; job tasks (vvsite.jobs.job_task), which are safe to run
# twice, acknowledge after running, and a message whose worker died goes back to the queue.
CELERY_TASK_ACKS_LATE = False
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The longest job may run this long; the broker hands an unacknowledged message to another
# worker only after the longest job could have finished (a duplicate delivery is harmless: a job
# is claimed once, see vvsite.jobs).
CELERY_TASK_TIME_LIMIT = env.int("JOB_TIME_LIMIT_MINUTES", default=30) * 60
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_BROKER_VISIBILITY_TIMEOUT = CELERY_TASK_TIME_LIMIT + 5 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "socket_keepalive": True,
    "health_check_interval": 25,
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Publishing is retried a bounded number of times; jobs published from a web request use even
# tighter timeouts (vvsite.jobs._publish), so a dead broker never hangs a page: the job stays
# pending and the periodic re-send picks it up.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # workers keep trying; publishers are bounded above
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "vvsite.tasks.heartbeat", "schedule": 60.0},
    "resend-pending-jobs": {
        "task": "vvsite.tasks.jobs_resend_pending",
        "schedule": float(env.int("JOB_SWEEP_SECONDS", default=60)),
    },
    "retention-anonymise": {
        "task": "participants.tasks.retention_anonymise",
        "schedule": crontab(hour=3, minute=30),
    },
    # Volunteer hours: remind who logged nothing last month; collect suggested hours nightly.
    "hours-monthly-reminder": {
        "task": "volunteers.tasks.hours_send_reminders",
        "schedule": crontab(day_of_month="3", hour="9", minute="0"),
    },
    "hours-collect-suggestions": {
        "task": "volunteers.tasks.hours_collect_suggestions",
        "schedule": crontab(hour="5", minute="30"),
    },
    # Reporting: the board's key figures, computed again every night.
    "kpis-refresh-nightly": {
        "task": "reporting.tasks.kpis_refresh_nightly",
        "schedule": crontab(hour="4", minute="15"),
    },
    # Sessions: the day-before reminder, each morning for tomorrow's sessions.
    "session-reminders": {
        "task": "cohorts.tasks.session_reminders_send",
        "schedule": crontab(hour="10", minute="0"),
    },
}
# A worker that has not written a heartbeat for this long is reported as down by /healthz.
WORKER_HEARTBEAT_MAX_AGE = timedelta(minutes=env.int("WORKER_HEARTBEAT_MAX_AGE_MINUTES", default=3))
# Publishing a job from a request gives up after this many seconds per attempt (two attempts).
JOB_PUBLISH_TIMEOUT = env.float("JOB_PUBLISH_TIMEOUT", default=0.4)
# Jobs whose message could not be published are re-sent after this long.
JOB_RESEND_AFTER = timedelta(seconds=env.int("JOB_RESEND_AFTER_SECONDS", default=30))
# A running job holds a lease that its worker renews while it works (every third of it). When
# the worker dies the lease lapses and the re-send sweep hands the job to another worker.
JOB_LEASE = timedelta(seconds=env.int("JOB_LEASE_SECONDS", default=60))
# Queued jobs no worker has started after this long are sent again (the broker lost them).
JOB_REQUEUE_AFTER = timedelta(seconds=env.int("JOB_REQUEUE_AFTER_SECONDS", default=120))
# A job whose worker was lost this many times ends failed.
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
# Waiting jobs older than this are offered for a retry by hand on the jobs page.
JOB_STALLED_AFTER = timedelta(minutes=env.int("JOB_STALLED_AFTER_MINUTES", default=10))

# --- Privacy -------------------------------------------------------------------------------------
# People whose participation ended longer ago than this are anonymised by a nightly task.
RETENTION_YEARS = env.int("RETENTION_YEARS", default=5)

# --- Logging --------------------------------------------------------------------------------------
# Never log personal data: log primary keys, not names or addresses.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "health_check": {"level": "ERROR"},
    },
}

# --- The programme ---------------------------------------------------------------------------
# Printed on certificates.
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="Maatjesprogramma")
# The school-holiday region (Noord, Midden or Zuid) whose holidays a cohort's schedule can skip.
SCHOOL_HOLIDAY_REGION = env.str("SCHOOL_HOLIDAY_REGION", default="Noord")

# --- Demo -------------------------------------------------------------------------------------
# The password of the demo logins that `manage.py demo_data` creates (never in production).
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-wachtwoord")
