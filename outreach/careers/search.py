"""Typo-tolerant search over the role explainers ("ocupational therapst", "HCA", "home help", "dementia").

Title matches first, then what roles are about:

1. **Titles.** The matching engine's role taxonomy (titles, synonyms and exact abbreviations from
   each role's front matter) so search and matching agree on what a typed title means; plus the
   one-line summary, counting a little less.
2. **What the role is about.** Every word of the role's explainer (the Markdown body) and its
   front matter lists (settings, tasks, entry routes, qualifications, facts), so "dementia" finds
   the roles whose explainers talk about it. Every searched word must appear (a small typo is
   fine); words that most roles mention ("care", "people") cannot tell roles apart, so they are
   not searched for here. These hits come after every close title hit, most mentions first, and
   before a title that is only a loose spelling match ("dementia" is a little like "domestic").
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process, utils

LIST_THRESHOLD = 62  # roles scoring under this on titles and synonyms are not listed
CLOSE_TITLE = 75  # a title or synonym match this close always comes before what roles are about
SUMMARY_WEIGHT = 0.85  # a match in the one-line summary counts a little less than a title match
MAX_QUERY = 100
CONTENT_FIELDS = ("settings", "tasks", "entry_routes", "qualifications", "facts")
MIN_CONTENT_WORD = 4  # shorter words ("a", "of", "day") are too common or too short to spell-check
TYPO_RATIO = 85  # "dementa" finds "dementia"; "nurse" does not find "nursery"
COMMON_SHARE = 0.5  # a word more than half the roles mention does not tell roles apart
WORD = re.compile(r"[a-z][a-z'’-]*[a-z]")
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Hit:
    role: object  # outreach.content.Role
    score: int
    in_title: bool = True  # False: found in what the role is about, not its title or synonyms

    @property
    def tier(self) -> int:
        """0 a close title match, 1 found in what the role is about, 2 a loose title match."""
        return 1 if not self.in_title else 0 if self.score >= CLOSE_TITLE else 2


@dataclass(frozen=True)
class _ContentIndex:
    vocabulary: list[str]
    counts: np.ndarray  # (roles, words) how often each role's content uses each word
    common: np.ndarray  # bool (words,): used by more than COMMON_SHARE of the roles


def _flatten(value) -> list[str]:
    if isinstance(value, dict):
        return [part for item in value.values() for part in _flatten(item)]
    if isinstance(value, (list, tuple)):
        return [part for item in value for part in _flatten(item)]
    return [str(value).replace("-", " ")] if isinstance(value, str) else []


def role_words(role) -> Counter:
    """Every word of a role's explainer and its front matter lists, lower case, with counts."""
    text = html.unescape(TAG.sub(" ", role.html))
    meta = role.meta
    parts = [text] + [part for key in CONTENT_FIELDS for part in _flatten(
        [item.get("text") for item in meta.get(key) or [] if isinstance(item, dict)] if key == "facts"
        else meta.get(key))]
    return Counter(WORD.findall(" ".join(parts).lower()))


@lru_cache(maxsize=2)
def _content_index(library) -> _ContentIndex:
    """Built once per content snapshot (a reload makes a new snapshot, so a new index)."""
    per_role = [role_words(role) for role in library.roles.values()]
    vocabulary = sorted(set().union(*per_role))
    column = {word: i for i, word in enumerate(vocabulary)}
    counts = np.zeros((len(per_role), len(vocabulary)), dtype=np.int32)
    for row, words in enumerate(per_role):
        for word, count in words.items():
            counts[row, column[word]] = count
    common = (counts > 0).sum(axis=0) > COMMON_SHARE * max(1, len(per_role))
    return _ContentIndex(vocabulary, counts, common)


def content_mentions(library, query: str) -> np.ndarray:
    """Per role (in ``library.roles`` order): how often its content mentions the query's words,
    0 unless it mentions every searchable word. All zeros when no word is worth searching for."""
    index = _content_index(library)
    words = [w for w in dict.fromkeys(WORD.findall(query.lower())) if len(w) >= MIN_CONTENT_WORD]
    mentions = np.zeros(len(index.counts), dtype=np.int64)
    if not words or not index.vocabulary:
        return mentions
    similar = process.cdist(words, index.vocabulary, scorer=fuzz.ratio, processor=None,
                            dtype=np.uint8) >= TYPO_RATIO  # (query words, vocabulary)
    searchable = [i for i in range(len(words)) if not index.common[similar[i]].any()]
    if not searchable:
        return mentions
    per_word = np.stack([index.counts[:, similar[i]].sum(axis=1) for i in searchable])
    found_all = (per_word > 0).all(axis=0)
    return np.where(found_all, per_word.sum(axis=0), 0)


def search(library, query: str, limit: int = 10) -> list[Hit]:
    query = (query or "").strip()[:MAX_QUERY]
    if not query:
        return []
    roles = tuple(library.roles.values())
    taxonomy = library.taxonomy
    label_scores = taxonomy.role_scores([query])[0]
    by_slug = {role.slug: float(label_scores[i]) for i, role in enumerate(taxonomy.roles)}
    summaries = [role.summary for role in roles]
    summary_scores = process.cdist([query], summaries, scorer=fuzz.token_set_ratio, processor=utils.default_process)[0]
    mentions = content_mentions(library, query)
    hits = []
    for role, summary_score, mentioned in zip(roles, summary_scores, mentions, strict=True):
        score = max(by_slug.get(role.slug, 0.0), SUMMARY_WEIGHT * float(summary_score) if len(query) > 3 else 0.0)
        if score >= CLOSE_TITLE or (score >= LIST_THRESHOLD and not mentioned):
            hits.append(Hit(role, round(score)))
        elif mentioned:
            hits.append(Hit(role, int(mentioned), in_title=False))
    hits.sort(key=lambda h: (h.tier, -h.score, h.role.title))
    return hits[:limit]


def role_for_title(library, text: str):
    """The one role a typed job title means ("home care asisstant", "HCA"), or None if unsure.

    The matching engine's normaliser decides, over the library's own taxonomy, so the jobs search,
    matching and the careers search agree on what a title means."""
    text = (text or "").strip()[:MAX_QUERY]
    if not text:
        return None
    match = library.taxonomy.normalise_many([text])[0]
    return library.role(match.slug) if match is not None else None
