"""The main journeys, in Chromium, as people use them. Each page visited is checked by axe-core
(no serious or critical violations) and must not scroll sideways at 360 px."""
from __future__ import annotations

from datetime import date

from tests.e2e.journey_helpers import answer_quiz, tab_to

DEMO_PASSWORD = "demo-careways-2026"


def sign_in(page, site, check, email, password=DEMO_PASSWORD):
    page.goto(site.base_url + "/account/sign-in")
    check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_pupil_reads_a_role_and_takes_the_quiz(page, live_site, check):
    page.goto(live_site.base_url + "/")
    check(page)
    page.goto(live_site.base_url + "/careers/")
    check(page)
    page.get_by_role("link", name="Care worker", exact=True).click()
    check(page)
    assert page.get_by_role("heading", name="What a day looks like").is_visible()
    page.get_by_role("link", name="Is care for me?").first.click()
    check(page)
    page.get_by_role("button", name="Next question").click()  # nothing chosen: errors, not a crash
    check(page)
    assert page.get_by_text("There is a problem").is_visible()
    answer_quiz(page, check, postcode="DT1 1AA")
    check(page)
    assert page.get_by_role("heading", name="Care could suit you").is_visible()
    assert "a=" in page.url


def test_pupil_quiz_by_keyboard_alone(page, live_site, check):
    page.goto(live_site.base_url + "/careers/quiz")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.keyboard.press("Enter")
    # One question per card: Tab to the first answer, Space to choose it, Tab to the button, Enter.
    for number in range(1, 9):
        assert page.get_by_text(f"Question {number} of 8", exact=True).is_visible()
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.type") == "radio":
                break
        page.keyboard.press("Space")
        tab_to(page, "See my result" if number == 8 else "Next question", exact=True)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    page.wait_for_url("**/careers/quiz/result?a=*")
    check(page)


def test_applicant_signs_up_verifies_and_signs_in(page, live_site, check):
    page.goto(live_site.base_url + "/account/sign-up")
    check(page)
    page.get_by_label("I am 16 or over and looking for a job, apprenticeship or taster").check()
    page.get_by_label("First name").fill("Jordan")
    page.get_by_label("Last name (optional for pupils)").fill("Browne")
    page.get_by_label("Email address").fill("jordan.e2e@example.com")
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill(str(date.today().year - 20))
    page.get_by_label("Postcode").fill("DT1 1AA")
    page.get_by_label("Create a password").fill("short")
    page.get_by_role("button", name="Create account").click()
    check(page)
    assert page.get_by_text("Use at least 12 characters").first.is_visible()
    assert page.get_by_label("First name").input_value() == "Jordan"  # kept
    page.get_by_label("Create a password").fill("a calm and steady passphrase")
    page.get_by_role("button", name="Create account").click()
    check(page)
    assert page.get_by_role("heading", name="Check your email").is_visible()
    link = live_site.link_in_latest("jordan.e2e@example.com", "/account/verify/")
    page.goto(live_site.base_url + link)
    check(page)
    sign_in(page, live_site, check, "jordan.e2e@example.com", "a calm and steady passphrase")
    check(page)
    assert page.get_by_role("heading", name="Hello Jordan").is_visible()
    assert not page.get_by_text("Please confirm your email address").is_visible()
    sign_out(page)


def test_provider_registers_and_an_admin_approves(page, live_site, check):
    page.goto(live_site.base_url + "/providers/register")
    check(page)
    page.get_by_label("Organisation name").fill("Harbour View Care")
    page.get_by_label("Care home", exact=True).check()
    page.get_by_label("Postcode of the main site").fill("BH20 4DY")
    page.get_by_label("Your first name").fill("Grace")
    page.get_by_label("Your last name").fill("Okafor")
    page.get_by_label("Your work email address").fill("grace@harbourview.example")
    page.get_by_label("Create a password").fill("harbour view recruiting")
    page.get_by_role("button", name="Register").click()
    check(page)
    page.goto(live_site.base_url + live_site.link_in_latest("grace@harbourview.example", "/account/verify/"))
    sign_in(page, live_site, check, "grace@harbourview.example", "harbour view recruiting")
    assert page.get_by_text("waiting for approval").is_visible()
    check(page)
    sign_out(page)
    sign_in(page, live_site, check, "admin@careways.example")
    page.goto(live_site.base_url + "/admin/organisations?status=pending")
    check(page)
    page.get_by_role("link", name="Harbour View Care").click()
    check(page)
    page.get_by_label("Decision").select_option("approved")
    page.get_by_role("button", name="Save decision").click()
    check(page)
    sign_out(page)
    sign_in(page, live_site, check, "grace@harbourview.example", "harbour view recruiting")
    assert not page.get_by_text("waiting for approval").is_visible()
    page.goto(live_site.base_url + "/organisation/team")
    check(page)
