"""The bank file changes while people are part-way through: each attempt keeps its own version."""
from __future__ import annotations

import pytest
import yaml
from sqlalchemy import select

from outreach.content import loader
from outreach.content.questionnaire import BankError, Scenario
from outreach.extensions import db
from outreach.models.questionnaires import QuestionnaireResponse
from outreach.questionnaire import bank as banks
from outreach.questionnaire import store
from tests.factories import make_user, sign_in, use_content_copy
from tests.questionnaire.factories import read_page

NEW_WORDING = "Carry on and say nothing: she is used to it by now (changed wording)."


@pytest.fixture
def bank_file(app, tmp_path, monkeypatch):
    """The bank in a copy of content/ (and an empty archive) in a temporary folder, used by the app."""
    return use_content_copy(app, tmp_path, monkeypatch) / "questionnaires" / "values.yaml"


def change_bank(path):
    """Re-key and re-word option d of the first scenario: a new version that scores differently."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    option = data["scenarios"][0]["options"][3]
    option["text"], option["scores"] = NEW_WORDING, {"dignity_respect": 1}
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _rows(app):
    with app.app_context():
        rows = db.session.execute(select(QuestionnaireResponse).order_by(QuestionnaireResponse.id)).scalars().all()
        for row in rows:
            db.session.expunge(row)
        return rows


def _signed_in(app, email):
    client = app.test_client()
    with app.app_context():
        make_user("applicant", email)
    sign_in(client, email)
    return client


def _answer_all(client, start, end, pick):
    response = None
    for number in range(start, end + 1):
        page = read_page(client.get(f"/questionnaire/question/{number}"))
        choice = pick(page)
        response = client.post(f"/questionnaire/question/{number}", data=page.form(choice))
    return response


def test_an_attempt_keeps_its_version_when_the_file_changes_and_scores_with_it(app, bank_file):
    client = _signed_in(app, "midway@example.com")
    client.post("/questionnaire/start")
    _answer_all(client, 1, 3, lambda page: page.choices[0])
    [before] = _rows(app)
    old_version = before.bank_version
    assert (bank_file.parent / "archive" / f"values-{old_version}.yaml").exists()  # content/questionnaires/archive

    change_bank(bank_file)
    with app.app_context():
        new_version = store.current_bank().version
    assert new_version != old_version

    first = read_page(client.get("/questionnaire/question/1"))
    assert first.version == old_version and NEW_WORDING not in first.html  # still the old wording
    # "d" is the option that changed: choose it, so old and new versions score differently.
    client.post("/questionnaire/question/1", data=first.form("d", action="later"))
    done = _answer_all(client, 4, 36, lambda page: page.choices[-1])
    assert done.headers["Location"].endswith("/questionnaire/check")
    client.post("/questionnaire/finish", data={"response": before.public_id})

    [row] = _rows(app)
    assert row.bank_version == old_version and row.answers["dignity-washing"] == "d"
    with app.app_context():
        old_bank, new_bank = store.bank_for(old_version), store.bank_for(new_version)
        assert row.scores == banks.score(old_bank, row.answers) != banks.score(new_bank, row.answers)
    report = client.get("/questionnaire/report").get_data(as_text=True)
    assert f'data-question-set="{old_version}"' in report and NEW_WORDING not in report

    newcomer = _signed_in(app, "newcomer@example.com")
    newcomer.post("/questionnaire/start")
    page = read_page(newcomer.get("/questionnaire/question/1"))
    assert page.version == new_version and NEW_WORDING in page.html


def test_a_page_from_before_a_restart_on_the_new_version_is_refused(app, bank_file):
    client = _signed_in(app, "tabs@example.com")
    client.post("/questionnaire/start")
    old_page = read_page(client.get("/questionnaire/question/1"))  # left open in another tab
    with app.app_context():
        from outreach.questionnaire import service

        row = db.session.execute(select(QuestionnaireResponse)).scalar_one()
        item_list = banks.items(store.bank_for(row.bank_version))
        row.answers = {i.item_id: i.best.id if isinstance(i, Scenario) else 4 for i in item_list}
        db.session.commit()
        service.finish(row.user, row.public_id)
    change_bank(bank_file)
    client.post("/questionnaire/start")  # a new attempt, on the new version
    stale = client.post("/questionnaire/question/1", data=old_page.form(old_page.choices[0]), follow_redirects=True)
    assert "already finished that questionnaire" in stale.get_data(as_text=True)
    old, new = _rows(app)
    assert new.answers == {} and new.bank_version != old.bank_version


def test_a_forged_version_on_the_current_attempt_is_refused(app, bank_file):
    client = _signed_in(app, "forger@example.com")
    client.post("/questionnaire/start")
    page = read_page(client.get("/questionnaire/question/1"))
    change_bank(bank_file)
    with app.app_context():
        new_version = store.current_bank().version
    response = client.post("/questionnaire/question/1", data=page.form(page.choices[0], version=new_version),
                           follow_redirects=True)
    assert "The questions have changed since that page was opened" in response.get_data(as_text=True)
    assert _rows(app)[0].answers == {}


def test_an_unreadable_version_is_never_used(app, bank_file):
    """A broken bank edit is refused like any content edit: new attempts carry on with the last good
    version (never an unscorable one), and the same file stops an app from starting."""
    with app.app_context():
        good_version = store.current_bank(archive=False).version
    bank_file.write_text("scenarios: [broken", encoding="utf-8")
    client = _signed_in(app, "broken@example.com")
    client.post("/questionnaire/start")
    [row] = _rows(app)
    assert row.bank_version == good_version
    with app.app_context():
        assert store.bank_for(row.bank_version).version == good_version
    with pytest.raises(BankError):
        loader.build(bank_file.parent.parent)
