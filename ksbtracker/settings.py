"""Settings, read from the environment.

DATABASE_URL (default: SQLite file ksbtracker.sqlite3 in the working directory),
SECRET_KEY (default: a random key kept in .ksbtracker-secret-key beside the database),
DEBUG (off unless set to 1/true), ALLOWED_HOSTS (comma separated),
SECURE_COOKIES (on unless set to 0/false), MEDIA_ROOT.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
WORKING_DIR = Path.cwd()


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a random key kept beside the database (created once)."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    key_file = Path(os.environ.get("SECRET_KEY_FILE", WORKING_DIR / ".ksbtracker-secret-key"))
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = _env_flag("DEBUG", False)
SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h
]

INSTALLED_APPS = [
    # First, so that its templates replace the admin's password pages and correct crispy-forms-gds's.
    "ksbtracker.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ksbtracker.audit",
    "ksbtracker.standards",
    "ksbtracker.funding",
    "ksbtracker.people",
    "ksbtracker.lifecycle",
    "ksbtracker.scans",
    "ksbtracker.evidence",
    "ksbtracker.plans",
    "ksbtracker.reviews",
    "ksbtracker.progress",
    "ksbtracker.quality",
    "ksbtracker.transfer",
    "ksbtracker.pathways",
    "ksbtracker.service",
    "ksbtracker.api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "ksbtracker.service.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "ksbtracker.web.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before anything reads the body (CSRF reads the form): refuses bodies over the limits below.
    "ksbtracker.web.request_limits.RequestLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ksbtracker.urls"
WSGI_APPLICATION = "ksbtracker.wsgi.application"

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
                "ksbtracker.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{WORKING_DIR / 'ksbtracker.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Repeated failed sign-ins lock the account (the email address in any letter case) for a while, and a
# network address that fails many times across accounts (ksbtracker/people/lockout.py).
# Second factor at sign-in (ksbtracker/people/second_factor.py): an authenticator app's code.
OTP_TOTP_ISSUER = "KSB Tracker"
AXES_HANDLER = "ksbtracker.people.lockout.SignInLockout"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "ksbtracker.people.lockout.normalised_email"
AXES_CLIENT_IP_CALLABLE = "ksbtracker.people.lockout.client_address"
# The address limit is applied by the handler above, not by axes' own parameters.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

SECURE_COOKIES = _env_flag("SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
BEHIND_HTTPS_PROXY = _env_flag("BEHIND_HTTPS_PROXY", False)
# Scripts only from the service itself, and the one inline script (GOV.UK Frontend's js-enabled class) by
# its per-response nonce; no inline styles, no plugins, no framing, forms only to the service.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_flag("HSTS_PRELOAD", True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
NODE_MODULES = Path(os.environ.get("NODE_MODULES", PROJECT_DIR / "node_modules"))
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded and generated files: MEDIA_ROOT by default; S3-compatible object storage (django-storages, the
# "s3" extra) when S3_BUCKET is set, so that several app servers share them.
if os.environ.get("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "location": os.environ.get("S3_PREFIX", ""),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
WHITENOISE_USE_FINDERS = True

# Uploaded files live outside the web root and are served only through views that check access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", WORKING_DIR / "ksbtracker-files"))
# Each evidence file (stated on the upload page).
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# Whole request bodies: one file plus the form around it; far less before signing in (no files at all).
# The reverse proxy should refuse bodies over REQUEST_MAX_BYTES too (README).
REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + 1024 * 1024
ANONYMOUS_REQUEST_MAX_BYTES = 64 * 1024
# Pages (by URL name) that take more: a learner record moved from another provider holds all its files.
LARGE_REQUEST_LIMITS = {"record-import": 501 * 1024 * 1024}
# Form fields other than files. Uploaded files are held in memory (they are within REQUEST_MAX_BYTES), so
# no temporary file is written to disk and none can be left behind by a worker that is stopped.
# Stored files readable by the service only (a local MEDIA_ROOT).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES
STANDARD_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
# A Word (.docx) file is a zip archive: what it may expand to when opened, and how many parts it may hold.
OFFICE_MAX_EXPANDED_BYTES = 100 * 1024 * 1024
OFFICE_MAX_ENTRIES = 2000
UPLOAD_MAX_BYTES = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Email is queued as a background job and delivered by `ksbtracker worker` through EMAIL_DELIVERY_BACKEND.
EMAIL_BACKEND = "ksbtracker.people.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_flag("EMAIL_USE_TLS", False)

# Background jobs in the database: no extra service; many workers on many machines take each job once.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Local time at which a worker sends the day's overdue review reminders (empty: never).
REVIEW_REMINDERS_AT = os.environ.get("REVIEW_REMINDERS_AT", "07:00")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ksb-tracker@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
# Shared by every app server (API rate limits): kept in the database unless a shared cache is configured.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "ksbtracker_cache"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ksbtracker.api.auth.AccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ksbtracker.api.auth.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["ksbtracker.api.auth.PerTokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "ksbtracker.api.errors.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "ksbtracker.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "ksbtracker.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per token (or per signed-in person), e.g. 600/min.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "KSB Tracker API",
    "DESCRIPTION": "Standards, apprenticeships and their progress, skills scans, evidence, off-the-job training "
    "and reviews. Authenticate with a personal access token (Authorization: Bearer …) created on the "
    "API tokens page; you see and change only what you can on the pages. Errors are JSON: "
    '{"error": {"status", "message", "fields"}}.',
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EnrolmentStatusEnum": "ksbtracker.people.models.EnrolmentStatus",
        "EvidenceStatusEnum": "ksbtracker.evidence.models.EvidenceStatus",
        "ReviewStatusEnum": "ksbtracker.reviews.models.ReviewStatus",
        "ScanStatusEnum": "ksbtracker.scans.models.ScanStatus",
    },
}

CSRF_FAILURE_VIEW = "ksbtracker.web.views.errors.csrf_failure"
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

# Signing keys live outside the database (see ksbtracker/keyring.py and the README): SIGNING_KEYS as
# "id=secret,old-id=old-secret" (the first signs, all verify), else the file SIGNING_KEYS_FILE.
SIGNING_KEYS = os.environ.get("SIGNING_KEYS", "")
SIGNING_KEYS_FILE = os.environ.get("SIGNING_KEYS_FILE", str(WORKING_DIR / ".ksbtracker-signing-keys"))
# The Ed25519 key that signs exported learner records (ksbtracker/transfer/instance_key.py): INSTANCE_KEY as PEM
# text, else the PEM file INSTANCE_KEY_FILE (generated once when missing).
INSTANCE_KEY = os.environ.get("INSTANCE_KEY", "")
INSTANCE_KEY_FILE = os.environ.get("INSTANCE_KEY_FILE", str(WORKING_DIR / ".ksbtracker-instance-key"))
