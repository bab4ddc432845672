"""Helpers for the browser journeys: signing up, in and out through the site's own links, moving by
keyboard, and the longer forms (a vacancy, the values questionnaire) that several journeys fill in."""
from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, timedelta

DEMO_PASSWORD = "demo-careways-2026"
MOBILE = {"width": 360, "height": 740}
JOB_LABEL = "Job"  # the vacancy form's radio for a job, as opposed to an apprenticeship


def sign_in_via_link(page, check, email, password=DEMO_PASSWORD):
    """Uses the "Sign in" link in the header, as a person would."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.wait_for_url("**/account/sign-in**")
    check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/account/sign-in" not in url)
    check(page)


def sign_out(page, check=None):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")
    if check:
        check(page)


def go_to_dashboard(page, check):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your dashboard").click()
    page.wait_for_url("**/dashboard**")
    check(page)


def sign_up(page, site, check, *, kind, first, last, email, password, age, postcode):
    """Signs up from the home page's "Create an account" link and verifies the email."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Create an account").click()
    page.wait_for_url("**/account/sign-up**")
    check(page)
    label = ("I am at school or college and aged 14 to 17" if kind == "pupil"
             else "I am 16 or over and looking for a job, apprenticeship or taster")
    page.get_by_label(label).check()
    page.get_by_label("First name").fill(first)
    if last:
        page.get_by_label("Last name (optional for pupils)").fill(last)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill(str(date.today().year - age))
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label("Create a password").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(lambda url: "/account/sign-up" not in url)
    check(page)
    link = site.link_in_latest(email, "/account/verify/")
    page.goto(site.base_url + link)
    check(page)


@contextmanager
def other_person(browser):
    """A second person on their own phone: a fresh browser context with no cookies."""
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    page.set_default_timeout(10000)
    try:
        yield page
    finally:
        context.close()


FOCUSED_NAME = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return '';
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  return (label || e.getAttribute('aria-label') || e.innerText || e.value || '').replace(/\\s+/g, ' ').trim();
}"""


def focused_name(page) -> str:
    return page.evaluate(FOCUSED_NAME)


def tab_to(page, name: str, *, exact: bool = False, limit: int = 80, backwards: bool = False) -> None:
    """Presses Tab (or Shift+Tab) until the focused control's accessible text is ``name`` (or starts with
    it), as a keyboard user would; fails if it is never reached, which is itself a keyboard bug."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        current = focused_name(page)
        seen.append(current)
        if current == name or (not exact and current.startswith(name)):
            return
    raise AssertionError(f"could not reach {name!r} with {key}; focus went through {seen[-15:]}")


def admin_approves(page, check, section_link, title):
    sign_in_via_link(page, check, "admin@careways.example")
    go_to_dashboard(page, check)
    page.get_by_role("link", name=section_link).click()
    check(page)
    page.get_by_role("link", name=title).click()
    check(page)
    page.get_by_label("Approve and publish").check()
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_load_state("load")
    check(page)
    sign_out(page, check)


def post_vacancy(page, check, *, title, apprenticeship, postcode):
    """From the provider's vacancies list: fill in the vacancy form and publish (or send for approval)."""
    page.get_by_role("link", name="Post a job or apprenticeship").click()
    page.wait_for_url("**/vacancies/manage/new")
    check(page)
    page.get_by_label("Apprenticeship" if apprenticeship else JOB_LABEL, exact=True).check()
    page.get_by_label("Search for the role").fill("care worker")
    page.get_by_role("button", name="Find the role").click()
    page.wait_for_load_state("load")
    check(page)
    page.get_by_label(re.compile("^Care worker")).first.check()
    page.get_by_label("Job title").fill(title)
    page.get_by_label("What the job involves").fill(
        "Support our residents with daily life: getting up, meals, activities and a chat, always alongside "
        "an experienced mentor.")
    page.get_by_label("Postcode where the job is based").fill(postcode)
    page.get_by_label("16", exact=True).check()
    page.get_by_label("Hours a week").fill("37.5")
    page.get_by_label("Shift pattern").fill("Monday to Friday, 8am to 4pm")
    page.get_by_label("An hour", exact=True).check()
    page.get_by_label("Pay in pounds").fill("12.71")
    if apprenticeship:
        page.get_by_label("Apprenticeship standard").fill("Adult Care Worker")
        page.get_by_label("Level", exact=True).select_option(label="Level 2")
        page.get_by_label("How long it lasts, in months").fill("12")
        page.get_by_label("Training provider").fill("Kingston Maurward College")
    page.get_by_label("Closing date").fill((date.today() + timedelta(days=40)).isoformat())
    questions = page.locator("input[name=motivation_questions]")
    questions.nth(0).check()
    questions.nth(1).check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/vacancies/manage/[^/]+$"))
    check(page)
    page.get_by_role("button", name="Publish or send for approval").click()
    page.wait_for_load_state("load")
    check(page)


def answer_questions(page, check, how_many=None):
    """Answers questions from the current one on; stops after how_many, or at the check-your-answers page."""
    answered = 0
    while "/questionnaire/question/" in page.url and (how_many is None or answered < how_many):
        check(page)
        before = page.url
        radios = page.locator("input[name=answer]")
        radios.nth(answered % radios.count()).check()  # vary the answers a little
        last = page.get_by_role("button", name="Save and check your answers")
        (last if last.count() else page.get_by_role("button", name="Save and continue")).click()
        page.wait_for_url(lambda url, before=before: url != before)
        answered += 1
    return answered


def answer_quiz(page, check, postcode: str | None = None) -> None:
    """Answers "Is care for me?" one card at a time (the first option each time), checking every card."""
    while True:
        check(page)
        page.locator("main fieldset input[type=radio]").first.check()
        finish = page.get_by_role("button", name="See my result")
        if finish.count():
            if postcode:
                page.get_by_label("Your postcode (optional)").fill(postcode)
            finish.click()
            page.wait_for_url("**/careers/quiz/result**")
            return
        with page.expect_navigation():
            page.get_by_role("button", name="Next question").click()
