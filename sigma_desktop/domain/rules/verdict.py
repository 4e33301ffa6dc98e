"""What a rule answers: the write to make, `Unchanged` (nothing to do) or `Refused` with a Spanish message
per field. A rule never raises for bad input: callers decide whether a refusal is an exception (services),
a row's problems (the import) or marks on a form."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from ..errors import ValidationError

W = TypeVar("W")


@dataclass(frozen=True, slots=True)
class Refused:
    messages: dict[str, str]  # field → message, in the order the rules found them

    def error(self) -> ValidationError:
        field, message = next(iter(self.messages.items()))
        return ValidationError(message, field, self.messages)


@dataclass(frozen=True, slots=True)
class Unchanged:
    """The record already says what the command says; `message` tells why when a caller refuses it."""

    message: str | None = None
    field: str | None = None


class Problems:
    """Collects the first message of each field while a rule runs."""

    __slots__ = ("found",)

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def add(self, field: str, message: str | None) -> None:
        if message is not None and field not in self.found:
            self.found[field] = message

    def limit(self, limit, value) -> None:
        message = limit.problem(value)
        if message is not None and limit.field not in self.found:
            self.found[limit.field] = message

    def __bool__(self) -> bool:
        return bool(self.found)

    def refused(self) -> Refused:
        return Refused(self.found)

    def or_(self, write: W) -> W | Refused:
        return Refused(self.found) if self.found else write


def accepted(decision: W | Refused) -> W:
    """The write a rule decided, or its refusal raised as a ValidationError (for the services)."""
    if decision.__class__ is Refused:
        raise decision.error()
    return decision
