"""Pages a 14-year-old reads: pictures, a summary before the detail, a story near the top, a readable
pathway map with its list, and the quiz one question at a time (without JavaScript)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from outreach.careers import illustrations
from outreach.content import loader as content

ROLES = sorted(content.build().roles.values(), key=lambda r: r.slug)
QUESTIONS = content.build().quiz["questions"]


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start):html.index(end, html.index(start))]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.slug)
def test_every_role_page_opens_with_a_picture_a_summary_and_its_story(client, role):
    html = client.get(f"/careers/{role.slug}").get_data(as_text=True)
    picture = role.meta["illustration"]
    assert picture["scene"] in illustrations.SCENES
    # Our own drawing, announced by its alt text.
    svg = re.search(r'<svg class="illustration"[^>]*role="img" aria-labelledby="([^"]+)"', html)
    assert svg, "no illustration"
    assert f'<title id="{svg.group(1)}">{picture["alt"]}</title>'.replace("'", "&#39;") in html
    glance = _between(html, 'id="at-a-glance"', "</section>")
    for key in ("does", "hours", "at_14", "at_16", "at_18"):
        text = role.meta["at_a_glance"][key].replace("'", "&#39;")
        assert text in glance, key
    assert role.pay["source"].replace("'", "&#39;") in glance  # pay keeps its source
    # The order: summary, then the story, then the long sections.
    assert html.index('id="at-a-glance"') < html.index('id="a-story-from-the-job"') < html.index(
        'id="what-a-day-looks-like"')
    assert html.count('id="a-story-from-the-job"') == 1
    assert "made-up" in _between(html, 'id="a-story-from-the-job"', "</section>")


def test_the_home_and_pathway_pages_have_our_illustrations(client):
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'<svg class="illustration"[^>]*role="img"', home)
    pathways_page = client.get("/careers/pathways").get_data(as_text=True)
    assert re.search(r'<svg class="illustration"[^>]*aria-hidden="true"', pathways_page)  # decorative there


def test_every_scene_draws_a_known_object():
    for name, scene in illustrations.SCENES.items():
        assert scene.prop in illustrations.PROPS, name


class _Links(HTMLParser):
    """Collects the role links inside the map and inside the list, and any link nested in another
    interactive element (what axe calls nested-interactive)."""

    INTERACTIVE = {"a", "button", "summary"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.map_links: list[str] = []
        self.list_links: list[str] = []
        self.nested: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.INTERACTIVE or attrs.get("tabindex") == "0" or attrs.get("role") in {"img", "link"}:
            if any(t in self.INTERACTIVE or a.get("tabindex") == "0" or a.get("role") in {"img", "link"}
                   for t, a in self.stack):
                self.nested.append(tag)
        if tag == "a":
            classes = [a.get("class", "") for _, a in self.stack]
            if any("pathway-map" in c for c in classes):
                self.map_links.append(attrs["href"])
            elif any("pathway-list" in c for c in classes):
                self.list_links.append(attrs["href"])
        if tag not in {"input", "br", "img", "meta", "link"}:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def test_the_pathway_map_and_its_list_show_the_same_roles_and_nothing_is_nested(client):
    html = client.get("/careers/pathways").get_data(as_text=True)
    parser = _Links()
    parser.feed(html)
    every_role = {f"/careers/{r.slug}" for r in ROLES}
    assert sorted(parser.map_links) == sorted(every_role)  # every role once in the map, each a link
    assert set(parser.list_links) == every_role
    assert not parser.nested
    # The list is an ordered list of the steps, in the same order as the map.
    assert re.findall(r"Step (\d)", _between(html, 'class="pathway-map"', 'id="pathway-list"')) == ["1", "2", "3", "4"]
    assert re.findall(r"Step (\d):", html) == ["1", "2", "3", "4"]
    # Where each role leads is written in its box: care worker leads to nine roles.
    care_worker_box = _between(html, 'data-role="care-worker"', "</li>")
    assert care_worker_box.count(",") == 8 and "Social worker" in care_worker_box


def _card(client, **query):
    return client.get("/careers/quiz", query_string=query)


def test_quiz_shows_one_question_at_a_time_and_carries_answers_in_the_form(client):
    first = _card(client).get_data(as_text=True)
    assert "Question 1 of 8" in first and QUESTIONS[0]["text"] in first and QUESTIONS[1]["text"] not in first
    second = _card(client, q=1, go="next", **{QUESTIONS[0]["id"]: "b"}).get_data(as_text=True)
    assert "Question 2 of 8" in second and QUESTIONS[1]["text"] in second
    assert f'<input type="hidden" name="{QUESTIONS[0]["id"]}" value="b">' in second
    assert "Back to question 1" in second


def test_quiz_next_without_an_answer_says_so_beside_the_question(client):
    html = _card(client, q=3, go="next", **{QUESTIONS[0]["id"]: "a", QUESTIONS[1]["id"]: "a"}).get_data(as_text=True)
    assert "Question 3 of 8" in html and "There is a problem" in html
    assert 'id="q-science-error"' in html and 'aria-describedby="quiz-progress q-science-error"' in html
    assert f'name="{QUESTIONS[1]["id"]}" value="a"' in html  # earlier answers kept


def test_quiz_back_link_keeps_every_answer_and_shows_the_earlier_choice(client):
    answers = {QUESTIONS[0]["id"]: "c", QUESTIONS[1]["id"]: "d"}
    html = _card(client, q=3, **answers).get_data(as_text=True)
    back = re.search(r'<a class="quiz-back" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    again = client.get(back).get_data(as_text=True)
    assert "Question 2 of 8" in again
    assert 'id="q-friend-upset-d" name="friend-upset" value="d" checked' in again


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
