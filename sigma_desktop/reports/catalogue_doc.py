"""The indicator catalogue as a Markdown document, generated from the data (domain/indicator_catalogue.py).

    python -m sigma_desktop.reports.catalogue_doc > docs/indicadores.md

tests/reports/test_catalogue_doc.py fails when docs/indicadores.md is out of date.
"""
from __future__ import annotations

import sys

from ..domain.indicator_catalogue import CATEGORIES, CORE_CATEGORIES, INDICATORS
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
        f"{len(INDICATORS) - len(core)} de desempeño docente (rúbricas). Cada indicador es un dato: "
        "numerador / denominador × factor sobre medidas con nombre; los porcentajes se multiplican por cien y "
        "los montos se cuentan en céntimos y se muestran en soles. Las desagregaciones no son indicadores "
        "distintos; los indicadores sobre docentes o acompañantes distintos no se desagregan por mes y se "
        "calculan al mes de corte.",
        "",
        "| Categoría | Indicadores |",
        "|---|---:|",
    ]
    for code, name in CATEGORIES:
        lines.append(f"| {name} | {sum(1 for d in INDICATORS if d.category == code)} |")
    for code, name in CATEGORIES:
        lines += ["", f"## {name}", "",
                  "| Código | Indicador | Definición | Numerador | Denominador | Unidad | Desagregaciones |",
                  "|---|---|---|---|---|---|---|"]
        for d in INDICATORS:
            if d.category != code:
                continue
            numerator = f"{d.numerator_label or d.name} (`{d.numerator}`)"
            denominator = f"{d.denominator_label} (`{d.denominator}`)" if d.denominator else "—"
            lines.append(f"| {d.code} | {_cell(d.name)} | {_cell(d.definition)} | {_cell(numerator)} | "
                         f"{_cell(denominator)} | {UNIT_LABELS[d.unit]} | {disaggregation_text(d)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(markdown())


if __name__ == "__main__":
    main()
