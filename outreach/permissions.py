"""Who may use each page. Every view declares its audience with @access(...).

Audiences: "anyone" (signed in or not), "signed_in" (any account), an account
type ("pupil", "applicant", "school", "admin"), "provider" (any member of a
provider) or a provider role ("provider:owner", "provider:recruiter",
"provider:staff"); "school" likewise with "school:owner". A convention test
fails for any route that does not declare its audience.

A member who reaches a page through their organisation also needs the organisation's
standing (outreach/organisations/standing.py): by default an approved organisation;
``org="setup"`` marks the pages a pending organisation may use to set itself up. Anyone
else is shown a page that explains their organisation's status.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

AUDIENCES = {
    "anyone", "signed_in", "pupil", "applicant", "school", "admin", "provider",
    "provider:owner", "provider:recruiter", "provider:staff", "school:owner",
}
ORGANISATION_AUDIENCES = frozenset(a for a in AUDIENCES if a.startswith(("provider", "school")))


def roles_of(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    roles = {"signed_in", user.account_type}
    if user.membership is not None and user.account_type in ("provider", "school"):
        roles.add(f"{user.account_type}:{user.membership.role}")
        if user.account_type == "provider" and user.membership.role == "owner":
            roles.add("provider:recruiter")  # owners can do everything recruiters can
    return roles


def allowed(user, audiences: frozenset[str]) -> bool:
    return "anyone" in audiences or bool(roles_of(user) & audiences)


def access(*audiences: str, org: str = "approved"):
    """Declare who may use a view; ``org`` is the organisation standing its members need."""
    from outreach.organisations import standing

    unknown = set(audiences) - AUDIENCES
    if unknown or not audiences:
        raise ValueError(f"unknown audience {unknown or 'none'}")
    if org not in standing.LEVELS:
        raise ValueError(f"unknown organisation standing {org!r}")
    frozen = frozenset(audiences)
    through_organisation = bool(frozen & ORGANISATION_AUDIENCES) and not frozen & {"anyone", "signed_in"}

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if "anyone" not in frozen:
                if not current_user.is_authenticated:
                    return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
                if not allowed(current_user, frozen):
                    abort(403)
                if through_organisation:
                    standing.require(getattr(current_user, "organisation", None), org)
            return view(*args, **kwargs)

        guarded.access = frozen
        if through_organisation:
            guarded.org_status = org
        return guarded

    return decorate


def org_of_current_user():
    """The signed-in member's organisation, or 403."""
    membership = getattr(current_user, "membership", None)
    if membership is None:
        abort(403)
    return membership.organisation


def get_for_org_or_404(model, public_id: str, organisation):
    """Load an object by public id only if it belongs to the organisation (else 404, not 403)."""
    from sqlalchemy import select

    from outreach.extensions import db

    obj = db.session.execute(select(model).where(model.public_id == public_id)).scalar_one_or_none()
    if obj is None or getattr(obj, "organisation_id", None) != organisation.id:
        abort(404)
    return obj


def safe_next(target: str | None, default: str) -> str:
    """Only allow local paths as redirect targets (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(c) < 32 for c in target):
        return default
    return target
