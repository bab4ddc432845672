"""accounts: lead email confirmation and the monthly points cap by default

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 09:00:00.000000

Points for a recommended friend wait until the friend confirms from their own email address
(leads.email_confirmed_at). Friends a colleague entered had to confirm by email already, so their
confirmation counts. The monthly cap on points for friends coming forward is on by default:
providers without one get 50 points a month per staff member.
"""
from alembic import op
import sqlalchemy as sa

import outreach.models.types


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE leads SET email_confirmed_at = confirmed_at "
               "WHERE source = 'staff_entry' AND confirmed_at IS NOT NULL")
    op.execute("UPDATE referral_settings SET monthly_share_cap = 50 WHERE monthly_share_cap IS NULL")


def downgrade():
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
