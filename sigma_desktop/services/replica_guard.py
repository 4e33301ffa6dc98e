"""Catalogues and accounts are the hub's: a replica receives them and writes none (sync/scope.py).

Writes of the administrator's catalogues (DRE, UGEL, interventions, motivos, rubrics, protocols) and of
accounts' roles check this first, so that a replica refuses them with a message instead of making a change
that the hub would reject at the next synchronisation.
"""
from __future__ import annotations

from ..domain.errors import ValidationError


def is_replica(u) -> bool:
    from ..storage import sync_store as ss

    return ss.meta(u).get(ss.META_MODE) == "replica"


def refuse_on_replica(u, what: str, field: str | None = None) -> None:
    if is_replica(u):
        raise ValidationError(f"{what}: en una PC que sincroniza con un servidor, se cambia en el servidor (o en una "
                              "PC conectada a él) y llega con la sincronización.", field)
