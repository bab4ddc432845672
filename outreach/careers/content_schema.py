"""Load and validate CareWays careers content (roles, pages, glossary).

Pure Python (PyYAML only): no Flask, no database, no network, so the app can
run the same checks at start-up. Every validator returns a list of readable
problems rather than raising on the first one, so a content designer sees
everything that is wrong with a file in one go.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from . import readability

MIN_READING_EASE = 60.0
MIN_ROLES = 16

SETTINGS = frozenset(
    {
        "care-home",
        "nursing-home",
        "home-care",
        "supported-living",
        "day-service",
        "community",
        "hospital-discharge",
    }
)
START_AT = frozenset({16, 18, "degree"})
MIN_AGE_RANGE = (14, 21)

ROLE_SECTIONS = (
    "What a day looks like",
    "What is hard",
    "What is rewarding",
    "How to start at 14",
    "How to start at 16",
    "How to start at 18",
    "A story from the job",
    "Sources",
)

ROLE_REQUIRED = {
    "title": str,
    "slug": str,
    "summary": str,
    "synonyms": list,
    "pay": dict,
    "min_age": int,
    "start_at": list,
    "entry_routes": list,
    "qualifications": list,
    "next_roles": list,
    "values": list,
    "settings": list,
    "at_a_glance": dict,
    "illustration": dict,
}
# The summary at the top of a role page: short lines a 14-year-old reads first.
GLANCE_KEYS = {"does": str, "hours": str, "at_14": str, "at_16": str, "at_18": str}
GLANCE_MAX = 110
STORY_MAX_WORDS = 100
ILLUSTRATION_KEYS = {"scene": str, "alt": str}
# A top job (registered manager) may have no next step on the site.
ALLOW_EMPTY = {"next_roles"}
ROLE_OPTIONAL = {"abbreviations": list, "facts": list}
PAY_KEYS = {"text", "hourly_from", "hourly_to", "annual_from", "annual_to", "source", "source_url", "date"}
PAY_NUMBERS = ("hourly_from", "hourly_to", "annual_from", "annual_to")
FACT_KEYS = {"text", "source", "source_url", "date"}
PAGE_REQUIRED = {"title": str, "slug": str, "summary": str}
GLOSSARY_REQUIRED = {"term": str, "slug": str, "definition": str}
GLOSSARY_OPTIONAL = {"aliases": list}

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
YEAR_MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
URL = re.compile(r"^https?://\S+$")
ABBREVIATION = re.compile(r"^[A-Za-z0-9]{2,4}$")
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


def load_value_keys(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [item["key"] for item in data]


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
    for key, expected in required.items():
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


def _string_list(value: Any, key: str, where: str) -> list[str]:
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
        problems += _string_list(entry.get("aliases"), "aliases", where)
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
# Roles
# --------------------------------------------------------------------------


def validate_role(doc: Document, value_keys: Iterable[str], known: KnownTargets) -> list[str]:
    meta, where = doc.meta, doc.path.name
    value_keys = set(value_keys)
    problems = check_keys(meta, ROLE_REQUIRED, ROLE_OPTIONAL, where)

    slug = meta.get("slug")
    if isinstance(slug, str) and slug != doc.file_slug:
        problems.append(f"{where}: slug {slug!r} must equal the file name {doc.file_slug!r}")
    summary = meta.get("summary")
    if isinstance(summary, str) and len(summary) >= 140:
        problems.append(f"{where}: summary is {len(summary)} characters; keep it under 140")

    for key in ("synonyms", "abbreviations", "entry_routes", "qualifications", "next_roles", "values", "settings"):
        problems += _string_list(meta.get(key), key, where)
    synonyms = meta.get("synonyms")
    if isinstance(synonyms, list):
        if len(synonyms) < 4:
            problems.append(f"{where}: needs at least 4 synonyms (names people type), has {len(synonyms)}")
        lowered = [s.lower().strip() for s in synonyms if isinstance(s, str)]
        for dup in sorted({s for s in lowered if lowered.count(s) > 1}):
            problems.append(f"{where}: synonym {dup!r} is listed more than once")
    for abbreviation in meta.get("abbreviations") or []:
        if isinstance(abbreviation, str) and not ABBREVIATION.match(abbreviation):
            problems.append(f"{where}: abbreviation {abbreviation!r} should be 2 to 4 letters or digits")

    min_age = meta.get("min_age")
    if isinstance(min_age, int) and not isinstance(min_age, bool):
        low, high = MIN_AGE_RANGE
        if not low <= min_age <= high:
            problems.append(f"{where}: min_age {min_age} must be between {low} and {high}")
    start_at = meta.get("start_at")
    if isinstance(start_at, list):
        for item in start_at:
            if item not in START_AT or isinstance(item, bool):
                problems.append(f"{where}: start_at value {item!r} must be one of 16, 18, degree")

    for item in meta.get("next_roles") or []:
        if isinstance(item, str) and item not in known.role_slugs:
            problems.append(f"{where}: next_roles has unknown role {item!r}")
        if item == slug:
            problems.append(f"{where}: next_roles must not point back at the role itself")
    values = meta.get("values")
    if isinstance(values, list):
        if not 2 <= len(values) <= 4:
            problems.append(f"{where}: list 2 to 4 values, not {len(values)}")
        for item in values:
            if item not in value_keys:
                problems.append(f"{where}: unknown value key {item!r} (see content/values.yaml)")
    for item in meta.get("settings") or []:
        if item not in SETTINGS:
            problems.append(f"{where}: unknown setting {item!r} (allowed: {', '.join(sorted(SETTINGS))})")

    pay = meta.get("pay")
    if isinstance(pay, dict):
        problems += check_citation(pay, f"{where} pay", PAY_KEYS)
        for key in PAY_NUMBERS:
            if key in pay and (not isinstance(pay[key], (int, float)) or isinstance(pay[key], bool)):
                problems.append(f"{where} pay: '{key}' must be a number, got {pay[key]!r}")
    facts = meta.get("facts") or []
    if isinstance(facts, list):
        for index, fact in enumerate(facts):
            problems += check_citation(fact, f"{where} facts[{index}]", FACT_KEYS)

    glance = meta.get("at_a_glance")
    if isinstance(glance, dict):
        problems += check_keys(glance, GLANCE_KEYS, set(), f"{where} at_a_glance")
        for key, text in glance.items():
            if isinstance(text, str) and len(text) > GLANCE_MAX:
                problems.append(f"{where} at_a_glance: '{key}' is {len(text)} characters; keep it to {GLANCE_MAX}")
    picture = meta.get("illustration")
    if isinstance(picture, dict):
        from outreach.careers.illustrations import SCENES

        problems += check_keys(picture, ILLUSTRATION_KEYS, set(), f"{where} illustration")
        if isinstance(picture.get("scene"), str) and picture["scene"] not in SCENES:
            problems.append(f"{where} illustration: unknown scene {picture['scene']!r} "
                            "(see outreach/careers/illustrations.py)")

    found = sections(doc.body)
    story = found.get("A story from the job") or ""
    if len(story.split()) > STORY_MAX_WORDS:
        problems.append(f"{where}: the story has {len(story.split())} words; keep it to {STORY_MAX_WORDS}, "
                        "it sits near the top of the page")
    for heading in ROLE_SECTIONS:
        if heading not in found:
            problems.append(f"{where}: missing body section '## {heading}'")
        elif not found[heading].strip():
            problems.append(f"{where}: section '## {heading}' is empty")
    sources_text = found.get("Sources", "")
    for block in [pay] + (facts if isinstance(facts, list) else []):
        url = block.get("source_url") if isinstance(block, dict) else None
        if isinstance(url, str) and url and url not in sources_text:
            problems.append(f"{where}: the Sources section should list {url}")

    problems += check_links(doc.body, known, where)
    return problems


def cited_urls(doc: Document) -> set[str]:
    """Every external URL a document cites: in pay, facts and body links."""
    urls = {m.group("target") for m in LINK.finditer(doc.body) if m.group("target").startswith(("http://", "https://"))}
    for block in [doc.meta.get("pay")] + list(doc.meta.get("facts") or []):
        if isinstance(block, dict) and isinstance(block.get("source_url"), str):
            urls.add(block["source_url"])
    return urls


def role_graph(roles: Iterable[Document]) -> dict[str, list[str]]:
    return {doc.meta.get("slug", doc.file_slug): list(doc.meta.get("next_roles") or []) for doc in roles}


def reachable(graph: dict[str, list[str]], start: str) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in graph.get(queue.popleft(), []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


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
