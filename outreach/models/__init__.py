"""All tables, imported here so Alembic and the app see every model."""
from outreach.models.accounts import EmailToken, RateLimitCounter, User, UserSession  # noqa: F401
from outreach.models.audit import AuditEvent  # noqa: F401
from outreach.models.organisations import Invitation, Membership, Organisation  # noqa: F401
from outreach.models.outbox import JobRun, OutboxMessage  # noqa: F401
from outreach.models.reminders import ReminderSent  # noqa: F401
