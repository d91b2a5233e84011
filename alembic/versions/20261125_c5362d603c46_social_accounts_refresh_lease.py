"""social accounts: refresh lease

Revision ID: c5362d603c46
Revises: b59aea78c033
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = 'c5362d603c46'
down_revision = 'b59aea78c033'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('social_accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refresh_lease_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('social_accounts', schema=None) as batch_op:
        batch_op.drop_column('refresh_lease_until')

