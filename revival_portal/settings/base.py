"""Settings shared by every environment; everything that differs is read from the environment."""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------------------------------
SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "revival_portal.core.admin_config.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "simple_history",
    "axes",
    "revival_portal.core",
    "revival_portal.accounts",
    "revival_portal.notifications",
    "revival_portal.reports",
    "mines",
    "financing",
    "equipment",
    "associations",
]

MIDDLEWARE = [
    "revival_portal.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "revival_portal.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "revival_portal.accounts.middleware.PortalLocaleMiddleware",
    "revival_portal.core.middleware.PersianDigitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that lockouts see the authenticated request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "revival_portal.urls"
WSGI_APPLICATION = "revival_portal.wsgi.application"

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
                "revival_portal.notifications.context_processors.unread_notifications",
                "revival_portal.accounts.context_processors.roles",
            ],
            "builtins": ["revival_portal.core.templatetags.jalali"],
        },
    },
]

# Inputs, selects, text areas and labels are written in Python (same markup); every other widget renders
# with the templates above, so templates/django/forms/ may replace Django's own (found through django.forms).
FORM_RENDERER = "revival_portal.core.form_renderer.PortalFormRenderer"

# --- Database ---------------------------------------------------------------------------------------
# With nothing set the portal runs on a SQLite file in the project folder; production sets DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # The portal's queries are short; PostgreSQL's JIT compiler added ~150 ms to the report aggregates
    # (measured with `make bench`) and saves nothing here.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with groups and permissions cached (invalidated on change, see accounts.access).
    "revival_portal.accounts.backends.PortalModelBackend",
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# One person's failures lock that account from that address only (an office behind one NAT keeps working);
# many different accounts failing from one address pause the address alone for a short while.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "revival_portal.accounts.lockout.AccountAndAddressLockoutHandler"
AXES_ADDRESS_USER_LIMIT = env.int("AXES_ADDRESS_USER_LIMIT", default=20)
AXES_ADDRESS_COOLOFF = env.int("AXES_ADDRESS_COOLOFF", default=15)  # minutes
AXES_RESET_ON_SUCCESS = True

# --- Language, calendar, time -----------------------------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", default="fa")
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents are private: they live outside any URL and are streamed by permission-checked views.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
# An XLSX export of more rows than this is built by Celery (progress page, download link) instead of
# in the request; built files are kept this many hours.
EXPORT_XLSX_INLINE_MAX_ROWS = env.int("EXPORT_XLSX_INLINE_MAX_ROWS", default=5000)
EXPORT_JOB_KEEP_HOURS = env.int("EXPORT_JOB_KEEP_HOURS", default=24)

# --- E-mail -----------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Small-Mine Revival Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------------------
# Without a broker the tasks run in-process, so one machine with nothing installed runs the whole portal.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default=""))
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Times are Asia/Tehran. Every scheduled task is idempotent: a second run sends and changes nothing.
CELERY_BEAT_SCHEDULE = {
    "core-export-jobs-purge": {
        "task": "revival_portal.core.tasks.export_jobs_purge",
        "schedule": crontab(hour=3, minute=30),
    },
    "mines-licence-expiry-remind": {
        "task": "mines.tasks.licence_expiry_remind",
        "schedule": crontab(hour=7, minute=0),
    },
    "mines-production-report-remind": {
        "task": "mines.tasks.production_report_remind",
        "schedule": crontab(hour=7, minute=5),
    },
    # Just after midnight: the portfolio of the day reads the balances stored as of that day.
    "financing-loan-balances-refresh": {
        "task": "financing.tasks.loan_balances_refresh",
        "schedule": crontab(hour=0, minute=5),
    },
    "financing-instalment-due-reminders": {
        "task": "financing.tasks.instalment_due_reminders_send",
        "schedule": crontab(hour=7, minute=10),
    },
    "financing-instalment-overdue": {
        "task": "financing.tasks.instalment_overdue_notify",
        "schedule": crontab(hour=7, minute=20),
    },
    "equipment-booking-reminders": {
        "task": "equipment.tasks.booking_reminders_daily",
        "schedule": crontab(hour=7, minute=30),
    },
    "associations-session-reminders": {
        "task": "associations.tasks.session_reminders_daily",
        "schedule": crontab(hour=7, minute=40),
    },
    # E-mails whose queueing failed while the broker was down; delivery is idempotent, so never twice.
    "notifications-unsent-sweep": {
        "task": "revival_portal.notifications.tasks.notifications_unsent_sweep",
        "schedule": crontab(minute="*/5"),
    },
    "equipment-close-tenders": {
        "task": "equipment.tasks.tenders_close",
        "schedule": crontab(minute="*/5"),
    },
    # Daily, but it builds one report per Jalali month: the other runs find it built and do nothing.
    "reports-programme-monthly": {
        "task": "revival_portal.reports.tasks.programme_report_monthly",
        "schedule": crontab(hour=3, minute=0),
    },
}

# --- Cache ------------------------------------------------------------------------------------------
if env("REDIS_URL", default=""):
    CACHES = {"default": {"BACKEND": "revival_portal.core.cache.RedisCache", "LOCATION": env("REDIS_URL")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- API --------------------------------------------------------------------------------------------
# HTTP basic auth costs a password hash per request and sends the password every time: machine clients
# use personal tokens. Production turns it off unless API_BASIC_AUTH says otherwise.
API_BASIC_AUTH = env.bool("API_BASIC_AUTH", default=True)


def api_authentication_classes(basic_auth: bool) -> list[str]:
    """The API's authentication classes; the anonymous throttle must stay last (see throttling)."""
    return [
        "revival_portal.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        *(["rest_framework.authentication.BasicAuthentication"] if basic_auth else []),
        "revival_portal.throttling.AnonymousThrottleAuthentication",
    ]


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": api_authentication_classes(API_BASIC_AUTH),
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "revival_portal.core.api_filters.FilterBackend",
        "revival_portal.core.ordering.ApiOrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "revival_portal.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # ?page_size= (default 25, at most 100), the same rule as the pages' (revival_portal.core.pagination).
    "DEFAULT_PAGINATION_CLASS": "revival_portal.core.pagination.PortalPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "revival_portal.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["revival_portal.throttling.ApiTokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON_RATE", default="60/minute"),
        "token": env("API_THROTTLE_TOKEN_RATE", default="1200/minute"),
    },
    # The client address is REMOTE_ADDR; production sets the number of proxies in front of the portal.
    "NUM_PROXIES": 0,
}
# A JSON body nested deeper than this is refused with 400 (a deep one would exhaust the parser's stack).
API_JSON_MAX_DEPTH = 50
API_JSON_MAX_BYTES = env.int("API_JSON_MAX_BYTES", default=1024 * 1024)
SPECTACULAR_SETTINGS = {
    "TITLE": "Small-Mine Revival Portal API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a "status"; name the associations' choice sets so the schema stays stable.
    "ENUM_NAME_OVERRIDES": {
        "MembershipStatusEnum": "associations.choices.MembershipStatus",
        "ReviewSessionStatusEnum": "associations.choices.SessionStatus",
        "OfferStatusEnum": "associations.choices.OfferStatus",
    },
    # Swagger UI and ReDoc from the portal's own static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The anonymous throttle is last among the authentication classes but authenticates nobody.
    "AUTHENTICATION_WHITELIST": [
        "revival_portal.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
}

# --- Browser security headers -----------------------------------------------------------------------
# No inline script anywhere: every script is a static file of the portal. Style attributes (progress bars,
# the map) are allowed; <style> elements are not. Nothing is loaded from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the portal never uses are switched off for it and for anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# --- Logging ----------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# --- Programme rules --------------------------------------------------------------------------------
# The statutory ceiling: no rate of 18 % or more can be stored anywhere (see financing).
STATUTORY_RATE_CAP = "18.00"
