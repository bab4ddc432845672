"""Roles a friend may be interested in, read once from the role explainers' front matter."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

ROLES_DIR = Path(__file__).resolve().parents[2] / "content" / "roles"
NOT_SURE = "not-sure"


@lru_cache(maxsize=1)
def role_titles() -> dict[str, str]:
    titles: dict[str, str] = {}
    for path in sorted(ROLES_DIR.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        try:
            meta = yaml.safe_load(text.split("---", 2)[1]) or {}
        except yaml.YAMLError:
            continue
        slug, title = meta.get("slug") or path.stem, meta.get("title")
        if title:
            titles[str(slug)] = str(title)
    return dict(sorted(titles.items(), key=lambda item: item[1]))


def choices() -> list[tuple[str, str]]:
    return [("", "Choose a role"), *role_titles().items(), (NOT_SURE, "Not sure yet")]


def title_of(slug: str | None) -> str:
    if not slug or slug == NOT_SURE:
        return "Not sure yet"
    return role_titles().get(slug, slug.replace("-", " ").capitalize())
