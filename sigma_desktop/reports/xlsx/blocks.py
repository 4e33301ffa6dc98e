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
    checksum = meta.extra.get("checksum")
    if checksum:
        generated += f". SHA-256 de los datos: {checksum}"
    ws.append([generated], "note")
    ws.append([])
    return HEADER_ROW
