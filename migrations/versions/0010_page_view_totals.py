"""page view totals

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 09:10:00.000000

Daily role-page view and quiz counts added up across roles, so the impact dashboard reads one row
per (kind, day, district) instead of one per role. Filled from the per-role counts.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('page_view_totals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('district', sa.String(length=4), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_view_totals')),
    sa.UniqueConstraint('kind', 'day', 'district', name=op.f('uq_page_view_totals_kind'))
    )
    with op.batch_alter_table('page_view_totals', schema=None) as batch_op:
        batch_op.create_index('ix_page_view_totals_day', ['day'], unique=False)
    op.execute("INSERT INTO page_view_totals (kind, day, district, count) "
               "SELECT kind, day, district, SUM(count) FROM page_view_counts GROUP BY kind, day, district")


def downgrade():
    with op.batch_alter_table('page_view_totals', schema=None) as batch_op:
        batch_op.drop_index('ix_page_view_totals_day')
    op.drop_table('page_view_totals')
