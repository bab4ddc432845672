"""Password hashing (argon2id at the ASVS 5.0 minimum) and the password policy."""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt.gz"
# Words that make a password easy to guess here (ASVS 6.2.11).
CONTEXT_WORDS = ("careways", "carehome", "care home", "caring", "password", "carer123")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return hasher().hash(password)


@lru_cache(maxsize=4)
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism).hash(
        "a password nobody has"
    )


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password. With no stored hash, still spend the same time (no timing enumeration)."""
    h = hasher()
    if stored_hash is None:
        try:
            h.verify(_dummy_hash(h.time_cost, h.memory_cost, h.parallelism), password + "x")
        except VerificationError:
            pass
        return False
    try:
        return h.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def password_problem(password: str, *, email: str = "", names: tuple[str, ...] = ()) -> str | None:
    """Return why a new password is refused, or None. No composition rules (ASVS 6.2.5)."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters. A short sentence you will remember works well."
    if len(password) > MAX_LENGTH:
        return f"Use {MAX_LENGTH} characters or fewer."
    lowered = password.lower()
    if lowered in common_passwords() or lowered.strip() in common_passwords():
        return "That password is one of the most common ones, so it is easy to guess. Choose another."
    compact = lowered.replace(" ", "")
    for word in CONTEXT_WORDS + tuple(n.lower() for n in names if n and len(n) >= 4):
        if compact == word.replace(" ", "") or compact.rstrip("0123456789!") == word.replace(" ", ""):
            return "That password is too easy to guess from this site or your name. Choose another."
    local_part = email.split("@")[0].lower()
    if local_part and len(local_part) >= 4 and local_part in lowered and len(lowered) - len(local_part) < 6:
        return "Your password should not be based on your email address."
    return None
