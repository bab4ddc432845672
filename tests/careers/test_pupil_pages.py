"""Pages a 14-year-old reads: pictures, a summary before the detail, a story near the top, a readable
pathway map with its list, and the quiz one question at a time (without JavaScript)."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest

from outreach.careers import illustrations
from outreach.content import loader as content
from tests.pages import text, texts

ROLES = sorted(content.build().roles.values(), key=lambda r: r.slug)
QUESTIONS = content.build().quiz["questions"]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.slug)
def test_every_role_page_opens_with_a_picture_a_summary_and_its_story(page, role):
    doc = page(f"/careers/{role.slug}")
    picture = role.meta["illustration"]
    assert picture["scene"] in illustrations.SCENES
    # Our own drawing, announced by its alt text.
    svg = doc.select_one('svg.illustration[role="img"][aria-labelledby]')
    assert svg, "no illustration"
    assert text(svg.find("title", id=svg["aria-labelledby"])) == picture["alt"]
    glance = text(doc.find(id="at-a-glance").find_parent("section"))
    for key in ("does", "hours", "at_14", "at_16", "at_18"):
        assert " ".join(role.meta["at_a_glance"][key].split()) in glance, key
    assert " ".join(role.pay["source"].split()) in glance  # pay keeps its source
    # The order: summary, then the story, then the long sections.
    headings = [h.get("id") for h in doc.select("[id]")]
    assert headings.index("at-a-glance") < headings.index("a-story-from-the-job") < headings.index(
        "what-a-day-looks-like")
    assert headings.count("a-story-from-the-job") == 1
    assert "made-up" in text(doc.find(id="a-story-from-the-job").find_parent("section"))


def test_the_home_and_pathway_pages_have_our_illustrations(page):
    assert page("/").select_one('svg.illustration[role="img"]')
    assert page("/careers/pathways").select_one('svg.illustration[aria-hidden="true"]')  # decorative there


def test_every_scene_draws_a_known_object():
    for name, scene in illustrations.SCENES.items():
        assert scene.prop in illustrations.PROPS, name


# What axe calls nested-interactive: something a keyboard or screen reader stops on, inside another.
INTERACTIVE = 'a, button, summary, [tabindex="0"], [role="img"], [role="link"]'


def test_the_pathway_map_and_its_list_show_the_same_roles_and_nothing_is_nested(page):
    doc = page("/careers/pathways")
    every_role = {f"/careers/{r.slug}" for r in ROLES}
    map_links = [a["href"] for a in doc.select("ol.pathway-map a")]
    assert sorted(map_links) == sorted(every_role)  # every role once in the map, each a link
    assert {a["href"] for a in doc.select("ol.pathway-list a")} == every_role
    assert not [inner for outer in doc.select(INTERACTIVE) for inner in outer.select(INTERACTIVE)]
    # The list is an ordered list of the steps, in the same order as the map.
    assert texts(doc, "ol.pathway-map .pathway-step") == ["Step 1", "Step 2", "Step 3", "Step 4"]
    assert [t.split(":")[0] for t in texts(doc, "ol.pathway-list > li > strong")] == [
        "Step 1", "Step 2", "Step 3", "Step 4"]
    # Where each role leads is written in its box: care worker leads to nine roles.
    care_worker_box = text(doc.select_one('ol.pathway-map li[data-role="care-worker"]'))
    assert care_worker_box.count(",") == 8 and "Social worker" in care_worker_box


def _card(client, **query):
    return client.get("/careers/quiz", query_string=query)


def _quiz(page, **query):
    return page("/careers/quiz?" + urlencode(query))


def test_quiz_shows_one_question_at_a_time_and_carries_answers_in_the_form(page):
    first = _quiz(page)
    assert text(first.find(id="quiz-progress")) == "Question 1 of 8"
    assert QUESTIONS[0]["text"] in text(first) and QUESTIONS[1]["text"] not in text(first)
    second = _quiz(page, q=1, go="next", **{QUESTIONS[0]["id"]: "b"})
    assert text(second.find(id="quiz-progress")) == "Question 2 of 8" and QUESTIONS[1]["text"] in text(second)
    assert second.select_one(f'input[type="hidden"][name="{QUESTIONS[0]["id"]}"]')["value"] == "b"
    assert text(second.select_one("a.quiz-back")) == "Back to question 1"


def test_quiz_next_without_an_answer_says_so_beside_the_question(page):
    doc = _quiz(page, q=3, go="next", **{QUESTIONS[0]["id"]: "a", QUESTIONS[1]["id"]: "a"})
    assert text(doc.find(id="quiz-progress")) == "Question 3 of 8" and "There is a problem" in text(doc)
    assert doc.find(id="q-science-error")
    assert doc.find("fieldset", id="q-science")["aria-describedby"] == "quiz-progress q-science-error"
    assert doc.select_one(f'input[name="{QUESTIONS[1]["id"]}"]')["value"] == "a"  # earlier answers kept


def test_quiz_back_link_keeps_every_answer_and_shows_the_earlier_choice(page):
    answers = {QUESTIONS[0]["id"]: "c", QUESTIONS[1]["id"]: "d"}
    back = _quiz(page, q=3, **answers).select_one("a.quiz-back")["href"]
    again = page(back)
    assert text(again.find(id="quiz-progress")) == "Question 2 of 8"
    assert again.find("input", id="q-friend-upset-d").has_attr("checked")
    assert [i["value"] for i in again.select('input[name="friend-upset"][checked]')] == ["d"]


def test_quiz_after_the_last_answer_goes_to_the_shareable_result(client):
    answers = {q["id"]: "a" for q in QUESTIONS}
    response = _card(client, q=len(QUESTIONS), go="next", postcode="DT1 1AA", **answers)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/careers/quiz/result?a=" + "a" * len(QUESTIONS) + "&postcode=DT1+1AA")


def test_quiz_going_back_then_next_moves_on_to_the_following_question(client):
    answers = {q["id"]: "a" for q in QUESTIONS}
    html = _card(client, q=2, go="next", **answers).get_data(as_text=True)
    assert "Question 3 of 8" in html  # every answer given, so the visitor reviews the rest in order


def test_quiz_ignores_made_up_answers_and_step_numbers(client):
    for query in ({"q": "999"}, {"q": "-4"}, {"q": "two"}, {"afternoon": "z", "q": "1", "go": "next"}):
        response = _card(client, **query)
        assert response.status_code == 200
    html = _card(client, afternoon="z", q="1", go="next").get_data(as_text=True)
    assert "There is a problem" in html and 'value="z"' not in html
