"""social accounts posting quota

Revision ID: 519aa6851a6f
Revises: 5a645bc51c71
Create Date: 2026-11-26
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '519aa6851a6f'
down_revision = '5a645bc51c71'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('social_accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quota_used', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quota_total', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quota_window_seconds', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quota_checked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('social_accounts', schema=None) as batch_op:
        batch_op.drop_column('quota_checked_at')
        batch_op.drop_column('quota_window_seconds')
        batch_op.drop_column('quota_total')
        batch_op.drop_column('quota_used')

