"""Migrations keep existing rows: a table rebuilt on SQLite (batch mode) must not take its children
with it. Runs on the shared test database and leaves it at the head revision."""
from __future__ import annotations

from sqlalchemy import MetaData, Table, func, insert, select

from outreach import clock
from outreach.extensions import db
from outreach.models.referrals import LeadStageChange, PointsEntry
from tests.conftest import ROOT
from tests.factories import make_member, make_organisation


def _counts():
    return (db.session.execute(select(func.count()).select_from(LeadStageChange)).scalar(),
            db.session.execute(select(func.count()).select_from(PointsEntry)).scalar())


def test_0009_keeps_leads_history_and_points_both_ways(app):
    from flask_migrate import downgrade, upgrade

    directory = str(ROOT / "migrations")
    with app.app_context():
        try:
            downgrade(directory=directory, revision="0008")
            db.session.remove()
            organisation = make_organisation()
            staff = make_member(organisation, role="staff")
            leads = Table("leads", MetaData(), autoload_with=db.session.connection())  # as it was at 0008
            assert "application_id" not in leads.c
            now = clock.now()
            lead_id = db.session.execute(insert(leads).values(
                public_id="lead-0009", organisation_id=organisation.id, referrer_id=staff.id, source="link",
                friend_name="Priya Shah", stage="hired", stage_changed_at=now, new_to_care=True, hired_at=now,
                created_at=now)).inserted_primary_key[0]
            db.session.add_all([LeadStageChange(lead_id=lead_id, from_stage="new", to_stage="hired", at=now),
                                PointsEntry(organisation_id=organisation.id, user_id=staff.id, lead_id=lead_id,
                                            points=100, reason="stage:hired", created_at=now)])
            db.session.commit()
            db.session.remove()
            for _ in range(2):  # up, down and up again
                upgrade(directory=directory)
                db.session.remove()
                assert _counts() == (1, 1)
                row = db.session.execute(select(Table("leads", MetaData(),
                                                      autoload_with=db.session.connection()))).one()
                assert row.friend_name == "Priya Shah" and row.application_id is None
                db.session.remove()
                downgrade(directory=directory, revision="0008")
                db.session.remove()
                assert _counts() == (1, 1)
                db.session.remove()
        finally:
            db.session.remove()
            upgrade(directory=directory)
            db.session.remove()
