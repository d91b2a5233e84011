"""dashboard layouts

Revision ID: 68c9549bcd1b
Revises: 4c15f13dcdd5
Create Date: 2026-11-26
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '68c9549bcd1b'
down_revision = '4c15f13dcdd5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dashboard_layouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('widgets', sa.JSON(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name='fk_dashboard_layouts_org_id_organizations'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_dashboard_layouts_user_id_users'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'org_id', name='uq_dashboard_layout_user_org')
    )
    with op.batch_alter_table('dashboard_layouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dashboard_layouts_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dashboard_layouts_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dashboard_layouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dashboard_layouts_user_id'))
        batch_op.drop_index(batch_op.f('ix_dashboard_layouts_org_id'))

    op.drop_table('dashboard_layouts')
