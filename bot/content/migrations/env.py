"""Alembic environment for the content store: runs on the connection that bot.content.schema hands in."""

from alembic import context

from bot.content.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
