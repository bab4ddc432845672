"""Text processing for the engine: one explicit processor for titles, one for free text.

Why our own processors: rapidfuzz 3 applies *no* processor unless told, so every scorer call in
this package passes ``processor=`` explicitly. Strings are processed once (when an index is
built, or once per query) and scored with ``processor=None``, which is both explicit and fast.

Titles (``clean_title``) keep word order, because order carries meaning in care: "home care" is
domiciliary work, "care home" is residential. Token-based scorers would treat the two as equal,
so both bigrams are fused into single tokens ("homecare", "carehome") before any scoring.

Free text (``keyword_signature``) becomes a set of stemmed keywords, each mapped to one Unicode
character by a stable hash and sorted. For two sorted strings of distinct characters the
longest common subsequence *is* the intersection, so ``rapidfuzz.distance.Indel.distance`` run
by ``process.cdist`` counts shared keywords exactly, at C speed, for every pair at once.
"""
from __future__ import annotations

import re
import zlib
from functools import lru_cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel
from rapidfuzz.utils import default_process

# Phrases people wrap around a title ("looking for a carer job"): they only add edit distance.
_FILLER = re.compile(
    r"^(?:(?:i am|im|i m|i d|id|i would|i want|i wanna|would|want|like|love|hoping|looking|"
    r"interested|keen|aiming|trying|to|in|for|be|become|becoming|get|getting|work|working|do|"
    r"doing|start|starting|a|an|the|as|job|jobs|career|careers|into|some|any)\s+)+"
    r"|\b(?:job|jobs|role|roles|position|positions|post|vacancy|vacancies|career|opportunity|"
    r"opportunities|part time|full time|parttime|fulltime|permanent|temporary|uk|wanted|please)\b"
)
# Fuse word pairs into single tokens: the order-sensitive bigrams, so that token scorers cannot
# swap them, and "co-ordinator" (already "co ordinator" after punctuation is removed).
# Settings go first, so "nursing home care assistant" is a care assistant in a nursing home, not
# home care, and "care at home worker" is home care, not a care-home worker.
_FUSE = (
    (re.compile(r"\bnursing homes?\b"), "nursinghome"),
    (re.compile(r"\bresidential homes?\b"), "carehome"),
    (re.compile(r"\bcare at home\b"), "homecare"),
    (re.compile(r"\bcare in the home\b"), "homecare"),
    (re.compile(r"\bcare homes?\b"), "carehome"),
    (re.compile(r"\bhome care\b"), "homecare"),
    (re.compile(r"\blive in\b"), "livein"),
    (re.compile(r"\bco ordinat"), "coordinat"),
)
_SPELLING = {
    "organisation": ("organization",),
    "centre": ("center",),
    "programme": ("program",),
    "practitioner": ("practicioner",),
    "behaviour": ("behavior",),
    "colour": ("color",),
}
_SPELLING_RE = re.compile(r"\b(" + "|".join(v for vs in _SPELLING.values() for v in vs) + r")\b")
_SPELLING_MAP = {v: k for k, vs in _SPELLING.items() for v in vs}
_SPACES = re.compile(r"\s+")
_DOTTED = re.compile(r"(?<![A-Za-z])((?:[A-Za-z]\.){2,}[A-Za-z]?)")  # "H.C.A." -> "HCA"
# Words that say where, when or for whom, not which role: "team leader in a care home" is a
# team leader, "night carer" and "residential carer" are carers. Both sides drop them.
CONTEXT_WORDS = frozenset(
    "in at a an the for of on with my me near local based carehome nursinghome residential "
    "night day weekend evening morning staff elderly older old people adult adults dementia unit "
    "trainee".split()
)


def clean_title(text: str) -> str:
    """Lower-case, strip punctuation and filler, fuse home-care/care-home; order is kept."""
    text = (text or "").replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)
    text = default_process(text)
    text = _SPELLING_RE.sub(lambda m: _SPELLING_MAP[m.group(1)], text)
    text = _FILLER.sub(" ", _SPACES.sub(" ", text).strip() + " ")
    for pattern, token in _FUSE:
        text = pattern.sub(token, text)
    return " ".join(singular(word) for word in text.split())


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """"carers" -> "carer", "activities" -> "activity", "homes" -> "home"; leaves "-ss" alone."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def core_words(cleaned: str) -> str:
    """A cleaned title without its context words ("" if nothing else is left)."""
    return " ".join(w for w in cleaned.split() if w not in CONTEXT_WORDS)


# ---- free text ---------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z][a-z0-9]+")
# English stop words, plus the words nearly every text on a care platform contains ("care",
# "people", "help", "work"): sharing them says nothing about fit.
STOP_WORDS = frozenset(
    """a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further get got
    had has have having he her here hers him his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours out over own really same
    she should so some such than that the their theirs them then there these they this those
    through to too under until up us very was we were what when where which while who whom why
    will with would you your yours yourself like love enjoy want wanted would also things thing
    lot lots well good great new one two year years day days week weeks time times make making
    help helping helped people person work working worked job jobs role roles care caring carer
    carers cared""".split()
)
_STEM_FIXES = {"chatt": "chat", "runn": "run", "swimm": "swim", "shopp": "shop", "sitt": "sit"}
TEXT_FULL_MARKS = 3  # this many distinct shared keywords earn the full text component


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately tiny stemmer: plurals and -ing, enough for "cooking" ~ "cook"."""
    word = singular(word)
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    return _STEM_FIXES.get(word, word)


def keywords(text: str) -> frozenset[str]:
    """Distinct stemmed content words of a free text (used for scoring and for reasons)."""
    words = _WORD.findall((text or "").lower().replace("'", ""))
    return frozenset(stem(w) for w in words if w not in STOP_WORDS and len(w) > 2) - STOP_WORDS


@lru_cache(maxsize=65536)
def _char_for(word: str) -> str:
    # crc32 into the ~1.1M valid code points (surrogates skipped): stable across processes, and
    # the chance that two different words share a character is about one in a million.
    point = zlib.crc32(word.encode()) % 0x10F800
    return chr(point + 0x800 if point >= 0xD800 else point)


def keyword_signature(words: frozenset[str]) -> str:
    """Sorted distinct characters, one per keyword: what ``text_similarity`` compares."""
    return "".join(sorted({_char_for(w) for w in words}))


def text_similarity(queries: list[str], choices: list[str]) -> np.ndarray:
    """Shared-keyword score in 0..1 for every (query, choice) pair of keyword signatures.

    Indel distance d between sorted distinct signatures gives the shared count exactly:
    shared = (len_a + len_b - d) / 2. The score is ``min(shared, 3) / min(3, len_a, len_b)``:
    three shared keywords (or every keyword of a shorter text) is full marks, and a text with no
    keywords scores 0, since there is no evidence either way.
    """
    distance = process.cdist(
        queries, choices, scorer=Indel.distance, processor=None, dtype=np.int32, workers=-1
    )
    return shared_to_similarity(
        distance, signature_lengths(queries)[:, None], signature_lengths(choices)[None, :]
    )


def signature_lengths(signatures: list[str]) -> np.ndarray:
    return np.fromiter((len(s) for s in signatures), dtype=np.int32, count=len(signatures))


def shared_to_similarity(distance: np.ndarray, len_a: np.ndarray, len_b: np.ndarray) -> np.ndarray:
    """Turn Indel distances (broadcastable with len_a, len_b) into the 0..1 keyword score."""
    shared = (len_a + len_b - distance) // 2
    denominator = np.minimum(np.minimum(len_a, len_b), TEXT_FULL_MARKS)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.minimum(shared, TEXT_FULL_MARKS) / denominator
    return np.where(denominator > 0, score, 0.0).astype(np.float32)


_recent_keywords = lru_cache(maxsize=1024)(keywords)  # explanations repeat the same texts


def shared_words(text_a: str, text_b: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` keywords the two texts share, in the form ``text_b`` writes them."""
    shared = _recent_keywords(text_a) & _recent_keywords(text_b)
    surface: dict[str, str] = {}
    for word in _WORD.findall((text_b or "").lower().replace("'", "")):
        stemmed = stem(word)
        if stemmed in shared and word not in STOP_WORDS:
            surface.setdefault(stemmed, word)
    return sorted(surface.values(), key=lambda w: (-len(w), w))[:limit]
