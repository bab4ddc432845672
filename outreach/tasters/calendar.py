"""Calendar files (.ics) for a confirmed place or, for the provider, a whole session."""
from __future__ import annotations

import re

from flask import current_app
from icalendar import Calendar, Event

from outreach import clock
from outreach.mail.links import path_for
from outreach.models.opportunities import TasterSession
from outreach.opportunities.notify import place_text


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//CareWays//Tasters//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def session_event(session: TasterSession, uid: str, description: str) -> bytes:
    opportunity = session.opportunity
    event = Event()
    event.add("uid", f"{uid}@careways")
    event.add("dtstamp", clock.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", f"{opportunity.kind_label}: {opportunity.title} ({opportunity.organisation.name})")
    event.add("location", place_text(opportunity))
    event.add("description", description)
    event.add("url", current_app.config["BASE_URL"].rstrip("/") + path_for(
        "tasters.detail", public_id=opportunity.public_id))
    calendar = _calendar()
    calendar.add_component(event)
    return calendar.to_ical()


def visitor_file(signup) -> bytes:
    session = signup.session
    opportunity = session.opportunity
    lines = [f"Supervised by {session.supervisor_name}."]
    if opportunity.what_to_wear:
        lines.append(f"What to wear and bring: {opportunity.what_to_wear}")
    if opportunity.safeguarding_contact_name:
        lines.append(f"Safeguarding contact: {opportunity.safeguarding_contact_name}, "
                     f"{opportunity.safeguarding_contact}")
    return session_event(session, f"signup-{signup.public_id}", "\n".join(lines))


def provider_file(session: TasterSession) -> bytes:
    return session_event(session, f"session-{session.public_id}",
                         f"Supervisor: {session.supervisor_name}. {session.places_taken} of {session.places} places "
                         "taken. See CareWays for the register.")


def filename(session: TasterSession) -> str:
    """Chosen by the server from safe characters only."""
    slug = re.sub(r"[^a-z0-9]+", "-", session.opportunity.title.lower()).strip("-")[:40] or "taster"
    return f"careways-{slug}-{clock.to_uk(session.starts_at).strftime('%Y-%m-%d')}.ics"
