"""What a provider may see about a person: adults by name, under-18s by first name and age band only."""
from __future__ import annotations

from datetime import date

from outreach.matching_adapter import age_of

ADULT = 18


def age_band(age: int | None) -> str:
    if age is None:
        return "Age not known"
    if age < 16:
        return "14 to 15"
    if age < ADULT:
        return "16 to 17"
    return "18 or over"


def is_minor(date_of_birth: date | None, today: date | None = None) -> bool:
    age = age_of(date_of_birth, today)
    return age is None or age < ADULT


def shown_name(first_name: str, last_name: str | None, minor: bool) -> str:
    """Providers see an under-18's first name only."""
    if minor or not last_name:
        return first_name
    return f"{first_name} {last_name}"
