"""The careers pages as visitors use them: browse, filter, read, search, quiz, pathways, API."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from outreach.content import loader as content
from outreach.content.schema import ContentError


def slugs_in(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/careers/([a-z-]+)"', html)


def test_all_roles_listed_and_filters_work(client):
    html = client.get("/careers/").get_data(as_text=True)
    assert len(slugs_in(html)) == 19
    home_care = slugs_in(client.get("/careers/?setting=home-care").get_data(as_text=True))
    assert "home-care-worker" in home_care and "care-home-chef" not in home_care
    degree = slugs_in(client.get("/careers/?start=degree").get_data(as_text=True))
    assert "social-worker" in degree and "care-worker" not in degree
    at_16 = slugs_in(client.get("/careers/?start=16").get_data(as_text=True))
    assert "care-apprenticeship" in at_16 and "nursing-associate" not in at_16
    # unknown filter ignored
    assert len(slugs_in(client.get("/careers/?setting=<script>").get_data(as_text=True))) == 19


def test_role_page_has_every_section_pay_source_and_progression(client):
    html = client.get("/careers/care-worker").get_data(as_text=True)
    for heading in ("What a day looks like", "What is hard", "What is rewarding", "How to start at 14",
                    "How to start at 16", "How to start at 18", "A story from the job", "Sources"):
        assert heading in html
    assert "Source:" in html and "2026-04" in html
    assert 'href="/careers/senior-care-worker"' in html
    assert client.get("/careers/no-such-role").status_code == 404


def test_role_page_postcode_search_has_clear_messages_and_empty_state(client):
    bad = client.get("/careers/care-worker?postcode=NOT+A+PC").get_data(as_text=True)
    assert "Enter a real UK postcode" in bad and 'value="NOT A PC"' in bad
    empty = client.get("/careers/care-worker?postcode=DT1+1AA").get_data(as_text=True)
    assert "There are no tasters or jobs like this within 30 km of DT1 1" in empty


def test_markdown_is_sanitised():
    html = content.render_markdown('Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>')
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


@pytest.mark.parametrize("query, expected", [
    ("ocupational therapst", "occupational-therapist"), ("carer", "care-worker"), ("home help", "home-care-worker"),
    ("HCA", "care-worker"), ("socail worker", "social-worker"), ("nurse", "social-care-nurse"),
])
def test_search_is_typo_tolerant(client, query, expected):
    found = slugs_in(client.get(f"/careers/search?q={query}").get_data(as_text=True))
    assert found and found[0] == expected, found


def test_search_for_unrelated_words_says_so(client):
    html = client.get("/careers/search?q=software+engineer").get_data(as_text=True)
    assert "No roles match" in html and "software engineer" in html


def test_search_escapes_what_was_typed(client):
    html = client.get("/careers/search?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_quiz_has_at_most_8_questions_and_needs_every_answer(client):
    html = client.get("/careers/quiz").get_data(as_text=True)
    assert html.count("<fieldset") == 1 and "Question 1 of 8" in html  # one question at a time
    partial = client.get("/careers/quiz/result?afternoon=a&postcode=DT1").get_data(as_text=True)
    assert "There is a problem" in partial and "Choose an answer for this question" in partial
    assert "Question 2 of 8" in partial  # the first question without an answer
    assert '<input type="hidden" name="afternoon" value="a">' in partial  # the answer already given is kept


def test_quiz_result_is_shareable_and_suggests_roles(client):
    library_quiz = [q["id"] for q in content.build().quiz["questions"]]
    answers = {qid: "a" for qid in library_quiz}
    response = client.get("/careers/quiz/result", query_string=answers)
    assert response.status_code == 302
    shared = response.headers["Location"]
    assert "a=" + "a" * len(library_quiz) in shared
    html = client.get(shared).get_data(as_text=True)
    assert len(slugs_in(html)) == 3
    assert "Share your result" in html
    broken = client.get("/careers/quiz/result?a=zzz").get_data(as_text=True)
    assert "That result link is not complete" in broken


def test_pathways_reach_manager_nurse_and_social_worker(client):
    html = client.get("/careers/pathways").get_data(as_text=True)
    assert 'class="pathway-map"' in html and 'id="pathway-list"' in html
    for goal in ("registered-manager", "social-care-nurse", "social-worker"):
        assert re.search(rf'buddy-volunteer">[^<]+</a>.*?{goal}', html, re.S), goal


def test_pages_and_glossary(client):
    for slug in ("myths", "pay-and-progression", "values", "for-schools", "lesson-resources", "privacy"):
        assert client.get(f"/careers/pages/{slug}").status_code == 200
    assert client.get("/careers/pages/nope").status_code == 404
    glossary = client.get("/careers/glossary").get_data(as_text=True)
    assert 'id="cqc"' in glossary and 'id="dbs"' in glossary


def test_roles_api_returns_every_role_as_json(client):
    response = client.get("/api/v1/roles")
    body = response.get_json()
    assert response.status_code == 200 and body["count"] == 19
    role = next(r for r in body["roles"] if r["slug"] == "care-worker")
    assert role["pay"]["source"] and role["pay"]["date"] and role["url"].endswith("/careers/care-worker")
    assert "carer" in role["synonyms"]


def test_bad_content_fails_loudly_and_an_edit_needs_no_code_change(tmp_path, monkeypatch):
    import shutil

    root = Path(content.CONTENT_DIR)
    copy = tmp_path / "content"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("data", "archive"))
    cache = content.CachedContent(copy)
    assert cache.get().role("care-worker").title == "Care worker"
    role_file = copy / "roles" / "care-worker.md"
    role_file.write_text(role_file.read_text().replace("title: Care worker", "title: Care worker (edited)"))
    monkeypatch.setattr(content, "RECHECK_SECONDS", 0)
    time.sleep(0.01)
    assert cache.get().role("care-worker").title == "Care worker (edited)"
    role_file.write_text(role_file.read_text().replace("next_roles:", "next_roles:\n  - no-such-role"))
    assert cache.get().role("care-worker").title == "Care worker (edited)"  # broken edit keeps the last good one
    with pytest.raises(ContentError, match="no-such-role"):
        content.build(copy)


def test_role_page_lists_live_tasters_near_the_postcode_nearest_first(app, client):
    from outreach.demo_data import accounts as demo
    from outreach.demo_data.tasters import load_demo_tasters

    with app.app_context():
        demo.load()
        load_demo_tasters()
    html = client.get("/careers/buddy-volunteer?postcode=DT1+1AA").get_data(as_text=True)
    assert "Buddy shift with our activities team" in html  # Fordington House, Dorchester
    assert "Volunteer at our Friday tea afternoon" in html  # Purbeck, about 25 km away
    assert html.index("Buddy shift with our activities team") < html.index("Volunteer at our Friday tea afternoon")
    assert "Insight day in supported living" not in html  # Loughborough is far outside 30 km
    assert "km away" in html
    quiz = client.get("/careers/quiz/result?a=aaaaaaaa&postcode=DT1+1AA").get_data(as_text=True)
    assert "Buddy shift with our activities team" in quiz
