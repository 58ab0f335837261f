"""``bot cluster`` (make run-cluster): Rasa's documented scale-out deployment on one machine.

PostgreSQL (content store and Rasa's tracker store), Redis (Rasa's lock store), two Rasa servers
each with its own action server, nginx in front of the Rasa servers on :5005, the website on
:8000 and the editors' workspace on :8001. Across several machines the same pieces are configured
by environment (README "Running several servers"); here every backing service listens on this
machine only: PostgreSQL on a Unix socket, Redis and the Rasa/action servers on 127.0.0.1 ports,
only nginx (the channels) on every interface.
"""

from __future__ import annotations

import glob
import io
import logging
import os
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from bot.content import editor
from bot.content.store import ContentStore
from bot.serve import ServerError, Servers
from bot.settings import Settings

log = logging.getLogger(__name__)

PG_PORT = 5440
REDIS_PORT = 6390
RASA_PORTS = (5011, 5012)
ACTION_PORTS = (5061, 5062)

NGINX_CONF = """
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;  # URLs carry no patient text, but nothing is logged that need not be
  client_max_body_size 1m;
  client_body_temp_path {run}/body;
  proxy_temp_path {run}/proxy;
  fastcgi_temp_path {run}/fastcgi;
  uwsgi_temp_path {run}/uwsgi;
  scgi_temp_path {run}/scgi;
  upstream rasa_servers {{
    {servers}
  }}
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  server {{
    listen {port};
    location / {{
      proxy_pass http://rasa_servers;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
      # A server that is down or fails is skipped: the request goes to the next one.
      proxy_next_upstream error timeout http_502 http_503 http_504;
      proxy_next_upstream_tries 2;
    }}
  }}
}}
"""


def server_binary(name: str) -> str:
    """Where a server program from Debian's packages is (PostgreSQL's are not on PATH)."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)),
                                       None) or shutil.which(name, path="/usr/sbin")
    if not found:
        raise ServerError(f"{name} is not installed: run `make cluster-deps` (PostgreSQL, Redis, nginx)")
    return found


def as_postgres(cmd: list[str]) -> list[str]:
    """``cmd`` run as the postgres user when we are root (PostgreSQL refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Cluster:
    """Every process of the deployment, started and stopped together (a context manager)."""

    def __init__(self, root: Path, model: str, lb_port: int = 5005, web_port: int = 8000,
                 editor_port: int | None = 8001, rasa_ports: tuple[int, ...] = RASA_PORTS,
                 action_ports: tuple[int, ...] = ACTION_PORTS, pg_port: int = PG_PORT, redis_port: int = REDIS_PORT,
                 work: Path | None = None):
        self.root, self.model = root.resolve(), model
        self.lb_port, self.web_port, self.editor_port = lb_port, web_port, editor_port
        self.rasa_ports, self.action_ports = rasa_ports, action_ports
        self.pg_port, self.redis_port = pg_port, redis_port
        self.work = (work or self.root / "var" / "cluster").resolve()
        self.sock = self.work / "pg-socket"
        self.members: list[Servers] = []
        self._procs: list[tuple[str, subprocess.Popen[bytes]]] = []

    # ---- addresses -------------------------------------------------------------------------

    def database_url(self, name: str) -> str:
        return f"postgresql://postgres@/{name}?host={self.sock}&port={self.pg_port}"

    @property
    def url(self) -> str:
        return f"http://localhost:{self.lb_port}"

    @property
    def clinic_file(self) -> Path:
        """The operator's CLINIC_CONFIG, else the demo's numbers with the clinic rule for unreviewed answers."""
        return Path(os.environ["CLINIC_CONFIG"]) if os.environ.get("CLINIC_CONFIG") else self.work / "clinic.yml"

    @property
    def settings(self) -> Settings:
        return Settings(self.database_url("content"), self.root / "content", self.clinic_file,
                        self.database_url("conversations"))

    def _write_clinic(self) -> None:
        """A clinic withholds answers no clinical reviewer has approved (SPEC 5): the cluster's default."""
        if os.environ.get("CLINIC_CONFIG"):
            return
        clinic = yaml.safe_load((self.root / "content" / "clinic.yml").read_text(encoding="utf-8"))
        clinic["unreviewed_content"] = "withhold"
        header = "# Written by bot cluster from content/clinic.yml; set CLINIC_CONFIG for your own.\n"
        self.clinic_file.write_text(header + yaml.safe_dump(clinic, sort_keys=False, allow_unicode=True))

    # ---- start and stop --------------------------------------------------------------------

    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.stop()

    def start(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        try:
            self._write_clinic()
            self.start_postgres()
            self.start_redis()
            self._publish()
            secret_file = self.work / "handoff.secret"
            if not secret_file.exists():
                secret_file.write_text(secrets.token_hex(32))
                secret_file.chmod(0o600)
            shared = {"HANDOFF_SECRET": os.environ.get("HANDOFF_SECRET") or secret_file.read_text().strip()}
            lock_store = {"type": "redis", "url": "127.0.0.1", "port": self.redis_port, "db": 1}
            for n, (rasa_port, action_port) in enumerate(zip(self.rasa_ports, self.action_ports, strict=True)):
                member = Servers(self.settings, rasa_port=rasa_port, action_port=action_port, web_port=self.web_port,
                                 model=self.model, root=self.root, log_dir=self.work / f"logs-{n + 1}",
                                 editor_port=self.editor_port if n == 0 else None, lock_store=lock_store,
                                 public_url=self.url, web=n == 0, extra_env=shared, interface="127.0.0.1")
                member.launch()
                self.members.append(member)
            for member in self.members:  # side by side: the servers load their models at the same time
                member.wait_ready()
            self.start_nginx()
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        for member in self.members:
            member.stop()
        self.members.clear()
        for name, _ in reversed(list(self._procs)):
            self.stop_service(name)
        self._procs.clear()

    # ---- the backing services ----------------------------------------------------------------

    def start_postgres(self) -> None:
        data = self.work / "pg-data"
        self.sock.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.work, "postgres")
            shutil.chown(self.sock, "postgres")
        if not (data / "PG_VERSION").exists():
            subprocess.run(as_postgres([server_binary("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
                           check=True, capture_output=True)
        log = (self.work / "postgres.log").open("ab")
        proc = subprocess.Popen(as_postgres([server_binary("postgres"), "-D", str(data), "-k", str(self.sock),
                                              "-p", str(self.pg_port), "-c", "listen_addresses="]),
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._procs.append(("postgres", proc))
        self._wait(lambda: self._pg_ready(), "PostgreSQL", proc)
        admin = create_engine(self.database_url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            have = {r[0] for r in conn.execute(text("SELECT datname FROM pg_database"))}
            for name in ("content", "conversations"):
                if name not in have:
                    conn.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()

    def _pg_ready(self) -> bool:
        try:
            engine = create_engine(self.database_url("postgres"))
            with engine.connect():
                pass
            engine.dispose()
            return True
        except Exception:  # noqa: BLE001 - not up yet
            return False

    def start_redis(self) -> None:
        log = (self.work / "redis.log").open("ab")
        proc = subprocess.Popen([server_binary("redis-server"), "--port", str(self.redis_port), "--bind", "127.0.0.1",
                                 "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._procs.append(("redis", proc))
        self._wait(lambda: self._redis_ready(), "Redis", proc)

    def _redis_ready(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(host="127.0.0.1", port=self.redis_port, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop_service(self, name: str) -> None:
        """Stop PostgreSQL, Redis or nginx (also for the fault tests); start_postgres/start_redis bring it back."""
        for proc_name, proc in self._procs:
            if proc_name != name or proc.poll() is not None:
                continue
            if name == "postgres":  # runuser does not pass signals on: ask PostgreSQL itself to stop
                subprocess.run(as_postgres([server_binary("pg_ctl"), "-D", str(self.work / "pg-data"), "-m", "fast",
                                             "-w", "stop"]), capture_output=True, timeout=60)
            else:
                proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._procs = [(n, p) for n, p in self._procs if p.poll() is None]

    def start_nginx(self) -> None:
        run = self.work / "nginx"
        run.mkdir(exist_ok=True)
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (run / sub).mkdir(exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(run / sub, "nobody")
        servers = "\n    ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in self.rasa_ports)
        conf = run / "nginx.conf"
        conf.write_text(NGINX_CONF.format(run=run, servers=servers, port=self.lb_port))
        log = (self.work / "nginx.log").open("ab")
        proc = subprocess.Popen([server_binary("nginx"), "-c", str(conf), "-p", str(run), "-g", "daemon off;"],
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._procs.append(("nginx", proc))
        self._wait(lambda: self._http_ok(f"{self.url}/"), "nginx", proc)

    @staticmethod
    def _http_ok(url: str) -> bool:
        import urllib.request

        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return bool(answer.status == 200)
        except OSError:
            return False

    def _publish(self) -> None:
        publish_at_start(self.settings)

    @staticmethod
    def _wait(ready: Any, name: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise ServerError(f"{name} stopped at start (exit {proc.returncode})")
            if ready():
                return
            time.sleep(0.3)
        raise ServerError(f"{name} did not start within {seconds:.0f} s")

    def kill_member(self, n: int) -> None:
        """Kill one Rasa server at once, as a crash would."""
        self.members[n].kill("rasa server")


def run_cluster(root: Path, model: str) -> int:
    """Run until Ctrl-C or SIGTERM."""
    import threading

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    cluster = Cluster(root, model)
    try:
        cluster.start()
    except (ServerError, OSError, subprocess.CalledProcessError) as err:
        print(f"Could not start the cluster: {err}")
        return 1
    print(f"Ready. Load balancer (REST, socket.io): {cluster.url}/webhooks/rest/webhook   Chat page: "
          f"http://localhost:{cluster.web_port}/   Editors' workspace: http://localhost:{cluster.editor_port}/\n"
          f"Rasa servers {', '.join(map(str, cluster.rasa_ports))}; PostgreSQL socket {cluster.sock}; "
          f"Redis 127.0.0.1:{cluster.redis_port}. Press Ctrl-C to stop.", flush=True)
    try:
        stop.wait()
    finally:
        print("Stopping...", flush=True)
        cluster.stop()
    return 0


def publish_at_start(settings: Settings) -> None:
    """Publish content/ into the store; a store already serving content keeps it if content/ is refused.

    The store is where editors publish (the workspace, rollbacks): when content/ is older than what
    they made live, the publish is refused and their versions stay live rather than the cluster
    failing to start or their work being overwritten. A store with nothing live cannot serve: that fails.
    """
    out = io.StringIO()
    if editor.publish(settings, "cluster start", "content/ at start", out) == 0:
        return
    store = ContentStore.from_url(settings.database_url)
    try:
        live = {item.kind for item in store.published_items()}
    except SQLAlchemyError:  # no tables yet: nothing live
        live = set()
    finally:
        store.engine.dispose()
    if {"topic", "red-flag"} <= live:
        log.warning("content/ was not published, so the store's live versions are served (%s). To bring "
                    "content/ in line with the store: bot content export", out.getvalue().strip()[-300:])
        return
    raise ServerError(f"content could not be published into the store: {out.getvalue()[-500:]}")
