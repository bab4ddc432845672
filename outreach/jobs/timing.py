"""When reminders may go out: never at night, UK time."""
from __future__ import annotations

from datetime import datetime, time

from outreach.clock import UK

QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)


def is_quiet(now: datetime) -> bool:
    """True between 21:00 and 08:00 in the UK, when reminder jobs hold their emails."""
    local = now.astimezone(UK).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL
