"""Pay below a person's own legal minimum never tops their matches: such vacancies are left out."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

from outreach import clock
from tests.applications.factories import make_applicant
from tests.factories import make_organisation, sign_in
from tests.vacancies.factories import make_vacancy


def titles(app, email: str) -> list[str]:
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    html = client.get("/matches?kind=job").get_data(as_text=True)
    return re.findall(r'<h2><a href="/vacancies/[^"]+">([^<]+)</a></h2>', html)


def test_a_youth_rate_job_is_left_out_of_an_older_persons_matches(app):
    with app.app_context():
        home = make_organisation("Fordington House", postcode="DT1 1HR")
        make_vacancy(home, title="Care assistant, youth rate", pay_pence=1150, pay_age_band="18_20")
        make_vacancy(home, title="Care assistant, days", pay_pence=1300)
        make_applicant("older@example.com", age=30, profile={"desired_roles": ["care assistant"]})
        make_applicant("younger@example.com", age=19, profile={"desired_roles": ["care assistant"]})
    assert titles(app, "older@example.com") == ["Care assistant, days"]
    assert set(titles(app, "younger@example.com")) == {"Care assistant, youth rate", "Care assistant, days"}


def test_a_job_left_below_new_rates_on_1_april_drops_out_of_matches(app):
    clock.freeze(datetime(2026, 3, 20, 10, tzinfo=timezone.utc))
    with app.app_context():
        home = make_organisation("Fordington House", postcode="DT1 1HR")
        make_vacancy(home, title="Care assistant, March pay", pay_pence=1250, closing_date=date(2026, 5, 30))
        make_applicant("ann@example.com", age=30, profile={"desired_roles": ["care assistant"]})
    assert titles(app, "ann@example.com") == ["Care assistant, March pay"]
    clock.freeze(datetime(2026, 4, 2, 10, tzinfo=timezone.utc))
    assert titles(app, "ann@example.com") == []
