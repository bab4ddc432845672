"""Posting jobs and apprenticeships: the form, role search, pay warnings, approval and closing."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.opportunities import Opportunity
from outreach.models.vacancies import VacancyDetails
from outreach.vacancies import pay, questions, service
from outreach.vacancies.errors import VacancyError
from tests.factories import make_member, make_organisation, make_user, sign_in
from tests.vacancies.factories import make_vacancy

CLOSES = (date.today() + timedelta(days=40)).isoformat()


def form(**changes) -> dict:
    data = {
        "kind": "job", "role_slug": "care-worker", "title": "Care assistant, nights",
        "description": "Help residents settle for the night, answer calls and keep everyone safe and comfortable.",
        "postcode": "DT1 1HR", "min_age": "18", "hours_per_week": "36", "shift_pattern": "Three nights a week",
        "shift_slots": ["0-night", "3-night", "5-evening"], "pay_type": "hourly", "pay_amount": "13.10",
        "pay_age_band": "21_plus", "closing_date": CLOSES, "motivation_questions": ["why_care", "reliability"],
        "value_dignity_respect": "5", "value_reliability": "4",
    }
    data.update(changes)
    return data


@pytest.fixture
def recruiter(app):
    with app.app_context():
        organisation = make_organisation("Fordington House")
        make_member(organisation, "recruiter", "rec@fordington.example")
        make_user("admin", "admin@careways.example")
    client = app.test_client()
    sign_in(client, "rec@fordington.example")
    return client


def vacancy_by_title(title: str) -> Opportunity:
    return db.session.execute(select(Opportunity).where(Opportunity.title == title)).scalar_one()


def test_first_vacancy_waits_for_an_admin_then_later_ones_publish_directly(app, recruiter, smtp):
    response = recruiter.post("/vacancies/manage/new", data=form())
    assert response.status_code == 302
    with app.app_context():
        first = vacancy_by_title("Care assistant, nights")
        details = service.details_of(first)
        assert first.status == "draft" and first.kind == "job" and details.pay_pence == 1310
        assert details.shift_slots == [[0, "night"], [3, "night"], [5, "evening"]]
        assert first.desired_values == {"dignity_respect": 5, "reliability": 4}
        first_id = first.public_id
    recruiter.post(f"/vacancies/manage/{first_id}/submit")
    assert app.test_client().get(f"/vacancies/{first_id}").status_code == 404  # pending is not public
    admin = app.test_client()
    sign_in(admin, "admin@careways.example")
    assert "Care assistant, nights" in admin.get("/admin/vacancies").get_data(as_text=True)
    assert admin.post(f"/admin/vacancies/{first_id}", data={"decision": "approve"}).status_code == 302
    public = app.test_client().get(f"/vacancies/{first_id}").get_data(as_text=True)
    assert "£13.10 an hour" in public and "Why would you like to work in care?" in public
    recruiter.post("/vacancies/manage/new", data=form(title="Care assistant, days"))
    with app.app_context():
        second = vacancy_by_title("Care assistant, days")
        second_id = second.public_id
    recruiter.post(f"/vacancies/manage/{second_id}/submit")
    with app.app_context():
        assert vacancy_by_title("Care assistant, days").status == "published"
        from outreach.jobs.runner import run_job

        run_job("send_outbox")
    assert any("Your vacancy is published" in m["Subject"] for m in smtp.messages)


def test_an_admin_can_send_a_vacancy_back_with_a_note(app, recruiter):
    recruiter.post("/vacancies/manage/new", data=form())
    with app.app_context():
        vacancy_id = vacancy_by_title("Care assistant, nights").public_id
    recruiter.post(f"/vacancies/manage/{vacancy_id}/submit")
    admin = app.test_client()
    sign_in(admin, "admin@careways.example")
    missing = admin.post(f"/admin/vacancies/{vacancy_id}", data={"decision": "send_back"})
    assert missing.status_code == 200 and "Say what the provider needs to change" in missing.get_data(as_text=True)
    admin.post(f"/admin/vacancies/{vacancy_id}", data={"decision": "send_back", "note": "Add the shift times"})
    page = recruiter.get(f"/vacancies/manage/{vacancy_id}").get_data(as_text=True)
    assert "Add the shift times" in page


def test_apprenticeships_need_their_training_details(app, recruiter):
    response = recruiter.post("/vacancies/manage/new", data=form(kind="apprenticeship", min_age="16"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter the apprenticeship standard" in html
    assert 'value="Care assistant, nights"' in html  # input kept
    ok = recruiter.post("/vacancies/manage/new", data=form(
        kind="apprenticeship", min_age="16", apprenticeship_standard="Adult Care Worker", apprenticeship_level="2",
        apprenticeship_months="12", training_provider="Kingston Maurward College", pay_amount="8.00"))
    assert ok.status_code == 302
    with app.app_context():
        details = service.details_of(vacancy_by_title("Care assistant, nights"))
        assert (details.pay_age_band, details.apprenticeship_level, details.apprenticeship_months) == (
            "apprentice", 2, 12)


@pytest.mark.parametrize("changes, field_message", [
    ({"pay_amount": "twelve pounds"}, "Enter the pay as an amount in pounds"),
    ({"hours_per_week": "0"}, "Enter the hours a week, from 1 to 60"),
    ({"motivation_questions": ["why_care"]}, "Choose 2 or 3 questions"),
    ({"motivation_questions": ["why_care", "why_us", "dignity", "learning"]}, "Choose 2 or 3 questions"),
    ({"closing_date": "2020-01-01"}, "The closing date must be today or later"),
    ({"closing_date": "31/12/2026"}, "Enter a real date"),
    ({"role_slug": "astronaut"}, "Choose the role"),
    ({"postcode": "ZZ99 9ZZ"}, "We could not find that postcode"),
    ({"value_teamwork": "9"}, "Choose how important this value is, from 0 to 5"),
])
def test_bad_input_is_explained_beside_the_field_and_kept(app, recruiter, changes, field_message):
    response = recruiter.post("/vacancies/manage/new", data=form(**changes))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field_message in html and "There is a problem" in html
    assert "Help residents settle for the night" in html
    with app.app_context():
        assert db.session.execute(select(VacancyDetails)).first() is None


def test_the_role_is_found_with_a_typo_tolerant_search(app, recruiter):
    response = recruiter.post("/vacancies/manage/new",
                              data=form(role_query="senoir carer", role_slug="", find_role="1"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="senior-care-worker" checked' in html
    assert "There is a problem" not in html  # searching is not saving
    nothing = recruiter.post("/vacancies/manage/new", data=form(role_query="astronaut pilot", find_role="1"))
    assert "No role matched" in nothing.get_data(as_text=True)


@pytest.mark.parametrize("pay_type, pence, hours, band, short", [
    ("hourly", 1271, 37.5, "21_plus", False),
    ("hourly", 1270, 37.5, "21_plus", True),
    ("hourly", 1100, 37.5, "18_20", False),
    ("hourly", 1000, 37.5, "18_20", True),
    ("hourly", 800, 30, "under_18", False),
    ("hourly", 800, 30, "apprentice", False),
    ("hourly", 750, 30, "apprentice", True),
    ("annual", 2_478_450, 37.5, "21_plus", False),  # £24,784.50 / (37.5 x 52) = £12.71
    ("annual", 2_000_000, 37.5, "21_plus", True),  # about £10.26 an hour
    ("annual", 2_000_000, 30, "21_plus", False),  # about £12.82 an hour
])
def test_pay_below_the_legal_minimum_is_a_shortfall(pay_type, pence, hours, band, short):
    found = pay.shortfall(pay_type, pence, hours, band, date(2026, 6, 1))
    assert (found is not None) is short
    if short:
        assert "below the legal minimum" in found.message and "1 April 2026" in found.message
        assert "((" not in found.message and "))" not in found.message


def test_the_rates_table_is_dated_and_sourced():
    assert pay.rates_on(date(2026, 4, 1)).pence["21_plus"] == 1271
    assert pay.rates_on(date(2026, 3, 31)).pence["21_plus"] == 1221
    assert pay.rates_on(date(2025, 1, 1)).pence["18_20"] == 860
    assert all(row.source and row.source_url.startswith("https://") for row in pay.table())


def test_the_rates_agree_with_the_checked_facts():
    """Facts sheet 2b: 2026 rates £12.71, £10.85, £8.00, £8.00; 2025 rates £12.21, £10.00, £7.55."""
    assert pay.rates_on(date(2026, 4, 1)).pence == {"21_plus": 1271, "18_20": 1085, "under_18": 800,
                                                    "apprentice": 800}
    assert pay.rates_on(date(2025, 4, 1)).pence == {"21_plus": 1221, "18_20": 1000, "under_18": 755,
                                                    "apprentice": 755}


def test_a_person_is_below_minimum_by_their_own_age():
    on = date(2026, 6, 1)
    assert pay.below_for_person("job", "hourly", 1150, 37.5, 30, on)
    assert not pay.below_for_person("job", "hourly", 1150, 37.5, 19, on)
    assert pay.below_for_person("job", "hourly", 1150, 37.5, 21, on)
    assert not pay.below_for_person("apprenticeship", "hourly", 800, 37.5, 40, on)  # first-year apprentice rate
    assert pay.below_for_person("job", "hourly", 1250, 37.5, 30, on)
    assert not pay.below_for_person("job", "hourly", 1250, 37.5, 30, date(2026, 3, 31))  # old rates


def field_errors(html: str) -> list[str]:
    return re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', html, flags=re.S)


def test_low_pay_is_refused_with_one_message_beside_the_pay_field(app, recruiter):
    response = recruiter.post("/vacancies/manage/new", data=form(pay_type="annual", pay_amount="£20,000"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    errors = field_errors(html)
    assert len(errors) == 1 and "£20,000 a year for 36 hours a week works out at £10.68 an hour" in errors[0]
    assert "below the legal minimum of £12.71 an hour for people aged 21 and over" in errors[0]
    assert "Pay at least £23,794 a year" in errors[0]
    assert 'id="pay_amount"' in html and 'value="£20,000"' in html  # kept as typed
    assert "((" not in html and "You can still save it" not in html
    with app.app_context():
        assert db.session.execute(select(VacancyDetails)).first() is None


@pytest.mark.parametrize("changes, message", [
    ({"pay_amount": "11.50"}, "£11.50 an hour is below the legal minimum of £12.71"),
    ({"pay_amount": "10.00", "pay_age_band": "18_20"}, "for people aged 18 to 20"),
    ({"pay_amount": "8.00", "pay_age_band": "under_18"}, "choose a pay rate for people aged 18 or over"),
    ({"kind": "apprenticeship", "apprenticeship_standard": "Adult Care Worker", "apprenticeship_level": "2",
      "apprenticeship_months": "12", "training_provider": "Kingston Maurward College", "pay_amount": "7.99"},
     "below the legal minimum of £8.00 an hour for apprentices"),
])
def test_pay_below_the_minimum_for_its_group_cannot_be_saved(app, recruiter, changes, message):
    response = recruiter.post("/vacancies/manage/new", data=form(**changes))
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response.get_data(as_text=True)))
    with app.app_context():
        assert db.session.execute(select(VacancyDetails)).first() is None


def test_youth_rates_are_legal_for_the_group_they_are_for(app, recruiter):
    response = recruiter.post("/vacancies/manage/new", data=form(pay_amount="11.00", pay_age_band="18_20"))
    assert response.status_code == 302
    manage = recruiter.get(response.headers["Location"]).get_data(as_text=True)
    assert "below the legal minimum" not in manage


def test_a_draft_that_falls_below_new_rates_cannot_be_published_or_approved(app, recruiter):
    clock.freeze(datetime(2026, 3, 20, 10, tzinfo=timezone.utc))
    with app.app_context():
        organisation = make_organisation("Old Rates Care")
        details = make_vacancy(organisation, status="draft", pay_pence=1250,
                               closing_date=date(2026, 5, 30), title="Care assistant, old rates")
        public_id = details.opportunity.public_id
        assert service.pay_problem(details) is None
        clock.freeze(datetime(2026, 4, 2, 10, tzinfo=timezone.utc))
        assert "£12.50 an hour is below the legal minimum of £12.71" in service.pay_problem(details)
        with pytest.raises(service.NotAllowed, match="Edit the pay before publishing"):
            service.submit(details.opportunity, db.session.get(User, details.opportunity.created_by_id))
        db.session.rollback()
        details.opportunity.status = "pending"
        db.session.commit()
        admin = db.session.execute(select(User).where(User.account_type == "admin")).scalars().first()
        with pytest.raises(VacancyError, match="cannot be approved"):
            service.review(details.opportunity, admin, "approve", None)
        db.session.rollback()
        assert details.opportunity.status == "pending"
    assert public_id


def test_the_manage_page_shows_the_pay_problem_once_and_no_publish_button(app, recruiter):
    clock.freeze(datetime(2026, 3, 20, 10, tzinfo=timezone.utc))
    recruiter.post("/vacancies/manage/new", data=form(pay_amount="12.50", closing_date="2026-05-30"))
    with app.app_context():
        public_id = vacancy_by_title("Care assistant, nights").public_id
    clock.freeze(datetime(2026, 4, 2, 10, tzinfo=timezone.utc))
    html = recruiter.get(f"/vacancies/manage/{public_id}").get_data(as_text=True)
    assert html.count("is below the legal minimum of £12.71") == 1
    assert "Publish or send for approval</button>" not in html and "Change the pay" in html
    edit = recruiter.get(f"/vacancies/manage/{public_id}/edit").get_data(as_text=True)
    assert any("below the legal minimum" in error for error in field_errors(edit))
    refused = recruiter.post(f"/vacancies/manage/{public_id}/submit", follow_redirects=True)
    with app.app_context():
        assert vacancy_by_title("Care assistant, nights").status == "draft"
    assert refused.status_code == 200


def test_question_bank_has_plain_questions():
    bank = questions.bank()
    assert 8 <= len(bank) <= 12
    assert all(q.text.endswith("?") or q.text.endswith(".") for q in bank)


def test_vacancies_stop_being_public_when_closed_or_past_the_closing_date(app):
    with app.app_context():
        organisation = make_organisation()
        open_one = make_vacancy(organisation).opportunity.public_id
        closing = make_vacancy(organisation, closing_date=clock.today_uk()).opportunity.public_id
        pending_org = make_organisation("Not yet approved", status="pending")
        unapproved = make_vacancy(pending_org).opportunity.public_id
    client = app.test_client()
    assert client.get(f"/vacancies/{open_one}").status_code == 200
    assert client.get(f"/vacancies/{closing}").status_code == 200
    assert client.get(f"/vacancies/{unapproved}").status_code == 404
    clock.freeze(clock.now() + timedelta(days=2))
    assert client.get(f"/vacancies/{closing}").status_code == 404
    with app.app_context():
        from outreach.jobs.runner import run_job

        run_job("close_vacancies")
        run_job("close_vacancies")  # twice is harmless
        statuses = dict(db.session.execute(select(Opportunity.public_id, Opportunity.status)).all())
    assert statuses[closing] == "closed" and statuses[open_one] == "published"


def test_another_provider_cannot_touch_a_vacancy_by_changing_the_id(app):
    with app.app_context():
        organisation = make_organisation("Provider A")
        vacancy = make_vacancy(organisation).opportunity.public_id
        other = make_organisation("Provider B", postcode="ST16 2AB")
        make_member(other, "recruiter", "rec@b.example")
    client = app.test_client()
    sign_in(client, "rec@b.example")
    assert client.get(f"/vacancies/manage/{vacancy}").status_code == 404
    assert client.get(f"/vacancies/manage/{vacancy}/edit").status_code == 404
    assert client.post(f"/vacancies/manage/{vacancy}/edit", data=form(title="Hijacked")).status_code == 404
    assert client.post(f"/vacancies/manage/{vacancy}/close").status_code == 404
    with app.app_context():
        found = db.session.execute(select(Opportunity).where(Opportunity.public_id == vacancy)).scalar_one()
        assert found.status == "published" and found.title != "Hijacked"


def test_staff_see_vacancies_but_cannot_post(app):
    with app.app_context():
        organisation = make_organisation()
        make_vacancy(organisation, title="Cook")
        make_member(organisation, "staff", "staff@a.example")
    client = app.test_client()
    sign_in(client, "staff@a.example")
    assert "Cook" in client.get("/vacancies/manage/").get_data(as_text=True)
    assert client.get("/vacancies/manage/new").status_code == 403


def test_referral_links_can_point_at_open_vacancies(app):
    with app.app_context():
        from outreach.opportunities import openings

        organisation = make_organisation("Provider A")
        vacancy = make_vacancy(organisation, title="Senior carer").opportunity.public_id
        other = make_organisation("Provider B", postcode="ST16 2AB")
        assert [o.title for o in openings.open_for(organisation) if o.kind == "vacancy"] == ["Senior carer"]
        assert openings.find(organisation, "vacancy", vacancy).url == f"/vacancies/{vacancy}"
        assert openings.find(other, "vacancy", vacancy) is None


def test_night_shifts_can_be_ticked_and_are_shown_ticked_again(app, recruiter):
    page = recruiter.get("/vacancies/manage/new").get_data(as_text=True)
    assert '<th scope="col">Night</th>' in page and 'value="6-night"' in page
    assert recruiter.post("/vacancies/manage/new", data=form()).status_code == 302
    with app.app_context():
        public_id = vacancy_by_title("Care assistant, nights").public_id
    edit = recruiter.get(f"/vacancies/manage/{public_id}/edit").get_data(as_text=True)
    assert re.search(r'value="0-night"\s+checked', edit) or 'value="0-night" checked' in edit


def submit_buttons(html: str) -> list[str]:
    form_html = html[html.index('<form method="post" novalidate>'):]
    form_html = form_html[:form_html.index("</form>")]
    return re.findall(r"<button[^>]*>[^<]*</button>", form_html)


@pytest.mark.parametrize("path", ["/vacancies/manage/new", "edit"])
def test_enter_saves_because_save_is_the_first_submit_button(app, recruiter, path):
    if path == "edit":
        recruiter.post("/vacancies/manage/new", data=form())
        with app.app_context():
            path = f"/vacancies/manage/{vacancy_by_title('Care assistant, nights').public_id}/edit"
    buttons = submit_buttons(recruiter.get(path).get_data(as_text=True))
    assert "Save" in buttons[0] and "find_role" not in buttons[0] and 'type="submit"' in buttons[0]
    assert any('name="find_role"' in b for b in buttons[1:]) and "Save" in buttons[-1]
    # What Enter sends (the first button has no name) saves; the finder still works without JavaScript.
    assert recruiter.post(path, data=form(title="Care assistant, Enter pressed")).status_code == 302
    found = recruiter.post(path, data=form(role_query="senoir carer", role_slug="", find_role="1"))
    assert found.status_code == 200 and 'value="senior-care-worker" checked' in found.get_data(as_text=True)


def submission_token(html: str) -> str:
    found = re.search(r'<input[^>]*name="submission"[^>]*value="([^"]+)"', html)
    assert found, "the form carries a submission token"
    return found.group(1)


def test_a_double_click_on_save_creates_one_draft(app, recruiter):
    data = form(submission=submission_token(recruiter.get("/vacancies/manage/new").get_data(as_text=True)))
    first = recruiter.post("/vacancies/manage/new", data=data)
    second = recruiter.post("/vacancies/manage/new", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(VacancyDetails)).scalar() == 1
    # A new form (a new token) makes a second draft, and a refused save does not use the token up.
    token = submission_token(recruiter.get("/vacancies/manage/new").get_data(as_text=True))
    assert token != data["submission"]
    assert recruiter.post("/vacancies/manage/new", data=form(submission=token, pay_amount="9.00")).status_code == 400
    assert recruiter.post("/vacancies/manage/new", data=form(submission=token)).status_code == 302
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(VacancyDetails)).scalar() == 2
