"""Unsubscribing from non-essential email, by link, without signing in.

The link carries the address encrypted and authenticated with a key derived from the app's
secret (AES-SIV, from the cryptography package), so it reveals nothing to whoever sees the link,
needs no storage and keeps working for as long as the secret does. Links sent before this change
carried the address in base64, signed; they keep working (``_legacy_address``) so nobody who kept
an old email loses the way out, but no new link is made that way. Unsubscribing records the address
(and its account, if there is one); queue_email and the sender then skip non-essential mail to it.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from flask import current_app
from itsdangerous import BadSignature, Signer
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from outreach import audit, clock
from outreach.domain import DomainError
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.outbox import EmailUnsubscribe

SALT = "careways-unsubscribe-v1"


class BadUnsubscribeLink(DomainError):
    message = "This unsubscribe link is not complete. Copy the whole link from the email and try again."

    def __init__(self):
        super().__init__(BadUnsubscribeLink.message)


def normalise(address: str) -> str:
    return (address or "").strip().lower()


def signer(salt: str, cls=Signer) -> Signer:
    """An itsdangerous signer whose key is derived from the app secret once, not per token
    (jobs sign tens of thousands of links in one sweep)."""
    secret = current_app.config["SECRET_KEY"]
    cache = current_app.extensions.setdefault("careways_signers", {})
    found = cache.get((salt, cls, secret))
    if found is None:
        key = hmac.new(secret.encode(), salt.encode(), hashlib.sha256).digest()
        found = cache[(salt, cls, secret)] = cls(key, salt=salt, key_derivation="none", digest_method=hashlib.sha256)
    return found


def _cipher() -> AESSIV:
    """AES-SIV: deterministic authenticated encryption, so one address always gets one link
    (the List-Unsubscribe header and the body agree) and a changed token is refused."""
    secret = current_app.config["SECRET_KEY"]
    cache = current_app.extensions.setdefault("careways_signers", {})
    found = cache.get(("aes-siv", SALT, secret))
    if found is None:
        key = b"".join(hmac.new(secret.encode(), f"{SALT}:encrypt:{part}".encode(), hashlib.sha256).digest()
                       for part in (1, 2))
        found = cache[("aes-siv", SALT, secret)] = AESSIV(key)
    return found


def token_for(address: str) -> str:
    """An opaque token for the address: encrypted and authenticated, so it reveals nothing."""
    sealed = _cipher().encrypt(normalise(address).encode(), [SALT.encode()])
    return "u" + base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def _legacy_address(token: str) -> str:
    """Links sent before tokens were opaque: the address in base64, signed."""
    encoded = signer(SALT).unsign((token or "").encode())
    return base64.urlsafe_b64decode(encoded + b"=" * (-len(encoded) % 4)).decode()


def address_from(token: str) -> str:
    token = (token or "").strip()[:1000]
    try:
        if not token.startswith("u"):
            raise ValueError("not an opaque token")
        sealed = base64.urlsafe_b64decode(token[1:] + "=" * (-len(token[1:]) % 4))
        address = _cipher().decrypt(sealed, [SALT.encode()]).decode()
    except (InvalidTag, binascii.Error, UnicodeDecodeError, ValueError):
        try:
            address = _legacy_address(token)
        except (BadSignature, binascii.Error, UnicodeDecodeError, ValueError):
            raise BadUnsubscribeLink() from None
    if "@" not in address:
        raise BadUnsubscribeLink()
    return address


def path_for_address(address: str) -> str:
    from outreach.mail.links import path_template

    return path_template("mail.unsubscribe_page", "token").format(token=token_for(address))


def is_unsubscribed(address: str, user=None, user_id: int | None = None) -> bool:
    user_id = user_id if user_id is not None else getattr(user, "id", None)
    query = select(EmailUnsubscribe.id).where(EmailUnsubscribe.address == normalise(address))
    if user_id is not None:
        query = select(EmailUnsubscribe.id).where(
            (EmailUnsubscribe.address == normalise(address)) | (EmailUnsubscribe.user_id == user_id)
        )
    return db.session.execute(query.limit(1)).first() is not None


def unsubscribed_among(addresses) -> set[str]:
    """The addresses (normalised) in the list that unsubscribed: one query for a whole batch."""
    wanted = sorted({normalise(a) for a in addresses if a})
    found: set[str] = set()
    for start in range(0, len(wanted), 900):
        chunk = wanted[start:start + 900]
        found.update(db.session.execute(
            select(EmailUnsubscribe.address).where(EmailUnsubscribe.address.in_(chunk))
        ).scalars())
        found.update(db.session.execute(
            select(func.lower(User.email)).join(EmailUnsubscribe, EmailUnsubscribe.user_id == User.id)
            .where(func.lower(User.email).in_(chunk))
        ).scalars())
    return found


def unsubscribe(token: str) -> str:
    """Record the unsubscribe (idempotent) and return the address."""
    address = address_from(token)
    user = db.session.execute(select(User).where(func.lower(User.email) == address)).scalar_one_or_none()
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(EmailUnsubscribe)
        .values(address=address, user_id=getattr(user, "id", None), created_at=clock.now())
        .on_conflict_do_nothing(index_elements=["address"])
    )
    audit.record("email.unsubscribed", actor=user, subject_type="EmailAddress",
                 subject_id=user.public_id if user else None)
    db.session.commit()
    return address


def resubscribe(token: str) -> str:
    address = address_from(token)
    user = db.session.execute(select(User).where(func.lower(User.email) == address)).scalar_one_or_none()
    condition = EmailUnsubscribe.address == address
    if user is not None:
        condition = condition | (EmailUnsubscribe.user_id == user.id)
    db.session.execute(delete(EmailUnsubscribe).where(condition))
    audit.record("email.resubscribed", actor=user, subject_type="EmailAddress",
                 subject_id=user.public_id if user else None)
    db.session.commit()
    return address
