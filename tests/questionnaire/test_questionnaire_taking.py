"""Taking the full values questionnaire in the browser: journey, order, navigation, bad input."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from outreach import clock
from outreach.content.questionnaire import Scenario
from outreach.extensions import db
from outreach.models.audit import AuditEvent
from outreach.models.questionnaires import QuestionnaireResponse
from outreach.questionnaire import bank as banks
from outreach.questionnaire import service, store
from tests.factories import make_user, sign_in
from tests.pages import parse, text, texts
from tests.questionnaire.factories import complete_questionnaire, read_page

VERDICT = re.compile(r"\b(pass|passed|fail|failed)\b", re.I)


def _applicant(app, client, email="taker@example.com", account_type="applicant"):
    with app.app_context():
        make_user(account_type, email)
    assert sign_in(client, email).status_code == 302
    return email


def _responses(app, email=None):
    with app.app_context():
        rows = db.session.execute(select(QuestionnaireResponse).order_by(QuestionnaireResponse.id)).scalars().all()
        for row in rows:
            db.session.expunge(row)
        return rows


def _user(email):
    from outreach.models.accounts import User

    return db.session.execute(select(User).where(User.email == email)).scalar_one()


def _fill(app, email, upto, override=None):
    """Answer the first ``upto`` questions of the person's attempt directly (best option, or 3)."""
    with app.app_context():
        response = service.active_response(_user(email))
        item_list = banks.items(store.bank_for(response.bank_version))[:upto]
        answers = {item.item_id: item.best.id if isinstance(item, Scenario) else 3 for item in item_list}
        response.answers = {**answers, **(override or {})}
        db.session.commit()


def _answer(client, number, pick=0, action="next", page=None):
    page = page or read_page(client.get(f"/questionnaire/question/{number}"))
    choice = page.choices[pick] if isinstance(pick, int) else pick
    return page, client.post(f"/questionnaire/question/{number}", data=page.form(choice, action=action))


def test_full_journey_sign_out_resume_finish_and_report(app, client):
    email = _applicant(app, client)
    started = client.post("/questionnaire/start")
    assert started.headers["Location"].endswith("/questionnaire/question/1")
    first = read_page(client.get("/questionnaire/question/1"))
    doc = parse(first.html)
    progress = doc.select_one("progress.progress")
    assert "Question 1 of 36" in text(doc) and (progress["max"], progress["value"]) == ("36", "1")
    assert doc.select_one("form fieldset > legend") and "Save and finish later" in texts(doc, "button")
    for number in range(1, 6):
        _, response = _answer(client, number)
        assert response.headers["Location"].endswith(f"/questionnaire/question/{number + 1}")

    client.post("/account/sign-out")
    assert "/account/sign-in" in client.get("/questionnaire/question/6").headers["Location"]
    sign_in(client, email)
    resumed = client.get("/questionnaire/continue")
    assert resumed.headers["Location"].endswith("/questionnaire/question/6")
    assert "You have answered 5 of 36" in client.get("/dashboard").get_data(as_text=True)

    for number in range(6, 37):
        page, response = _answer(client, number, pick=-1)
        if number > 28:
            assert page.choices == ["1", "2", "3", "4", "5"]  # statements: a 1-5 scale
    assert response.headers["Location"].endswith("/questionnaire/check")
    check = parse(client.get("/questionnaire/check"))
    assert "Finish and see my strengths" in texts(check, "button")
    response_id = check.select_one('input[type="hidden"][name="response"]')["value"]
    finished = client.post("/questionnaire/finish", data={"response": response_id})
    assert finished.headers["Location"].endswith("/questionnaire/report")

    report = client.get("/questionnaire/report").get_data(as_text=True)
    headings = texts(parse(report), "h2")
    assert "Your strengths" in headings and "Where to grow" in headings and "Roles where your values fit" in headings
    assert len(parse(report).select("meter.score-meter")) == 8
    assert parse(report).select('a[href^="/careers/"]')
    assert not VERDICT.search(report.split("See your answers")[0])  # the answers quote the options ("pass it on")
    [row] = _responses(app)
    assert row.completed_at is not None and row.position == 36
    with app.app_context():
        bank = store.bank_for(row.bank_version)
        assert row.scores == banks.score(bank, row.answers)
        assert isinstance(row.answers["st-reliable"], int)
    assert "See your strengths report" in client.get("/dashboard").get_data(as_text=True)


def test_option_order_is_shuffled_per_person_stored_and_stable(app, client):
    _applicant(app, client)
    client.post("/questionnaire/start")
    first_visit = [read_page(client.get(f"/questionnaire/question/{n}")).choices for n in (1,)]
    again = [read_page(client.get(f"/questionnaire/question/{n}")).choices for n in (1,)]
    assert first_visit == again
    other = app.test_client()
    _applicant(app, other, "other@example.com")
    other.post("/questionnaire/start")
    mine, theirs = _responses(app)
    with app.app_context():
        bank = store.bank_for(mine.bank_version)
        assert mine.option_order == banks.shuffled_option_order(bank, mine.seed)
        assert mine.option_order != theirs.option_order and mine.seed != theirs.seed
    assert first_visit[0] == mine.option_order[bank.scenarios[0].item_id]
    assert sorted(first_visit[0]) == ["a", "b", "c", "d"]


def test_back_and_forward_keep_answers_and_order_is_enforced(app, client):
    _applicant(app, client)
    client.post("/questionnaire/start")
    page1, _ = _answer(client, 1, pick=0)
    page2, _ = _answer(client, 2, pick=1)
    page3 = read_page(client.get("/questionnaire/question/3"))
    back = client.post("/questionnaire/question/3", data=page3.form(action="back"))  # no answer: fine going back
    assert back.headers["Location"].endswith("/questionnaire/question/2")
    again = read_page(client.get("/questionnaire/question/2"))
    assert again.checked == page2.choices[1]
    client.post("/questionnaire/question/2", data=again.form(page2.choices[2]))  # change it
    back = client.post("/questionnaire/question/3", data=page3.form(page3.choices[3], action="back"))
    assert back.headers["Location"].endswith("/questionnaire/question/2")
    assert read_page(client.get("/questionnaire/question/2")).checked == page2.choices[2]
    assert read_page(client.get("/questionnaire/question/3")).checked == page3.choices[3]  # saved on Back
    skipped = client.get("/questionnaire/question/9")
    assert skipped.headers["Location"].endswith("/questionnaire/question/4")
    assert "in order" in client.get("/questionnaire/question/4").get_data(as_text=True)
    assert client.post("/questionnaire/question/1", data=page1.form(page1.choices[0], action="back")) \
        .headers["Location"].endswith("/questionnaire/")
    assert client.get("/questionnaire/question/0").status_code == 404


def test_save_and_finish_later(app, client):
    _applicant(app, client)
    client.post("/questionnaire/start")
    page = read_page(client.get("/questionnaire/question/1"))
    later = client.post("/questionnaire/question/1", data=page.form(page.choices[2], action="later"))
    assert later.headers["Location"].endswith("/questionnaire/")
    index = client.get("/questionnaire/").get_data(as_text=True)
    assert "Your answers are saved" in index and "You have answered 1 of 36" in index
    [row] = _responses(app)
    assert row.answers == {page.item: page.choices[2]} and row.position == 1


def test_an_answer_is_required_to_continue(app, client):
    _applicant(app, client)
    client.post("/questionnaire/start")
    page = read_page(client.get("/questionnaire/question/1"))
    response = client.post("/questionnaire/question/1", data=page.form())
    doc = parse(response)
    assert response.status_code == 200 and "Choose the answer closest to what you would do" in text(doc)
    assert doc.select_one('a[href="#answer"]') and doc.find(id="answer")  # the summary links to the first choice
    assert _responses(app)[0].answers == {}


def test_tampered_answers_are_refused_with_a_message_and_nothing_is_stored(app, client):
    _applicant(app, client)
    client.post("/questionnaire/start")
    page = read_page(client.get("/questionnaire/question/1"))
    for bad in ("z", "A", "a " * 3, "<script>", "1"):
        response = client.post("/questionnaire/question/1", data=page.form(bad))
        assert response.status_code == 400, bad
        assert "That answer is not one of the choices" in response.get_data(as_text=True)
    _fill(app, "taker@example.com", 28)
    statement = read_page(client.get("/questionnaire/question/29"))
    assert statement.item.startswith("st-")
    for bad in ("0", "6", "3.0", "٣", "three", "-1", "a"):
        response = client.post("/questionnaire/question/29", data=statement.form(bad))
        assert response.status_code == 400, bad
    assert statement.item not in _responses(app)[0].answers
    ok = client.post("/questionnaire/question/29", data=statement.form("4"))
    assert ok.headers["Location"].endswith("/questionnaire/question/30")
    assert _responses(app)[0].answers[statement.item] == 4


def test_stale_or_forged_pages_store_nothing(app, client):
    _applicant(app, client)
    client.post("/questionnaire/start")
    page = read_page(client.get("/questionnaire/question/1"))
    forged = [
        page.form(page.choices[0], item="social-media-photos"),  # another question's id
        page.form(page.choices[0], version="0" * 12),  # another bank version
        page.form(page.choices[0], response="someone-elses-id"),
    ]
    for data in forged:
        response = client.post("/questionnaire/question/1", data=data, follow_redirects=True)
        assert response.status_code == 200
        assert "nothing was saved" in response.get_data(as_text=True), data
    out_of_range = client.post("/questionnaire/question/99", data=page.form(page.choices[0]), follow_redirects=True)
    assert "nothing was saved" in out_of_range.get_data(as_text=True)
    assert _responses(app)[0].answers == {}


def test_another_persons_attempt_cannot_be_answered(app, client):
    _applicant(app, client)
    client.post("/questionnaire/start")
    victim_page = read_page(client.get("/questionnaire/question/1"))
    attacker = app.test_client()
    _applicant(app, attacker, "attacker@example.com")
    attacker.post("/questionnaire/start")
    response = attacker.post("/questionnaire/question/1", data=victim_page.form(victim_page.choices[0]))
    assert response.status_code == 302
    assert all(row.answers == {} for row in _responses(app))


def test_double_submission_is_harmless(app, client):
    _applicant(app, client)
    client.post("/questionnaire/start")
    client.post("/questionnaire/start")
    assert len(_responses(app)) == 1
    page = read_page(client.get("/questionnaire/question/1"))
    for _ in range(2):
        response = client.post("/questionnaire/question/1", data=page.form(page.choices[1]))
        assert response.headers["Location"].endswith("/questionnaire/question/2")
    [row] = _responses(app)
    assert row.answers == {page.item: page.choices[1]} and row.position == 1

    _fill(app, "taker@example.com", 36, override={page.item: page.choices[1]})
    last = read_page(client.get("/questionnaire/question/36"))
    for _ in range(2):
        assert client.post("/questionnaire/finish", data={"response": row.public_id}) \
            .headers["Location"].endswith("/questionnaire/report")
    late = client.post("/questionnaire/question/36", data=last.form(last.choices[0]), follow_redirects=True)
    assert "You have already finished that questionnaire" in late.get_data(as_text=True)
    [row] = _responses(app)
    assert row.completed_at is not None and row.answers[last.item] == 3
    with app.app_context():
        completed = db.session.execute(select(func.count()).select_from(AuditEvent)
                                       .where(AuditEvent.action == "questionnaire.completed")).scalar()
        assert completed == 1


def test_finishing_with_questions_unanswered_goes_to_the_first_one(app, client):
    _applicant(app, client)
    client.post("/questionnaire/start")
    _answer(client, 1)
    row = _responses(app)[0]
    response = client.post("/questionnaire/finish", data={"response": row.public_id})
    assert response.headers["Location"].endswith("/questionnaire/question/2")
    assert _responses(app)[0].completed_at is None
    check = client.get("/questionnaire/check").get_data(as_text=True)
    assert "You still have 35 questions to answer" in check and "Finish and see my strengths" not in check


def test_an_answer_posted_after_the_session_expired_is_kept(app, client):
    email = _applicant(app, client)
    clock.freeze(clock.now())
    client.post("/questionnaire/start")
    _answer(client, 1)
    page = read_page(client.get("/questionnaire/question/2"))
    clock.freeze(clock.now() + timedelta(hours=3))  # past the 2-hour idle limit
    expired = client.post("/questionnaire/question/2", data=page.form(page.choices[2]))
    assert "/account/sign-in" in expired.headers["Location"]
    assert "continue" in expired.headers["Location"]
    signed_in = sign_in(client, email, next_url="/questionnaire/continue")
    assert signed_in.headers["Location"].endswith("/questionnaire/continue")
    resumed = client.get("/questionnaire/continue")
    assert resumed.headers["Location"].endswith("/questionnaire/question/3")
    assert "We saved your answer" in client.get("/questionnaire/question/3").get_data(as_text=True)
    assert _responses(app)[0].answers[page.item] == page.choices[2]


def test_a_stashed_answer_is_only_ever_applied_to_its_owners_attempt(app, client):
    _applicant(app, client)
    client.post("/questionnaire/start")
    victim = read_page(client.get("/questionnaire/question/1"))
    intruder = app.test_client()
    with app.app_context():
        make_user("applicant", "intruder@example.com")
    intruder.post("/questionnaire/question/1", data=victim.form(victim.choices[0]))  # not signed in: stashed
    sign_in(intruder, "intruder@example.com")
    intruder.post("/questionnaire/start")
    intruder.get("/questionnaire/continue")
    assert all(row.answers == {} for row in _responses(app))


def test_retaking_keeps_the_finished_profile_until_the_new_one_is_finished(app, client):
    _applicant(app, client)
    with app.app_context():
        first_id = complete_questionnaire(_user("taker@example.com")).public_id
    assert client.post("/questionnaire/start").headers["Location"].endswith("/questionnaire/question/1")
    _answer(client, 1)
    report = client.get("/questionnaire/report").get_data(as_text=True)
    assert "Your strengths" in report and "Carry on with your new go" in report
    with app.app_context():
        assert service.latest_completed(_user("taker@example.com")).public_id == first_id
    rows = _responses(app)
    assert len(rows) == 2 and rows[1].completed_at is None


def test_pupils_may_take_the_full_questionnaire(app, client):
    _applicant(app, client, "pupil-taker@example.com", account_type="pupil")
    assert "Start the values questionnaire" in client.get("/dashboard").get_data(as_text=True)
    assert client.post("/questionnaire/start").headers["Location"].endswith("/questionnaire/question/1")
    _answer(client, 1)
    assert "You have answered 1 of 36" in client.get("/dashboard").get_data(as_text=True)
    assert "practice version" in client.get("/questionnaire/").get_data(as_text=True)


def test_the_start_page_for_each_kind_of_visitor(app, client):
    anonymous = client.get("/questionnaire/").get_data(as_text=True)
    assert "Try the practice" in anonymous and "Create an account" in anonymous
    assert "Start the questionnaire" not in anonymous
    _applicant(app, client)
    page = client.get("/questionnaire/").get_data(as_text=True)
    assert "Start the questionnaire" in page and "There are 36 questions" in page
    empty = client.get("/questionnaire/report").get_data(as_text=True)
    assert "You have not finished the values questionnaire yet" in empty


def test_every_questionnaire_form_carries_a_csrf_token(app, client):
    _applicant(app, client)
    token = parse(client.get("/questionnaire/")).select_one('input[type="hidden"][name="csrf_token"]')["value"]
    assert client.post("/questionnaire/start", csrf=False).status_code == 400  # refused without the token
    assert client.post("/questionnaire/start", data={"csrf_token": token}).status_code == 302
    page = read_page(client.get("/questionnaire/question/1"))
    token = parse(page.html).select_one('input[type="hidden"][name="csrf_token"]')["value"]
    saved = client.post("/questionnaire/question/1", data=page.form(page.choices[0], csrf_token=token))
    assert saved.headers["Location"].endswith("/questionnaire/question/2")
