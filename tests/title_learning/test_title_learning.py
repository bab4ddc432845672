"""Learning job titles from recruiters: recorded beside the chosen role, approved by an admin into the
content files, then recognised by the role finder. Runs against a copy of the content folder."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from outreach import content
from outreach.content import title_edits
from outreach.content.title_edits import RoleFileError
from outreach.extensions import db
from outreach.models.audit import AuditEvent
from outreach.models.titles import TitleChoice
from outreach.title_learning import content_link, recording, review
from tests.factories import make_member, make_organisation, make_user, sign_in, use_content_copy

ROOT = Path(__file__).resolve().parents[2]
NEW_TITLE = "Wellbeing Companion"


@pytest.fixture
def content_copy(app, tmp_path, monkeypatch):
    """The app reads a copy of the content folder for this test (the repository's stays untouched)."""
    return use_content_copy(app, tmp_path, monkeypatch)


def _record(title, role, organisation=None, kind="vacancy"):
    kept = recording.record(title, role, kind=kind, organisation=organisation, guess=content_link.guess)
    db.session.commit()
    return kept


# ---- the content files ------------------------------------------------------------------------

def test_a_synonym_goes_at_the_end_of_the_block_list_and_the_rest_is_untouched():
    text = "---\ntitle: Care worker\nsynonyms:\n  - carer\n  - care assistant\nmin_age: 16\n---\nBody\n"
    edited = title_edits.with_synonym(text, "wellbeing companion")
    assert edited == ('---\ntitle: Care worker\nsynonyms:\n  - carer\n  - care assistant\n'
                      '  - "wellbeing companion"\nmin_age: 16\n---\nBody\n')


@pytest.mark.parametrize("front, expected", [
    ("synonyms: [carer]", ["carer", "wellbeing companion"]),
    ("synonyms: []", ["wellbeing companion"]),
    ("summary: x", ["wellbeing companion"]),
])
def test_a_synonym_is_added_whatever_the_list_looks_like(front, expected):
    edited = title_edits.with_synonym(f"---\ntitle: Care worker\n{front}\n---\nBody\n", "wellbeing companion")
    assert yaml.safe_load(edited.split("\n---", 1)[0].lstrip("-\n"))["synonyms"] == expected
    assert edited.endswith("\n---\nBody\n")


def test_a_change_that_breaks_the_content_is_put_back(ctx, content_copy):
    path = content_copy / "roles" / "care-worker.md"
    before = path.read_text()

    def refuse(_folder):
        raise ValueError("abbreviation clash")

    with pytest.raises(RoleFileError, match="nothing was changed"):
        title_edits.add_synonym(content_copy, content.role("care-worker"), "wellbeing companion", refuse)
    assert path.read_text() == before


@pytest.mark.parametrize("title", ["<script>", "x" * 130, "   "])
def test_titles_a_role_file_cannot_hold_are_refused(ctx, content_copy, title):
    with pytest.raises(RoleFileError):
        title_edits.add_synonym(content_copy, content.role("care-worker"), title, content_link.check)


# ---- recording --------------------------------------------------------------------------------

def test_only_titles_the_finder_did_not_link_to_the_chosen_role_are_kept(ctx, content_copy):
    organisation = make_organisation()
    assert not _record("Senior Carer - Nights", "senior-care-worker", organisation)  # already known
    assert _record(NEW_TITLE, "buddy-volunteer", organisation)
    assert _record("Care worker", "activities-coordinator", organisation)  # known, but as another role
    kept = db.session.execute(select(TitleChoice).order_by(TitleChoice.id)).scalars().all()
    assert [(c.title_key, c.role_slug) for c in kept] == [
        ("wellbeing companion", "buddy-volunteer"), ("care worker", "activities-coordinator")]
    assert kept[1].guessed_slug == "care-worker" and kept[0].organisation_id == organisation.id


def test_groups_count_typings_and_providers(ctx, content_copy):
    first, second = make_organisation("First"), make_organisation("Second")
    for organisation, title in ((first, NEW_TITLE), (first, "wellbeing  companion"), (second, "WELLBEING COMPANION")):
        _record(title, "buddy-volunteer", organisation)
    assert not _record(NEW_TITLE, None, second, kind="taster")  # the finder agrees: no role
    _record("Wellbeing Support Worker - Gym", None, second, kind="taster")
    groups = review.pending(1).items
    assert [(g.title_key, g.role_slug, g.times, g.organisations) for g in groups] == [
        ("wellbeing companion", "buddy-volunteer", 3, 2), ("wellbeing support worker - gym", None, 1, 1)]
    assert review.pending_count() == 2


# ---- decisions --------------------------------------------------------------------------------

def test_approving_a_title_teaches_the_finder_and_settles_the_group(ctx, content_copy):
    admin = make_user("admin")
    _record(NEW_TITLE, "buddy-volunteer", make_organisation())
    assert content_link.guess(NEW_TITLE) != "buddy-volunteer"
    review.decide(admin, "wellbeing companion", "buddy-volunteer", "synonym", content_link.apply)
    front = (content_copy / "roles" / "buddy-volunteer.md").read_text().split("\n---", 1)[0]
    assert "wellbeing companion" in yaml.safe_load(front.lstrip("-\n"))["synonyms"]
    assert content_link.guess(NEW_TITLE) == "buddy-volunteer"  # recognised at once in this process
    assert content_link.guess("wellbeing companian - Dorchester") == "buddy-volunteer"
    assert review.pending_count() == 0
    event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "titles.synonym")).scalar_one()
    assert event.actor_id == admin.id and event.detail["role"] == "buddy-volunteer"
    assert not (ROOT / "content" / "roles" / "buddy-volunteer.md").read_text().count("wellbeing companion")


def test_a_title_that_belongs_to_no_role_stops_the_finder_guessing(ctx, content_copy):
    admin = make_user("admin")
    title = "Wellbeing Support Worker - Gym"
    assert content_link.guess(title) is not None  # the control: its words look like a care role
    _record(title, None, make_organisation(), kind="taster")
    review.decide(admin, "wellbeing support worker - gym", None, "no_role", content_link.apply)
    assert content.current().no_role_titles == ("wellbeing support worker - gym",)
    assert content_link.guess(title) is None


def test_dismissing_changes_no_content_and_can_be_undone(ctx, content_copy):
    admin = make_user("admin")
    _record(NEW_TITLE, "buddy-volunteer", make_organisation())
    before = (content_copy / "roles" / "buddy-volunteer.md").read_text()
    review.decide(admin, "wellbeing companion", "buddy-volunteer", "dismissed", content_link.apply)
    assert review.pending_count() == 0 and (content_copy / "roles" / "buddy-volunteer.md").read_text() == before
    assert review.undo_dismissal(admin, "wellbeing companion", "buddy-volunteer") == 1
    assert review.pending_count() == 1


def test_a_decision_twice_or_on_nothing_is_refused(ctx, content_copy):
    from outreach.domain import DomainError
    admin = make_user("admin")
    _record("Wellbeing Support Worker - Gym", None, make_organisation())
    key = "wellbeing support worker - gym"
    with pytest.raises(DomainError, match="chose no role"):
        review.decide(admin, key, None, "synonym", content_link.apply)
    review.decide(admin, key, None, "dismissed", content_link.apply)
    with pytest.raises(DomainError, match="already been dealt with"):
        review.decide(admin, key, None, "dismissed", content_link.apply)


# ---- the admin's page -------------------------------------------------------------------------

def test_the_admin_reaches_the_queue_from_the_dashboard_and_approves(app, client, content_copy):
    with app.app_context():
        make_user("admin", "admin@example.org")
        _record(NEW_TITLE, "buddy-volunteer", make_organisation())
    sign_in(client, "admin@example.org")
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "1 job title to review" in dashboard and "/admin/titles/" in dashboard
    page = client.get("/admin/titles/").get_data(as_text=True)
    assert "Wellbeing Companion" in page and "Add it as a name for" in page
    answer = client.post("/admin/titles/decide", data={"title_key": "wellbeing companion",
                                                       "role_slug": "buddy-volunteer", "decision": "synonym"})
    assert answer.status_code == 302
    assert "No titles are waiting" in client.get("/admin/titles/").get_data(as_text=True)
    with app.app_context():
        assert content_link.guess(NEW_TITLE) == "buddy-volunteer"


def test_a_missing_choice_is_explained_and_nothing_changes(app, client, content_copy):
    with app.app_context():
        make_user("admin", "admin@example.org")
        _record(NEW_TITLE, "buddy-volunteer", make_organisation())
    sign_in(client, "admin@example.org")
    answer = client.post("/admin/titles/decide", data={"title_key": "wellbeing companion",
                                                       "role_slug": "buddy-volunteer"})
    assert answer.status_code == 400 and "Choose what to do" in answer.get_data(as_text=True)
    with app.app_context():
        assert review.pending_count() == 1


@pytest.mark.parametrize("account", ["applicant", "pupil", "provider"])
def test_only_platform_admins_see_the_titles(app, client, content_copy, account):
    with app.app_context():
        if account == "provider":
            make_member(make_organisation(), "owner", "someone@example.org")
        else:
            make_user(account, "someone@example.org", age=15 if account == "pupil" else None)
        _record(NEW_TITLE, "buddy-volunteer", make_organisation("Other"))
    sign_in(client, "someone@example.org")
    assert client.get("/admin/titles/").status_code in (403, 404)
    assert client.post("/admin/titles/decide", data={"title_key": "wellbeing companion", "role_slug": "buddy-volunteer",
                                                     "decision": "synonym"}).status_code in (403, 404)
    with app.app_context():
        assert review.pending_count() == 1


# ---- posting records what recruiters typed ----------------------------------------------------

def test_posting_and_editing_a_vacancy_keep_the_typed_title_beside_the_chosen_role(ctx, content_copy):
    from outreach.vacancies import service as vacancies
    from tests.vacancies.factories import make_vacancy, vacancy_input

    organisation = make_organisation()
    make_vacancy(organisation, title="Care assistant, days")  # the finder knows it: nothing kept
    vacancy = make_vacancy(organisation, title=NEW_TITLE, role_slug="buddy-volunteer")
    kept = db.session.execute(select(TitleChoice)).scalars().all()
    assert [(c.title, c.role_slug, c.kind, c.organisation_id) for c in kept] == [
        (NEW_TITLE, "buddy-volunteer", "vacancy", organisation.id)]
    actor = make_member(organisation, "recruiter", "second@example.org")
    vacancies.update(vacancy.opportunity, actor, vacancy_input(title=NEW_TITLE, role_slug="buddy-volunteer",
                                                               pay_pence=1400))
    assert len(db.session.execute(select(TitleChoice)).scalars().all()) == 1  # same title and role: not again
    vacancies.update(vacancy.opportunity, actor, vacancy_input(title="Wellbeing companion (days)",
                                                               role_slug="buddy-volunteer"))
    assert len(db.session.execute(select(TitleChoice)).scalars().all()) == 2


def test_a_taster_title_is_kept_with_the_role_chosen_or_none(ctx, content_copy):
    from tests.tasters.factories import make_taster

    organisation = make_organisation()
    recruiter = make_member(organisation, "recruiter", "r@example.org")
    make_taster(organisation, recruiter, title="Wellbeing Support Worker - Gym")
    kept = db.session.execute(select(TitleChoice)).scalar_one()
    assert (kept.role_slug, kept.kind) == (None, "taster") and kept.guessed_slug is not None
