"""The indicator catalogue as a Markdown document, generated from the data (domain/indicator_catalogue.py).

    python -m sigma_desktop.reports.catalogue_doc > docs/indicadores.md

tests/reports/test_catalogue_doc.py fails when docs/indicadores.md is out of date.
"""
from __future__ import annotations

import sys

from ..domain.indicator_catalogue import CATEGORIES, CORE_CATEGORIES, INDICATORS, engine_note
from .formatting import UNIT_LABELS, disaggregation_text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    core = [d for d in INDICATORS if d.category in CORE_CATEGORIES]
    lines = [
        "# Catálogo de indicadores del Módulo de Reportes",
        "",
        "<!-- Generado por `python -m sigma_desktop.reports.catalogue_doc > docs/indicadores.md`; no editar a mano. -->",
        "",
        f"{len(core)} indicadores en {len(CORE_CATEGORIES)} categorías, más "
        f"{sum(1 for d in INDICATORS if d.category == 'desempeno')} de desempeño docente (rúbricas) y "
        f"{sum(1 for d in INDICATORS if d.category == 'calidad')} de calidad de los datos y "
        f"{sum(1 for d in INDICATORS if d.category == 'revision')} de revisión de las no ejecuciones (el Gestor "
        "Local valida u observa el motivo de lo que no se hizo, como una ejecución). Cada indicador es un dato: "
        "numerador / denominador × factor sobre medidas con nombre; los porcentajes se multiplican por cien y "
        "los montos se cuentan en céntimos y se muestran en soles. Las desagregaciones no son indicadores "
        "distintos; los indicadores sobre docentes o acompañantes distintos no se desagregan por mes y se "
        "calculan al mes de corte.",
        "",
        "Cada valor es **del periodo** (el mes filtrado, o el año sin mes: conteos, sumas y promedios de las "
        "actividades) o **acumulado al corte** (docentes, acompañantes e IIEE distintos, metas del protocolo y "
        "rúbricas, desde enero hasta el mes de corte); la pantalla, el PDF y el Excel lo dicen en la columna "
        "«Periodo» («Mes»/«Del mes», «Año»/«Del año», «Al corte»/«Acumulado al corte»). La columna «Cómo se "
        "calcula» dice lo que hace el motor más allá de la definición (comprobado con cálculos independientes: "
        "`tests/services/indicator_oracle.py`); es el mismo texto de la ficha técnica. Los indicadores de un "
        "desempeño que la rúbrica del año no tiene (el 2 desde 2018) se calculan pero no se muestran ni se "
        "imprimen.",
        "",
        "**El mes en curso.** Mientras el periodo no termina (el mes actual, o el año actual sin mes), "
        "«planificadas» cuenta lo planificado **hasta hoy**: las actividades con registro, y las que no lo tienen "
        "pero cuya fecha programada ya pasó (sin fecha: cuando termina su mes). Las programadas para después no "
        "cuentan todavía, no se pintan en rojo ni figuran «sin registro»; la pantalla y los reportes dicen «en "
        "curso, al dd/mm» y los impresos de un mes no cerrado dicen «preliminar» en el título.",
        "",
        "| Categoría | Indicadores |",
        "|---|---:|",
    ]
    for code, name in CATEGORIES:
        lines.append(f"| {name} | {sum(1 for d in INDICATORS if d.category == code)} |")
    for code, name in CATEGORIES:
        lines += ["", f"## {name}", "",
                  "| Código | Indicador | Definición | Numerador | Denominador | Unidad | Desagregaciones | "
                  "Cómo se calcula |",
                  "|---|---|---|---|---|---|---|---|"]
        for d in INDICATORS:
            if d.category != code:
                continue
            numerator = f"{d.numerator_label or d.name} (`{d.numerator}`)"
            denominator = f"{d.denominator_label} (`{d.denominator}`)" if d.denominator else "—"
            lines.append(f"| {d.code} | {_cell(d.name)} | {_cell(d.definition)} | {_cell(numerator)} | "
                         f"{_cell(denominator)} | {UNIT_LABELS[d.unit]} | {disaggregation_text(d)} | "
                         f"{_cell(engine_note(d))} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(markdown())


if __name__ == "__main__":
    main()
