"""``bot fuzz``: hostile and malformed requests against the running bot, and what must hold for each.

For every REST request: no 5xx; a 2xx reply is a list with exactly one turn description; a
4xx reply is a JSON error; no request takes longer than the limit. For socket.io: every
event gets an answer (a reply with one turn description, or an error) within the limit.
The inputs are generated from a seed, so a failing run can be repeated.
"""

from __future__ import annotations

import json
import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, TextIO

LIMIT_SECONDS = 30.0
_PIECES = ("", " ", "\x00", "\x1b[31m", "\ud800", "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "/restart",
           "/back", "/session_start", "/ask_more{\"x\": 1}", "/", "//", "' OR 1=1 --", "\u202e", "🤰" * 50,
           "numb legs can't pee", "no fever", "I'm bleeding through a pad an hour", "%s%s%n", "\\u0000", "\r\n" * 20,
           "a" * 5_000, "!" * 19_000, "é" * 4_000, "\t" * 100)


def _describe(value: Any) -> str:
    """A short description of generated input for a problem report."""
    shown = repr(value)
    return shown if len(shown) <= 80 else f"{shown[:60]}... ({len(shown)} characters)"


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 4)))[:20_500]


def _body(rng: random.Random) -> bytes:
    """A request body: mostly well-formed JSON with odd values, sometimes not JSON at all."""
    kind = rng.randrange(10)
    sender: Any = rng.choice([f"fuzz-{rng.randrange(10**9)}", "", None, 0, True, [], {}, "x" * 200, "+447700900123"])
    message: Any = _text(rng) if kind < 6 else rng.choice([None, 1, [], {}, True, 1.5, "x" * 25_000])
    if kind == 9:
        return rng.choice([b"", b"{", b"[]", b"null", b"\xff\xfe", b'{"sender": "a", "message": "b"',
                           json.dumps([{"sender": "a", "message": "b"}]).encode(), b"{" * 5_000 + b"}" * 5_000])
    body: dict[str, Any] = {"sender": sender, "message": message}
    if kind == 8:
        body["metadata"] = {"nested": [[[[{}]]]] * 100}
    return json.dumps(body).encode("utf-8", "surrogatepass")


@dataclass
class Tally:
    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    slowest: float = 0.0

    def add(self, status: int, seconds: float, problem: str | None) -> None:
        self.requests += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.slowest = max(self.slowest, seconds)
        if problem and len(self.problems) < 50:
            self.problems.append(problem)


def _rest_one(url: str, body: bytes) -> tuple[int, float, str | None]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=LIMIT_SECONDS) as reply:
            status, raw = reply.status, reply.read()
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read()
    except (urllib.error.URLError, TimeoutError) as err:
        return 0, time.perf_counter() - started, f"no answer ({type(err).__name__})"
    seconds = time.perf_counter() - started
    if status >= 500:
        return status, seconds, f"{status} for a {len(body)}-byte body"
    try:
        data = json.loads(raw or b"null")
    except ValueError:
        return status, seconds, f"{status} with a body that is not JSON"
    if status < 300:
        customs = [m for m in data if isinstance(m, dict) and "custom" in m] if isinstance(data, list) else []
        if len(customs) != 1:
            return status, seconds, f"{status} with {len(customs)} turn descriptions"
    elif not (isinstance(data, dict) and "error" in data):
        return status, seconds, f"{status} without an error message"
    return status, seconds, None


def _socketio(url: str, origin: str, rng: random.Random, events: int, tally: Tally) -> None:
    import queue

    import socketio

    got: queue.Queue[Any] = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", got.put)
    client.connect(url, headers={"Origin": origin}, transports=["polling"], wait_timeout=10)
    try:
        for _ in range(events):
            event: Any = rng.choice([{"message": _text(rng)}, {"message": 5}, "text", None, [1],
                                     {"message": "x" * 25_000}])
            started = time.perf_counter()
            client.emit("user_uttered", event)
            first = None
            try:
                first = got.get(timeout=LIMIT_SECONDS)
            except queue.Empty:
                tally.add(0, LIMIT_SECONDS, f"socket.io: no answer to {_describe(event)}")
                continue
            time.sleep(0.3)  # the rest of this turn's messages
            rest = []
            while not got.empty():
                rest.append(got.get())
            messages = [first, *rest]
            ok = "error" in first or sum(isinstance(m, dict) and "custom" in m for m in messages) == 1
            tally.add(200, time.perf_counter() - started, None if ok else "socket.io: a reply without one turn")
    finally:
        client.disconnect()


def run_fuzz(url: str, origin: str, requests: int, socket_events: int, seed: int, out: TextIO,
             send: Callable[[str, bytes], tuple[int, float, str | None]] = _rest_one) -> int:
    rng = random.Random(seed)
    rest = Tally()
    webhook = url.rstrip("/") + "/webhooks/rest/webhook"
    started = time.perf_counter()
    for _ in range(requests):
        body = _body(rng)
        status, seconds, problem = send(webhook, body)
        rest.add(status, seconds, f"{problem}: {_describe(body)}" if problem else None)
    sio = Tally()
    if socket_events:
        _socketio(url, origin, rng, socket_events, sio)
    out.write(f"Fuzzed {url} with seed {seed} in {time.perf_counter() - started:.0f} s\n")
    for name, tally in (("REST", rest), ("socket.io", sio)):
        if not tally.requests:
            continue
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(tally.statuses.items()))
        out.write(f"  {name:10s} {tally.requests} requests ({codes}); slowest {tally.slowest:.2f} s; "
                  f"{len(tally.problems)} problems\n")
        for problem in tally.problems:
            out.write(f"    {problem}\n")
    return 0 if not rest.problems and not sio.problems else 1
