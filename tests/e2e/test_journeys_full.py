"""The four main journeys of issue 9, end to end in Chromium at 360 px, as people do them: by clicking
links and buttons and filling labelled fields (page.goto only for the first page and for emailed links).
Every page visited goes through check(page): axe-core finds no serious or critical problem and the page
does not scroll sideways.

The tests in this file run in order and share state through JOURNEY: journey 3 registers a provider and
posts an apprenticeship, journey 2's applicant applies to it, then journey 3 shortlists and hires them.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.e2e.journey_helpers import (
    DEMO_PASSWORD,
    admin_approves,
    answer_questions,
    answer_quiz,
    focused_name,
    go_to_dashboard,
    other_person,
    post_vacancy,
    sign_in_via_link,
    sign_out,
    sign_up,
    tab_to,
)

JOURNEY: dict[str, str] = {}
TASTER = "Buddy shift with our activities team"  # a demo taster at Fordington House, DT1 1HR


def _home(page, site, check):
    page.goto(site.base_url + "/")
    check(page)


# Journey 1 ------------------------------------------------------------------------------------------

def test_journey_1_pupil_finds_a_taster_and_a_guardian_consents(page, browser, live_site, check):
    _home(page, live_site, check)
    sign_up(page, live_site, check, kind="pupil", first="Priya", last=None, email="priya.e2e@example.com",
            password="a quiet walk by the river", age=15, postcode="DT1 2EH")
    sign_in_via_link(page, check, "priya.e2e@example.com", "a quiet walk by the river")
    assert page.get_by_role("heading", name="Hello Priya").is_visible()

    # reads a role explainer, then takes "is care for me?"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Roles in care").click()
    page.wait_for_url("**/careers/**")
    check(page)
    page.get_by_role("link", name="Care worker", exact=True).click()
    check(page)
    assert page.get_by_role("heading", name="What a day looks like").is_visible()
    page.get_by_role("link", name="Is care for me?").first.click()
    page.wait_for_url("**/careers/quiz**")
    answer_quiz(page, check)
    check(page)

    # finds a buddy taster near a postcode
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Find a taster").first.click()
    page.wait_for_url("**/tasters/**")
    check(page)
    page.get_by_label("Your postcode").fill("DT1 1HR")
    page.get_by_label("Kind").select_option(label="Buddy shift")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/tasters/?*")
    check(page)
    page.get_by_role("link", name=TASTER).click()
    check(page)
    page.get_by_role("link", name=re.compile("^Choose this session")).first.click()
    page.wait_for_url("**/sign-up**")
    check(page)

    # signs up naming a guardian
    page.get_by_label("Parent or guardian's full name").fill("Anita Shah")
    page.get_by_label("Parent or guardian's email address").fill("anita.e2e@example.com")
    page.get_by_role("button", name="Ask for a place").click()
    page.wait_for_url(re.compile(r"/tasters/sign-ups/[^/]+$"))
    check(page)
    assert page.get_by_role("heading", name=TASTER).is_visible()

    # the guardian opens the emailed link, with no account, and consents
    consent_link = live_site.link_in_latest("anita.e2e@example.com", "/tasters/consent/")
    with other_person(browser) as guardian:
        guardian.goto(live_site.base_url + consent_link)
        check(guardian)
        guardian.get_by_label("Yes, I give consent for this placement").check()
        guardian.get_by_label("I have read the details and the risk assessment findings").check()
        guardian.get_by_role("button", name="Send my answer").click()
        guardian.wait_for_load_state("load")
        check(guardian)
        assert guardian.get_by_text("Thank you for giving consent").is_visible()

    sign_out(page, check)

    # the provider accepts the sign-up
    sign_in_via_link(page, check, "owner@fordington.example")
    page.get_by_role("link", name="Your tasters").click()
    page.wait_for_url("**/tasters/manage/")
    check(page)
    page.get_by_role("link", name=TASTER).click()
    check(page)
    page.locator("#sessions ~ * a[href*='/tasters/manage/sessions/']").first.click()
    page.wait_for_url("**/tasters/manage/sessions/**")
    check(page)
    register = page.locator("main").inner_text()
    for private in ("anita.e2e@example.com", "Anita Shah", "priya.e2e@example.com"):
        assert private not in register, "providers never see a minor's email or guardian details"
    page.get_by_role("button", name="Accept Priya").click()
    page.wait_for_load_state("load")
    check(page)
    assert page.get_by_text("Place confirmed for Priya").is_visible()
    sign_out(page, check)

    # the pupil sees the confirmed session and downloads the calendar file
    sign_in_via_link(page, check, "priya.e2e@example.com", "a quiet walk by the river")
    page.get_by_role("link", name="Your sign-ups").click()
    page.wait_for_url("**/tasters/sign-ups")
    check(page)
    page.get_by_role("link", name=TASTER).click()
    check(page)
    assert page.get_by_text("Confirmed").first.is_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    assert "BEGIN:VCALENDAR" in open(download.path()).read()


def test_journey_1_by_keyboard_alone(page, browser, live_site, check):
    """The whole of journey 1 with Tab, Shift+Tab, Enter and Space only (no mouse clicks): signing in,
    finding a taster, asking for a place naming a guardian, the guardian consenting, the provider
    accepting, and the pupil downloading the calendar file."""
    _home(page, live_site, check)
    tab_to(page, "Sign in", exact=True)
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/sign-in**")
    check(page)
    tab_to(page, "Email address")
    page.keyboard.type("pupil@careways.example")
    tab_to(page, "Password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard**")
    check(page)

    tab_to(page, "Find a taster", exact=True)
    page.keyboard.press("Enter")
    page.wait_for_url("**/tasters/")
    check(page)
    tab_to(page, "Your postcode")
    page.keyboard.type("DT1 1HR")
    page.keyboard.press("Enter")  # submits the search form
    page.wait_for_url("**/tasters/?*")
    check(page)
    tab_to(page, TASTER, exact=True)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tasters/[^/?]+$"))
    check(page)
    tab_to(page, "Choose this session")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-up**")
    check(page)

    tab_to(page, "Parent or guardian's full name")
    page.keyboard.type("Tom Okafor")
    tab_to(page, "Parent or guardian's email address")
    page.keyboard.type("tom.kb@example.com")
    page.keyboard.press("Shift+Tab")  # focus order goes back the way it came
    assert focused_name(page).startswith("Parent or guardian's full name")
    tab_to(page, "Ask for a place", exact=True)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tasters/sign-ups/[^/]+$"))
    check(page)

    consent_link = live_site.link_in_latest("tom.kb@example.com", "/tasters/consent/")
    with other_person(browser) as guardian:
        guardian.goto(live_site.base_url + consent_link)
        check(guardian)
        tab_to(guardian, "Yes, I give consent for this placement", exact=True)
        guardian.keyboard.press("Space")
        tab_to(guardian, "I have read the details and the risk assessment findings", exact=True)
        guardian.keyboard.press("Space")
        tab_to(guardian, "Send my answer", exact=True)
        with guardian.expect_navigation():
            guardian.keyboard.press("Enter")
        check(guardian)
        assert guardian.get_by_text("Thank you for giving consent").is_visible()

    # the provider accepts the place, by keyboard
    _keyboard_sign_out(page)
    _keyboard_sign_in(page, check, "owner@fordington.example", DEMO_PASSWORD)
    tab_to(page, "Your tasters", exact=True)
    page.keyboard.press("Enter")
    page.wait_for_url("**/tasters/manage/")
    check(page)
    tab_to(page, TASTER, exact=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check(page)
    register_link = page.locator("#sessions ~ * a[href*='/tasters/manage/sessions/']").first
    tab_to(page, register_link.inner_text().strip(), exact=True)
    page.keyboard.press("Enter")
    page.wait_for_url("**/tasters/manage/sessions/**")
    check(page)
    tab_to(page, "Accept Maya", exact=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check(page)
    assert page.get_by_text("Place confirmed for Maya").is_visible()

    # the pupil sees the confirmed place and downloads the calendar file, by keyboard
    _keyboard_sign_out(page)
    _keyboard_sign_in(page, check, "pupil@careways.example", DEMO_PASSWORD)
    tab_to(page, "Your sign-ups", exact=True)
    page.keyboard.press("Enter")
    page.wait_for_url("**/tasters/sign-ups")
    check(page)
    tab_to(page, TASTER, exact=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check(page)
    assert page.get_by_text("Confirmed").first.is_visible()
    tab_to(page, "Add to my calendar (.ics)", exact=True)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert "BEGIN:VCALENDAR" in open(info.value.path()).read()


def _keyboard_sign_in(page, check, email, password):
    tab_to(page, "Sign in", exact=True)
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/sign-in**")
    check(page)
    tab_to(page, "Email address")
    page.keyboard.type(email)
    tab_to(page, "Password")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard**")


def _keyboard_sign_out(page):
    tab_to(page, "Sign out", exact=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")


# Journey 3, first half: a provider registers, is approved and posts a taster and an apprenticeship ---------

PROVIDER = {"org": "Maumbury Rings Care", "email": "lena@maumbury.example", "password": "maumbury rings recruiting"}
VACANCY = "Apprentice care assistant, days"


def test_journey_3a_provider_registers_is_approved_and_posts(page, live_site, check):
    _home(page, live_site, check)
    page.get_by_role("link", name="For care providers").click()
    page.wait_for_url("**/providers/register")
    check(page)
    page.get_by_label("Organisation name").fill(PROVIDER["org"])
    page.get_by_label("Care home", exact=True).check()
    page.get_by_label("Postcode of the main site").fill("DT1 1AA")
    page.get_by_label("Your first name").fill("Lena")
    page.get_by_label("Your last name").fill("Horvath")
    page.get_by_label("Your work email address").fill(PROVIDER["email"])
    page.get_by_label("Create a password").fill(PROVIDER["password"])
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state("load")
    check(page)
    page.goto(live_site.base_url + live_site.link_in_latest(PROVIDER["email"], "/account/verify/"))
    check(page)
    sign_in_via_link(page, check, PROVIDER["email"], PROVIDER["password"])
    assert page.get_by_text("waiting for approval").first.is_visible()
    sign_out(page, check)

    # an admin approves the organisation
    sign_in_via_link(page, check, "admin@careways.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name=re.compile(r"^\d+ organisations? waiting for approval$")).click()
    check(page)
    page.get_by_role("link", name=PROVIDER["org"]).click()
    check(page)
    page.get_by_label("Decision").select_option("approved")
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_load_state("load")
    check(page)
    sign_out(page, check)

    # the recruiter posts a taster, with a risk assessment and a session
    sign_in_via_link(page, check, PROVIDER["email"], PROVIDER["password"])
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Post a taster").click()
    page.wait_for_url("**/tasters/manage/new")
    check(page)
    page.get_by_label("Shadowing", exact=True).check()
    page.get_by_label("Title", exact=True).fill("Shadow a senior carer for a morning")
    page.get_by_label("What the taster is about").fill(
        "Follow one of our senior carers through a morning: handover, breakfast and the activities hour.")
    page.get_by_label("Postcode of the venue").fill("DT1 1AA")
    page.get_by_label("16", exact=True).check()
    page.get_by_label("What the visitor will do", exact=True).fill("Watch handover, help serve breakfast, join in.")
    page.get_by_label("What the visitor will not do").fill("No personal care, never alone with a resident.")
    page.get_by_label("Safeguarding contact's name").fill("Lena Horvath")
    page.get_by_label("Safeguarding contact's email or phone number").fill("01305 123456")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/tasters/manage/[^/]+$"))
    check(page)
    page.get_by_role("link", name="write the risk assessment").click()
    check(page)
    page.get_by_label("What the visitor will do, step by step").fill(
        "Arrive and sign in, meet the supervisor, watch handover, help serve breakfast, leave at noon.")
    page.get_by_label("Findings for parents and guardians").fill(
        "Low risk. The visitor stays with their supervisor all morning and gives no personal care.")
    page.get_by_label("Hazard 1", exact=True).fill("Hot drinks at breakfast")
    page.get_by_label("How you control hazard 1").fill("Staff pour drinks; visitors carry trays with lids")
    page.get_by_role("button", name="Save risk assessment").click()
    page.wait_for_url(re.compile(r"/tasters/manage/[^/]+$"))
    check(page)
    page.get_by_label("Date").fill((date.today() + timedelta(days=20)).isoformat())
    page.get_by_label("Start time").fill("09:00")
    page.get_by_label("End time").fill("12:00")
    page.get_by_label("Places").fill("3")
    page.get_by_label("Supervising member of staff").fill("Lena Horvath")
    page.get_by_role("button", name="Add session").click()
    page.wait_for_load_state("load")
    check(page)
    assert page.locator("#sessions ~ .candidates article").first.is_visible()
    page.get_by_role("button", name="Send for approval").click()
    page.wait_for_load_state("load")
    check(page)
    assert page.get_by_text("Sent for approval").first.is_visible()

    # and an apprenticeship
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Vacancies").click()
    page.wait_for_url("**/vacancies/manage/")
    check(page)
    post_vacancy(page, check, title=VACANCY, apprenticeship=True, postcode="DT1 1AA")
    sign_out(page, check)

    # the admin approves these first posts
    admin_approves(page, check, re.compile(r"^\d+ tasters? waiting for approval$"),
                   "Shadow a senior carer for a morning")
    admin_approves(page, check, re.compile(r"^\d+ vacanc(y|ies) waiting for approval$"), VACANCY)
    JOURNEY["apprenticeship_posted"] = VACANCY


# Journey 2: an applicant takes the values questionnaire (with a break), sees matches and applies ----------

APPLICANT = {"first": "Casey", "email": "casey.e2e@example.com", "password": "kettle on for the night shift"}


def test_journey_2_applicant_questionnaire_with_a_break_matches_and_applies(page, live_site, check):
    if "apprenticeship_posted" not in JOURNEY:
        pytest.skip("needs the apprenticeship that journey 3a posts (run the whole file, in order)")
    _home(page, live_site, check)
    sign_up(page, live_site, check, kind="applicant", first=APPLICANT["first"], last="Morgan",
            email=APPLICANT["email"], password=APPLICANT["password"], age=19, postcode="DT1 1AA")
    sign_in_via_link(page, check, APPLICANT["email"], APPLICANT["password"])
    assert page.get_by_role("heading", name="Hello Casey").is_visible()

    # starts the values questionnaire, answers a few and takes a break
    page.get_by_role("link", name="Start the values questionnaire").click()
    page.wait_for_url("**/questionnaire/")
    check(page)
    page.get_by_role("button", name="Start the questionnaire").click()
    page.wait_for_url("**/questionnaire/question/1")
    assert answer_questions(page, check, how_many=4) == 4
    check(page)
    page.get_by_role("button", name="Save and finish later").click()
    page.wait_for_load_state("load")
    check(page)
    sign_out(page, check)

    # comes back later and carries on from the dashboard
    sign_in_via_link(page, check, APPLICANT["email"], APPLICANT["password"])
    assert page.get_by_text("You have answered 4 of").is_visible()
    page.get_by_role("link", name="Carry on with the values questionnaire").click()
    page.wait_for_url("**/questionnaire/question/5")
    answer_questions(page, check)
    page.wait_for_url("**/questionnaire/check")
    check(page)
    page.get_by_role("button", name="Finish and see my strengths").click()
    page.wait_for_url("**/questionnaire/report")
    check(page)
    assert page.get_by_role("heading", name="Your strengths report").is_visible()

    # sets up the profile
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Your profile").click()
    page.wait_for_url("**/profile")
    check(page)
    page.get_by_label("Role you would like").fill("Care worker")
    page.get_by_label("Furthest you can travel, in km (optional)").fill("20")
    page.get_by_role("button", name="Save my profile").click()
    page.wait_for_load_state("load")
    check(page)

    # sees matches with reasons and applies to the apprenticeship from journey 3
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Your matches").click()
    page.wait_for_url("**/matches**")
    check(page)
    match = page.locator("li.result").filter(has=page.get_by_role("link", name=VACANCY))
    assert match.count() == 1, "the apprenticeship posted in journey 3 is among the matches"
    assert match.get_by_text("Why we suggest it").is_visible()
    assert match.locator("ul li").count() >= 1
    match.get_by_role("link", name=VACANCY).click()
    check(page)
    page.get_by_role("link", name="Apply", exact=True).click()
    page.wait_for_url("**/apply**")
    check(page)
    for box in page.locator("form textarea").all():
        box.fill("I looked after my grandad for two years and I want to make care my career.")
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_load_state("load")
    check(page)
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Your applications").click()
    check(page)
    assert page.get_by_role("link", name=VACANCY).is_visible()
    JOURNEY["applied"] = APPLICANT["email"]


# Journey 3, second half: the recruiter shortlists the applicant from journey 2, then hires them ------------

def test_journey_3b_provider_shortlists_and_hires_the_applicant(page, live_site, check):
    if "applied" not in JOURNEY:
        pytest.skip("needs journey 2's application (run the whole file, in order)")
    _home(page, live_site, check)
    sign_in_via_link(page, check, PROVIDER["email"], PROVIDER["password"])
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Vacancies").click()
    check(page)
    page.get_by_role("link", name=f"Shortlist for {VACANCY}").click()
    page.wait_for_url("**/shortlists/**")
    check(page)
    page.get_by_label(re.compile(r"^Choose Casey")).check()
    page.get_by_label("Move to").select_option(label="Shortlisted")
    page.get_by_role("button", name="Move them").click()
    page.wait_for_load_state("load")
    check(page)
    page.get_by_role("link", name=re.compile("^Casey")).first.click()
    page.wait_for_url("**/shortlists/applications/**")
    check(page)
    assert page.get_by_text("Shortlisted").first.is_visible()
    page.get_by_label("Move to").select_option(label="Hired")
    page.get_by_role("button", name="Save stage").click()
    page.wait_for_load_state("load")
    check(page)
    assert page.locator("main").get_by_text("Hired").first.is_visible()


# Journey 4: a staff member's referral link brings a friend, who applies; the staff member sees it ---------

FRIEND = {"first": "Dami", "email": "dami.e2e@example.com", "password": "sunday roast for everyone"}
FORDINGTON_JOB = "Care assistant, weekend days"


def test_journey_4_staff_referral_link_brings_a_friend_who_applies(page, browser, live_site, check):
    # Fordington House lists another job (beside its demo one), through the recruiter's own screens
    _home(page, live_site, check)
    sign_in_via_link(page, check, "recruiter@fordington.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Vacancies").click()
    check(page)
    post_vacancy(page, check, title=FORDINGTON_JOB, apprenticeship=False, postcode="DT1 1HR")
    assert page.get_by_text("Published").first.is_visible()  # Fordington's tasters are approved: trusted
    sign_out(page, check)

    # the staff member gets their referral link
    sign_in_via_link(page, check, "staff@fordington.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Your link, QR code and points").click()
    page.wait_for_url("**/referrals/")
    check(page)
    link = page.get_by_label("Your link", exact=True).first.input_value()
    assert link.startswith(live_site.base_url)
    sign_out(page, check)

    # a friend follows it on their own phone, leaves their details, then signs up and applies
    with other_person(browser) as friend:
        friend.goto(link)
        check(friend)
        friend.get_by_label("Your name").fill("Dami Adeyemi")
        friend.get_by_label("Email address").fill(FRIEND["email"])
        friend.get_by_label("Which role interests you?").select_option(label="Not sure yet")
        friend.get_by_label("I am happy for this provider to contact me about working with them").check()
        friend.get_by_role("button", name="Send my details").click()
        friend.wait_for_url("**/thanks")
        check(friend)
        assert friend.get_by_role("heading", name="Thank you").is_visible()
        friend.get_by_role("link", name=FORDINGTON_JOB).click()
        check(friend)
        sign_up(friend, live_site, check, kind="applicant", first=FRIEND["first"], last="Adeyemi",
                email=FRIEND["email"], password=FRIEND["password"], age=24, postcode="DT1 1AA")
        sign_in_via_link(friend, check, FRIEND["email"], FRIEND["password"])
        friend.get_by_role("link", name="Start the values questionnaire").click()
        check(friend)
        friend.get_by_role("button", name="Start the questionnaire").click()
        friend.wait_for_url("**/questionnaire/question/1")
        answer_questions(friend, check)
        friend.get_by_role("button", name="Finish and see my strengths").click()
        friend.wait_for_url("**/questionnaire/report")
        check(friend)
        go_to_dashboard(friend, check)
        friend.get_by_role("link", name="Your matches").click()
        check(friend)
        friend.get_by_role("link", name=FORDINGTON_JOB).click()
        check(friend)
        friend.get_by_role("link", name="Apply", exact=True).click()
        friend.wait_for_url("**/apply**")
        check(friend)
        for box in friend.locator("form textarea").all():
            box.fill("A friend who works here says the team is lovely, and I have cared for my nan for years.")
        friend.get_by_role("button", name="Send my application").click()
        friend.wait_for_load_state("load")
        check(friend)

    # the staff member sees the friend's stage and their points
    sign_in_via_link(page, check, "staff@fordington.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Your link, QR code and points").click()
    check(page)
    row = page.locator("#leads-title ~ .table-wrap tr").filter(has_text="Dami")
    assert row.get_by_text("Applied").is_visible()
    points = int(page.locator("#points-title ~ .big-number").inner_text())
    assert points >= 15, "5 for coming forward and 10 for applying (the demo defaults)"
