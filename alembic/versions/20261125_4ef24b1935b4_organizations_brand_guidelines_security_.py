"""organizations: brand guidelines, security policy, white label, client assignments

Revision ID: 4ef24b1935b4
Revises: 3727b7279246
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '4ef24b1935b4'
down_revision = '3727b7279246'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('brand_guidelines',
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('colors', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('fonts', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('voice_tone', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('words_to_avoid', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('required_hashtags', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('org_id')
    )
    op.create_table('org_security_policies',
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('require_2fa', sa.Boolean(), nullable=False),
    sa.Column('min_password_length', sa.Integer(), nullable=False),
    sa.Column('session_timeout_minutes', sa.Integer(), nullable=False),
    sa.Column('ip_allowlist', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('org_id')
    )
    op.create_table('white_labels',
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('app_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('primary_color', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('accent_color', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('custom_domain', sqlmodel.sql.sqltypes.AutoString(length=253), nullable=True),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('favicon', sa.LargeBinary(), nullable=True),
    sa.Column('favicon_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('hidden_sections', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.PrimaryKeyConstraint('org_id')
    )
    with op.batch_alter_table('white_labels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_white_labels_custom_domain'), ['custom_domain'], unique=True)

    op.create_table('client_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('client_org_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'client_org_id', name='uq_assignment_user_client')
    )
    with op.batch_alter_table('client_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_assignments_client_org_id'), ['client_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_assignments_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('client_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_assignments_user_id'))
        batch_op.drop_index(batch_op.f('ix_client_assignments_client_org_id'))

    op.drop_table('client_assignments')
    with op.batch_alter_table('white_labels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_white_labels_custom_domain'))

    op.drop_table('white_labels')
    op.drop_table('org_security_policies')
    op.drop_table('brand_guidelines')
