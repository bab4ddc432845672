"""A recruiter on a phone: from the home page to the demo shortlist by links, then one candidate moved on by a
button on their card. Measures what a phone user feels: the page's height, sideways scroll at 360 px and
axe on every page; saves screenshots at 390 and 1280 px to test-artifacts/ for people to look at.

Uses the demo's Fordington House vacancy; moves Chloe Adams (shortlisted in the demo) to "invited to
interview", which no other journey reads.
"""
from __future__ import annotations

import re

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.journey_helpers import go_to_dashboard, sign_in_via_link, sign_out

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
VACANCY = "Care worker, day shifts"
CANDIDATE = "Chloe Adams"
TASTER = "Buddy shift with our activities team"
# The demo vacancy lists 7 applicants (and nobody discoverable near by). Measured at 390 px with the cards:
# 3,779 px for the page (10,460 px as the old table), of which the 7 closed cards take 1,477 px (211 px
# each); the rest is the header, the introduction, the "move the people you ticked" form and the footer.
# The bounds leave about 10% for copy changes, not room for one word per line.
MAX_SHORTLIST_HEIGHT = 4200
PER_CARD_HEIGHT = 250  # one card, closed, at 390 px: name and stage, facts, when free, buttons


def _height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def _no_sideways_scroll_at(page, check, viewport) -> None:
    page.set_viewport_size(viewport)
    check(page)  # also asserts scrollWidth <= the viewport's width
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def _screenshot(page, name: str, viewport) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size(viewport)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}-{viewport['width']}.png"), full_page=True)


def test_recruiter_moves_a_candidate_on_from_a_phone(page, live_site, check):
    page.set_viewport_size(PHONE)
    page.goto(live_site.base_url + "/")
    check(page)
    sign_in_via_link(page, check, "recruiter@fordington.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Vacancies").click()
    page.wait_for_url("**/vacancies/manage**")
    check(page)
    page.get_by_role("link", name=f"Shortlist for {VACANCY}").click()
    page.wait_for_url("**/shortlists/**")
    check(page)

    cards = page.locator("#applied ~ form article.candidate")
    assert cards.count() == 7
    height = _height(page)
    cards_height = page.locator("#applied ~ form ol.candidates").bounding_box()["height"]
    print(f"shortlist height at 390 px: {height} px; its 7 cards: {cards_height} px")
    assert cards_height < 7 * PER_CARD_HEIGHT
    assert height < MAX_SHORTLIST_HEIGHT, f"the shortlist is {height} px tall on a phone"
    box = page.locator(f'article[data-candidate="{CANDIDATE}"]').bounding_box()
    assert box["height"] < PER_CARD_HEIGHT, f"one card is {box['height']} px tall"
    assert box["width"] <= PHONE["width"]

    # Availability is said once per card, in a few words, never as the engine's long list of days.
    chloe = page.locator(f'article[data-candidate="{CANDIDATE}"]')
    assert chloe.get_by_text(re.compile("^Free:")).count() == 1
    main_text = page.locator("main").inner_text()
    assert "free on" not in main_text and "Monday, Tuesday" not in main_text
    assert main_text.count("Free:") == page.locator("article.candidate").count()
    _screenshot(page, "shortlist", PHONE)
    _no_sideways_scroll_at(page, check, SMALL_PHONE)

    # The engine's working opens on tap, without JavaScript (<details>).
    why = chloe.get_by_text(f"Details for {CANDIDATE}")
    assert not chloe.get_by_text(re.compile(r"^Role \d+%")).is_visible()
    why.click()
    assert chloe.get_by_text(re.compile(r"^Role \d+%")).is_visible()

    # One tap moves her on, and the card then offers the step after.
    assert chloe.get_by_text("Shortlisted", exact=True).is_visible()
    chloe.get_by_role("button", name=f"Invite {CANDIDATE} to interview").click()
    page.wait_for_load_state("load")
    check(page)
    assert page.get_by_text("Moved 1 person.").is_visible()
    chloe = page.locator(f'article[data-candidate="{CANDIDATE}"]')
    assert chloe.get_by_text("Invited to interview", exact=True).is_visible()
    assert chloe.get_by_role("button", name=f"Mark {CANDIDATE} as interviewed").is_visible()

    # Details on tap: her page, by the link on her card.
    chloe.get_by_role("link", name=CANDIDATE).click()
    page.wait_for_url("**/shortlists/applications/**")
    check(page)
    assert page.get_by_role("heading", name=CANDIDATE, level=1).is_visible()
    _screenshot(page, "candidate", PHONE)
    _no_sideways_scroll_at(page, check, SMALL_PHONE)
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Back to all candidates").click()
    page.wait_for_url("**/shortlists/**")
    check(page)

    # At desktop width the same cards sit two abreast and stay readable.
    page.set_viewport_size(DESKTOP)
    check(page)
    desktop_height = _height(page)
    print(f"shortlist height at 1280 px: {desktop_height} px")
    assert desktop_height < height
    _screenshot(page, "shortlist", DESKTOP)
    page.set_viewport_size(PHONE)
    sign_out(page, check)


def test_applicant_sees_their_applications_as_cards_on_a_phone(page, live_site, check):
    page.set_viewport_size(PHONE)
    page.goto(live_site.base_url + "/")
    sign_in_via_link(page, check, "demo-applicant-05@careways.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Your applications").first.click()
    page.wait_for_url("**/applications")
    check(page)
    cards = page.locator("main article.candidate")
    assert cards.count() == 2
    assert page.get_by_role("link", name=VACANCY).is_visible()
    _screenshot(page, "my-applications", PHONE)
    _no_sideways_scroll_at(page, check, SMALL_PHONE)
    sign_out(page, check)


def test_recruiter_reads_a_session_register_on_a_phone(page, live_site, check):
    """The demo applicant (19) asks for a place on the last session of Fordington's buddy shift (journey 1 uses
    the first), then the recruiter finds them on that session's register and accepts them from a phone."""
    page.set_viewport_size(PHONE)
    page.goto(live_site.base_url + "/")
    check(page)
    sign_in_via_link(page, check, "applicant@careways.example")
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
    page.get_by_role("link", name=re.compile("^Choose this session")).last.click()
    page.wait_for_url("**/sign-up**")
    check(page)
    page.get_by_label(re.compile("^Anything the provider needs to know")).fill(
        "I use a hearing aid, so please face me when you talk.")
    page.get_by_role("button", name="Ask for a place").click()
    page.wait_for_url(re.compile(r"/tasters/sign-ups/[^/]+$"))
    check(page)
    sign_out(page, check)

    sign_in_via_link(page, check, "recruiter@fordington.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Your tasters").click()
    page.wait_for_url("**/tasters/manage/")
    check(page)
    page.get_by_role("link", name=TASTER).click()
    check(page)
    page.locator("#sessions ~ * a[href*='/tasters/manage/sessions/']").last.click()
    page.wait_for_url("**/tasters/manage/sessions/**")
    check(page)
    visitor = page.locator("article.candidate", has=page.get_by_role("heading", name="Jordan"))
    assert visitor.get_by_text("I use a hearing aid").is_visible()
    assert visitor.get_by_text("18 or over").is_visible()
    _screenshot(page, "register", PHONE)
    _no_sideways_scroll_at(page, check, SMALL_PHONE)
    page.set_viewport_size(PHONE)
    visitor.get_by_role("button", name="Accept Jordan").click()
    page.wait_for_load_state("load")
    check(page)
    assert page.get_by_text("Place confirmed for Jordan").is_visible()
    sign_out(page, check)
