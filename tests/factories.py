"""Small factories that go through the real services where it is cheap."""
from __future__ import annotations

from datetime import date

from outreach import clock, geo
from outreach.accounts import service as accounts
from outreach.extensions import db
from outreach.models.organisations import Membership, Organisation

PASSWORD = "correct horse battery staple"


def birthday_for_age(years: int) -> date:
    today = clock.today_uk()
    return date(today.year - years, 1, 1) if today >= date(today.year, 1, 1) else date(today.year - years - 1, 1, 1)


def make_user(account_type: str = "applicant", email: str | None = None, *, age: int | None = None,
              verified: bool = True, first_name: str = "Alex", postcode: str = "DT1 1AA", password: str = PASSWORD):
    if age is None and account_type in ("pupil", "applicant"):
        age = 15 if account_type == "pupil" else 20
    email = email or f"{account_type}-{make_user.counter}@example.com"
    make_user.counter += 1
    place = geo.resolve(postcode) if account_type in ("pupil", "applicant") else None
    user = accounts.create_user(account_type=account_type, email=email, password=password, first_name=first_name,
                                last_name="Tester", date_of_birth=birthday_for_age(age) if age else None,
                                place=place, verified=verified)
    db.session.commit()
    return user


make_user.counter = 1


def make_organisation(name: str = "Test Care Home", kind: str = "provider", status: str = "approved",
                      postcode: str = "DT1 1HR", provider_type: str | None = "care_home") -> Organisation:
    place = geo.resolve(postcode, allow_partial=False)
    organisation = Organisation(kind=kind, name=name, provider_type=provider_type if kind == "provider" else None,
                                postcode=place.postcode, postcode_sector=place.sector, postcode_district=place.district,
                                latitude=place.latitude, longitude=place.longitude, status=status)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def make_member(organisation: Organisation, role: str = "recruiter", email: str | None = None, **kwargs):
    user = make_user(organisation.kind, email=email, **kwargs)
    db.session.add(Membership(user=user, organisation=organisation, role=role))
    db.session.commit()
    return user


def sign_in(client, email: str, password: str = PASSWORD, next_url: str | None = None):
    path = "/account/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(path, data={"email": email, "password": password})


def use_content_copy(app, tmp_path, monkeypatch):
    """Point the app at a copy of content/ in ``tmp_path`` (with an empty questionnaire archive in
    its usual place), re-read as soon as a file changes, as an app started with ``CONTENT_DIR``
    would. Returns the copy."""
    import shutil

    from outreach import content
    from outreach.content import loader

    folder = tmp_path / "content"
    shutil.copytree(loader.CONTENT_DIR, folder, ignore=shutil.ignore_patterns("data", "archive"))
    monkeypatch.setattr(loader, "_caches", dict(loader._caches))  # the copy's cache goes when the test ends
    monkeypatch.setattr(loader, "RECHECK_SECONDS", 0)
    monkeypatch.setitem(app.config, "CONTENT_DIR", str(folder))
    monkeypatch.setitem(app.config, "QUESTIONNAIRE_ARCHIVE_DIR", str(folder / "questionnaires" / "archive"))
    monkeypatch.setitem(app.extensions, "careways_content", None)
    content.init_app(app)
    return folder
