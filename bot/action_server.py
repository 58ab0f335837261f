"""The action server: rasa-sdk's, bound where it must be, authenticated, and bounded.

rasa-sdk's own server listens on every interface without authentication, inflates a
deflate body of any size, answers a list body with a 500, and on any error echoes the
whole request (the patient's tracker) back and into its log. Here:

- it listens on ``ACTION_HOST`` (default 127.0.0.1: only the Rasa server on this machine);
- every call but ``/health`` must carry ``ACTION_TOKEN`` (Rasa sends it as ``?token=`` when
  ``endpoints.yml``'s action_endpoint has ``token``); a server reachable from elsewhere
  refuses to start without one;
- bodies are limited before and after inflation, and must be a JSON object;
- an error is answered with its type only, and logged with its type only.
"""

from __future__ import annotations

import argparse
import hmac
import json
import logging
import os
import zlib

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 2_000_000  # a tracker with a long conversation fits well within this
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class ConfigError(RuntimeError):
    """The action server would be reachable from elsewhere without a token."""


def _inflated(body: bytes) -> bytes | None:
    """The inflated body, or None when it is not deflate data or inflates beyond the limit."""
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(body, MAX_BODY_BYTES + 1)
    except zlib.error:
        return None
    if len(data) > MAX_BODY_BYTES or inflater.unconsumed_tail:
        return None
    return data


def create_app(token: str | None, actions_package: str = "actions") -> Sanic:
    from rasa_sdk.endpoint import create_app as sdk_app

    app = sdk_app(actions_package, cors_origins=None)
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES

    @app.on_request
    async def guard(request: Request) -> HTTPResponse | None:
        if request.path == "/health":
            return None
        if token and not hmac.compare_digest(str(request.args.get("token", "")), token):
            return response.json({"error": "not authorised"}, status=401)
        if request.path != "/webhook" or request.method != "POST":
            return None
        raw = request.body or b""
        if request.headers.get("Content-Encoding") == "deflate":
            inflated = _inflated(raw)
            if inflated is None:
                return response.json({"error": "the body is not deflate data within the size limit"}, status=413)
            raw = inflated
        try:
            call = json.loads(raw or b"null")
        except ValueError:
            return response.json({"error": "the body is not valid JSON"}, status=400)
        if not isinstance(call, dict) or not isinstance(call.get("tracker"), dict):
            return response.json({"error": "send an action call: a JSON object with a tracker"}, status=400)
        return None

    async def no_echo(request: Request, exception: Exception) -> HTTPResponse:
        log.error("an action call failed (%s)", type(exception).__name__)
        status = getattr(exception, "status_code", 500)
        return response.json({"error": type(exception).__name__}, status=status if isinstance(status, int) else 500)

    app.error_handler.add(Exception, no_echo)
    return app


def settings_from_env(environ: dict[str, str]) -> tuple[str, str | None]:
    """(host, token) from ACTION_HOST and ACTION_TOKEN; ConfigError for an open, unauthenticated server."""
    host = environ.get("ACTION_HOST", "127.0.0.1")
    token = environ.get("ACTION_TOKEN") or None
    if host not in LOOPBACK and not token:
        raise ConfigError(f"ACTION_HOST={host} is reachable from other machines: set ACTION_TOKEN too "
                          "(and the same token in endpoints.yml's action_endpoint)")
    return host, token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the bot's action server")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--actions", default="actions")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    try:
        host, token = settings_from_env(dict(os.environ))
    except ConfigError as err:
        print(f"The action server was not started: {err}")
        return 2
    app = create_app(token, args.actions)
    log.info("action server on %s:%s (%s)", host, args.port, "token required" if token else "no token: local only")
    app.run(host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
