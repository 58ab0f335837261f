"""Conversations handed to a person (SPEC: handoff), keyed by a hash of the sender id.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("sender_hash", sa.String(64), primary_key=True),
        sa.Column("requested_at", sa.DateTime, nullable=False),
        sa.Column("released_at", sa.DateTime, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("handoffs")
