"""application notes: public ids and edited_at

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 13:45:00.000000

A note's author may edit or delete it, so each note gets a random public id for its URLs (existing
notes are given one here) and the time it was last edited.
"""
import secrets

from alembic import op
import sqlalchemy as sa

import outreach.models.types


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('application_notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_id', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('edited_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True))
    notes = sa.table('application_notes', sa.column('id', sa.Integer), sa.column('public_id', sa.String))
    connection = op.get_bind()
    for (note_id,) in connection.execute(sa.select(notes.c.id)).all():
        connection.execute(notes.update().where(notes.c.id == note_id)
                           .values(public_id=secrets.token_urlsafe(12)))
    with op.batch_alter_table('application_notes', schema=None) as batch_op:
        batch_op.alter_column('public_id', existing_type=sa.String(length=24), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_application_notes_public_id'), ['public_id'])


def downgrade():
    with op.batch_alter_table('application_notes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_application_notes_public_id'), type_='unique')
        batch_op.drop_column('edited_at')
        batch_op.drop_column('public_id')
