"""A provider never learns where an under-18 lives, nor anything derived from it.

The promise as a property: build a vacancy and a taster with adults and under-18s at different
postcodes, capture everything a recruiter can see about the under-18s (the shortlist in every sort
and filter, the CSV, each application page, the session register and the taster's own page, the
hires page), move the post to any other postcode sector in our centroid data, and capture again:
nothing about any under-18 may change, while the adults' distances do.
"""
from __future__ import annotations

import csv
import io
import re

import pytest
from bs4 import Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach import clock, geo
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.opportunities import Opportunity
from outreach.tasters import posting
from outreach.vacancies import service as vacancies
from tests.applications.factories import apply_for, make_applicant
from tests.factories import make_member, make_organisation, sign_in
from tests.pages import parse, section, text
from tests.tasters.factories import MONDAY_10AM, book, make_taster
from tests.vacancies.factories import make_vacancy, vacancy_input

ADULTS = (("Ada", 25, "DT1 1AA"), ("Ben", 30, "DT2 7AA"), ("Cal", 19, "DT4 7AA"), ("Dev", 40, "BH1 1AA"))
MINORS = (("Mia", 16, "DT1 2AA"), ("Noa", 17, "DT11 7AA"), ("Oli", 16, "ST16 2AB"))
TASTER_MINORS = (("Pip", 15, "DT1 2AA"), ("Kit", 14, "DT6 3AA"), ("Rue", 17, "SP1 1AA"))
VIEWS = tuple(f"sort={sort}" for sort in ("score", "distance", "values", "availability", "newest", "oldest")) + (
    "sort=score&max_km=3", "sort=distance&max_km=3", "sort=score&max_km=40", "sort=values&min_availability=50")
SECTORS = sorted(geo._sectors())
# The per-page form tokens (CSRF and the submission nonce) differ on every render.
CSRF = re.compile(r'name="(?:csrf_token|submission)"[^>]*value="[^"]*"'
                  r'|value="[^"]*"[^>]*name="(?:csrf_token|submission)"')


def _rows(response, heading: str = "applied") -> list[tuple[str, Tag]]:
    """(name, the row's card) in the order shown, under one heading of the shortlist page."""
    return [(card["data-candidate"], card) for card in section(parse(response), heading).select("article.candidate")]


def _main(html: str) -> str:
    return CSRF.sub("", html.split("<main", 1)[1].split("</main>", 1)[0])


def _split(rows, minors):
    """The under-18s' rows in order, after checking every adult is listed before every under-18."""
    names = [name for name, _ in rows]
    first_minor = min((i for i, n in enumerate(names) if n in minors), default=len(names))
    assert not any(n in minors for n in names[:first_minor]) and all(n in minors for n in names[first_minor:]), names
    return [(name, str(card)) for name, card in rows if name in minors]


def _adult_distances(rows, minors) -> dict[str, str]:
    return {name: text(card.select_one("li.distance")) for name, card in rows if name not in minors}


def _capture(client, world) -> tuple[dict, dict]:
    """Everything the recruiter sees about the under-18s, and the adults' distances (score order)."""
    seen, adults = {}, {}
    for post, minors in (("vacancy", world["minor_names"]), ("taster", world["taster_minor_names"])):
        public_id = world[post]
        for view in VIEWS:
            page = client.get(f"/shortlists/{public_id}?{view}")
            assert page.status_code == 200
            rows = _rows(page)
            seen[(post, view)] = _split(rows, minors)
            if view == "sort=score":
                adults[post] = _adult_distances(rows, minors)
    seen["register"] = _main(client.get(f"/tasters/manage/sessions/{world['session']}").get_data(as_text=True))
    for extra in ("", "?max_km=3", "?sort=distance"):
        exported = client.get(f"/shortlists/{world['vacancy']}/export.csv{extra}").get_data(as_text=True)
        table = list(csv.reader(io.StringIO(exported)))
        body = table[1:]
        minor_rows = [r for r in body if r[1] in world["minor_names"]]
        adult_ranks = [int(r[0]) for r in body if r[1] not in world["minor_names"] and r[0]]
        assert all(int(r[0]) > max(adult_ranks, default=0) for r in minor_rows if r[0])
        seen[("csv", extra)] = [r[1:] for r in minor_rows]  # the rank counts the adults above them
        assert len(minor_rows) == len(MINORS)
    for application in world["minor_applications"]:
        seen[("application", application)] = _main(client.get(f"/shortlists/applications/{application}")
                                                   .get_data(as_text=True))
    seen["hires"] = _main(client.get("/providers/hires").get_data(as_text=True))
    return seen, adults


@pytest.fixture
def world(app) -> dict:
    """One set-up for every example: hypothesis reuses this (function-scoped) fixture."""
    with app.app_context():
        clock.freeze(MONDAY_10AM)
        organisation = make_organisation("Fordington House")
        recruiter = make_member(organisation, "recruiter", "rec@fordington.example")
        details = make_vacancy(organisation, recruiter, kind="apprenticeship")
        taster = make_taster(organisation, recruiter, sessions=((7, 10),))
        world = {"vacancy": details.opportunity.public_id, "taster": taster.public_id,
                 "session": taster.sessions[0].public_id, "minor_applications": [],
                 "minor_names": {name for name, _, _ in MINORS},
                 "taster_minor_names": {name for name, _, _ in TASTER_MINORS}}
        profile = {"desired_roles": ["care assistant"], "max_travel_km": 15}
        for name, age, postcode in ADULTS + MINORS:
            person = make_applicant(f"{name.lower()}@example.com", first_name=name, age=age, postcode=postcode,
                                    profile=profile)
            application = apply_for(person, vacancies.public_vacancy(world["vacancy"]))
            if age < 18:
                world["minor_applications"].append(application.public_id)
        for name, age, postcode in ADULTS[:2] + TASTER_MINORS:
            person = make_applicant(f"{name.lower()}.t@example.com", first_name=name, age=age, postcode=postcode,
                                    account_type="pupil" if age < 18 else "applicant",
                                    profile=profile if age >= 18 else None)
            book(person, taster.sessions[0])
    return world


def _move(app, world, sector: str) -> None:
    """The recruiter moves both posts, through the same services as the edit pages."""
    place = geo.resolve(sector)
    with app.app_context():
        recruiter = db.session.execute(db.select(User).where(User.email == "rec@fordington.example")).scalar_one()
        vacancy = db.session.execute(
            db.select(Opportunity).where(Opportunity.public_id == world["vacancy"])).scalar_one()
        vacancies.update(vacancy, recruiter, vacancy_input(kind="apprenticeship", place=place))
        taster = db.session.execute(db.select(Opportunity).where(Opportunity.public_id == world["taster"])).scalar_one()
        posting.update(taster, recruiter, posting.TasterDetails(
            kind=taster.kind, title=taster.title, description=taster.description, min_age=taster.min_age,
            place=place, setting=taster.setting, role_slug=taster.role_slug, what_to_wear=taster.what_to_wear,
            accessibility=taster.accessibility, will_do=taster.will_do, will_not_do=taster.will_not_do,
            dbs_required=taster.dbs_required, safeguarding_contact_name=taster.safeguarding_contact_name,
            safeguarding_contact=taster.safeguarding_contact, desired_values=dict(taster.desired_values or {})))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(sector=st.sampled_from(SECTORS))
def test_nothing_a_provider_sees_about_an_under_18_depends_on_where_the_post_is(app, world, sector):
    clock.freeze(MONDAY_10AM)
    client = app.test_client()
    assert sign_in(client, "rec@fordington.example").status_code == 302
    before, adults_before = _capture(client, world)
    with app.app_context():
        old = (db.session.execute(db.select(Opportunity.latitude, Opportunity.longitude)
                                  .where(Opportunity.public_id == world["vacancy"])).one())
    _move(app, world, sector)
    after, adults_after = _capture(client, world)
    for key in before:
        assert after[key] == before[key], key
    if geo.distance_km(tuple(old), geo.coordinates_of(sector)) > 1:  # the control: adults' distances move
        assert adults_after["vacancy"] != adults_before["vacancy"]
        assert adults_after["taster"] != adults_before["taster"]
