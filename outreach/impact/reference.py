"""Reference data for the impact dashboard, edited in content/ without code changes.

``areas()``: local authority areas as lists of postcode districts (content/areas.yaml).
``baseline()``: published shares of the adult social care workforce to compare applicants and
hires with (content/workforce_baseline.yaml). Both are read and checked with the rest of the
content (outreach.content.reference), so a malformed file stops the app at start-up.
"""
from __future__ import annotations

from outreach import content
from outreach.content.reference import Area, BaselineShare


def areas() -> tuple[Area, ...]:
    return content.current().areas


def area(slug: str) -> Area | None:
    return next((a for a in areas() if a.slug == slug), None)


def baseline() -> tuple[BaselineShare, ...]:
    return content.current().baseline
