"""Values a taster's supervisor saw, as the people a visitor applies to may read them.

They belong to the visitor: a provider reviewing an application sees only those the visitor
chose to share (``shared_observed_values``), on the scale the supervisor rated them.
"""
from __future__ import annotations

from sqlalchemy import select

from outreach.extensions import db
from outreach.models.signups import ObservedValues, SignUp

OBSERVED_SCALE = {0: "Did not see", 1: "Saw a little", 2: "Saw clearly", 3: "Saw it strongly"}


def shared_observed_values(user) -> list[ObservedValues]:
    """The observed values this person has chosen to add to their applications, newest first."""
    return list(db.session.execute(
        select(ObservedValues).join(SignUp, SignUp.id == ObservedValues.signup_id)
        .where(SignUp.user_id == user.id, ObservedValues.shared_by_visitor.is_(True))
        .order_by(ObservedValues.rated_at.desc())
    ).scalars())
