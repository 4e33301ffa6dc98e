"""What every report shares: labels, number formats, the under-execution thresholds and the checksum.

Light on purpose (no openpyxl, no reportlab): the desktop panels use the same labels and thresholds.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain.catalogues import SKIP_REASONS
from ..domain.dates import LIMA, month_name
from ..domain.indicator_catalogue import IndicatorDef
from ..domain.reporting import LEVEL_LABELS, ReportFilter
from ..domain.text import sort_key

# The activity kinds of the Módulo de Control, with the words a report uses for them.
CONTROL_KINDS: tuple[tuple[str, str], ...] = (
    ("visita", "Visitas en aula"), ("gia", "GIA"), ("taller", "Talleres"),
    ("visita_social", "Visitas sociales comunitarias"), ("ruta", "Rutas y viáticos"),
    ("materiales", "Materiales"))
# The four kinds with the classroom and group work (the others carry amounts: soles, kits).
WORK_KINDS = ("visita", "gia", "taller", "visita_social")
KIND_SHORT = {"visita": "Visitas", "gia": "GIA", "taller": "Talleres", "visita_social": "V. sociales",
              "ruta": "Rutas", "materiales": "Materiales"}
CONTROL_FIELDS: tuple[tuple[str, str, str], ...] = (
    # key, column header, short header (printed grids, explained in a legend under the table)
    ("planned", "Planificadas", "Plan."),
    ("executed", "Ejecutadas", "Ejec."),
    ("%", "% ejecución", "% ejec."),
    ("not_executed", "No ejecutadas", "No ejec."),
    ("unregistered", "Sin registro", "Sin reg."),
    ("validated", "Validadas", "Valid."),
    ("observed", "Observadas", "Obs."),
    ("pending", "Pendientes de validación", "Pend."),
    ("assigned_cents", "Viáticos asignados (S/)", "Asign. S/"),
    ("spent_cents", "Viáticos rendidos (S/)", "Rend. S/"),
    ("%spent", "% rendido", "% rend."),
    ("qty_planned", "Kits planificados", "Kits plan."),
    ("qty_delivered", "Kits entregados", "Kits entr."),
    ("%qty", "% kits entregados", "% kits"),
)
FIELD_HEADER = {key: header for key, header, _short in CONTROL_FIELDS}
FIELD_SHORT = {key: short for key, _header, short in CONTROL_FIELDS}
_WORK_FIELDS = ("planned", "executed", "%", "not_executed", "unregistered", "validated", "observed", "pending")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    **{k: _WORK_FIELDS for k in WORK_KINDS},
    "ruta": ("planned", "executed", "%", "not_executed", "assigned_cents", "spent_cents", "%spent", "validated"),
    "materiales": ("planned", "executed", "%", "not_executed", "qty_planned", "qty_delivered", "%qty", "validated"),
}
RATE_FIELDS = frozenset({"%", "%spent", "%qty"})
MONEY_FIELDS = frozenset({"assigned_cents", "spent_cents"})
# Column headers for the motivos where the full names do not fit (workbooks; the screen adds line breaks).
MOTIVO_COLUMN = {
    "huelga": "Huelga o paro", "suspension": "Suspensión de clases", "docente_ausente": "Docente ausente",
    "ie_cerrada": "IE cerrada", "clima": "Clima o desastre", "via_inaccesible": "Vía inaccesible",
    "ap_licencia": "AP con licencia", "ap_convocado": "AP convocado", "sin_viaticos": "Sin viáticos",
    "docente_retirado": "Docente retirado", "reprogramada": "Reprogramada", "otro": "Otro",
}
MOTIVOS: tuple[tuple[str, str], ...] = tuple((r.code, r.name) for r in SKIP_REASONS)
INTERVENTION_SHORT = {"multigrado": "Multigrado", "soporte_primaria": "Soporte Prim.", "eib": "EIB",
                      "jec_ingles": "JEC Inglés", "spsr": "SPSR"}


def intervention_name(key: str) -> str:
    from ..domain.catalogues import INTERVENTIONS

    return next((i.name for i in INTERVENTIONS if i.key == key), key)

# Under-execution: executed / planned below these shares is shown amber, and red below the second.
AMBER_BELOW = 80.0
RED_BELOW = 50.0

# Indicators printed as charts and as columns of the breakdown tables ("indicadores clave").
KEY_INDICATORS = ("V03", "V07", "G03", "T03", "S03", "A04", "C01", "W03", "M03")


def execution_rate(counts: dict[str, int], kind: str) -> float | None:
    """Executed / planned × 100 for a kind, or None without planned activities."""
    planned = counts.get(f"{kind}.planned", 0)
    return counts.get(f"{kind}.executed", 0) * 100.0 / planned if planned else None


def _share(part: float, whole: float) -> float | None:
    return part * 100.0 / whole if whole else None


def control_value(counts: dict[str, int], kind: str, field: str) -> float | int | None:
    """One figure of the control grid: a count, an amount in soles, or a share in per cent (None: 0/0)."""
    if field == "%":
        return execution_rate(counts, kind)
    if field == "%spent":
        return _share(counts.get(f"{kind}.spent_cents", 0), counts.get(f"{kind}.assigned_cents", 0))
    if field == "%qty":
        return _share(counts.get(f"{kind}.qty_delivered", 0), counts.get(f"{kind}.qty_planned", 0))
    if field == "unregistered":
        return (counts.get(f"{kind}.planned", 0) - counts.get(f"{kind}.executed", 0)
                - counts.get(f"{kind}.not_executed", 0))
    value = counts.get(f"{kind}.{field}", 0)
    return value / 100 if field in MONEY_FIELDS else value


def control_text(counts: dict[str, int], kind: str, field: str) -> str:
    value = control_value(counts, kind, field)
    if field in RATE_FIELDS:
        return "—" if value is None else f"{fmt_dec(value, 0)} %"
    if field in MONEY_FIELDS:
        return fmt_dec(value, 2)
    return fmt_int(value)


def motivo_count(counts: dict[str, int], code: str, kinds=None) -> int:
    """Activities not executed for a motivo, over every kind (or the given ones)."""
    return sum(counts.get(f"{k}.not_executed.{code}", 0) for k in (kinds or [k for k, _ in CONTROL_KINDS]))


@dataclass(frozen=True)
class TotalLine:
    level: str  # total, dre, ugel
    key: str
    label: str  # what it totals: «Total UGEL Huaraz (020001)»
    counts: dict


def total_lines(grid, names: dict) -> list[TotalLine]:
    """The totals worth a row: one per DRE and per UGEL only when there are several, and the grand total
    labelled with what it totals (a single UGEL's grid has one total row: that UGEL's)."""
    dres = sorted((k for k in grid.totals if k[0] == "dre"), key=lambda k: sort_key(names.get(k, k[1])))
    ugels = sorted((k for k in grid.totals if k[0] == "ugel"), key=lambda k: sort_key(names.get(k, k[1])))
    lines = []
    if len(dres) > 1:
        lines += [TotalLine("dre", k[1], f"Total {names.get(k) or 'DRE ' + k[1]}", grid.totals[k]) for k in dres]
    if len(ugels) > 1:
        lines += [TotalLine("ugel", k[1], f"Total {names.get(k) or 'UGEL ' + k[1]}", grid.totals[k]) for k in ugels]
    if len(ugels) == 1:
        grand = f"Total {names.get(ugels[0]) or 'UGEL ' + ugels[0][1]}"
    elif len(dres) == 1:
        grand = f"Total {names.get(dres[0]) or 'DRE ' + dres[0][1]}"
    else:
        grand = f"Total del ámbito ({len(dres)} DRE, {len(ugels)} UGEL)"
    lines.append(TotalLine("total", "total", grand, grid.totals.get(("total", "total"), {})))
    return lines


def severity(rate: float | None) -> str | None:
    """"red", "amber" or None for an execution rate in per cent."""
    if rate is None:
        return None
    if rate < RED_BELOW:
        return "red"
    if rate < AMBER_BELOW:
        return "amber"
    return None


# --- numbers as Peruvian offices print them: thin-space thousands, decimal point -------------------

def fmt_int(value: float | int | None) -> str:
    if value is None:
        return "—"
    return f"{round(value):,}".replace(",", " ")


def fmt_dec(value: float | None, places: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:,.{places}f}".replace(",", " ")


def fmt_pct(value: float | None) -> str:
    return "—" if value is None else f"{fmt_dec(value, 1)} %"


def fmt_value(d: IndicatorDef, value: float | None) -> str:
    if value is None:
        return "—"
    if d.unit == "%":
        return fmt_pct(value)
    if d.unit == "S/":
        return "S/ " + fmt_dec(value, 2)
    if d.unit in ("prom", "dias"):
        return fmt_dec(value, 1)
    return fmt_int(value)


def fmt_measure(measure: str | None, value: float | None) -> str:
    if value is None or measure is None:
        return "—"
    if measure.endswith("_cents"):
        return "S/ " + fmt_dec(value, 2)
    return fmt_int(value) if float(value).is_integer() else fmt_dec(value, 1)


UNIT_LABELS = {"n": "Número", "%": "Porcentaje", "prom": "Promedio", "S/": "Soles (S/)", "dias": "Días"}


def disaggregation_text(d: IndicatorDef) -> str:
    return ", ".join(LEVEL_LABELS[level] for level in d.disaggregations)


# --- what a report says about itself ---------------------------------------------------------------

@dataclass(frozen=True)
class ReportMeta:
    """Header, filters and signatures of a printed report (built by the service that has the names)."""

    title: str
    institution: tuple[str, ...]  # "Ministerio de Educación", "DRE Apurímac", "UGEL Grau"
    filters: tuple[tuple[str, str], ...]  # (label, value) lines: Periodo, DRE, UGEL, Intervención…
    generated_at: datetime
    prepared_by: str = ""
    subtitle: str = ""
    # (label, name, role) of each signature block at the end of a printed report
    signatures: tuple[tuple[str, str, str], ...] = (
        ("Elaborado por", "", ""), ("Revisado por", "", ""), ("V°B°", "", ""))
    extra: dict = field(default_factory=dict)

    def generated_text(self) -> str:
        return self.generated_at.astimezone(LIMA).strftime("%d/%m/%Y %H:%M")


def period_text(f: ReportFilter) -> str:
    if f.month:
        return f"{month_name(f.month).capitalize()} de {f.year}"
    return f"Año {f.year} (enero a diciembre)"


# --- checksum: the same figures give the same SHA-256, whenever and wherever they are printed -------

def _plain(value):
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (int, str, bool)):
        return value
    return str(value)


def checksum(payload) -> str:
    """SHA-256 of the canonical JSON of the figures (sorted keys, floats to 6 places, no spaces)."""
    text = json.dumps(_plain(payload), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def filter_payload(f: ReportFilter) -> dict:
    return {"anio": f.year, "mes": f.month, "dre": f.dre_code, "ugel": f.ugel_code,
            "intervencion": f.intervention, "acompanante": f.coach_dni}


def indicator_payload(report) -> dict:
    return {"filtro": filter_payload(report.filter), "corte": report.cutoff,
            "valores": [[v.code, v.level, v.key, v.numerator, v.denominator, v.value] for v in report.values]}


def control_payload(grid) -> dict:
    return {"filtro": filter_payload(grid.filter),
            "filas": [[r.coach_dni, r.month, r.counts] for r in grid.rows],
            "totales": [[level, key, counts] for (level, key), counts in sorted(grid.totals.items())]}


def is_execution_rate(d: IndicatorDef) -> bool:
    """"% executed" indicators (executed / planned): highlighted when under-executed."""
    return (d.unit == "%" and d.denominator is not None and d.numerator.endswith(".executed")
            and d.denominator.endswith(".planned"))


def institution_lines(dre: str | None, ugel: str | None) -> tuple[str, ...]:
    lines = ["Ministerio de Educación"]
    if dre:
        lines.append(dre)
    if ugel:
        lines.append(ugel)
    return tuple(lines)


def short_office(label: str) -> str:
    """«UGEL Huaraz (020001)» → «Huaraz»: for a column that already says UGEL."""
    base = label.split(" (")[0]
    return base[5:] if base.upper().startswith("UGEL ") else base


def office_label(kind: str, code: str, name: str | None) -> str:
    """«UGEL Huaraz (020001)»: the office's name (which already says UGEL or DRE) and its code."""
    if not name:
        return f"{kind} {code}"
    if not name.upper().startswith(kind):
        name = f"{kind} {name}"
    return f"{name} ({code})"


# --- the verification code printed once, small, on the last page ------------------------------------

VERIFY_TAG = "SIGMA-VERIFICACION:"  # in the PDF's and the workbook's keywords, before base64 of the JSON


def verification_code(digest: str) -> str:
    """The first 80 bits of the SHA-256 of the figures, as a person reads them: «3F2A-91C0-…» (5 groups)."""
    text = digest[:20].upper()
    return "-".join(text[i:i + 4] for i in range(0, 20, 4))


def verification_stamp(kind: str, f: ReportFilter, digest: str, **options) -> str:
    """What a file carries so that `sigma verify` can recompute its figures: the report, its filter and
    options, and the whole SHA-256 (ASCII only: it goes into PDF and xlsx metadata as it is)."""
    import base64

    data = {"reporte": kind, "filtro": filter_payload(f), "opciones": options, "sha256": digest}
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("ascii")
    return VERIFY_TAG + base64.urlsafe_b64encode(raw).decode("ascii")


def read_stamp(data: bytes) -> dict | None:
    """The verification data found in a file's bytes (None when there is none)."""
    import base64
    import re

    found = re.search(VERIFY_TAG.encode("ascii") + rb"([A-Za-z0-9_=-]+)", data)
    if not found:
        return None
    try:
        return json.loads(base64.urlsafe_b64decode(found.group(1)))
    except (ValueError, UnicodeDecodeError):
        return None


# Short names of the key indicators, for column headers beside their codes.
# Short names of the key indicators, for narrow column headers beside their codes (full names in a legend).
KEY_SHORT = {"V03": "Visitas ejec.", "V07": "Visitas valid.", "G03": "GIA ejec.", "T03": "Talleres ejec.",
             "S03": "V. soc. ejec.", "A04": "Avance visitas", "C01": "Meta de visitas", "W03": "Viáticos rend.",
             "M03": "Entregas mat."}
