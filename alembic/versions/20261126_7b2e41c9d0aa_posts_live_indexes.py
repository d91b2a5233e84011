"""posts: partial indexes over posts that are not deleted

Revision ID: 7b2e41c9d0aa
Revises: 6ecefb4ab6aa
Create Date: 2026-11-26
"""

from alembic import op
import sqlalchemy as sa


revision = '7b2e41c9d0aa'
down_revision = '6ecefb4ab6aa'
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")
INDEXES = {
    "ix_posts_live_org_updated": ["org_id", "updated_at"],
    "ix_posts_live_org_status_updated": ["org_id", "status", "updated_at"],
    "ix_posts_live_org_created": ["org_id", "created_at"],
    "ix_posts_live_org_scheduled": ["org_id", "scheduled_at"],
    "ix_posts_live_org_author": ["org_id", "author_user_id"],
}


def upgrade() -> None:
    op.drop_index("ix_posts_org_status_updated", table_name="posts")
    op.drop_index("ix_posts_org_updated", table_name="posts")
    for name, columns in INDEXES.items():
        op.create_index(name, "posts", columns, sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="posts")
    op.create_index("ix_posts_org_updated", "posts", ["org_id", "updated_at"])
    op.create_index("ix_posts_org_status_updated", "posts", ["org_id", "status", "updated_at"])
