"""Typed errors that carry a message for the curator, in Russian.

Every layer below ui raises these; the ui shows ``message`` and never a traceback.
"""

from __future__ import annotations


class AppError(Exception):
    """An error the curator can understand and act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseOpenError(AppError):
    """The database file cannot be opened; the file is left untouched."""


class DatabaseNotValid(DatabaseOpenError):
    pass


class DatabaseDamaged(DatabaseNotValid):
    """The file is the program's database but damaged (empty, truncated, failed checks):
    the window offers to restore the newest good backup in its place."""

    def __init__(self, message: str, path: object = None) -> None:
        super().__init__(message)
        self.path = path


class DatabaseReadOnly(DatabaseOpenError):
    pass


class DatabaseLocked(DatabaseOpenError):
    pass


class DatabaseTooNew(DatabaseOpenError):
    pass


class ServerUnavailable(DatabaseOpenError):
    """The database server does not answer (no network, wrong address, server stopped)."""


class ServerLoginFailed(DatabaseOpenError):
    """The server refused the user name or password; ``needs_password``: none was given."""

    def __init__(self, message: str, needs_password: bool = False) -> None:
        super().__init__(message)
        self.needs_password = needs_password


class ServerDatabaseMissing(DatabaseOpenError):
    """The server answers but has no database of that name (or no right to use it)."""


class ValidationError(AppError):
    """Wrong values in a form: ``errors`` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        lines = "\n".join(errors.values())
        super().__init__(f"Проверьте заполнение:\n{lines}")
        self.errors = errors


class NotFound(AppError):
    pass


class EditConflict(AppError):
    """Someone else changed or deleted the record between loading it and saving it (a shared
    server): nothing was saved; the form offers to load the fresh data and keeps the typing."""

    def __init__(self, message: str, *, deleted: bool = False) -> None:
        super().__init__(message)
        self.deleted = deleted  # nothing to load again: the form says so and keeps the typing
