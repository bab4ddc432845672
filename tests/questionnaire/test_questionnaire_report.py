"""The strengths report's parts: role fit from content/roles, score bands, and concurrent starts."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from outreach.content.questionnaire import load_bank, load_values
from outreach.extensions import db
from outreach.models.questionnaires import QuestionnaireResponse
from outreach.questionnaire import bank as banks
from outreach.questionnaire import report as reports
from outreach.questionnaire import service
from outreach.questionnaire.roles import RoleValues, fitting_roles, load_roles
from tests.factories import make_user

VALUE_KEYS = [v["key"] for v in load_values()]


def test_every_role_explainer_lists_known_values():
    roles = load_roles()
    assert len(roles) == 19
    assert all(role.values and set(role.values) <= set(VALUE_KEYS) for role in roles)
    assert len({role.slug for role in roles}) == 19


def test_roles_are_ranked_by_the_mean_score_on_their_values():
    roles = (RoleValues("kind", "Kind role", "", ("compassion_empathy", "communication")),
             RoleValues("brave", "Brave role", "", ("courage", "reliability")),
             RoleValues("also-kind", "Also kind", "", ("compassion_empathy",)),
             RoleValues("unmeasured", "Unmeasured", "", ("learning",)))
    scores = dict.fromkeys(VALUE_KEYS, None)
    scores.update(compassion_empathy=90, communication=70, courage=40, reliability=50)
    fits = fitting_roles(scores, limit=5, roles=roles)
    assert [f.role.slug for f in fits] == ["also-kind", "kind", "brave"]  # unmeasured role left out
    assert [f.fit for f in fits] == [90, 80, 45]
    assert fits[1].matched == ("compassion_empathy", "communication") and fits[2].matched == ()
    tie = dict(scores, communication=90)
    assert [f.role.slug for f in fitting_roles(tie, roles=roles)][:2] == ["also-kind", "kind"]  # by title
    assert fitting_roles(dict.fromkeys(VALUE_KEYS, None), roles=roles) == []


def test_report_for_answers_and_score_bands(app):
    with app.app_context():
        bank = load_bank()
        result = reports.for_answers(bank, {s.item_id: s.best.id for s in bank.scenarios if s.practice},
                                     practice=True)
        assert result.answered == result.total == len(banks.items(bank, practice=True))
        assert len(result.roles) == 3 and all(f.fit == 100 for f in result.roles)
        assert [v.key for v in result.scores] == VALUE_KEYS
    bands = {score: reports.ValueScore("k", "K", "", score).band for score in (None, 10, 50, 74, 75, 100)}
    assert bands == {None: "Not measured yet", 10: "Room to grow", 50: "Coming through well",
                     74: "Coming through well", 75: "A real strength", 100: "A real strength"}


def test_starting_twice_at_the_same_moment_gives_one_attempt(app):
    with app.app_context():
        user_id = make_user("applicant", "racer@example.com").id
    barrier = threading.Barrier(4)
    started = []

    def start():
        with app.app_context():
            from outreach.models.accounts import User

            user = db.session.get(User, user_id)
            db.session.commit()  # release SQLite's write lock before waiting for the others
            barrier.wait(timeout=20)
            started.append(service.start(user).public_id)
            db.session.remove()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(started)) == 1 and len(started) == 4
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(QuestionnaireResponse)).scalar() == 1
