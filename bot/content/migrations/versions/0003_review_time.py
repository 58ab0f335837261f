"""A review stamp may carry a time, so an item can be reviewed and republished twice in one day.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Rebuild the table with the new declared type but copy the values as they are: a CAST to
        # DATETIME would turn '2026-01-02' into the number 2026.
        new_type = (sa.Column("reviewed_on", sa.DateTime, nullable=False),)
        with op.batch_alter_table("content_versions", recreate="always", reflect_args=new_type):
            pass
        op.execute("UPDATE content_versions SET reviewed_on = reviewed_on || ' 00:00:00.000000' "
                   "WHERE length(reviewed_on) = 10")
    else:
        op.alter_column("content_versions", "reviewed_on", type_=sa.DateTime, existing_type=sa.Date,
                        existing_nullable=False, postgresql_using="reviewed_on::timestamp")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        new_type = (sa.Column("reviewed_on", sa.Date, nullable=False),)
        with op.batch_alter_table("content_versions", recreate="always", reflect_args=new_type):
            pass
        op.execute("UPDATE content_versions SET reviewed_on = substr(reviewed_on, 1, 10)")
    else:
        op.alter_column("content_versions", "reviewed_on", type_=sa.Date, existing_type=sa.DateTime,
                        existing_nullable=False, postgresql_using="reviewed_on::date")
