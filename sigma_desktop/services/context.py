"""What every service shares: the database, the signed-in actor and the unit-of-work helper."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator
from uuid import UUID

from ..domain.changes import ChangeSet
from ..domain.errors import NotFound, PermissionDenied
from ..domain.permissions import SYSTEM, Action, Actor, require, require_scope
from ..storage.database import Database
from ..storage.unit import Unit, unit
from ..storage import record_queries as rec

MUST_CHANGE_PASSWORD = ("Su contraseña es temporal: cámbiela antes de continuar (la ventana la pide al ingresar; "
                        "en la línea de comandos, «sigma password --usuario DNI»).")


class Context:
    def __init__(self, db: Database):
        self.db = db
        self.actor: Actor | None = None
        self._on_commit: list[Callable[[ChangeSet], None]] = []

    def on_commit(self, listener: Callable[[ChangeSet], None]) -> None:
        """Calls `listener(changes)` after every write unit of these services commits, in the thread that
        wrote (services/live_figures.py keeps the open figures current with it). A listener's failure never
        reaches the writer: the write has committed."""
        self._on_commit.append(listener)

    def _committed(self, changes: ChangeSet) -> None:
        for listener in self._on_commit:
            try:
                listener(changes)
            except Exception:  # noqa: BLE001
                import logging

                logging.getLogger(__name__).exception("after-commit listener failed")

    def for_nodes(self) -> "Context":
        """A context on the same database with nobody signed in (the hub's endpoint acts for the nodes) that
        tells this one's listeners what it commits: a batch applied in this program moves its live figures."""
        other = Context(self.db)
        other._on_commit = self._on_commit  # the same list: listeners added later hear it too
        return other

    def reading_as(self, actor: Actor) -> "Context":
        """A context on the same database acting as `actor`, for reads only (a live view reading again, in
        whatever thread wrote, as the person who opened it): writes through it would tell nobody."""
        other = Context(self.db)
        other.actor = actor
        return other

    def current(self) -> Actor:
        if self.actor is None:
            raise PermissionDenied("Debe iniciar sesión para realizar esta acción.")
        return self.actor

    def sign_in_as_system(self) -> None:
        """The command line acts as the system, and says so: whoever runs it already holds the database
        file or the server's credentials. The window never does: its user signs in."""
        self.actor = SYSTEM

    @contextmanager
    def unit(self, *, write: bool, action: Action | None = None, password_change: bool = False) -> Iterator[Unit]:
        """One transaction as the current actor; the permission check comes first.

        Nobody signed in: refused (no service acts as the system by default: see `sign_in_as_system`).
        A user signed in with a temporary password gets no unit but the one that changes it
        (`password_change`).
        """
        actor = self.current()
        if actor.must_change_password and not password_change:
            raise PermissionDenied(MUST_CHANGE_PASSWORD)
        if action is not None:
            require(actor, action)
        with unit(self.db, write=write, user_id=actor.user_id, user_dni=actor.dni) as u:
            yield u
        if write and self._on_commit and u.changes:
            self._committed(u.changes)

    @contextmanager
    def system_unit(self, *, wait: bool = True) -> Iterator[Unit]:
        """A write unit as the system (init, demo data): no user behind it. `wait=False`: a write that can
        be left for another time fails at once (DatabaseLocked) while another program writes."""
        with unit(self.db, write=True, user_id=None, user_dni=SYSTEM.dni, wait=wait) as u:
            yield u
        if self._on_commit and u.changes:
            self._committed(u.changes)

    def reader(self, actor: Actor | None = None):
        """A read unit for the figures: as the signed-in actor (its permission checked), or, with `actor`, for
        a view that actor already opened (a live view reading its filter again after a write, whoever wrote)."""
        if actor is None:
            return self.unit(write=False, action=Action.READ)
        return self.system_read()

    @contextmanager
    def system_read(self) -> Iterator[Unit]:
        """A read unit as the system, whoever is signed in (sign-in itself, the hub's checks)."""
        with unit(self.db, write=False, user_id=None, user_dni=SYSTEM.dni) as u:
            yield u


def check_ugel_scope(actor: Actor, u: Unit, ugel_id: UUID) -> None:
    ids = rec.ugel_dre_ids(u, ugel_id)
    if ids is None:
        raise NotFound("La UGEL indicada no existe.")
    require_scope(actor, ids[0], ids[1])


def scope_ugels(actor: Actor, u: Unit) -> list[UUID] | None:
    """The UGEL ids an actor may see (None: the whole nation)."""
    from ..domain.enums import ScopeLevel
    from ..storage.review_queries import ugels_in_scope

    if actor.scope is ScopeLevel.UGEL:
        return ugels_in_scope(u, actor.ugel_id, None)
    if actor.scope is ScopeLevel.DRE:
        return ugels_in_scope(u, None, actor.dre_id)
    return None


def get_or_fail(u: Unit, model, id_: UUID, label: str):
    obj = u.get(model, id_)
    if obj is None or getattr(obj, "deleted_at", None) is not None:
        raise NotFound(f"No se encontró {label}.")
    return obj
