"""Everything in content/, for every feature: one loader, one checked snapshot, small accessors.

``loader.current()`` is the snapshot of the app's content folder (``CONTENT_DIR`` in the config,
by default the repository's content/), rebuilt when a file changes; every reader below goes
through it, so a content edit reaches the careers pages, the taster and referral role pickers,
the vacancy form, the API and the matching engine's taxonomy at the same moment.
"""
from __future__ import annotations

from collections.abc import Mapping

from matching.roles import RoleTaxonomy
from outreach.content.loader import Page, Role, Snapshot, current, init_app

__all__ = ["Page", "Role", "Snapshot", "current", "init_app", "roles", "role", "role_titles", "role_title",
           "page", "glossary", "values", "value_keys", "value_names", "report", "taxonomy"]


def roles() -> tuple[Role, ...]:
    """Every role explainer, in title order."""
    return tuple(current().roles.values())


def role(slug: str | None) -> Role | None:
    return current().role(slug)


def role_titles() -> dict[str, str]:
    """slug -> title for every role, in title order (what every role picker offers)."""
    return {slug: r.title for slug, r in current().roles.items()}


def role_title(slug: str | None) -> str | None:
    """The role's title, or None for no slug or a slug that is not (or no longer) a role."""
    found = current().role(slug)
    return found.title if found else None


def page(slug: str) -> Page | None:
    return current().pages.get(slug)


def glossary() -> tuple[dict, ...]:
    return current().glossary


def values() -> tuple[dict, ...]:
    """The eight values (key, name, short, description) in their canonical order."""
    return current().values


def value_keys() -> tuple[str, ...]:
    return tuple(v["key"] for v in values())


def value_names() -> dict[str, str]:
    return {v["key"]: v["name"] for v in values()}


def report() -> Mapping:
    """The questionnaire report's wording (content/questionnaires/report.yaml)."""
    return current().report


def taxonomy() -> RoleTaxonomy:
    """The matching engine's role taxonomy for the current roles (rebuilt with the snapshot)."""
    return current().taxonomy
