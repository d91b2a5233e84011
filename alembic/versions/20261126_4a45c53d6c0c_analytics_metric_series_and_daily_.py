"""analytics: metric series and daily rollups (metric_snapshots, account_snapshots, post_daily, post_totals,
account_daily, org_daily)

Revision ID: 4a45c53d6c0c
Revises: 68c9549bcd1b
Create Date: 2026-11-26 04:54:32.316171
"""

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = '4a45c53d6c0c'
down_revision = '68c9549bcd1b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('org_daily',
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('posts_published', sa.Integer(), nullable=False),
    sa.Column('impressions', sa.Integer(), nullable=False),
    sa.Column('reach', sa.Integer(), nullable=False),
    sa.Column('likes', sa.Integer(), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.Column('shares', sa.Integer(), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.Column('saves', sa.Integer(), nullable=False),
    sa.Column('video_views', sa.Integer(), nullable=False),
    sa.Column('engagements', sa.Integer(), nullable=False),
    sa.Column('followers', sa.Integer(), nullable=False),
    sa.Column('followers_delta', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('org_id', 'day', 'network')
    )
    op.create_table('account_daily',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('followers_as_of', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('followers', sa.Integer(), nullable=False),
    sa.Column('followers_delta', sa.Integer(), nullable=False),
    sa.Column('posts_published', sa.Integer(), nullable=False),
    sa.Column('impressions', sa.Integer(), nullable=False),
    sa.Column('reach', sa.Integer(), nullable=False),
    sa.Column('likes', sa.Integer(), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.Column('shares', sa.Integer(), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.Column('saves', sa.Integer(), nullable=False),
    sa.Column('video_views', sa.Integer(), nullable=False),
    sa.Column('engagements', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['social_accounts.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('account_id', 'day')
    )
    with op.batch_alter_table('account_daily', schema=None) as batch_op:
        batch_op.create_index('ix_account_daily_org_day', ['org_id', 'day'], unique=False)
    op.create_table('account_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('captured_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('followers', sa.Integer(), nullable=False),
    sa.Column('posts', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['social_accounts.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'captured_at', name='uq_account_snapshot_account_time')
    )
    with op.batch_alter_table('account_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_snapshots_org_id'), ['org_id'], unique=False)
    op.create_table('metric_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('captured_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('impressions', sa.Integer(), nullable=False),
    sa.Column('reach', sa.Integer(), nullable=False),
    sa.Column('likes', sa.Integer(), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.Column('shares', sa.Integer(), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.Column('saves', sa.Integer(), nullable=False),
    sa.Column('video_views', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['social_accounts.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ),
    sa.ForeignKeyConstraint(['target_id'], ['post_targets.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('target_id', 'captured_at', name='uq_metric_snapshot_target_time')
    )
    with op.batch_alter_table('metric_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_metric_snapshots_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_metric_snapshots_org_time', ['org_id', 'captured_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_metric_snapshots_post_id'), ['post_id'], unique=False)
    op.create_table('post_daily',
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('author_user_id', sa.Integer(), nullable=True),
    sa.Column('assignee_user_id', sa.Integer(), nullable=True),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('as_of', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('impressions', sa.Integer(), nullable=False),
    sa.Column('reach', sa.Integer(), nullable=False),
    sa.Column('likes', sa.Integer(), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.Column('shares', sa.Integer(), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.Column('saves', sa.Integer(), nullable=False),
    sa.Column('video_views', sa.Integer(), nullable=False),
    sa.Column('engagements', sa.Integer(), nullable=False),
    sa.Column('delta_impressions', sa.Integer(), nullable=False),
    sa.Column('delta_reach', sa.Integer(), nullable=False),
    sa.Column('delta_likes', sa.Integer(), nullable=False),
    sa.Column('delta_comments', sa.Integer(), nullable=False),
    sa.Column('delta_shares', sa.Integer(), nullable=False),
    sa.Column('delta_clicks', sa.Integer(), nullable=False),
    sa.Column('delta_saves', sa.Integer(), nullable=False),
    sa.Column('delta_video_views', sa.Integer(), nullable=False),
    sa.Column('delta_engagements', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['social_accounts.id'], ),
    sa.ForeignKeyConstraint(['assignee_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['author_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ),
    sa.ForeignKeyConstraint(['target_id'], ['post_targets.id'], ),
    sa.PrimaryKeyConstraint('target_id', 'day')
    )
    with op.batch_alter_table('post_daily', schema=None) as batch_op:
        batch_op.create_index('ix_post_daily_account_day', ['account_id', 'day'], unique=False)
        batch_op.create_index('ix_post_daily_org_author_day', ['org_id', 'author_user_id', 'day'], unique=False)
        batch_op.create_index('ix_post_daily_org_campaign_day', ['org_id', 'campaign_id', 'day'], unique=False)
        batch_op.create_index('ix_post_daily_org_day', ['org_id', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_daily_post_id'), ['post_id'], unique=False)
    op.create_table('post_totals',
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('author_user_id', sa.Integer(), nullable=True),
    sa.Column('assignee_user_id', sa.Integer(), nullable=True),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('last_collected_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('impressions', sa.Integer(), nullable=False),
    sa.Column('reach', sa.Integer(), nullable=False),
    sa.Column('likes', sa.Integer(), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.Column('shares', sa.Integer(), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.Column('saves', sa.Integer(), nullable=False),
    sa.Column('video_views', sa.Integer(), nullable=False),
    sa.Column('engagements', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['social_accounts.id'], ),
    sa.ForeignKeyConstraint(['assignee_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['author_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ),
    sa.ForeignKeyConstraint(['target_id'], ['post_targets.id'], ),
    sa.PrimaryKeyConstraint('target_id')
    )
    with op.batch_alter_table('post_totals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_totals_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_post_totals_org_published', ['org_id', 'published_on', 'engagements'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_totals_post_id'), ['post_id'], unique=False)
        batch_op.create_index('ix_post_totals_published_at', ['published_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('post_totals', schema=None) as batch_op:
        batch_op.drop_index('ix_post_totals_published_at')
        batch_op.drop_index(batch_op.f('ix_post_totals_post_id'))
        batch_op.drop_index('ix_post_totals_org_published')
        batch_op.drop_index(batch_op.f('ix_post_totals_account_id'))
    op.drop_table('post_totals')
    with op.batch_alter_table('post_daily', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_daily_post_id'))
        batch_op.drop_index('ix_post_daily_org_day')
        batch_op.drop_index('ix_post_daily_account_day')
        batch_op.drop_index('ix_post_daily_org_author_day')
        batch_op.drop_index('ix_post_daily_org_campaign_day')
    op.drop_table('post_daily')
    with op.batch_alter_table('metric_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_metric_snapshots_post_id'))
        batch_op.drop_index('ix_metric_snapshots_org_time')
        batch_op.drop_index(batch_op.f('ix_metric_snapshots_account_id'))
    op.drop_table('metric_snapshots')
    with op.batch_alter_table('account_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_snapshots_org_id'))
    op.drop_table('account_snapshots')
    with op.batch_alter_table('account_daily', schema=None) as batch_op:
        batch_op.drop_index('ix_account_daily_org_day')
    op.drop_table('account_daily')
    op.drop_table('org_daily')
