"""Approval workflows and stages, review rounds, decisions, review requests, review links, review seen.

Revision ID: 4c15f13dcdd5
Revises: d609e23ca711
Create Date: 2026-11-26 04:33:03.829261
"""

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = '4c15f13dcdd5'
down_revision = 'd609e23ca711'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('approval_workflows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('networks', sa.JSON(), nullable=False),
    sa.Column('campaign_ids', sa.JSON(), nullable=False),
    sa.Column('content_types', sa.JSON(), nullable=False),
    sa.Column('fast_track_roles', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('approval_workflows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approval_workflows_org_id'), ['org_id'], unique=False)

    op.create_table('approval_stages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('workflow_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('approver_roles', sa.JSON(), nullable=False),
    sa.Column('approver_user_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['workflow_id'], ['approval_workflows.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('approval_stages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approval_stages_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_approval_stages_workflow_id'), ['workflow_id'], unique=False)

    op.create_table('review_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('post_ids', sa.JSON(), nullable=False),
    sa.Column('reviewer_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('reviewer_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_links_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_links_token_hash'), ['token_hash'], unique=True)

    op.create_table('post_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('workflow_id', sa.Integer(), nullable=True),
    sa.Column('stage_position', sa.Integer(), nullable=False),
    sa.Column('stage_count', sa.Integer(), nullable=False),
    sa.Column('stages', sa.JSON(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('post_version', sa.Integer(), nullable=False),
    sa.Column('submitted_by_user_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('fast_tracked', sa.Boolean(), nullable=False),
    sa.Column('carried_from_review_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['carried_from_review_id'], ['post_reviews.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ),
    sa.ForeignKeyConstraint(['submitted_by_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['workflow_id'], ['approval_workflows.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('post_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_reviews_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_post_reviews_post_status', ['post_id', 'status'], unique=False)

    op.create_table('review_seen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('link_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['link_id'], ['review_links.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review_seen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_seen_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_review_seen_post_link', ['post_id', 'link_id'], unique=False)
        batch_op.create_index('ix_review_seen_post_user', ['post_id', 'user_id'], unique=False)

    op.create_table('approval_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('stage_position', sa.Integer(), nullable=False),
    sa.Column('stage_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('decision', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reviewer_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('reviewer_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=True),
    sa.Column('post_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['link_id'], ['review_links.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ),
    sa.ForeignKeyConstraint(['review_id'], ['post_reviews.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('approval_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approval_decisions_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_approval_decisions_post', ['post_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_approval_decisions_review_id'), ['review_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_approval_decisions_user_id'), ['user_id'], unique=False)

    op.create_table('review_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('stage_position', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ),
    sa.ForeignKeyConstraint(['review_id'], ['post_reviews.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('review_id', 'stage_position', 'user_id', name='uq_review_request')
    )
    with op.batch_alter_table('review_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_requests_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_requests_post_id'), ['post_id'], unique=False)
        batch_op.create_index('ix_review_requests_user_post', ['user_id', 'post_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('review_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_review_requests_user_post')
        batch_op.drop_index(batch_op.f('ix_review_requests_post_id'))
        batch_op.drop_index(batch_op.f('ix_review_requests_org_id'))

    op.drop_table('review_requests')
    with op.batch_alter_table('approval_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approval_decisions_user_id'))
        batch_op.drop_index(batch_op.f('ix_approval_decisions_review_id'))
        batch_op.drop_index('ix_approval_decisions_post')
        batch_op.drop_index(batch_op.f('ix_approval_decisions_org_id'))

    op.drop_table('approval_decisions')
    with op.batch_alter_table('review_seen', schema=None) as batch_op:
        batch_op.drop_index('ix_review_seen_post_user')
        batch_op.drop_index('ix_review_seen_post_link')
        batch_op.drop_index(batch_op.f('ix_review_seen_org_id'))

    op.drop_table('review_seen')
    with op.batch_alter_table('post_reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_post_reviews_post_status')
        batch_op.drop_index(batch_op.f('ix_post_reviews_org_id'))

    op.drop_table('post_reviews')
    with op.batch_alter_table('review_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_links_token_hash'))
        batch_op.drop_index(batch_op.f('ix_review_links_org_id'))

    op.drop_table('review_links')
    with op.batch_alter_table('approval_stages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approval_stages_workflow_id'))
        batch_op.drop_index(batch_op.f('ix_approval_stages_org_id'))

    op.drop_table('approval_stages')
    with op.batch_alter_table('approval_workflows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approval_workflows_org_id'))

    op.drop_table('approval_workflows')
