"""Who may use each questionnaire route (see tests/access.py)."""
from __future__ import annotations

from outreach.questionnaire import service, sharing
from tests.access import APPROVED_ONLY, RECRUITERS, everyone, only, override
from tests.questionnaire.factories import complete_questionnaire

TAKERS = ("pupil", "applicant")

ROUTES = {
    "questionnaire.index": ("GET", "/questionnaire/", everyone(200)),
    "questionnaire.start": ("POST", "/questionnaire/start", only(TAKERS, ok=302)),
    "questionnaire.resume": ("GET", "/questionnaire/continue", only(TAKERS, ok=302)),
    # The applicant has an unfinished attempt; the pupil has none and is sent to the start page.
    "questionnaire.question": ("GET", "/questionnaire/question/1", override(only(TAKERS), pupil=302)),
    "questionnaire.answer": ("POST", "/questionnaire/question/1", only(TAKERS, ok=302)),
    "questionnaire.review": ("GET", "/questionnaire/check", override(only(TAKERS), pupil=302)),
    "questionnaire.finish": ("POST", "/questionnaire/finish", only(TAKERS, ok=302)),
    "questionnaire.report": ("GET", "/questionnaire/report", only(TAKERS)),
    "questionnaire.practice_start": ("GET", "/questionnaire/practice", everyone(200)),
    "questionnaire.practice_question": ("GET", "/questionnaire/practice/1", everyone(302)),
    "questionnaire.practice_answer": ("POST", "/questionnaire/practice/1", everyone(302)),
    "questionnaire.practice_result": ("GET", "/questionnaire/practice/result", everyone(302)),
    "questionnaire.sharing_page": ("GET", "/questionnaire/sharing", only(TAKERS)),
    "questionnaire.share_with": ("GET", "/questionnaire/sharing/providers/{org_a}", only(TAKERS)),
    "questionnaire.share": ("POST", "/questionnaire/sharing/share", only(TAKERS, ok=302)),
    # The share belongs to the applicant: anyone else's attempt to revoke it is a 404.
    "questionnaire.revoke_share": ("POST", "/questionnaire/sharing/{values_share_a}/revoke",
                                   override(only(TAKERS, ok=302), pupil=404)),
    "questionnaire.shared_with_us": ("GET", "/providers/shared-values", only(RECRUITERS)),
    # Shared with provider A only: provider B's recruiter gets 404, staff are not recruiters.
    "questionnaire.candidate_values": ("GET", "/providers/candidates/{values_applicant}/values",
                                       override(only(RECRUITERS), recruiter_b=404)),
}


def make_objects(ids):
    applicant = ids["user:applicant"]
    complete_questionnaire(applicant)
    service.start(applicant)  # a second, unfinished attempt
    created = sharing.share(applicant, ids["org_a"], include_raw_answers=True)
    return {"values_share_a": created.public_id, "values_applicant": applicant.public_id}

ORG_STATUS = {"questionnaire.shared_with_us": APPROVED_ONLY, "questionnaire.candidate_values": APPROVED_ONLY}
