"""JSON forms of the control grid and the indicator report, for `--format json` and other programs.

Keys are Spanish and stable: other programs check these figures.
"""
from __future__ import annotations

from ..domain.catalogues import SKIP_REASONS
from ..domain.indicator_catalogue import BY_CODE
from ..domain.reporting import ControlGrid, IndicatorReport
from .report_scope import GROUP_FIELDS

KIND_KEYS = {"visita": "visitas", "gia": "gia", "taller": "talleres", "visita_social": "visitas_sociales",
             "ruta": "rutas", "materiales": "materiales"}
FIELD_KEYS = {"planned": "planificadas", "executed": "ejecutadas", "not_executed": "no_ejecutadas",
              "validated": "validadas", "observed": "observadas", "pending": "pendientes"}


def _counts(counts: dict[str, int]) -> dict:
    out = {}
    for kind, kind_key in KIND_KEYS.items():
        block = {label: counts.get(f"{kind}.{field}", 0) for field, label in FIELD_KEYS.items()}
        block["sin_registro"] = block["planificadas"] - block["ejecutadas"] - block["no_ejecutadas"]
        block["no_ejecutadas_por_motivo"] = {r.code: counts.get(f"{kind}.not_executed.{r.code}", 0)
                                             for r in SKIP_REASONS}
        out[kind_key] = block
    out["rutas"]["viaticos_asignados"] = counts.get("ruta.assigned_cents", 0) / 100  # soles
    out["rutas"]["viaticos_rendidos"] = counts.get("ruta.spent_cents", 0) / 100
    out["materiales"]["kits_planificados"] = counts.get("materiales.qty_planned", 0)
    out["materiales"]["kits_entregados"] = counts.get("materiales.qty_delivered", 0)
    return out


def _filter(f) -> dict:
    return {"anio": f.year, "mes": f.month, "dre": f.dre_code, "ugel": f.ugel_code,
            "intervencion": f.intervention, "acompanante": f.coach_dni}


def control_to_json(grid: ControlGrid) -> dict:
    """One row per coach and month with the codes (DRE, UGEL, intervention, coach DNI) beside the names."""
    rows = [{"acompanante_dni": r.coach_dni, "acompanante": r.coach_name, "ugel": r.ugel_code,
             "ugel_nombre": r.ugel_name, "dre": r.dre_code, "dre_nombre": r.dre_name, "intervencion": r.intervention,
             "intervencion_nombre": r.intervention_name, "anio": grid.filter.year, "mes": r.month,
             **_counts(r.counts)} for r in grid.rows]
    names = {("total", "total"): "Total"}
    for r in grid.rows:
        names[("ugel", r.ugel_code)] = r.ugel_name
        names[("dre", r.dre_code)] = r.dre_name
    totals = [{"nivel": level, "codigo": key, "nombre": names.get((level, key), key), **_counts(counts)}
              for (level, key), counts in sorted(grid.totals.items())]
    return {"filtro": _filter(grid.filter), "generado": grid.generated_at.isoformat(), "filas": rows,
            "totales": totals}


def indicators_to_json(report: IndicatorReport) -> dict:
    """One item per indicator and group. Beside the label, every item carries the group's codes — «dre»,
    «ugel», «intervencion», «acompanante_dni» (None where they do not apply) and their names — so other programs
    need not parse labels; «clave» stays the group's key (a coach's internal id at coach level)."""
    items = []
    blank = dict.fromkeys(GROUP_FIELDS)
    for v in report.values:
        d = BY_CODE[v.code]
        items.append({"codigo": v.code, "categoria": d.category, "nombre": d.name, "unidad": d.unit,
                      "nivel": v.level, "clave": v.key, "etiqueta": v.label,
                      **report.groups.get((v.level, v.key), blank),
                      **({"mes": int(v.key)} if v.level == "mes" else {}),
                      "numerador": v.numerator, "denominador": v.denominator, "valor": v.value})
    return {"filtro": _filter(report.filter), "mes_de_corte": report.cutoff,
            "generado": report.generated_at.isoformat(), "indicadores": items}
