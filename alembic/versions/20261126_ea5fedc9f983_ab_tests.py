"""A/B tests and their variants

Revision ID: ea5fedc9f983
Revises: cf175ba53b12
Create Date: 2026-11-26 07:17:31.877467
"""

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = 'ea5fedc9f983'
down_revision = 'cf175ba53b12'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ab_tests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('split', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ab_tests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ab_tests_org_id'), ['org_id'], unique=False)

    op.create_table('ab_test_variants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('test_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('approach', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('planned_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('slot_label', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('predicted_rate', sa.Float(), nullable=True),
    sa.Column('predicted_low', sa.Float(), nullable=True),
    sa.Column('predicted_high', sa.Float(), nullable=True),
    sa.Column('prediction_source', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ),
    sa.ForeignKeyConstraint(['test_id'], ['ab_tests.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ab_test_variants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ab_test_variants_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ab_test_variants_test_id'), ['test_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('ab_test_variants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ab_test_variants_test_id'))
        batch_op.drop_index(batch_op.f('ix_ab_test_variants_post_id'))

    op.drop_table('ab_test_variants')
    with op.batch_alter_table('ab_tests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ab_tests_org_id'))

    op.drop_table('ab_tests')
