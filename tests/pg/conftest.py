"""A throwaway PostgreSQL server for the tests that must run where a clinic's data lives.

It listens on a Unix socket in its own temporary folder only (no TCP port at all), runs as the
'postgres' user when the tests run as root (PostgreSQL refuses root), and is stopped at the end.
`make test` installs Debian's postgresql when initdb is missing (`make postgres`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from bot.cluster import as_postgres, server_binary

PORT = 5439


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/pg/" in str(item.fspath):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A SQLAlchemy URL prefix ("postgresql://postgres@/") ; add a database name and the socket query."""
    work = Path(tempfile.mkdtemp(prefix="pg-tests-"))
    data, sock = work / "data", work / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
        shutil.chown(sock, "postgres")
    subprocess.run(as_postgres([server_binary("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                    "--no-sync"]), check=True, capture_output=True)
    options = f"-c listen_addresses='' -k {sock} -p {PORT} -c fsync=off"
    subprocess.run(as_postgres([server_binary("pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
                                    str(work / "server.log"), "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@/{{db}}?host={sock}&port={PORT}"
    finally:
        subprocess.run(as_postgres([server_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def database(postgres: str, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database for one test: its SQLAlchemy URL."""
    from sqlalchemy import create_engine, text

    name = "t_" + "".join(ch for ch in request.node.name.lower() if ch.isalnum())[:50]
    admin = create_engine(postgres.format(db="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return postgres.format(db=name)
