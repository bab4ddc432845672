"""titles: job titles recruiters typed beside the role they chose, for the taxonomy to learn from

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 17:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

import outreach.models.types


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'title_choices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=120), nullable=False),
        sa.Column('title_key', sa.String(length=120), nullable=False),
        sa.Column('role_slug', sa.String(length=80), nullable=True),
        sa.Column('guessed_slug', sa.String(length=80), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('created_at', outreach.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('decision', sa.String(length=20), nullable=True),
        sa.Column('decided_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('title_choices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_title_choices_title_key'), ['title_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_title_choices_decision'), ['decision'], unique=False)


def downgrade():
    with op.batch_alter_table('title_choices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_title_choices_decision'))
        batch_op.drop_index(batch_op.f('ix_title_choices_title_key'))
    op.drop_table('title_choices')
