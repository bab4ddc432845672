"""held invitations

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 09:00:00.000000

Invitations remember when their email was sent. A pending organisation's invitations are held
(no email) until CareWays approves it; every invitation made before this was sent when made.
"""
from alembic import op
import sqlalchemy as sa

import outreach.models.types


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE invitations SET sent_at = created_at")


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('sent_at')
