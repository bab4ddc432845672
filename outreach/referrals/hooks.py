"""Where referrals meet tasters, vacancies and applications, which other features provide.

Those features register a function at import time, for example in their views module:

    from outreach.referrals import hooks
    hooks.provide("provider_roles", my_roles_for_organisation)

Until something is registered, each hook returns its empty answer, so referrals work alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

_PROVIDERS: dict[str, list[Callable]] = {}
NAMES = ("provider_roles", "find_target", "link_targets", "waiting_applications", "in_application_pipeline")


@dataclass(frozen=True)
class Opening:
    """A taster or vacancy someone can be pointed to."""

    kind: str  # "vacancy" or "taster"
    public_id: str
    title: str
    url: str  # a path, e.g. url_for(...)


@dataclass(frozen=True)
class WaitingItem:
    """Something waiting for a recruiter, for the daily digest."""

    label: str  # no private details of minors, please
    waiting_since: datetime
    url: str


def provide(name: str, func: Callable) -> None:
    if name not in NAMES:
        raise ValueError(f"unknown referrals hook {name}")
    if func not in _PROVIDERS.setdefault(name, []):
        _PROVIDERS[name].append(func)


def withdraw(name: str, func: Callable) -> None:
    """Remove one provided function (tests use this to clean up after themselves)."""
    if func in _PROVIDERS.get(name, []):
        _PROVIDERS[name].remove(func)


def _call_all(name: str, *args) -> list:
    results = []
    for func in _PROVIDERS.get(name, []):
        results.extend(func(*args) or [])
    return results


def provider_roles(organisation) -> list[Opening]:
    """The provider's open vacancies and tasters for adults, shown to a friend after the form.

    Returns [] until the tasters and applications features provide "provider_roles"; the page then
    shows the provider's summary instead.
    """
    return _call_all("provider_roles", organisation)


def link_targets(organisation) -> list[Opening]:
    """Vacancies and tasters a staff member can make a personal link for ([] until provided)."""
    return _call_all("link_targets", organisation)


def find_target(organisation, kind: str, public_id: str) -> Opening | None:
    """The organisation's vacancy or taster with that public id, or None (always None until provided)."""
    for func in _PROVIDERS.get("find_target", []):
        found = func(organisation, kind, public_id)
        if found is not None:
            return found
    return None


def waiting_applications(organisation, older_than: datetime) -> list[WaitingItem]:
    """Applications waiting for the recruiter since before ``older_than``, for the daily digest.

    Returns [] until the applications feature (issue 7) provides "waiting_applications".
    """
    return _call_all("waiting_applications", organisation, older_than)


def in_application_pipeline(organisation, email: str) -> bool:
    """True if this email already has an open application with the provider (False until provided)."""
    return any(func(organisation, email) for func in _PROVIDERS.get("in_application_pipeline", []))
