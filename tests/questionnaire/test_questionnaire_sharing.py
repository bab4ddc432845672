"""Who may see a values profile: only providers the person shared with (or applied to)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models.audit import AuditEvent
from outreach.models.questionnaires import ValuesShare
from outreach.questionnaire import sharing
from tests.factories import make_member, make_organisation, make_user, sign_in
from tests.questionnaire.factories import complete_questionnaire


@pytest.fixture
def world(app):
    """An applicant with a finished questionnaire, providers A and B with recruiters, and a pupil."""
    with app.app_context():
        org_a = make_organisation("Fordington House")
        org_b = make_organisation("Trent Valley Home Care", postcode="ST16 2AB")
        make_member(org_a, "recruiter", "rec-a@example.com")
        make_member(org_a, "staff", "staff-a@example.com")
        make_member(org_b, "recruiter", "rec-b@example.com")
        applicant = make_user("applicant", "sam@example.com", first_name="Sam")
        pupil = make_user("pupil", "pip@example.com", first_name="Pip", age=15)
        complete_questionnaire(applicant)
        complete_questionnaire(pupil)
        ids = {"org_a": org_a.public_id, "org_b": org_b.public_id, "applicant": applicant.public_id,
               "pupil": pupil.public_id}
    return ids


def _client(app, email):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def _profile_url(user_public_id):
    return f"/providers/candidates/{user_public_id}/values"


def _objects(app, ids):
    from outreach.models.accounts import User
    from outreach.models.organisations import Organisation

    org = {k: db.session.execute(select(Organisation).where(Organisation.public_id == ids[k])).scalar_one()
           for k in ("org_a", "org_b")}
    users = {k: db.session.execute(select(User).where(User.public_id == ids[k])).scalar_one()
             for k in ("applicant", "pupil")}
    return org, users


def test_nothing_is_visible_until_the_person_shares(app, world):
    with app.app_context():
        org, users = _objects(app, world)
        assert sharing.visible_profile(org["org_a"], users["applicant"]) is None
    assert _client(app, "rec-a@example.com").get(_profile_url(world["applicant"])).status_code == 404


def test_sharing_shows_the_profile_to_that_provider_only_and_never_contact_details(app, world):
    sam = _client(app, "sam@example.com")
    shared = sam.post("/questionnaire/sharing/share", data={"organisation": world["org_a"]}, follow_redirects=True)
    assert "Fordington House can now see your values profile" in shared.get_data(as_text=True)

    page = _client(app, "rec-a@example.com").get(_profile_url(world["applicant"]))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Sam: values profile" in html
    assert html.count('<meter class="score-meter"') == 8
    assert "sam@example.com" not in html and "Tester" not in html and "DT1" not in html
    assert "has not shared their answer to each question" in html
    assert _client(app, "rec-b@example.com").get(_profile_url(world["applicant"])).status_code == 404
    assert _client(app, "staff-a@example.com").get(_profile_url(world["applicant"])).status_code == 403
    assert _client(app, "rec-a@example.com").get(_profile_url("no-such-person")).status_code == 404
    listing = _client(app, "rec-a@example.com").get("/providers/shared-values").get_data(as_text=True)
    assert "Sam" in listing
    assert "Sam" not in _client(app, "rec-b@example.com").get("/providers/shared-values").get_data(as_text=True)


def test_raw_answers_only_with_consent(app, world):
    with app.app_context():
        org, users = _objects(app, world)
        sharing.share(users["applicant"], world["org_a"], include_raw_answers=False)
        assert sharing.visible_profile(org["org_a"], users["applicant"]).answers is None
        best_text = "Cover Mrs Okafor with a towel"
    recruiter = _client(app, "rec-a@example.com")
    assert best_text not in recruiter.get(_profile_url(world["applicant"])).get_data(as_text=True)

    sam = _client(app, "sam@example.com")
    sam.post("/questionnaire/sharing/share", data={"organisation": world["org_a"], "include_raw_answers": "y"})
    html = recruiter.get(_profile_url(world["applicant"])).get_data(as_text=True)
    assert "Sam's answers" in html and best_text in html
    with app.app_context():
        assert len(db.session.execute(select(ValuesShare)).scalars().all()) == 1  # updated, not duplicated
        org, users = _objects(app, world)
        assert len(sharing.visible_profile(org["org_a"], users["applicant"]).answers) == 36


def test_revoking_hides_the_profile_and_only_the_owner_can_revoke(app, world):
    with app.app_context():
        org, users = _objects(app, world)
        share_id = sharing.share(users["applicant"], world["org_a"], include_raw_answers=True).public_id
    pip = _client(app, "pip@example.com")
    assert pip.post(f"/questionnaire/sharing/{share_id}/revoke").status_code == 404
    recruiter = _client(app, "rec-a@example.com")
    assert recruiter.get(_profile_url(world["applicant"])).status_code == 200
    sam = _client(app, "sam@example.com")
    page = sam.get("/questionnaire/sharing").get_data(as_text=True)
    assert "Fordington House" in page and "Stop sharing" in page
    revoked = sam.post(f"/questionnaire/sharing/{share_id}/revoke", follow_redirects=True)
    assert "You have stopped sharing with Fordington House" in revoked.get_data(as_text=True)
    assert recruiter.get(_profile_url(world["applicant"])).status_code == 404
    assert "You are not sharing your values profile" in sam.get("/questionnaire/sharing").get_data(as_text=True)


def test_applying_lets_that_provider_see_the_profile_but_not_the_answers(app, world, monkeypatch):
    monkeypatch.setattr(sharing, "has_applied", lambda organisation, user: organisation.name == "Fordington House")
    with app.app_context():
        org, users = _objects(app, world)
        profile = sharing.visible_profile(org["org_a"], users["applicant"])
        assert profile is not None and profile.via == "applied" and profile.answers is None
        assert sharing.visible_profile(org["org_b"], users["applicant"]) is None
    assert "applied to Fordington House" in _client(app, "rec-a@example.com").get(
        _profile_url(world["applicant"])).get_data(as_text=True)


def test_has_applied_says_no_without_an_application(app, world):
    with app.app_context():
        org, users = _objects(app, world)
        assert sharing.has_applied(org["org_a"], users["applicant"]) is False
        assert sharing.visible_profile(org["org_a"], users["applicant"]) is None


def test_only_approved_providers_can_be_shared_with_or_see(app, world):
    with app.app_context():
        pending = make_organisation("Not Yet Approved", status="pending")
        school = make_organisation("A School", kind="school", postcode="DT1 2EH")
        pending_id, school_id = pending.public_id, school.public_id
        org, users = _objects(app, world)
        sharing.share(users["applicant"], world["org_a"], include_raw_answers=False)
    sam = _client(app, "sam@example.com")
    for target in (pending_id, school_id, "nonsense"):
        refused = sam.post("/questionnaire/sharing/share", data={"organisation": target}, follow_redirects=True)
        assert "Choose a care provider from the list" in refused.get_data(as_text=True)
        assert sam.get(f"/questionnaire/sharing/providers/{target}").status_code == 404
    listing = sam.get("/questionnaire/sharing").get_data(as_text=True)
    assert "Not Yet Approved" not in listing and "A School" not in listing and "Trent Valley" in listing
    with app.app_context():
        org, users = _objects(app, world)
        org["org_a"].status = "suspended"
        db.session.commit()
        assert sharing.visible_profile(org["org_a"], users["applicant"]) is None


def test_every_view_of_a_minors_profile_is_audited(app, world):
    pip = _client(app, "pip@example.com")
    pip.post("/questionnaire/sharing/share", data={"organisation": world["org_a"]})
    recruiter = _client(app, "rec-a@example.com")
    for _ in range(2):
        html = recruiter.get(_profile_url(world["pupil"])).get_data(as_text=True)
        assert "Pip: values profile" in html and "pip@example.com" not in html
    with app.app_context():
        events = db.session.execute(select(AuditEvent).where(AuditEvent.action == "questionnaire.profile_viewed")
                                    ).scalars().all()
        assert len(events) == 2
        assert all(e.subject_id == world["pupil"] and e.detail["minor"] is True for e in events)
        assert all(e.detail["organisation"] == world["org_a"] for e in events)
    assert _client(app, "rec-b@example.com").get(_profile_url(world["pupil"])).status_code == 404


def test_a_share_without_a_finished_questionnaire_shows_nothing_yet(app):
    with app.app_context():
        org = make_organisation("Fordington House")
        make_member(org, "recruiter", "rec@example.com")
        newcomer = make_user("applicant", "new@example.com")
        sharing.share(newcomer, org.public_id, include_raw_answers=True)
        newcomer_id, org_id = newcomer.public_id, org.public_id
    sam = _client(app, "new@example.com")
    page = sam.get(f"/questionnaire/sharing/providers/{org_id}").get_data(as_text=True)
    assert "You already share your profile with Fordington House" in page
    assert "You have not finished the questionnaire yet" in page
    assert _client(app, "rec@example.com").get(_profile_url(newcomer_id)).status_code == 404


def test_searching_for_a_provider(app, world):
    with app.app_context():
        for n in range(12):
            make_organisation(f"Oak Lodge {n:02d}")
    sam = _client(app, "sam@example.com")
    page = sam.get("/questionnaire/sharing?q=oak").get_data(as_text=True)
    assert "Oak Lodge 00" in page and "Fordington" not in page and "Page 1 of 2" in page
    assert "Oak Lodge 11" in sam.get("/questionnaire/sharing?q=oak&page=2").get_data(as_text=True)
    assert "Trent Valley" in sam.get("/questionnaire/sharing?q=ST16").get_data(as_text=True)
    nothing = sam.get("/questionnaire/sharing?q=%25_%5C").get_data(as_text=True)  # %, _ and \ are literal
    assert "No approved care providers match" in nothing
