"""The referral form's role picker: every role explainer (outreach.content), plus "Not sure yet"."""
from __future__ import annotations

from outreach import content

NOT_SURE = "not-sure"


def choices() -> list[tuple[str, str]]:
    return [("", "Choose a role"), *content.role_titles().items(), (NOT_SURE, "Not sure yet")]


def title_of(slug: str | None) -> str:
    """How a lead's role reads: "Not sure yet", the role's title, or (for a role since removed) its slug."""
    if not slug or slug == NOT_SURE:
        return "Not sure yet"
    return content.role_title(slug) or slug.replace("-", " ").capitalize()
