"""DRE and UGEL: the shipped catalogue's rows and the rules that place a new UGEL under its DRE.

resources/data/dre_ugel_minedu.csv lists the DREs and UGELs with the codes of the Padrón de IIEE
(`CODOOII`); services/offices.py reads it. A UGEL code is six digits whose first two are the department
(INEI): its DRE is the registered DRE of that department, and where a department has two (Lima: DRE Lima
Metropolitana 150101 and DRE Lima Provincias 150200), the one whose code shares the first four digits.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class OfficeEntry:
    """One row of the shipped catalogue: a UGEL (or a DRE's own office) and its DRE."""

    dre_code: str
    dre_name: str
    ugel_code: str
    ugel_name: str
    department: str

    @property
    def department_code(self) -> str:
        return self.ugel_code[:2]


def dre_for(ugel_code: str, dre_codes: Iterable[str]) -> str | None:
    """The DRE a new UGEL belongs to, among `dre_codes`, by the rule above (None when there is none
    or it cannot be told)."""
    same_department = [d for d in dre_codes if d[:2] == ugel_code[:2]]
    if len(same_department) == 1:
        return same_department[0]
    closer = [d for d in same_department if d[:4] == ugel_code[:4]]  # Lima: 1502xx → 150200
    return closer[0] if len(closer) == 1 else None
