"""Flesch reading ease for CareWays content, with no downloads.

Pure functions only, so the app can reuse them. textstat and nltk are not used
because they fetch dictionaries or corpora at run time.

Reading ease = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)

Syllables come from pyphen's en_GB hyphenation dictionary, with a vowel-group
count as the fallback. A hyphenation dictionary only marks places where a word
may be *broken on a line*, and it refuses breaks near the ends of a word
("people", "caring" and "really" have no break points), so pyphen alone
under-counts syllables and over-rates a text's ease. We therefore split a word
at pyphen's break points and count vowel groups inside each piece (at least
one syllable per piece): "ap-pren-tice-ship" is 4, "people" is 2.

Numbers count as one word with one syllable per digit, a rough stand-in for
how they are read aloud ("2025" is "twenty twenty-five").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

try:  # pyphen is a test dependency; keep the module importable without it.
    import pyphen

    _HYPHENATOR = pyphen.Pyphen(lang="en_GB")
except ImportError:  # pragma: no cover - exercised only without pyphen
    _HYPHENATOR = None


_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_WORD = re.compile(r"[A-Za-z0-9£$%][A-Za-z0-9'’.,£$%-]*")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\"'”’)\]]*(\s|$))")


@dataclass(frozen=True)
class TextStats:
    words: int
    sentences: int
    syllables: int

    @property
    def reading_ease(self) -> float:
        if self.words == 0 or self.sentences == 0:
            return 0.0
        return (
            206.835
            - 1.015 * (self.words / self.sentences)
            - 84.6 * (self.syllables / self.words)
        )


# --------------------------------------------------------------------------
# Markdown to plain text
# --------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*(\n|\Z)", re.S)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_BARE_URL = re.compile(r"<?https?://\S+>?")
_HTML_TAG = re.compile(r"<[^>]+>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]*)`")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*$")


def _inline(text: str) -> str:
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _BARE_URL.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(3):  # nested emphasis such as ***word***
        text = _EMPHASIS.sub(r"\2", text)
    return text.strip()


def strip_markdown(markdown: str) -> str:
    """Return the prose of a Markdown document, one sentence-ended block per line.

    Headings, list items and table rows are read as separate sentences, so a
    list of short items is not scored as one endless sentence. Link text is
    kept and link targets are dropped.
    """
    markdown = _FRONT_MATTER.sub("", markdown, count=1)
    markdown = _HTML_COMMENT.sub("", markdown)
    blocks: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(" ".join(paragraph))
            paragraph.clear()

    in_fence = False
    for raw in markdown.splitlines():
        if raw.strip().startswith("```"):
            in_fence = not in_fence
            flush()
            continue
        if in_fence:
            continue
        line = raw.rstrip()
        if not line.strip() or _TABLE_RULE.match(line):
            flush()
            continue
        if _HEADING.match(line):
            flush()
            blocks.append(_inline(_HEADING.sub("", line).rstrip("#").strip()))
            continue
        if _LIST_MARKER.match(line):
            flush()
            paragraph.append(_inline(_LIST_MARKER.sub("", line)))
            continue
        if line.lstrip().startswith("|"):
            flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            blocks.extend(_inline(c) for c in cells if c)
            continue
        paragraph.append(_inline(_QUOTE.sub("", line)))
    flush()

    out = []
    for block in blocks:
        block = re.sub(r"\s+", " ", block).strip()
        if not block:
            continue
        if not _TERMINAL.search(block):
            block += "."
        out.append(block)
    return "\n".join(out)


# --------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------


def _vowel_group_syllables(word: str) -> int:
    """Estimate syllables by counting vowel groups, with common English fixes."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    count = len(_VOWEL_GROUP.findall(w))
    # Silent final e: "care", "make" (but not "people", "free", "the").
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    # "-ed" is usually silent: "helped", "cared" (not "wanted", "needed").
    elif w.endswith("ed") and len(w) > 3 and w[-3] not in "td" and count > 1:
        count -= 1
    # "-es" is silent after most letters: "makes" (not "lunches", "buses").
    elif (
        w.endswith("es")
        and len(w) > 3
        and not w.endswith(("ches", "shes", "ses", "xes", "zes", "ges", "ces"))
        and count > 1
    ):
        count -= 1
    return max(1, count)


@functools.lru_cache(maxsize=20000)
def count_syllables(word: str) -> int:
    """Syllables in one word: pyphen en_GB, falling back to vowel groups."""
    digits = sum(ch.isdigit() for ch in word)
    letters = re.sub(r"[^A-Za-z]", "", word)
    if not letters:
        return max(1, digits)
    syllables = 0
    for part in re.split(r"[-’']", word):  # hyphenated and possessive words
        part = re.sub(r"[^A-Za-z]", "", part)
        if not part:
            continue
        chunks = [part.lower()]
        if _HYPHENATOR is not None:
            chunks = _HYPHENATOR.inserted(part.lower(), hyphen="\n").split("\n")
        # Each pyphen chunk is at least one syllable; vowel groups find the
        # syllables pyphen would not split off ("peo|ple", "car|ing").
        syllables += sum(max(1, _vowel_group_syllables(chunk)) for chunk in chunks)
    return max(1, syllables) + digits


def _words(text: str) -> list[str]:
    words = []
    for token in _WORD.findall(text):
        token = token.strip(".,'’-")
        if token and re.search(r"[A-Za-z0-9]", token):
            words.append(token)
    return words


def _sentence_count(text: str) -> int:
    count = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        # A full stop inside a number ("£12.60") is not a sentence end: the
        # pattern needs whitespace or the end of the line after it.
        ends = len(_SENTENCE_END.findall(line))
        if not re.search(r"[.!?][\"'”’)\]]*$", line):
            ends += 1  # a block ending in ":" or ";" or nothing is still one
        count += ends
    return count


def text_stats(text: str) -> TextStats:
    """Counts for plain text (already stripped of Markdown)."""
    words = _words(text)
    return TextStats(
        words=len(words),
        sentences=_sentence_count(text) if words else 0,
        syllables=sum(count_syllables(w) for w in words),
    )


def markdown_stats(markdown: str) -> TextStats:
    return text_stats(strip_markdown(markdown))


def flesch_reading_ease(markdown: str) -> float:
    """Flesch reading ease of a Markdown document (front matter ignored)."""
    return markdown_stats(markdown).reading_ease
