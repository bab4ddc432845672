"""Browser journey: a 16-year-old pupil finds the demo apprenticeship (Purbeck Nursing Home, open
from 16) and applies; Purbeck's demo recruiter opens its shortlist from their dashboard and sees them
by first name and age band only. Runs at 390 px (a phone, also checked at 360 px for sideways scroll)
and 1280 px; axe runs on every page visited.
"""
from __future__ import annotations

import pytest

from tests.e2e.journey_helpers import go_to_dashboard, sign_in_via_link, sign_out, sign_up

PHONE, DESKTOP = 390, 1280
ANSWERS = ("I help my grandad every weekend and I love hearing his stories about the war.",
           "I looked after my little cousins all summer and kept them safe and busy.",
           "Your home is near my school and your staff seem kind and proud of their work.")


def _looker(page, check, width):
    def look(target=None):
        target = target or page
        check(target)
        if width == PHONE:  # a small phone too: nothing may scroll sideways at 360 px
            target.set_viewport_size({"width": 360, "height": 740})
            scroll = target.evaluate("document.documentElement.scrollWidth")
            assert scroll <= 360, f"{target.url} scrolls sideways at 360px ({scroll}px wide)"
            target.set_viewport_size({"width": PHONE, "height": 844})
    return look


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_16_year_old_applies_and_the_recruiter_sees_first_name_and_age_band_only(page, live_site, check, width):
    page.set_viewport_size({"width": width, "height": 844 if width == PHONE else 900})
    look = _looker(page, check, width)
    title = "Adult care apprentice (Level 2)"  # the demo apprenticeship, at Purbeck Nursing Home (BH20)
    first, surname, email = f"Jodie{width}", "Fairweather", f"jodie.{width}.e2e@example.com"

    page.goto(live_site.base_url + "/")
    look()

    # a pupil of 16 signs up from the home page, then finds it from the Jobs link
    sign_up(page, live_site, look, kind="pupil", first=first, last=surname, email=email,
            password="bus to college at seven", age=16, postcode="DT1 2EH")
    sign_in_via_link(page, look, email, "bus to college at seven")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs").click()
    page.wait_for_url("**/jobs**")
    look()
    page.get_by_label("Where? Your postcode").fill("DT1 2EH")
    page.get_by_label("Within").select_option("50")  # Wareham is about 25 km from Dorchester
    page.get_by_label("Kind").select_option("apprenticeship")
    page.get_by_role("button", name="Search jobs").click()
    page.wait_for_url("**/jobs?**")
    look()
    page.get_by_role("link", name=title).click()
    page.wait_for_url("**/vacancies/**")
    look()
    assert page.get_by_text("If you are 16 or 17, the provider sees your first name and age group only").is_visible()
    page.get_by_role("link", name="Apply", exact=True).click()
    page.wait_for_url("**/apply")
    look()
    assert page.get_by_role("heading", name="There is a problem").count() == 0
    boxes = page.locator("textarea")
    for number in range(boxes.count()):
        boxes.nth(number).fill(ANSWERS[number % len(ANSWERS)])
    page.get_by_label("Your parent or guardian's full name").fill("Morgan Fairweather")
    page.get_by_label("Your parent or guardian's email address").fill(f"guardian.{width}.e2e@example.com")
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_url("**/applications/**")
    look()
    assert page.get_by_text("Application sent").first.is_visible()
    assert page.get_by_text("values questionnaire").first.is_visible()  # a friendly, optional next step
    sign_out(page, look)
    live_site.deliver_email()
    assert live_site.smtp.wait_for(f"guardian.{width}.e2e@example.com", 1)

    # the recruiter opens the shortlist from their dashboard
    sign_in_via_link(page, look, "recruiter@purbeck.example")
    go_to_dashboard(page, look)
    page.get_by_role("link", name="Vacancies", exact=True).click()
    page.wait_for_url("**/vacancies/manage/")
    look()
    page.get_by_role("link", name=f"Shortlist for {title}").click()
    page.wait_for_url("**/shortlists/**")
    look()
    row = page.locator(f'article[data-candidate="{first}"]')
    assert row.count() == 1
    text = row.text_content()
    assert "16 to 17" in text and "Values questionnaire not done" in text
    assert "Scored without distance (under 18)" in text
    content = page.content()
    assert surname not in content and email not in content and "DT1 2" not in content
    row.get_by_role("link", name=first).click()
    page.wait_for_url("**/shortlists/applications/**")
    look()
    content = page.content()
    assert surname not in content and email not in content and f"guardian.{width}.e2e" not in content
    assert page.get_by_role("heading", name=first, exact=True).is_visible()
    sign_out(page, look)
