"""Registering providers and schools, inviting colleagues, and admin approval."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from outreach import audit, clock, ratelimit, submissions
from outreach.accounts import service as accounts
from outreach.accounts.errors import AccountError, TokenInvalid
from outreach.domain import transaction
from outreach.extensions import db
from outreach.geo import Place
from outreach.mail import queue_email
from outreach.mail.links import path_for
from outreach.models.accounts import User
from outreach.models.organisations import PROVIDER_ROLES, SCHOOL_ROLES, Invitation, Membership, Organisation
from outreach.organisations import standing
from outreach.tokens import hash_token, new_token


@transaction
def register(*, kind: str, name: str, provider_type: str | None, cqc_location_id: str | None,
             place: Place, first_name: str, last_name: str, email: str, password: str,
             ip: str | None, submission: str | None = None) -> Organisation | None:
    """Create a pending organisation and its owner's account.

    Like sign-up, a taken email gets the same answer and an email to its owner. A repeat of the
    same form raises submissions.AlreadySubmitted.
    """
    ratelimit.consume(accounts.signup_limit(), ip or "unknown")
    accounts.check_new_password(password, email, (first_name, last_name, name))
    submissions.claim(f"register-{kind}", submission)
    taken = "Someone tried to register an organisation with your email"
    existing = accounts.find_user(email)
    if existing is not None:
        accounts.hash_password(password)  # spend the same time as a real registration
        return accounts.tell_owner_of_taken_email(existing, taken)
    try:
        with db.session.begin_nested():  # another tab may be registering the same address right now
            organisation = Organisation(
                kind=kind, name=name.strip(), provider_type=provider_type if kind == "provider" else None,
                cqc_location_id=cqc_location_id or None, postcode=place.postcode, postcode_sector=place.sector,
                postcode_district=place.district, latitude=place.latitude, longitude=place.longitude,
                status="pending", created_at=clock.now(),
            )
            db.session.add(organisation)
            user = accounts.create_user(account_type=kind, email=email, password=password,
                                        first_name=first_name, last_name=last_name)
    except IntegrityError:  # it won: answer as for a taken email
        return accounts.tell_owner_of_taken_email(accounts.find_user(email), taken)
    db.session.add(Membership(user=user, organisation=organisation, role="owner", created_at=clock.now()))
    accounts.send_verification(user)
    audit.record("organisation.registered", actor=user, subject=organisation, kind=kind)
    return organisation


def members(organisation: Organisation) -> list[Membership]:
    return list(db.session.execute(
        select(Membership).where(Membership.organisation_id == organisation.id).order_by(Membership.created_at)
    ).scalars())


def pending_invitations(organisation: Organisation) -> list[Invitation]:
    """Open invitations: sent and not yet expired, or held until the organisation is approved."""
    return list(db.session.execute(
        select(Invitation).where(Invitation.organisation_id == organisation.id, Invitation.accepted_at.is_(None),
                                 Invitation.revoked.is_(False),
                                 (Invitation.expires_at > clock.now()) | Invitation.sent_at.is_(None))
        .order_by(Invitation.created_at)
    ).scalars())


def _send_invitation(invitation: Invitation, organisation: Organisation, inviter_name: str) -> None:
    """Email the invitation with a fresh single-use link, valid from now."""
    raw, digest = new_token()
    now = clock.now()
    invitation.token_hash = digest
    invitation.sent_at = now
    invitation.expires_at = now + current_app.config["INVITE_TOKEN_LIFETIME"]
    queue_email(
        to=invitation.email, template="invitation",
        subject=f"{inviter_name} invited you to join {organisation.name} on CareWays",
        key=f"invite:{invitation.id}", inviter_name=inviter_name, organisation_name=organisation.name,
        role=invitation.role, accept_url=path_for("organisations.accept_invite", token=raw),
        days=current_app.config["INVITE_TOKEN_LIFETIME"].days,
    )


@transaction
def invite(organisation: Organisation, inviter: User, email: str, role: str,
           submission: str | None = None) -> Invitation:
    """Invite a colleague. A pending organisation's invitation is kept but not emailed until
    CareWays approves the organisation (no email to outsiders before then). A repeat press of
    the same form raises submissions.AlreadySubmitted carrying the invitation's public id."""
    standing.require(organisation, standing.SETUP)
    email = accounts.normalise_email(email)
    if organisation.kind == "school" and role == "recruiter":
        raise AccountError("Schools have lead contacts and colleagues only", field="role")
    ratelimit.consume(ratelimit.Limit("invite", 50, 86400), str(organisation.id))
    claimed = submissions.claim("team-invitation", submission)
    taken = db.session.execute(
        select(Membership).join(User).where(Membership.organisation_id == organisation.id,
                                            func.lower(User.email) == email)
    ).scalar_one_or_none()
    if taken is not None:
        raise AccountError("That person is already a member", field="email")
    invitation = Invitation(
        organisation_id=organisation.id, email=email, role=role, token_hash=new_token()[1], invited_by_id=inviter.id,
        created_at=clock.now(), expires_at=clock.now() + current_app.config["INVITE_TOKEN_LIFETIME"],
    )
    db.session.add(invitation)
    db.session.flush()
    held = not standing.permits(organisation, standing.APPROVED)
    if not held:
        _send_invitation(invitation, organisation, inviter.first_name)
    audit.record("organisation.invited", actor=inviter, subject=organisation, role=role, held=held)
    submissions.settle(claimed, invitation.public_id)
    return invitation


def invitation_by_public_id(organisation: Organisation, public_id: str | None) -> Invitation | None:
    return db.session.execute(
        select(Invitation).where(Invitation.public_id == (public_id or ""),
                                 Invitation.organisation_id == organisation.id)
    ).scalar_one_or_none()


def _release_held_invitations(organisation: Organisation) -> int:
    """On approval, email the invitations the organisation made while it was pending."""
    held = db.session.execute(
        select(Invitation).where(Invitation.organisation_id == organisation.id, Invitation.sent_at.is_(None),
                                 Invitation.accepted_at.is_(None), Invitation.revoked.is_(False))
        .order_by(Invitation.id)
    ).scalars().all()
    for invitation in held:
        inviter = db.session.get(User, invitation.invited_by_id) if invitation.invited_by_id else None
        _send_invitation(invitation, organisation, inviter.first_name if inviter else organisation.name)
    return len(held)


@transaction
def revoke_invitation(organisation: Organisation, actor: User, public_id: str) -> None:
    invitation = db.session.execute(
        select(Invitation).where(Invitation.public_id == public_id, Invitation.organisation_id == organisation.id)
    ).scalar_one_or_none()
    if invitation is None:
        raise TokenInvalid("That invitation was not found")
    invitation.revoked = True
    audit.record("organisation.invite_revoked", actor=actor, subject=organisation)


def invitation_for(raw: str) -> Invitation:
    invitation = db.session.execute(
        select(Invitation).where(Invitation.token_hash == hash_token(raw or ""))
    ).scalar_one_or_none()
    if (invitation is None or invitation.revoked or invitation.accepted_at is not None
            or invitation.expires_at < clock.now()):
        raise TokenInvalid("This invitation has expired or has already been used. Ask your colleague for a new one.")
    return invitation


@transaction
def accept_invitation(raw: str, *, first_name: str, last_name: str, password: str) -> User:
    invitation = invitation_for(raw)
    if accounts.find_user(invitation.email) is not None:
        raise AccountError("An account already uses this email. Each person can belong to one organisation; "
                           "ask your colleague to invite another address.", field="first_name")
    accounts.check_new_password(password, invitation.email, (first_name, last_name))
    organisation = invitation.organisation
    user = accounts.create_user(account_type=organisation.kind, email=invitation.email, password=password,
                                first_name=first_name, last_name=last_name, verified=True)
    db.session.add(Membership(user=user, organisation=organisation, role=invitation.role, created_at=clock.now()))
    invitation.accepted_at = clock.now()
    audit.record("organisation.joined", actor=user, subject=organisation, role=invitation.role)
    return user


@transaction
def remove_member(organisation: Organisation, actor: User, user_public_id: str) -> None:
    membership = db.session.execute(
        select(Membership).join(User).where(Membership.organisation_id == organisation.id,
                                            User.public_id == user_public_id)
    ).scalar_one_or_none()
    if membership is None:
        raise TokenInvalid("That person is not a member")
    if membership.user_id == actor.id:
        raise AccountError("You cannot remove yourself")
    membership.user.is_disabled = True
    from outreach.accounts import sessions

    sessions.end_all(membership.user)
    db.session.delete(membership)
    audit.record("organisation.member_removed", actor=actor, subject=organisation)


def member(organisation: Organisation, user_public_id: str) -> Membership:
    """One member of this organisation, or TokenInvalid (the view answers 404)."""
    membership = db.session.execute(
        select(Membership).join(User).where(Membership.organisation_id == organisation.id,
                                            User.public_id == (user_public_id or ""))
    ).scalar_one_or_none()
    if membership is None:
        raise TokenInvalid("That person is not a member")
    return membership


def roles_for(organisation: Organisation) -> dict[str, str]:
    return SCHOOL_ROLES if organisation.kind == "school" else PROVIDER_ROLES


@transaction
def change_role(organisation: Organisation, actor: User, user_public_id: str, role: str) -> Membership:
    """An owner gives a member another role. The organisation always keeps at least one owner,
    so the last owner cannot step down (make someone else an owner first). Audited."""
    standing.require(organisation, standing.SETUP)
    acting = db.session.execute(
        select(Membership).where(Membership.organisation_id == organisation.id, Membership.user_id == actor.id)
    ).scalar_one_or_none()
    if acting is None or acting.role != "owner":
        raise AccountError("Only an owner can change people's roles", field="role")
    if role not in roles_for(organisation):
        raise AccountError("Choose one of the roles", field="role")
    # Lock the organisation's memberships so two owners stepping down at once cannot both succeed.
    memberships = db.session.execute(
        select(Membership).where(Membership.organisation_id == organisation.id).with_for_update(of=Membership)
        .execution_options(populate_existing=True)
    ).scalars().all()
    membership = next((m for m in memberships if m.user.public_id == user_public_id), None)
    if membership is None:
        raise TokenInvalid("That person is not a member")
    if membership.role == role:
        return membership
    owners = [m for m in memberships if m.role == "owner"]
    if membership.role == "owner" and len(owners) <= 1:
        raise AccountError(f"{organisation.name} needs at least one {roles_for(organisation)['owner'].lower()}. "
                           "Give someone else that role first.", field="role")
    previous = membership.role
    membership.role = role
    audit.record("organisation.role_changed", actor=actor, subject=organisation, member=membership.user.public_id,
                 role=role, previous=previous)
    return membership


def list_for_review(status: str | None = None, page: int = 1, per_page: int = 25):
    query = select(Organisation).order_by(Organisation.created_at.desc())
    if status:
        query = query.where(Organisation.status == status)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


@transaction
def decide(organisation: Organisation, admin: User, decision: str, reason: str | None) -> None:
    if decision not in ("approved", "rejected", "suspended"):
        raise AccountError("Choose a decision", field="decision")
    previous = organisation.status
    organisation.status = decision
    organisation.status_reason = reason or None
    organisation.decided_at = clock.now()
    organisation.decided_by_id = admin.id
    if decision == "approved":
        _release_held_invitations(organisation)
    owner = db.session.execute(
        select(Membership).where(Membership.organisation_id == organisation.id, Membership.role == "owner")
        .order_by(Membership.created_at)
    ).scalars().first()
    if owner is not None and previous != decision:
        queue_email(
            to=owner.user.email, user=owner.user, template="organisation_decision",
            subject=f"{organisation.name} on CareWays: {'approved' if decision == 'approved' else 'an update'}",
            key=f"org-decision:{organisation.id}:{decision}:{clock.now().isoformat()}",
            user_name=owner.user.first_name, organisation_name=organisation.name, decision=decision,
            reason=reason, dashboard_url=path_for("main.dashboard"),
        )
    audit.record("admin.organisation_decided", actor=admin, subject=organisation, decision=decision,
                 previous=previous, reason=reason)
