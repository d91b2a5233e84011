"""team chat

Revision ID: 1d41cd8dbecc
Revises: 89005d80f51f
Create Date: 2026-11-26 04:16:27.292206
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '1d41cd8dbecc'
down_revision = '89005d80f51f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chat_channels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('archived_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name='fk_chat_channels_created_by_user_id_users'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name='fk_chat_channels_org_id_organizations'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'name', name='uq_chat_channels_org_name')
    )
    with op.batch_alter_table('chat_channels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_channels_org_id'), ['org_id'], unique=False)

    op.create_table('chat_members',
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('last_read_message_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['channel_id'], ['chat_channels.id'], name='fk_chat_members_channel_id_chat_channels'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_chat_members_user_id_users'),
    sa.PrimaryKeyConstraint('channel_id', 'user_id')
    )
    with op.batch_alter_table('chat_members', schema=None) as batch_op:
        batch_op.create_index('ix_chat_members_user', ['user_id'], unique=False)

    op.create_table('chat_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('author_user_id', sa.Integer(), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('edited_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_user_id'], ['users.id'], name='fk_chat_messages_author_user_id_users'),
    sa.ForeignKeyConstraint(['channel_id'], ['chat_channels.id'], name='fk_chat_messages_channel_id_chat_channels'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name='fk_chat_messages_org_id_organizations'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('chat_messages', schema=None) as batch_op:
        batch_op.create_index('ix_chat_messages_channel_id', ['channel_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_chat_messages_org_id'), ['org_id'], unique=False)

    op.create_table('chat_attachments',
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['media_assets.id'], name='fk_chat_attachments_asset_id_media_assets'),
    sa.ForeignKeyConstraint(['message_id'], ['chat_messages.id'], name='fk_chat_attachments_message_id_chat_messages'),
    sa.PrimaryKeyConstraint('message_id', 'asset_id')
    )


def downgrade() -> None:
    op.drop_table('chat_attachments')
    with op.batch_alter_table('chat_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chat_messages_org_id'))
        batch_op.drop_index('ix_chat_messages_channel_id')

    op.drop_table('chat_messages')
    with op.batch_alter_table('chat_members', schema=None) as batch_op:
        batch_op.drop_index('ix_chat_members_user')

    op.drop_table('chat_members')
    with op.batch_alter_table('chat_channels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chat_channels_org_id'))

    op.drop_table('chat_channels')
