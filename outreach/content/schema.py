"""Read and check content files: front matter, links, citations, pages and the glossary.

Pure Python (PyYAML only): no Flask, no database, no network, so the app can
run the same checks at start-up. Every validator returns a list of readable
problems rather than raising on the first one, so a content designer sees
everything that is wrong with a file in one go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import readability

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
MIN_READING_EASE = 60.0

# A top job (registered manager) may have no next step on the site.
ALLOW_EMPTY = {"next_roles"}
PAGE_REQUIRED = {"title": str, "slug": str, "summary": str}
GLOSSARY_REQUIRED = {"term": str, "slug": str, "definition": str}
GLOSSARY_OPTIONAL = {"aliases": list}

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
YEAR_MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
URL = re.compile(r"^https?://\S+$")
# Markdown links, including the target; images are links too for this check.
LINK = re.compile(r"!?\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
CAREERS_FIXED_PATHS = frozenset({"/careers", "/careers/", "/careers/glossary", "/careers/pathways", "/careers/quiz"})


class ContentError(ValueError):
    """A content file cannot be read at all (no front matter, bad YAML)."""


@dataclass
class Document:
    path: Path
    meta: dict[str, Any]
    body: str

    @property
    def file_slug(self) -> str:
        return self.path.stem


@dataclass
class KnownTargets:
    """What internal links may point at."""

    role_slugs: set[str] = field(default_factory=set)
    page_slugs: set[str] = field(default_factory=set)
    glossary_slugs: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown file into (front matter mapping, body)."""
    text = text.lstrip("\ufeff")
    match = re.match(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", text, re.S)
    if not match:
        raise ContentError("no YAML front matter between '---' lines at the top")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ContentError(f"front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ContentError("front matter must be a mapping of keys to values")
    return meta, text[match.end():]


def load_document(path: Path) -> Document:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    return Document(path=path, meta=meta, body=body)


def load_glossary(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ContentError("glossary must be a YAML list of terms")
    return data


# --------------------------------------------------------------------------
# Small checks shared by every kind of content
# --------------------------------------------------------------------------


def _type_name(expected: type) -> str:
    return {str: "text", int: "a whole number", list: "a list", dict: "a mapping"}.get(expected, expected.__name__)


def check_keys(mapping: dict, required: dict, optional: dict | set, where: str) -> list[str]:
    problems = []
    allowed = set(required) | set(optional)
    for key in sorted(set(mapping) - allowed):
        problems.append(f"{where}: unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")
    for key in required:
        empty_ok = key in ALLOW_EMPTY and mapping.get(key) == []
        if key not in mapping or (mapping[key] in (None, "", [], {}) and not empty_ok):
            problems.append(f"{where}: missing required key '{key}'")
    for key, expected in {**required, **(optional if isinstance(optional, dict) else {})}.items():
        value = mapping.get(key)
        if value is None:
            continue
        # bool is a subclass of int; "min_age: yes" must not pass as a number.
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            problems.append(f"{where}: '{key}' must be {_type_name(expected)}, got {value!r}")
    return problems


def string_list(value: Any, key: str, where: str) -> list[str]:
    if not isinstance(value, list):
        return []
    return [
        f"{where}: every item in '{key}' must be non-empty text, got {item!r}"
        for item in value
        if not isinstance(item, str) or not item.strip()
    ]


def check_citation(block: Any, where: str, allowed_keys: set[str]) -> list[str]:
    """A pay block or fact must say where it came from and when."""
    if not isinstance(block, dict):
        return [f"{where}: must be a mapping with text, source, source_url and date"]
    problems = [f"{where}: unknown key '{k}'" for k in sorted(set(block) - allowed_keys)]
    for key in ("text", "source", "source_url", "date"):
        value = block.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: needs '{key}' as text")
    url = block.get("source_url")
    if isinstance(url, str) and url.strip() and not URL.match(url.strip()):
        problems.append(f"{where}: source_url must start with http:// or https://, got {url!r}")
    date = block.get("date")
    if date is not None and not (isinstance(date, str) and YEAR_MONTH.match(date)):
        problems.append(f"{where}: date must be a quoted \"YYYY-MM\" string, got {date!r}")
    return problems


def check_links(body: str, known: KnownTargets, where: str) -> list[str]:
    """Every internal /careers link must point at something that exists."""
    problems = []
    for match in LINK.finditer(body):
        target = match.group("target")
        if not target.startswith("/"):
            continue  # external links are checked by people, not by this test
        if not internal_target_ok(target, known):
            problems.append(f"{where}: broken internal link [{match.group('text')}]({target})")
    return problems


def internal_target_ok(target: str, known: KnownTargets) -> bool:
    if not target.startswith("/careers"):
        return False
    path, _, fragment = target.partition("#")
    if "?" in path:
        return False
    if path == "/careers/glossary":
        return not fragment or fragment in known.glossary_slugs
    if fragment:
        return False
    if path in CAREERS_FIXED_PATHS:
        return True
    parts = path.rstrip("/").split("/")[2:]  # after "", "careers"
    if len(parts) == 1:
        return parts[0] in known.role_slugs
    if len(parts) == 2 and parts[0] == "pages":
        return parts[1] in known.page_slugs
    return False


def sections(body: str) -> dict[str, str]:
    """Map each '## ' heading to the text under it (up to the next '## ')."""
    found: dict[str, str] = {}
    current = None
    lines: list[str] = []
    for line in body.splitlines():
        heading = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if heading:
            if current is not None:
                found[current] = "\n".join(lines)
            current, lines = heading.group(1).strip(), []
        elif current is not None:
            lines.append(line)
    if current is not None:
        found[current] = "\n".join(lines)
    return found


def check_reading_ease(body: str, where: str, minimum: float = MIN_READING_EASE) -> tuple[float, list[str]]:
    stats = readability.markdown_stats(body)
    score = stats.reading_ease
    if score < minimum:
        return score, [
            f"{where}: Flesch reading ease {score:.1f} is under {minimum:.0f} "
            f"({stats.words} words, {stats.sentences} sentences, {stats.syllables} syllables); "
            "use shorter sentences and everyday words"
        ]
    return score, []


# --------------------------------------------------------------------------
# Glossary
# --------------------------------------------------------------------------


def validate_glossary(entries: list[Any]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"glossary item {index + 1}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping with term, slug and definition")
            continue
        where = f"glossary '{entry.get('term', index + 1)}'"
        problems += check_keys(entry, GLOSSARY_REQUIRED, GLOSSARY_OPTIONAL, where)
        problems += string_list(entry.get("aliases"), "aliases", where)
        slug = entry.get("slug")
        if isinstance(slug, str):
            if not SLUG.match(slug):
                problems.append(f"{where}: slug {slug!r} must be lower-case words joined by hyphens")
            if slug in seen:
                problems.append(f"{where}: slug {slug!r} is used twice")
            seen.add(slug)
    return problems


def glossary_patterns(entries: list[dict[str, Any]]) -> list[tuple[str, re.Pattern]]:
    """(slug, pattern) for each glossary term and its aliases, plural-tolerant."""
    patterns = []
    for entry in entries:
        for phrase in [entry["term"], *entry.get("aliases", [])]:
            words = [re.escape(w) for w in phrase.split()]
            body = r"[\s-]+".join(words)
            patterns.append((entry["slug"], re.compile(rf"(?<![\w-]){body}(?:s|es)?(?![\w-])", re.I)))
    return patterns


def check_glossary_first_use(body: str, entries: list[dict[str, Any]], where: str) -> list[str]:
    """The first use of each glossary term must be a link to its glossary entry.

    Headings and the Sources section are ignored (publishers' names are not
    jargon to explain). A match inside a longer term ("Care Certificate" inside
    "Adult Social Care Certificate") belongs to the longer term.
    """
    text = _mask_for_glossary(body)
    links = [(m.start(), m.end(), m.group("target")) for m in LINK.finditer(text)]
    # Search link text only, never link targets ("/careers/registered-manager").
    searchable = list(text)
    for m in LINK.finditer(text):
        searchable[m.start("target"):m.end("target")] = " " * (m.end("target") - m.start("target"))
    searchable = "".join(searchable)
    matches = []
    for slug, pattern in glossary_patterns(entries):
        for m in pattern.finditer(searchable):
            matches.append((m.start(), m.end(), slug, m.group(0)))
    # Drop matches that sit inside a longer match of another term.
    kept = [
        m
        for m in matches
        if not any(o is not m and o[0] <= m[0] and m[1] <= o[1] and (o[1] - o[0]) > (m[1] - m[0]) for o in matches)
    ]
    first: dict[str, tuple[int, int, str]] = {}
    for start, end, slug, found in sorted(kept):
        first.setdefault(slug, (start, end, found))
    problems = []
    for slug, (start, end, found) in sorted(first.items(), key=lambda item: item[1][0]):
        expected = f"/careers/glossary#{slug}"
        if not any(ls <= start and end <= le and target == expected for ls, le, target in links):
            line = text.count("\n", 0, start) + 1
            problems.append(f"{where}: first use of '{found}' (line {line} of the body) should be a link to {expected}")
    return problems


def _mask_for_glossary(body: str) -> str:
    """Blank out headings and the Sources section, keeping offsets stable."""
    out = []
    in_sources = False
    for line in body.splitlines(keepends=True):
        heading = re.match(r"^(#{1,6})\s+(.*)", line)
        if heading:
            in_sources = heading.group(2).strip().lower() == "sources"
        if heading or in_sources:
            out.append(re.sub(r"[^\n]", " ", line))
        else:
            out.append(line)
    return "".join(out)


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------


def validate_page(doc: Document, known: KnownTargets) -> list[str]:
    where = doc.path.name
    problems = check_keys(doc.meta, PAGE_REQUIRED, {}, where)
    slug = doc.meta.get("slug")
    if isinstance(slug, str) and slug != doc.file_slug:
        problems.append(f"{where}: slug {slug!r} must equal the file name {doc.file_slug!r}")
    summary = doc.meta.get("summary")
    if isinstance(summary, str) and len(summary) >= 160:
        problems.append(f"{where}: summary is {len(summary)} characters; keep it under 160")
    if not doc.body.strip():
        problems.append(f"{where}: body is empty")
    problems += check_links(doc.body, known, where)
    return problems
