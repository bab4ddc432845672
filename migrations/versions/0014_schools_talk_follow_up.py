"""talk requests: offered on opt-in, chased, widened with the school's agreement, expired

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:00:00.000000

When a school was asked to widen its search and when it agreed (extra_km), when a request expired,
and when each provider was told of a request (so the chase can wait a few days from then).
"""
from alembic import op
import sqlalchemy as sa

import outreach.models.types


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('talk_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('widen_asked_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('extra_km', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('widened_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('expired_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('talk_request_notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notified_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('talk_request_notices', schema=None) as batch_op:
        batch_op.drop_column('notified_at')
    with op.batch_alter_table('talk_requests', schema=None) as batch_op:
        batch_op.drop_column('expired_at')
        batch_op.drop_column('widened_at')
        batch_op.drop_column('extra_km')
        batch_op.drop_column('widen_asked_at')
