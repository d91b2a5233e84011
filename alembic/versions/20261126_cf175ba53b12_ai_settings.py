"""ai settings

Revision ID: cf175ba53b12
Revises: 501e75476deb
Create Date: 2026-11-26 05:43:30.066683
"""

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = 'cf175ba53b12'
down_revision = '501e75476deb'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ai_settings',
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('base_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('model', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('api_key_encrypted', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('org_id')
    )


def downgrade() -> None:
    op.drop_table('ai_settings')
