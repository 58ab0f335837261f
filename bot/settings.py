"""Where things are: the database, the content folder, the clinic configuration.

Read from the environment once, at start-up, by whoever builds the services; never at import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping


@dataclass(frozen=True)
class Settings:
    database_url: str
    content_dir: Path
    clinic_file: Path

    @property
    def templates_dir(self) -> Path:
        return self.content_dir / "templates"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, root: Path | None = None) -> Settings:
        """DATABASE_URL (default: SQLite in var/), CONTENT_DIR (default: content/), CLINIC_CONFIG."""
        env = os.environ if env is None else env
        root = (root or Path.cwd()).resolve()
        content_dir = Path(env.get("CONTENT_DIR") or root / "content").resolve()
        database_url = env.get("DATABASE_URL") or f"sqlite:///{root / 'var' / 'content.db'}"
        if database_url.startswith("sqlite:///"):
            (Path(database_url.removeprefix("sqlite:///")).parent).mkdir(parents=True, exist_ok=True)
        clinic_file = Path(env.get("CLINIC_CONFIG") or content_dir / "clinic.yml").resolve()
        return cls(database_url, content_dir, clinic_file)
