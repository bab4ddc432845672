"""Small things people noticed: badge case, question set names, date messages, wording, the
favicon and the impact funnel's conversions."""
from __future__ import annotations

import re
from pathlib import Path

from outreach.impact import service as impact
from outreach.impact.figures import Filters
from outreach.questionnaire import store
from tests.factories import make_member, make_organisation, make_user, sign_in
from tests.questionnaire.factories import complete_questionnaire

ROOT = Path(__file__).resolve().parents[2]


def test_badges_are_sentence_case_not_title_case(app, client):
    css = (ROOT / "outreach/static/css/site.css").read_text()
    assert "capitalize" not in css  # text-transform: capitalize turned "Waiting for a parent" into Title Case
    with app.app_context():
        make_organisation("Waiting Home", status="pending")
        make_user("admin", "boss@careways.example")
    sign_in(client, "boss@careways.example")
    page = client.get("/admin/organisations?status=pending").get_data(as_text=True)
    assert re.search(r'<span class="tag tag-pending">Pending</span>', page)


def test_the_sentence_filter_turns_codes_into_words(app):
    with app.app_context():
        render = app.jinja_env.from_string("{{ 'pending_consent' | sentence }}|{{ '' | sentence }}").render
        assert render() == "Pending consent|"


def test_the_report_names_its_question_set_in_words(app, client):
    with app.test_request_context():
        user = make_user("applicant", "sam@example.com")
        complete_questionnaire(user)
        bank = store.current_bank()
    sign_in(client, "sam@example.com")
    page = client.get("/questionnaire/report").get_data(as_text=True)
    assert f"Question set {bank.version}" not in page
    assert re.search(rf"answering {re.escape(bank.title)} \(\d+ questions\)", page)


def test_a_date_that_is_not_a_date_gets_a_friendly_message_everywhere(app, client):
    with app.app_context():
        school = make_organisation("Dorchester Academy", kind="school", postcode="DT1 2EH")
        make_member(school, "owner", "careers@school.example")
    sign_in(client, "careers@school.example")
    page = client.post("/schools/talks/new", data={"kind": "talk", "year_groups": "10", "first_choice": "31/02/2027",
                                                   "pupils_expected": "30", "topics": "Care work"})
    page = page.get_data(as_text=True)
    assert "Not a valid date value" not in page
    assert "Enter a real date, like 2027-03-14" in page


def test_numbers_and_choices_that_are_not_get_friendly_messages(app, client):
    with app.app_context():
        school = make_organisation("Dorchester Academy", kind="school", postcode="DT1 2EH")
        make_member(school, "owner", "careers@school.example")
    sign_in(client, "careers@school.example")
    page = client.post("/schools/talks/new", data={"kind": "juggling", "year_groups": "10",
                                                   "first_choice": "2027-03-14", "pupils_expected": "lots",
                                                   "topics": "Care work"})
    page = page.get_data(as_text=True)
    assert "Not a valid" not in page and "not a valid choice" not in page
    assert "Enter a whole number, like 12" in page and "Choose one of the options listed" in page


def test_the_questionnaire_wording_is_about_answers_not_people():
    for path in ("templates/questionnaire/question.html", "templates/email/questionnaire_nudge.html",
                 "templates/email/questionnaire_nudge.txt"):
        assert "right or wrong people" not in (ROOT / path).read_text()


def test_favicon_is_our_own_icon_and_every_page_links_it(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file header
    assert b"\x89PNG" in icon.data
    home = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/favicon.ico"' in home
    svg = re.search(r'<link rel="icon" href="([^"]+\.svg)"', home).group(1)
    assert client.get(svg).status_code == 200


def test_funnel_conversions_only_compare_steps_of_the_same_people(app):
    with app.app_context():
        rows = {row[0]: row[2] for row in impact.funnel_table(Filters(), True).rows}
    for label, conversion in rows.items():
        match = re.match(r"(\d+)%", conversion)
        assert not match or int(match.group(1)) <= 100, (label, conversion)
    different = "Not a share of the step before: counts different people"
    assert rows["Taster sign-ups"] == rows["Applications"] == rows["Quiz completions"] == different
