"""indicator index on activity in id order within year and kind

The indicators join activities to their live execution by `activity_id`. 0005's covering index on
activity was ordered (year, kind, month, coach…), so the 374,000 look-ups into the execution index
of a national year landed on random pages; reading the activities in id order instead (ids are
time-ordered UUIDs, and the execution index is ordered by `activity_id`) makes consecutive look-ups
hit neighbouring pages, which costs about a third less (see docs/performance.md, Issue 4). It also
carries the UGEL and the intervention, so that filters on them read no table row, and the planned
amounts, so that rutas and materiales read none either. The old index is dropped: one index, not
two, for the bulk loads to maintain.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 18:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: Union[str, None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

LIVE = sa.text("deleted_at IS NULL")
NEW = ["year", "kind", "id", "month", "coach_id", "ugel_id", "intervention_id", "visit_type", "teacher_id",
       "school_id", "planned_date", "allowance_assigned_cents", "quantity_planned"]
OLD = ["year", "kind", "month", "coach_id", "visit_type", "teacher_id", "school_id", "id"]


def upgrade() -> None:
    op.drop_index("ix_activity_facts", table_name="activity")
    op.create_index("ix_activity_facts_by_id", "activity", NEW, unique=False, sqlite_where=LIVE,
                    postgresql_where=LIVE)


def downgrade() -> None:
    op.drop_index("ix_activity_facts_by_id", table_name="activity")
    op.create_index("ix_activity_facts", "activity", OLD, unique=False, sqlite_where=LIVE, postgresql_where=LIVE)
