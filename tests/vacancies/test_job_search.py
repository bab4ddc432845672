"""The public jobs search, /jobs: what, where, kind, hours, pay, sorting, paging and empty states."""
from __future__ import annotations

import re
from datetime import timedelta

from outreach import clock
from outreach.extensions import db
from tests.factories import make_organisation
from tests.vacancies.factories import make_vacancy


def titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/vacancies/[^"]+">([^<]+)</a></h3>', html)


def _setup(app):
    with app.app_context():
        dorset = make_organisation("Fordington Test Home", postcode="DT1 1HR")
        stafford = make_organisation("Stafford Test Care", postcode="ST16 2AA", provider_type="home_care")
        pending = make_organisation("Pending Home", postcode="DT1 1HR", status="pending")
        make_vacancy(dorset, title="Care assistant, days", pay_pence=1300, hours_per_week=37.5)
        make_vacancy(dorset, title="Night carer, part time", pay_pence=1400, hours_per_week=20)
        make_vacancy(dorset, kind="apprenticeship", role_slug="care-apprenticeship", title="Adult care apprentice")
        make_vacancy(dorset, role_slug="care-home-chef", title="Cook for a care home", pay_pence=1350)
        make_vacancy(dorset, title="Closed post", status="closed")
        make_vacancy(dorset, title="Senior care worker, salaried", role_slug="senior-care-worker",
                     pay_type="annual", pay_pence=2_900_000, hours_per_week=37.5)
        make_vacancy(stafford, role_slug="home-care-worker", title="Home carer, Stafford", pay_pence=1300)
        make_vacancy(pending, title="Hidden: pending provider")
        past = make_vacancy(dorset, title="Past its closing date")
        past.closing_date = clock.today_uk() - timedelta(days=1)
        db.session.commit()


def test_a_typo_finds_the_role_and_its_family_nearest_first(app, client):
    _setup(app)
    html = client.get("/jobs?what=care+asisstant&postcode=DT1+1AA").get_data(as_text=True)
    found = titles(html)
    assert "Care worker and similar jobs" in html
    # The exact role first, then its family (apprentice, senior); not the chef; never closed, past or pending.
    assert found[:2] == ["Care assistant, days", "Night carer, part time"] or \
        set(found[:2]) == {"Care assistant, days", "Night carer, part time"}
    assert "Adult care apprentice" in found and "Senior care worker, salaried" in found
    assert "Cook for a care home" not in found and "Home carer, Stafford" not in found  # Stafford is far away
    assert not {"Closed post", "Past its closing date", "Hidden: pending provider"} & set(found)


def test_where_and_radius(app, client):
    _setup(app)
    near_stafford = titles(client.get("/jobs?postcode=ST16+2AA&radius=10").get_data(as_text=True))
    assert near_stafford == ["Home carer, Stafford"]
    everywhere = titles(client.get("/jobs").get_data(as_text=True))
    assert len(everywhere) == 6  # no place: everything open, newest first


def test_kind_hours_and_pay_filters(app, client):
    _setup(app)
    apprenticeships = titles(client.get("/jobs?kind=apprenticeship").get_data(as_text=True))
    assert apprenticeships == ["Adult care apprentice"]
    part_time = titles(client.get("/jobs?hours=part").get_data(as_text=True))
    assert part_time == ["Night carer, part time"]
    # £29,000 a year over 37.5 hours a week is about £14.87 an hour: above £13.90, below £15.
    well_paid = set(titles(client.get("/jobs?min_pay=13.90").get_data(as_text=True)))
    assert well_paid == {"Night carer, part time", "Senior care worker, salaried"}
    assert titles(client.get("/jobs?min_pay=15").get_data(as_text=True)) == []


def test_bad_input_is_explained_beside_the_field_and_kept(app, client):
    response = client.get("/jobs?postcode=NOT+A+POSTCODE&min_pay=lots&what=carer")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter pay as a number of pounds" in html
    assert 'value="NOT A POSTCODE"' in html and 'value="lots"' in html and 'value="carer"' in html
    for hostile in ("page=99999999999999999999", "radius=-1", "sort=%00", "what=" + "x" * 500, "min_pay=1e9"):
        assert client.get("/jobs?" + hostile).status_code < 500, hostile


def test_empty_state_suggests_a_wider_radius_and_tasters(app, client):
    _setup(app)
    html = client.get("/jobs?what=chef&postcode=ST16+2AA&radius=5").get_data(as_text=True)
    assert "No jobs match your search right now" in html
    assert "Widen the search to 10 km" in html and "/tasters/?postcode=ST16" in html


def test_a_title_the_engine_cannot_place_searches_words_in_titles(app, client):
    _setup(app)
    html = client.get("/jobs?what=salaried").get_data(as_text=True)
    assert titles(html) == ["Senior care worker, salaried"]
    assert "could not match" in html


def test_results_are_paged(app, client):
    with app.app_context():
        home = make_organisation("Big Home", postcode="DT1 1HR")
        for number in range(23):
            make_vacancy(home, title=f"Carer number {number:02d}")
    first = titles(client.get("/jobs").get_data(as_text=True))
    third = titles(client.get("/jobs?page=3").get_data(as_text=True))
    assert len(first) == 10 and len(third) == 3 and not set(first) & set(third)


def test_every_result_links_to_its_vacancy_page(app, client):
    _setup(app)
    html = client.get("/jobs?postcode=DT1+1AA").get_data(as_text=True)
    for link in re.findall(r'<h3><a href="(/vacancies/[^"]+)">', html):
        assert client.get(link).status_code == 200


def test_the_home_page_navigation_role_pages_and_quiz_lead_to_jobs_and_tasters(app, client):
    _setup(app)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/jobs"' in home and 'href="/tasters/"' in home
    role = client.get("/careers/care-worker?postcode=DT1+1AA").get_data(as_text=True)
    assert "/jobs?what=Care+worker&amp;postcode=DT1" in role and "/tasters/?postcode=DT1" in role
    # Nearby posts are links, matched by role family: the care worker page lists the apprenticeship.
    assert re.search(r'<a href="/vacancies/[^"]+">Adult care apprentice</a>', role)
    assert re.search(r'<a href="/vacancies/[^"]+">Care assistant, days</a>', role)
    assert "Cook for a care home" not in role
    chef = client.get("/careers/care-home-chef?postcode=DT1+1AA").get_data(as_text=True)
    assert "Cook for a care home" in chef and "Care assistant, days" not in chef
