"""The role finder learns from recruiters: a recruiter posts a job under a title the finder does not
know and picks the role themselves; an admin finds the title from their dashboard and approves it as
a name for that role; the next recruiter who types it gets the role found for them, and the API
answers with it. On a phone, axe-checked on every page. The site reads a copy of content/."""
from __future__ import annotations

import re
import time

from tests.e2e.journey_helpers import go_to_dashboard, post_vacancy, sign_in_via_link, sign_out

TITLE = "Wellbeing companion"


def _normalised(page, base_url: str) -> str | None:
    answer = page.request.get(f"{base_url}/api/v1/roles/normalise?title={TITLE.replace(' ', '%20')}").json()
    return (answer.get("role") or {}).get("slug")


def test_a_typed_title_approved_by_an_admin_is_recognised_next_time(page, live_site, check):
    base = live_site.base_url
    assert _normalised(page, base) is None  # the finder does not know it yet

    page.goto(base + "/")
    sign_in_via_link(page, check, "recruiter@fordington.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Vacancies").click()
    check(page)
    post_vacancy(page, check, title=TITLE, apprenticeship=False, postcode="DT1 1HR")  # role chosen: Care worker
    sign_out(page, check)

    sign_in_via_link(page, check, "admin@careways.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name=re.compile(r"job titles? to review")).click()
    page.wait_for_url("**/admin/titles/**")
    check(page)
    card = page.locator("li.card").filter(has_text=f"“{TITLE}”")
    assert card.get_by_text("Chosen role: Care worker").is_visible()
    card.get_by_label("Add it as a name for Care worker").check()
    card.get_by_role("button", name=re.compile("^Save")).click()
    page.wait_for_load_state("load")
    check(page)
    assert page.get_by_text(f'"{TITLE.lower()}" added as a name for the role').is_visible()
    assert page.locator("li.card").filter(has_text=f"“{TITLE}”").count() == 0
    sign_out(page, check)

    for _ in range(40):  # each web worker rereads the content within a few seconds
        if _normalised(page, base) == "care-worker":
            break
        time.sleep(0.25)
    assert _normalised(page, base) == "care-worker"

    sign_in_via_link(page, check, "recruiter@fordington.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Vacancies").click()
    page.get_by_role("link", name="Post a job or apprenticeship").click()
    page.wait_for_url("**/vacancies/manage/new")
    page.get_by_label("Search for the role").fill(TITLE)
    page.get_by_role("button", name="Find the role").click()
    page.wait_for_load_state("load")
    check(page)
    assert page.get_by_label(re.compile("^Care worker")).first.is_checked()
