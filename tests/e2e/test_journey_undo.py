"""Undoing a mistake in the browser: a recruiter drafts a taster, adds the same session three
weeks running in one go, then thinks better of it and deletes the draft after confirming.
On a phone (360 px), by links and buttons only, with axe on every page."""
from __future__ import annotations

from datetime import date, timedelta

from tests.e2e.journey_helpers import go_to_dashboard, sign_in_via_link, sign_out

TITLE = "Undo journey buddy morning"


def _fits_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _visit(page, check) -> None:
    page.wait_for_load_state("load")
    check(page)
    _fits_phone(page)


def test_recruiter_adds_weekly_sessions_to_a_draft_then_deletes_it(page, live_site, check):
    page.goto(live_site.base_url + "/")
    _visit(page, check)
    sign_in_via_link(page, check, "recruiter@fordington.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Post a taster").first.click()
    page.wait_for_url("**/tasters/manage/new")
    _visit(page, check)
    page.get_by_label("Buddy shift", exact=True).check()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("What the taster is about").fill("A morning with our activities team, meeting residents.")
    page.get_by_label("Postcode of the venue").fill("DT1 1HR")
    page.get_by_label("14", exact=True).check()
    page.get_by_label("What the visitor will do", exact=True).fill("Chat with residents and help with the quiz")
    page.get_by_label("What the visitor will not do", exact=True).fill("No personal care")
    page.get_by_label("Safeguarding contact's name").fill("Dee Safe")
    page.get_by_label("Safeguarding contact's email or phone number").fill("01305 123456")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(lambda url: "/tasters/manage/new" not in url)
    _visit(page, check)
    assert page.get_by_role("heading", name=TITLE).is_visible()

    first = date.today() + timedelta(days=10)
    page.get_by_label("Date").fill(first.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("13:00")
    page.get_by_label("Places").fill("4")
    page.get_by_label("Supervising member of staff").fill("Sam Reid")
    page.get_by_label("Repeat every week for (optional)").fill("3")
    page.get_by_role("button", name="Add session").click()
    page.wait_for_load_state("load")
    _visit(page, check)
    assert page.get_by_text("3 sessions added.").is_visible()
    assert page.locator("#sessions + ol.candidates > li").count() == 3

    page.get_by_role("link", name="Delete this draft").click()
    page.wait_for_url("**/delete")
    _visit(page, check)
    assert page.get_by_role("heading", name="Delete this draft?").is_visible()
    page.get_by_role("button", name="Yes, delete the draft").click()
    page.wait_for_url("**/tasters/manage/")
    _visit(page, check)
    assert page.get_by_text(f"Draft deleted: {TITLE}.").is_visible()
    assert page.get_by_role("link", name=TITLE).count() == 0
    sign_out(page, check)
