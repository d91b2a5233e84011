"""reconnect links

Revision ID: 6161ec608629
Revises: c5362d603c46
Create Date: 2026-11-26
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '6161ec608629'
down_revision = 'c5362d603c46'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reconnect_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['social_accounts.id'], ),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('reconnect_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reconnect_links_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reconnect_links_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reconnect_links_token_hash'), ['token_hash'], unique=True)

    with op.batch_alter_table('connect_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reconnect_link_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_connect_attempts_reconnect_link', 'reconnect_links', ['reconnect_link_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('connect_attempts', schema=None) as batch_op:
        # WARNING: constraint name is None; this directive will fail as
        # rendered.  Add a name, or use a naming convention; see
        # https://alembic.sqlalchemy.org/en/latest/naming.html
        batch_op.drop_constraint('fk_connect_attempts_reconnect_link', type_='foreignkey')
        batch_op.drop_column('reconnect_link_id')

    with op.batch_alter_table('reconnect_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reconnect_links_token_hash'))
        batch_op.drop_index(batch_op.f('ix_reconnect_links_org_id'))
        batch_op.drop_index(batch_op.f('ix_reconnect_links_account_id'))

    op.drop_table('reconnect_links')
