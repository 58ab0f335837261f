"""python -m bot.workspace --port 8001: the editors' workspace on this machine (127.0.0.1) by default."""

from __future__ import annotations

import argparse
import os

from bot.settings import Settings
from bot.workspace.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="bot.workspace")
    parser.add_argument("--host", default=os.environ.get("EDITOR_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("EDITOR_PORT", "8001")))
    args = parser.parse_args()
    secure = os.environ.get("EDITOR_SECURE_COOKIES", "") == "1" or args.host not in ("127.0.0.1", "localhost")
    app = create_app(Settings.from_env(), secure_cookies=secure)
    app.run(host=args.host, port=args.port, access_log=False, workers=1)


if __name__ == "__main__":
    main()
