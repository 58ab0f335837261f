"""``bot bench``: latency and throughput of the running bot over HTTP, and the cost of triage per message.

Absolute times on shared machines are noisy, so the report also gives ratios
measured in the same run (triage cost as a share of a whole turn).
"""

from __future__ import annotations

import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import TextIO

from bot.evaluate import send
from bot.live_triage import rules_in_folder
from bot.settings import Settings

# The benchmark's own messages: a mix of questions, small talk and red flags.
MESSAGES = (
    "is it normal to have back ache at 36 weeks",
    "how much calcium do I need when breastfeeding",
    "what tests show if I have PLO",
    "thanks!",
    "my legs have gone numb and weak and I can't stand",
    "which painkiller can I have while pregnant",
    "hello there",
    "does vitamin D come from sunshine",
    "I have a fever and shivers since last night",
    "can I lift my toddler if I have osteoporosis",
)


def percentile(sorted_values: list[float], share: float) -> float:
    """The value at ``share`` (0.95: the 95th percentile) of values sorted in ascending order."""
    return sorted_values[min(len(sorted_values) - 1, int(round(share * (len(sorted_values) - 1))))]


def run_bench(settings: Settings, url: str, requests: int, concurrency: int, out: TextIO) -> int:
    triage = rules_in_folder(settings.content_dir)
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        for message in MESSAGES:
            triage.assess(message)
    triage_ms = (time.perf_counter() - started) * 1000 / (rounds * len(MESSAGES))
    long_text = " ".join(MESSAGES) * 20
    started = time.perf_counter()
    for _ in range(20):
        triage.assess(long_text)
    triage_long_ms = (time.perf_counter() - started) * 1000 / 20

    for message in MESSAGES:  # warm up the servers
        send(url, "bench-warmup", message)

    def one(i: int) -> float:
        t0 = time.perf_counter()
        send(url, f"bench-{uuid.uuid4().hex[:12]}", MESSAGES[i % len(MESSAGES)])
        return time.perf_counter() - t0

    serial = sorted(one(i) for i in range(min(requests, 50)))
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        latencies = sorted(pool.map(one, range(requests)))
    wall = time.perf_counter() - started
    median_ms = statistics.median(serial) * 1000
    out.write(f"Benchmark against {url}\n")
    out.write(f"  serial latency     median {median_ms:.0f} ms, p95 {percentile(serial, 0.95) * 1000:.0f} ms "
              f"({len(serial)} requests)\n")
    out.write(f"  concurrent ({concurrency})     median {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, throughput {requests / wall:.1f} messages/s "
              f"({requests} requests)\n")
    out.write(f"  triage per message {triage_ms:.3f} ms ({100 * triage_ms / median_ms:.2f}% of a serial turn); "
              f"{len(long_text)}-character message {triage_long_ms:.1f} ms\n")
    encoder_ms, encoder_mb = _encoder_cost()
    out.write(f"  sentence encoder   {encoder_ms:.1f} ms per message ({100 * encoder_ms / median_ms:.0f}% of a serial "
              f"turn, which includes it); {encoder_mb:.0f} MB resident once loaded\n")
    return 0


def resident_mb(pid: int | str = "self") -> float:
    """Resident memory of a process (this one by default) in MB; NaN when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _encoder_cost() -> tuple[float, float]:
    """Time per single message and the memory the encoder adds, measured in this process."""
    from bot.encoder import SentenceEncoder

    before = resident_mb()
    encoder = SentenceEncoder()
    encoder.encode(list(MESSAGES))
    added = resident_mb() - before
    rounds = 20
    started = time.perf_counter()
    for _ in range(rounds):
        for message in MESSAGES:
            encoder.encode([message])
    return (time.perf_counter() - started) * 1000 / (rounds * len(MESSAGES)), added
