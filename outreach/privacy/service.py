"""A person's data rights: download what we hold about them, and delete the account.

The download (``download.py``) holds rows *about* the person, as declared in ``records.py``;
deletion is the one erasure service (``erasure.py``) that the retention job uses too.
"""
from __future__ import annotations

from outreach import audit
from outreach.domain import transaction
from outreach.models.accounts import User
from outreach.privacy import download, erasure


@transaction
def export(user: User) -> dict:
    """Everything about this person, table by table, as JSON-ready data (audited)."""
    data = download.export(user)
    audit.record("privacy.exported", actor=user, subject=user)
    return data


def delete_account(user: User) -> str:
    """Delete (or, where something must be kept, anonymise) the account. Returns "deleted" or "anonymised"."""
    return erasure.erase_person(user, action="account.deleted")
