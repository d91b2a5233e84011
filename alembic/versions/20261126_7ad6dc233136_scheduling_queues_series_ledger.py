"""scheduling queues series ledger

Revision ID: 7ad6dc233136
Revises: 733f7b7e3346
Create Date: 2026-11-26
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '7ad6dc233136'
down_revision = '733f7b7e3346'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('scheduler_beats',
    sa.Column('worker', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('ticked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('published', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('worker')
    )
    op.create_table('publishing_settings',
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('min_gap_minutes', sa.Integer(), nullable=False),
    sa.Column('grace_minutes', sa.Integer(), nullable=False),
    sa.Column('require_approval', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('org_id')
    )
    op.create_table('calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feeds_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_calendar_feeds_token', ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_calendar_feeds_user_id'), ['user_id'], unique=False)

    op.create_table('recurring_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('source_post_id', sa.Integer(), nullable=False),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('skip_dates', sa.JSON(), nullable=False),
    sa.Column('variants', sa.JSON(), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('recurring_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recurring_series_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recurring_series_source_post_id'), ['source_post_id'], unique=False)

    op.create_table('queue_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('at', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['social_accounts.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'weekday', 'at', name='uq_queue_slot')
    )
    with op.batch_alter_table('queue_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_queue_slots_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_queue_slots_org_id'), ['org_id'], unique=False)

    op.create_table('queue_states',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['social_accounts.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('account_id')
    )
    with op.batch_alter_table('queue_states', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_queue_states_org_id'), ['org_id'], unique=False)

    op.create_table('series_exceptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('occurs_on', sa.Date(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ),
    sa.ForeignKeyConstraint(['series_id'], ['recurring_series.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('series_id', 'occurs_on', name='uq_series_exception')
    )
    with op.batch_alter_table('series_exceptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_series_exceptions_series_id'), ['series_id'], unique=False)

    op.create_table('delivery_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('worker', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['target_id'], ['post_targets.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('target_id', 'number', name='uq_delivery_attempt_number')
    )
    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_attempts_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_attempts_target_id'), ['target_id'], unique=False)

    with op.batch_alter_table('post_targets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('lease_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('locked_by', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False, server_default=''))

    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('queued', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('priority', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('occurs_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_posts_series_id'), ['series_id'], unique=False)
        batch_op.create_foreign_key('fk_posts_series_id', 'recurring_series', ['series_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_constraint('fk_posts_series_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_posts_series_id'))
        batch_op.drop_column('occurs_on')
        batch_op.drop_column('series_id')
        batch_op.drop_column('priority')
        batch_op.drop_column('queued')

    with op.batch_alter_table('post_targets', schema=None) as batch_op:
        batch_op.drop_column('locked_by')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempts')

    with op.batch_alter_table('delivery_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_attempts_target_id'))
        batch_op.drop_index(batch_op.f('ix_delivery_attempts_org_id'))

    op.drop_table('delivery_attempts')
    with op.batch_alter_table('series_exceptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_series_exceptions_series_id'))

    op.drop_table('series_exceptions')
    with op.batch_alter_table('queue_states', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queue_states_org_id'))

    op.drop_table('queue_states')
    with op.batch_alter_table('queue_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queue_slots_org_id'))
        batch_op.drop_index(batch_op.f('ix_queue_slots_account_id'))

    op.drop_table('queue_slots')
    with op.batch_alter_table('recurring_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recurring_series_source_post_id'))
        batch_op.drop_index(batch_op.f('ix_recurring_series_org_id'))

    op.drop_table('recurring_series')
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feeds_user_id'))
        batch_op.drop_index('ix_calendar_feeds_token')
        batch_op.drop_index(batch_op.f('ix_calendar_feeds_org_id'))

    op.drop_table('calendar_feeds')
    op.drop_table('publishing_settings')
    op.drop_table('scheduler_beats')
