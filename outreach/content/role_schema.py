"""Check role explainers (content/roles/*.md) and the role families that group them.

Like schema.py, every check returns a list of readable problems, so a content designer sees
everything wrong with a file at once. ``validate_role`` runs one small check per concern.
"""
from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable

from outreach.content.schema import (
    LINK,
    Document,
    KnownTargets,
    check_citation,
    check_keys,
    check_links,
    sections,
    string_list,
)

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
ROLE_OPTIONAL = {"abbreviations": list, "facts": list}
PAY_KEYS = {"text", "hourly_from", "hourly_to", "annual_from", "annual_to", "source", "source_url", "date"}
PAY_NUMBERS = ("hourly_from", "hourly_to", "annual_from", "annual_to")
FACT_KEYS = {"text", "source", "source_url", "date"}
ABBREVIATION = re.compile(r"^[A-Za-z0-9]{2,4}$")
STRING_LISTS = ("synonyms", "abbreviations", "entry_routes", "qualifications", "next_roles", "values", "settings")


def validate_role(doc: Document, value_keys: Iterable[str], known: KnownTargets) -> list[str]:
    meta, where = doc.meta, doc.path.name
    problems = check_keys(meta, ROLE_REQUIRED, ROLE_OPTIONAL, where)
    problems += _check_identity(doc, where)
    for key in STRING_LISTS:
        problems += string_list(meta.get(key), key, where)
    problems += _check_names(meta, where)
    problems += _check_ages(meta, where)
    problems += _check_links_to_roles(meta, known, where)
    problems += _check_values_and_settings(meta, set(value_keys), where)
    problems += _check_citations(meta, where)
    problems += _check_glance_and_picture(meta, where)
    problems += _check_body(doc, where)
    problems += check_links(doc.body, known, where)
    return problems


def _check_identity(doc: Document, where: str) -> list[str]:
    problems = []
    slug, summary = doc.meta.get("slug"), doc.meta.get("summary")
    if isinstance(slug, str) and slug != doc.file_slug:
        problems.append(f"{where}: slug {slug!r} must equal the file name {doc.file_slug!r}")
    if isinstance(summary, str) and len(summary) >= 140:
        problems.append(f"{where}: summary is {len(summary)} characters; keep it under 140")
    return problems


def _check_names(meta: dict, where: str) -> list[str]:
    """Synonyms (names people type) and abbreviations."""
    problems = []
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
    return problems


def _check_ages(meta: dict, where: str) -> list[str]:
    problems = []
    min_age = meta.get("min_age")
    if isinstance(min_age, int) and not isinstance(min_age, bool):
        low, high = MIN_AGE_RANGE
        if not low <= min_age <= high:
            problems.append(f"{where}: min_age {min_age} must be between {low} and {high}")
    start_at = meta.get("start_at")
    for item in start_at if isinstance(start_at, list) else []:
        if item not in START_AT or isinstance(item, bool):
            problems.append(f"{where}: start_at value {item!r} must be one of 16, 18, degree")
    return problems


def _check_links_to_roles(meta: dict, known: KnownTargets, where: str) -> list[str]:
    problems = []
    for item in meta.get("next_roles") or []:
        if isinstance(item, str) and item not in known.role_slugs:
            problems.append(f"{where}: next_roles has unknown role {item!r}")
        if item == meta.get("slug"):
            problems.append(f"{where}: next_roles must not point back at the role itself")
    return problems


def _check_values_and_settings(meta: dict, value_keys: set[str], where: str) -> list[str]:
    problems = []
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
    return problems


def _check_citations(meta: dict, where: str) -> list[str]:
    """Pay and facts say where they came from and when."""
    problems = []
    pay = meta.get("pay")
    if isinstance(pay, dict):
        problems += check_citation(pay, f"{where} pay", PAY_KEYS)
        for key in PAY_NUMBERS:
            if key in pay and (not isinstance(pay[key], (int, float)) or isinstance(pay[key], bool)):
                problems.append(f"{where} pay: '{key}' must be a number, got {pay[key]!r}")
    facts = meta.get("facts") or []
    for index, fact in enumerate(facts if isinstance(facts, list) else []):
        problems += check_citation(fact, f"{where} facts[{index}]", FACT_KEYS)
    return problems


def _check_glance_and_picture(meta: dict, where: str) -> list[str]:
    problems = []
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
    return problems


def _check_body(doc: Document, where: str) -> list[str]:
    """The story's length, every required section, and a Sources section listing every citation."""
    problems = []
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
    facts = doc.meta.get("facts") or []
    for block in [doc.meta.get("pay")] + (facts if isinstance(facts, list) else []):
        url = block.get("source_url") if isinstance(block, dict) else None
        if isinstance(url, str) and url and url not in sources_text:
            problems.append(f"{where}: the Sources section should list {url}")
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
