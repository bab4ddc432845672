"""The one clock. Everything asks here for the time so tests can set it."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
_frozen: datetime | None = None


def now() -> datetime:
    """Aware UTC now (or the frozen time in tests)."""
    if _frozen is not None:
        return _frozen
    return datetime.now(timezone.utc)


def today_uk() -> date:
    return now().astimezone(UK).date()


def freeze(moment: datetime | None) -> None:
    """Set (or with None, release) the time. Tests only."""
    global _frozen
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    _frozen = moment


def as_utc(moment: datetime | None) -> datetime | None:
    """Databases hand back naive datetimes (SQLite) or aware ones; make both aware UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def to_uk(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(UK)


def age_on(date_of_birth: date, on: date) -> int:
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years
