"""hire retention

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 09:00:00.000000

When an application was first hired, the 3- and 6-month "still employed?" answers for it, and the
application that moved a referred friend's lead (so its checks answer the lead's too).
"""
from alembic import op
import sqlalchemy as sa

import outreach.models.types


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# The first move to hired (from the stage history), else the last stage change.
BACKFILL_HIRED_AT = """
UPDATE applications SET hired_at = COALESCE(
    (SELECT MIN(c.changed_at) FROM application_stage_changes c
     WHERE c.application_id = applications.id AND c.to_stage = 'hired'),
    stage_changed_at)
WHERE stage = 'hired' AND hired_at IS NULL
"""


def _add_application_id(batch_op):
    batch_op.add_column(sa.Column('application_id', sa.Integer(), nullable=True))
    batch_op.create_foreign_key(batch_op.f('fk_leads_application_id_applications'), 'applications',
                                ['application_id'], ['id'], ondelete='SET NULL')


def _drop_application_id(batch_op):
    batch_op.drop_constraint(batch_op.f('fk_leads_application_id_applications'), type_='foreignkey')
    batch_op.drop_column('application_id')


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hired_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_applications_hired_at'), ['hired_at'], unique=False)
    op.execute(BACKFILL_HIRED_AT)

    op.create_table('employment_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('milestone', sa.String(length=2), nullable=False),
    sa.Column('still_employed', sa.Boolean(), nullable=False),
    sa.Column('answered_at', outreach.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_employment_checks_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_employment_checks_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employment_checks')),
    sa.UniqueConstraint('application_id', 'milestone', name=op.f('uq_employment_checks_application_id'))
    )
    with op.batch_alter_table('employment_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employment_checks_answered_at'), ['answered_at'], unique=False)

    # On SQLite this rebuilds "leads"; migrations/env.py turns foreign keys off meanwhile, so the
    # leads' stage history and points entries stay as they are.
    with op.batch_alter_table('leads', schema=None) as batch_op:
        _add_application_id(batch_op)
    op.create_index(op.f('ix_leads_application_id'), 'leads', ['application_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_leads_application_id'), table_name='leads')
    with op.batch_alter_table('leads', schema=None) as batch_op:
        _drop_application_id(batch_op)

    with op.batch_alter_table('employment_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employment_checks_answered_at'))

    op.drop_table('employment_checks')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_hired_at'))
        batch_op.drop_column('hired_at')  # SQLite 3.35+ drops it in place, without a rebuild
