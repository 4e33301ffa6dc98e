"""docs/indicadores.md is the catalogue as it is in the code (regenerate it when the catalogue changes)."""
from pathlib import Path

from sigma_desktop.domain.indicator_catalogue import CORE_CATEGORIES, INDICATORS
from sigma_desktop.reports.catalogue_doc import markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "indicadores.md"


def test_catalogue_document_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == markdown(), (
        "docs/indicadores.md is out of date: python -m sigma_desktop.reports.catalogue_doc > docs/indicadores.md")


def test_catalogue_document_lists_every_indicator():
    text = markdown()
    assert "123 indicadores en 8 categorías" in text
    assert sum(1 for d in INDICATORS if d.category in CORE_CATEGORIES) == 123
    for d in INDICATORS:
        assert f"| {d.code} | " in text
