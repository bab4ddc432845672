"""The content checker itself: it must catch the mistakes it is meant to catch."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach.content import readability, role_schema, schema

VALUES = ["dignity_respect", "compassion_empathy", "communication", "teamwork"]
KNOWN = schema.KnownTargets(
    role_slugs={"care-worker", "senior-care-worker"},
    page_slugs={"myths"},
    glossary_slugs={"cqc", "care-certificate"},
)
GOOD_META = {
    "title": "Care worker",
    "slug": "care-worker",
    "summary": "Help people live well.",
    "synonyms": ["carer", "care assistant", "support worker", "helping old people"],
    "pay": {
        "text": "£12.60 an hour",
        "hourly_from": 12.60,
        "source": "Homecare Association",
        "source_url": "https://example.org/pay",
        "date": "2025-12",
    },
    "min_age": 16,
    "start_at": [16, 18],
    "entry_routes": ["Apply at 16"],
    "qualifications": ["Care Certificate"],
    "next_roles": ["senior-care-worker"],
    "values": ["dignity_respect", "communication"],
    "settings": ["care-home"],
    "at_a_glance": {"does": "Help people with everyday life", "hours": "Shifts", "at_14": "Volunteer",
                    "at_16": "Start an apprenticeship", "at_18": "Apply for jobs"},
    "illustration": {"scene": "care-worker", "alt": "A care worker bringing a cup of tea"},
}
GOOD_BODY = "\n\n".join(
    f"## {heading}\n\nSome words here." for heading in role_schema.ROLE_SECTIONS
) + "\n\n- Homecare Association, https://example.org/pay, December 2025.\n"


def _doc(meta=None, body=GOOD_BODY, name="care-worker.md"):
    return schema.Document(path=Path(name), meta={**GOOD_META, **(meta or {})}, body=body)


def _problems_for(**changes):
    return role_schema.validate_role(_doc(changes), VALUES, KNOWN)


def test_good_role_passes():
    assert role_schema.validate_role(_doc(), VALUES, KNOWN) == []


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"min_age": "16"}, "'min_age' must be a whole number"),
        ({"min_age": 13}, "min_age 13 must be between 14 and 21"),
        ({"min_age": 22}, "min_age 22 must be between 14 and 21"),
        ({"start_at": [16, 17]}, "start_at value 17"),
        ({"next_roles": ["astronaut"]}, "unknown role 'astronaut'"),
        ({"values": ["kindness", "communication"]}, "unknown value key 'kindness'"),
        ({"values": ["communication"]}, "list 2 to 4 values"),
        ({"settings": ["prison"]}, "unknown setting 'prison'"),
        ({"synonyms": ["carer", "care assistant"]}, "at least 4 synonyms"),
        ({"slug": "carer"}, "must equal the file name"),
        ({"colour": "blue"}, "unknown key 'colour'"),
        ({"summary": "x" * 140}, "keep it under 140"),
        ({"synonyms": "carer"}, "'synonyms' must be a list"),
        ({"abbreviations": ["HEALTHCARE"]}, "2 to 4 letters"),
        ({"illustration": {"scene": "astronaut", "alt": "A rocket"}}, "unknown scene 'astronaut'"),
        ({"illustration": {"scene": "care-worker"}}, "illustration: missing required key 'alt'"),
        ({"illustration": None}, "missing required key 'illustration'"),
        ({"at_a_glance": {**GOOD_META["at_a_glance"], "at_16": ""}}, "at_a_glance: missing required key 'at_16'"),
        ({"at_a_glance": {**GOOD_META["at_a_glance"], "does": "word " * 30}}, "'does' is 150 characters"),
        ({"at_a_glance": {**GOOD_META["at_a_glance"], "pay": "lots"}}, "at_a_glance: unknown key 'pay'"),
    ],
)
def test_bad_front_matter_is_caught(changes, expected):
    problems = _problems_for(**changes)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("missing", ["source", "source_url", "date"])
def test_pay_without_a_citation_is_caught(missing):
    pay = {k: v for k, v in GOOD_META["pay"].items() if k != missing}
    problems = _problems_for(pay=pay)
    assert any(f"needs '{missing}'" in p for p in problems), problems


def test_pay_date_must_be_year_and_month():
    problems = _problems_for(pay={**GOOD_META["pay"], "date": "Dec 2025"})
    assert any("YYYY-MM" in p for p in problems), problems


def test_missing_required_key_is_caught():
    meta = {k: v for k, v in GOOD_META.items() if k != "pay"}
    problems = role_schema.validate_role(schema.Document(Path("care-worker.md"), meta, GOOD_BODY), VALUES, KNOWN)
    assert any("missing required key 'pay'" in p for p in problems), problems


def test_a_long_story_is_caught_because_it_sits_near_the_top():
    body = GOOD_BODY.replace("## A story from the job\n\nSome words here.",
                             "## A story from the job\n\n" + "I help people every day. " * 21)
    problems = role_schema.validate_role(_doc(body=body), VALUES, KNOWN)
    assert any("the story has 105 words" in p for p in problems), problems


def test_missing_section_is_caught():
    body = GOOD_BODY.replace("## What is hard", "## What is tricky")
    problems = role_schema.validate_role(_doc(body=body), VALUES, KNOWN)
    assert any("missing body section '## What is hard'" in p for p in problems), problems


@pytest.mark.parametrize(
    "target, ok",
    [
        ("/careers/", True),
        ("/careers/care-worker", True),
        ("/careers/astronaut", False),
        ("/careers/pages/myths", True),
        ("/careers/pages/nothing", False),
        ("/careers/glossary", True),
        ("/careers/glossary#cqc", True),
        ("/careers/glossary#nope", False),
        ("/careers/pathways", True),
        ("/careers/quiz", True),
        ("/careers/care-worker#pay", False),
        ("/jobs/care-worker", False),
    ],
)
def test_internal_links(target, ok):
    problems = schema.check_links(f"See [this]({target}).", KNOWN, "x.md")
    assert (problems == []) is ok, problems


def test_first_use_of_a_glossary_term_must_be_linked():
    glossary = [
        {"term": "CQC", "slug": "cqc", "definition": "The checker."},
        {"term": "Care Certificate", "slug": "care-certificate", "definition": "Training."},
        {"term": "Level 2 Adult Social Care Certificate", "slug": "level-2", "definition": "A course."},
    ]
    good = "## Day\n\nThe [CQC](/careers/glossary#cqc) checks homes. The CQC is fair.\n"
    assert schema.check_glossary_first_use(good, glossary, "x.md") == []
    bad = "## Day\n\nThe CQC checks homes. The [CQC](/careers/glossary#cqc) is fair.\n"
    assert schema.check_glossary_first_use(bad, glossary, "x.md")
    # A shorter term inside a longer one belongs to the longer term.
    nested = "## Day\n\nDo the [Level 2 Adult Social Care Certificate](/careers/glossary#level-2).\n"
    assert schema.check_glossary_first_use(nested, glossary, "x.md") == []
    # Link targets are not text: a role link's URL is not a use of the term.
    target = "## Day\n\nSee [the top job](/careers/registered-manager).\n"
    assert schema.check_glossary_first_use(target, glossary + [
        {"term": "registered manager", "slug": "registered-manager", "definition": "Boss."}], "x.md") == []
    # Headings and Sources are ignored.
    sources = "## CQC rules\n\nHello.\n\n## Sources\n\n- CQC, 2025.\n"
    assert schema.check_glossary_first_use(sources, glossary, "x.md") == []


def test_pathway_search():
    graph = {"a": ["b"], "b": ["c"], "c": [], "d": ["a"]}
    assert role_schema.reachable(graph, "a") == {"a", "b", "c"}


def test_front_matter_must_exist():
    with pytest.raises(schema.ContentError):
        schema.split_front_matter("# Just a heading\n")
    meta, body = schema.split_front_matter("---\ntitle: X\n---\nHello\n")
    assert meta == {"title": "X"} and body == "Hello\n"


# ---------------------------------------------------------------- readability


def test_simple_sentence_scores_as_very_easy():
    stats = readability.text_stats("The cat sat on the mat.")
    assert (stats.words, stats.sentences, stats.syllables) == (6, 1, 6)
    assert stats.reading_ease == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 1)


def test_long_words_and_sentences_score_lower():
    easy = readability.flesch_reading_ease("We help people. We make tea. We chat.")
    hard = readability.flesch_reading_ease(
        "Organisational accountability necessitates comprehensive documentation "
        "of individualised interventions, notwithstanding considerable administrative burdens."
    )
    assert easy > 90 > 0 > hard


@pytest.mark.parametrize(
    "word, syllables",
    [("care", 1), ("caring", 2), ("people", 2), ("helped", 1), ("lunches", 2),
     ("apprenticeship", 4), ("registered", 3), ("£12.60", 4)],
)
def test_syllable_counts(word, syllables):
    assert readability.count_syllables(word) == syllables


def test_markdown_is_stripped():
    text = readability.strip_markdown(
        "---\ntitle: X\n---\n## A heading\n\nSee [the CQC](/careers/glossary#cqc) and **bold** text\n"
        "- first item\n- second item\n\n![pic](x.png) https://example.org/page\n"
    )
    assert text.splitlines() == ["A heading.", "See the CQC and bold text.", "first item.", "second item.", "pic."]


def test_decimal_points_do_not_end_sentences():
    assert readability.text_stats("It pays £12.60 an hour. That is fine.").sentences == 2
