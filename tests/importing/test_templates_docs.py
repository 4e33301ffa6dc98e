"""Templates carry every column, the instructions and the reference codes; docs/import.md documents every column."""
from __future__ import annotations

from pathlib import Path

import pytest

from sigma_desktop.importing.specs import SPECS
from sigma_desktop.importing.templates import Reference, write_template

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", list(SPECS))
def test_template_of_each_kind(tmp_path, kind):
    from openpyxl import load_workbook

    ref = Reference([("multigrado", "Multigrado"), ("eib", "EIB")], [("huelga", "Huelga o paro")],
                    [("030007", "UGEL Grau")])
    path = write_template(SPECS[kind], tmp_path / f"{kind}.xlsx", ref)
    wb = load_workbook(path)
    assert wb.sheetnames == [kind, "instrucciones", "referencia"]
    data = wb[kind]
    assert [c.value for c in data[1]] == [c.name for c in SPECS[kind].columns]
    assert data.freeze_panes == "A2" and data.max_row == 1  # no example rows to import by mistake
    for j, col in enumerate(SPECS[kind].columns):
        letter = data.cell(row=1, column=j + 1).column_letter
        if col.format == "code":
            assert data.column_dimensions[letter].number_format == "@"
    documented = {row[0] for row in wb["instrucciones"].iter_rows(values_only=True) if row[0]}
    assert {c.name for c in SPECS[kind].columns} <= documented
    reference = [v for row in wb["referencia"].iter_rows(values_only=True) for v in row if v]
    assert "030007" in reference and "multigrado" in reference and "huelga" in reference
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1 for dv in data.data_validations.dataValidation}
    for j, col in enumerate(SPECS[kind].columns):
        letter = data.cell(row=1, column=j + 1).column_letter
        assert (letter in lists) is bool(col.reference), col.name


def test_docs_document_every_column():
    text = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    for kind, spec in SPECS.items():
        assert f"### `{kind}`" in text
        for col in spec.columns:
            assert f"| `{col.name}` |" in text, (kind, col.name)
