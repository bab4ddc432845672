"""Choices that come from content/: the eight values and the role explainers' slugs."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from outreach.questionnaire.bank import load_values

ROLES_DIR = Path(__file__).resolve().parents[2] / "content" / "roles"


@lru_cache(maxsize=1)
def values() -> tuple[dict, ...]:
    """The eight values (key, name, short, description) in their canonical order."""
    return tuple(load_values())


def value_keys() -> tuple[str, ...]:
    return tuple(v["key"] for v in values())


def value_names() -> dict[str, str]:
    return {v["key"]: v["name"] for v in values()}


@lru_cache(maxsize=1)
def roles() -> tuple[tuple[str, str], ...]:
    """(slug, title) for every role explainer, sorted by title."""
    found = []
    for path in sorted(ROLES_DIR.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        meta = yaml.safe_load(text.split("---", 2)[1]) or {}
        slug = meta.get("slug") or path.stem
        found.append((slug, meta.get("title") or slug.replace("-", " ").capitalize()))
    return tuple(sorted(found, key=lambda pair: pair[1]))


def role_title(slug: str | None) -> str | None:
    return dict(roles()).get(slug) if slug else None
