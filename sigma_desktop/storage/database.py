"""Engine, session factory and units of work for SQLite (local, replica) and PostgreSQL (shared)."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator
from uuid import UUID

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from . import changelog, server_auth
from .errors import Where, translating
from .location import refuse_network
from .models import AppMeta


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets readers work while one writer commits; FULL syncs every commit to disk so that a power
    # cut never loses work the user saw saved; foreign keys are off by default in SQLite.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


_WRITE_UNIT: ContextVar[bool] = ContextVar("sigma_write_unit", default=False)
_NO_WAIT: ContextVar[bool] = ContextVar("sigma_no_wait", default=False)
BUSY_TIMEOUT_MS = 10000


def _sqlite_begin(conn) -> None:
    # pysqlite's implicit BEGIN is replaced so that write units take the lock up front (no
    # SQLITE_BUSY when a read transaction tries to upgrade) and read units stay deferred. A write that
    # can wait for another time (a bookkeeping date) gives up at once when another program writes.
    if _WRITE_UNIT.get():
        if _NO_WAIT.get():
            conn.info["busy_timeout"] = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            conn.exec_driver_sql("PRAGMA busy_timeout=0")
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _sqlite_end(conn) -> None:
    """After a no-wait write: the connection waits for other programs' locks again, as it did."""
    waited = conn.info.pop("busy_timeout", None)
    if waited is not None:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(waited)}")


def is_write_unit() -> bool:
    """Whether the unit running in this context may write (its SQLite transaction holds the lock)."""
    return _WRITE_UNIT.get()


class Database:
    """One database (a SQLite file or a PostgreSQL server) and the way to work in it."""

    def __init__(self, url: str, *, echo: bool = False):
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        if self.is_sqlite and self.url.database not in (None, "", ":memory:"):
            refuse_network(self.url.database)  # SQLite's locks are unreliable on network drives
        kwargs: dict = {"echo": echo, "future": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "isolation_level": None}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(self.url, **kwargs)
        server_auth.install(self.engine)  # a kept server password, only if the server asks for one
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
            event.listen(self.engine, "commit", _sqlite_end)
            event.listen(self.engine, "rollback", _sqlite_end)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        changelog.install(self._sessions)
        self._node: str | None = None
        self.where = Where.of(self)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def describe(self) -> str:
        """The URL without its password, for status bars and logs."""
        return self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()

    @property
    def node(self) -> str:
        """This database's node id (set on init; 'local' before)."""
        if self._node is None:
            with self._sessions() as s:
                row = s.get(AppMeta, "node_id")
                self._node = row.value if row else "local"
        return self._node

    def forget_node(self) -> None:
        self._node = None

    @contextmanager
    def session(self, *, write: bool = False, user_id: UUID | None = None,
                user_dni: str = "00000000", wait: bool = True) -> Iterator[Session]:
        """One transaction: committed on success when `write`, rolled back otherwise.

        Disk full, read-only folder, locked or damaged database come out as DataSafetyError with a
        Spanish message (storage/errors.py); the transaction is rolled back whole either way. A write
        with `wait=False` fails at once (DatabaseLocked) instead of waiting for another program's write.
        """
        with translating(self.where):
            session = self._sessions()
            session.info.update(user_id=user_id, user_dni=user_dni, node=self.node)
            token = _WRITE_UNIT.set(write)
            no_wait = _NO_WAIT.set(not wait)
            try:
                yield session
                if write:
                    session.commit()
                else:
                    session.rollback()
            except BaseException:
                session.rollback()
                raise
            finally:
                _WRITE_UNIT.reset(token)
                _NO_WAIT.reset(no_wait)
                session.close()

    def scalar_meta(self, key: str) -> str | None:
        with self._sessions() as s:
            return s.scalar(select(AppMeta.value).where(AppMeta.key == key))
