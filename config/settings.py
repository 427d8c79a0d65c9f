"""Settings for the professional-title platform, read from environment variables.

With nothing set, the site runs on SQLite with DEBUG on, the console SMS backend and
local files. Production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envsecret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


DEBUG = envbool("DEBUG", True)
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("SITE_NAME", "重庆专业技术人员服务平台")
# What a Chinese government site carries in its footer (empty: the line is left out).
SITE_HOST = os.environ.get("SITE_HOST", "重庆市人力资源和社会保障局")  # 主办单位
SITE_CONTACT = os.environ.get("SITE_CONTACT", "")  # e.g. 咨询电话 023-12333
SITE_ICP = os.environ.get("SITE_ICP", "")  # ICP备案号, e.g. 渝ICP备00000000号
SITE_GOV_CODE = os.environ.get("SITE_GOV_CODE", "")  # 政府网站标识码
# The agreement named on the registration page and the authority behind the identity check.
REGISTRATION_AGREEMENT_TITLE = os.environ.get("REGISTRATION_AGREEMENT_TITLE", "重庆市政务服务网统一认证中心注册协议")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "captcha",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "accounts",
    "titles",
    "reviews",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id.
    "core.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body (sessions, CSRF, held posts): oversized requests end here.
    "core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.AdminAuditMiddleware",
    "accounts.held.HeldPostMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the lockout flag the authentication backend sets.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.context_processors.site",
            ],
        },
    },
]

# Widgets render through the project's templates too (the captcha's input group).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Persistent connections only where a server reuses its threads (gunicorn's config sets
# DATABASE_CONN_MAX_AGE): runserver starts a thread per request, and each would keep its own.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
# Optional: a PostgreSQL streaming replica for reviewer lists and reports (core/routers.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    # Sessions are read from the shared cache and written through to the database (kept on a
    # cache restart): a signed-in page reads no session row.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out credentials before any password check.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "accounts.passwords.Argon2idHasher",
    # Older hashes still verify, and are rewritten with the first hasher at the next login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "real_name", "phone", "id_number")},
    },
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.LettersAndDigitsValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle sessions end after 30 minutes: each request pushes the expiry forward.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
# Each request moves the expiry on, written at most once a minute (core.middleware.SessionRefreshMiddleware).
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A form posted after the session ended is kept this long for the account last signed in on
# that browser (remembered by a signed cookie for HELD_POST_USER_SECONDS), see accounts/held.py.
HELD_POST_SECONDS = envint("HELD_POST_SECONDS", 2 * 60 * 60)
HELD_POST_USER_SECONDS = 7 * 24 * 60 * 60
# The idle warning appears this many seconds before the session ends.
SESSION_WARNING_SECONDS = envint("SESSION_WARNING_SECONDS", 5 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
# How many reverse proxies (nginx, a load balancer) stand in front of the app servers, each
# appending to X-Forwarded-For; 0 means clients connect directly and the header is ignored.
PROXY_COUNT = envint("PROXY_COUNT", 0)
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploads (ID card photos, certificates) live outside the static root and are served
# only through views that check who is asking; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "uploads"))
# With S3_BUCKET set, uploads live on S3-compatible object storage shared by every app server
# (private objects; read back by the same checking views, which stream them).
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    UPLOADS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION", "") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
            "location": os.environ.get("S3_PREFIX", "uploads"),
            "default_acl": None,  # the bucket's policy: private
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
else:
    UPLOADS_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": UPLOADS_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A request whose body is larger is answered 413 before it is read (core.middleware).
MAX_REQUEST_BYTES = envint("MAX_REQUEST_BYTES", 60 * 1024 * 1024)
# Pictures with more pixels are refused from their header, before they are decoded.
UPLOAD_MAX_IMAGE_PIXELS = envint("UPLOAD_MAX_IMAGE_PIXELS", 40_000_000)
# What one application may hold: rows per section, and bytes of files not deleted.
APPLICATION_MAX_ROWS_PER_SECTION = envint("APPLICATION_MAX_ROWS_PER_SECTION", 100)
APPLICATION_MAX_BYTES = envint("APPLICATION_MAX_BYTES", 200 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Image captcha. Test mode (the answer PASSED is accepted) only when asked for explicitly.
CAPTCHA_TEST_MODE = envbool("CAPTCHA_TEST_MODE", False)
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 5
CAPTCHA_IMAGE_SIZE = (100, 38)
CAPTCHA_FONT_SIZE = 28
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.random_char_challenge"

# Lockout after repeated login failures, per account and address.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("LOGIN_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.views.login_locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The client's address comes from one helper (core.net.client_ip) for lockout, SMS caps and audit.
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
AXES_VERBOSE = False

# SMS: "console" prints each message, "locmem" keeps them in accounts.sms.outbox,
# "http" posts them to a gateway.
SMS_BACKEND = {
    "console": "accounts.sms.ConsoleBackend",
    "locmem": "accounts.sms.LocmemBackend",
    "http": "accounts.sms.HttpGatewayBackend",
}.get(os.environ.get("SMS_BACKEND", "console"), os.environ.get("SMS_BACKEND", ""))
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = envsecret("SMS_GATEWAY_TOKEN")
SMS_GATEWAY_TIMEOUT = envint("SMS_GATEWAY_TIMEOUT", 10)
SMS_SIGNATURE = os.environ.get("SMS_SIGNATURE", "【重庆专技服务平台】")
SMS_CODE_TTL_SECONDS = 5 * 60
SMS_RESEND_SECONDS = 60
SMS_MAX_ATTEMPTS = 5
SMS_DAILY_LIMIT_PER_PHONE = envint("SMS_DAILY_LIMIT_PER_PHONE", 10)
SMS_DAILY_LIMIT_PER_IP = envint("SMS_DAILY_LIMIT_PER_IP", 30)
# 通过人工找回 requests (each carries an ID-card photo) per account and per address in a day.
MANUAL_RESET_DAILY_LIMIT_PER_ACCOUNT = envint("MANUAL_RESET_DAILY_LIMIT_PER_ACCOUNT", 3)
MANUAL_RESET_DAILY_LIMIT_PER_IP = envint("MANUAL_RESET_DAILY_LIMIT_PER_IP", 10)

# Identity checks, pluggable like EMAIL_BACKEND.
REALNAME_VERIFIER = os.environ.get("REALNAME_VERIFIER", "accounts.verification.LocalVerifier")
REALNAME_SERVICE_URL = os.environ.get("REALNAME_SERVICE_URL", "")
REALNAME_SERVICE_TOKEN = envsecret("REALNAME_SERVICE_TOKEN")
FACE_VERIFIER = os.environ.get("FACE_VERIFIER", "accounts.verification.UnavailableFaceVerifier")

# Registration and password-reset flows expire if not finished in time.
ACCOUNT_FLOW_SECONDS = envint("ACCOUNT_FLOW_SECONDS", 30 * 60)

# Work off the request path (SMS sending) through Django's task API.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if DEBUG else "django_tasks_db.DatabaseBackend",
        )
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
