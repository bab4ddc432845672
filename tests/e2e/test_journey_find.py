"""A visitor finds a taster and a job from the home page, by clicking links and buttons only.

Each journey runs on a phone (390 px wide) and on a desktop (1280 px). page.goto is used once, for `/`.
check(page) runs axe-core on every page visited and fails on sideways scrolling.
"""
from __future__ import annotations

import pytest

TASTER = "Buddy shift with our activities team"  # demo: Fordington House, DT1 1HR
JOB = "Home care worker, Stafford and Stone"       # demo: Trent Valley Home Care, ST16 2AB
DORCHESTER_JOB = "Care worker, day shifts"         # demo: Fordington House, DT1 1HR

SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(params=sorted(SCREENS))
def screen(request, page):
    page.set_viewport_size(SCREENS[request.param])
    return request.param


def _home(page, site, check):
    page.goto(site.base_url + "/")
    check(page)


def _go_home_by_the_logo(page, check):
    page.locator("a.brand").click()
    page.wait_for_url("**/")
    check(page)


def test_visitor_finds_a_taster_near_dt1_1aa_from_the_home_page(page, live_site, check, screen):
    _home(page, live_site, check)
    page.locator("main").get_by_label("Your postcode").fill("DT1 1AA")
    page.get_by_role("button", name="Find tasters near you").click()
    page.wait_for_url("**/tasters/**")
    check(page)
    page.get_by_role("link", name=TASTER).first.click()
    check(page)
    assert page.get_by_role("heading", level=1).inner_text().strip() == TASTER
    assert page.get_by_text("Fordington House").first.is_visible()


def test_visitor_finds_a_job_near_st16_2aa_from_the_home_page(page, live_site, check, screen):
    _home(page, live_site, check)
    page.locator("main").get_by_label("Your postcode").fill("ST16 2AA")
    page.get_by_role("button", name="Find jobs near you").click()
    page.wait_for_url("**/jobs**")
    check(page)
    results = page.locator("#results ~ *")
    assert results.get_by_role("link", name=JOB).count() == 1
    assert results.get_by_role("link", name=DORCHESTER_JOB).count() == 0  # 200 km away: outside the radius
    page.get_by_role("link", name=JOB).click()
    check(page)
    assert page.get_by_role("heading", level=1).inner_text().strip() == JOB


def test_visitor_goes_from_the_jobs_link_in_the_navigation_to_a_job_by_role_and_place(page, live_site, check, screen):
    _home(page, live_site, check)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs", exact=True).click()
    page.wait_for_url("**/jobs**")
    check(page)
    page.get_by_label("What job?").fill("home carer")  # not a role title: the engine finds the role
    page.get_by_label("Where? Your postcode").fill("ST16 2AA")
    page.get_by_role("button", name="Search jobs").click()
    page.wait_for_url("**/jobs?**")
    check(page)
    page.get_by_role("link", name=JOB).click()
    check(page)
    assert page.get_by_role("heading", level=1).inner_text().strip() == JOB


def test_visitor_finds_nearby_tasters_and_jobs_from_a_role_page(page, live_site, check, screen):
    _home(page, live_site, check)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Roles in care").click()
    page.wait_for_url("**/careers/**")
    check(page)
    page.get_by_role("link", name="Care worker", exact=True).first.click()
    page.wait_for_url("**/careers/care-worker**")
    check(page)
    near = page.locator("section", has=page.get_by_role("heading", name="Try it near you"))
    near.get_by_label("Your postcode").fill("DT1 1AA")
    near.get_by_role("button", name="Find tasters and jobs").click()
    page.wait_for_url("**postcode=**")
    check(page)
    near = page.locator("section", has=page.get_by_role("heading", name="Try it near you"))
    assert near.get_by_role("link", name=TASTER).count() == 1   # a buddy shift: same family as care worker
    assert near.get_by_role("link", name=DORCHESTER_JOB).count() == 1
    near.get_by_role("link", name=DORCHESTER_JOB).click()
    check(page)
    assert page.get_by_role("heading", level=1).inner_text().strip() == DORCHESTER_JOB
