"""A provider asks someone who applied without a values questionnaire result to do it.

Once per application, by a templated email to the person's own inbox and a note on their
application page: never free text, so it is the same for under-18s as for adults. When they
finish, their result is added to the application (applying.attach_questionnaire).
"""
from __future__ import annotations

from sqlalchemy import select

from outreach import audit, clock
from outreach.applications.errors import NotAllowed, NotFound
from outreach.applications.people import is_minor
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.mail.links import path_for
from outreach.models.applications import Application
from outreach.organisations import standing
from outreach.questionnaire.timing import current_minutes


def can_invite(application: Application) -> bool:
    return (application.is_open and application.questionnaire_response_id is None and not application.values_scores
            and application.questionnaire_invited_at is None)


@transaction
def invite(organisation, actor, public_id: str) -> Application:
    """Email the person a link to the questionnaire; NotAllowed if already asked, done or closed."""
    standing.require_approved(organisation)  # the person is emailed on the provider's behalf
    application = db.session.execute(
        select(Application).where(Application.public_id == (public_id or "")).with_for_update(of=Application)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if application is None or application.opportunity.organisation_id != organisation.id:
        raise NotFound("not found")
    user = application.user
    if application.questionnaire_invited_at is not None:
        raise NotAllowed(f"You have already asked {user.first_name} to do the values questionnaire. "
                         "We ask once, so they are not pestered.")
    if application.questionnaire_response_id is not None or application.values_scores:
        raise NotAllowed(f"{user.first_name} has done the values questionnaire: their result is on the application.")
    if not application.is_open:
        raise NotAllowed("This application has ended, so there is nothing to ask.")
    now = clock.now()
    application.questionnaire_invited_at = now
    opportunity = application.opportunity
    queue_email(to=user.email, user=user, template="application_questionnaire_invite",
                subject=f"{opportunity.organisation.name} would like to see your values: {opportunity.title}",
                key=f"application:{application.id}:questionnaire-invite", first_name=user.first_name,
                provider_name=opportunity.organisation.name, title=opportunity.title, minutes=current_minutes(),
                questionnaire_url=path_for("questionnaire.index"),
                application_url=path_for("applications.detail", public_id=application.public_id))
    audit.record("application.questionnaire_invited", actor=actor, subject=application,
                 minor=is_minor(user.date_of_birth) or None)
    return application
