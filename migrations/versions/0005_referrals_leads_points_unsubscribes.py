"""referrals, leads, points ledger and email unsubscribes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:00:00

Adds recommend-a-friend links, leads and their stage history, the append-only points ledger
(a trigger refuses updates, and on PostgreSQL deletes too), each provider's referral settings,
leaderboard opt-ins, unsubscribed addresses, and two outbox columns (essential, organisation_id).
"""
from alembic import op
import sqlalchemy as sa

import outreach.models.types


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION points_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'points_entries is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def upgrade():
    op.create_table('email_unsubscribes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', outreach.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_email_unsubscribes_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email_unsubscribes')),
    sa.UniqueConstraint('address', name=op.f('uq_email_unsubscribes_address'))
    )

    with op.batch_alter_table('email_unsubscribes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_unsubscribes_user_id'), ['user_id'], unique=False)

    op.create_table('leaderboard_opt_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', outreach.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_leaderboard_opt_ins_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_leaderboard_opt_ins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leaderboard_opt_ins')),
    sa.UniqueConstraint('user_id', name=op.f('uq_leaderboard_opt_ins_user_id'))
    )

    with op.batch_alter_table('leaderboard_opt_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leaderboard_opt_ins_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('referral_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=24), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.String(length=10), nullable=False),
    sa.Column('target_public_id', sa.String(length=24), nullable=True),
    sa.Column('target_title', sa.String(length=160), nullable=True),
    sa.Column('created_at', outreach.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_referral_links_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_referral_links_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_links')),
    sa.UniqueConstraint('code', name=op.f('uq_referral_links_code')),
    sa.UniqueConstraint('public_id', name=op.f('uq_referral_links_public_id'))
    )

    with op.batch_alter_table('referral_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_links_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_links_user_id'), ['user_id'], unique=False)

    op.create_table('referral_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('points_new', sa.Integer(), nullable=False),
    sa.Column('points_applied', sa.Integer(), nullable=False),
    sa.Column('points_interviewed', sa.Integer(), nullable=False),
    sa.Column('points_hired', sa.Integer(), nullable=False),
    sa.Column('points_employed_3m', sa.Integer(), nullable=False),
    sa.Column('points_employed_6m', sa.Integer(), nullable=False),
    sa.Column('new_to_care_bonus', sa.Integer(), nullable=False),
    sa.Column('monthly_share_cap', sa.Integer(), nullable=True),
    sa.Column('leaderboard_enabled', sa.Boolean(), nullable=False),
    sa.Column('updated_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_referral_settings_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_referral_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_settings')),
    sa.UniqueConstraint('organisation_id', name=op.f('uq_referral_settings_organisation_id'))
    )

    op.create_table('leads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=24), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=True),
    sa.Column('referrer_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('friend_name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email_digest', sa.String(length=64), nullable=True),
    sa.Column('phone_digest', sa.String(length=64), nullable=True),
    sa.Column('role_slug', sa.String(length=60), nullable=True),
    sa.Column('consent_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('confirmed_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('stage', sa.String(length=12), nullable=False),
    sa.Column('stage_changed_at', outreach.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('new_to_care', sa.Boolean(), nullable=False),
    sa.Column('hired_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cold_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('left_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('anonymised_at', outreach.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', outreach.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['link_id'], ['referral_links.id'], name=op.f('fk_leads_link_id_referral_links'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_leads_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referrer_id'], ['users.id'], name=op.f('fk_leads_referrer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leads')),
    sa.UniqueConstraint('public_id', name=op.f('uq_leads_public_id'))
    )

    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leads_email_digest'), ['email_digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_link_id'), ['link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_phone_digest'), ['phone_digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_referrer_id'), ['referrer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_stage'), ['stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_leads_stage_changed_at'), ['stage_changed_at'], unique=False)

    op.create_table('lead_stage_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.String(length=12), nullable=True),
    sa.Column('to_stage', sa.String(length=12), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', outreach.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], name=op.f('fk_lead_stage_changes_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], name=op.f('fk_lead_stage_changes_lead_id_leads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_stage_changes'))
    )

    with op.batch_alter_table('lead_stage_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_stage_changes_lead_id'), ['lead_id'], unique=False)

    op.create_table('points_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('created_at', outreach.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_id'], ['leads.id'], name=op.f('fk_points_entries_lead_id_leads')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_points_entries_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_points_entries_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_points_entries')),
    sa.UniqueConstraint('lead_id', 'reason', name=op.f('uq_points_entries_lead_id'))
    )

    with op.batch_alter_table('points_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_points_entries_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_entries_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('essential', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_organisation_id_organisations'), 'organisations', ['organisation_id'], ['id'], ondelete='SET NULL')

    # The ledger is append-only. (SQLite gets the update guard only: the test suite empties
    # tables with DELETE there, while PostgreSQL uses TRUNCATE, which row triggers do not see.)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute("CREATE TRIGGER points_entries_no_update BEFORE UPDATE OR DELETE ON points_entries "
                   "FOR EACH ROW EXECUTE FUNCTION points_entries_append_only()")
    else:
        op.execute("CREATE TRIGGER points_entries_no_update BEFORE UPDATE ON points_entries "
                   "BEGIN SELECT RAISE(ABORT, 'points_entries is append-only'); END")


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_organisation_id'))
        batch_op.drop_column('organisation_id')
        batch_op.drop_column('essential')
    op.execute("DROP TRIGGER IF EXISTS points_entries_no_update" +
               (" ON points_entries" if op.get_bind().dialect.name == "postgresql" else ""))
    for table in ('points_entries', 'lead_stage_changes', 'leads', 'referral_settings', 'referral_links',
                  'leaderboard_opt_ins', 'email_unsubscribes'):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS points_entries_append_only()")
