"""What a unit of work wrote, gathered as it writes and turned into a `ChangeSet` before the commit.

The change-log hook (ORM flushes), the bulk writers (`bulk.insert_sync_rows`, `bulk_update.update_sync_rows`)
and the sync's own writers (`sync_store.hub_write`, `sync_store.replica_apply`: `report_json_rows`,
`report_rows`) report every row here, so that no write path can be left out of the change set. The periods
of rows that do not carry them (an execution knows its activity, a bulk update only its id) are read in a few
set-wise queries when the unit is sealed, inside its own transaction.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Sequence
from uuid import UUID

from sqlalchemy import select

from ..domain.changes import ChangeSet, Period
from . import models as m

_CHUNK = 900
_WITH_PERIOD = frozenset({"activity", "activity_participant", "execution", "execution_participant", "assignment",
                          "month_closing"})


def _chunks(values: Sequence) -> Iterable[Sequence]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


class Written:
    __slots__ = ("ids", "_periods", "_activity_period", "_activities", "_execution_activity", "_assignments",
                 "_unknown_parent")

    def __init__(self) -> None:
        self.ids: dict[str, set[UUID]] = {}
        self._periods: set[tuple] = set()                       # (ugel, coach, year, month)
        self._activity_period: dict[UUID, tuple] = {}           # activity → its period
        self._activities: set[UUID] = set()                     # activities whose period is reported
        self._execution_activity: dict[UUID, UUID | None] = {}  # execution → activity (None: to read)
        self._assignments: dict[UUID, tuple | None] = {}        # assignment → (coach, year) (None: to read)
        self._unknown_parent: dict[str, set[UUID]] = {}         # rows updated by id alone, parent to read

    def _ids(self, table: str) -> set[UUID]:
        found = self.ids.get(table)
        if found is None:
            found = self.ids[table] = set()
        return found

    # --- reports from the writers -------------------------------------------------------------------------
    def row(self, table: str, get) -> None:
        """One row written; `get(column)` reads its values (an ORM object's attributes or a dict's keys)."""
        id_ = get("id")
        self._ids(table).add(id_)
        if table == "activity":
            period = (get("ugel_id"), get("coach_id"), get("year"), get("month"))
            self._activity_period[id_] = period
            self._activities.add(id_)
        elif table == "activity_participant":
            self._activities.add(get("activity_id"))
        elif table == "execution":
            self._execution_activity[id_] = get("activity_id")
        elif table == "execution_participant":
            self._execution_activity.setdefault(get("execution_id"), None)
        elif table == "assignment":
            self._assignments[id_] = (get("coach_id"), get("year"))
        elif table == "month_closing":
            self._periods.add((get("ugel_id"), None, get("year"), get("month")))

    def obj(self, obj) -> None:
        self.row(type(obj).__tablename__, lambda key: getattr(obj, key))

    def rows(self, table: str, rows: Iterable[dict]) -> None:
        """Rows inserted in bulk (dicts with their `id`)."""
        if table in _WITH_PERIOD:
            for r in rows:
                self.row(table, r.get)
        else:
            self._ids(table).update(r["id"] for r in rows)

    def updated(self, table: str, ids: Iterable[UUID]) -> None:
        """Rows changed in bulk by id alone: what they belong to is read when sealing."""
        ids = list(ids)
        self._ids(table).update(ids)
        if table == "activity":
            self._activities.update(ids)
        elif table == "execution":
            for id_ in ids:
                self._execution_activity.setdefault(id_, None)
        elif table == "assignment":
            for id_ in ids:
                self._assignments.setdefault(id_, None)
        elif table in _WITH_PERIOD:
            self._unknown_parent.setdefault(table, set()).update(ids)

    # --- sealing --------------------------------------------------------------------------------------------
    def seal(self, session) -> ChangeSet:
        """The change set, with the periods still unknown read inside the unit's transaction."""
        self._read_parents(session)
        unknown = [e for e, a in self._execution_activity.items() if a is None]
        for chunk in _chunks(unknown):
            for eid, aid in session.execute(select(m.Execution.id, m.Execution.activity_id)
                                            .where(m.Execution.id.in_(chunk))):
                self._execution_activity[eid] = aid
        self._activities.update(a for a in self._execution_activity.values() if a is not None)
        missing = [a for a in self._activities if a not in self._activity_period]
        for chunk in _chunks(missing):
            for row in session.execute(select(m.Activity.id, m.Activity.ugel_id, m.Activity.coach_id,
                                              m.Activity.year, m.Activity.month).where(m.Activity.id.in_(chunk))):
                self._activity_period[row[0]] = tuple(row[1:])
        periods = {self._activity_period[a] for a in self._activities if a in self._activity_period}
        periods |= self._periods | self._assignment_periods(session)
        return ChangeSet({k: frozenset(v) for k, v in self.ids.items() if v},
                         frozenset(Period(*p) for p in periods))

    def _read_parents(self, session) -> None:
        for table, ids in self._unknown_parent.items():
            ids = list(ids)
            for chunk in _chunks(ids):
                if table == "activity_participant":
                    stmt = select(m.ActivityParticipant.activity_id).where(m.ActivityParticipant.id.in_(chunk))
                    self._activities.update(session.scalars(stmt))
                elif table == "execution_participant":
                    stmt = select(m.ExecutionParticipant.execution_id).where(m.ExecutionParticipant.id.in_(chunk))
                    for eid in session.scalars(stmt):
                        self._execution_activity.setdefault(eid, None)
                else:  # month_closing
                    stmt = select(m.MonthClosing.ugel_id, m.MonthClosing.year, m.MonthClosing.month).where(
                        m.MonthClosing.id.in_(chunk))
                    self._periods.update((g, None, y, mo) for g, y, mo in session.execute(stmt))

    def _assignment_periods(self, session) -> set[tuple]:
        if not self._assignments:
            return set()
        unknown = [a for a, v in self._assignments.items() if v is None]
        for chunk in _chunks(unknown):
            for aid, coach, year in session.execute(select(m.Assignment.id, m.Assignment.coach_id, m.Assignment.year)
                                                    .where(m.Assignment.id.in_(chunk))):
                self._assignments[aid] = (coach, year)
        pairs = {v for v in self._assignments.values() if v is not None}
        coaches = list({c for c, _y in pairs})
        ugel_of: dict[UUID, UUID] = {}
        for chunk in _chunks(coaches):
            ugel_of.update(session.execute(select(m.Coach.id, m.Coach.ugel_id).where(m.Coach.id.in_(chunk))).all())
        return {(ugel_of.get(c), c, y, None) for c, y in pairs}


def report_json_rows(session, table: str, rows: Iterable[dict]) -> None:
    """Whole rows as the sync carries them (ids as text): what they belong to is taken from them, without
    reading the database when the unit is sealed (a push of 50,000 changes would read them all again)."""
    written = session.info.get("written")
    if written is None:
        return
    if table not in _WITH_PERIOD:
        written.updated(table, [UUID(str(r["id"])) for r in rows])
        return
    for r in rows:
        written.row(table, lambda key, r=r: _typed(key, r.get(key)))


def _typed(key: str, value):
    if value.__class__ is str and key[-2:] == "id":
        return UUID(value) if key == "id" else _parent(value)
    return value


@lru_cache(maxsize=4096)
def _parent(text: str) -> UUID:
    """A parent's id (a coach, a UGEL, an activity): the same few recur over a batch's rows."""
    return UUID(text)


def report_rows(session, table: str, rows: Iterable) -> None:
    """Rows about to be removed (their columns as read, with typed values): their periods are taken now."""
    written = session.info.get("written")
    if written is not None:
        for row in rows:
            written.row(table, row.get)
