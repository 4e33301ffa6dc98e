"""The schema as SQLAlchemy 2 typed ORM. Every table users edit is sync-ready (see docs/data-model.md)."""
from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
        SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.text import search_key
from ..domain.enums import ValidationState
from .ids import new_id
from .model_base import Base, SyncRow
from .types import BigIntPK, UTCDateTime

# Columns the change log does not repeat as "changes": the log's own metadata, and `search_key`, which
# every node derives from the row itself (see `derive`).
BOOKKEEPING = frozenset({"version", "created_at", "created_by", "updated_at", "updated_by", "origin",
                         "search_key"})


class Searchable:
    """Rows found by a search box and listed in Spanish order: `search_key` (domain.text.search_key) is
    the collation key of the listed fields, names first, whose levels also hold the folded text (lower
    case, no accents) that the search box matches. Ordering by it is SIGMA's one Spanish order
    («Ábalos» with the A, «Ñahui» after every «Nu…»: tests/services/test_sorting.py); on PostgreSQL the
    column compares byte by byte (COLLATE "C"), as SQLite does, whatever the server's locale.
    """

    SEARCH_FIELDS: tuple[str, ...] = ()
    search_key: Mapped[str] = mapped_column(
        String(300).with_variant(String(300, collation="C"), "postgresql"), default="")


def derive(model: type, values) -> str | None:
    """The search key of a row given as an object or a dict (None for models without one)."""
    fields = getattr(model, "SEARCH_FIELDS", ())
    if not fields:
        return None
    get = values.get if isinstance(values, dict) else (lambda k: getattr(values, k, None))
    return search_key(*(get(f) for f in fields))

LIVE_ONLY = text("deleted_at IS NULL")
# a teacher's diagnóstica, whoever made it (indicator_queries.teacher_diagnostics): a few per teacher a year
LIVE_DIAGNOSTICS = text("deleted_at IS NULL AND kind = 'visita' AND visit_type = 'diagnostica'")

RUBRIC_SLOTS = (1, 2, 3, 4, 5, 6)  # desempeño numbers; a rubric version uses a subset


# --- reference data shipped with the app (not user-edited, not synced) -------------------------------

class Ubigeo(Base):
    __tablename__ = "ubigeo"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    department: Mapped[str] = mapped_column(String(80))
    province: Mapped[str] = mapped_column(String(80))
    district: Mapped[str] = mapped_column(String(80))


class AppMeta(Base):
    """Key/value facts about this database: node id, creation, app version that last opened it."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- organisation ----------------------------------------------------------------------------------

class Dre(SyncRow, Base):
    __tablename__ = "dre"
    code: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    department_code: Mapped[str | None] = mapped_column(String(2))


class Ugel(SyncRow, Base):
    __tablename__ = "ugel"
    code: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    dre_id: Mapped[UUID] = mapped_column(ForeignKey("dre.id"), index=True)
    dre: Mapped[Dre] = relationship(lazy="joined")
    # who signs the UGEL's printed reports (Revisado por, V°B°): services/signatories.py
    reviewer_name: Mapped[str | None] = mapped_column(String(120))
    reviewer_post: Mapped[str | None] = mapped_column(String(120))
    director_name: Mapped[str | None] = mapped_column(String(120))
    director_post: Mapped[str | None] = mapped_column(String(120))


# --- catalogues ------------------------------------------------------------------------------------

class Intervention(SyncRow, Base):
    __tablename__ = "intervention"
    key: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    multi_coach: Mapped[bool] = mapped_column(Boolean, default=False)
    has_community_visits: Mapped[bool] = mapped_column(Boolean, default=False)


class SkipReason(SyncRow, Base):
    __tablename__ = "skip_reason"
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    requires_text: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)


class RubricVersion(SyncRow, Base):
    __tablename__ = "rubric_version"
    code: Mapped[str] = mapped_column(String(10), unique=True)
    first_year: Mapped[int] = mapped_column(SmallInteger)
    last_year: Mapped[int | None] = mapped_column(SmallInteger)


class RubricItem(SyncRow, Base):
    __tablename__ = "rubric_item"
    __table_args__ = (UniqueConstraint("version_id", "number"),
                      CheckConstraint("number BETWEEN 1 AND 6", name="number"))
    version_id: Mapped[UUID] = mapped_column(ForeignKey("rubric_version.id"))
    number: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(String(200))


class Protocol(SyncRow, Base):
    """Physical targets of an intervention for a year and school level."""

    __tablename__ = "protocol"
    __table_args__ = (
        UniqueConstraint("intervention_id", "year", "level"),
        CheckConstraint("first_month BETWEEN 1 AND 12 AND last_month BETWEEN first_month AND 12", name="months"),
    )
    intervention_id: Mapped[UUID] = mapped_column(ForeignKey("intervention.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    level: Mapped[str] = mapped_column(String(20))
    visits: Mapped[int] = mapped_column(SmallInteger)
    visit_days: Mapped[int] = mapped_column(SmallInteger, default=1)
    group_sessions: Mapped[int] = mapped_column(SmallInteger)
    group_session_hours: Mapped[int] = mapped_column(SmallInteger)
    workshops: Mapped[int] = mapped_column(SmallInteger)
    workshop_days: Mapped[int] = mapped_column(SmallInteger)
    community_visits: Mapped[int] = mapped_column(SmallInteger, default=0)
    teachers_per_coach: Mapped[int] = mapped_column(SmallInteger)
    first_month: Mapped[int] = mapped_column(SmallInteger, default=3)
    last_month: Mapped[int] = mapped_column(SmallInteger, default=12)


# --- master data -----------------------------------------------------------------------------------

class School(Searchable, SyncRow, Base):
    __tablename__ = "school"
    SEARCH_FIELDS = ("name", "modular_code", "local_code")  # name first: the key also sorts by name
    __table_args__ = (UniqueConstraint("modular_code", "annex"),)
    modular_code: Mapped[str] = mapped_column(String(7))
    annex: Mapped[str] = mapped_column(String(1), default="0")
    local_code: Mapped[str | None] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(160))
    level: Mapped[str] = mapped_column(String(20))
    characteristic: Mapped[str | None] = mapped_column(String(30))
    area: Mapped[str] = mapped_column(String(10))
    ubigeo: Mapped[str] = mapped_column(ForeignKey("ubigeo.code"))
    ugel_id: Mapped[UUID] = mapped_column(ForeignKey("ugel.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Teacher(Searchable, SyncRow, Base):
    __tablename__ = "teacher"
    SEARCH_FIELDS = ("last_name_1", "last_name_2", "first_names", "dni")  # names first: sorts by name
    dni: Mapped[str] = mapped_column(String(8), unique=True)
    first_names: Mapped[str] = mapped_column(String(80))
    last_name_1: Mapped[str] = mapped_column(String(60))
    last_name_2: Mapped[str | None] = mapped_column(String(60))
    school_id: Mapped[UUID] = mapped_column(ForeignKey("school.id"), index=True)
    ugel_id: Mapped[UUID] = mapped_column(ForeignKey("ugel.id"), index=True)
    # deactivated, never deleted: their activities and history stay (migration 0009)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Coach(Searchable, SyncRow, Base):
    __tablename__ = "coach"
    SEARCH_FIELDS = ("last_name_1", "last_name_2", "first_names", "dni")  # names first: sorts by name
    dni: Mapped[str] = mapped_column(String(8), unique=True)
    first_names: Mapped[str] = mapped_column(String(80))
    last_name_1: Mapped[str] = mapped_column(String(60))
    last_name_2: Mapped[str | None] = mapped_column(String(60))
    ugel_id: Mapped[UUID] = mapped_column(ForeignKey("ugel.id"), index=True)
    intervention_id: Mapped[UUID] = mapped_column(ForeignKey("intervention.id"), index=True)
    contract_start: Mapped[date | None] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # migration 0009


class Assignment(SyncRow, Base):
    """Teacher ↔ coach for an intervention and year.

    `exclusive_key` is set only where the intervention allows one active coach per teacher: its
    uniqueness enforces the rule in the database, while EIB rows leave it NULL (many coaches).
    """

    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("teacher_id", "coach_id", "intervention_id", "year"),)
    teacher_id: Mapped[UUID] = mapped_column(ForeignKey("teacher.id"), index=True)
    coach_id: Mapped[UUID] = mapped_column(ForeignKey("coach.id"), index=True)
    intervention_id: Mapped[UUID] = mapped_column(ForeignKey("intervention.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    no_plan: Mapped[bool] = mapped_column(Boolean, default=False)
    no_plan_reason: Mapped[str | None] = mapped_column(Text)
    exclusive_key: Mapped[str | None] = mapped_column(String(80), unique=True)


# --- activities ------------------------------------------------------------------------------------

class Activity(SyncRow, Base):
    """A planned activity of one coach in one month; its outcome lives in `execution`."""

    __tablename__ = "activity"
    __table_args__ = (
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        Index("ix_activity_scope", "year", "month", "ugel_id"),
        Index("ix_activity_coach_period", "coach_id", "year", "month"),
        # covering index of the indicator queries, in id order within year and kind so that their
        # look-ups into the execution index (ordered by activity_id) are sequential (migration 0006)
        Index("ix_activity_facts_by_id", "year", "kind", "id", "month", "coach_id", "ugel_id", "intervention_id",
              "visit_type", "teacher_id", "school_id", "planned_date", "allowance_assigned_cents",
              "quantity_planned", sqlite_where=LIVE_ONLY, postgresql_where=LIVE_ONLY),
        # the diagnósticas of a year without scanning its visits (migration 0009)
        Index("ix_activity_diagnostics", "year", "teacher_id", "month", "intervention_id", "coach_id",
              sqlite_where=LIVE_DIAGNOSTICS, postgresql_where=LIVE_DIAGNOSTICS),
    )
    kind: Mapped[str] = mapped_column(String(20))
    coach_id: Mapped[UUID] = mapped_column(ForeignKey("coach.id"))
    intervention_id: Mapped[UUID] = mapped_column(ForeignKey("intervention.id"))
    ugel_id: Mapped[UUID] = mapped_column(ForeignKey("ugel.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    month: Mapped[int] = mapped_column(SmallInteger)
    planned_date: Mapped[date | None] = mapped_column(Date)
    teacher_id: Mapped[UUID | None] = mapped_column(ForeignKey("teacher.id"), index=True)
    school_id: Mapped[UUID | None] = mapped_column(ForeignKey("school.id"))
    visit_type: Mapped[str | None] = mapped_column(String(20))
    topic: Mapped[str | None] = mapped_column(String(200))
    planned_hours: Mapped[int | None] = mapped_column(SmallInteger)
    planned_days: Mapped[int | None] = mapped_column(SmallInteger)
    allowance_assigned_cents: Mapped[int | None] = mapped_column(BigInteger)
    kit: Mapped[str | None] = mapped_column(String(120))
    quantity_planned: Mapped[int | None] = mapped_column(Integer)


class ActivityParticipant(SyncRow, Base):
    """Who a GIA or taller convenes (teachers), or which schools a ruta covers."""

    __tablename__ = "activity_participant"
    activity_id: Mapped[UUID] = mapped_column(ForeignKey("activity.id"), index=True)
    teacher_id: Mapped[UUID | None] = mapped_column(ForeignKey("teacher.id"))
    school_id: Mapped[UUID | None] = mapped_column(ForeignKey("school.id"))


class Execution(SyncRow, Base):
    """The outcome of a planned activity: executed (with its data) or not executed (with motivo).

    At most one live execution per activity (partial unique index); a deleted one stays as a tombstone.
    """

    __tablename__ = "execution"
    __table_args__ = (
        Index("uq_execution_live_activity", "activity_id", unique=True,
              sqlite_where=LIVE_ONLY, postgresql_where=LIVE_ONLY),
        Index("ix_execution_facts", "activity_id", "outcome", "validation_state", "skip_reason_id", "executed_on",
              "hours", "days", sqlite_where=LIVE_ONLY, postgresql_where=LIVE_ONLY),
        *(CheckConstraint(f"level_{n} BETWEEN 1 AND 4", name=f"level_{n}") for n in RUBRIC_SLOTS),
    )
    activity_id: Mapped[UUID] = mapped_column(ForeignKey("activity.id"))
    outcome: Mapped[str] = mapped_column(String(20))
    executed_on: Mapped[date] = mapped_column(Date)
    skip_reason_id: Mapped[UUID | None] = mapped_column(ForeignKey("skip_reason.id"))
    skip_note: Mapped[str | None] = mapped_column(Text)
    hours: Mapped[int | None] = mapped_column(SmallInteger)
    days: Mapped[int | None] = mapped_column(SmallInteger)
    parents: Mapped[int | None] = mapped_column(Integer)
    elders: Mapped[int | None] = mapped_column(Integer)
    authorities: Mapped[int | None] = mapped_column(Integer)
    allowance_spent_cents: Mapped[int | None] = mapped_column(BigInteger)
    quantity_delivered: Mapped[int | None] = mapped_column(Integer)
    # Rubric levels I–IV (1–4) per desempeño number; columns, not rows, because a national year has
    # about 340,000 executed visits and every indicator reads them (see docs/data-model.md).
    level_1: Mapped[int | None] = mapped_column(SmallInteger)
    level_2: Mapped[int | None] = mapped_column(SmallInteger)
    level_3: Mapped[int | None] = mapped_column(SmallInteger)
    level_4: Mapped[int | None] = mapped_column(SmallInteger)
    level_5: Mapped[int | None] = mapped_column(SmallInteger)
    level_6: Mapped[int | None] = mapped_column(SmallInteger)
    notes: Mapped[str | None] = mapped_column(Text)
    validation_state: Mapped[str] = mapped_column(String(20), default=ValidationState.PENDING.value)
    validation_comment: Mapped[str | None] = mapped_column(Text)
    validated_by: Mapped[UUID | None] = mapped_column(Uuid)
    validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ExecutionParticipant(SyncRow, Base):
    """Attendance of a GIA or taller (teacher, attended) or a school reached by a ruta."""

    __tablename__ = "execution_participant"
    __table_args__ = (Index("ix_execution_participant_facts", "execution_id", "teacher_id", "attended",
                            sqlite_where=LIVE_ONLY, postgresql_where=LIVE_ONLY),)
    execution_id: Mapped[UUID] = mapped_column(ForeignKey("execution.id"), index=True)
    teacher_id: Mapped[UUID | None] = mapped_column(ForeignKey("teacher.id"))
    school_id: Mapped[UUID | None] = mapped_column(ForeignKey("school.id"))
    attended: Mapped[bool] = mapped_column(Boolean, default=True)


class MonthClosing(SyncRow, Base):
    __tablename__ = "month_closing"
    __table_args__ = (UniqueConstraint("ugel_id", "year", "month"),)
    ugel_id: Mapped[UUID] = mapped_column(ForeignKey("ugel.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    month: Mapped[int] = mapped_column(SmallInteger)
    closed: Mapped[bool] = mapped_column(Boolean, default=True)
    reason: Mapped[str | None] = mapped_column(Text)


# --- quality of information -------------------------------------------------------------------------

class QualityFinding(SyncRow, Base):
    """The review state of a finding of the quality module (services/quality.py): findings themselves are
    recomputed from the data; what a person decided about one (revisada, corregida, justificada with a
    note) is kept here, logged and synced. The id derives from `finding_key`
    (domain.quality.model.state_id), so that two offices marking the same finding write the same row.
    `records_count`: how many records the finding had when it was marked (more later: it is new again)."""

    __tablename__ = "quality_finding"
    __table_args__ = (
        CheckConstraint("state IN ('nueva', 'revisada', 'corregida', 'justificada')", name="state"),
        Index("ix_quality_finding_scope", "ugel_id", "year"),
    )
    ugel_id: Mapped[UUID] = mapped_column(ForeignKey("ugel.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    kind: Mapped[str] = mapped_column(String(40))
    finding_key: Mapped[str] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    records_count: Mapped[int] = mapped_column(Integer, default=0)


# --- people who sign in ----------------------------------------------------------------------------

class UserAccount(SyncRow, Base):
    __tablename__ = "user_account"
    dni: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    role: Mapped[str] = mapped_column(String(30))
    scope: Mapped[str] = mapped_column(String(10))
    ugel_id: Mapped[UUID | None] = mapped_column(ForeignKey("ugel.id"))
    dre_id: Mapped[UUID | None] = mapped_column(ForeignKey("dre.id"))
    coach_id: Mapped[UUID | None] = mapped_column(ForeignKey("coach.id"))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)


class SignInThrottle(Base):
    """Failed sign-ins counted per (PC, DNI) and per PC, for the back-off (services/auth.py).

    Not a synced row and not logged: a counter of failed attempts is this database's and this PC's own
    (a replica must not push it, and an attacker on one PC must not lock a person out of every PC).
    `key` is "dni:<pc>:<dni>" or "pc:<pc>"; the DNI may be one no account has."""

    __tablename__ = "sign_in_throttle"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# --- the change log: audit trail and sync feed -----------------------------------------------------

class ChangeLog(Base):
    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_entity", "entity", "entity_id"),)
    seq: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    change_id: Mapped[UUID] = mapped_column(Uuid, unique=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[UUID] = mapped_column(Uuid)
    op: Mapped[str] = mapped_column(String(10))
    changes: Mapped[str] = mapped_column(Text)  # JSON {field: [old, new]}
    base_version: Mapped[int | None] = mapped_column(Integer)
    new_version: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[UUID | None] = mapped_column(Uuid)
    user_dni: Mapped[str] = mapped_column(String(8))
    node: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(UTCDateTime)  # when this database recorded the change (its clock)
    # a change pushed by a replica: the time the replica claims it was made (on the hub, `at` is the
    # hub's clock when it accepted the change; a replica's clock is its owner's to set)
    offline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


SYNC_MODELS: tuple[type[SyncRow], ...] = (
    Dre, Ugel, Intervention, SkipReason, RubricVersion, RubricItem, Protocol, School, Teacher, Coach,
    Assignment, Activity, ActivityParticipant, Execution, ExecutionParticipant,
    MonthClosing, UserAccount, QualityFinding,
)

# Synchronisation tables (hub registry, feed, receipts, conflicts) share this metadata: see sync_models.py.
from . import sync_models  # noqa: E402,F401 - registers its tables on Base.metadata
