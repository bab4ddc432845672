"""Title normalisation accuracy on a labelled set of free-typed variants (content/roles taxonomy).

``data/title_variants.csv`` holds typos, abbreviations, UK/US spellings, word-order swaps, filler
("looking for a carer job"), descriptions ("helping old people at home") and unrelated titles
(expected blank, i.e. None). A fixed quarter of the rows (by a hash of the text) is a *holdout*:
synonyms added to content/roles were chosen by looking at failures in the other rows only, so
the holdout accuracy was the honest estimate for unseen input before issue 18.

Since issue 18 the honest figure comes from ``titles/held_out.tsv`` (written before tuning, see
test_match_title_sets.py). About 68 of its 218 titles also appear here, mostly plain role names,
so this older set stays as a regression check only: the rows here were tuned on.
"""
from __future__ import annotations

import csv
import zlib
from pathlib import Path

import pytest

VARIANTS = Path(__file__).parent / "data" / "title_variants.csv"
TARGET = 0.95


def rows():
    with VARIANTS.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def is_holdout(text: str) -> bool:
    return zlib.crc32(text.encode()) % 4 == 0


@pytest.fixture(scope="module")
def results(content_taxonomy):
    labelled = rows()
    matches = content_taxonomy.normalise_many([r["text"] for r in labelled])
    return [(r["text"], r["expected"] or None, m.slug if m else None) for r, m in zip(labelled, matches, strict=True)]


def test_the_labelled_set_is_large_and_uses_only_real_slugs(content_taxonomy):
    labelled = rows()
    assert len(labelled) >= 200
    assert len({r["text"] for r in labelled}) == len(labelled), "duplicate texts"
    assert {r["expected"] for r in labelled if r["expected"]} <= set(content_taxonomy.slugs)
    assert sum(1 for r in labelled if not r["expected"]) >= 20


def test_accuracy_at_one_is_at_least_95_percent(results):
    wrong = [(text, expected, got) for text, expected, got in results if got != expected]
    accuracy = 1 - len(wrong) / len(results)
    holdout = [r for r in results if is_holdout(r[0])]
    holdout_accuracy = sum(1 for _, e, g in holdout if e == g) / len(holdout)
    print(f"\naccuracy@1 {accuracy:.3f} on {len(results)}; holdout {holdout_accuracy:.3f} on {len(holdout)}")
    assert accuracy >= TARGET, f"accuracy {accuracy:.3f}; wrong: {wrong}"
    assert holdout_accuracy >= 0.85, f"holdout accuracy {holdout_accuracy:.3f}"


def test_unrelated_titles_return_none(results):
    for text, expected, got in results:
        if expected is None:
            assert got is None, f"{text!r} was coded as {got}"


@pytest.mark.parametrize("text", ["software engineer", "bus driver", "accountant"])
def test_the_named_unrelated_titles_return_none(content_taxonomy, text):
    assert content_taxonomy.normalise_many([text]) == [None]


@pytest.mark.parametrize("text,slug", [
    ("home care assistant", "home-care-worker"),
    ("care home assistant", "care-worker"),
    ("home care worker", "home-care-worker"),
    ("care home worker", "care-worker"),
])
def test_home_care_and_care_home_stay_distinct_in_the_content_taxonomy(content_taxonomy, text, slug):
    assert content_taxonomy.normalise_many([text])[0].slug == slug
