"""A pupil on a phone and on a laptop: from the home page to a role page, the pathway map and
through the quiz, by clicking. Every page is checked by axe-core, none scrolls sideways at 360 px,
and screenshots go to test-artifacts/ for people to look at."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.journey_helpers import answer_quiz

NARROW = 360


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"pupil-pages-{name}.png"), full_page=True)


def _no_sideways_scroll_at_360(page) -> None:
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": NARROW, "height": 740})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": width, "height": 900})
    assert scroll <= NARROW, f"{page.url} scrolls sideways at {NARROW}px ({scroll}px wide)"


def _visit(page, check, name: str, width: int) -> None:
    check(page)
    _no_sideways_scroll_at_360(page)
    _shot(page, f"{name}-{width}")


@pytest.mark.parametrize("width", [390, 1280])
def test_pupil_reads_a_role_the_pathway_map_and_takes_the_quiz(browser, live_site, check, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10000)
    try:
        page.goto(live_site.base_url + "/")
        _visit(page, check, "home", width)
        assert page.locator("main svg.illustration[role=img]").count() == 1

        page.get_by_role("link", name="Explore roles in care").click()
        page.wait_for_url("**/careers/")
        _visit(page, check, "roles", width)
        page.get_by_role("link", name="Care worker", exact=True).click()
        page.wait_for_url("**/careers/care-worker")
        _visit(page, check, "role", width)
        assert page.get_by_role("img", name="A care worker bringing a cup of tea").is_visible()
        glance = page.get_by_role("region", name="At a glance")
        assert glance.get_by_text("What you do", exact=True).is_visible()
        assert glance.get_by_text("Hours", exact=True).is_visible()
        story = page.get_by_role("heading", name="A story from the job")
        assert story.is_visible()
        # The story comes before the long sections.
        assert story.bounding_box()["y"] < page.get_by_role("heading", name="What a day looks like").bounding_box()["y"]

        page.get_by_role("link", name="See every career pathway").click()
        page.wait_for_url("**/careers/pathways")
        _visit(page, check, "pathways", width)
        map_links = page.locator(".pathway-map a.pathway-role")
        list_roles = page.locator(".pathway-list li[data-role] > a:first-child")
        map_names = sorted(map_links.all_inner_texts())
        assert map_names == sorted(list_roles.all_inner_texts()) and len(map_names) == 19
        # Boxes never overlap one another, and every label fits inside its box.
        boxes = [b.bounding_box() for b in page.locator(".pathway-box").all()]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                apart = (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                         or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
                assert apart, (a, b)
        assert page.evaluate("""() => [...document.querySelectorAll('.pathway-box')].every(box =>
            box.scrollWidth <= box.clientWidth && box.scrollHeight <= box.clientHeight)""")

        page.locator(".pathway-map").get_by_role("link", name="Social worker", exact=True).click()
        page.wait_for_url("**/careers/social-worker")
        _visit(page, check, "role-from-map", width)

        page.get_by_role("link", name="Is care for me?").first.click()
        page.wait_for_url("**/careers/quiz")
        _visit(page, check, "quiz-first-card", width)
        assert page.locator("main fieldset").count() == 1
        with page.expect_navigation():
            page.get_by_role("button", name="Next question").click()  # nothing chosen
        _visit(page, check, "quiz-error", width)
        assert page.get_by_text("There is a problem").is_visible()
        answer_quiz(page, check, postcode="DT1 1AA")
        _visit(page, check, "quiz-result", width)
        assert page.get_by_role("heading", name="Care could suit you").is_visible()
    finally:
        context.close()
