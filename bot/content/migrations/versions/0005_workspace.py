"""The editors' workspace: accounts, signed-in sessions and drafts on their way through review.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "editor_accounts",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("failed_sign_ins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime, nullable=True),
    )
    op.create_table(
        "editor_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), sa.ForeignKey("editor_accounts.name"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_editor_sessions_name", "editor_sessions", ["name"])
    op.create_table(
        "content_drafts",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("based_on_version", sa.Integer, nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("fields_json", sa.Text, nullable=False),
        sa.Column("review_comment", sa.Text, nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_content_drafts_item_id", "content_drafts", ["item_id"])


def downgrade() -> None:
    op.drop_table("content_drafts")
    op.drop_index("ix_editor_sessions_name", "editor_sessions")
    op.drop_table("editor_sessions")
    op.drop_table("editor_accounts")
