"""What an import tells the user: problems per row and column (errors stop the import, warnings do not)."""
from __future__ import annotations

from dataclasses import dataclass

from ..domain.errors import ValidationError


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a file. `row` is the row number the spreadsheet program shows (1 = first
    row); `column` the template's column name. Either may be None for problems of the whole file."""

    row: int | None
    column: str | None
    message: str
    warning: bool = False

    def text(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Fila {self.row}")
        if self.column:
            where.append(f"columna {self.column}")
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message}"

    def __str__(self) -> str:
        return self.text()


class FileRejected(ValidationError):
    """The file cannot be read as a table of this kind at all (not a spreadsheet, damaged, protected
    with a password, empty, too large, header not found, required columns missing). Nothing was saved."""


def without_label(message: str) -> str:
    """«DNI: debe tener…» → «debe tener…»: in an import the column already names the field."""
    head, sep, tail = message.partition(": ")
    if sep and len(head) <= 40 and "." not in head and "«" not in head:
        return tail
    return message
