"""Content checks for the careers section: role explainers, pages, glossary.

Pure file checks (no Flask, no network). Each failure names the file and what
to fix; reading-ease failures print the measured score.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach.content import readability, role_schema, schema
from outreach.content.questionnaire import load_values

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
ROLES_DIR = CONTENT / "roles"
PAGES_DIR = CONTENT / "pages"

EXPECTED_ROLES = {
    "care-worker",
    "senior-care-worker",
    "team-leader",
    "deputy-manager",
    "registered-manager",
    "home-care-worker",
    "learning-disability-support-worker",
    "personal-assistant",
    "activities-coordinator",
    "reablement-worker",
    "nursing-associate",
    "social-care-nurse",
    "occupational-therapist",
    "social-worker",
    "care-apprenticeship",
    "buddy-volunteer",
    "mental-health-support-worker",
    "care-home-chef",
    "care-home-housekeeper",
}
EXPECTED_PAGES = {"myths", "pay-and-progression", "values", "for-schools", "lesson-resources", "privacy"}
REQUIRED_GLOSSARY = {
    "CQC", "DBS", "Care Certificate", "domiciliary care", "reablement", "apprenticeship",
    "registered manager", "safeguarding", "person-centred care", "personal care", "dementia",
    "learning disability", "autism", "NMC", "HCPC", "Social Work England", "T Level",
    "supported living", "direct payments",
}
PATHWAY_GOALS = ("registered-manager", "social-care-nurse", "social-worker")
ROLE_FILES = sorted(ROLES_DIR.glob("*.md"))
PAGE_FILES = sorted(PAGES_DIR.glob("*.md"))


def _load(path: Path) -> schema.Document:
    try:
        return schema.load_document(path)
    except schema.ContentError as exc:
        pytest.fail(f"{path.name}: {exc}")


@pytest.fixture(scope="module")
def glossary():
    return schema.load_glossary(CONTENT / "glossary.yaml")


@pytest.fixture(scope="module")
def value_keys():
    return [v["key"] for v in load_values(CONTENT / "values.yaml")]


@pytest.fixture(scope="module")
def known(glossary):
    return schema.KnownTargets(
        role_slugs={p.stem for p in ROLE_FILES},
        page_slugs={p.stem for p in PAGE_FILES},
        glossary_slugs={e["slug"] for e in glossary if isinstance(e, dict) and "slug" in e},
    )


def _problems(problems: list[str]) -> str:
    return "\n".join(["", *problems])


# ---------------------------------------------------------------- glossary


def test_glossary_is_valid(glossary):
    problems = schema.validate_glossary(glossary)
    assert not problems, _problems(problems)


def test_glossary_covers_the_core_terms(glossary):
    terms = {e["term"].lower() for e in glossary}
    missing = sorted(t for t in REQUIRED_GLOSSARY if t.lower() not in terms)
    assert not missing, f"glossary.yaml is missing: {', '.join(missing)}"
    diplomas = [e for e in glossary if "diploma" in e["term"].lower()]
    assert diplomas, "glossary.yaml needs the Level 2, 3 and 5 diplomas"


def test_glossary_definitions_are_plain(glossary):
    problems = []
    for entry in glossary:
        score = readability.flesch_reading_ease(entry["definition"])
        if score < 50:
            problems.append(f"glossary '{entry['term']}': definition reading ease {score:.1f} is under 50")
    assert not problems, _problems(problems)


# ---------------------------------------------------------------- roles


def test_there_are_enough_roles():
    assert len(ROLE_FILES) >= role_schema.MIN_ROLES, f"only {len(ROLE_FILES)} role files in {ROLES_DIR}"


def test_every_planned_role_has_a_file():
    missing = sorted(EXPECTED_ROLES - {p.stem for p in ROLE_FILES})
    assert not missing, f"missing role files: {', '.join(missing)}"


@pytest.mark.parametrize("path", ROLE_FILES, ids=lambda p: p.stem)
def test_role_front_matter_and_sections(path, value_keys, known):
    problems = role_schema.validate_role(_load(path), value_keys, known)
    assert not problems, _problems(problems)


@pytest.mark.parametrize("path", ROLE_FILES, ids=lambda p: p.stem)
def test_role_reading_ease(path):
    doc = _load(path)
    score, problems = schema.check_reading_ease(doc.body, path.name)
    assert not problems, _problems(problems)


@pytest.mark.parametrize("path", ROLE_FILES, ids=lambda p: p.stem)
def test_role_length_is_about_right(path):
    words = readability.markdown_stats(_load(path).body).words
    assert 330 <= words <= 700, f"{path.name}: body has {words} words; aim for about 350 to 600"


@pytest.mark.parametrize("path", ROLE_FILES, ids=lambda p: p.stem)
def test_role_links_first_use_of_glossary_terms(path, glossary):
    problems = schema.check_glossary_first_use(_load(path).body, glossary, path.name)
    assert not problems, _problems(problems)


@pytest.mark.parametrize("path", ROLE_FILES, ids=lambda p: p.stem)
def test_role_story_is_marked_as_made_up(path):
    story = schema.sections(_load(path).body).get("A story from the job", "")
    assert "made-up" in story.lower() or "made up" in story.lower(), (
        f"{path.name}: say clearly that the story is a made-up example"
    )


def test_pathways_reach_the_senior_roles():
    graph = role_schema.role_graph(_load(p) for p in ROLE_FILES)
    for start in ("buddy-volunteer", "care-worker"):
        reached = role_schema.reachable(graph, start)
        missing = [goal for goal in PATHWAY_GOALS if goal not in reached]
        assert not missing, f"no pathway from {start} to: {', '.join(missing)}"


def test_every_role_can_be_reached_from_volunteering():
    graph = role_schema.role_graph(_load(p) for p in ROLE_FILES)
    unreachable = sorted(set(graph) - role_schema.reachable(graph, "buddy-volunteer"))
    assert not unreachable, f"no pathway from buddy-volunteer to: {', '.join(unreachable)}"


# ---------------------------------------------------------------- pages


def test_every_planned_page_has_a_file():
    missing = sorted(EXPECTED_PAGES - {p.stem for p in PAGE_FILES})
    assert not missing, f"missing page files: {', '.join(missing)}"


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.stem)
def test_page_front_matter_and_links(path, known):
    problems = schema.validate_page(_load(path), known)
    assert not problems, _problems(problems)


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.stem)
def test_page_reading_ease(path):
    score, problems = schema.check_reading_ease(_load(path).body, path.name)
    assert not problems, _problems(problems)


# ---------------------------------------------------------------- sources

FACTS_SHEET = Path(
    __import__("os").environ.get("CAREWAYS_FACTS_SHEET", ROOT.parent / "shared" / "facts" / "social-care-facts.md")
)


def test_every_cited_url_is_on_the_checked_facts_sheet():
    """Content may cite only sources from the team's checked facts sheet.

    The sheet lives in shared/ beside the repository; skip where it is absent.
    A source seen only on a mirror, or never verified, must not be cited.
    """
    if not FACTS_SHEET.exists():
        pytest.skip(f"facts sheet not found at {FACTS_SHEET}")
    sheet_lines = FACTS_SHEET.read_text(encoding="utf-8").splitlines()
    problems = []
    for path in ROLE_FILES + PAGE_FILES:
        for url in sorted(role_schema.cited_urls(_load(path))):
            tags = [_status_tags(sheet_lines, i) for i, line in enumerate(sheet_lines) if url in line]
            if not tags:
                problems.append(f"{path.name}: {url} is not on the facts sheet")
            elif not any("[PRIMARY" in t or "[SECONDARY" in t for t in tags):
                problems.append(f"{path.name}: {url} is only marked MIRROR or UNVERIFIED on the facts sheet")
    assert not problems, _problems(problems)


def _status_tags(lines: list[str], index: int) -> str:
    """The status tags that apply to a facts-sheet line.

    A line with no tag of its own (a sub-bullet listing several sources)
    takes the tags of the fact it sits under.
    """
    for line in reversed(lines[max(0, index - 10): index + 1]):
        if "[" in line and any(tag in line for tag in ("[PRIMARY", "[SECONDARY", "[MIRROR", "[UNVERIFIED")):
            return line
        if line.lstrip().startswith(("- **", "#")):
            break
    return ""
