"""organizations: notification defaults

Revision ID: 09d6703a5c97
Revises: 4ef24b1935b4
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '09d6703a5c97'
down_revision = '4ef24b1935b4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notification_defaults', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False, server_default=''))



def downgrade() -> None:
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('notification_defaults')

