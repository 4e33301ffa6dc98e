"""The title block that heads every formatted sheet: what, where, when, for which filter."""
from __future__ import annotations

from ..formatting import ReportMeta
from .stream import Sheet

HEADER_ROW = 6  # formatted sheets: rows 1–5 are the title block, the column headers are row 6


def title_block(ws: Sheet, meta: ReportMeta, heading: str) -> int:
    """Writes rows 1–5 and returns the row where the column headers go."""
    ws.append([heading], "title", height=20)
    ws.append([" · ".join(meta.institution)], "subtitle")
    ws.append(["; ".join(f"{label}: {value}" for label, value in meta.filters)], "note")
    generated = f"Generado el {meta.generated_text()} (hora de Lima) con SIGMA Desktop"
    if meta.prepared_by:
        generated += f" por {meta.prepared_by}"
    ws.append([generated], "note")
    ws.append([])
    return HEADER_ROW


def closing_rows(ws: Sheet, meta: ReportMeta) -> None:
    """At the end of the last sheet: who signs, and once, small, the verification code."""
    from ..formatting import verification_code

    ws.append([])
    ws.append(["; ".join(f"{label}: {name or '____________________'}" + (f" ({role})" if role else "")
                         for label, name, role in meta.signatures)], "note")
    digest = meta.extra.get("checksum")
    if digest:
        ws.append([f"Código de verificación: {verification_code(digest)} (sigma verify ARCHIVO lo vuelve a "
                   "calcular desde la base de datos)"], "note")
