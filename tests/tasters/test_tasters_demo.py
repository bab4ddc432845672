"""Demo tasters load idempotently for the demo providers, with future sessions."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from outreach import clock
from outreach.demo_data.accounts import load
from outreach.demo_data.tasters import load_demo_tasters
from outreach.extensions import db
from outreach.models.opportunities import Opportunity, TasterSession


def test_demo_tasters_load_once_are_public_and_have_future_sessions(app, client):
    with app.test_request_context():
        load()
        first = load_demo_tasters()
        assert first["tasters"] == 4 and first["sessions"] >= 4
        assert load_demo_tasters() == {"tasters": 0, "sessions": 0}
        tasters = db.session.execute(select(Opportunity)).scalars().all()
        assert {t.kind for t in tasters} == {"buddy", "volunteer", "insight", "virtual"}
        assert all(t.is_public and t.risk_assessment is not None for t in tasters)
        assert all(s.starts_at > clock.now() for t in tasters for s in t.sessions)
        # Weeks later, a re-run tops up sessions for tasters whose dates have passed.
        clock.freeze(clock.now() + timedelta(days=60))
        topped_up = load_demo_tasters()
        assert topped_up["tasters"] == 0 and topped_up["sessions"] == first["sessions"]
        assert db.session.execute(select(func.count()).select_from(Opportunity)).scalar() == 4
        assert db.session.execute(select(func.count()).select_from(TasterSession)).scalar() == 2 * first["sessions"]
        clock.freeze(clock.now() - timedelta(days=60))
    html = client.get("/tasters/?postcode=DT1+1HR&radius=50").get_data(as_text=True)
    assert "Buddy shift with our activities team" in html and "Volunteer at our Friday tea afternoon" in html
    assert "Virtual insight: a day in home care" in html


def test_demo_tasters_without_demo_providers_do_nothing(app):
    with app.app_context():
        assert load_demo_tasters() == {"tasters": 0, "sessions": 0}


def test_published_tasters_are_offered_to_the_referrals_feature(app):
    from outreach.opportunities import openings
    from tests.tasters.factories import make_provider, make_taster

    with app.test_request_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter)
        make_taster(organisation, recruiter, status="draft", title="Not yet")
        assert [(o.kind, o.title) for o in openings.open_for(organisation) if o.kind == "taster"] == [
            ("taster", "Buddy shift in the lounge")]
        found = openings.find(organisation, "taster", taster.public_id)
        assert found is not None and found.url == f"/tasters/{taster.public_id}"
        assert openings.find(organisation, "taster", "nope") is None
