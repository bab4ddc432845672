"""Dashboards show what needs doing, as counts that link to where it is done; people counts
respect the organisation's status."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from outreach import clock
from outreach.extensions import db
from tests.applications.factories import apply_for, make_applicant
from tests.factories import make_organisation, make_user, sign_in
from tests.tasters.factories import book, make_provider, make_taster, make_visitor
from tests.vacancies.factories import make_vacancy


def todo_items(page: str) -> dict[str, str]:
    panel = re.search(r'<section class="panel" aria-labelledby="todo-heading">.*?</section>', page, re.S)
    assert panel, "no to-do panel"
    return {text: href for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', panel.group(0))}


def busy_provider():
    organisation, recruiter = make_provider()
    taster = make_taster(organisation, recruiter)
    book(make_visitor(15, "maya@pupil.example"), taster.sessions[0])
    make_taster(organisation, recruiter, title="Insight morning", status="pending")
    vacancy = make_vacancy(organisation, recruiter)
    apply_for(make_applicant("new@applicant.example"), vacancy)
    hired = apply_for(make_applicant("hired@applicant.example", first_name="Ellie"), vacancy)
    hired.stage, hired.hired_at = "hired", clock.now() - timedelta(days=100)
    db.session.commit()
    return organisation


def test_provider_dashboard_lists_what_needs_doing_with_links(app, client):
    with app.test_request_context():
        busy_provider()
    sign_in(client, "recruiter@fordingtonhouse.example")
    items = todo_items(client.get("/dashboard").get_data(as_text=True))
    assert items == {
        "1 taster waiting for approval by CareWays": "/tasters/manage/",
        "1 taster sign-up to accept": "/tasters/manage/",
        "1 new application to look at": "/vacancies/manage/",
        "1 hire check due": "/providers/hires",
    }
    for href in set(items.values()):
        assert client.get(href).status_code == 200


@pytest.mark.parametrize("status", ["suspended", "pending"])
def test_suspended_or_pending_provider_sees_no_people_counts(app, client, status):
    with app.test_request_context():
        organisation = busy_provider()
        organisation.status = status
        db.session.commit()
    sign_in(client, "recruiter@fordingtonhouse.example")
    page = client.get("/dashboard").get_data(as_text=True)
    assert todo_items(page) == {"1 taster waiting for approval by CareWays": "/tasters/manage/"}
    assert "sign-up to accept" not in page and "hire check" not in page and "application to look at" not in page


def test_staff_members_get_no_to_do_panel(app, client):
    with app.test_request_context():
        organisation = busy_provider()
        from tests.factories import make_member
        make_member(organisation, "staff", "staff@fordingtonhouse.example")
    sign_in(client, "staff@fordingtonhouse.example")
    assert 'aria-labelledby="todo-heading"' not in client.get("/dashboard").get_data(as_text=True)


def test_admin_dashboard_counts_everything_waiting_for_approval(app, client):
    with app.test_request_context():
        make_organisation("New Home", status="pending")
        make_organisation("Another Home", status="pending")
        organisation, recruiter = make_provider()
        make_taster(organisation, recruiter, status="pending")
        make_user("admin", "boss@careways.example")
    sign_in(client, "boss@careways.example")
    items = todo_items(client.get("/dashboard").get_data(as_text=True))
    assert items == {"2 organisations waiting for approval": "/admin/organisations?status=pending",
                     "1 taster waiting for approval": "/admin/tasters",
                     "0 vacancies waiting for approval": "/admin/vacancies",
                     "0 job titles to review": "/admin/titles/"}
