"""Review is a state: a clinical reviewer's approval of a version, by someone other than its author.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_approvals",
        sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version_pk", sa.Integer, sa.ForeignKey("content_versions.pk"), nullable=False, unique=True),
        sa.Column("approved_by", sa.String(200), nullable=False),
        sa.Column("approved_at", sa.DateTime, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("content_approvals")
