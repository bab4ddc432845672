"""Pupils of 16 and 17 apply for jobs and apprenticeships open to them; younger pupils and 18+ posts
get a page saying why and what they can do instead; the questionnaire is optional (the provider may
ask once); a double press sends one application; and nothing a provider can see or download about an
under-18 who applied names them beyond their first name and age band, or says where they live."""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.models.applications import ApplicantProfile, Application
from outreach.models.organisations import Membership
from outreach.models.outbox import OutboxMessage
from outreach.questionnaire import store
from outreach.questionnaire.timing import minutes_to_finish
from outreach.vacancies.service import public_vacancy
from tests.applications.factories import apply_for, make_applicant
from tests.factories import make_member, make_organisation, make_user, sign_in
from tests.pages import links, parse, section, text, texts
from tests.questionnaire.factories import complete_questionnaire
from tests.vacancies.factories import make_vacancy

ANSWERS = {"answer_why_care": "My nan was in a care home and the staff made her laugh every day.",
           "answer_helped_someone": "I helped my neighbour after his operation, doing his shopping each week."}
GUARDIAN = {"guardian_name": "Pat Quennell", "guardian_email": "pat.guardian@example.org"}


@pytest.fixture
def posts(app):
    """An apprenticeship open from 16 and a job for 18 and over, at Fordington House."""
    with app.app_context():
        organisation = make_organisation("Fordington House")
        recruiter = make_member(organisation, "recruiter", "rec@fordington.example")
        apprenticeship = make_vacancy(organisation, recruiter, kind="apprenticeship",
                                      title="Adult care apprenticeship")
        job = make_vacancy(organisation, recruiter, title="Night care assistant")
        return apprenticeship.opportunity.public_id, job.opportunity.public_id


def signed_in(app, email):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def deliver(app):
    with app.app_context():
        from outreach.jobs.runner import run_job

        run_job("send_outbox")


def make_pupil(email, age, last_name="Quennell", postcode="DT2 7AA", questionnaire=False, first_name="Robin"):
    user = make_user("pupil", email, age=age, postcode=postcode, first_name=first_name)
    user.last_name = last_name
    db.session.commit()
    if questionnaire:
        complete_questionnaire(user)
    return user


def test_a_pupil_of_16_applies_for_an_apprenticeship_and_their_guardian_is_told(app, posts, smtp, page):
    apprenticeship, _ = posts
    with app.app_context():
        make_pupil("robin@example.com", 16)
    pupil = signed_in(app, "robin@example.com")
    assert links(page(f"/vacancies/{apprenticeship}", pupil))["Apply"] == f"/vacancies/{apprenticeship}/apply"
    form = text(page(f"/vacancies/{apprenticeship}/apply", pupil))
    assert "Your parent or guardian" in form and "first name and age group only" in form
    missing = pupil.post(f"/vacancies/{apprenticeship}/apply", data=ANSWERS)
    doc = parse(missing)
    assert missing.status_code == 400
    assert "Error: Enter your parent or guardian's full name" in texts(doc, ".field-error")
    assert any(area.get_text().strip().startswith("My nan was in a care home")  # what was typed is kept
               for area in doc.select("textarea"))
    own = pupil.post(f"/vacancies/{apprenticeship}/apply",
                     data={**ANSWERS, "guardian_name": "Pat", "guardian_email": "Robin@example.com"})
    assert own.status_code == 400 and "not your own" in own.get_data(as_text=True)
    sent = pupil.post(f"/vacancies/{apprenticeship}/apply", data={**ANSWERS, **GUARDIAN})
    assert sent.status_code == 302
    assert "Adult care apprenticeship" in pupil.get("/applications").get_data(as_text=True)
    assert "values questionnaire" in pupil.get(sent.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        assert application.guardian_email == GUARDIAN["guardian_email"] and application.values_scores is None
    deliver(app)
    to_guardian = [m for m in smtp.messages if m["To"] == GUARDIAN["guardian_email"]]
    assert [m["Subject"] for m in to_guardian] == ["Robin has applied for Adult care apprenticeship"]


def test_under_16s_and_18_plus_posts_get_a_page_saying_why_and_what_to_do_instead(app, posts, page):
    apprenticeship, job = posts
    with app.app_context():
        make_pupil("young@example.com", 15)
        make_pupil("sixteen@example.com", 16)
    young = signed_in(app, "young@example.com")
    for response in (young.get(f"/vacancies/{apprenticeship}/apply"),
                     young.post(f"/vacancies/{apprenticeship}/apply", data={**ANSWERS, **GUARDIAN})):
        doc = parse(response)
        assert response.status_code == 200 and text(doc.find("h1")) == "You cannot apply for this one yet"
        assert "for people aged 16 and over. You are 15." in text(doc)
        assert "/tasters/" in links(doc).values() and "Apprenticeships in care start from 16" in text(doc)
    doc = page(f"/vacancies/{job}/apply", signed_in(app, "sixteen@example.com"))
    assert "for people aged 18 and over. You are 16." in text(doc) and "Look for apprenticeships" in links(doc)
    with app.app_context():
        assert db.session.execute(select(Application)).first() is None


def test_a_double_press_sends_one_application_and_both_get_the_same_answer(app, posts, smtp, page):
    apprenticeship, _ = posts
    with app.app_context():
        make_applicant("ann@example.com", first_name="Ann")
    client = signed_in(app, "ann@example.com")
    nonce = page(f"/vacancies/{apprenticeship}/apply", client).select_one('input[name="submission"]')["value"]
    data = {**ANSWERS, "submission": nonce}
    first = client.post(f"/vacancies/{apprenticeship}/apply", data=data)
    second = client.post(f"/vacancies/{apprenticeship}/apply", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert "Application sent" in client.get(second.headers["Location"]).get_data(as_text=True)
    # A new form (a fresh token) after applying is told kindly that they already applied.
    again = client.post(f"/vacancies/{apprenticeship}/apply", data=ANSWERS)
    assert again.status_code == 400 and "You have already applied" in again.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.execute(select(Application)).scalars().all()) == 1
    deliver(app)
    assert [m["To"] for m in smtp.messages].count("ann@example.com") == 1


def test_the_provider_sees_who_has_not_done_the_questionnaire_and_may_ask_once(app, posts, smtp):
    apprenticeship, _ = posts
    with app.app_context():
        pupil = make_pupil("robin@example.com", 16)
        application = apply_for(pupil, public_vacancy(apprenticeship))
        done = make_applicant("ann@example.com", first_name="Ann")
        apply_for(done, public_vacancy(apprenticeship))
        public_id, pupil_id = application.public_id, pupil.id
    recruiter = signed_in(app, "rec@fordington.example")
    shortlist = parse(recruiter.get(f"/shortlists/{apprenticeship}"))
    robin_card = shortlist.select_one('article[data-candidate="Robin"]')
    assert "Values questionnaire not done" in text(robin_card)
    assert "Values questionnaire not done" not in text(shortlist.select_one('article[data-candidate="Ann Tester"]'))
    invite_url = f"/shortlists/applications/{public_id}/questionnaire-invite"
    [ask] = [button for button in robin_card.select("button[form]") if text(button).startswith("Ask Robin to do it")]
    assert shortlist.find("form", id=ask["form"])["action"] == invite_url  # the button posts the form outside the card
    first = recruiter.post(invite_url)
    assert first.status_code == 302
    assert "We have emailed Robin" in recruiter.get(first.headers["Location"]).get_data(as_text=True)
    second = recruiter.post(invite_url)
    assert "already asked Robin" in recruiter.get(second.headers["Location"]).get_data(as_text=True)
    after = recruiter.get(f"/shortlists/{apprenticeship}").get_data(as_text=True)
    assert "You asked them to do it" in after and "Ask Robin to do it" not in after
    review = recruiter.get(f"/shortlists/applications/{public_id}").get_data(as_text=True)
    assert "Values questionnaire not done" in review and "You asked Robin to do it on" in review
    deliver(app)
    asked = [m for m in smtp.messages if m["To"] == "robin@example.com"
             and "would like to see your values" in m["Subject"]]
    assert len(asked) == 1
    body = asked[0].get_body(("plain",)).get_content()
    assert f"about {minutes_to_finish(_bank(app))} minutes" in body and "/questionnaire" in body
    # The pupil sees it on their application, and finishing adds the result to it.
    pupil_client = signed_in(app, "robin@example.com")
    assert "would like to see your values" in pupil_client.get(f"/applications/{public_id}").get_data(as_text=True)
    with app.app_context():
        from outreach.models.accounts import User

        complete_questionnaire(db.session.get(User, pupil_id))
        refreshed = db.session.execute(select(Application).where(Application.public_id == public_id)).scalar_one()
        assert refreshed.values_scores and refreshed.questionnaire_response_id is not None
    final = recruiter.get(f"/shortlists/{apprenticeship}").get_data(as_text=True)
    assert "Values questionnaire not done" not in final


def test_another_providers_recruiter_cannot_ask(app, posts):
    apprenticeship, _ = posts
    with app.app_context():
        application = apply_for(make_applicant("ann@example.com", questionnaire=False), public_vacancy(apprenticeship))
        other = make_organisation("Trent Valley Home Care", postcode="ST16 2AB")
        make_member(other, "recruiter", "rec@trentvalley.example")
        public_id = application.public_id
    outsider = signed_in(app, "rec@trentvalley.example")
    assert outsider.post(f"/shortlists/applications/{public_id}/questionnaire-invite").status_code == 404
    with app.app_context():
        assert db.session.execute(select(Application.questionnaire_invited_at)).scalar_one() is None


def _bank(app):
    with app.app_context():
        return store.current_bank(archive=False)


def test_the_questionnaire_time_is_one_figure_from_the_bank_everywhere(app, posts):
    apprenticeship, _ = posts
    bank = _bank(app)
    minutes = minutes_to_finish(bank)
    from outreach.content.questionnaire import Bank

    fewer = Bank(bank.id, bank.title, bank.intro, bank.version, bank.path, bank.value_keys,
                       bank.scenarios[:5], bank.statements)
    assert minutes_to_finish(fewer) < minutes  # follows the bank, not a typed number
    with app.app_context():
        make_applicant("new@example.com", questionnaire=False, profile={"personalised_matches": True})
    client = signed_in(app, "new@example.com")
    pages = [client.get("/questionnaire/").get_data(as_text=True),
             client.get("/matches").get_data(as_text=True),
             client.get(f"/vacancies/{apprenticeship}/apply").get_data(as_text=True)]
    for page in pages:
        figures = set(re.findall(r"about (\d+) minutes", page)) - {str(minutes_to_finish(bank, practice=True))}
        assert figures == {str(minutes)}, figures
    assert "There is a problem" not in pages[2]


# ---------------------------------------------------------------- the privacy property

PROVIDER_PASSES = ("sign-out", "sign_out", "/account/delete", "/questionnaire/practice")


def _crawl(client, start="/", limit=250):
    """Every page and download a signed-in provider member reaches by following links from ``start``."""
    seen, queue, found = set(), [start], {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not (response.mimetype or "").startswith(("text/", "application/json")):
            continue  # an icon or image holds no one's details
        body = response.get_data(as_text=True)
        found[url] = body
        if "html" not in (response.mimetype or ""):
            continue
        for link in parse(body).select("[href]"):
            href = link["href"].split("#")[0]
            if not href:
                continue
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "localhost":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith("/") or path.startswith("/static/") or any(p in path for p in PROVIDER_PASSES):
                continue
            if path not in seen:
                queue.append(path)
    return found


def test_nothing_a_provider_sees_or_downloads_names_or_locates_an_under_18_who_applied(app, posts, smtp):
    apprenticeship, _ = posts
    with app.app_context():
        robin = make_pupil("robin.q@example.com", 16, questionnaire=True)
        applicant = make_applicant("sam.minor@example.com", age=17, first_name="Sam", postcode="DT2 7AA",
                                   profile={})
        applicant.last_name = "Oakhampton"
        db.session.commit()
        # Even a forced "discoverable" flag never lists an under-18 among people near by.
        db.session.execute(db.update(ApplicantProfile).values(discoverable=True))
        db.session.commit()
        apply_for(robin, public_vacancy(apprenticeship), guardian=None)
        apply_for(applicant, public_vacancy(apprenticeship))
        people = [(robin.email, "Quennell", robin.date_of_birth), (applicant.email, "Oakhampton",
                                                                   applicant.date_of_birth)]
        guardians = [a.guardian_email for a in db.session.execute(select(Application)).scalars()]
        owner = make_member(db.session.execute(select(Membership)).scalars().first().organisation, "owner",
                            "owner@fordington.example")
        make_member(owner.organisation, "staff", "staff@fordington.example")
        provider_emails = ["rec@fordington.example", "owner@fordington.example", "staff@fordington.example"]
    recruiter = signed_in(app, "rec@fordington.example")
    shortlist = parse(recruiter.get(f"/shortlists/{apprenticeship}"))
    applications = [a["href"].rsplit("/", 1)[1] for a in shortlist.select('a[href^="/shortlists/applications/"]')]
    assert len(set(applications)) == 2
    with app.app_context():  # a day-4 digest to the recruiters about applications waiting
        clock.freeze(clock.now() + timedelta(days=4))
        try:
            from outreach.jobs.runner import run_job

            run_job("recruiter_digest")
        finally:
            clock.freeze(None)
    for public_id in set(applications):  # the stages where the guardian is told, and a note
        for stage in ("invited_to_interview", "offered"):
            recruiter.post(f"/shortlists/applications/{public_id}/stage", data={"to_stage": stage})
        recruiter.post(f"/shortlists/applications/{public_id}/questionnaire-invite")
    seen = {}
    for email in provider_emails:
        client = signed_in(app, email)
        pages = _crawl(client)
        for sort in ("score", "distance", "values", "availability", "newest", "oldest"):
            for path in (f"/shortlists/{apprenticeship}?sort={sort}&max_km=1",
                         f"/shortlists/{apprenticeship}/export.csv?sort={sort}"):
                response = client.get(path)
                if response.status_code == 200:
                    pages[path] = response.get_data(as_text=True)
        seen.update({f"{email} {path}": body for path, body in pages.items()})
    assert any("/export.csv" in key for key in seen) and any("/shortlists/applications/" in key for key in seen)
    assert sum("Robin" in body for body in seen.values()) >= 3 and any("16 to 17" in body for body in seen.values())
    with app.app_context():
        mail = db.session.execute(select(OutboxMessage).where(OutboxMessage.to_address.in_(provider_emails))).scalars()
        for message in mail:
            seen[f"email to {message.to_address}: {message.subject}"] = " ".join(
                (message.subject or "", message.body_text or "", message.body_html or ""))
    assert any(key.startswith("email to") for key in seen)
    distance = re.compile(r"\d+(?:\.\d+)?\s*km\b|Under 1 km|Less than 1 km")
    for email, surname, born in people:
        forbidden = [surname, email, email.split("@")[0], "DT2 7", born.isoformat(), born.strftime("%-d %B %Y"),
                     born.strftime("%d/%m/%Y"), born.strftime("%-d %b %Y"), *guardians]
        for where, body in seen.items():
            plain = unescape(body)
            for value in forbidden:
                assert value.lower() not in plain.lower(), f"{value!r} reached the provider: {where}"
            if "Robin" in plain or "Sam" in plain:  # only under-18s applied, so no figure here may be a distance
                assert not distance.search(plain), f"a distance reached the provider: {where}"
    nearby = text(section(parse(recruiter.get(f"/shortlists/{apprenticeship}")), "nearby"))
    assert "Robin" not in nearby and "Sam" not in nearby
