"""applications: an under-18's guardian, and the provider's questionnaire invitation

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 13:45:00.000000

Pupils aged 16 and 17 may apply for jobs and apprenticeships open to 16+: their parent or guardian
is told when they apply and when the provider needs consent. People may apply before doing the
values questionnaire; the provider may ask them to do it, once per application.
"""
from alembic import op
import sqlalchemy as sa

import outreach.models.types


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guardian_name', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('guardian_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('questionnaire_invited_at', outreach.models.types.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('questionnaire_invited_at')
        batch_op.drop_column('guardian_email')
        batch_op.drop_column('guardian_name')
