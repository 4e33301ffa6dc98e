"""The quality module's export: the findings (one row each, with state and note), the records behind
them, and what each check looks for with the thresholds used."""
from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence
from uuid import UUID

from ...domain.quality.kinds import KINDS
from ...domain.quality.params import SPECS, Params
from ...domain.quality.records import RecordLine
from ...domain.quality.review import ReviewedFinding
from ..formatting import ReportMeta
from .blocks import title_block
from .stream import XlsxWriter

FINDING_COLUMNS = (("Código", 11), ("Tipo de hallazgo", 28), ("UGEL", 24), ("Asunto", 40), ("Mes", 11),
                   ("Registros", 10), ("Estado", 20), ("Nota", 40), ("Marcado por (DNI)", 12), ("Detalle", 70))
RECORD_COLUMNS = (("Código del hallazgo", 11), ("Tipo de hallazgo", 26), ("Registro", 20), ("Acompañante", 32),
                  ("DNI", 10), ("Docente / IE / tema", 40), ("Mes", 11), ("Fecha", 11), ("Estado del registro", 26),
                  ("Viáticos", 30), ("Registrado el", 16), ("ID del registro", 38))


def short_id(finding: ReviewedFinding) -> str:
    """The code a person types to name a finding (`sigma calidad mark CÓDIGO`): the id's first 8 digits."""
    return str(finding.id)[:8]


def write_quality_workbook(findings: Sequence[ReviewedFinding], lines: Mapping[UUID, list[RecordLine]],
                           params: Params, meta: ReportMeta, path: str | Path) -> int:
    """Writes the workbook; returns the number of record rows."""
    total = 0
    with XlsxWriter(path, title=meta.title) as wb:
        ws = wb.sheet("Hallazgos", [w for _, w in FINDING_COLUMNS], freeze="A7", landscape=True,
                      print_title_rows=(6, 6))
        title_block(ws, meta, meta.title)
        ws.append([h for h, _ in FINDING_COLUMNS], "header", height=30)
        for r in findings:
            ws.append([short_id(r), r.kind_label, r.ugel_label, r.subject_label, r.month_label, r.count,
                       r.state_label, r.note, r.stored.by_dni if r.stored and r.stored.by_dni else "",
                       r.finding.detail],
                      ["text", "text", "text", "wrap", "text", "int", "text", "wrap", "text", "wrap"])
        ws.autofilter(6)
        ws = wb.sheet("Registros", [w for _, w in RECORD_COLUMNS], freeze="A2", landscape=True,
                      print_title_rows=(1, 1))
        ws.append([h for h, _ in RECORD_COLUMNS], "header", height=30)
        for r in findings:
            for line in lines.get(r.id, ()):
                ws.append([short_id(r), r.kind_label, line.what_label, line.coach, line.dni, line.subject,
                           line.month_label, line.day, line.state_label, line.money_label, line.registered_label,
                           str(line.record_id)],
                          ["text", "text", "text", "text", "text", "wrap", "text", "date", "text", "text", "text",
                           "text"])
                total += 1
        ws.autofilter(1)
        info = wb.sheet("Qué se revisa", [30, 90])
        info.append(["Qué revisa cada comprobación"], "title")
        info.append([])
        for kind, k in KINDS.items():
            info.append([k.label, f"{k.description} Corrige: {k.who}."], ["label", "wrap"])
        info.append([])
        info.append(["Parámetros usados"], "subtitle")
        values = params.as_dict()
        for spec in SPECS:
            info.append([spec.label, values[spec.name]], ["label", "text"])
    return total
