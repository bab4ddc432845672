"""Where the title loop meets the content: the loaded taxonomy, the content folder and its checks."""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from outreach import content
from outreach.content import loader, title_edits


def guess(title: str) -> str | None:
    """The role the engine would choose for a typed title today (None: it would not guess)."""
    return content.taxonomy().guess_many([title])[0].slug


def _cache() -> loader.CachedContent:
    content.current()  # makes sure the app's cache exists
    return current_app.extensions["careways_content"]


def check(folder: Path) -> None:
    """Raise if the content in ``folder`` would not load or build a taxonomy (an ambiguous
    abbreviation, say): building the snapshot's taxonomy is the check."""
    _ = loader.build(folder, check_reading_ease=False).taxonomy


def apply(title: str, role_slug: str | None) -> None:
    """Write an approved title into the content and reload it in this process at once (other
    processes see it within the content's recheck interval)."""
    cache = _cache()
    if role_slug:
        title_edits.add_synonym(cache.content, content.role(role_slug), title, check)
    else:
        title_edits.add_no_role_title(cache.content, title, content.current().no_role_titles, check)
    cache.checked_at = float("-inf")  # the next read compares the files and rebuilds
