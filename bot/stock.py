"""``bot bench --against-stock``: the whole bot against the stock ``rasa init`` bot, measured in one run.

Absolute times on shared machines are noisy; the ratios between bots measured in the same run
are the figures that count. Every bot gets the same closed-loop load over REST: ``concurrency``
patients, each sending its next message as soon as the last was answered, a new conversation
every ``TURNS_PER_CONVERSATION`` messages, for ``seconds``.

Measured for each:
- cold start: from launching the servers to the first answer over REST;
- throughput (answered messages per second) and median and 95th-percentile latency under load;
- resident memory of each Rasa server after the load (and of our action servers).

The stock bot is built once (``rasa init --no-prompt``, which also trains it) into
``var/stock-bot`` with the same Rasa as ours, and run as its own project documents: one
``rasa run`` with its default in-memory tracker and lock stores.
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence, TextIO

from bot.bench import percentile, resident_mb
from bot.serve import Servers, quiet_rasa_env, rasa_binary
from bot.settings import Settings

TURNS_PER_CONVERSATION = 5


@dataclass
class LoadResult:
    answered: int
    failed: int
    seconds: float
    latencies: list[float] = field(default_factory=list)

    @property
    def throughput(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        return percentile(sorted(self.latencies), share) if self.latencies else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")


@dataclass
class Measured:
    name: str
    cold_start: float
    load: LoadResult
    memory_mb: dict[str, float]


def post_message(conn: http.client.HTTPConnection, path: str, sender: str, text: str) -> bool:
    """One REST turn on a kept-alive connection; True when the bot answered (200 with a JSON list)."""
    body = json.dumps({"sender": sender, "message": text})
    conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    answer = conn.getresponse()
    data = answer.read()
    if answer.status != 200:
        return False
    return isinstance(json.loads(data or b"[]"), list)


def _connect(parsed: urllib.parse.SplitResult) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port, timeout=30)


def _turn(conn: http.client.HTTPConnection, parsed: urllib.parse.SplitResult, path: str, sender: str,
          text: str) -> tuple[bool, http.client.HTTPConnection]:
    """One message; on a broken connection, a new one for the next message."""
    try:
        return post_message(conn, path, sender, text), conn
    except (OSError, http.client.HTTPException, ValueError):
        conn.close()
        return False, _connect(parsed)


def _run_patients(patient: Callable[[int], None], concurrency: int) -> float:
    """Run ``patient(n)`` for each of ``concurrency`` patients side by side; the seconds it took."""
    started = time.perf_counter()
    threads = [threading.Thread(target=patient, args=(n,), daemon=True) for n in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def closed_loop(url: str, messages: Sequence[str], concurrency: int, seconds: float, tag: str) -> LoadResult:
    """``concurrency`` patients sending their next message as soon as the last was answered."""
    parsed = urllib.parse.urlsplit(url)
    path = parsed.path.rstrip("/") + "/webhooks/rest/webhook"
    lock = threading.Lock()
    result = LoadResult(0, 0, seconds)
    stop_at = time.perf_counter() + seconds

    def patient(n: int) -> None:
        conn = _connect(parsed)
        turn = 0
        while time.perf_counter() < stop_at:
            sender = f"{tag}-{n}-{turn // TURNS_PER_CONVERSATION}"
            started = time.perf_counter()
            ok, conn = _turn(conn, parsed, path, sender, messages[(n + turn) % len(messages)])
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    result.answered += 1
                    result.latencies.append(elapsed)
                else:
                    result.failed += 1
            turn += 1
        conn.close()

    result.seconds = _run_patients(patient, concurrency)
    return result


def wait_for_first_answer(url: str, started: float, timeout: float = 600,
                          alive: Callable[[], bool] = lambda: True) -> float:
    """Seconds from ``started`` (a perf_counter reading) to the first 200 answer over REST."""
    parsed = urllib.parse.urlsplit(url)
    path = parsed.path.rstrip("/") + "/webhooks/rest/webhook"
    while time.perf_counter() - started < timeout:
        if not alive():
            raise RuntimeError(f"the server behind {url} stopped before answering")
        conn = _connect(parsed)
        try:
            if post_message(conn, path, "cold-start", "hi"):
                return time.perf_counter() - started
        except (OSError, http.client.HTTPException, ValueError):
            pass
        finally:
            conn.close()
        time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {timeout:.0f} s")


# ---- the stock bot ------------------------------------------------------------------------------


def stock_dir(root: Path) -> Path:
    return root / "var" / "stock-bot"


def build_stock(root: Path, out: TextIO) -> Path:
    """The stock `rasa init` project with its trained model (built once, then reused)."""
    where = stock_dir(root)
    if list((where / "models").glob("*.tar.gz")):
        return where
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)  # rasa init wants the folder to exist
    out.write(f"Building the stock `rasa init` bot in {where} (once; it trains its model)...\n")
    out.flush()
    log = where.parent / "stock-bot-build.log"
    with log.open("wb") as handle:
        done = subprocess.run([rasa_binary(), "init", "--no-prompt", "--init-dir", str(where)], stdout=handle,
                              stderr=subprocess.STDOUT, env=quiet_rasa_env(), cwd=where.parent)
    if done.returncode != 0 or not list((where / "models").glob("*.tar.gz")):
        raise RuntimeError(f"rasa init failed (exit {done.returncode}); see {log}")
    return where


class StockServer:
    """`rasa run` of the stock project, REST on ``port`` (its credentials.yml has the rest channel)."""

    def __init__(self, project: Path, port: int):
        self.project, self.port = project, port
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = (self.project / "rasa-run.log").open("wb")
        self.proc = subprocess.Popen([rasa_binary(), "run", "--port", str(self.port), "--interface", "127.0.0.1"],
                                     cwd=self.project, env=quiet_rasa_env(), stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---- the comparison ------------------------------------------------------------------------------


def _measure(name: str, url: str, start: Callable[[], None], alive: Callable[[], bool],
             pids: Callable[[], dict[str, int]], messages: Sequence[str], concurrency: int,
             seconds: float, out: TextIO) -> Measured:
    started = time.perf_counter()
    start()
    cold = wait_for_first_answer(url, started, alive=alive)
    warm = _connect(urllib.parse.urlsplit(url))
    for text in messages:  # one pass, so every path has run once before the clock starts
        post_message(warm, "/webhooks/rest/webhook", f"warm-{name.split()[0]}", text)
    warm.close()
    load = closed_loop(url, messages, concurrency, seconds, f"bench-{name.split()[0]}")
    memory = {label: resident_mb(pid) for label, pid in pids().items()}
    out.write(f"  {name:22} cold start {cold:5.1f} s; {load.throughput:5.1f} msg/s, median "
              f"{load.median * 1000:4.0f} ms, p95 {load.percentile(0.95) * 1000:5.0f} ms, "
              f"{load.answered} answered, {load.failed} failed; memory "
              f"{', '.join(f'{k} {v:.0f} MB' for k, v in memory.items())}\n")
    out.flush()
    return Measured(name, cold, load, memory)


def run_against_stock(settings: Settings, root: Path, model: str, messages: Sequence[str], concurrency: int,
                      seconds: float, out: TextIO, which: Sequence[str] = ("stock", "embedded", "cluster"),
                      json_path: Path | None = None) -> int:
    """Measure the stock bot, our embedded bot and our cluster one after the other, then print the ratios."""
    from bot.cluster import Cluster

    project = build_stock(root, out)
    out.write(f"Closed loop: {concurrency} concurrent patients, {seconds:.0f} s each, {len(messages)} different "
              f"messages, a new conversation every {TURNS_PER_CONVERSATION} messages.\n")
    results: dict[str, Measured] = {}
    if "stock" in which:
        stock = StockServer(project, 5190)
        try:
            results["stock"] = _measure("stock rasa init", stock.url, stock.start, stock.alive,
                                        lambda: {"rasa": stock.proc.pid} if stock.proc else {},
                                        messages, concurrency, seconds, out)
        finally:
            stock.stop()
    if "embedded" in which:
        servers = Servers(settings, rasa_port=5191, action_port=5192, web_port=8191, model=model,
                          root=root, web=False)
        try:
            results["embedded"] = _measure("ours, embedded (make run)", servers.rasa_url, servers.start,
                                           lambda: True, lambda: _pids_of([servers]), messages, concurrency,
                                           seconds, out)
        finally:
            servers.stop()
    if "cluster" in which:
        cluster = Cluster(root, model, lb_port=5193, web_port=8193, editor_port=None, rasa_ports=(5194, 5195),
                          action_ports=(5196, 5197), pg_port=5448, redis_port=6398,
                          work=root / "var" / "bench-cluster")
        try:
            results["cluster"] = _measure("ours, cluster (2 servers)", cluster.url, cluster.start, lambda: True,
                                          lambda: _pids_of(cluster.members), messages, concurrency, seconds, out)
        finally:
            cluster.stop()
    base = results.get("stock")
    if base is not None:
        for key in ("embedded", "cluster"):
            if key not in results:
                continue
            r = results[key]
            out.write(f"  {r.name} / stock: throughput {r.load.throughput / base.load.throughput:.2f}x, "
                      f"p95 {r.load.percentile(0.95) / base.load.percentile(0.95):.2f}x, "
                      f"cold start {r.cold_start / base.cold_start:.2f}x\n")
    if json_path is not None:
        json_path.write_text(json.dumps({k: {"cold_start_s": v.cold_start, "throughput": v.load.throughput,
                                             "median_s": v.load.median, "p95_s": v.load.percentile(0.95),
                                             "answered": v.load.answered, "failed": v.load.failed,
                                             "memory_mb": v.memory_mb} for k, v in results.items()}, indent=2))
    return 0 if all(r.load.answered for r in results.values()) else 1


def _pids_of(members: Sequence[Servers]) -> dict[str, int]:
    """Each member's Rasa and action server, numbered: {"rasa 1": pid, "action 1": pid, ...}."""
    return {f"{name.split()[0]} {n}": pid for n, member in enumerate(members, start=1)
            for name, pid in member.pids.items() if name in ("rasa server", "action server")}


# ---- memory growth ---------------------------------------------------------------------------------


def run_growth(settings: Settings, root: Path, model: str, messages: Sequence[str], total: int,
               conversations: int, concurrency: int, out: TextIO) -> int:
    """``total`` messages over ``conversations`` conversations to the embedded bot; resident memory of its
    Rasa and action servers after the first tenth and at the end (Rasa's users report memory that grows)."""
    servers = Servers(settings, rasa_port=5198, action_port=5199, web_port=8198, model=model,
                      root=root, web=False)
    servers.start()
    try:
        pids = _pids_of([servers])
        parsed = urllib.parse.urlsplit(servers.rasa_url)
        per_conversation = max(1, total // conversations)
        lock = threading.Lock()
        sent = [0, 0]  # answered, failed
        checkpoints: dict[int, dict[str, float]] = {}

        def patient(n: int) -> None:
            conn = _connect(parsed)
            for k in range(n, total, concurrency):
                ok, conn = _turn(conn, parsed, "/webhooks/rest/webhook", f"growth-{k // per_conversation}",
                                 messages[k % len(messages)])
                with lock:
                    sent[0 if ok else 1] += 1
                    done = sent[0] + sent[1]
                    if done in (total // 10, total):
                        checkpoints[done] = {label: resident_mb(pid) for label, pid in pids.items()}
            conn.close()

        elapsed = _run_patients(patient, concurrency)
    finally:
        servers.stop()
    first, last = checkpoints.get(total // 10, {}), checkpoints.get(total, {})
    out.write(f"Memory growth: {total} messages over {conversations} conversations, {concurrency} at a time, "
              f"{elapsed:.0f} s; {sent[0]} answered, {sent[1]} failed\n")
    worst = 0.0
    for label in sorted(first):
        growth = 100 * (last.get(label, float("nan")) - first[label]) / first[label]
        worst = max(worst, growth)
        out.write(f"  {label:10} after {total // 10}: {first[label]:.0f} MB; after {total}: "
                  f"{last.get(label, float('nan')):.0f} MB ({growth:+.1f}%)\n")
    return 0 if sent[1] == 0 and worst <= 10 else 1
