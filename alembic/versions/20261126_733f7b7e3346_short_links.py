"""short links

Revision ID: 733f7b7e3346
Revises: 7b2e41c9d0aa
Create Date: 2026-11-26
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '733f7b7e3346'
down_revision = '7b2e41c9d0aa'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('short_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('target_url', sqlmodel.sql.sqltypes.AutoString(length=2048), nullable=False),
    sa.Column('target_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('clicks', sa.Integer(), nullable=False),
    sa.Column('last_clicked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('org_id', 'target_hash', name='uq_short_link_target')
    )
    with op.batch_alter_table('short_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_short_links_org_id'), ['org_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('short_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_short_links_org_id'))

    op.drop_table('short_links')
