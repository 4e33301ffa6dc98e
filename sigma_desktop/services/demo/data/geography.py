"""DRE and UGEL offices built from the real INEI ubigeo table, and the share of coaches each one gets.

One DRE per departamento (Lima has two: DRE Lima Metropolitana and DRE Lima Provincias), one UGEL per
provincia (Lima Metropolitana has its seven numbered UGELs). Codes follow CODOOII: a DRE is ``DD0000``
and its UGELs ``DD00PP`` with PP the provincia (030007 = UGEL Grau, Apurímac).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

# Departamentos where EIB schools are common (Amazonía and the Quechua and Aymara Andes).
EIB_DEPARTMENTS = frozenset({"01", "02", "03", "05", "08", "09", "10", "12", "16", "17", "19", "21", "22", "25"})

_LIMA_METRO_UGELS = (
    ("UGEL 01 San Juan de Miraflores", ("san juan de miraflores", "villa maría del triunfo", "villa el salvador",
                                        "lurín", "pachacámac", "punta hermosa", "punta negra", "san bartolo",
                                        "santa maría del mar", "pucusana")),
    ("UGEL 02 Rímac", ("rímac", "independencia", "los olivos", "san martin de porres")),
    ("UGEL 03 Breña", ("lima", "breña", "la victoria", "jesús maría", "lince", "magdalena del mar",
                       "pueblo libre", "san isidro", "san miguel")),
    ("UGEL 04 Comas", ("comas", "carabayllo", "puente piedra", "ancón", "santa rosa")),
    ("UGEL 05 San Juan de Lurigancho", ("san juan de lurigancho", "el agustino")),
    ("UGEL 06 Ate", ("ate", "santa anita", "la molina", "chaclacayo", "lurigancho", "cieneguilla")),
    ("UGEL 07 San Borja", ("san borja", "barranco", "chorrillos", "miraflores", "san luis",
                           "santiago de surco", "surquillo")),
)


@dataclass
class UgelPlan:
    code: str
    name: str
    districts: list[str]          # ubigeos of the UGEL's territory
    urban: bool                   # metropolitan UGEL: no rural interventions
    capital: bool                 # the departamento's capital provincia
    eib: bool                     # EIB schools exist here
    coaches: int = 0


@dataclass
class DrePlan:
    code: str
    name: str
    department_code: str
    ugels: list[UgelPlan] = field(default_factory=list)


def all_offices(ubigeos) -> list[DrePlan]:
    """Every DRE and UGEL of the country from (ubigeo, departamento, provincia, distrito) rows."""
    departments: dict[str, str] = {}
    provinces: dict[str, tuple[str, list[str]]] = {}
    names: dict[str, str] = {}
    for code, dept, prov, dist in sorted(ubigeos):
        departments.setdefault(code[:2], dept)
        provinces.setdefault(code[:4], (prov, []))[1].append(code)
        names[code] = dist
    dres: list[DrePlan] = []
    for dd, dept in departments.items():
        eib = dd in EIB_DEPARTMENTS
        if dd == "15":
            metro = DrePlan("150100", "DRE Lima Metropolitana", dd)
            lima = provinces["1501"][1]
            by_name = {names[c].casefold(): c for c in lima}
            taken: set[str] = set()
            for i, (ugel_name, members) in enumerate(_LIMA_METRO_UGELS, start=1):
                codes = [by_name[n] for n in members if n in by_name]
                taken.update(codes)
                metro.ugels.append(UgelPlan(f"1501{i:02d}", ugel_name, codes, True, True, False))
            metro.ugels[2].districts += [c for c in lima if c not in taken]  # any other district: UGEL 03
            dres.append(metro)
            dre = DrePlan("150000", "DRE Lima Provincias", dd)
        else:
            dre = DrePlan(f"{dd}0000", f"DRE {dept}", dd)
        for pp_code, (prov, codes) in provinces.items():
            if pp_code[:2] != dd or pp_code == "1501":
                continue
            urban = dd == "07"
            dre.ugels.append(UgelPlan(f"{dd}00{pp_code[2:]}", f"UGEL {prov}", codes, urban,
                                      pp_code[2:] == "01", eib and not urban))
        dres.append(dre)
    return dres


def choose_offices(scale: str, rng: random.Random, dres: list[DrePlan], coaches: int) -> list[DrePlan]:
    """The DREs and UGELs of a scale, with the number of coaches of each UGEL filled in."""
    eib_dres = [d for d in dres if d.department_code in EIB_DEPARTMENTS and len(d.ugels) >= 2]
    if scale == "national":
        chosen = dres
    elif scale == "region":
        big = [d for d in eib_dres if len(d.ugels) >= 8]
        dre = rng.choice(big)
        others = rng.sample(dre.ugels[1:], 7)
        chosen = [_copy(dre, [dre.ugels[0]] + sorted(others, key=lambda u: u.code))]
    elif scale == "ugel":
        dre = rng.choice(eib_dres)
        chosen = [_copy(dre, [rng.choice(dre.ugels[1:])])]
    else:  # small
        dre = rng.choice(eib_dres)
        chosen = [_copy(dre, [dre.ugels[0], rng.choice(dre.ugels[1:])])]
    ugels = [u for d in chosen for u in d.ugels]
    weights = [max(1, len(u.districts)) for u in ugels]
    _share(ugels, weights, coaches, minimum=min(4, coaches // len(ugels)))
    return chosen


def _copy(dre: DrePlan, ugels: list[UgelPlan]) -> DrePlan:
    return DrePlan(dre.code, dre.name, dre.department_code,
                   [UgelPlan(u.code, u.name, list(u.districts), u.urban, u.capital, u.eib) for u in ugels])


def _share(ugels: list[UgelPlan], weights: list[int], total: int, minimum: int) -> None:
    """Largest-remainder split of `total` coaches in proportion to `weights`, at least `minimum` each."""
    rest = total - minimum * len(ugels)
    scale = rest / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    order = sorted(range(len(ugels)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: rest - sum(counts)]:
        counts[i] += 1
    for u, c in zip(ugels, counts):
        u.coaches = minimum + c


# Intervention mix of a UGEL's coaches (shares; EIB only where EIB schools exist).
def intervention_mix(ugel: UgelPlan) -> dict[str, float]:
    if ugel.urban:
        return {"soporte_primaria": 0.65, "jec_ingles": 0.35}
    if ugel.capital:
        mix = {"multigrado": 0.30, "eib": 0.15, "soporte_primaria": 0.30, "jec_ingles": 0.15, "spsr": 0.10}
    else:
        mix = {"multigrado": 0.50, "eib": 0.25, "soporte_primaria": 0.08, "jec_ingles": 0.05, "spsr": 0.12}
    if not ugel.eib:
        mix["multigrado"] += mix.pop("eib")
    return mix


def coach_interventions(ugel: UgelPlan) -> list[str]:
    """The intervention of each of the UGEL's coaches, by largest remainder over the mix."""
    mix = intervention_mix(ugel)
    keys = list(mix)
    exact = [mix[k] * ugel.coaches for k in keys]
    counts = [int(x) for x in exact]
    order = sorted(range(len(keys)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: ugel.coaches - sum(counts)]:
        counts[i] += 1
    return [k for k, c in zip(keys, counts) for _ in range(c)]
