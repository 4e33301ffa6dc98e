"""Templates: an xlsx per kind with the header row, an instructions sheet, a reference sheet of valid codes
and dropdowns where Excel supports them. Code columns are formatted as text so that Excel keeps their
leading zeros; date columns as dd/mm/aaaa."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain import catalogues as cat
from .specs import Spec

DATA_ROWS = 5000  # rows prepared with formats and dropdowns

_STATIC_LISTS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "niveles": ("nivel", [(x, x.capitalize()) for x in cat.SCHOOL_LEVELS]),
    "caracteristicas": ("caracteristica", [(x, x.replace("_", " ").capitalize()) for x in cat.SCHOOL_CHARACTERISTICS]),
    "areas": ("area", [("urbana", "Urbana"), ("rural", "Rural")]),
    "si_no": ("activa", [("sí", "Sí"), ("no", "No")]),
    "tipos_actividad": ("tipo", [("visita", "Visita en aula"), ("gia", "GIA (grupo de interaprendizaje)"),
                                 ("taller", "Taller"), ("visita_social", "Visita social comunitaria (EIB)"),
                                 ("ruta", "Ruta (viáticos)"), ("materiales", "Entrega de materiales")]),
    "tipos_visita": ("tipo_visita", [("diagnostica", "Diagnóstica"), ("desarrollo", "Desarrollo"),
                                     ("cierre", "Cierre")]),
    "estados": ("estado", [("planificada", "Planificada"), ("ejecutada", "Ejecutada"),
                           ("no_ejecutada", "No ejecutada")]),
    "niveles_rubrica": ("nivel_dN", [("I", "Nivel I (insatisfactorio)"), ("II", "Nivel II (insatisfactorio)"),
                                     ("III", "Nivel III (satisfactorio)"), ("IV", "Nivel IV (satisfactorio)")]),
}

_TITLES = {"niveles": "Niveles", "caracteristicas": "Características", "areas": "Áreas", "si_no": "Sí / no",
           "tipos_actividad": "Tipos de actividad", "tipos_visita": "Tipos de visita", "estados": "Estados",
           "niveles_rubrica": "Niveles de la rúbrica", "ugel": "UGEL", "intervenciones": "Intervenciones",
           "motivos": "Motivos de no ejecución"}

GENERAL_NOTES = (
    "Llene una fila por registro en la hoja de datos, debajo de los encabezados. Las columnas pueden ir en "
    "cualquier orden; las que no son de la plantilla se ignoran con un aviso.",
    "Las columnas marcadas «sí» en «obligatoria» no pueden quedar vacías. Una celda vacía en una columna "
    "opcional no borra el dato ya guardado.",
    "Los códigos (DNI, código modular, ubigeo, código de UGEL) van como texto; si Excel los guardó como número y "
    "perdió los ceros a la izquierda, SIGMA los repone.",
    "Fechas: celda de fecha de Excel, o texto dd/mm/aaaa o aaaa-mm-dd. Nunca fechas futuras.",
    "La carga es todo o nada: si una fila tiene un error, no se guarda ninguna y SIGMA devuelve una copia del "
    "archivo con la columna «errores» y las celdas con problemas marcadas en rojo.",
    "Cargar dos veces el mismo archivo no duplica nada: los registros se reconocen por DNI, código modular y "
    "anexo, o (actividades) por acompañante, tipo, mes, docente, IE o tema y fecha programada.",
    "Los códigos válidos (UGEL, intervenciones, motivos…) están en la hoja «referencia».",
)


@dataclass
class Reference:
    interventions: list[tuple[str, str]] = field(default_factory=list)
    skip_reasons: list[tuple[str, str]] = field(default_factory=list)
    ugels: list[tuple[str, str]] = field(default_factory=list)

    def lists(self) -> dict[str, tuple[str, list[tuple[str, str]]]]:
        out = dict(_STATIC_LISTS)
        out["ugel"] = ("codigo_ugel", self.ugels)
        out["intervenciones"] = ("intervencion", self.interventions)
        out["motivos"] = ("motivo_no_ejecucion", self.skip_reasons)
        return out


def write_template(spec: Spec, path: Path, reference: Reference) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = spec.kind
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="1F4E79")
    required_fill = PatternFill("solid", fgColor="C00000")
    for j, col in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=j, value=col.name)
        cell.font = head_font
        cell.fill = required_fill if col.required else head_fill
        cell.alignment = Alignment(horizontal="center")
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(col.width, len(col.name) + 2)
        if col.format == "code":
            ws.column_dimensions[letter].number_format = "@"
        elif col.format == "date":
            ws.column_dimensions[letter].number_format = "DD/MM/YYYY"
    ws.freeze_panes = "A2"

    ref = wb.create_sheet("referencia")
    ranges: dict[str, str] = {}
    column = 1
    used_refs = {c.reference for c in spec.columns if c.reference}
    lists = reference.lists()
    for key in [k for k in lists if k in used_refs] + [k for k in ("ugel", "intervenciones", "motivos")
                                                       if k not in used_refs]:
        _for_column, values = lists[key]
        title = ref.cell(row=1, column=column, value=_TITLES[key])
        title.font = Font(bold=True)
        ref.cell(row=2, column=column, value="código").font = Font(italic=True)
        ref.cell(row=2, column=column + 1, value="nombre").font = Font(italic=True)
        for i, (code, name) in enumerate(values, start=3):
            ref.cell(row=i, column=column, value=code).number_format = "@"
            ref.cell(row=i, column=column + 1, value=name)
        letter = get_column_letter(column)
        if values:
            ranges[key] = f"referencia!${letter}$3:${letter}${2 + len(values)}"
        ref.column_dimensions[letter].width = max(14, max((len(c) for c, _n in values), default=0) + 2)
        ref.column_dimensions[get_column_letter(column + 1)].width = max(
            18, min(60, max((len(n) for _c, n in values), default=0) + 2))
        column += 3
    for j, col in enumerate(spec.columns, start=1):
        if col.reference and col.reference in ranges:
            letter = get_column_letter(j)
            dv = DataValidation(type="list", formula1=f"={ranges[col.reference]}", allow_blank=True,
                                showErrorMessage=False)  # a warning only: the import explains bad values
            dv.prompt = col.description[:250]
            dv.showInputMessage = True
            dv.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
            ws.add_data_validation(dv)

    info = wb.create_sheet("instrucciones", 1)
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 12
    info.column_dimensions["C"].width = 90
    info.column_dimensions["D"].width = 26
    info["A1"] = f"Plantilla de importación — {spec.title}"
    info["A1"].font = Font(bold=True, size=14)
    row = 3
    for note in GENERAL_NOTES:
        info.cell(row=row, column=1, value="•")
        cell = info.cell(row=row, column=2, value=note)
        info.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        info.row_dimensions[row].height = 30
        row += 1
    row += 1
    for j, title in enumerate(("columna", "obligatoria", "descripción", "ejemplo"), start=1):
        cell = info.cell(row=row, column=j, value=title)
        cell.font = head_font
        cell.fill = head_fill
    for col in spec.columns:
        row += 1
        info.cell(row=row, column=1, value=col.name).font = Font(bold=col.required)
        info.cell(row=row, column=2, value="sí" if col.required else "no")
        desc = col.description
        if col.aliases:
            desc += f" (también se acepta: {', '.join(a.upper() for a in col.aliases)})"
        info.cell(row=row, column=3, value=desc).alignment = Alignment(wrap_text=True, vertical="top")
        info.cell(row=row, column=4, value=col.example).number_format = "@"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
