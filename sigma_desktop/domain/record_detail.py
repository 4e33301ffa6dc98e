"""Everything registered about one activity's record, as a person reads it: the Gestor Local's detail panel
before validating, and the printed record of a single visit (A4)."""
from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID


@dataclass(frozen=True)
class DetailSection:
    title: str
    lines: tuple[tuple[str, str], ...]  # (label, value); an empty label continues the line above


@dataclass(frozen=True)
class RecordDetail:
    activity_id: UUID
    execution_id: UUID | None
    title: str             # «Visita en aula (Diagnóstica) — Quispe Mamani, Rosa»
    ugel_code: str
    year: int
    month: int
    coach_dni: str
    coach_name: str
    sections: tuple[DetailSection, ...] = field(default_factory=tuple)
    closed_mark: str = ""  # «Mes cerrado el dd/mm/aaaa por …» when the month is closed

    def text(self) -> str:
        """Plain text (tests, the clipboard)."""
        out = [self.title]
        if self.closed_mark:
            out.append(self.closed_mark)
        for s in self.sections:
            out.append(s.title)
            out += [f"  {label}: {value}" if label else f"    {value}" for label, value in s.lines]
        return "\n".join(out)
