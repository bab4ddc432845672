"""A provider's public page lists its live jobs and apprenticeships, each linking to its page."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from outreach import clock
from outreach.extensions import db
from outreach.vacancies import service
from tests.factories import make_organisation
from tests.vacancies.factories import make_vacancy


def listed(html: str) -> dict[str, str]:
    return {title: href for href, title in re.findall(r'<h3><a href="(/vacancies/[^"]+)">([^<]+)</a></h3>', html)}


def test_the_provider_page_lists_only_live_vacancies_with_links(app):
    client = app.test_client()
    with app.app_context():
        home = make_organisation("Fordington House")
        live = make_vacancy(home, title="Care assistant, days").opportunity.public_id
        make_vacancy(home, kind="apprenticeship", title="Care apprentice")
        make_vacancy(home, status="draft", title="Draft cook")
        make_vacancy(home, status="pending", title="Pending night carer")
        make_vacancy(home, status="closed", title="Closed activities lead")
        past = make_vacancy(home, title="Past its closing date")
        past.closing_date = clock.today_uk() - timedelta(days=1)
        other = make_organisation("Another Home")
        make_vacancy(other, title="Someone else's job")
        db.session.commit()
        page_url = f"/tasters/providers/{home.public_id}"
    html = client.get(page_url).get_data(as_text=True)
    shown = listed(html)
    assert set(shown) == {"Care assistant, days", "Care apprentice"}
    assert shown["Care assistant, days"] == f"/vacancies/{live}"
    assert client.get(shown["Care assistant, days"]).status_code == 200
    assert "will be listed on this page" not in html
    assert "No jobs or apprenticeships open here right now" not in html


def test_a_provider_with_nothing_live_says_so(app):
    with app.app_context():
        home = make_organisation("Quiet House")
        make_vacancy(home, status="closed", title="Closed job")
        page_url = f"/tasters/providers/{home.public_id}"
    html = app.test_client().get(page_url).get_data(as_text=True)
    assert listed(html) == {} and "No jobs or apprenticeships open here right now" in html


@pytest.mark.parametrize("status", ["suspended", "pending"])
def test_a_suspended_or_pending_provider_shows_no_vacancies(app, status):
    with app.app_context():
        home = make_organisation("Fordington House")
        make_vacancy(home, title="Care assistant, days")
        home.status = status
        db.session.commit()
        assert service.live_for_organisation(home).items == []
        page_url = f"/tasters/providers/{home.public_id}"
    response = app.test_client().get(page_url)
    assert response.status_code == 404 and "Care assistant, days" not in response.get_data(as_text=True)
