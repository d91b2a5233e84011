"""competitors, conversions, link clicks, org currency (issue 8: competitors and ROI)

Revision ID: 501e75476deb
Revises: fc42154fd8f2
Create Date: 2026-11-26 05:05:06.217328
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '501e75476deb'
down_revision = 'fc42154fd8f2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('competitors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('handle', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('avatar_url', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('added_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('checked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_collected_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['added_by_user_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'network', 'handle', name='uq_competitor_org_network_handle')
    )
    with op.batch_alter_table('competitors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitors_org_id'), ['org_id'], unique=False)

    op.create_table('competitor_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('competitor_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('hashtags', sa.JSON(), nullable=False),
    sa.Column('likes', sa.Integer(), nullable=True),
    sa.Column('comments', sa.Integer(), nullable=True),
    sa.Column('shares', sa.Integer(), nullable=True),
    sa.Column('saves', sa.Integer(), nullable=True),
    sa.Column('views', sa.Integer(), nullable=True),
    sa.Column('engagements', sa.Integer(), nullable=True),
    sa.Column('read_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['competitor_id'], ['competitors.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('competitor_id', 'external_id', name='uq_competitor_post')
    )
    with op.batch_alter_table('competitor_posts', schema=None) as batch_op:
        batch_op.create_index('ix_competitor_posts_competitor_time', ['competitor_id', 'published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitor_posts_org_id'), ['org_id'], unique=False)

    op.create_table('competitor_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('competitor_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('captured_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('followers', sa.Integer(), nullable=False),
    sa.Column('posts_total', sa.Integer(), nullable=False),
    sa.Column('avg_engagement_rate', sa.Float(), nullable=True),
    sa.Column('top_hashtags', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['competitor_id'], ['competitors.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('competitor_id', 'day', name='uq_competitor_snapshot_day')
    )
    with op.batch_alter_table('competitor_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitor_snapshots_competitor_id'), ['competitor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_competitor_snapshots_org_id'), ['org_id'], unique=False)

    op.create_table('conversions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('occurred_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('value_cents', sa.Integer(), nullable=False),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('utm_campaign', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('utm_source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('utm_medium', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('utm_content', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('short_code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('attributed_by', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'external_id', name='uq_conversion_external_id')
    )
    with op.batch_alter_table('conversions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversions_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index('ix_conversions_org_time', ['org_id', 'occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversions_post_id'), ['post_id'], unique=False)

    op.create_table('link_clicks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('short_link_id', sa.Integer(), nullable=False),
    sa.Column('clicked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['short_link_id'], ['short_links.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('link_clicks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_clicks_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index('ix_link_clicks_org_time', ['org_id', 'clicked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_clicks_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_clicks_short_link_id'), ['short_link_id'], unique=False)

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False,
                                      server_default='USD'))

    with op.batch_alter_table('short_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('post_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                                      server_default=''))
        batch_op.create_foreign_key('fk_short_links_post_id_posts', 'posts', ['post_id'], ['id'],
                                    ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('short_links', schema=None) as batch_op:
        batch_op.drop_constraint('fk_short_links_post_id_posts', type_='foreignkey')
        batch_op.drop_column('network')
        batch_op.drop_column('post_id')

    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('currency')

    with op.batch_alter_table('link_clicks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_clicks_short_link_id'))
        batch_op.drop_index(batch_op.f('ix_link_clicks_post_id'))
        batch_op.drop_index('ix_link_clicks_org_time')
        batch_op.drop_index(batch_op.f('ix_link_clicks_campaign_id'))

    op.drop_table('link_clicks')
    with op.batch_alter_table('conversions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversions_post_id'))
        batch_op.drop_index('ix_conversions_org_time')
        batch_op.drop_index(batch_op.f('ix_conversions_campaign_id'))

    op.drop_table('conversions')
    with op.batch_alter_table('competitor_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitor_snapshots_org_id'))
        batch_op.drop_index(batch_op.f('ix_competitor_snapshots_competitor_id'))

    op.drop_table('competitor_snapshots')
    with op.batch_alter_table('competitor_posts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitor_posts_org_id'))
        batch_op.drop_index('ix_competitor_posts_competitor_time')

    op.drop_table('competitor_posts')
    with op.batch_alter_table('competitors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitors_org_id'))

    op.drop_table('competitors')
