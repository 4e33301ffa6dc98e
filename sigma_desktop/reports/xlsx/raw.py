"""The raw export for analysts: every activity record in the filter, one row each, in constant memory.

Row 1 holds the column names (no title block, so that other programs read it directly); a second sheet
«Información» says what the file contains. `rows` is any iterable of tuples in RAW_COLUMNS order.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..formatting import ReportMeta
from .stream import XlsxWriter

# (header, width, style): the order of the tuples services/exports.py yields.
RAW_COLUMNS: tuple[tuple[str, float, str | None], ...] = (
    ("ID actividad", 38, None), ("Año", 6, None), ("Mes", 5, None), ("Código DRE", 10, None),
    ("Código UGEL", 10, None), ("UGEL", 28, None), ("Intervención", 16, None),
    ("DNI acompañante", 11, None), ("Acompañante", 32, None), ("Actividad", 22, None),
    ("Tipo de visita", 13, None), ("DNI docente", 11, None), ("Docente", 32, None),
    ("Código modular", 11, None), ("Anexo", 6, None), ("Institución educativa", 36, None),
    ("Tema", 28, None), ("Fecha programada", 12, "plain_date"), ("Estado", 13, None),
    ("Fecha de ejecución", 12, "plain_date"), ("Motivo de no ejecución", 30, None),
    ("Detalle del motivo", 24, None), ("Validación", 11, None), ("Horas", 7, None), ("Días", 6, None),
    ("Padres de familia", 9, None), ("Sabios", 7, None), ("Autoridades", 9, None),
    ("Viático asignado (S/)", 12, "plain_dec2"), ("Viático rendido (S/)", 12, "plain_dec2"),
    ("Kit", 20, None), ("Cantidad planificada", 10, None), ("Cantidad entregada", 10, None),
    ("Desempeño 1", 9, None), ("Desempeño 2", 9, None), ("Desempeño 3", 9, None), ("Desempeño 4", 9, None),
    ("Desempeño 5", 9, None), ("Desempeño 6", 9, None),
)
SHEET_NAME = "Actividades"


def write_raw_workbook(rows: Iterable[Sequence], meta: ReportMeta, path: str | Path,
                       progress: Callable[[int], None] | None = None) -> int:
    """Writes every row (new sheets «Actividades (2)»… past Excel's row limit); returns the row count."""
    widths = [w for _, w, _ in RAW_COLUMNS]
    styles = [s for _, _, s in RAW_COLUMNS]
    header = [h for h, _, _ in RAW_COLUMNS]
    total = 0
    iterator = iter(rows)
    with XlsxWriter(path, title=meta.title) as wb:
        sheets = 0
        while True:
            sheets += 1
            ws = wb.sheet(SHEET_NAME if sheets == 1 else f"{SHEET_NAME} ({sheets})", widths, freeze="A2",
                          landscape=True, print_title_rows=(1, 1))
            ws.append(header, "header", height=30)
            exhausted = True
            batch: list = []
            for row in iterator:
                batch.append(row)
                if len(batch) >= 5000:
                    total += ws.extend(batch, styles)
                    batch.clear()
                    if progress:
                        progress(total)
                    if ws.rows_written >= 1_048_576 - 5000 or ws.full:
                        exhausted = False
                        break
            if batch:
                total += ws.extend(batch, styles)
            ws.autofilter(1)
            if exhausted:
                break
        info = wb.sheet("Información", [28, 90])
        info.append([meta.title], "title")
        info.append([])
        for label, value in (("Institución", " · ".join(meta.institution)), *meta.filters,
                             ("Generado", f"{meta.generated_text()} (hora de Lima)"),
                             ("Elaborado por", meta.prepared_by or "—"), ("Registros", total),
                             ("Contenido", "Una fila por actividad planificada (vigente) en el ámbito y el periodo, "
                                           "con su registro de ejecución o no ejecución vigente y su validación. "
                                           "Montos en soles; niveles de desempeño de I a IV como 1 a 4.")):
            info.append([label, value], ["label", "wrap"])
    if progress:
        progress(total)
    return total
