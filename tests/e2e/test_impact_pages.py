"""The impact pages in Chromium: reached from each dashboard, filtered without JavaScript-only
controls, charts readable as tables, CSV downloads, and the voluntary equal-opportunities form.
Every page is checked by axe-core and for sideways scrolling at 360 px."""
from __future__ import annotations

from tests.e2e.journey_helpers import go_to_dashboard, sign_in_via_link, sign_out


def test_admin_filters_the_impact_dashboard_and_downloads_a_table(page, live_site, check):
    page.goto(live_site.base_url + "/")
    sign_in_via_link(page, check, "admin@careways.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Impact dashboard").click()
    page.wait_for_url("**/impact/**")
    check(page)
    assert page.get_by_role("heading", name="Impact across CareWays").is_visible()
    assert page.get_by_role("table", name="From careers page to hire").is_visible()
    page.get_by_label("Local authority area", exact=True).select_option(label="Dorset Council")
    page.get_by_label("Type of provider", exact=True).select_option(label="Care home")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url("**la=dorset**")
    check(page)
    assert page.get_by_label("Local authority area", exact=True).input_value() == "dorset"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table as CSV (From careers page to hire)").click()
    assert download.value.suggested_filename == "careways-funnel.csv"
    page.get_by_label("From", exact=True).fill("2026-05-01")
    page.get_by_label("To", exact=True).fill("2026-04-01")  # backwards: a message beside the field, nothing lost
    page.get_by_role("button", name="Show figures").click()
    check(page)
    assert page.get_by_text("The end date must be on or after the start date").first.is_visible()
    assert page.get_by_label("From", exact=True).input_value() == "2026-05-01"
    sign_out(page, check)


def test_provider_and_school_see_their_own_figures(page, live_site, check):
    page.goto(live_site.base_url + "/")
    sign_in_via_link(page, check, "recruiter@fordington.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Your impact").click()
    page.wait_for_url("**/impact/provider**")
    check(page)
    assert page.get_by_role("table", name="Where hires came from").is_visible()
    assert page.get_by_role("table", name="Compared with the adult social care workforce in England").is_visible()
    assert page.get_by_role("table", name="Still in the job after hiring").is_visible()
    # The demo has two Fordington hires due a "still working with you?" check.
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Your hires: are they still with you?").click()
    page.wait_for_url("**/providers/hires**")
    check(page)
    marcus = page.get_by_role("group", name="Is Marcus still working with you?")
    page.get_by_role("button", name="Save answer for Marcus Bell").click()  # nothing chosen: a message, no crash
    check(page)
    assert page.get_by_text("Choose yes or no").first.is_visible()
    marcus.get_by_label("Yes").check()
    page.get_by_role("button", name="Save answer for Marcus Bell").click()
    check(page)
    assert page.get_by_text("Thank you. We have noted that Marcus is still working with you.").is_visible()
    assert page.get_by_role("group", name="Is Marcus still working with you?").count() == 0
    sign_out(page, check)
    sign_in_via_link(page, check, "careers@dorchester-academy.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Your pupils' encounters").click()
    page.wait_for_url("**/impact/school**")
    check(page)
    assert page.get_by_role("table", name="Gatsby benchmarks 5 and 6 by year group").count() + \
        page.get_by_text("Nothing to show for these filters yet.").count() > 0
    sign_out(page, check)


def test_applicant_answers_and_deletes_equal_opportunities_questions(page, live_site, check):
    page.goto(live_site.base_url + "/")
    sign_in_via_link(page, check, "applicant@careways.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name="Equal opportunities").click()
    page.wait_for_url("**/profile/equal-opportunities**")
    check(page)
    page.get_by_role("radio", name="Prefer not to say").first.check()
    page.get_by_role("button", name="Save my answers").click()  # ethnicity left out: an error, answer kept
    check(page)
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_role("radio", name="Prefer not to say").first.is_checked()
    page.get_by_role("radio", name="White").check()
    page.get_by_role("button", name="Save my answers").click()
    check(page)
    assert page.get_by_text("Your answers are saved").is_visible()
    page.get_by_role("button", name="Delete my answers").click()
    check(page)
    assert page.get_by_text("Your equal-opportunities answers have been deleted").is_visible()
    sign_out(page, check)
