"""The role taxonomy and free-typed title normalisation.

Content designers own the vocabulary: each ``content/roles/<slug>.md`` starts with YAML front
matter holding ``title``, ``slug``, ``synonyms`` (names people type) and optionally
``abbreviations`` (short exact forms: HCA, PA, OT). The loader here is pure (files in,
dataclasses out), so the web app and the tests can hand in any taxonomy they like.

How a title is normalised (measured in tests/matching on a labelled set of variants):

1. ``text.clean_title``: lower-case, punctuation and filler ("looking for a ... job") removed,
   "home care" and "care home" fused into single tokens so no scorer can swap them.
2. Abbreviations are looked up *exactly*, per token, and replaced by the role's title
   ("senior hca" -> "senior care worker"). Labels of three characters or fewer are treated as
   abbreviations too. Nothing short is ever fuzzy- or partially matched: "hca" is a substring of
   "healthcare", and partial matching would make that a perfect score.
3. Every label of every role is scored with ``max(ratio, 0.9 x token_set_ratio)`` via
   ``process.cdist``: ``ratio`` is order-sensitive and typo-tolerant, the discounted
   ``token_set_ratio`` lets extra words ("nurse working in a carehome") still find the label.
   A role's score is the best of its labels.
4. The best role is returned if its score is at least ``NORMALISE_THRESHOLD`` (80), else None,
   and the caller shows a "did you mean" picker instead of guessing.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from rapidfuzz import fuzz, process

from .text import clean_title, core_words
from .types import RoleMatch

DEFAULT_ROLES_DIR = Path(__file__).resolve().parent.parent / "content" / "roles"
NORMALISE_THRESHOLD = 80  # below this best-role score, normalise_role abstains (returns None)
TOKEN_SET_DISCOUNT = 0.9  # token_set_ratio ignores order and extra words, so it is trusted less
SHORT_LABEL = 3  # labels this short (after cleaning) are exact-match only
WORD_FLOOR = 70  # every query word must be at least this similar to part of the label
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Role:
    slug: str
    title: str
    synonyms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()


def read_front_matter(text: str, source: str = "<text>") -> dict:
    """The YAML mapping between the opening ``---`` and the next ``---`` line."""
    found = _FRONT_MATTER.match(text)
    if not found:
        raise ValueError(f"{source}: no YAML front matter (the file must start with ---)")
    data = yaml.safe_load(found.group(1))
    if not isinstance(data, dict):
        raise ValueError(f"{source}: front matter is not a mapping")
    return data


def role_from_front_matter(data: dict, source: str = "<text>") -> Role:
    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key) or ()
        if isinstance(value, str) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{source}: {key} must be a list of strings")
        return tuple(v.strip() for v in value if v.strip())

    slug, title = data.get("slug"), data.get("title")
    if not isinstance(slug, str) or not slug or not isinstance(title, str) or not title:
        raise ValueError(f"{source}: front matter needs a slug and a title")
    return Role(slug=slug, title=title.strip(), synonyms=strings("synonyms"),
                abbreviations=strings("abbreviations"))


def _cdist(queries: Sequence[str], choices: Sequence[str], scorer) -> np.ndarray:
    """Every (query, choice) score. Both sides are already cleaned, hence processor=None."""
    return process.cdist(queries, choices, scorer=scorer, processor=None, dtype=np.float32, workers=-1)


class RoleTaxonomy:
    """Canonical roles plus the precomputed label arrays every normalisation needs.

    Labels are cleaned once here, grouped by role (so a role's score is a ``reduceat`` over a
    contiguous block of columns), and short forms go into an exact lookup table.
    """

    def __init__(self, roles: Iterable[Role]):
        self.roles: tuple[Role, ...] = tuple(roles)
        if not self.roles:
            raise ValueError("a taxonomy needs at least one role")
        self.slugs: tuple[str, ...] = tuple(r.slug for r in self.roles)
        if len(set(self.slugs)) != len(self.slugs):
            raise ValueError("duplicate role slugs in the taxonomy")
        self.index_of: dict[str, int] = {slug: i for i, slug in enumerate(self.slugs)}
        self.exact: dict[str, tuple[int, str]] = {}  # cleaned short form -> (role, original)
        labels, owners, originals = [], [], []
        for i, role in enumerate(self.roles):
            seen: set[str] = set()
            for original in (role.title, *role.synonyms, *role.abbreviations):
                cleaned = clean_title(original)
                if not cleaned or cleaned in seen:
                    continue
                seen.add(cleaned)
                if len(cleaned.replace(" ", "")) <= SHORT_LABEL or original in role.abbreviations:
                    self._add_exact(cleaned, i, original)
                else:
                    labels.append(cleaned)
                    owners.append(i)
                    originals.append(original)
            if not any(o == i for o in owners):
                raise ValueError(f"role {role.slug!r} has no label longer than {SHORT_LABEL} characters")
        self.cleaned_titles: tuple[str, ...] = tuple(clean_title(r.title) for r in self.roles)
        # Labels get the same abbreviation expansion as queries ("care PA" -> "care personal
        # assistant"), so both sides are compared in the same words.
        self.labels: list[str] = [self.expand(label) for label in labels]
        self.label_originals: list[str] = originals
        self.label_roles = np.asarray(owners, dtype=np.int32)
        self.label_cores: list[str] = [core_words(label) or label for label in self.labels]
        self.label_core_lengths = np.array([len(core) for core in self.label_cores])
        self.label_word_counts = np.array([len(core.split()) for core in self.label_cores])
        self.label_starts = np.flatnonzero(np.r_[True, self.label_roles[1:] != self.label_roles[:-1]])

    def _add_exact(self, cleaned: str, role: int, original: str) -> None:
        previous = self.exact.get(cleaned)
        if previous is not None and previous[0] != role:
            raise ValueError(
                f"abbreviation {original!r} belongs to both {self.slugs[previous[0]]!r} and "
                f"{self.slugs[role]!r}; an exact table cannot be ambiguous"
            )
        self.exact[cleaned] = (role, original)

    @classmethod
    def from_directory(cls, path: str | Path = DEFAULT_ROLES_DIR) -> RoleTaxonomy:
        """Load every ``*.md`` role file's front matter from a directory."""
        files = sorted(Path(path).glob("*.md"))
        if not files:
            raise FileNotFoundError(f"no role files (*.md) in {path}")
        return cls(role_from_front_matter(read_front_matter(f.read_text(encoding="utf-8"), str(f)), str(f))
                   for f in files)

    def __len__(self) -> int:
        return len(self.roles)

    def __contains__(self, slug: object) -> bool:
        return slug in self.index_of

    # ---- scoring ------------------------------------------------------------------------------

    def expand(self, cleaned: str) -> str:
        """Replace tokens that are exactly a known short form by that role's cleaned title."""
        whole = self.exact.get(cleaned)
        if whole is not None:
            return self.cleaned_titles[whole[0]]
        tokens = cleaned.split()
        return " ".join(
            self.cleaned_titles[self.exact[t][0]] if t in self.exact else t for t in tokens
        )

    def label_scores(self, queries: Sequence[str]) -> np.ndarray:
        """Score 0..100 of every cleaned, expanded query against every label.

        Both sides are first reduced to their *core* (``text.core_words``: context such as "in
        a care home", "nights", "residential" removed), so shared context cannot make two
        different roles look alike ("carer in a care home" vs "cleaner in a care home").
        ``ratio`` on the cores keeps word order and tolerates typos. ``token_set_ratio`` (x 0.9)
        is trusted only when the label's core is at least as long as the query's: then extra
        label words are allowed ("nurse" finds "staff nurse"). When the label is shorter, its
        missing words are qualifiers that change the role ("senior carer" is not "carer").

        Finally a swapped-word check: a query word is "found" if ``partial_ratio`` of the word
        against the label is at least ``WORD_FLOOR`` (a typo is fine). If some query word is not
        found *and* the label has words left unmatched, a word was swapped, and the score is
        capped at the missing word's similarity: a shared generic word cannot carry a match on
        its own ("sales assistant" is not a "care assistant"), while an extra word still can
        ("deputy care manager" is a "deputy manager"). ``partial_ratio`` only ever lowers a
        score here; it would make "hca" match "healthcare" if it could raise one.
        """
        scores = np.zeros((len(queries), len(self.labels)), dtype=np.float32)
        cores = [core_words(q) or q for q in queries]
        filled = [i for i, core in enumerate(cores) if core]
        if not filled:
            return scores
        cores = [cores[i] for i in filled]
        ratio = _cdist(cores, self.label_cores, fuzz.ratio)
        token_set = _cdist(cores, self.label_cores, fuzz.token_set_ratio)
        core_length = np.array([len(c) for c in cores])[:, None]
        label_covers_query = self.label_core_lengths[None, :] >= core_length
        best = np.maximum(ratio, np.where(label_covers_query, TOKEN_SET_DISCOUNT * token_set, 0))
        words = [core.split() for core in cores]
        vocabulary = sorted({w for ws in words for w in ws})
        position = {w: i for i, w in enumerate(vocabulary)}
        per_word = _cdist(vocabulary, self.label_cores, fuzz.partial_ratio)
        counts = np.array([len(ws) for ws in words])
        starts = np.r_[0, np.cumsum(counts)[:-1]]
        per_query_word = per_word[[position[w] for ws in words for w in ws]]
        weakest = np.minimum.reduceat(per_query_word, starts, axis=0)
        missing = np.add.reduceat((per_query_word < WORD_FLOOR).astype(np.int16), starts, axis=0)
        # A swapped word (query word missing *and* a label word left over), not an extra one.
        swapped = (missing > 0) & (counts[:, None] - missing < self.label_word_counts[None, :])
        scores[filled] = np.where(swapped, np.minimum(best, weakest), best)
        return scores

    def _best_labels(self, per_label: np.ndarray, queries: Sequence[str]) -> np.ndarray:
        """Best label per query; equal scores go to the label closest by plain ``ratio``."""
        ratio = _cdist(queries, self.labels, fuzz.ratio)
        return np.argmax(per_label + ratio * np.float32(1e-3), axis=1)

    def role_scores(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), len(roles)) float32 scores 0..100; duplicates are scored once."""
        if len(texts) == 0:
            return np.zeros((0, len(self.roles)), dtype=np.float32)
        raw, raw_inverse = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
        expanded = [self.expand(clean_title(t)) for t in raw]
        unique, inverse = np.unique(np.asarray(expanded, dtype=object), return_inverse=True)
        inverse = inverse.reshape(-1)[raw_inverse.reshape(-1)]
        # Labels are stored grouped by role in role order, so one reduceat gives role scores.
        per_role = np.maximum.reduceat(self.label_scores(list(unique)), self.label_starts, axis=1)
        per_role[np.asarray([u == "" for u in unique]), :] = 0
        return per_role[inverse]

    def normalise_many(self, texts: Sequence[str], threshold: float = NORMALISE_THRESHOLD
                       ) -> list[RoleMatch | None]:
        """``normalise_role`` for many texts at once (unique texts are scored once, by cdist)."""
        results: list[RoleMatch | None] = []
        cleaned = [clean_title(t) for t in texts]
        expanded = [self.expand(c) for c in cleaned]
        unique = sorted(set(e for e in expanded if e))
        position = {text: i for i, text in enumerate(unique)}
        per_label = self.label_scores(unique) if unique else np.zeros((0, len(self.labels)))
        best_labels = self._best_labels(per_label, unique) if unique else np.zeros(0, dtype=np.int64)
        for query, clean in zip(expanded, cleaned):
            if not query:
                results.append(None)
                continue
            whole = self.exact.get(clean)
            if whole is not None:
                results.append(RoleMatch(self.slugs[whole[0]], 100, whole[1]))
                continue
            best = int(best_labels[position[query]])
            score = int(round(float(per_label[position[query], best])))
            if score < threshold:
                results.append(None)
            else:
                results.append(RoleMatch(self.slugs[self.label_roles[best]], score,
                                         self.label_originals[best]))
        return results


@lru_cache(maxsize=4)
def _load_default(path: str) -> RoleTaxonomy:
    return RoleTaxonomy.from_directory(path)


def default_taxonomy() -> RoleTaxonomy:
    """The repository's content/roles taxonomy, loaded once per process."""
    return _load_default(str(DEFAULT_ROLES_DIR))


def normalise_role(text: str, taxonomy: RoleTaxonomy | None = None,
                   threshold: float = NORMALISE_THRESHOLD) -> RoleMatch | None:
    """Map a free-typed title ("home care asisstant", "HCA") to a canonical role, or None.

    None means the best role scored under ``threshold`` (default 80): unrelated titles
    ("software engineer") and inputs too vague to code safely go to a picker, not a guess.
    """
    return (taxonomy or default_taxonomy()).normalise_many([text], threshold)[0]
