"""The columns of each kind of import: names, aliases (Padrón de IIEE), descriptions and examples.

One table drives everything: the header matching of the reader, the template's header, instructions
and dropdowns, and docs/import.md. Column names are Spanish, lower case, without accents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..domain.text import fold

KINDS = ("ies", "docentes", "acompanantes", "asignaciones", "actividades")

KIND_TITLES = {
    "ies": "Instituciones educativas",
    "docentes": "Docentes",
    "acompanantes": "Acompañantes pedagógicos",
    "asignaciones": "Asignaciones docente – acompañante",
    "actividades": "Actividades planificadas y ejecutadas",
}


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    required: bool = False
    example: str = ""
    aliases: tuple[str, ...] = ()
    reference: str | None = None    # reference list offered as a dropdown in the template
    format: str = "text"            # text | code | date | int: how the template formats the column
    width: int = 16


@dataclass(frozen=True)
class Spec:
    kind: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]             # natural key inside the file (duplicates are errors)
    known: tuple[str, ...] = ()      # recognised columns that are ignored without a warning

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def lookup(self) -> dict[str, str]:
        """Normalised header text → column name (names and aliases)."""
        out = {}
        for c in self.columns:
            out[normalise(c.name)] = c.name
            for alias in c.aliases:
                out[normalise(alias)] = c.name
        return out


_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(header: object) -> str:
    """«Código Modular», «COD_MOD», « apellido-paterno » → codigo_modular, cod_mod, apellido_paterno."""
    if header is None:
        return ""
    if isinstance(header, float) and header.is_integer():
        header = int(header)
    return _NON_WORD.sub("_", fold(str(header))).strip("_")


DNI = "8 dígitos; si la celda es numérica se reponen los ceros a la izquierda"
CODE7 = "7 dígitos (se reponen los ceros a la izquierda)"

_PERSON = (
    Column("apellido_paterno", "Apellido paterno", True, "Quispe", width=20),
    Column("apellido_materno", "Apellido materno (vacío si no tiene)", False, "Ñahui", width=20),
    Column("nombres", "Nombres", True, "Rosa Elena", width=24),
)

SPECS: dict[str, Spec] = {
    "ies": Spec("ies", (
        Column("codigo_modular", f"Código modular de la IE: {CODE7}", True, "0512345",
               ("cod_mod", "codmod", "codigo_modular_ie"), format="code", width=15),
        Column("anexo", "Anexo: 0 para la sede, 1 a 9 para los anexos (vacío = 0)", False, "0",
               ("anexo_ie",), format="code", width=8),
        Column("nombre", "Nombre de la IE", True, "IE N° 54321 Señor de Ánimas",
               ("cen_edu", "nombre_ie", "nombre_de_la_ie"), width=36),
        Column("nivel", "Nivel: inicial, primaria o secundaria (del Padrón se aceptan las descripciones "
               "de D_NIV_MOD; las filas de otras modalidades se omiten con aviso)", True, "primaria",
               ("d_niv_mod", "nivel_modalidad", "nivel_educativo"), "niveles", width=14),
        Column("caracteristica", "Característica: unidocente, polidocente_multigrado o polidocente_completo",
               False, "unidocente", ("d_cod_car", "caracteristica_ie"), "caracteristicas", width=24),
        Column("area", "Área: urbana o rural (1 = urbana, 2 = rural, como AREA_CENSO)", True, "rural",
               ("area_censo", "d_areacenso", "area_geografica", "dareacenso"), "areas", width=10),
        Column("ubigeo", "Ubigeo INEI del distrito: 6 dígitos (se reponen los ceros)", True, "030701",
               ("codgeo", "ubigeo_inei", "cod_geo"), format="code", width=10),
        Column("codigo_ugel", "Código de la UGEL (o DRE) que supervisa la IE: 6 dígitos", True, "030007",
               ("codooii", "cod_ugel", "codigo_dre_ugel", "cod_ooii"), "ugel", "code", 13),
        Column("nombre_ugel", "Nombre de la UGEL: con él se registra una UGEL que SIGMA aún no tiene y que no está "
               "en el catálogo de Minedu (como D_DREUGEL del Padrón)", False, "UGEL Grau",
               ("d_dreugel", "ugel", "nombre_de_la_ugel"), width=24),
        Column("codigo_dre", "Código de la DRE de esa UGEL (6 dígitos; vacío: la DRE registrada de su "
               "departamento)", False, "030000", ("cod_dre",), format="code", width=11),
        Column("nombre_dre", "Nombre de la DRE, si también es nueva (como D_REGION del Padrón)", False,
               "DRE Apurímac", ("d_region", "dre", "nombre_de_la_dre"), width=20),
        Column("codigo_local", "Código de local: 6 dígitos", False, "123456",
               ("codlocal", "cod_local"), format="code", width=13),
        Column("activa", "¿IE activa? sí o no (ESTADO del Padrón: 1 activa, 2 inactiva); vacío = sí", False,
               "sí", ("estado", "d_estado", "estado_ie"), "si_no", width=8),
    ), key=("codigo_modular", "anexo"),
        known=("d_gestion", "gestion", "ges_dep", "d_ges_dep", "d_dpto", "d_prov", "d_dist",
               "niv_mod", "cod_car", "dir_cen", "errores")),
    "docentes": Spec("docentes", (
        Column("dni", f"DNI del docente: {DNI}", True, "40000001", ("dni_docente", "documento"), format="code",
               width=11),
        *_PERSON,
        Column("codigo_modular", f"Código modular de la IE donde enseña: {CODE7}", True, "0512345",
               ("cod_mod",), format="code", width=15),
        Column("anexo", "Anexo de la IE (vacío = 0)", False, "0", format="code", width=8),
    ), key=("dni",), known=("errores",)),
    "acompanantes": Spec("acompanantes", (
        Column("dni", f"DNI del acompañante: {DNI}", True, "45000001", ("dni_acompanante",), format="code",
               width=11),
        *_PERSON,
        Column("codigo_ugel", "Código de la UGEL donde trabaja: 6 dígitos", True, "030007",
               ("cod_ugel", "codooii"), "ugel", "code", 13),
        Column("intervencion", "Intervención (clave o nombre de la hoja «referencia»)", True, "multigrado",
               (), "intervenciones", width=18),
        Column("inicio_contrato", "Inicio del contrato (dd/mm/aaaa)", False, "01/03/2024", format="date",
               width=15),
        Column("fin_contrato", "Fin del contrato (dd/mm/aaaa)", False, "31/12/2024", format="date", width=15),
    ), key=("dni",), known=("errores",)),
    "asignaciones": Spec("asignaciones", (
        Column("dni_docente", f"DNI del docente: {DNI}", True, "40000001", format="code", width=12),
        Column("dni_acompanante", f"DNI del acompañante: {DNI}", True, "45000001", format="code", width=16),
        Column("anio", "Año de la asignación", True, "2024", ("ano", "año", "periodo"), format="int", width=8),
    ), key=("dni_docente", "dni_acompanante", "anio"), known=("errores", "nombres", "docente", "acompanante")),
    "actividades": Spec("actividades", (
        Column("dni_acompanante", f"DNI del acompañante que planifica: {DNI}", True, "45000001",
               format="code", width=16),
        Column("tipo", "Tipo de actividad: visita, gia, taller, visita_social, ruta o materiales", True, "visita",
               ("tipo_actividad", "actividad"), "tipos_actividad", width=14),
        Column("anio", "Año", True, "2024", ("ano", "año"), format="int", width=7),
        Column("mes", "Mes planificado: 1 a 12 o su nombre", True, "4", format="int", width=6),
        Column("dni_docente", "Visita: DNI del docente visitado; materiales: docente que los recibe", False,
               "40000001", format="code", width=12),
        Column("codigo_modular", "Visita social comunitaria, o materiales entregados a una IE: código modular",
               False, "0512345", format="code", width=15),
        Column("anexo", "Anexo de esa IE (vacío = 0)", False, "0", format="code", width=8),
        Column("tipo_visita", "Visita: diagnostica, desarrollo o cierre (vacío: la primera visita del docente "
               "es la diagnóstica y las siguientes de desarrollo)", False, "diagnostica", (), "tipos_visita",
               width=14),
        Column("fecha_programada", "Fecha programada dentro del mes (dd/mm/aaaa); distingue dos actividades "
               "iguales del mismo mes", False, "08/04/2024", format="date", width=16),
        Column("tema", "GIA o taller: tema", False, "Evaluación formativa", width=28),
        Column("docentes_convocados", "GIA o taller: DNI de los docentes convocados, separados por «;» "
               "(al menos dos)", False, "40000001; 40000002", ("convocados",), width=30),
        Column("horas", "GIA o taller: horas planificadas", False, "4", format="int", width=7),
        Column("dias", "Taller: días planificados (1 a 10); ruta: días de viático (1 a 31, obligatorio)", False,
               "2", format="int", width=6),
        Column("iiee", "Ruta: códigos modulares de las IIEE de la ruta, separados por «;» (0512345-1 para un "
               "anexo)", False, "0512345; 0512346", width=26),
        Column("viaticos_asignados", "Ruta: viáticos asignados en soles (por ejemplo 350.50)", False, "350.50",
               width=12),
        Column("kit", "Materiales: kit o material entregado", False, "Kit de comprensión lectora", width=24),
        Column("cantidad", "Materiales: cantidad planificada (1 a 10 000)", False, "25", format="int", width=9),
        Column("estado", "planificada, ejecutada o no_ejecutada (vacío: se deduce de fecha_ejecucion y "
               "motivo_no_ejecucion)", False, "ejecutada", (), "estados", width=14),
        Column("fecha_ejecucion", "Fecha en que se ejecutó (o debía ejecutarse, si no se ejecutó); dentro del "
               "mes planificado y nunca futura", False, "10/04/2024", ("fecha",), format="date", width=16),
        Column("motivo_no_ejecucion", "Motivo de no ejecución (código o nombre de la hoja «referencia»); "
               "obligatorio si no se ejecutó", False, "huelga", ("motivo",), "motivos", width=22),
        Column("detalle_motivo", "Detalle del motivo (obligatorio para «otro»)", False, "", width=24),
        *(Column(f"nivel_d{n}", f"Visita ejecutada: nivel del desempeño {n} (I, II, III, IV o 1 a 4)"
                 + (" — solo rúbrica 2017" if n == 2 else ""), False, "III", (f"desempeno_{n}", f"d{n}"),
                 "niveles_rubrica", width=9) for n in range(1, 7)),
        Column("asistentes", "GIA o taller ejecutado: DNI de los docentes que asistieron, separados por «;»",
               False, "40000001; 40000002", width=30),
        Column("horas_ejecutadas", "GIA o taller ejecutado: duración en horas (vacío: las horas planificadas)",
               False, "4", format="int", width=10),
        Column("dias_ejecutados", "Taller ejecutado: días (0 a 10); ruta ejecutada: días de viático (0 a 31, "
               "obligatorio)", False, "2", format="int", width=9),
        Column("iiee_visitadas", "Ruta ejecutada: códigos modulares de las IIEE visitadas, separados por «;»",
               False, "0512345", width=24),
        Column("viaticos_rendidos", "Ruta ejecutada: viáticos rendidos en soles", False, "320.00", width=12),
        Column("cantidad_entregada", "Materiales entregados: cantidad (0 a 10 000)", False, "25", format="int",
               width=10),
        Column("padres", "Visita social ejecutada: padres de familia participantes", False, "12", format="int",
               width=8),
        Column("sabios", "Visita social ejecutada: sabios participantes", False, "2", format="int", width=8),
        Column("autoridades", "Visita social ejecutada: autoridades participantes", False, "1", format="int",
               width=11),
        Column("observaciones", "Observaciones de la visita", False, "", ("notas",), width=30),
    ), key=("dni_acompanante", "tipo", "anio", "mes", "dni_docente", "codigo_modular", "tema",
            "fecha_programada"), known=("errores", "docente", "acompanante", "nombres")),
}


def spec(kind: str) -> Spec:
    from .problems import FileRejected

    if kind not in SPECS:
        raise FileRejected(f"Tipo de importación: «{kind}» no es válido (use: {', '.join(KINDS)}).", "tipo")
    return SPECS[kind]
