"""Errors raised by services, each with a Spanish message a user can act on."""
from __future__ import annotations


class SigmaError(Exception):
    """Base error: `message` is shown to the user as is (Spanish)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(SigmaError):
    """Bad input: the field named is wrong; nothing was saved.

    `messages` holds every bad field's message when a rule found several (`field` and `message` are the
    first of them), so that a form can mark them all at once."""

    def __init__(self, message: str, field: str | None = None, messages: dict[str, str] | None = None):
        super().__init__(message, field)
        self.messages: dict[str | None, str] = dict(messages) if messages else {field: message}


class PermissionDenied(SigmaError):
    """The user's role or scope does not allow the action."""


class NotFound(SigmaError):
    """The record does not exist (or is outside the user's scope)."""


class AuthenticationError(SigmaError):
    """Wrong DNI or password, or a locked account."""


class StaleRecord(SigmaError):
    """The record changed since it was read (optimistic concurrency)."""
