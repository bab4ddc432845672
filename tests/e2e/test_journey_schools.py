"""A school books a care ambassador from its dashboard, and a provider takes the booking from theirs.

Both start at `/` and move by links and buttons only; page.goto is used once, for `/`. Each journey runs on a
phone (390 px) and a desktop (1280 px); check(page) runs axe-core on every page, and phone pages are also
checked for sideways scrolling at 360 px.
"""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from tests.e2e.journey_helpers import go_to_dashboard, other_person, sign_in_via_link, sign_out

SCHOOL = "careers@dorchester-academy.example"   # demo: Dorchester Academy, DT1 2EH
PROVIDER = "recruiter@fordington.example"      # demo: Fordington House, DT1 1HR (under 1 km away)
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(params=sorted(SCREENS))
def screen(request, page):
    page.set_viewport_size(SCREENS[request.param])
    return request.param


def checker(check, screen):
    """axe and the viewport's own overflow check; on phone runs, no sideways scroll at 360 px either."""
    def visit(page):
        check(page)
        if screen == "phone":
            page.set_viewport_size({"width": 360, "height": 740})
            width = page.evaluate("document.documentElement.scrollWidth")
            page.set_viewport_size(SCREENS["phone"])
            assert width <= 360, f"{page.url} scrolls sideways at 360px ({width}px)"
    return visit


def test_school_books_a_talk_from_its_dashboard_and_a_provider_accepts_it(page, browser, live_site, check, screen):
    visit = checker(check, screen)
    topic = f"What a care worker does ({uuid.uuid4().hex[:8]})"
    page.goto(live_site.base_url + "/")
    visit(page)
    sign_in_via_link(page, visit, SCHOOL)
    go_to_dashboard(page, visit)
    page.get_by_role("link", name="Ask for a care ambassador").click()
    page.wait_for_url("**/schools/talks/new")
    visit(page)
    page.get_by_label("A talk or assembly in school").check()
    page.get_by_label("Year 9").check()
    page.get_by_label("Year 10").check()
    page.get_by_label("First choice of date").fill((date.today() + timedelta(days=45)).isoformat())
    page.get_by_label("About how many pupils?").fill("60")
    page.get_by_label("What would you like them to cover?").fill(topic)
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url("**/schools/talks#talk-*")
    visit(page)
    mine = page.locator("li.result", has_text=topic)
    assert mine.get_by_text("Waiting for a provider").is_visible()
    go_to_dashboard(page, visit)
    assert page.get_by_text("waiting", exact=False).first.is_visible()
    sign_out(page, visit)

    with other_person(browser) as provider:
        provider.set_viewport_size(SCREENS[screen])
        provider.goto(live_site.base_url + "/")
        visit(provider)
        sign_in_via_link(provider, visit, PROVIDER)
        go_to_dashboard(provider, visit)
        opt_in = provider.get_by_role("link", name="Become a care ambassador")
        if opt_in.count():  # the first run opts Fordington House in: the waiting request reaches it then
            opt_in.click()
            provider.wait_for_url("**/providers/ambassador")
            visit(provider)
            provider.get_by_label("Yes, we will give talks").check()
            provider.get_by_label("How far will you travel, in kilometres?").fill("15")
            provider.get_by_role("button", name="Save").click()
        else:
            assert provider.get_by_text("waiting", exact=False).first.is_visible()
            provider.get_by_role("link", name="Requests from schools").click()
        provider.wait_for_url("**/providers/talk-requests")
        visit(provider)
        request = provider.locator("li.result", has_text=topic)
        assert request.get_by_text("Dorchester Academy").first.is_visible()
        request.get_by_role("button", name="Accept").click()
        provider.wait_for_url("**/providers/talk-requests")
        visit(provider)
        assert provider.get_by_text("Accepted. We have emailed you and the school").is_visible()
        assert provider.locator("li.result", has_text=topic).get_by_text("Accepted by you").is_visible()
