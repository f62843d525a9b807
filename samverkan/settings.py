"""One settings module, driven by the environment (see README, "Configuration")."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.crypto import derive_dev_key
from samverkan import env
from samverkan.federation import county_oidc_app, idp_form_action_sources

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.string("SAMVERKAN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env.boolean("DJANGO_DEBUG", False)
# Demo mode allows the fictional demo users to sign in; production refuses them.
DEMO_MODE = env.boolean("SAMVERKAN_DEMO", False)

SECRET_KEY = env.string("SECRET_KEY", "insecure-dev-only-key-" + "x" * 40 if DEBUG else None)
ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])
# The product's own page (core/templates/core/errors/csrf.html); 400, 403, 404 and 500 are templates.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# --- Keys for personal data, kept outside the database (core/crypto.py) ----------------------
_dev_keys = DEBUG or env.boolean("SAMVERKAN_TESTING", False)
FIELD_ENCRYPTION_KEYS = env.string_list(
    "FIELD_ENCRYPTION_KEYS", [derive_dev_key(SECRET_KEY, "field-encryption")] if _dev_keys else []
)
IDENTITY_HASH_KEY = env.string("IDENTITY_HASH_KEY", derive_dev_key(SECRET_KEY, "identity-hash") if _dev_keys else None)
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is required (see README, Configuration).")
# The audit log's MAC keys ("keyid:secret", newest first) and checkpoints (audit/keys.py, audit/checkpoints.py).
AUDIT_LOG_KEYS = env.string_list(
    "AUDIT_LOG_KEYS", ["dev:" + derive_dev_key(SECRET_KEY, "audit-log")] if _dev_keys else []
)
if not AUDIT_LOG_KEYS:
    raise ImproperlyConfigured("AUDIT_LOG_KEYS is required (see README, Configuration).")
AUDIT_CHECKPOINT_SIGNING_KEY = env.string(
    "AUDIT_CHECKPOINT_SIGNING_KEY", derive_dev_key(SECRET_KEY, "audit-checkpoint") if _dev_keys else ""
)
AUDIT_CHECKPOINT_PUBLIC_KEYS = env.string_list("AUDIT_CHECKPOINT_PUBLIC_KEYS", [])
AUDIT_CHECKPOINT_DIR = Path(env.string("AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints")))
AUDIT_CHECKPOINT_SYSLOG = env.boolean("AUDIT_CHECKPOINT_SYSLOG", False)
AUDIT_CHECKPOINT_SYSLOG_ADDRESS = env.string("AUDIT_CHECKPOINT_SYSLOG_ADDRESS", "/dev/log")
# A region's own temporary numbers (reservnummer); the format is set per region.
RESERVNUMMER_PATTERN = env.string("RESERVNUMMER_PATTERN", r"[0-9]{8}-?[A-Z][0-9]{3}")
# How long a unit manager can undo a merge of two records (individuals.merge).
MERGE_UNDO_DAYS = env.integer("MERGE_UNDO_DAYS", 30)
# A SIP not agreed this many days after the need was recognised is reminded (the law: "without delay").
SIP_AGREE_WITHIN_DAYS = env.integer("SIP_AGREE_WITHIN_DAYS", 30, minimum=1, maximum=365)
# The county's deadline for each step of a deficiency report (the counterpart's answer, a council's decision).
DEVIATIONS_STEP_DAYS = env.integer("DEVIATIONS_STEP_DAYS", 60, minimum=1, maximum=365)
# Signed agreements (agreements/documents.py): PDFs kept outside the web root, served to staff by a view.
AGREEMENT_DOCUMENT_DIR = Path(env.string("AGREEMENT_DOCUMENT_DIR", str(VAR_DIR / "agreement-documents")))
AGREEMENT_DOCUMENT_MAX_BYTES = env.integer("AGREEMENT_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "django_htmx",
    "csp",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    # The API docs page's swagger-ui from ninja's own static files (no CDN: CSP and offline).
    "ninja",
    "core",
    "access",
    "accounts",
    "organisations",
    "individuals",
    "audit",
    "api",
    "reminders",
    "agreements",
    "sip",
    "screening",
    "deviations",
    "directory",
    "knowledge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "organisations.middleware.CurrentMembershipMiddleware",
    "audit.middleware.AuditRequestMiddleware",
]
# Benchmark only (`make bench`): queries per request in a response header, and a trivial floor page.
if env.boolean("SAMVERKAN_BENCH", False):
    MIDDLEWARE.insert(0, "bench.middleware.BenchMiddleware")

ROOT_URLCONF = "samverkan.urls"
WSGI_APPLICATION = "samverkan.wsgi.application"

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
                "core.context_processors.product",
            ],
        },
    },
]

# --- Database: SQLite file by default, DATABASE_URL switches (e.g. to PostgreSQL) ----------
_database_url = env.string("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "samverkan.sqlite3"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared between app servers, because sign-in throttling lives in it -------------
_redis_url = env.string("REDIS_URL", "")
if _redis_url:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "samverkan_cache"}}

# --- JSON API (api/) ---------------------------------------------------------------------------
# Public (anonymous) operations: requests per minute from one address (api.auth.PublicAccess).
API_PUBLIC_RATE_PER_MINUTE = env.integer("API_PUBLIC_RATE_PER_MINUTE", 60, minimum=1, maximum=100_000)

# --- Background tasks ------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": env.string("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Sign-in ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.StaffModelBackend",
    "accounts.backends.StaffAllauthBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "reset_password": "accounts.forms.ResetPasswordForm"}
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # 5 failed attempts per account per 5 minutes, 20 per address and minute
    "login_failed": env.string("LOGIN_FAILED_RATE_LIMIT", "20/m/ip,5/300s/key"),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Samverkan"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
USERSESSIONS_TRACK_ACTIVITY = True
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# The county's IdP (and only it: "email_authentication" below) signs an invited member of staff in
# by the e-mail address it has verified; the first time, its subject is connected to the account.
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = False
# The county's identity provider (SITHS eID, Freja eID+, BankID through an IdP): README, "Sign-in and federation".
_oidc_server = env.string("OIDC_SERVER_URL", "")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": (
            [
                county_oidc_app(
                    server_url=_oidc_server,
                    client_id=env.string("OIDC_CLIENT_ID"),
                    secret=env.string("OIDC_CLIENT_SECRET"),
                    provider_id=env.string("OIDC_PROVIDER_ID", "county"),
                    name=env.string("OIDC_PROVIDER_NAME", "e-legitimation"),
                    verified_email_domains=env.string_list("OIDC_VERIFIED_EMAIL_DOMAINS", []),
                )
            ]
            if _oidc_server
            else []
        ),
    }
}

# Sessions end after 30 minutes without activity.
SESSION_COOKIE_AGE = env.integer("SESSION_IDLE_SECONDS", 30 * 60, minimum=60, maximum=12 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Like the session cookie: `make run` serves the demo over plain http with SECURE_COOKIES=0.
LANGUAGE_COOKIE_SECURE = not DEBUG and env.boolean("SECURE_COOKIES", True)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env.string(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "samverkan@localhost")
# The product's address, for links in e-mails sent outside a request (reminders).
SITE_URL = env.string("SITE_URL", "") or (
    "http://127.0.0.1:8000" if DEBUG or not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS[0] else f"https://{ALLOWED_HOSTS[0]}"
)

# --- Security headers ------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Signing in through the county's IdP posts a form that redirects there: Chromium checks
        # form-action on that redirect too.
        "form-action": [SELF, *idp_form_action_sources(_oidc_server)],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env.boolean("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.boolean("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging: never personal data; request paths carry opaque ids only ------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
