"""The "Your data" download holds rows about the person only, and names no member of staff."""
from __future__ import annotations

import json

import pytest

from outreach.extensions import db
from outreach.privacy import download, records
from outreach.privacy.records import ABOUT, ACTOR_COLUMNS, NOT_ABOUT_PEOPLE, Under
from tests.factories import sign_in
from tests.privacy.world import ACCOUNTS, MAY_SEE, PEOPLE, PROVIDER, RATINGS, build


def test_every_table_and_every_column_referring_to_people_is_classified(app):
    tables = set(db.metadata.tables)
    assert set(ABOUT) | set(NOT_ABOUT_PEOPLE) == tables, "classify new tables in outreach/privacy/records.py"
    assert not set(ABOUT) & set(NOT_ABOUT_PEOPLE)
    subject_columns = records.subject_columns()
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                name = f"{table.name}.{column.name}"
                assert name in subject_columns | ACTOR_COLUMNS, f"{name}: is the row about this person, or who did it?"
    for table, how in ABOUT.items():
        if isinstance(how, Under):
            assert list(ABOUT).index(how.parent) < list(ABOUT).index(table)
    assert not subject_columns & ACTOR_COLUMNS


@pytest.fixture
def world(app):
    with app.test_request_context():
        return build()


def _download(app, key: str) -> str:
    client = app.test_client()
    assert sign_in(client, PEOPLE[key].email).status_code == 302
    response = client.get("/account/your-data/download")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_download_names_no_one_else_for_every_account_type(app, world):
    for key in ACCOUNTS:
        text = _download(app, key).lower()
        assert PEOPLE[key].email.lower() in text
        for other, person in PEOPLE.items():
            if other == key or other in MAY_SEE.get(key, ()):
                continue
            leaked = [value for value in person.values() if value.lower() in text]
            assert not leaked, f"{key}'s download shows {other}'s {leaked}"


def test_a_pupil_gets_their_sign_ups_and_the_consent_under_them(app, world):
    data = json.loads(_download(app, "pupil"))
    guardian = PEOPLE["guardian"]
    assert len(data["taster_signups"]) == 2
    assert {row["guardian_email"] for row in data["taster_guardian_consents"]} == {guardian.email}
    assert data["concerns"][0]["handled_by"] == "CareWays"
    text = json.dumps(data)
    assert "password_hash" not in text and "token_hash" not in text and "$argon2" not in text


def test_staff_get_their_own_records_and_none_of_the_pupils_they_worked_with(app, world):
    for key in ("owner", "recruiter", "staff"):
        data = json.loads(_download(app, key))
        assert "taster_guardian_consents" not in data and "taster_signups" not in data
        assert "applications" not in data and "leads" not in data
        assert data["memberships"]
    staff = json.loads(_download(app, "staff"))
    assert staff["points_entries"] and staff["referral_links"] and staff["leaderboard_opt_ins"]


def test_an_applicant_gets_what_the_provider_wrote_about_them_under_the_providers_name(app, world):
    data = json.loads(_download(app, "applicant"))
    assert data["application_notes"][0]["body"] == "Prefers early shifts; has a driving licence"
    assert data["application_notes"][0]["author"] == PROVIDER
    reasons = {row["reason"]: row["changed_by"] for row in data["application_stage_changes"] if row["reason"]}
    assert reasons == {"Warm, thoughtful answers at interview": PROVIDER, "Great fit for the day team": PROVIDER}
    assert data["employment_checks"][0]["answered_by"] == PROVIDER
    assert data["taster_observed_values"][0]["ratings"] == RATINGS
    assert data["taster_observed_values"][0]["rated_by"] == PROVIDER
    comments = {row["author"]: row for row in data["taster_feedback"]}
    assert comments["provider"]["comment"].startswith("Lovely with residents")
    assert comments["provider"]["created_by"] == PROVIDER and comments["visitor"]["created_by"] == "you"
    assert data["taster_signups"][0]["attendance_marked_by"] == PROVIDER
    staff_ids = {PEOPLE[k].user_id for k in ("owner", "recruiter", "staff", "admin")}

    def walk(value, path=""):
        if isinstance(value, dict):
            for key, inner in value.items():
                assert key not in {c.split(".")[1] for c in ACTOR_COLUMNS}, f"{path}.{key} names a person"
                walk(inner, f"{path}.{key}")
        elif isinstance(value, list):
            for inner in value:
                walk(inner, path)

    walk(data)
    for event in data["audit_events"]:
        assert event.get("actor") in ("you", PROVIDER, "CareWays", None)
        assert "ip_address" not in event or event["actor"] == "you"
    assert not staff_ids & {row.get("user_id") for rows in data.values() if isinstance(rows, list) for row in rows}


def test_a_referred_friend_gets_their_lead_without_the_colleague_who_referred_them(app, world):
    data = json.loads(_download(app, "friend"))
    [lead] = data["leads"]
    assert lead["email"] == PEOPLE["friend"].email and lead["referrer"] == PROVIDER
    assert "email_digest" not in lead


def test_the_download_declaration_covers_what_the_export_writes(app, world):
    with app.app_context():
        data = download.export(world.user("applicant"))
    assert set(data) - {"exported_at", "account"} <= set(ABOUT)
