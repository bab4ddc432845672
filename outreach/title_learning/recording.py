"""Keep the title a recruiter typed beside the role they chose, when the engine did not already know it."""
from __future__ import annotations

from collections.abc import Callable

from outreach.extensions import db
from outreach.models.titles import TitleChoice

MAX_TITLE = 120


def title_key(title: str) -> str:
    """The grouping key: case and spacing do not make a different title."""
    return " ".join((title or "").split()).lower()[:MAX_TITLE]


def record(title: str, role_slug: str | None, *, kind: str, organisation, guess: Callable[[str], str | None]) -> bool:
    """Keep (title, chosen role) when ``guess(title)`` is not the chosen role; True if kept.

    Called inside the posting service's transaction. Nothing about the person typing is kept
    beyond their organisation, which an admin sees only as a count.
    """
    key = title_key(title)
    if not key:
        return False
    guessed = guess(title)
    if guessed == (role_slug or None):
        return False
    db.session.add(TitleChoice(title=" ".join(title.split())[:MAX_TITLE], title_key=key, role_slug=role_slug or None,
                               guessed_slug=guessed, kind=kind,
                               organisation_id=getattr(organisation, "id", None)))
    return True
