"""Typo-tolerant search over the role explainers ("ocupational therapst", "HCA", "home help").

Uses the matching engine's role taxonomy (titles, synonyms and exact abbreviations from
each role's front matter) so search and matching agree on what a typed title means.
"""
from __future__ import annotations

from dataclasses import dataclass
from rapidfuzz import fuzz, process, utils

from matching.roles import RoleTaxonomy, role_from_front_matter

LIST_THRESHOLD = 62  # roles scoring under this on titles and synonyms are not listed
SUMMARY_WEIGHT = 0.85  # a match in the one-line summary counts a little less than a title match
MAX_QUERY = 100


@dataclass(frozen=True)
class Hit:
    role: object  # outreach.careers.library.Role
    score: int


def _taxonomy(library) -> RoleTaxonomy:
    """Built once per loaded library (so edited synonyms take effect when content reloads)."""
    taxonomy = getattr(library, "_search_taxonomy", None)
    if taxonomy is None:
        taxonomy = RoleTaxonomy([role_from_front_matter(role.meta, role.slug) for role in library.roles.values()])
        library._search_taxonomy = taxonomy
    return taxonomy


def search(library, query: str, limit: int = 10) -> list[Hit]:
    query = (query or "").strip()[:MAX_QUERY]
    if not query:
        return []
    roles = tuple(library.roles.values())
    taxonomy = _taxonomy(library)
    label_scores = taxonomy.role_scores([query])[0]
    by_slug = {role.slug: float(label_scores[i]) for i, role in enumerate(taxonomy.roles)}
    summaries = [role.summary for role in roles]
    summary_scores = process.cdist([query], summaries, scorer=fuzz.token_set_ratio, processor=utils.default_process)[0]
    hits = []
    for role, summary_score in zip(roles, summary_scores):
        score = max(by_slug.get(role.slug, 0.0), SUMMARY_WEIGHT * float(summary_score) if len(query) > 3 else 0.0)
        if score >= LIST_THRESHOLD:
            hits.append(Hit(role, round(score)))
    hits.sort(key=lambda h: (-h.score, h.role.title))
    return hits[:limit]


def role_for_title(library, text: str):
    """The one role a typed job title means ("home care asisstant", "HCA"), or None if unsure.

    The matching engine's normaliser decides, over the library's own taxonomy, so the jobs search,
    matching and the careers search agree on what a title means."""
    text = (text or "").strip()[:MAX_QUERY]
    if not text:
        return None
    match = _taxonomy(library).normalise_many([text])[0]
    return library.role(match.slug) if match is not None else None
