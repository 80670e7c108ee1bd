"""Errors a user can cause. Front doors turn them into one private line."""


class UserError(Exception):
    """A mistake the user can fix; the message is shown to them as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(UserError):
    """An option is missing, malformed or out of range."""


class NotFound(UserError):
    """The thing the user named does not exist."""


class Forbidden(UserError):
    """The user may not do this."""


class Conflict(Exception):
    """A concurrent write won the race (a unique key was taken); the caller may retry once."""


class Contention(Exception):
    """A transient database conflict (a lock wait ran out, a serialisation failure or a
    deadlock): nothing was written, and the whole unit of work may run again."""
