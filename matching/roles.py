"""The role taxonomy and free-typed title normalisation.

Content designers own the vocabulary: each ``content/roles/<slug>.md`` starts with YAML front
matter holding ``title``, ``slug``, ``synonyms`` (names people type) and optionally
``abbreviations`` (short exact forms: HCA, PA, OT). The loader here is pure (files in,
dataclasses out), so the web app and the tests can hand in any taxonomy they like.

How a title is normalised (measured in tests/matching on labelled sets of titles):

1. ``prepare``: advert noise out (pay, shifts, towns, "driver essential": ``titles``), settings
   fused ("nursing home", "care at home"), short forms written out ("snr", "LD"), and unknown
   words corrected against the taxonomy's own vocabulary (``correct``).
2. Abbreviations are looked up *exactly*, per token, and replaced by the role's title
   ("senior hca" -> "senior care worker"). Labels of three characters or fewer are treated as
   abbreviations too. Nothing short is ever fuzzy- or partially matched: "hca" is a substring of
   "healthcare", and partial matching would make that a perfect score.
3. Every label of every role is scored with ``max(ratio, 0.9 x token_set_ratio)`` via
   ``process.cdist`` on the cores (context words out); a swapped word caps the score, and a
   non-care word the label lacks ("veterinary") halves it. A role's score is its best label's.
   When the whole line is unsure, its first segment (the title proper) is scored alone.
4. The best role is returned if its score is at least ``NORMALISE_THRESHOLD`` (80, chosen on
   the development set), else None, and the caller shows a "did you mean" picker instead of
   guessing. ``guess_many`` also gives the confidence and the runner-up.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from . import titles
from .text import CONTEXT_WORDS, clean_title, core_words
from .titles import EXPANSIONS, NOISE, NOT_CARE_WORDS, segments
from .types import RoleGuess, RoleMatch

DEFAULT_ROLES_DIR = Path(__file__).resolve().parent.parent / "content" / "roles"
NORMALISE_THRESHOLD = 80  # below this best-role score, normalise_role abstains (returns None)
TOKEN_SET_DISCOUNT = 0.9  # token_set_ratio ignores order and extra words, so it is trusted less
SHORT_LABEL = 3  # labels this short (after cleaning) are exact-match only
WORD_FLOOR = 70  # every query word must be at least this similar to part of the label
NOT_CARE_FACTOR = 0.5  # a non-care word ("veterinary") the label lacks halves the score
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


class Prepared(NamedTuple):
    short: str  # cleaned, noise out, before short forms are expanded: for the exact table
    full: str  # every kept segment, expanded: scored first
    title: str  # the first segment only, expanded: the fallback when ``full`` is unsure


@dataclass(frozen=True, slots=True)
class Role:
    slug: str
    title: str
    synonyms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()


def read_front_matter(text: str, source: str = "<text>") -> dict[str, Any]:
    """The YAML mapping between the opening ``---`` and the next ``---`` line."""
    found = _FRONT_MATTER.match(text)
    if not found:
        raise ValueError(f"{source}: no YAML front matter (the file must start with ---)")
    data = yaml.safe_load(found.group(1))
    if not isinstance(data, dict):
        raise ValueError(f"{source}: front matter is not a mapping")
    return data


def role_from_front_matter(data: dict[str, Any], source: str = "<text>") -> Role:
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


def _cdist(queries: Sequence[str], choices: Sequence[str], scorer: Callable[..., float]) -> np.ndarray:
    """Every (query, choice) score. Both sides are already cleaned, hence processor=None."""
    scores: np.ndarray = process.cdist(queries, choices, scorer=scorer, processor=None, dtype=np.float32, workers=-1)
    return scores


class RoleTaxonomy:
    """Canonical roles plus the precomputed label arrays every normalisation needs.

    Labels are cleaned once here, grouped by role (so a role's score is a ``reduceat`` over a
    contiguous block of columns), and short forms go into an exact lookup table.
    """

    def __init__(self, roles: Iterable[Role], not_care_words: Iterable[str] = NOT_CARE_WORDS,
                 no_role_titles: Iterable[str] = ()):
        """``no_role_titles``: whole titles that belong to no role; a title preparing to one abstains."""
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
        self.labels: list[str] = [self.expand(titles.expand_words(label)) for label in labels]
        self.label_originals: list[str] = originals
        self.label_roles = np.asarray(owners, dtype=np.int32)
        self.label_cores: list[str] = [core_words(label) or label for label in self.labels]
        self.label_core_lengths = np.array([len(core) for core in self.label_cores])
        self.label_word_counts = np.array([len(core.split()) for core in self.label_cores])
        self.label_starts = np.flatnonzero(np.r_[True, self.label_roles[1:] != self.label_roles[:-1]])
        self.label_words: list[frozenset[str]] = [frozenset(label.split()) for label in self.labels]
        # The taxonomy's own vocabulary: every word of every label and short form. Misspelled
        # words are corrected against it (plus the non-care and noise words, so those are known
        # and never "corrected" into care words).
        self.care_vocabulary: frozenset[str] = frozenset(
            w for text in (*self.labels, *self.exact, *self.cleaned_titles) for w in text.split())
        self.not_care: frozenset[str] = frozenset(not_care_words) - self.care_vocabulary
        self.known: frozenset[str] = (self.care_vocabulary | self.not_care | NOISE | CONTEXT_WORDS
                                      | frozenset(EXPANSIONS))
        self._spelling_choices: list[str] = sorted(
            (w for w in self.care_vocabulary | self.not_care | NOISE if len(w) >= 4 and w.isalpha()),
            key=lambda w: (w not in self.care_vocabulary, w))
        self._corrections: dict[str, str] = {}
        self._prepared: dict[str, Prepared] = {}
        self.no_role: frozenset[str] = frozenset(
            full for full in (self.prepare(title).full for title in no_role_titles) if full)

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

    def correct(self, word: str) -> str:
        """A word the vocabulary does not know, corrected to the nearest vocabulary word.

        Within one edit for words of 4-5 letters and two for longer ones (Damerau-Levenshtein,
        so a swapped pair of letters is one edit); otherwise the word is left as it is.
        """
        if word in self.known or len(word) < 4 or not word.isalpha():
            return word
        corrected = self._corrections.get(word)
        if corrected is None:
            found = process.extractOne(word, self._spelling_choices, scorer=DamerauLevenshtein.distance,
                                       processor=None, score_cutoff=1 if len(word) <= 5 else 2)
            corrected = found[0] if found is not None else word
            if len(self._corrections) < 100_000:
                self._corrections[word] = corrected
        return corrected

    def prepare(self, text: str) -> Prepared:
        """A raw title made ready for scoring: noise out, short forms expanded, spelling corrected.

        ``short`` is what an exact abbreviation is looked up by ("HCA - Nights" -> "hca"),
        ``full`` the expanded text scored first ("hca" -> "care worker"), and ``title`` the same
        for the first segment alone ("Community Support Worker - LD" -> "community support
        worker"), used when the whole line is too unsure. See ``titles`` for each step.
        """
        cached = self._prepared.get(text)
        if cached is not None:
            return cached
        kept: list[str] = []
        title: list[str] = []
        for position, part in enumerate(segments(text)):
            words = []
            for word in titles.expand_words(clean_title(part)).split():
                if word in NOISE or word.isdigit():
                    continue
                word = self.correct(word)
                if word not in NOISE:
                    words.append(word)
            # The title itself is always kept; "(Mental Health)" is kept, "- Dorchester" is not.
            if position == 0:
                title = titles.drop_for_whom(words, self.not_care)
            if position == 0 or any(w in self.care_vocabulary or w in self.not_care for w in words):
                kept.extend(words)
        short = titles.dedupe(clean_title(" ".join(titles.drop_trailing_place(kept, self.known))))
        title_short = titles.dedupe(clean_title(" ".join(titles.drop_trailing_place(title, self.known))))
        result = Prepared(short, self._expanded(short), self._expanded(title_short))
        if len(self._prepared) < 100_000:
            self._prepared[text] = result
        return result

    def _expanded(self, short: str) -> str:
        return titles.dedupe(self.expand(titles.expand_words(short)))

    def _choose(self, prepared: Sequence[Prepared], threshold: float) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Score each prepared title once; use the first segment alone when the whole line is unsure.

        Returns (per-label scores, row of each prepared title in them, the texts scored).
        """
        unique = sorted({t for p in prepared for t in (p.full, p.title) if t})
        position = {text: i for i, text in enumerate(unique)}
        per_label = self.label_scores(unique) if unique else np.zeros((0, len(self.labels)), np.float32)
        best = per_label.max(axis=1) if unique else np.zeros(0)
        rows = []
        for p in prepared:
            if not p.full or p.full in self.no_role:
                rows.append(-1)
                continue
            row = position[p.full]
            if p.title and p.title != p.full and best[row] < threshold and self.exact.get(p.short) is None:
                other = position[p.title]
                if best[other] > best[row]:
                    row = other
            rows.append(row)
        return per_label, np.asarray(rows, dtype=np.int64), unique

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
        for row, query in enumerate(queries):
            outside = self.not_care.intersection(query.split())
            if outside:
                lacking = np.fromiter((not outside <= words for words in self.label_words), dtype=bool,
                                      count=len(self.labels))
                scores[row, lacking] *= np.float32(NOT_CARE_FACTOR)
        return scores

    def _best_labels(self, per_label: np.ndarray, queries: Sequence[str]) -> np.ndarray:
        """Best label per query; equal scores go to the label closest by plain ``ratio``."""
        ratio = _cdist(queries, self.labels, fuzz.ratio)
        best: np.ndarray = np.argmax(per_label + ratio * np.float32(1e-3), axis=1)
        return best

    def role_scores(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), len(roles)) float32 scores 0..100; duplicates are scored once."""
        if len(texts) == 0:
            return np.zeros((0, len(self.roles)), dtype=np.float32)
        raw, raw_inverse = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
        per_label, rows, _ = self._choose([self.prepare(t) for t in raw], NORMALISE_THRESHOLD)
        per_role = np.zeros((len(raw), len(self.roles)), dtype=np.float32)
        scored = rows >= 0
        if scored.any():
            # Labels are stored grouped by role in role order, so one reduceat gives role scores.
            per_role[scored] = np.maximum.reduceat(per_label[rows[scored]], self.label_starts, axis=1)
        return per_role[raw_inverse.reshape(-1)]

    def guess_many(self, texts: Sequence[str], threshold: float = NORMALISE_THRESHOLD) -> list[RoleGuess]:
        """The best role, its confidence and the runner-up for each text (unique texts scored once)."""
        prepared = [self.prepare(t) for t in texts]
        per_label, rows, unique = self._choose(prepared, threshold)
        if unique:
            best_labels = self._best_labels(per_label, unique)
            per_role = np.maximum.reduceat(per_label, self.label_starts, axis=1)
        results: list[RoleGuess] = []
        for p, row in zip(prepared, rows, strict=True):
            if row < 0:
                results.append(RoleGuess(None, 0.0, None, None, None, 0.0, ""))
                continue
            roles = per_role[row].copy()
            whole = self.exact.get(p.short)
            if whole is not None:
                best_role, score, label = whole[0], 100.0, whole[1]
            else:
                best_label = int(best_labels[row])
                best_role = int(self.label_roles[best_label])
                score, label = float(per_label[row, best_label]), self.label_originals[best_label]
            roles[best_role] = -1
            second = int(np.argmax(roles))
            second_score = round(max(float(roles[second]), 0.0))
            score = round(score)
            best = self.slugs[best_role] if score > 0 else None
            confident = score >= threshold and best is not None
            results.append(RoleGuess(
                slug=best if confident else None, confidence=score / 100, label=label if confident else None,
                best=best, runner_up=self.slugs[second] if second_score > 0 else None,
                runner_up_confidence=second_score / 100, prepared=unique[row]))
        return results

    def normalise_many(self, texts: Sequence[str], threshold: float = NORMALISE_THRESHOLD
                       ) -> list[RoleMatch | None]:
        """``normalise_role`` for many texts at once (unique texts are scored once, by cdist)."""
        return [guess.as_match() for guess in self.guess_many(texts, threshold)]


@lru_cache(maxsize=4)
def _load_default(path: str) -> RoleTaxonomy:
    return RoleTaxonomy.from_directory(path)


def default_taxonomy() -> RoleTaxonomy:
    """The repository's content/roles taxonomy, loaded once per process."""
    return _load_default(str(DEFAULT_ROLES_DIR))


def guess_role(text: str, taxonomy: RoleTaxonomy | None = None,
               threshold: float = NORMALISE_THRESHOLD) -> RoleGuess:
    """The role a title means (or None), its confidence 0..1 and the runner-up role."""
    return (taxonomy or default_taxonomy()).guess_many([text], threshold)[0]


def normalise_role(text: str, taxonomy: RoleTaxonomy | None = None,
                   threshold: float = NORMALISE_THRESHOLD) -> RoleMatch | None:
    """Map a free-typed title ("home care asisstant", "HCA") to a canonical role, or None.

    None means the best role scored under ``threshold`` (default 80): unrelated titles
    ("software engineer") and inputs too vague to code safely go to a picker, not a guess.
    """
    return (taxonomy or default_taxonomy()).normalise_many([text], threshold)[0]
