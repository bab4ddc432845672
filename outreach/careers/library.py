"""Careers content: role explainers, pages and glossary, validated and rendered once.

Files in content/ are read, checked against the schema (content_schema.py) and
rendered to sanitised HTML, then kept in memory. When a file changes on disk the
library is rebuilt on the next request (checked at most every few seconds), so
editing content needs no code change. A broken edit keeps the last good version
and logs the problems; at start-up broken content fails loudly.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nh3
import yaml

from outreach.careers import content_schema as schema

log = logging.getLogger("careways.content")
CONTENT = Path(__file__).resolve().parents[2] / "content"
RECHECK_SECONDS = 3.0

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "a", "strong", "em", "blockquote", "table", "thead",
                "tbody", "tr", "th", "td", "code", "br", "hr", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "th": {"scope"},
                      "abbr": {"title"}}


def render_markdown(text: str) -> str:
    """Markdown to HTML, then sanitised: content is trusted-ish, but never executable."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists", "toc"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener noreferrer",
                     url_schemes={"http", "https", "mailto", "tel"})


def _slugify(title: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    html: str


@dataclass(frozen=True)
class Role:
    slug: str
    title: str
    summary: str
    meta: dict
    sections: tuple[Section, ...]
    html: str

    @property
    def start_at(self) -> list:
        return list(self.meta.get("start_at") or [])

    @property
    def settings(self) -> list[str]:
        return list(self.meta.get("settings") or [])

    @property
    def next_roles(self) -> list[str]:
        return list(self.meta.get("next_roles") or [])

    @property
    def pay(self) -> dict:
        return dict(self.meta.get("pay") or {})

    def section(self, title: str) -> Section | None:
        return next((s for s in self.sections if s.title == title), None)


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str
    html: str


@dataclass
class Library:
    roles: dict[str, Role] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    glossary: list[dict] = field(default_factory=list)
    values: list[dict] = field(default_factory=list)
    quiz: dict = field(default_factory=dict)
    families: dict[str, dict] = field(default_factory=dict)  # content/role_families.yaml

    def role(self, slug: str) -> Role | None:
        return self.roles.get(slug)

    def related_roles(self, slug: str) -> tuple[str, ...]:
        """The role itself first, then every role that shares a family with it (sorted)."""
        related = {member for family in self.families.values() if slug in family["roles"]
                   for member in family["roles"]}
        related.discard(slug)
        return (slug, *sorted(related))

    def value_name(self, key: str) -> str:
        return next((v["name"] for v in self.values if v["key"] == key), key)


def _role_from(doc: schema.Document) -> Role:
    parts = schema.sections(doc.body)
    sections = tuple(Section(_slugify(title), title, render_markdown(text)) for title, text in parts.items())
    return Role(slug=doc.meta["slug"], title=doc.meta["title"], summary=doc.meta["summary"], meta=doc.meta,
                sections=sections, html=render_markdown(doc.body))


def build(content: Path = CONTENT, check_reading_ease: bool = True) -> Library:
    """Read, validate and render everything; raise schema.ContentError listing every problem."""
    role_docs = [schema.load_document(p) for p in sorted((content / "roles").glob("*.md"))]
    page_docs = [schema.load_document(p) for p in sorted((content / "pages").glob("*.md"))]
    glossary = schema.load_glossary(content / "glossary.yaml")
    values = yaml.safe_load((content / "values.yaml").read_text(encoding="utf-8"))
    quiz = yaml.safe_load((content / "quiz.yaml").read_text(encoding="utf-8")) if (content / "quiz.yaml").exists() else {}
    families_file = content / "role_families.yaml"
    families = yaml.safe_load(families_file.read_text(encoding="utf-8")) if families_file.exists() else {}
    known = schema.KnownTargets(
        role_slugs={d.meta.get("slug", d.file_slug) for d in role_docs},
        page_slugs={d.meta.get("slug", d.file_slug) for d in page_docs},
        glossary_slugs={g.get("slug") for g in glossary if isinstance(g, dict)},
    )
    value_keys = [v["key"] for v in values]
    problems: list[str] = schema.validate_glossary(glossary)
    for doc in role_docs:
        problems += schema.validate_role(doc, value_keys, known)
        if check_reading_ease:
            problems += schema.check_reading_ease(doc.body, doc.path.name)[1]
    for doc in page_docs:
        problems += schema.validate_page(doc, known)
    from outreach.careers.quiz import validate_quiz

    problems += validate_quiz(quiz, known.role_slugs)
    problems += validate_families(families, known.role_slugs)
    if problems:
        raise schema.ContentError("content problems:\n  " + "\n  ".join(problems))
    roles = {r.slug: r for r in sorted((_role_from(d) for d in role_docs), key=lambda r: r.title)}
    pages = {d.meta["slug"]: Page(d.meta["slug"], d.meta["title"], d.meta["summary"], render_markdown(d.body))
             for d in page_docs}
    return Library(roles=roles, pages=pages, glossary=sorted(glossary, key=lambda g: g["term"].lower()),
                   values=values, quiz=quiz, families=families)


def validate_families(families, role_slugs: set[str]) -> list[str]:
    """Every family has a title and known roles; every role belongs to at least one family."""
    if not families:
        return []
    if not isinstance(families, dict):
        return ["role_families.yaml: expected a mapping of family keys"]
    problems = []
    placed: set[str] = set()
    for key, family in families.items():
        if not isinstance(family, dict) or not family.get("title") or not isinstance(family.get("roles"), list):
            problems.append(f"role_families.yaml: {key} needs a title and a list of roles")
            continue
        for slug in family["roles"]:
            if slug not in role_slugs:
                problems.append(f"role_families.yaml: {key} names an unknown role {slug!r}")
            placed.add(slug)
    problems += [f"role_families.yaml: role {slug!r} is in no family" for slug in sorted(role_slugs - placed)]
    return problems


def _signature(content: Path) -> tuple:
    files = [*(content / "roles").glob("*.md"), *(content / "pages").glob("*.md"),
             content / "glossary.yaml", content / "values.yaml", content / "quiz.yaml", content / "role_families.yaml",
             content / "titles_without_a_role.yaml"]
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in files if p.exists()))


class CachedLibrary:
    """The built library, rebuilt when the files change (checked at most every RECHECK_SECONDS)."""

    def __init__(self, content: Path = CONTENT):
        self.content = content
        self.lock = threading.Lock()
        self.library = build(content)
        self.signature = _signature(content)
        self.checked_at = time.monotonic()

    def get(self) -> Library:
        if time.monotonic() - self.checked_at < RECHECK_SECONDS:
            return self.library
        with self.lock:
            self.checked_at = time.monotonic()
            signature = _signature(self.content)
            if signature != self.signature:
                try:
                    self.library = build(self.content)
                except (schema.ContentError, OSError, yaml.YAMLError) as error:
                    log.error("content change not applied: %s", error)
                self.signature = signature
        return self.library


def current() -> Library:
    from flask import current_app

    cache = current_app.extensions.get("careways_content")
    if cache is None:
        cache = current_app.extensions["careways_content"] = CachedLibrary()
    return cache.get()


def init_app(app) -> None:
    """Load (and so validate) content at start-up: broken content stops the app with every problem listed."""
    app.extensions["careways_content"] = CachedLibrary()
