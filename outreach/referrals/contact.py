"""Friends' contact details: UK phone numbers in one format, and keyed digests for the fair rules.

Digests (HMAC-SHA256 with the app's secret) let us recognise the same friend for 12 months
after their name, email and phone have been erased, without keeping the details themselves.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from flask import current_app

from outreach.domain import DomainError

PHONE_CHARS = re.compile(r"[\s\-().]")


class BadPhone(DomainError, ValueError):
    """Not a UK phone number."""


def normalise_phone(raw: str | None) -> str | None:
    """A UK number as 11 digits starting 0 (07700900123), or None if blank; BadPhone if not a UK number."""
    if raw is None or not raw.strip():
        return None
    digits = PHONE_CHARS.sub("", raw.strip())
    for prefix in ("+44", "0044"):
        if digits.startswith(prefix):
            rest = digits[len(prefix):]
            digits = "0" + (rest[1:] if rest.startswith("0") else rest)  # +44 (0)7700 ... is common
            break
    else:
        if digits.startswith("44") and len(digits) == 12:
            digits = "0" + digits[2:]
    if not re.fullmatch(r"0[1-37]\d{9}", digits):
        raise BadPhone("Enter a UK phone number, like 07700 900123 or 01305 123456")
    return digits


def display_phone(phone: str | None) -> str:
    if not phone:
        return ""
    if phone.startswith("07") or phone.startswith("01"):
        return f"{phone[:5]} {phone[5:]}"
    return f"{phone[:3]} {phone[3:7]} {phone[7:]}"


def normalise_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    return email or None


def digest(value: str | None) -> str | None:
    if not value:
        return None
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"careways-lead:" + value.encode(), hashlib.sha256).hexdigest()
