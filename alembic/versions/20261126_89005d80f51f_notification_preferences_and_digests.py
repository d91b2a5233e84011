"""notification preferences and digests

Revision ID: 89005d80f51f
Revises: ac655449ea5b
Create Date: 2026-11-26
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '89005d80f51f'
down_revision = 'ac655449ea5b'
branch_labels = None
depends_on = None

# The setting each kind of notification made before this migration falls under.
EVENTS_OF_KINDS = {"publishing": ("post_published", "post_failed", "post_missed"),
                   "approvals": ("post_approved", "post_rejected"), "accounts": ("publisher_overdue",)}


def upgrade() -> None:
    op.create_table('notification_digests',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('period_start', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_table('notification_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('event', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('in_app', sa.Boolean(), nullable=True),
    sa.Column('email', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'org_id', 'event', name='uq_notification_preference')
    )
    with op.batch_alter_table('notification_preferences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_preferences_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_preferences_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event', sqlmodel.sql.sqltypes.AutoString(length=40), server_default='',
                                      nullable=False))
        batch_op.create_index('ix_notifications_user_org', ['user_id', 'org_id', 'id'], unique=False)

    notifications = sa.table('notifications', sa.column('event', sa.String), sa.column('kind', sa.String))
    for event, kinds in EVENTS_OF_KINDS.items():
        op.execute(notifications.update().where(notifications.c.kind.in_(kinds)).values(event=event))


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_org')
        batch_op.drop_column('event')

    with op.batch_alter_table('notification_preferences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_preferences_user_id'))
        batch_op.drop_index(batch_op.f('ix_notification_preferences_org_id'))

    op.drop_table('notification_preferences')
    op.drop_table('notification_digests')
