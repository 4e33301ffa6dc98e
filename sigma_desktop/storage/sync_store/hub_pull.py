"""Hub side: reading the feed for a pull, in one snapshot."""
from __future__ import annotations

from datetime import timezone
from typing import Iterable, Sequence

from sqlalchemy import func, select

from ..sync_models import SyncFeed
from ..unit import Unit, session_of
from .replica_push import _entry_json
from .tables import CHUNK, _LOG, _by_keys, _keys, is_postgres

# --- hub: pulling ---------------------------------------------------------------------------------------

def feed_head(unit: Unit) -> int:
    return int(unit.scalar(select(func.max(SyncFeed.hub_seq))) or 0)


def feed_after(unit: Unit, cursor: int, limit: int, head: int, echo_of: str = ""
               ) -> tuple[list[tuple[int, str, str, int | None]], int]:
    """The next `limit` feed items after `cursor` (up to `head`, read in the same snapshot) and the hub
    sequence number the walk reaches: the last item's when `limit` were found, else `head`. Items of
    node `echo_of`'s own changes applied in step (SyncReceipt.in_step) are skipped in the query itself:
    after a push of thousands of changes, the pull walks past them in one statement, not batch by batch
    through Python."""
    conn = unit.connection()
    rows = conn.exec_driver_sql(
        "SELECT f.hub_seq, f.entity, CAST(f.entity_id AS TEXT), f.change_seq FROM sync_feed f "
        "WHERE f.hub_seq > %s AND f.hub_seq <= %s AND NOT EXISTS (SELECT 1 FROM change_log c "
        "JOIN sync_receipt s ON s.change_id = c.change_id WHERE c.seq = f.change_seq AND c.node = %s "
        "AND s.in_step) ORDER BY f.hub_seq LIMIT %s",
        (cursor, head, echo_of, limit)).fetchall()
    last = int(rows[-1][0]) if len(rows) >= limit else max(head, cursor)
    return [(int(a), e, i, c) for a, e, i, c in rows], last


def entries_by_seq(unit: Unit, seqs: Sequence[int], brief_for: str | None = None) -> dict[int, dict]:
    """Change-log entries by seq (JSON values); those of node `brief_for` only as {change_id, node,
    in_step} (a pull does not send a node its own entries; see SyncReceipt.in_step)."""
    out: dict[int, dict] = {}
    seqs = list(seqs)
    pg = is_postgres(unit)
    for start in range(0, len(seqs), CHUNK * 5):
        chunk = seqs[start:start + CHUNK * 5]
        if not pg:
            for r in unit.execute(select(_LOG).where(_LOG.c.seq.in_(chunk))):
                out[int(r.seq)] = _entry_json(r)
            continue
        rows = unit.connection().exec_driver_sql(
            "SELECT c.seq, CAST(c.change_id AS TEXT), c.entity, CAST(c.entity_id AS TEXT), c.op, "
            "CASE WHEN c.node = %s THEN NULL ELSE c.changes END, c.base_version, c.new_version, "
            "CAST(c.user_id AS TEXT), c.user_dni, c.node, c.at, c.offline_at, r.in_step FROM change_log c "
            "JOIN unnest(CAST(%s AS BIGINT[])) AS k(seq) ON c.seq = k.seq "
            "LEFT JOIN sync_receipt r ON r.change_id = c.change_id AND c.node = %s",
            (brief_for or "", _keys(chunk), brief_for or ""))
        for seq, cid, entity, eid, op, changes, base, new, uid, dni, node, at, offline, step in rows:
            if node == brief_for:
                out[int(seq)] = {"change_id": cid, "node": node, "in_step": bool(step)}
                continue
            # `changes` stays JSON text (as stored): the node stores it as it is
            out[int(seq)] = {"change_id": cid, "entity": entity, "entity_id": eid, "op": op,
                             "changes": changes, "base_version": base, "new_version": new, "user_id": uid,
                             "user_dni": dni, "node": node, "at": at.astimezone(timezone.utc).isoformat(),
                             "offline_at": None if offline is None else offline.astimezone(timezone.utc).isoformat()}
    return out


def first_feed_seq(unit: Unit, ids: Iterable[str]) -> dict[str, int]:
    """The first hub sequence number of each row (when the hub first had it)."""
    return _feed_seq(unit, ids, "min")


def last_feed_seq(unit: Unit, ids: Iterable[str]) -> dict[str, int]:
    """The last hub sequence number of each row (its latest change)."""
    return _feed_seq(unit, ids, "max")


def _feed_seq(unit: Unit, ids: Iterable[str], agg) -> dict[str, int]:
    keys = list(dict.fromkeys(str(i) for i in ids))
    if not keys:
        return {}
    rows = _by_keys(unit, f"SELECT CAST(f.entity_id AS TEXT), {agg}(f.hub_seq) FROM sync_feed f "
                          "JOIN unnest(CAST(%s AS UUID[])) AS k(id) ON f.entity_id = k.id GROUP BY f.entity_id", keys)
    return {i: int(seq) for i, seq in rows}


def repeatable_read(unit: Unit) -> None:
    """A pull reads the feed and the rows from one snapshot (PostgreSQL; SQLite reads are snapshots)."""
    session = session_of(unit)
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
