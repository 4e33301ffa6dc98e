"""DRE and UGEL: the catalogue shipped with the application, and the offices a database registers.

A database holds the DREs and UGELs it works with, never the whole country by default: the first-run
wizard registers the UGEL(s) the office serves, the administrator adds or corrects one in the window
(Catálogos y protocolos → DRE y UGEL) or with `sigma masters ugel|dre`, and the IIEE import registers the
UGEL of a school that has none yet (services/imports.py). Names and DREs come from the catalogue
(resources/data/dre_ugel_minedu.csv) unless given. Every change goes to the change log.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from uuid import UUID

from ..domain import codes
from ..domain import master_rules as rules
from ..domain.errors import NotFound, ValidationError
from ..domain.offices import OfficeEntry, dre_for
from ..domain.permissions import Action
from ..paths import resources
from ..storage import browse_queries as bq
from ..storage import models as m
from .context import Context
from .replica_guard import refuse_on_replica

CATALOGUE_FILE = "dre_ugel_minedu.csv"


@lru_cache(maxsize=1)
def catalogue() -> tuple[OfficeEntry, ...]:
    """The shipped DRE–UGEL catalogue (224 offices of 26 DREs), by code."""
    path = resources() / "data" / CATALOGUE_FILE
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(OfficeEntry(r["dre_codigo"], r["dre_nombre"], r["ugel_codigo"], r["ugel_nombre"],
                                 r["departamento"]) for r in csv.DictReader(fh))


def catalogue_entry(ugel_code: str) -> OfficeEntry | None:
    return next((e for e in catalogue() if e.ugel_code == ugel_code), None)


def catalogue_dre(dre_code: str) -> OfficeEntry | None:
    """A catalogue row of the DRE (for its name and department)."""
    return next((e for e in catalogue() if e.dre_code == dre_code), None)


@dataclass(frozen=True)
class OfficeDetail:
    """A registered DRE or UGEL as the management table shows it."""

    id: UUID
    kind: str  # "dre" | "ugel"
    code: str
    name: str
    dre_code: str
    dre_name: str
    schools: int = 0
    coaches: int = 0
    in_catalogue: bool = False


class OfficeService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def _write(self):
        return self._ctx.unit(write=True, action=Action.MANAGE_CATALOGUES)

    # --- reading ------------------------------------------------------------------------------------
    def catalogue(self) -> list[OfficeEntry]:
        return list(catalogue())

    def registered(self) -> list[OfficeDetail]:
        """DREs, then UGELs, by code, with how many schools and coaches each UGEL has."""
        known = {e.ugel_code for e in catalogue()}
        known_dres = {e.dre_code for e in catalogue()}
        with self._ctx.unit(write=False, action=Action.READ) as u:
            rows = bq.office_overview(u)
        return [OfficeDetail(*r, in_catalogue=(r[2] in (known if r[1] == "ugel" else known_dres))) for r in rows]

    # --- DRE ----------------------------------------------------------------------------------------
    def add_dre(self, code: str, name: str | None = None, department_code: str | None = None) -> UUID:
        code = codes.office_code(code, "codigo_dre")
        entry = catalogue_dre(code)
        name = rules.office_name(name if name or entry is None else entry.dre_name, "Nombre de la DRE")
        with self._write() as u:
            refuse_on_replica(u, "DRE", "codigo_dre")
            return _new_dre(u, code, name, department_code or code[:2]).id

    def edit_dre(self, code: str, *, name: str | None = None, new_code: str | None = None) -> None:
        with self._write() as u:
            refuse_on_replica(u, "DRE", "codigo_dre")
            dre = _edit(u, m.Dre, code, name, new_code, "DRE", "codigo_dre")
            if dre.department_code != dre.code[:2]:
                dre.department_code = dre.code[:2]

    # --- UGEL ---------------------------------------------------------------------------------------
    def add_ugel(self, code: str, name: str | None = None, dre_code: str | None = None) -> UUID:
        """Registers a UGEL. Without a name or DRE, the catalogue's are used (and its DRE is registered
        too if the database lacks it); a UGEL outside the catalogue needs both."""
        with self._write() as u:
            refuse_on_replica(u, "UGEL", "codigo_ugel")
            return add_ugel(u, code, name, dre_code).id

    def register(self, ugel_codes: list[str]) -> list[str]:
        """Registers the catalogue's UGELs given (and their DREs); those already registered are left as
        they are. Returns the codes registered now. One transaction: all or none."""
        wanted = [codes.office_code(c, "codigo_ugel") for c in ugel_codes]
        if not wanted:
            raise ValidationError("UGEL: elija al menos una UGEL.", "codigo_ugel")
        made = []
        with self._write() as u:
            refuse_on_replica(u, "UGEL", "codigo_ugel")
            for code in dict.fromkeys(wanted):
                if u.find(m.Ugel, code=code) is None:
                    if catalogue_entry(code) is None:
                        raise ValidationError(f"Código de UGEL: {code} no está en el catálogo de Minedu; "
                                              "regístrela con su nombre y su DRE.", "codigo_ugel")
                    add_ugel(u, code, None, None)
                    made.append(code)
        return made

    def edit_ugel(self, code: str, *, name: str | None = None, dre_code: str | None = None,
                  new_code: str | None = None) -> None:
        with self._write() as u:
            refuse_on_replica(u, "UGEL", "codigo_ugel")
            ugel = _edit(u, m.Ugel, code, name, new_code, "UGEL", "codigo_ugel")
            if dre_code:
                dre = u.find(m.Dre, code=codes.office_code(dre_code, "codigo_dre"))
                if dre is None:
                    raise ValidationError(f"Código de DRE: {dre_code} no está registrado.", "codigo_dre")
                if dre.id != ugel.dre_id:
                    ugel.dre_id = dre.id


def _edit(u, model, code: str, name: str | None, new_code: str | None, what: str, field: str):
    """The office `code` with a corrected name and code (a new code must be free)."""
    code = codes.office_code(code, field)
    name = None if name is None else rules.office_name(name, f"Nombre de la {what}")
    new_code = None if new_code in (None, "", code) else codes.office_code(new_code, field)
    row = u.find(model, code=code)
    if row is None:
        raise NotFound(f"Código de {what}: {code} no está registrado.")
    if new_code is not None:
        if u.find(model, code=new_code):
            raise ValidationError(f"Código de {what}: {new_code} ya existe.", field)
        row.code = new_code
    if name is not None and name != row.name:
        row.name = name
    return row


def add_ugel(u, code: str, name: str | None, dre_code: str | None) -> m.Ugel:
    """Registers a UGEL inside `u` (the office service and the tests' worlds); see OfficeService.add_ugel."""
    code = codes.office_code(code, "codigo_ugel")
    if u.find(m.Ugel, code=code):
        raise ValidationError(f"Código de UGEL: {code} ya existe.", "codigo_ugel")
    entry = catalogue_entry(code)
    if not name and entry is None:
        raise ValidationError(f"Nombre de la UGEL: es obligatorio (la UGEL {code} no está en el catálogo de "
                              "Minedu).", "nombre")
    name = rules.office_name(name or entry.ugel_name, "Nombre de la UGEL")
    dre = None
    if dre_code:
        dre = u.find(m.Dre, code=codes.office_code(dre_code, "codigo_dre"))
        if dre is None:
            raise ValidationError(f"Código de DRE: {dre_code} no está registrado.", "codigo_dre")
    elif entry is not None:
        dre = u.find(m.Dre, code=entry.dre_code) or _new_dre(u, entry.dre_code, entry.dre_name,
                                                              entry.dre_code[:2])
    else:
        guess = dre_for(code, [d.code for d in u.all(m.Dre)])
        dre = u.find(m.Dre, code=guess) if guess else None
        if dre is None:
            raise ValidationError(f"Código de DRE: indique la DRE de la UGEL {code}.", "codigo_dre")
    ugel = u.add(m.Ugel(code=code, name=name, dre_id=dre.id))
    u.flush()
    return ugel


def _new_dre(u, code: str, name: str, department_code: str | None) -> m.Dre:
    if u.find(m.Dre, code=code):
        raise ValidationError(f"Código de DRE: {code} ya existe.", "codigo_dre")
    dre = u.add(m.Dre(code=code, name=name, department_code=department_code))
    u.flush()
    return dre
