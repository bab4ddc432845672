"""Domain errors raised by account services and shown beside the right field."""


class AccountError(Exception):
    field: str | None = None

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field:
            self.field = field


class InvalidCredentials(AccountError):
    pass


class TokenInvalid(AccountError):
    pass


class PasswordRejected(AccountError):
    field = "password"
