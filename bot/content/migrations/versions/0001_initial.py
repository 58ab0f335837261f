"""The content store's first schema: items, versions, references, audit, feedback, impressions, gaps.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_items",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("published_version", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "content_versions",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("item_id", sa.String(80), sa.ForeignKey("content_items.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("more", sa.Text, nullable=False),
        sa.Column("urgency", sa.String(20), nullable=True),
        sa.Column("extra_json", sa.Text, nullable=False),
        sa.Column("reviewed_by", sa.String(200), nullable=False),
        sa.Column("reviewed_on", sa.Date, nullable=False),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.UniqueConstraint("item_id", "version", name="uq_item_version"),
    )
    op.create_index("ix_content_versions_item_id", "content_versions", ["item_id"])
    op.create_table(
        "content_version_references",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version_pk", sa.Integer, sa.ForeignKey("content_versions.pk"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("ref_id", sa.String(80), nullable=False),
        sa.Column("citation", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
    )
    op.create_index("ix_content_version_references_version_pk", "content_version_references", ["version_pk"])
    op.create_table(
        "content_audit",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("item_id", sa.String(80), nullable=False),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_content_audit_item_id", "content_audit", ["item_id"])
    op.create_table(
        "content_feedback",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("item_id", sa.String(80), nullable=False),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("helpful", sa.Integer, nullable=False),
    )
    op.create_index("ix_content_feedback_item_id", "content_feedback", ["item_id"])
    op.create_table(
        "content_impressions",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("item_id", sa.String(80), nullable=False),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("channel", sa.String(40), nullable=False),
    )
    op.create_index("ix_content_impressions_item_id", "content_impressions", ["item_id"])
    op.create_table(
        "unanswered_questions",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("unanswered_questions", "content_impressions", "content_feedback", "content_audit",
                  "content_version_references", "content_versions", "content_items"):
        op.drop_table(table)
