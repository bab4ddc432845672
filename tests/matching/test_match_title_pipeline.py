"""Each step of title preparation: noise, short forms, spelling, settings, non-care words, runner-up."""
from __future__ import annotations

import pytest

from matching import normalise_role


def slug(text, taxonomy):
    match = normalise_role(text, taxonomy)
    return match.slug if match else None


@pytest.mark.parametrize("text,expected", [
    # the misses named in issue 18
    ("nursing home care assistant", "care-worker"),
    ("snr care assistant", "senior-care-worker"),
    ("reg manager", "registered-manager"),
    ("care at home worker", "home-care-worker"),
    ("suport worker (supported living)", "learning-disability-support-worker"),
    ("reablement assistant", "reablement-worker"),
    ("level 2 adult care apprentice", "care-apprenticeship"),
    ("volunteer befriender", "buddy-volunteer"),
    ("Level 3 Lead Adult Care Worker Apprentice", "care-apprenticeship"),
])
def test_the_known_misses(content_taxonomy, text, expected):
    assert slug(text, content_taxonomy) == expected


@pytest.mark.parametrize("text", ["customer care advisor", "veterinary nurse", "nursery nurse",
                                  "car care technician", "pet carer", "PA to the managing director",
                                  "hotel housekeeper", ""])
def test_titles_outside_care_get_no_role(content_taxonomy, text):
    assert slug(text, content_taxonomy) is None


def test_advert_noise_is_stripped_before_scoring(content_taxonomy):
    prepared = content_taxonomy.prepare(
        "Senior Carer - Nights - £13.50ph (Bank), Dorchester - driver essential - immediate start")
    assert prepared.short == "senior carer"
    for noisy in ("Care Assistant - up to £14 per hour - Blandford", "Care Assistant (Sponsorship available)",
                  "care assistant in Swanage", "Care Assistant, 37.5 hours, £25,000 pa"):
        assert content_taxonomy.prepare(noisy).short == "care assistant", noisy


def test_a_later_segment_about_the_role_is_kept(content_taxonomy):
    assert content_taxonomy.prepare("Support Worker - Mental Health").full == "support worker mental health"
    assert slug("Support Worker - Mental Health - Nights", content_taxonomy) == "mental-health-support-worker"
    assert slug("Recovery Worker (Mental Health)", content_taxonomy) == "mental-health-support-worker"


def test_the_title_alone_is_used_when_the_whole_line_is_unsure(content_taxonomy):
    assert slug("Community Support Worker - LD", content_taxonomy) == "learning-disability-support-worker"
    assert slug("Personal Assistant to a disabled lady", content_taxonomy) == "personal-assistant"


@pytest.mark.parametrize("text,expected", [
    ("SCA", "senior-care-worker"), ("CSW - days", "care-worker"), ("DM", "deputy-manager"),
    ("RGN", "social-care-nurse"), ("Senior HCA", "senior-care-worker"),
    ("MH support worker", "mental-health-support-worker"),
    ("Asst Manager", "deputy-manager"), ("Dom Care Worker", "home-care-worker"),
])
def test_short_forms_are_expanded(content_taxonomy, text, expected):
    assert slug(text, content_taxonomy) == expected


@pytest.mark.parametrize("typo,word", [("reablment", "reablement"), ("suport", "support"), ("socail", "social"),
                                       ("caer", "care"), ("domicilliary", "domiciliary")])
def test_misspelt_words_are_corrected_against_the_vocabulary(content_taxonomy, typo, word):
    assert content_taxonomy.correct(typo) == word


@pytest.mark.parametrize("word", ["nursery", "veterinary", "dorchester", "hca", "xyz"])
def test_known_short_or_unknown_far_words_are_left_alone(content_taxonomy, word):
    assert content_taxonomy.correct(word) == word


def test_a_guess_has_a_confidence_and_a_runner_up(content_taxonomy):
    guess = content_taxonomy.guess_many(["snr carer - nights"])[0]
    assert guess.slug == "senior-care-worker" and guess.confidence == 1.0
    assert guess.runner_up and guess.runner_up != guess.slug and 0 < guess.runner_up_confidence <= 1.0
    unsure = content_taxonomy.guess_many(["veterinary nurse"])[0]
    assert unsure.slug is None and unsure.label is None and unsure.confidence < 0.8
    assert unsure.best is not None  # still says what it would have guessed, for a picker
    assert content_taxonomy.guess_many([""])[0].best is None


def test_role_scores_agree_with_the_guess(content_taxonomy):
    texts = ["Senior Carer - Nights", "reablement assistant", "veterinary nurse", "Senior Carer - Nights", ""]
    scores = content_taxonomy.role_scores(texts)
    assert scores.shape == (5, len(content_taxonomy))
    for row, guess in zip(scores, content_taxonomy.guess_many(texts), strict=True):
        if guess.slug:
            assert content_taxonomy.slugs[int(row.argmax())] == guess.slug
    assert (scores[0] == scores[3]).all() and not scores[4].any()
