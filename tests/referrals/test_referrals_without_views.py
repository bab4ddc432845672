"""Referrals ask tasters, vacancies and applications directly: nothing has to be imported or
registered first for a fair rule or a referral link to give the right answer."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from outreach import clock
from outreach.referrals import leads
from outreach.referrals.errors import AlreadyInPipeline
from tests.applications.factories import apply_for, make_applicant
from tests.referrals.factories import provider_team
from tests.vacancies.factories import make_vacancy

ROOT = Path(__file__).resolve().parents[2]


def test_importing_referrals_alone_wires_every_answer_without_any_views():
    """In a fresh interpreter, importing referrals brings in the services it asks and no views."""
    script = (
        "import sys\n"
        "from outreach.referrals import fair_rules, service\n"
        "from outreach.applications import queries\n"
        "from outreach.opportunities import openings\n"
        "assert fair_rules.in_application_pipeline is queries.in_application_pipeline\n"
        "assert service.openings is openings\n"
        "views = sorted(m for m in sys.modules if m.startswith('outreach') and 'views' in m)\n"
        "assert not views, views\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_fair_rule_sees_an_open_application_with_nothing_registered(app):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        applicant = make_applicant("priya@example.com")
        leads.check_fair_rules(organisation, staff, "priya@example.com", None, clock.now())  # not applied yet
        apply_for(applicant, make_vacancy(organisation))
        with pytest.raises(AlreadyInPipeline):
            leads.check_fair_rules(organisation, staff, "priya@example.com", None, clock.now())
        other, _, _, other_staff = provider_team("Trent Valley", "ST16 2AB", prefix="b")
        leads.check_fair_rules(other, other_staff, "priya@example.com", None, clock.now())  # another provider
