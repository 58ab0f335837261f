"""The content store's schema, versioned with Alembic so that an upgrade keeps existing data.

``upgrade(engine)`` brings any store to the newest schema; ``bot content`` commands and
start-up call it. A store made before migrations existed is adopted at the first revision.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).with_name("migrations")
FIRST_REVISION = "0001"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Apply every migration the store has not had yet (a no-op when it is up to date)."""
    config = _config()
    tables = set(inspect(engine).get_table_names())
    # SQLite: a plain engine, without the store's foreign-key enforcement: batch migrations rebuild
    # tables that others refer to, which SQLite only allows with foreign keys off.
    migrating = create_engine(engine.url, future=True) if engine.dialect.name == "sqlite" else engine
    try:
        with migrating.begin() as conn:
            config.attributes["connection"] = conn
            if "content_items" in tables and "alembic_version" not in tables:
                command.stamp(config, FIRST_REVISION)
            command.upgrade(config, "head")
    finally:
        if migrating is not engine:
            migrating.dispose()
