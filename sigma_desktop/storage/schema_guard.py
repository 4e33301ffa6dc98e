"""A database made by a newer release: its schema revision is unknown to this one's migrations.

Such a database is left exactly as it is (no migration, no backup, no write) and the user is told to
install the newer release; downgrading it could throw away data the newer release keeps.
"""
from __future__ import annotations

from functools import lru_cache

from ..domain.data_errors import NewerSchema
from ..paths import migrations


@lru_cache(maxsize=1)
def _revisions() -> tuple[str, ...]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations()))
    return tuple(s.revision for s in reversed(list(ScriptDirectory.from_config(cfg).walk_revisions())))


def known_revisions() -> list[str]:
    """This release's revisions, oldest first."""
    return list(_revisions())


def check_not_newer(revision: str | None) -> None:
    """Raises NewerSchema when `revision` (the database's) is not one of this release's migrations."""
    if revision is None:
        return
    known = _revisions()
    if revision not in known:
        raise NewerSchema(revision, known[-1] if known else "")
