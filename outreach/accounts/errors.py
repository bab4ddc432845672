"""Domain errors raised by account services and shown beside the right field."""
from outreach.domain import DomainError


class AccountError(DomainError):
    """A refusal from the account services."""


class InvalidCredentials(AccountError):
    pass


class TokenInvalid(AccountError):
    pass


class EmailAlreadyConfirmed(TokenInvalid):
    """A confirmation link opened again after the address was confirmed: nothing is wrong."""


class PasswordRejected(AccountError):
    field = "password"


class TooManyPasswordGuesses(AccountError):
    """Too many wrong current passwords for this account in the window; shown beside the field."""

    def __init__(self, message: str, field: str | None = None, retry_after: int = 60):
        super().__init__(message, field)
        self.retry_after = retry_after


class AccountLocked(AccountError):
    """Too many failed sign-ins for this email in the window (whether or not the account exists)."""

    field = "password"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
