"""A small hand-built world for service tests: one DRE, two UGELs, schools, teachers, coaches, users."""
from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from sqlalchemy import func, select

from sigma_desktop.domain.dates import today_lima
from sigma_desktop.services import Sigma
from sigma_desktop.storage import models as m

PASSWORD = "clave-de-prueba-1"
YEAR = today_lima().year - 1  # a whole past year: no execution date can be in the future


@dataclass
class World:
    sigma: Sigma
    teachers: dict[str, UUID] = field(default_factory=dict)
    coaches: dict[str, UUID] = field(default_factory=dict)
    schools: dict[str, UUID] = field(default_factory=dict)

    def sign_in(self, dni: str):
        return self.sigma.auth.sign_in(dni, PASSWORD)

    def log_count(self) -> int:
        with self.sigma.db.session() as s:
            return s.scalar(select(func.count()).select_from(m.ChangeLog))


# DNIs: coaches 450000xx, teachers 400000xx, managers 41..., all fake.
COACH_MG = "45000001"     # Multigrado, UGEL Grau
COACH_MG2 = "45000002"    # Multigrado, UGEL Grau
COACH_EIB = "45000003"    # EIB, UGEL Grau
COACH_EIB2 = "45000004"   # EIB, UGEL Grau
COACH_OTHER = "45000009"  # Multigrado, UGEL Abancay (other UGEL)
GESTOR = "41000001"
GESTOR_OTHER = "41000009"
RCI = "42000001"
REGIONAL = "43000001"
ADMIN = "44000001"


def build(sigma: Sigma) -> World:
    w = World(sigma)
    ms = sigma.masters
    ms.add_dre("030000", "DRE Apurímac", "03")
    ms.add_ugel("030007", "UGEL Grau", "030000")
    ms.add_ugel("030001", "UGEL Abancay", "030000")
    w.schools["grau"] = ms.add_school("0512345", "0", "IE N° 54321 Señor de Ánimas", "primaria", "rural",
                                      "030701", "030007", local_code="123456", characteristic="unidocente")
    w.schools["abancay"] = ms.add_school("0654321", "0", "IE Abancay", "primaria", "urbana", "030101", "030001")
    for i in range(1, 7):
        dni = f"4000000{i}"
        w.teachers[dni] = ms.add_teacher(dni, f"Docente {i}", "Quispe", "Ñahui", "0512345")
    w.teachers["40000009"] = ms.add_teacher("40000009", "Docente Abancay", "Huamán", None, "0654321")
    for dni, ugel, inter in ((COACH_MG, "030007", "multigrado"), (COACH_MG2, "030007", "multigrado"),
                             (COACH_EIB, "030007", "eib"), (COACH_EIB2, "030007", "eib"),
                             (COACH_OTHER, "030001", "multigrado")):
        w.coaches[dni] = ms.add_coach(dni, "Acompañante", "Ccahuana", "Peña", ugel, inter)
    a = sigma.assignments
    for t in ("40000001", "40000002", "40000003"):
        a.assign(t, COACH_MG, YEAR)
    a.assign("40000004", COACH_EIB, YEAR)
    a.assign("40000005", COACH_EIB, YEAR)
    a.assign("40000009", COACH_OTHER, YEAR)
    u = sigma.users
    for dni in (COACH_MG, COACH_MG2, COACH_EIB, COACH_EIB2):
        u.add(dni, f"AP {dni}", "ap", PASSWORD, ugel_code="030007")
    u.add(COACH_OTHER, "AP Abancay", "ap", PASSWORD, ugel_code="030001")
    u.add(GESTOR, "Gestora Local Grau", "gestor_local", PASSWORD, ugel_code="030007")
    u.add(GESTOR_OTHER, "Gestor Local Abancay", "gestor_local", PASSWORD, ugel_code="030001")
    u.add(RCI, "RCI Grau", "rci", PASSWORD, ugel_code="030007")
    u.add(REGIONAL, "Gestor Regional", "gestor_regional", PASSWORD, dre_code="030000")
    u.add(ADMIN, "Administradora", "administrador", PASSWORD)
    return w


RATINGS_2018 = {1: 2, 3: 2, 4: 1, 5: 3, 6: 2}
