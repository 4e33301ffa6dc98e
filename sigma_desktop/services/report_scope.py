"""Turns a report filter and the signed-in actor into the scope the aggregate queries use."""
from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from ..domain.dates import check_month
from ..domain.enums import Role, ScopeLevel
from ..domain.errors import PermissionDenied, ValidationError
from ..domain.measures import CoachInfo
from ..domain.permissions import Actor
from ..domain.reporting import ReportFilter
from ..storage import indicator_queries as q
from ..storage import models as m


def resolve(u, actor: Actor, f: ReportFilter) -> tuple[q.Scope, dict]:
    """The query scope and the coach dimensions, limited to what the actor may see."""
    check_month(f.year, f.month or 1)
    ugel_ids = q.ugel_ids_for(u, f.ugel_code, f.dre_code)
    if f.ugel_code and not ugel_ids:
        raise ValidationError(f"UGEL: el código {f.ugel_code} no existe.", "ugel")
    if f.dre_code and not f.ugel_code and not ugel_ids:
        raise ValidationError(f"DRE: el código {f.dre_code} no existe o no tiene UGEL.", "dre")
    allowed = _actor_ugels(u, actor)
    if allowed is not None:
        if ugel_ids is None:
            ugel_ids = allowed
        elif not set(ugel_ids) <= set(allowed):
            raise PermissionDenied("El filtro pide datos fuera de su ámbito (UGEL/DRE).")
    intervention_id = None
    if f.intervention:
        intervention_id = q.intervention_id(u, f.intervention)
        if intervention_id is None:
            raise ValidationError(f"Intervención: «{f.intervention}» no existe.", "intervencion")
    coach_id = None
    if f.coach_dni:
        coach = u.find(m.Coach, dni=f.coach_dni)
        if coach is None:
            raise ValidationError(f"Acompañante: el DNI {f.coach_dni} no está registrado.", "acompanante")
        coach_id = coach.id
    if actor.role is Role.COACH:
        if coach_id is not None and coach_id != actor.coach_id:
            raise PermissionDenied("Solo puede consultar sus propias actividades.")
        coach_id = actor.coach_id
    scope = q.Scope(f.year, f.month or 12, f.month, ugel_ids, intervention_id, coach_id)
    dims = q.coach_dims(u, scope)
    if ugel_ids is not None and coach_id is None:
        # a UGEL's (or a DRE's) activities are sought coach by coach in (coach, year, month): the scope index
        # leads with (year, month), so «the UGEL up to the cut-off» read every UGEL's months up to it, 3× the
        # time (docs/decisions.md, «Un ámbito se lee acompañante por acompañante»). Rows of a coach outside
        # the dimensions were never counted (domain/measures.py skips them), so nothing changes in the figures.
        scope = replace(scope, coach_ids=tuple(UUID(d.key) for d in dims.values()))
    return scope, dims


def _actor_ugels(u, actor: Actor):
    from ..storage.review_queries import ugels_in_scope

    if actor.scope is ScopeLevel.UGEL:
        return ugels_in_scope(u, actor.ugel_id, None)
    if actor.scope is ScopeLevel.DRE:
        return ugels_in_scope(u, None, actor.dre_id)
    return None


def coach_infos(dims: dict) -> dict:
    return {cid: CoachInfo(cid, d.key, d.dre_code, d.ugel_code, d.intervention) for cid, d in dims.items()}


def group_labels(u, dims: dict) -> dict[tuple[str, str], str]:
    from ..domain.dates import month_name

    labels: dict[tuple[str, str], str] = {("total", "total"): "Total"}
    for d in dims.values():
        labels[("dre", d.dre_code)] = f"{d.dre_code} {d.dre_name}"
        labels[("ugel", d.ugel_code)] = f"{d.ugel_code} {d.ugel_name}"
        labels[("acompanante", d.key)] = f"{d.name} ({d.dni})"
    for inter in u.all(m.Intervention):
        labels[("intervencion", inter.key)] = inter.name
    for n in range(1, 13):
        labels[("mes", str(n))] = month_name(n).capitalize()
    return labels


GROUP_FIELDS = ("dre", "dre_nombre", "ugel", "ugel_nombre", "intervencion", "intervencion_nombre",
                "acompanante_dni", "acompanante_nombre")


def group_codes(u, dims: dict) -> dict[tuple[str, str], dict]:
    """For each group of the report, the codes beside the names (JSON for other programs): a coach row gives
    the coach's DNI, DRE, UGEL and intervention; a UGEL row its DRE too. Fields that do not apply are None."""
    names = {i.key: i.name for i in u.all(m.Intervention)}
    out: dict[tuple[str, str], dict] = {("total", "total"): dict.fromkeys(GROUP_FIELDS)}

    def row(**values) -> dict:
        return {**dict.fromkeys(GROUP_FIELDS), **values}

    for d in dims.values():
        dre = dict(dre=d.dre_code, dre_nombre=d.dre_name)
        ugel = dict(dre, ugel=d.ugel_code, ugel_nombre=d.ugel_name)
        inter = dict(intervencion=d.intervention, intervencion_nombre=names.get(d.intervention, d.intervention))
        out[("dre", d.dre_code)] = row(**dre)
        out[("ugel", d.ugel_code)] = row(**ugel)
        out[("acompanante", d.key)] = row(**ugel, **inter, acompanante_dni=d.dni, acompanante_nombre=d.name)
    for key, name in names.items():
        out[("intervencion", key)] = row(intervencion=key, intervencion_nombre=name)
    return out
