"""From the home page to a job, its provider's page, and back to the job: the provider's page lists
its live vacancies. On a phone (360 px), checked by axe on every page, with no sideways scroll."""
from __future__ import annotations

from outreach.demo_data.application_stories import FORDINGTON


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_job_leads_to_its_providers_page_which_lists_its_jobs(page, live_site, check):
    page.goto(live_site.base_url + "/")
    check(page)
    page.get_by_role("link", name="Find a job or apprenticeship").click()
    page.wait_for_url("**/jobs**")
    check(page)
    no_sideways_scroll(page)
    page.get_by_role("link", name=FORDINGTON).first.click()
    page.wait_for_url("**/vacancies/**")
    check(page)
    no_sideways_scroll(page)
    job_url = page.url
    page.get_by_role("link", name="Fordington House").click()
    page.wait_for_url("**/tasters/providers/**")
    check(page)
    no_sideways_scroll(page)
    assert page.get_by_role("heading", name="Jobs and apprenticeships").is_visible()
    assert page.get_by_text("will be listed on this page").count() == 0
    page.get_by_role("link", name=FORDINGTON).click()
    page.wait_for_url(job_url)
    check(page)
    assert page.get_by_role("heading", name=FORDINGTON).is_visible()
