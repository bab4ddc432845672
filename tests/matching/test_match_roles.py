"""The role taxonomy loader and title normalisation (on a small fixture taxonomy)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from matching import NORMALISE_THRESHOLD, Role, RoleTaxonomy, normalise_role
from matching.roles import read_front_matter, role_from_front_matter
from tests.matching.engine_helpers import CONTENT_ROLES, ROOT

FIXED_SLUGS = {
    "care-worker", "senior-care-worker", "team-leader", "deputy-manager", "registered-manager",
    "home-care-worker", "learning-disability-support-worker", "personal-assistant",
    "activities-coordinator", "reablement-worker", "nursing-associate", "social-care-nurse",
    "occupational-therapist", "social-worker", "care-apprenticeship", "buddy-volunteer",
    "mental-health-support-worker", "care-home-chef", "care-home-housekeeper",
}


def slug_of(text, taxonomy):
    match = normalise_role(text, taxonomy)
    return match.slug if match else None


def test_loader_reads_title_synonyms_and_abbreviations_from_front_matter(taxonomy):
    assert "care-worker" in taxonomy and len(taxonomy) == 8
    role = taxonomy.roles[taxonomy.index_of["care-worker"]]
    assert role.title == "Care worker" and "carer" in role.synonyms and role.abbreviations == ("HCA",)


def test_front_matter_must_exist_and_name_a_slug_and_title():
    with pytest.raises(ValueError):
        read_front_matter("# no front matter\n")
    with pytest.raises(ValueError):
        role_from_front_matter({"title": "Carer"})
    with pytest.raises(ValueError):
        role_from_front_matter({"title": "Carer", "slug": "carer", "synonyms": "carer"})
    data = read_front_matter("---\ntitle: Chef\nslug: chef\nsynonyms: [cook]\n---\nBody\n")
    assert role_from_front_matter(data) == Role(slug="chef", title="Chef", synonyms=("cook",))


def test_an_abbreviation_may_not_belong_to_two_roles():
    with pytest.raises(ValueError, match="PA"):
        RoleTaxonomy([Role("personal-assistant", "Personal assistant", abbreviations=("PA",)),
                      Role("practice-assistant", "Practice assistant", abbreviations=("PA",))])


def test_duplicate_slugs_are_refused():
    with pytest.raises(ValueError):
        RoleTaxonomy([Role("chef", "Chef"), Role("chef", "Cook")])


@pytest.mark.parametrize("text,slug", [
    ("carer", "care-worker"),
    ("home care asisstant", "home-care-worker"),
    ("support wrker", "care-worker"),  # the fixture lists "support worker" under care-worker
    ("HCA", "care-worker"),
    ("care giver", "care-worker"),
    ("nurse in a care home", "social-care-nurse"),
    ("helping old people at home", "home-care-worker"),
    ("Looking for a carer job", "care-worker"),
    ("senior hca", "senior-care-worker"),  # abbreviation expanded, then fuzzy matched
])
def test_free_typed_titles_are_normalised(taxonomy, text, slug):
    assert slug_of(text, taxonomy) == slug


def test_a_match_reports_slug_score_and_label(taxonomy):
    match = normalise_role("home care asisstant", taxonomy)
    assert match.slug == "home-care-worker" and match.label == "home care assistant"
    assert match.score == 100  # the misspelt word is corrected against the vocabulary first
    assert normalise_role("HCA", taxonomy).score == 100


@pytest.mark.parametrize("text", ["software engineer", "bus driver", "accountant", "", "   ",
                                  "looking for a job", "sales assistant", "teaching assistant"])
def test_unrelated_or_empty_titles_return_none(taxonomy, text):
    assert normalise_role(text, taxonomy) is None


def test_home_care_is_not_care_home(taxonomy):
    # Token-based scorers call these equal; word order decides domiciliary vs residential.
    assert slug_of("home care assistant", taxonomy) == "home-care-worker"
    assert slug_of("care home assistant", taxonomy) == "care-worker"
    assert slug_of("homecare assistant", taxonomy) == "home-care-worker"
    assert slug_of("care home asisstant", taxonomy) == "care-worker"


def test_short_abbreviations_are_exact_never_partial(taxonomy):
    # partial_ratio would score "hca" 100 inside "healthcare"; the exact table never does.
    assert slug_of("hca", taxonomy) == "care-worker"
    assert slug_of("hc", taxonomy) is None
    assert slug_of("hcaa", taxonomy) is None
    assert slug_of("ot", taxonomy) == "occupational-therapist"
    assert slug_of("otter", taxonomy) is None
    assert slug_of("pa", taxonomy) == "personal-assistant"
    assert slug_of("pat", taxonomy) is None
    assert slug_of("rm", taxonomy) == "registered-manager"
    assert slug_of("rmm", taxonomy) is None
    # and a word containing an abbreviation is not that abbreviation
    assert "healthcare" not in taxonomy.exact and "hca" not in taxonomy.labels


def test_role_scores_is_one_row_per_text(taxonomy):
    scores = taxonomy.role_scores(["carer", "carer", "", "chef"])
    assert scores.shape == (4, len(taxonomy))
    assert (scores[0] == scores[1]).all() and scores[2].max() == 0
    assert scores[0, taxonomy.index_of["care-worker"]] == 100


def test_normalise_many_matches_normalise_role(taxonomy):
    texts = ["carer", "OT", "bus driver", "home carer"]
    assert taxonomy.normalise_many(texts) == [normalise_role(t, taxonomy) for t in texts]


def test_content_roles_have_the_agreed_slugs():
    taxonomy = RoleTaxonomy.from_directory(CONTENT_ROLES)
    assert FIXED_SLUGS <= set(taxonomy.slugs)
    for path in CONTENT_ROLES.glob("*.md"):
        assert read_front_matter(path.read_text())["slug"] == path.stem


def test_no_content_label_belongs_to_two_roles():
    """A title listed under two roles could only ever be coded as one of them."""
    taxonomy = RoleTaxonomy.from_directory(CONTENT_ROLES)
    owners = {}
    for label, role in zip(taxonomy.labels, taxonomy.label_roles.tolist(), strict=True):
        assert owners.setdefault(label, role) == role, f"{label!r} is listed under two roles"


def run_cli(*args):
    result = subprocess.run([sys.executable, "-m", "matching", *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_cli_normalise_prints_role_and_score_as_json():
    found = json.loads(run_cli("normalise", "home care asisstant - nights"))
    assert found["role"] == "home-care-worker" and found["score"] == 100
    assert found["runner_up"] and found["runner_up"] != "home-care-worker" and found["runner_up_score"] < 100
    unrelated = json.loads(run_cli("normalise", "software engineer"))
    assert unrelated["role"] is None and unrelated["score"] < NORMALISE_THRESHOLD


def test_cli_bench_json_prints_one_object_with_every_figure():
    figures = json.loads(run_cli("bench", "--json", "--scale", "0.01"))
    for key in ("rank_one_vs_5000_ms", "shortlist_one_vs_20000_ms", "batch_10000x2000_s",
                "raw_cdist_10000x2000_s", "batch_over_raw", "allocate_5000x500_s"):
        assert figures[key] >= 0, key
    assert figures["allocate_blocking_pairs"] == 0 and figures["scale"] == 0.01


def test_a_title_approved_as_no_role_abstains_however_it_is_written():
    from matching.roles import RoleTaxonomy, default_taxonomy
    roles = default_taxonomy().roles
    before = RoleTaxonomy(roles).guess_many(["Wellbeing Support Worker - Gym"])[0]
    taught = RoleTaxonomy(roles, no_role_titles=["wellbeing support worker gym"])
    after = taught.guess_many(["Wellbeing Support Worker - Gym", "WELLBEING SUPORT WORKER (gym)",
                               "care worker"])
    assert before.slug is not None  # the control: without the list the words alone find a role
    assert after[0].slug is None and after[0].best is None and after[1].slug is None
    assert after[2].slug == "care-worker"  # nothing else changes
