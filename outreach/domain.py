"""The service-call contract every feature follows.

A service function is wrapped in ``@transaction``: it commits when it returns and rolls back when
anything is raised, and a service called from inside another joins the caller's transaction (only
the outermost commits). A refusal a person can act on is a ``DomainError`` (or a feature's subclass)
carrying a message and, optionally, the form field it belongs beside. Views call services, catch
``DomainError`` and show it with ``outreach.web.show_error``; they never commit or roll back
themselves (``tests/foundation/test_conventions.py`` checks this).
"""
from __future__ import annotations

from contextvars import ContextVar
from functools import wraps
from typing import Callable, ParamSpec, TypeVar

from outreach.extensions import db

P = ParamSpec("P")
R = TypeVar("R")

_depth: ContextVar[int] = ContextVar("service_transaction_depth", default=0)


class DomainError(Exception):
    """A refusal the person can act on: ``message`` to show, ``field`` to show it beside (or None)."""

    field: str | None = None

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field:
            self.field = field

    @property
    def problems(self) -> list[tuple[str | None, str]]:
        """Every (field, message) this error carries: one, unless a subclass gathers several."""
        return [(self.field, self.message)]


class InvalidDetails(DomainError):
    """Several things typed into a form need fixing: all of them are reported at once."""

    def __init__(self, problems: list[tuple[str | None, str]]):
        field, message = problems[0]
        super().__init__(message, field=field)
        self._problems = list(problems)

    @property
    def problems(self) -> list[tuple[str | None, str]]:
        return list(self._problems)


def transaction(service: Callable[P, R]) -> Callable[P, R]:
    """Run the service in one transaction: commit on return, roll back on any exception.

    Nested calls join the outer transaction, so a service may call another freely."""

    @wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        depth = _depth.get()
        token = _depth.set(depth + 1)
        try:
            result = service(*args, **kwargs)
        except BaseException:
            if depth == 0:
                db.session.rollback()
            raise
        finally:
            _depth.reset(token)
        if depth == 0:
            db.session.commit()
        return result

    return run


def in_transaction() -> bool:
    """True inside a ``@transaction`` service (its own commits would end the caller's transaction)."""
    return _depth.get() > 0
