"""The SQL of synchronisation (docs/sync.md): sync state, reading and applying batches, the hub's feed.

Rows travel as dicts of JSON values, the change log's own form (`canonical_json.json_value`: UUIDs, dates
and times as ISO text). This module converts them back with each column's type and writes them with
Core statements, never through the ORM: rows applied from another node must not produce change-log
entries of this node (they carry their original entries), and batches of thousands of rows need
executemany (or COPY on PostgreSQL) to be fast.

Callers use this package as one module (`from ..storage import sync_store as ss`); its parts:
tables (synced tables, shared SQL helpers), codecs (value conversions), state (app_meta sync state),
replica_push / replica_apply (a replica's pending changes / applying the hub's batches), hub_nodes
(identity, sequencer, nodes, receipts), hub_write (writing a batch), hub_pull (the feed), conflicts.
"""
from .tables import (CHUNK, MODELS, ORDER, columns, foreign_keys, is_entity, is_postgres, is_uuid_text, row_json,
                     rows_by_id, search_key, table)
from .state import META_HUB_ID, META_MODE, has_user_data, last_seq, meta, node_id, set_meta, set_node_id
from .replica_push import pending_changes, pending_count, pending_fields, pending_push_json
from .replica_apply import defer_foreign_keys, insert_entries, retire_rows, upsert_rows
from .hub_nodes import (HUB_LOCK, NodeInfo, account_by_dni, add_node, closed_months, hub_id, last_change_of_field,
                        lock_node, make_hub, node_accounts, node_by_id, node_by_token, node_user_ids, nodes, receipts,
                        seen, sequence, set_node_token, set_node_users, ugel_dres)
from .hub_write import IntegrityFailure, insert_rows, savepoint, touch, update_rows, write_entries, write_receipts
from .hub_pull import entries_by_seq, feed_after, feed_head, first_feed_seq, last_feed_seq, repeatable_read
from .value_checks import MAX_TEXT, column_checks
from .conflicts import (add_conflicts, coach_by_dni, coach_label, conflict, conflict_rows, count_open_conflicts,
                        live_rows, new_orm_row, open_conflict_for, orm_row, set_orm_fields, ugel_by_code, ugel_label)

__all__ = ["CHUNK", "MODELS", "ORDER", "columns", "foreign_keys", "is_entity", "is_postgres", "is_uuid_text",
           "row_json", "rows_by_id", "search_key", "table", "META_HUB_ID", "META_MODE", "has_user_data", "last_seq",
           "meta", "node_id", "set_meta", "set_node_id", "pending_changes", "pending_count", "pending_fields",
           "pending_push_json", "defer_foreign_keys", "insert_entries", "retire_rows", "upsert_rows", "HUB_LOCK",
           "NodeInfo", "account_by_dni", "add_node", "closed_months", "hub_id", "last_change_of_field", "lock_node",
           "make_hub", "node_accounts", "node_by_id", "node_by_token", "node_user_ids", "nodes", "receipts", "seen",
           "sequence", "set_node_token", "set_node_users", "ugel_dres",
           "IntegrityFailure", "insert_rows", "savepoint", "touch", "update_rows", "write_entries", "write_receipts",
           "entries_by_seq", "feed_after", "feed_head", "first_feed_seq", "last_feed_seq", "repeatable_read",
           "add_conflicts", "coach_by_dni", "coach_label", "conflict", "conflict_rows", "count_open_conflicts",
           "live_rows", "new_orm_row", "open_conflict_for", "orm_row", "set_orm_fields", "ugel_by_code", "ugel_label",
           "MAX_TEXT", "column_checks"]
