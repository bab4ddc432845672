"""Email: services queue messages in the outbox inside their own transaction;
the scheduler's sender delivers them. Nothing in a request waits for SMTP."""
from outreach.mail.outbox import queue_email  # noqa: F401
