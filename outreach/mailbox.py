"""Whether two email addresses reach the same inbox, for rules such as "a guardian's email may
not be the pupil's own". Case is ignored, a "+tag" is dropped, and Gmail's own equivalences
(googlemail.com is gmail.com; dots in the name are ignored) are applied."""
from __future__ import annotations

GMAIL_DOMAINS = ("gmail.com", "googlemail.com")


def mailbox_key(email: str | None) -> str:
    """One spelling for every spelling of the same inbox ("" for a blank or malformed address)."""
    local, at, domain = (email or "").strip().lower().rpartition("@")
    if not at or not local or not domain:
        return ""
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}" if local else ""


def same_mailbox(first: str | None, second: str | None) -> bool:
    key = mailbox_key(first)
    return bool(key) and key == mailbox_key(second)
