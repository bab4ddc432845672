"""Moving a taster that people are booked on: the move is audited (districts only) and every
visitor, and the parent or guardian of each under-18, is emailed the old and the new place."""
from __future__ import annotations

from sqlalchemy import select

from outreach.extensions import db
from outreach.models.audit import AuditEvent
from tests.factories import sign_in
from tests.tasters.factories import book, make_provider, make_taster, make_visitor, outbox
from tests.tasters.test_tasters_posting import taster_form


def _moves():
    return db.session.execute(select(AuditEvent).where(AuditEvent.action == "taster.moved")).scalars().all()


def test_moving_a_taster_is_audited_and_everyone_booked_and_each_guardian_is_told(app, client):
    with app.app_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter)
        session = taster.sessions[0]
        book(make_visitor(15, "pupil@x.example"), session, guardian_email="parent@x.example")
        book(make_visitor(20, "adult@x.example"), session)
        taster_id, recruiter_email, recruiter_id = taster.public_id, recruiter.email, recruiter.id
    sign_in(client, recruiter_email)
    edit = f"/tasters/manage/{taster_id}/edit"
    assert client.post(edit, data=taster_form(postcode="DT4 7AA")).status_code == 302
    assert client.post(edit, data=taster_form(postcode="DT4 7AA")).status_code == 302  # a double click
    assert client.post(edit, data=taster_form(postcode="DT4 7AA", title="A new title")).status_code == 302
    with app.app_context():
        [move] = _moves()
        assert move.actor_id == recruiter_id and move.subject_id == taster_id
        assert move.detail == {"old_district": "DT1", "new_district": "DT4", "told": 2}
        for address in ("pupil@x.example", "adult@x.example", "parent@x.example"):
            [message] = outbox(address, "taster_place_changed")
            assert "DT1 1HR" in message.body_text and "DT4 7AA" in message.body_text, address
            assert "DT4 7AA" in message.body_html
        [guardian] = outbox("parent@x.example", "taster_place_changed")
        assert "Alex" in guardian.body_text and "cancel" not in guardian.body_text.lower()
        assert outbox("pupil@x.example", "taster_place_changed")[0].subject.startswith("New place")


def test_moving_a_taster_nobody_is_booked_on_is_still_audited_and_emails_nobody(app):
    with app.test_request_context():
        from outreach.tasters import posting

        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter, postcode="DT1 1HR")
        details = posting.TasterDetails(kind="virtual", title=taster.title, description=taster.description,
                                        min_age=14, will_do="Chat", will_not_do="No care")
        posting.update(taster, recruiter, details)
        [move] = _moves()
        assert move.detail == {"old_district": "DT1", "new_district": "online", "told": 0}
        from outreach.models.outbox import OutboxMessage

        assert not db.session.execute(select(OutboxMessage).where(
            OutboxMessage.template == "taster_place_changed")).first()
