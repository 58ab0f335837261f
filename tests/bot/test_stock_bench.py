"""The closed-loop load of `bot bench --against-stock`, against a small REST server of the test's own."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from bot.stock import LoadResult, closed_loop, wait_for_first_answer

_LOCK = threading.Lock()


class _Rest(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the load uses it
    seen: list[tuple[str, str]] = []
    delay = 0.01
    fail_every = 0

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with _LOCK:  # each request's number is fixed when it arrives: two handlers must not both read the same count
            type(self).seen.append((body["sender"], body["message"]))
            number = len(self.seen)
        time.sleep(self.delay)
        failing = self.fail_every and number % self.fail_every == 0
        data = json.dumps([{"text": "ok"}]).encode()
        self.send_response(500 if failing else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_: object) -> None:
        return


@pytest.fixture
def rest() -> Iterator[str]:
    _Rest.seen, _Rest.fail_every = [], 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Rest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_closed_loop_keeps_each_patient_waiting_for_its_answer(rest: str) -> None:
    result = closed_loop(rest, ["one", "two", "three"], concurrency=4, seconds=1.0, tag="t")

    assert result.failed == 0 and result.answered == len(_Rest.seen)
    # Four patients, each waiting at least 10 ms per answer: never more than ~400 messages in a second.
    assert 10 < result.answered < 420
    assert 0.009 < result.median < 0.2 and result.percentile(0.95) >= result.median
    assert abs(result.throughput - result.answered / result.seconds) < 1e-9


def test_each_patient_starts_a_new_conversation_every_five_messages(rest: str) -> None:
    closed_loop(rest, ["a", "b"], concurrency=2, seconds=0.5, tag="t")

    by_sender: dict[str, int] = {}
    for sender, _ in _Rest.seen:
        by_sender[sender] = by_sender.get(sender, 0) + 1
    assert {s.rsplit("-", 1)[0] for s in by_sender} == {"t-0", "t-1"}
    assert all(n <= 5 for n in by_sender.values()) and max(by_sender.values()) == 5


def test_failed_answers_are_counted_not_timed(rest: str) -> None:
    _Rest.fail_every = 3

    result = closed_loop(rest, ["x"], concurrency=2, seconds=0.5, tag="t")

    assert result.failed >= 1 and result.answered >= 2 * result.failed - 2
    assert len(result.latencies) == result.answered


def test_cold_start_is_timed_to_the_first_answer_and_a_dead_server_is_said(rest: str) -> None:
    started = time.perf_counter() - 2.0
    assert 2.0 <= wait_for_first_answer(rest, started) < 3.0
    with pytest.raises(RuntimeError, match="stopped before answering"):
        wait_for_first_answer("http://127.0.0.1:9", time.perf_counter(), alive=lambda: False)


def test_an_empty_load_has_no_percentiles() -> None:
    empty = LoadResult(0, 0, 1.0)
    assert empty.throughput == 0.0 and empty.percentile(0.95) != empty.percentile(0.95)  # NaN
