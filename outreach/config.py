"""Settings read from the environment, one class per mode (twelve-factor).

Development and test run on an SQLite file under ``instance/`` by default;
production refuses to start with a missing or development secret.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
DEV_SECRET_FILE = INSTANCE / "dev-secret-key"


def normalise_database_url(url: str) -> str:
    """Accept the common spellings of a PostgreSQL URL and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def default_database_url() -> str:
    INSTANCE.mkdir(exist_ok=True)
    return f"sqlite:///{INSTANCE / 'careways.db'}"


def development_secret() -> str:
    """A random key kept in instance/ so restarts keep sessions; never used in production."""
    INSTANCE.mkdir(exist_ok=True)
    if not DEV_SECRET_FILE.exists():
        DEV_SECRET_FILE.write_text(secrets.token_hex(32))
        DEV_SECRET_FILE.chmod(0o600)
    return DEV_SECRET_FILE.read_text().strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class BaseConfig:
    ENV_NAME = "base"
    SITE_NAME = "CareWays"
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # Never log statement parameters: they hold emails, dates of birth and password hashes.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    WTF_CSRF_TIME_LIMIT = 3600 * 4
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # The content folder (roles, pages, questionnaire...); default the repository's content/. Admins'
    # approved job titles are written into it, so a deployment that wants them kept points it at a volume.
    CONTENT_DIR = os.environ.get("CONTENT_DIR") or None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "careways_session"
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # Server-side session limits (ASVS 7.3.1 / 7.3.2).
    SESSION_IDLE_TIMEOUT = timedelta(hours=2)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    # Sign-in throttling (ASVS 6.3.1): failures allowed per window.
    SIGNIN_MAX_FAILURES_PER_ACCOUNT = 10
    SIGNIN_MAX_ATTEMPTS_PER_ADDRESS = 50
    SIGNIN_WINDOW_SECONDS = 15 * 60
    SIGNUP_MAX_PER_ADDRESS = 20
    RESET_MAX_PER_ADDRESS = 20
    RESET_MAX_PER_ACCOUNT = 5  # reset emails to one account per hour, however many addresses ask
    RESET_TOKEN_LIFETIME = timedelta(minutes=60)
    # One-time sign-in links for an owner locked out by other people's failed guesses.
    SIGNIN_LINK_LIFETIME = timedelta(minutes=15)
    SIGNIN_LINK_MAX_PER_ACCOUNT = 3  # per hour
    SIGNIN_LINK_MAX_PER_ADDRESS = 20  # per hour
    VERIFY_TOKEN_LIFETIME = timedelta(days=3)
    INVITE_TOKEN_LIFETIME = timedelta(days=14)
    # Argon2id at or above OWASP ASVS 5.0 Appendix C (m >= 19 MiB, t >= 2, p = 1).
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19456
    ARGON2_PARALLELISM = 1
    HSTS = False
    PREFERRED_URL_SCHEME = "http"

    def __init__(self) -> None:
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(
            os.environ.get("DATABASE_URL") or default_database_url()
        )
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or development_secret()
        self.REDIS_URL = os.environ.get("REDIS_URL")
        self.PORT = int(os.environ.get("PORT", "8000"))
        self.BASE_URL = os.environ.get("BASE_URL", f"http://127.0.0.1:{self.PORT}")
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
        self.MAIL_USE_TLS = env_bool("MAIL_USE_TLS")
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
        self.MAIL_DEFAULT_SENDER = os.environ.get(
            "MAIL_DEFAULT_SENDER", "CareWays <no-reply@careways.example>"
        )
        self.SAFEGUARDING_EMAIL = os.environ.get(
            "SAFEGUARDING_EMAIL", "safeguarding@careways.example"
        )
        # Where organisations write to us, for example about a suspension.
        self.SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL", "support@careways.example")


class DevelopmentConfig(BaseConfig):
    ENV_NAME = "development"


class TestConfig(BaseConfig):
    ENV_NAME = "test"
    TESTING = True
    BUFFER_VIEW_COUNTS = False  # count each view at once so tests can read it
    # Cheap hashing: tests make thousands of accounts and sign-ins. The production strength is
    # proved by tests/foundation/test_accounts.py, which hashes with ProductionConfig's settings.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8

    def __init__(self) -> None:
        super().__init__()
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(
            os.environ.get("TEST_DATABASE_URL") or "sqlite:///" + str(INSTANCE / "test.db")
        )
        self.SECRET_KEY = "test-secret-key-not-for-production"
        self.MAIL_SERVER = None
        self.BASE_URL = "http://localhost"


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    HSTS = True
    PREFERRED_URL_SCHEME = "https"

    def __init__(self) -> None:
        super().__init__()
        secret = os.environ.get("SECRET_KEY", "")
        if not secret or len(secret) < 32 or (
            DEV_SECRET_FILE.exists() and secret == DEV_SECRET_FILE.read_text().strip()
        ):
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production"
            )
        self.SECRET_KEY = secret


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> BaseConfig:
    name = os.environ.get("CAREWAYS_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"CAREWAYS_ENV must be one of {', '.join(CONFIGS)}")
    return CONFIGS[name]()
