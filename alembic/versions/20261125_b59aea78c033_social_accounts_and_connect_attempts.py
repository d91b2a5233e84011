"""social accounts and connect attempts

Revision ID: b59aea78c033
Revises: 09d6703a5c97
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = 'b59aea78c033'
down_revision = '09d6703a5c97'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('connect_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('state_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('code_verifier_enc', sqlmodel.sql.sqltypes.AutoString(length=400), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('connect_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_connect_attempts_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_connect_attempts_state_hash'), ['state_hash'], unique=True)

    op.create_table('social_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('network', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('handle', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('avatar_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('followers', sa.Integer(), nullable=False),
    sa.Column('scopes', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('access_token_enc', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
    sa.Column('refresh_token_enc', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
    sa.Column('token_expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('connected_by_user_id', sa.Integer(), nullable=True),
    sa.Column('connected_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('refreshed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('disconnected_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['connected_by_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'network', 'external_id', name='uq_account_org_network_external')
    )
    with op.batch_alter_table('social_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_social_accounts_network'), ['network'], unique=False)
        batch_op.create_index(batch_op.f('ix_social_accounts_org_id'), ['org_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('social_accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_social_accounts_org_id'))
        batch_op.drop_index(batch_op.f('ix_social_accounts_network'))

    op.drop_table('social_accounts')
    with op.batch_alter_table('connect_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_connect_attempts_state_hash'))
        batch_op.drop_index(batch_op.f('ix_connect_attempts_org_id'))

    op.drop_table('connect_attempts')
