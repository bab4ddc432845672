"""Where the title loop meets the content: the loaded taxonomy, the content folder and its checks."""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from matching.roles import RoleTaxonomy, role_from_front_matter
from outreach.careers import library as content
from outreach.title_learning import role_files


def taxonomy_for(library) -> RoleTaxonomy:
    """The engine's taxonomy for a loaded library: its roles and the titles that belong to none.
    Built once per load, so an approved title counts as soon as the content reloads."""
    built = getattr(library, "_taxonomy", None)
    if built is None:
        built = RoleTaxonomy([role_from_front_matter(role.meta, role.slug) for role in library.roles.values()],
                             no_role_titles=role_files.no_role_titles(folder()))
        library._taxonomy = built
    return built


def taxonomy() -> RoleTaxonomy:
    return taxonomy_for(content.current())


def guess(title: str) -> str | None:
    """The role the engine would choose for a typed title today (None: it would not guess)."""
    return taxonomy().guess_many([title])[0].slug


def folder() -> Path:
    cache = current_app.extensions.get("careways_content")
    return cache.content if cache is not None else content.CONTENT


def check(folder: Path) -> None:
    """Raise if the content in ``folder`` would not load or build a taxonomy."""
    taxonomy_for(content.build(folder, check_reading_ease=False))


def apply(title: str, role_slug: str | None) -> None:
    """Write an approved title into the content and reload it in this process at once."""
    if role_slug:
        role_files.add_synonym(folder(), role_slug, title, check)
    else:
        role_files.add_no_role_title(folder(), title, check)
    cache = current_app.extensions.get("careways_content")
    if cache is not None:
        cache.checked_at = float("-inf")  # the next read checks the files and rebuilds
