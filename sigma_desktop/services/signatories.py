"""Who signs a UGEL's printed reports: «Revisado por» (the Gestor Local) and «V°B°» (the director).

The names and posts are the UGEL's (columns of the UGEL row, migration 0007), written by its Gestor Local or
the administrator, in the window (Reportes → «Firmantes…») and with `sigma firmantes`; every change goes to
the change log like any other. «Elaborado por» is always whoever generates the report.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..domain import codes
from ..domain.errors import NotFound, ValidationError
from ..domain.permissions import Action
from ..storage import models as m
from .context import Context, check_ugel_scope

DEFAULT_REVIEWER_POST = "Gestor(a) Local de la UGEL"
DEFAULT_DIRECTOR_POST = "Director(a) de la UGEL"
MAX_LENGTH = 120


@dataclass(frozen=True)
class Signatories:
    ugel_code: str
    ugel_name: str
    reviewer_name: str = ""
    reviewer_post: str = DEFAULT_REVIEWER_POST
    director_name: str = ""
    director_post: str = DEFAULT_DIRECTOR_POST


def _clean(value: str | None, label: str, field: str) -> str | None:
    text = " ".join((value or "").split())
    if len(text) > MAX_LENGTH:
        raise ValidationError(f"{label}: admite como máximo {MAX_LENGTH} caracteres.", field)
    return text or None


class SignatoryService:
    def __init__(self, ctx: Context):
        self._ctx = ctx

    def get(self, ugel_code: str) -> Signatories:
        code = codes.office_code(ugel_code, "ugel")
        with self._ctx.unit(write=False, action=Action.READ) as u:
            ugel = u.find(m.Ugel, code=code)
            if ugel is None:
                raise NotFound(f"UGEL: {code} no existe.")
            return _of(ugel)

    def set(self, ugel_code: str, *, reviewer_name: str | None = None, reviewer_post: str | None = None,
            director_name: str | None = None, director_post: str | None = None) -> Signatories:
        """Changes the given fields (None: leave as it is; "": clear, back to the default post)."""
        code = codes.office_code(ugel_code, "ugel")
        fields = {"reviewer_name": (reviewer_name, "Revisado por: nombre"),
                  "reviewer_post": (reviewer_post, "Revisado por: cargo"),
                  "director_name": (director_name, "V°B°: nombre"),
                  "director_post": (director_post, "V°B°: cargo")}
        values = {k: _clean(v, label, k) for k, (v, label) in fields.items() if v is not None}
        with self._ctx.unit(write=True, action=Action.EDIT_SIGNATORIES) as u:
            from ..storage import sync_store as ss

            if ss.meta(u).get(ss.META_MODE) == "replica":
                # the UGEL row is a catalogue the hub sends: a replica receives it and writes none
                raise ValidationError("Firmantes: en una PC que sincroniza con un servidor, se configuran en el "
                                      "servidor (o en una PC conectada a él) y llegan con la sincronización.",
                                      "firmantes")
            ugel = u.find(m.Ugel, code=code)
            if ugel is None:
                raise NotFound(f"UGEL: {code} no existe.")
            check_ugel_scope(self._ctx.current(), u, ugel.id)
            for key, value in values.items():
                if getattr(ugel, key) != value:
                    setattr(ugel, key, value)
            u.flush()
            return _of(ugel)


def _of(ugel) -> Signatories:
    return Signatories(ugel.code, ugel.name, ugel.reviewer_name or "", ugel.reviewer_post or DEFAULT_REVIEWER_POST,
                       ugel.director_name or "", ugel.director_post or DEFAULT_DIRECTOR_POST)
