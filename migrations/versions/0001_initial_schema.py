"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 14:39:40.167049
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa



revision: str = '0001'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:

    op.create_table('app_meta',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_meta'))
    )
    op.create_table('change_log',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('op', sa.String(length=10), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('new_version', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('user_dni', sa.String(length=8), nullable=False),
    sa.Column('node', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_change_log')),
    sa.UniqueConstraint('change_id', name=op.f('uq_change_log_change_id'))
    )
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.create_index('ix_change_log_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('dre',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('department_code', sa.String(length=2), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dre')),
    sa.UniqueConstraint('code', name=op.f('uq_dre_code'))
    )
    op.create_table('intervention',
    sa.Column('key', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('multi_coach', sa.Boolean(), nullable=False),
    sa.Column('has_community_visits', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intervention')),
    sa.UniqueConstraint('key', name=op.f('uq_intervention_key'))
    )
    op.create_table('rubric_version',
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('first_year', sa.SmallInteger(), nullable=False),
    sa.Column('last_year', sa.SmallInteger(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric_version')),
    sa.UniqueConstraint('code', name=op.f('uq_rubric_version_code'))
    )
    op.create_table('skip_reason',
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('requires_text', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skip_reason')),
    sa.UniqueConstraint('code', name=op.f('uq_skip_reason_code'))
    )
    op.create_table('ubigeo',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('department', sa.String(length=80), nullable=False),
    sa.Column('province', sa.String(length=80), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_ubigeo'))
    )
    op.create_table('protocol',
    sa.Column('intervention_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('visits', sa.SmallInteger(), nullable=False),
    sa.Column('visit_days', sa.SmallInteger(), nullable=False),
    sa.Column('group_sessions', sa.SmallInteger(), nullable=False),
    sa.Column('group_session_hours', sa.SmallInteger(), nullable=False),
    sa.Column('workshops', sa.SmallInteger(), nullable=False),
    sa.Column('workshop_days', sa.SmallInteger(), nullable=False),
    sa.Column('community_visits', sa.SmallInteger(), nullable=False),
    sa.Column('teachers_per_coach', sa.SmallInteger(), nullable=False),
    sa.Column('first_month', sa.SmallInteger(), nullable=False),
    sa.Column('last_month', sa.SmallInteger(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('first_month BETWEEN 1 AND 12 AND last_month BETWEEN first_month AND 12', name=op.f('ck_protocol_months')),
    sa.ForeignKeyConstraint(['intervention_id'], ['intervention.id'], name=op.f('fk_protocol_intervention_id_intervention')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protocol')),
    sa.UniqueConstraint('intervention_id', 'year', 'level', name=op.f('uq_protocol_intervention_id_year_level'))
    )
    op.create_table('rubric_item',
    sa.Column('version_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.SmallInteger(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('number BETWEEN 1 AND 6', name=op.f('ck_rubric_item_number')),
    sa.ForeignKeyConstraint(['version_id'], ['rubric_version.id'], name=op.f('fk_rubric_item_version_id_rubric_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric_item')),
    sa.UniqueConstraint('version_id', 'number', name=op.f('uq_rubric_item_version_id_number'))
    )
    op.create_table('ugel',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('dre_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['dre_id'], ['dre.id'], name=op.f('fk_ugel_dre_id_dre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ugel')),
    sa.UniqueConstraint('code', name=op.f('uq_ugel_code'))
    )
    with op.batch_alter_table('ugel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ugel_dre_id'), ['dre_id'], unique=False)

    op.create_table('coach',
    sa.Column('dni', sa.String(length=8), nullable=False),
    sa.Column('first_names', sa.String(length=80), nullable=False),
    sa.Column('last_name_1', sa.String(length=60), nullable=False),
    sa.Column('last_name_2', sa.String(length=60), nullable=True),
    sa.Column('ugel_id', sa.Uuid(), nullable=False),
    sa.Column('intervention_id', sa.Uuid(), nullable=False),
    sa.Column('contract_start', sa.Date(), nullable=True),
    sa.Column('contract_end', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['intervention_id'], ['intervention.id'], name=op.f('fk_coach_intervention_id_intervention')),
    sa.ForeignKeyConstraint(['ugel_id'], ['ugel.id'], name=op.f('fk_coach_ugel_id_ugel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coach')),
    sa.UniqueConstraint('dni', name=op.f('uq_coach_dni'))
    )
    with op.batch_alter_table('coach', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coach_intervention_id'), ['intervention_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coach_ugel_id'), ['ugel_id'], unique=False)

    op.create_table('month_closing',
    sa.Column('ugel_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('month', sa.SmallInteger(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['ugel_id'], ['ugel.id'], name=op.f('fk_month_closing_ugel_id_ugel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_month_closing')),
    sa.UniqueConstraint('ugel_id', 'year', 'month', name=op.f('uq_month_closing_ugel_id_year_month'))
    )
    op.create_table('school',
    sa.Column('modular_code', sa.String(length=7), nullable=False),
    sa.Column('annex', sa.String(length=1), nullable=False),
    sa.Column('local_code', sa.String(length=6), nullable=True),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('characteristic', sa.String(length=30), nullable=True),
    sa.Column('area', sa.String(length=10), nullable=False),
    sa.Column('ubigeo', sa.String(length=6), nullable=False),
    sa.Column('ugel_id', sa.Uuid(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['ubigeo'], ['ubigeo.code'], name=op.f('fk_school_ubigeo_ubigeo')),
    sa.ForeignKeyConstraint(['ugel_id'], ['ugel.id'], name=op.f('fk_school_ugel_id_ugel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school')),
    sa.UniqueConstraint('modular_code', 'annex', name=op.f('uq_school_modular_code_annex'))
    )
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_ugel_id'), ['ugel_id'], unique=False)

    op.create_table('teacher',
    sa.Column('dni', sa.String(length=8), nullable=False),
    sa.Column('first_names', sa.String(length=80), nullable=False),
    sa.Column('last_name_1', sa.String(length=60), nullable=False),
    sa.Column('last_name_2', sa.String(length=60), nullable=True),
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.Column('ugel_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_teacher_school_id_school')),
    sa.ForeignKeyConstraint(['ugel_id'], ['ugel.id'], name=op.f('fk_teacher_ugel_id_ugel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teacher')),
    sa.UniqueConstraint('dni', name=op.f('uq_teacher_dni'))
    )
    with op.batch_alter_table('teacher', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teacher_school_id'), ['school_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_teacher_ugel_id'), ['ugel_id'], unique=False)

    op.create_table('user_account',
    sa.Column('dni', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('ugel_id', sa.Uuid(), nullable=True),
    sa.Column('dre_id', sa.Uuid(), nullable=True),
    sa.Column('coach_id', sa.Uuid(), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.SmallInteger(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['coach_id'], ['coach.id'], name=op.f('fk_user_account_coach_id_coach')),
    sa.ForeignKeyConstraint(['dre_id'], ['dre.id'], name=op.f('fk_user_account_dre_id_dre')),
    sa.ForeignKeyConstraint(['ugel_id'], ['ugel.id'], name=op.f('fk_user_account_ugel_id_ugel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('dni', name=op.f('uq_user_account_dni'))
    )
    op.create_table('activity',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('coach_id', sa.Uuid(), nullable=False),
    sa.Column('intervention_id', sa.Uuid(), nullable=False),
    sa.Column('ugel_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('month', sa.SmallInteger(), nullable=False),
    sa.Column('planned_date', sa.Date(), nullable=True),
    sa.Column('teacher_id', sa.Uuid(), nullable=True),
    sa.Column('school_id', sa.Uuid(), nullable=True),
    sa.Column('visit_type', sa.String(length=20), nullable=True),
    sa.Column('topic', sa.String(length=200), nullable=True),
    sa.Column('planned_hours', sa.SmallInteger(), nullable=True),
    sa.Column('planned_days', sa.SmallInteger(), nullable=True),
    sa.Column('allowance_assigned_cents', sa.BigInteger(), nullable=True),
    sa.Column('kit', sa.String(length=120), nullable=True),
    sa.Column('quantity_planned', sa.Integer(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_activity_month')),
    sa.ForeignKeyConstraint(['coach_id'], ['coach.id'], name=op.f('fk_activity_coach_id_coach')),
    sa.ForeignKeyConstraint(['intervention_id'], ['intervention.id'], name=op.f('fk_activity_intervention_id_intervention')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_activity_school_id_school')),
    sa.ForeignKeyConstraint(['teacher_id'], ['teacher.id'], name=op.f('fk_activity_teacher_id_teacher')),
    sa.ForeignKeyConstraint(['ugel_id'], ['ugel.id'], name=op.f('fk_activity_ugel_id_ugel')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index('ix_activity_coach_period', ['coach_id', 'year', 'month'], unique=False)
        batch_op.create_index('ix_activity_scope', ['year', 'month', 'ugel_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('assignment',
    sa.Column('teacher_id', sa.Uuid(), nullable=False),
    sa.Column('coach_id', sa.Uuid(), nullable=False),
    sa.Column('intervention_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('no_plan', sa.Boolean(), nullable=False),
    sa.Column('no_plan_reason', sa.Text(), nullable=True),
    sa.Column('exclusive_key', sa.String(length=80), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['coach_id'], ['coach.id'], name=op.f('fk_assignment_coach_id_coach')),
    sa.ForeignKeyConstraint(['intervention_id'], ['intervention.id'], name=op.f('fk_assignment_intervention_id_intervention')),
    sa.ForeignKeyConstraint(['teacher_id'], ['teacher.id'], name=op.f('fk_assignment_teacher_id_teacher')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('exclusive_key', name=op.f('uq_assignment_exclusive_key')),
    sa.UniqueConstraint('teacher_id', 'coach_id', 'intervention_id', 'year', name=op.f('uq_assignment_teacher_id_coach_id_intervention_id_year'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_coach_id'), ['coach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('activity_participant',
    sa.Column('activity_id', sa.Uuid(), nullable=False),
    sa.Column('teacher_id', sa.Uuid(), nullable=True),
    sa.Column('school_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_participant_activity_id_activity')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_activity_participant_school_id_school')),
    sa.ForeignKeyConstraint(['teacher_id'], ['teacher.id'], name=op.f('fk_activity_participant_teacher_id_teacher')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_participant'))
    )
    with op.batch_alter_table('activity_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_participant_activity_id'), ['activity_id'], unique=False)

    op.create_table('execution',
    sa.Column('activity_id', sa.Uuid(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('executed_on', sa.Date(), nullable=False),
    sa.Column('skip_reason_id', sa.Uuid(), nullable=True),
    sa.Column('skip_note', sa.Text(), nullable=True),
    sa.Column('hours', sa.SmallInteger(), nullable=True),
    sa.Column('days', sa.SmallInteger(), nullable=True),
    sa.Column('parents', sa.Integer(), nullable=True),
    sa.Column('elders', sa.Integer(), nullable=True),
    sa.Column('authorities', sa.Integer(), nullable=True),
    sa.Column('allowance_spent_cents', sa.BigInteger(), nullable=True),
    sa.Column('quantity_delivered', sa.Integer(), nullable=True),
    sa.Column('level_1', sa.SmallInteger(), nullable=True),
    sa.Column('level_2', sa.SmallInteger(), nullable=True),
    sa.Column('level_3', sa.SmallInteger(), nullable=True),
    sa.Column('level_4', sa.SmallInteger(), nullable=True),
    sa.Column('level_5', sa.SmallInteger(), nullable=True),
    sa.Column('level_6', sa.SmallInteger(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('validation_state', sa.String(length=20), nullable=False),
    sa.Column('validation_comment', sa.Text(), nullable=True),
    sa.Column('validated_by', sa.Uuid(), nullable=True),
    sa.Column('validated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('level_1 BETWEEN 1 AND 4', name=op.f('ck_execution_level_1')),
    sa.CheckConstraint('level_2 BETWEEN 1 AND 4', name=op.f('ck_execution_level_2')),
    sa.CheckConstraint('level_3 BETWEEN 1 AND 4', name=op.f('ck_execution_level_3')),
    sa.CheckConstraint('level_4 BETWEEN 1 AND 4', name=op.f('ck_execution_level_4')),
    sa.CheckConstraint('level_5 BETWEEN 1 AND 4', name=op.f('ck_execution_level_5')),
    sa.CheckConstraint('level_6 BETWEEN 1 AND 4', name=op.f('ck_execution_level_6')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_execution_activity_id_activity')),
    sa.ForeignKeyConstraint(['skip_reason_id'], ['skip_reason.id'], name=op.f('fk_execution_skip_reason_id_skip_reason')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution'))
    )
    with op.batch_alter_table('execution', schema=None) as batch_op:
        batch_op.create_index('uq_execution_live_activity', ['activity_id'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.create_table('execution_participant',
    sa.Column('execution_id', sa.Uuid(), nullable=False),
    sa.Column('teacher_id', sa.Uuid(), nullable=True),
    sa.Column('school_id', sa.Uuid(), nullable=True),
    sa.Column('attended', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sa.Uuid(), nullable=True),
    sa.Column('deleted_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['execution_id'], ['execution.id'], name=op.f('fk_execution_participant_execution_id_execution')),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_execution_participant_school_id_school')),
    sa.ForeignKeyConstraint(['teacher_id'], ['teacher.id'], name=op.f('fk_execution_participant_teacher_id_teacher')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_participant'))
    )
    with op.batch_alter_table('execution_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_execution_participant_execution_id'), ['execution_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('execution_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_execution_participant_execution_id'))

    op.drop_table('execution_participant')
    with op.batch_alter_table('execution', schema=None) as batch_op:
        batch_op.drop_index('uq_execution_live_activity', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.drop_table('execution')
    with op.batch_alter_table('activity_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_participant_activity_id'))

    op.drop_table('activity_participant')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_coach_id'))

    op.drop_table('assignment')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_teacher_id'))
        batch_op.drop_index('ix_activity_scope')
        batch_op.drop_index('ix_activity_coach_period')

    op.drop_table('activity')
    op.drop_table('user_account')
    with op.batch_alter_table('teacher', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teacher_ugel_id'))
        batch_op.drop_index(batch_op.f('ix_teacher_school_id'))

    op.drop_table('teacher')
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_school_ugel_id'))

    op.drop_table('school')
    op.drop_table('month_closing')
    with op.batch_alter_table('coach', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coach_ugel_id'))
        batch_op.drop_index(batch_op.f('ix_coach_intervention_id'))

    op.drop_table('coach')
    with op.batch_alter_table('ugel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ugel_dre_id'))

    op.drop_table('ugel')
    op.drop_table('rubric_item')
    op.drop_table('protocol')
    op.drop_table('ubigeo')
    op.drop_table('skip_reason')
    op.drop_table('rubric_version')
    op.drop_table('intervention')
    op.drop_table('dre')
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_index('ix_change_log_entity')

    op.drop_table('change_log')
    op.drop_table('app_meta')

