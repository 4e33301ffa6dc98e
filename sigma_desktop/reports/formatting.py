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
from ..domain.indicator_catalogue import CATEGORIES, IndicatorDef
from ..domain.reporting import LEVEL_LABELS, ReportFilter

# The four activity kinds of the Módulo de Control, with the words a report uses for them.
CONTROL_KINDS: tuple[tuple[str, str], ...] = (
    ("visita", "Visitas en aula"), ("gia", "GIA"), ("taller", "Talleres"),
    ("visita_social", "Visitas sociales comunitarias"))
KIND_SHORT = {"visita": "Visitas", "gia": "GIA", "taller": "Talleres", "visita_social": "V. sociales"}
CONTROL_FIELDS: tuple[tuple[str, str, str], ...] = (
    # key, column header, short header (printed grids)
    ("planned", "Planificadas", "Pl"),
    ("executed", "Ejecutadas", "Ej"),
    ("not_executed", "No ejecutadas", "NE"),
    ("validated", "Validadas", "Va"),
    ("observed", "Observadas", "Ob"),
    ("pending", "Pendientes", "Pe"),
)
MOTIVO_SHORT = {
    "huelga": "Huelga", "suspension": "Suspensión", "docente_ausente": "Doc. ausente",
    "ie_cerrada": "IE cerrada", "clima": "Clima", "via_inaccesible": "Vía inacc.",
    "ap_licencia": "AP licencia", "ap_convocado": "AP convoc.", "sin_viaticos": "Sin viát.",
    "docente_retirado": "Doc. retirado", "reprogramada": "Reprogr.", "otro": "Otro",
}
MOTIVOS: tuple[tuple[str, str], ...] = tuple((r.code, r.name) for r in SKIP_REASONS)
CATEGORY_NAMES = dict(CATEGORIES)
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


def office_label(kind: str, code: str, name: str | None) -> str:
    """«UGEL Huaraz (020001)»: the office's name (which already says UGEL or DRE) and its code."""
    if not name:
        return f"{kind} {code}"
    if not name.upper().startswith(kind):
        name = f"{kind} {name}"
    return f"{name} ({code})"
