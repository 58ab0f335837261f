"""Where things are: the database, the content folder, the clinic configuration.

Read from the environment once, at start-up, by whoever builds the services; never at import.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping


@dataclass(frozen=True)
class Settings:
    database_url: str
    content_dir: Path
    clinic_file: Path
    tracker_store_url: str | None = None  # where Rasa keeps conversations; None: beside a SQLite content store

    @property
    def conversations_url(self) -> str:
        """TRACKER_STORE_URL, else SQLite beside the content store (var/conversations.db)."""
        if self.tracker_store_url:
            return self.tracker_store_url
        if self.database_url.startswith("sqlite:///"):
            return "sqlite:///" + str(Path(self.database_url.removeprefix("sqlite:///")).with_name("conversations.db"))
        raise ValueError("set TRACKER_STORE_URL when DATABASE_URL is not SQLite (conversations live there)")

    @property
    def templates_dir(self) -> Path:
        return self.content_dir / "templates"

    def secret(self, env: Mapping[str, str] | None = None) -> str:
        """HANDOFF_SECRET, else a random key kept beside the SQLite store (created once, owner-only)."""
        env = os.environ if env is None else env
        if env.get("HANDOFF_SECRET"):
            return env["HANDOFF_SECRET"]
        if not self.database_url.startswith("sqlite:///"):
            # Several servers share this store: a key made on each host would not match.
            raise ValueError("set HANDOFF_SECRET (the same on every server) when DATABASE_URL is not SQLite")
        path = Path(self.database_url.removeprefix("sqlite:///")).with_name("secret.key")
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            draft = path.with_name(f".secret.{os.getpid()}.tmp")
            fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
            try:
                os.link(draft, path)  # atomic: whoever links first wins, the others read theirs
            except FileExistsError:
                pass
            finally:
                draft.unlink()
        return path.read_text().strip()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, root: Path | None = None) -> Settings:
        """DATABASE_URL (default: SQLite in var/), CONTENT_DIR (default: content/), CLINIC_CONFIG, TRACKER_STORE_URL."""
        env = os.environ if env is None else env
        root = (root or Path.cwd()).resolve()
        content_dir = Path(env.get("CONTENT_DIR") or root / "content").resolve()
        database_url = env.get("DATABASE_URL") or f"sqlite:///{root / 'var' / 'content.db'}"
        if database_url.startswith("sqlite:///"):
            (Path(database_url.removeprefix("sqlite:///")).parent).mkdir(parents=True, exist_ok=True)
        clinic_file = Path(env.get("CLINIC_CONFIG") or content_dir / "clinic.yml").resolve()
        return cls(database_url, content_dir, clinic_file, env.get("TRACKER_STORE_URL") or None)
