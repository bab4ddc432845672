"""The one content loader: roles, pages, glossary, values, quiz, role families, the questionnaire
bank and its report wording, and the reference tables (areas, workforce baseline, pay rates,
motivation questions).

Files in content/ are read, checked (schema.py, role_schema.py, questionnaire.py) and
rendered to sanitised HTML, then kept in memory as an immutable Snapshot that every
feature reads (through outreach.content's accessors). When a file changes on disk the
snapshot is rebuilt on the next request (checked at most every few seconds), so
editing content needs no code change. A broken edit keeps the last good version
and logs the problems; at start-up broken content fails loudly.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import markdown
import nh3
import yaml
from flask import current_app, has_app_context

from matching.roles import RoleTaxonomy, role_from_front_matter
from outreach.content import questionnaire, reference, role_schema, schema
from outreach.content.schema import CONTENT_DIR

log = logging.getLogger("careways.content")
RECHECK_SECONDS = 3.0
# Besides roles/*.md and pages/*.md: the files whose change reloads the snapshot.
WATCHED = ("glossary.yaml", "values.yaml", "quiz.yaml", "role_families.yaml", "questionnaires/values.yaml",
           "questionnaires/report.yaml",
           "areas.yaml", "workforce_baseline.yaml", "pay_rates.yaml", "motivation_questions.yaml",
           "titles_without_a_role.yaml")

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


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Everything in content/ at one moment, checked: never changed, only replaced by a newer one."""

    roles: Mapping[str, Role]  # by slug, in title order
    pages: Mapping[str, Page]
    glossary: tuple[dict, ...]
    values: tuple[dict, ...]  # the eight values in their canonical order (content/values.yaml)
    quiz: Mapping
    families: Mapping[str, dict]  # content/role_families.yaml
    bank: questionnaire.Bank  # the current values questionnaire (content/questionnaires/values.yaml)
    report: Mapping  # questionnaire report wording (content/questionnaires/report.yaml)
    areas: tuple[reference.Area, ...]  # reference tables: see reference.py
    baseline: tuple[reference.BaselineShare, ...]
    pay_rates: tuple[reference.Rates, ...]
    motivation_questions: tuple[reference.Question, ...]
    no_role_titles: tuple[str, ...] = ()  # job titles that belong to no role (content/titles_without_a_role.yaml)

    def role(self, slug: str | None) -> Role | None:
        return self.roles.get(slug) if slug else None

    def related_roles(self, slug: str) -> tuple[str, ...]:
        """The role itself first, then every role that shares a family with it (sorted)."""
        related = {member for family in self.families.values() if slug in family["roles"]
                   for member in family["roles"]}
        related.discard(slug)
        return (slug, *sorted(related))

    def value_name(self, key: str) -> str:
        return next((v["name"] for v in self.values if v["key"] == key), key)

    @cached_property
    def taxonomy(self) -> RoleTaxonomy:
        """The matching engine's role vocabulary for these roles (synonyms, abbreviations)."""
        return RoleTaxonomy([role_from_front_matter(role.meta, role.slug) for role in self.roles.values()],
                            no_role_titles=self.no_role_titles)


def _role_from(doc: schema.Document) -> Role:
    parts = schema.sections(doc.body)
    sections = tuple(Section(_slugify(title), title, render_markdown(text)) for title, text in parts.items())
    return Role(slug=doc.meta["slug"], title=doc.meta["title"], summary=doc.meta["summary"], meta=doc.meta,
                sections=sections, html=render_markdown(doc.body))


def build(content: Path = CONTENT_DIR, check_reading_ease: bool = True) -> Snapshot:
    """Read, validate and render everything; raise schema.ContentError listing every problem."""
    from outreach.careers.quiz import validate_quiz

    role_docs = [schema.load_document(p) for p in sorted((content / "roles").glob("*.md"))]
    page_docs = [schema.load_document(p) for p in sorted((content / "pages").glob("*.md"))]
    glossary = schema.load_glossary(content / "glossary.yaml")
    values = questionnaire.load_values(content / "values.yaml")
    value_keys = tuple(v["key"] for v in values)
    bank = questionnaire.load_bank(content / "questionnaires" / "values.yaml", content / "values.yaml")
    report = questionnaire.load_report(content / "questionnaires" / "report.yaml", value_keys)
    quiz = _optional_yaml(content / "quiz.yaml")
    families = _optional_yaml(content / "role_families.yaml")
    known = schema.KnownTargets(
        role_slugs={d.meta.get("slug", d.file_slug) for d in role_docs},
        page_slugs={d.meta.get("slug", d.file_slug) for d in page_docs},
        glossary_slugs={g.get("slug") for g in glossary if isinstance(g, dict)},
    )
    problems: list[str] = schema.validate_glossary(glossary)
    for doc in role_docs:
        problems += role_schema.validate_role(doc, value_keys, known)
        if check_reading_ease:
            problems += schema.check_reading_ease(doc.body, doc.path.name)[1]
    for doc in page_docs:
        problems += schema.validate_page(doc, known)
    problems += validate_quiz(quiz, known.role_slugs)
    problems += role_schema.validate_families(families, known.role_slugs)
    if problems:
        raise schema.ContentError("content problems:\n  " + "\n  ".join(problems))
    roles = {r.slug: r for r in sorted((_role_from(d) for d in role_docs), key=lambda r: r.title)}
    pages = {d.meta["slug"]: Page(d.meta["slug"], d.meta["title"], d.meta["summary"], render_markdown(d.body))
             for d in page_docs}
    return Snapshot(roles=MappingProxyType(roles), pages=MappingProxyType(pages),
                    glossary=tuple(sorted(glossary, key=lambda g: g["term"].lower())), values=tuple(values),
                    quiz=quiz, families=MappingProxyType(families), bank=bank, report=report,
                    areas=reference.load_areas(content / "areas.yaml"),
                    baseline=reference.load_baseline(content / "workforce_baseline.yaml"),
                    pay_rates=reference.load_pay_rates(content / "pay_rates.yaml"),
                    motivation_questions=reference.load_motivation_questions(content / "motivation_questions.yaml"),
                    no_role_titles=_no_role_titles(content / "titles_without_a_role.yaml"))


def _no_role_titles(path: Path) -> tuple[str, ...]:
    titles = _optional_yaml(path).get("titles") or []
    if not isinstance(titles, list) or not all(isinstance(t, str) and t.strip() for t in titles):
        raise schema.ContentError(f"{path.name}: titles must be a list of job titles")
    return tuple(titles)


def _optional_yaml(path: Path) -> dict:
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}


def _signature(content: Path) -> tuple:
    files = [*(content / "roles").glob("*.md"), *(content / "pages").glob("*.md"),
             *(content / name for name in WATCHED)]
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in files if p.exists()))


class CachedContent:
    """The snapshot of one content folder, rebuilt when its files change (checked at most every
    RECHECK_SECONDS). The only reload rule: every reader gets the new snapshot at the same moment."""

    def __init__(self, content: Path = CONTENT_DIR):
        self.content = Path(content)
        self.lock = threading.Lock()
        self.snapshot = build(self.content)
        self.signature = _signature(self.content)
        self.checked_at = time.monotonic()

    def get(self) -> Snapshot:
        if time.monotonic() - self.checked_at < RECHECK_SECONDS:
            return self.snapshot
        with self.lock:
            self.checked_at = time.monotonic()
            signature = _signature(self.content)
            if signature != self.signature:
                try:
                    self.snapshot = build(self.content)
                except (ValueError, OSError, yaml.YAMLError) as error:  # ContentError and BankError are ValueErrors
                    log.error("content change not applied: %s", error)
                self.signature = signature
        return self.snapshot


_caches: dict[Path, CachedContent] = {}
_caches_lock = threading.Lock()


def cache_for(content: Path | str) -> CachedContent:
    """One cache per content folder in this process (so the app and code outside a request share it)."""
    key = Path(content).resolve()
    with _caches_lock:
        if key not in _caches:
            _caches[key] = CachedContent(key)
        return _caches[key]


def current() -> Snapshot:
    """The app's content (its CONTENT_DIR), or the repository's content/ outside an app."""
    if not has_app_context():
        return cache_for(CONTENT_DIR).get()
    cache = current_app.extensions.get("careways_content")
    if cache is None:
        cache = current_app.extensions["careways_content"] = cache_for(current_app.config.get("CONTENT_DIR")
                                                                       or CONTENT_DIR)
    return cache.get()


def init_app(app) -> None:
    """Load (and so validate) content at start-up: broken content stops the app with every problem listed."""
    app.extensions["careways_content"] = cache_for(app.config.get("CONTENT_DIR") or CONTENT_DIR)
