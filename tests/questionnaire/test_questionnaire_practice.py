"""The practice version: no account needed, and nothing stored in the database."""
from __future__ import annotations

from sqlalchemy import func, select

from outreach.content.questionnaire import load_bank
from outreach.extensions import db
from outreach.questionnaire import bank as banks
from tests.factories import make_user, sign_in, use_content_copy
from tests.questionnaire.factories import read_page
from tests.questionnaire.test_questionnaire_versions import change_bank


def _row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {table.name: db.session.execute(select(func.count()).select_from(table)).scalar()
                for table in db.metadata.sorted_tables}


def _start(client):
    response = client.post("/questionnaire/practice")
    assert response.headers["Location"].endswith("/questionnaire/practice/1")


def test_anyone_can_take_the_practice_and_nothing_is_stored(app, client):
    before = _row_counts(app)
    assert "Start the practice" in client.get("/questionnaire/practice").get_data(as_text=True)
    _start(client)
    total = len(banks.items(load_bank(), practice=True))
    for number in range(1, total + 1):
        page = read_page(client.get(f"/questionnaire/practice/{number}"))
        assert f"Practice question {number} of {total}" in page.html
        assert page.response is None and "Save and finish later" not in page.html
        response = client.post(f"/questionnaire/practice/{number}", data=page.form(page.choices[0]))
    assert response.headers["Location"].endswith("/questionnaire/practice/result")
    result = client.get("/questionnaire/practice/result").get_data(as_text=True)
    assert f"You answered {total} of {total} practice questions" in result
    assert "Your strengths" in result and "Create an account" in result
    assert _row_counts(app) == before  # not a single row written, not even an audit event


def test_practice_back_forward_order_and_bad_answers(app, client):
    _start(client)
    first = read_page(client.get("/questionnaire/practice/1"))
    assert client.get("/questionnaire/practice/1").get_data(as_text=True).count('name="answer"') == 4
    assert read_page(client.get("/questionnaire/practice/1")).choices == first.choices  # order kept
    client.post("/questionnaire/practice/1", data=first.form(first.choices[2]))
    assert client.get("/questionnaire/practice/5").headers["Location"].endswith("/questionnaire/practice/2")
    second = read_page(client.get("/questionnaire/practice/2"))
    back = client.post("/questionnaire/practice/2", data=second.form(action="back"))
    assert back.headers["Location"].endswith("/questionnaire/practice/1")
    assert read_page(client.get("/questionnaire/practice/1")).checked == first.choices[2]
    tampered = client.post("/questionnaire/practice/2", data=second.form("e"))
    assert tampered.status_code == 400 and "not one of the choices" in tampered.get_data(as_text=True)
    missing = client.post("/questionnaire/practice/2", data=second.form())
    assert missing.status_code == 200 and "Choose the answer closest" in missing.get_data(as_text=True)
    forged = client.post("/questionnaire/practice/2", data=second.form(second.choices[0], item="not-an-item"),
                         follow_redirects=True)
    assert "the answer was not used" in forged.get_data(as_text=True)


def test_practice_without_starting_or_after_the_questions_change(app, client, tmp_path, monkeypatch):
    assert client.get("/questionnaire/practice/3").headers["Location"].endswith("/questionnaire/practice")
    assert client.get("/questionnaire/practice/result").headers["Location"].endswith("/questionnaire/practice")
    current = use_content_copy(app, tmp_path, monkeypatch) / "questionnaires" / "values.yaml"
    _start(client)
    page = read_page(client.get("/questionnaire/practice/1"))
    change_bank(current)
    moved = client.post("/questionnaire/practice/1", data=page.form(page.choices[0]), follow_redirects=True)
    assert "The practice questions have been updated" in moved.get_data(as_text=True)
    assert not (current.parent / "archive").exists()  # the practice never archives (or stores) anything


def test_an_empty_practice_result_invites_an_answer(app, client):
    _start(client)
    result = client.get("/questionnaire/practice/result").get_data(as_text=True)
    assert "Answer at least one practice question" in result


def test_signed_in_pupils_see_the_practice_offer(app, client):
    with app.app_context():
        make_user("pupil", "practice-pupil@example.com")
    sign_in(client, "practice-pupil@example.com")
    assert "Try the short practice version" in client.get("/questionnaire/").get_data(as_text=True)
    _start(client)
    page = read_page(client.get("/questionnaire/practice/1"))
    client.post("/questionnaire/practice/1", data=page.form(page.choices[0]))
    assert "Go to the full questionnaire" in client.get("/questionnaire/practice/result").get_data(as_text=True)
