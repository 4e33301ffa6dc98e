"""A unit of work: one transaction. It gets, finds, adds and counts rows; every other query is a function of
a `*_queries.py` module that takes the unit (services never see SQL or sessions)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, TypeVar
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.changes import ChangeSet
from . import models as m
from .database import Database
from .ids import new_id, utcnow
from .written import Written

T = TypeVar("T")


class Unit:
    """Transaction-scoped access to the data. Objects it returns are live only inside the unit.

    After a write unit ends, `changes` holds what it wrote (a `ChangeSet`, gathered from the rows
    themselves: see `written.py`)."""

    def __init__(self, session: Session):
        self._s = session
        self._written = session.info["written"] = Written()
        self.changes = ChangeSet()

    def seal(self) -> ChangeSet:
        """Writes what is pending and sums up what the unit wrote (before its commit)."""
        self._s.flush()
        self.changes = self._written.seal(self._s)
        return self.changes

    def act_as(self, user_id: UUID | None, dni: str) -> None:
        """Attributes the following writes of this unit to another user in the change log."""
        self._s.info.update(user_id=user_id, user_dni=dni)

    # --- generic ----------------------------------------------------------------------------------
    def get(self, model: type[T], id_: UUID | None) -> T | None:
        if id_ is None:
            return None
        return self._s.get(model, id_)

    def find(self, model: type[T], **equals: Any) -> T | None:
        """The one live row whose columns equal the given values, or None."""
        stmt = select(model).filter_by(**equals)
        if hasattr(model, "deleted_at"):
            stmt = stmt.where(model.deleted_at.is_(None))
        return self._s.scalars(stmt.limit(2)).one_or_none()

    def all(self, model: type[T], order_by: str | None = None, **equals: Any) -> list[T]:
        stmt = select(model).filter_by(**equals)
        if hasattr(model, "deleted_at"):
            stmt = stmt.where(model.deleted_at.is_(None))
        if order_by:
            stmt = stmt.order_by(getattr(model, order_by))
        return list(self._s.scalars(stmt))

    def add(self, obj: T) -> T:
        """Adds a new row; its key is made now so that callers can refer to it before the flush."""
        if isinstance(obj, m.SyncRow) and obj.id is None:
            obj.id = new_id()
        self._s.add(obj)
        return obj

    def flush(self) -> None:
        """Writes pending changes now, turning database constraint failures into IntegrityError."""
        self._s.flush()

    def count(self, model: type) -> int:
        return self._s.scalar(select(func.count()).select_from(model)) or 0

    def now(self):
        return utcnow()

    # --- statements, for storage's query modules (`*_queries.py`, `sync_store/`): services have no SQL ----
    def execute(self, stmt, params=None, **options):
        """Session.execute: `params` for the statement's parameters, `execution_options=` as SQLAlchemy's."""
        return self._s.execute(stmt, params, **options)

    def scalars(self, stmt):
        return self._s.scalars(stmt)

    def scalar(self, stmt):
        return self._s.scalar(stmt)

    def connection(self):
        """The unit's connection (its transaction): for driver-level reads of large results."""
        return self._s.connection()

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self._s.bind.dialect.name

    @property
    def info(self) -> dict:
        """Per-unit notes shared with the change-log hook (who writes; the rows written)."""
        return self._s.info


def session_of(u: Unit) -> Session:
    """The unit's session, for storage's bulk paths that hand it to SQLAlchemy's bulk and ORM-less APIs
    (bulk.py, bulk_update.py, sync_store/, twin_unit.py, sign_in_store.py). Services never see it."""
    return u._s  # noqa: SLF001 - the one door to the session, inside storage


@contextmanager
def unit(db: Database, *, write: bool, user_id: UUID | None = None, user_dni: str = "00000000",
         wait: bool = True) -> Iterator[Unit]:
    with db.session(write=write, user_id=user_id, user_dni=user_dni, wait=wait) as session:
        u = Unit(session)
        yield u
        if write:
            u.seal()


def is_integrity_error(exc: BaseException) -> bool:
    return isinstance(exc, IntegrityError)
