"""Errors raised by services. Each carries an English message id and parameters to translate."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base of every error a user may see. ``message`` is an English msgid, ``params`` fill it."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params


class ValidationError(ServiceError):
    """Input that cannot be stored; ``field`` names the offending form field."""

    def __init__(self, field: str, message: str, **params: Any) -> None:
        super().__init__(message, **params)
        self.field = field


class NotFoundError(ServiceError):
    pass


class PermissionDenied(ServiceError):
    pass


class ConflictError(ServiceError):
    """Someone else changed the row since it was read. ``current`` holds the stored values."""

    def __init__(self, table: str, row_id: int, current: dict[str, Any]) -> None:
        super().__init__("Someone else changed this record; review their change", table=table)
        self.table = table
        self.row_id = row_id
        self.current = current


class TransitionError(ServiceError):
    """An action not allowed in the record's current state."""


class DatabaseError(ServiceError):
    """The database cannot be used (wrong path, newer schema, not a database)."""
