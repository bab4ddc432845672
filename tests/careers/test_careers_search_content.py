"""Role search looks in what each role is about (its explainer and front matter), not only titles."""
from __future__ import annotations

import re

import pytest

from outreach.careers import search
from outreach.content import loader as content


@pytest.fixture(scope="module")
def roles():
    return content.build(check_reading_ease=False)


def slugs(hits) -> list[str]:
    return [hit.role.slug for hit in hits]


def test_dementia_finds_the_roles_whose_explainers_talk_about_it(roles):
    found = slugs(search.search(roles, "dementia"))
    mention = {slug for slug, role in roles.roles.items() if "dementia" in search.role_words(role)}
    assert {"care-worker", "social-care-nurse"} <= mention <= set(found)
    assert "registered-manager" not in found  # its explainer does not mention dementia
    assert found.index("care-worker") < found.index("care-home-housekeeper")  # "domestic" is a loose title match


def test_a_small_typo_still_finds_the_content(roles):
    assert {"care-worker", "social-care-nurse"} <= set(slugs(search.search(roles, "dementa")))


def test_every_word_must_be_mentioned_and_common_words_are_ignored(roles):
    assert {"care-worker", "social-care-nurse"} <= set(slugs(search.search(roles, "dementia care")))
    assert search.search(roles, "dementia spaceship") == []
    assert search.search(roles, "software engineer") == []


def test_settings_and_front_matter_lists_are_searched(roles):
    role = roles.roles["care-worker"]
    words = search.role_words(role)
    assert "supported" in words and "living" in words  # settings: supported-living
    assert "certificate" in words  # qualifications: Care Certificate


def test_title_matches_still_come_first(roles):
    nurse = search.search(roles, "nurse")
    assert slugs(nurse)[:2] == ["social-care-nurse", "nursing-associate"] and nurse[0].in_title
    assert any(not hit.in_title for hit in nurse)  # other roles that mention nurses follow
    tiers = [hit.tier for hit in nurse]
    assert tiers == sorted(tiers)
    medicines = search.search(roles, "medicines")
    assert all(hit.in_title for hit in medicines[:2]) and not medicines[-1].in_title


def test_the_search_page_lists_content_hits_with_a_note(client):
    html = client.get("/careers/search?q=dementia").get_data(as_text=True)
    found = re.findall(r'<a href="/careers/([a-z-]+)">', html)
    assert "care-worker" in found and "Found in what this role involves." in html
