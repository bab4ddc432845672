"""Inviting discoverable adults near by to apply for a vacancy (or sign up for a taster).

An invitation is a templated email and a note on the person's applications page: never free text,
and never to anyone under 18 (they cannot be discoverable). Inviting the same person twice to the
same post sends nothing new.
"""
from __future__ import annotations

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from outreach import audit, clock, submissions
from outreach.applications.errors import ApplicationError
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.mail.links import path_for
from outreach.models.accounts import User
from outreach.models.applications import ApplicantProfile, Application, ApplicationInvitation
from outreach.models.opportunities import TASTER_KINDS, Opportunity

MAX_INVITES = 100


@transaction
def invite(organisation, actor, opportunity: Opportunity, user_public_ids: list[str],
           submission: str | None = None) -> int:
    """Invite the chosen people; returns how many new invitations were sent.

    A repeat of the same form raises submissions.AlreadySubmitted (outcome: how many the first sent).
    """
    if opportunity.organisation_id != organisation.id:
        raise ApplicationError("That post was not found")
    if not opportunity.is_public:
        raise ApplicationError("Publish this post before inviting people to it", field="invite")
    wanted = list(dict.fromkeys(i for i in user_public_ids if i))
    if not wanted:
        raise ApplicationError("Tick at least one person to invite", field="invite")
    if len(wanted) > MAX_INVITES:
        raise ApplicationError(f"Invite up to {MAX_INVITES} people at a time", field="invite")
    adult_born_by = clock.today_uk() - relativedelta(years=18)
    people = db.session.execute(
        select(User).join(ApplicantProfile, ApplicantProfile.user_id == User.id)
        .where(User.public_id.in_(wanted), ApplicantProfile.discoverable.is_(True), User.account_type == "applicant",
               User.is_disabled.is_(False), User.date_of_birth <= adult_born_by)
    ).scalars().all()
    if len(people) != len(wanted):
        raise ApplicationError("Some of those people can no longer be invited. Refresh the page and try again.",
                               field="invite")
    claimed = submissions.claim("shortlist-invite", submission)
    ids = [p.id for p in people]
    done = set(db.session.execute(select(ApplicationInvitation.user_id).where(
        ApplicationInvitation.opportunity_id == opportunity.id, ApplicationInvitation.user_id.in_(ids))).scalars())
    done |= set(db.session.execute(select(Application.user_id).where(
        Application.opportunity_id == opportunity.id, Application.user_id.in_(ids))).scalars())
    is_taster = opportunity.kind in TASTER_KINDS
    url = path_for("tasters.detail" if is_taster else "vacancies.detail", public_id=opportunity.public_id)
    sent = 0
    for person in people:
        if person.id in done:
            continue
        invitation = ApplicationInvitation(opportunity_id=opportunity.id, user_id=person.id, invited_by_id=actor.id,
                                           created_at=clock.now())
        db.session.add(invitation)
        db.session.flush()
        queue_email(to=person.email, user=person, template="application_invitation", essential=False,
                    subject=f"{organisation.name} invites you to {'sign up for' if is_taster else 'apply for'} "
                            f"{opportunity.title}",
                    key=f"application-invitation:{invitation.id}", first_name=person.first_name,
                    provider_name=organisation.name, title=opportunity.title, kind_label=opportunity.kind_label.lower(),
                    is_taster=is_taster, url=url, profile_url=path_for("applications.profile"))
        audit.record("application.invited", actor=actor, subject=opportunity, user=person.public_id)
        sent += 1
    submissions.settle(claimed, str(sent))
    return sent
