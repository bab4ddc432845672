"""The voluntary equal-opportunities answers: stored apart, never used in matching, reported only in aggregate."""
from __future__ import annotations

from sqlalchemy import delete as sql_delete
from sqlalchemy import select

from outreach import audit
from outreach.domain import DomainError, transaction
from outreach.extensions import db
from outreach.models.impact import ETHNICITY_CHOICES, SEX_CHOICES, EqualOpportunities


class EqualOpportunitiesError(DomainError):
    """An answer that is not one of the choices."""


def current(user) -> EqualOpportunities | None:
    return db.session.execute(select(EqualOpportunities).where(EqualOpportunities.user_id == user.id)).scalar()


@transaction
def save(user, *, sex: str | None, ethnicity: str | None) -> EqualOpportunities:
    if sex not in SEX_CHOICES:
        raise EqualOpportunitiesError("Choose an answer, or 'Prefer not to say'", "sex")
    if ethnicity not in ETHNICITY_CHOICES:
        raise EqualOpportunitiesError("Choose an answer, or 'Prefer not to say'", "ethnicity")
    row = current(user) or EqualOpportunities(user_id=user.id)
    row.sex, row.ethnicity = sex, ethnicity
    db.session.add(row)
    audit.record("equal_opportunities.saved", actor=user, subject=user)  # no answers in the audit log
    return row


@transaction
def delete(user) -> None:
    db.session.execute(sql_delete(EqualOpportunities).where(EqualOpportunities.user_id == user.id))
    audit.record("equal_opportunities.deleted", actor=user, subject=user)
