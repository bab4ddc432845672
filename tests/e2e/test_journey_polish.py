"""Connected journeys, polished: a concern is reported and Refresh does not send it again; a
recruiter's dashboard says what needs doing and its links lead there; every page has our icon."""
from __future__ import annotations

import re

from tests.e2e.journey_helpers import go_to_dashboard, sign_in_via_link, sign_out


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_reporting_a_concern_lands_on_a_page_that_refresh_cannot_resend(page, live_site, check):
    page.goto(live_site.base_url + "/")
    check(page)
    no_sideways_scroll(page)
    icon = page.locator('link[rel="icon"]').first.get_attribute("href")
    assert page.request.get(live_site.base_url + icon).status == 200
    page.get_by_role("link", name="Report a concern").first.click()
    page.wait_for_url("**/report-a-concern**")
    check(page)
    no_sideways_scroll(page)
    page.get_by_role("button", name="Send to the safeguarding lead").click()  # nothing filled in: errors
    check(page)
    assert page.get_by_text("There is a problem").is_visible()
    page.get_by_label("Something on this website").check()
    page.get_by_label("Tell us what happened").fill("A test from the polish journey: a page looked broken.")
    page.get_by_role("button", name="Send to the safeguarding lead").click()
    page.wait_for_url("**/report-a-concern/thanks")
    check(page)
    no_sideways_scroll(page)
    assert page.get_by_text("Thank you for telling us").is_visible()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.reload()  # a GET page: no "send the form again?" question
    assert dialogs == [] and page.url.endswith("/report-a-concern/thanks")


def test_recruiter_dashboard_to_do_links_lead_to_the_work(page, live_site, check):
    page.goto(live_site.base_url + "/")
    check(page)
    sign_in_via_link(page, check, "recruiter@fordington.example")
    go_to_dashboard(page, check)
    no_sideways_scroll(page)
    panel = page.get_by_role("region", name="To do")
    assert panel.is_visible()
    link = panel.get_by_role("link", name=re.compile(r"\d+ hire checks? due"))
    link.click()
    page.wait_for_url("**/providers/hires")
    check(page)
    no_sideways_scroll(page)
    sign_out(page, check)
