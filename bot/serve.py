"""``bot serve``: the action server, the Rasa server and the website page, started and stopped together.

Used by ``make run`` (in the foreground until Ctrl-C), and by the end-to-end tests,
``make eval`` and ``make bench`` (as a context manager on other ports).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import yaml

from bot.channels import channel_credentials
from bot.privacy import rasa_tracker_store
from bot.services import build_services
from bot.settings import Settings

log = logging.getLogger(__name__)
MAX_REQUEST_BYTES = 1_000_000
START_TIMEOUT_SECONDS = 240


def rasa_binary() -> str:
    """The ``rasa`` command of this project's environment."""
    return str(Path(sys.executable).with_name("rasa"))


def quiet_rasa_env() -> dict[str, str]:
    """This process's environment, with Rasa's telemetry off and its libraries' start-up noise quiet."""
    return dict(os.environ, RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1",
                PYTHONWARNINGS="ignore", TF_CPP_MIN_LOG_LEVEL="2")


class ServerError(RuntimeError):
    """A server did not start; the message says which and where its log is."""


class Servers:
    """The three servers on the given ports, as a context manager."""

    def __init__(self, settings: Settings, rasa_port: int = 5005, action_port: int = 5055, web_port: int = 8000,
                 model: str = "models", root: Path | None = None, log_dir: Path | None = None,
                 editor_port: int | None = None, lock_store: dict[str, Any] | None = None,
                 public_url: str | None = None, web: bool = True, extra_env: dict[str, str] | None = None,
                 interface: str | None = None, run_dir: Path | None = None):
        self.settings = settings
        self.rasa_port, self.action_port, self.web_port = rasa_port, action_port, web_port
        self.editor_port = editor_port  # the editors' workspace, when asked for (make run: 8001)
        # In a cluster: Rasa's Redis lock store, the load balancer's address (what the page talks to),
        # whether this member also serves the page, and settings every process needs (HANDOFF_SECRET).
        self.lock_store, self.public_url, self.web, self.extra_env = lock_store, public_url, web, extra_env or {}
        self.interface = interface  # behind a load balancer: 127.0.0.1 (Rasa's default is every interface)
        self.model = model
        self.root = (root or Path.cwd()).resolve()
        # runtime files (credentials.yml, endpoints.yml with the action token, logs); a measurement keeps them in
        # its own temporary folder
        self.run_dir = run_dir or self.root / "var" / "run" / str(rasa_port)
        self.log_dir = log_dir or self.run_dir
        self._procs: list[tuple[str, subprocess.Popen[bytes], Path]] = []
        self._web: ThreadingHTTPServer | None = None
        # The operator's token when the action servers live elsewhere; otherwise a new one each run.
        self.action_token = os.environ.get("ACTION_TOKEN") or secrets.token_urlsafe(32)

    @property
    def rasa_url(self) -> str:
        return f"http://localhost:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://localhost:{self.web_port}/"

    def __enter__(self) -> Servers:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def _write_runtime_config(self) -> tuple[Path, Path]:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        endpoints = yaml.safe_load((self.root / "endpoints.yml").read_text()) or {}
        endpoints["action_endpoint"] = {"url": f"http://localhost:{self.action_port}/webhook",
                                         "token": self.action_token}
        if self.lock_store:
            endpoints["lock_store"] = self.lock_store
        if not endpoints.get("tracker_store"):
            # Conversations survive a restart and can be purged and erased (bot privacy).
            endpoints["tracker_store"] = rasa_tracker_store(self.settings.conversations_url)
        endpoints_file = self.run_dir / "endpoints.yml"
        endpoints_file.unlink(missing_ok=True)
        fd = os.open(endpoints_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # holds the action token
        with os.fdopen(fd, "w") as handle:
            handle.write(yaml.safe_dump(endpoints))
        credentials = yaml.safe_load((self.root / "credentials.yml").read_text()) or {}
        credentials.update(channel_credentials(os.environ))
        credentials_file = self.run_dir / "credentials.yml"
        draft = self.run_dir / ".credentials.yml.tmp"
        draft.unlink(missing_ok=True)
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # may hold channel tokens: owner only
        with os.fdopen(fd, "w") as handle:
            handle.write(yaml.safe_dump(credentials))
        os.replace(draft, credentials_file)
        return endpoints_file, credentials_file

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """Start the processes without waiting for them (a cluster launches its members side by side)."""
        try:  # fail here, loudly, rather than on the first patient's message
            # The store's schema follows the code: a store from an older version is migrated (Alembic;
            # idempotent), or every answer would fail on a missing table.
            build_services(self.settings).store.create_schema()
        except Exception as err:  # noqa: BLE001 - any configuration problem stops the start
            raise ServerError(f"the bot cannot be set up ({type(err).__name__}: {err})") from err
        endpoints_file, credentials_file = self._write_runtime_config()
        env = dict(quiet_rasa_env(),
                   DATABASE_URL=self.settings.database_url, CONTENT_DIR=str(self.settings.content_dir),
                   CLINIC_CONFIG=str(self.settings.clinic_file), **self.extra_env)
        if self.settings.tracker_store_url:
            env["TRACKER_STORE_URL"] = self.settings.tracker_store_url
        # Sanic refuses a larger body on every route (the channels' webhooks included) before reading it;
        # Rasa's default is 100 MB. The REST channel's own limit (20,000 characters) is far below this.
        env.setdefault("SANIC_REQUEST_MAX_SIZE", str(MAX_REQUEST_BYTES))
        # The web page's origins may use socket.io (an operator's WEB_ORIGINS is kept).
        env.setdefault("WEB_ORIGINS", f"http://localhost:{self.web_port},http://127.0.0.1:{self.web_port}")
        rasa = rasa_binary()
        # The action server listens on this machine only and wants the run's token on every call.
        action_env = dict(env, ACTION_TOKEN=self.action_token)
        action_env.setdefault("ACTION_HOST", "127.0.0.1")
        self._spawn("action server", [sys.executable, "-m", "bot.action_server", "--actions", "actions", "--port",
                                      str(self.action_port)], action_env)
        self._spawn("rasa server", [
            rasa, "run", "--model", self.model, "--port", str(self.rasa_port),
            "--endpoints", str(endpoints_file), "--credentials", str(credentials_file),
            "--cors", f"http://localhost:{self.web_port}", f"http://127.0.0.1:{self.web_port}",
            *(["--interface", self.interface] if self.interface else []),
        ], env)
        if self.web:
            self._start_web()
        if self.editor_port is not None:
            self._spawn("editors workspace", [sys.executable, "-m", "bot.workspace", "--port", str(self.editor_port)],
                        dict(env, EDITOR_HOST=os.environ.get("EDITOR_HOST", "127.0.0.1")))

    def wait_ready(self) -> None:
        """Wait until every launched server answers; stop them all and raise ServerError if one does not."""
        try:
            self._wait_until_up(f"http://localhost:{self.action_port}/health", "action server")
            self._wait_until_up(f"{self.rasa_url}/", "rasa server")
            if self.editor_port is not None:
                self._wait_until_up(f"http://localhost:{self.editor_port}/signin", "editors workspace")
        except ServerError:
            self.stop()
            raise

    def _spawn(self, name: str, cmd: list[str], env: dict[str, str]) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name.replace(' ', '-')}.log"
        handle = log_path.open("wb")
        proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        self._procs.append((name, proc, log_path))

    def _start_web(self) -> None:
        web_root = self.root / "web"
        config = {"rasaUrl": self.public_url or self.rasa_url, "clinicName": "", "channel": "rest"}
        handler = partial(_WebHandler, directory=str(web_root), config=config)
        self._web = ThreadingHTTPServer(("127.0.0.1", self.web_port), handler)
        threading.Thread(target=self._web.serve_forever, name="web", daemon=True).start()

    def _wait_until_up(self, url: str, name: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            for pname, proc, log_path in self._procs:
                if proc.poll() is not None:
                    raise ServerError(f"the {pname} stopped (exit {proc.returncode}); see {log_path}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise ServerError(f"the {name} did not answer at {url} within {START_TIMEOUT_SECONDS} s")

    @property
    def pids(self) -> dict[str, int]:
        """The process id of each launched server, by name ("rasa server", "action server", ...)."""
        return {name: proc.pid for name, proc, _ in self._procs}

    @property
    def log_files(self) -> list[Path]:
        """Where each server started by this object writes its output."""
        return [log_path for _, _, log_path in self._procs]

    def kill(self, name: str) -> None:
        """Kill one server at once ("action server" or "rasa server"), as a crash would: for fault tests."""
        for proc_name, proc, _ in self._procs:
            if proc_name == name and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def stop(self) -> None:
        if self._web is not None:
            self._web.shutdown()
            self._web.server_close()
            self._web = None
        for _, proc, _ in self._procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _, proc, _ in self._procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self._procs.clear()

    def wait(self) -> str:
        """Block until a server stops; says which, with its exit code and log."""
        while True:
            for name, proc, log_path in list(self._procs):
                if proc.poll() is not None:
                    return f"the {name} stopped (exit {proc.returncode}); see {log_path}"
            time.sleep(0.5)


class _WebHandler(SimpleHTTPRequestHandler):
    """Static files of web/, plus /config.json telling the page where the Rasa server is."""

    def __init__(self, *args: Any, config: dict[str, Any], **kwargs: Any):
        self._config = config
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.split("?")[0] == "/config.json":
            body = json.dumps(self._config).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy",
                         "default-src 'self'; connect-src 'self' http://localhost:* http://127.0.0.1:*; "
                         "img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
        return  # no access log: URLs never carry patient text, and the console stays readable


def serve_forever(settings: Settings, rasa_port: int, action_port: int, web_port: int, model: str,
                  editor_port: int | None = None) -> int:
    """Run until Ctrl-C or SIGTERM (exit 0) or until a server dies (exit 1, with its log named)."""
    servers = Servers(settings, rasa_port, action_port, web_port, model, editor_port=editor_port)
    stop = threading.Event()
    crashed: list[str] = []
    # Our own handlers: a process started in the background inherits an ignored SIGINT.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        servers.start()
    except ServerError as err:
        print(f"Could not start: {err}", file=sys.stderr)
        return 1

    def stop_when_a_server_stops() -> None:
        why = servers.wait()
        if not stop.is_set():  # not our own shutdown
            log.error("%s", why)
            crashed.append(why)
            stop.set()

    editors = f"   Editors' workspace: http://localhost:{editor_port}/" if editor_port is not None else ""
    print(f"Ready. Chat page: {servers.web_url}   REST webhook: {servers.rasa_url}/webhooks/rest/webhook{editors}\n"
          "Press Ctrl-C to stop.", flush=True)
    threading.Thread(target=stop_when_a_server_stops, daemon=True).start()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        print("Stopping...", flush=True)
        servers.stop()
    return 1 if crashed else 0
