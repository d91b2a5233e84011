"""social accounts: expiry alert

Revision ID: 5a645bc51c71
Revises: 6161ec608629
Create Date: 2026-11-26
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '5a645bc51c71'
down_revision = '6161ec608629'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('social_accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expiry_alerted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('social_accounts', schema=None) as batch_op:
        batch_op.drop_column('expiry_alerted_at')

