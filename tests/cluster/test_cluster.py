"""Rasa's scale-out deployment, run for real: PostgreSQL, Redis, nginx, two Rasa and two action servers.

One cluster for the module (on its own ports and folder); the test that kills a Rasa server runs last.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
import urllib.error
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from sqlalchemy import create_engine, text

from bot.cluster import Cluster
from bot.content.store import ContentStore
from tests.e2e.conftest import MODEL, ROOT, Chat, custom_of, texts_of

pytestmark = [pytest.mark.cluster]
BASE = int(os.environ.get("E2E_PORT_BASE", "5200")) + 100


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train`")
    work = Path(tempfile.mkdtemp(prefix="cluster-tests-"))  # not under pytest's folder: PostgreSQL's user reads it
    work.chmod(0o755)
    running = Cluster(ROOT, str(MODEL), lb_port=BASE, web_port=BASE + 7, editor_port=None,
                      rasa_ports=(BASE + 11, BASE + 12), action_ports=(BASE + 61, BASE + 62),
                      pg_port=BASE + 40, redis_port=BASE + 1090, work=work / "cluster")
    try:
        with running:
            yield running
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_answers_no_clinician_approved_are_withheld_in_a_clinic_but_red_flags_are_not(cluster: Cluster):
    """Runs first: the cluster's clinic default withholds unreviewed answers; the tests after it approve them."""
    reply = Chat(cluster.url).say("how much calcium do I need while breastfeeding")
    assert custom_of(reply)["kind"] == "fallback"
    contact = str(yaml.safe_load(cluster.clinic_file.read_text())["contact"]["phone"])
    assert "can't answer" in " ".join(texts_of(reply)) and contact in " ".join(texts_of(reply))
    escalation = Chat(cluster.url).say("my chest is crushing and I can't get my breath")
    assert custom_of(escalation)["urgency"] == "emergency" and emergency_number() in " ".join(texts_of(escalation))


@pytest.fixture(scope="module")
def approved(cluster: Cluster) -> Cluster:
    """The cluster with every live item approved by a clinical reviewer (after the test above has run)."""
    store = ContentStore.from_url(cluster.settings.database_url)
    for item in store.published_items():
        if not item.clinically_reviewed:
            store.approve(item.id, item.version, "Dr Test Reviewer", "approved for the cluster tests")
    assert custom_of(Chat(cluster.url).say("how much calcium do I need while breastfeeding"))["kind"] == "answer"
    return cluster


def member(cluster: Cluster, n: int) -> str:
    return f"http://localhost:{cluster.rasa_ports[n]}"


def emergency_number() -> str:
    return str(yaml.safe_load((ROOT / "content" / "clinic.yml").read_text())["emergency_number"])


def test_only_the_load_balancer_listens_beyond_this_machine(cluster: Cluster):
    import subprocess

    listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout.split("\n")
    mine = {p: line.split()[3] for line in listening if line.strip()
            for p in (*cluster.rasa_ports, *cluster.action_ports, cluster.redis_port, cluster.lb_port)
            if line.split()[3].endswith(f":{p}")}
    assert all(address.startswith("127.0.0.1") for p, address in mine.items() if p != cluster.lb_port), mine
    assert cluster.lb_port in mine


def test_a_conversation_keeps_its_state_when_its_turns_land_on_different_servers(approved: Cluster):
    cluster = approved
    sender = f"cluster-{uuid.uuid4().hex}"
    first = custom_of(Chat(member(cluster, 0), sender).say("how much calcium do I need while breastfeeding"))
    assert (first["kind"], first["topic"]) == ("answer", "calcium-needs")
    sources = custom_of(Chat(member(cluster, 1), sender).say("where did you get that information"))
    assert (sources["kind"], sources["topic"]) == ("sources", "calcium-needs")
    more = custom_of(Chat(cluster.url, sender).say("tell me more"))
    assert (more["kind"], more["topic"]) == ("answer", "calcium-needs")


def test_a_publish_reaches_every_server_within_a_second(approved: Cluster):
    cluster = approved
    store = ContentStore.from_url(cluster.settings.database_url)
    live = store.published("vitamin-d")
    from dataclasses import replace

    changed = replace(live.as_content_item(), body=live.body + "\n\nAsk your midwife which supplement suits you.")
    store.publish_approved(changed, "Ann Editor", "Dr Rhee", "cluster test")
    time.sleep(1.0)
    for n in (0, 1):
        reply = Chat(member(cluster, n)).say("do I need vitamin d drops")
        assert custom_of(reply)["content_version"] == live.version + 1
        assert "which supplement suits you" in " ".join(texts_of(reply))


def test_with_redis_down_a_red_flag_still_escalates_and_the_cluster_recovers(approved: Cluster):
    cluster = approved
    cluster.stop_service("redis")
    try:
        reply = Chat(cluster.url).say("my chest is crushing and I can't get my breath")
        assert custom_of(reply)["urgency"] == "emergency"
        assert emergency_number() in " ".join(texts_of(reply))
    finally:
        cluster.start_redis()
    assert custom_of(Chat(cluster.url).say("how much calcium do I need"))["kind"] == "answer"


def test_with_postgresql_down_a_safe_reply_and_recovery_without_a_restart(approved: Cluster):
    cluster = approved
    cluster.stop_service("postgres")
    try:
        started = time.monotonic()
        reply = Chat(cluster.url).say("my chest is crushing and I can't get my breath")
        assert custom_of(reply)["urgency"] == "emergency"
        assert emergency_number() in " ".join(texts_of(reply))
        assert time.monotonic() - started < 20
    finally:
        cluster.start_postgres()
    deadline = time.monotonic() + 30
    while True:
        answer = custom_of(Chat(cluster.url).say("how much calcium do I need"))
        if answer["kind"] == "answer" or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert answer["kind"] == "answer"


def test_one_rasa_server_killed_under_load_loses_no_conversation(approved: Cluster):
    cluster = approved
    """10 patients talk without pause for 20 s; one Rasa server is killed after 5 s."""
    results: dict[str, list[str]] = {}
    stop = threading.Event()

    def patient(sender: str) -> None:
        chat = Chat(cluster.url, sender)
        while not stop.is_set():
            try:  # "answer": a turn Rasa processed; "fallback": the channel's safe reply (clinic numbers) if late
                kind = custom_of(chat.say("how much calcium do I need"))["kind"]
            except (urllib.error.URLError, OSError, AssertionError, ValueError):
                kind = "failed"
            results[sender].append(kind)

    senders = [f"load-{n}-{uuid.uuid4().hex[:8]}" for n in range(10)]
    for s in senders:
        results[s] = []
    threads = [threading.Thread(target=patient, args=(s,)) for s in senders]
    for t in threads:
        t.start()
    time.sleep(5)
    cluster.kill_member(0)
    killed_at = sum(len(r) for r in results.values())
    time.sleep(15)
    stop.set()
    for t in threads:
        t.join(timeout=40)
    failed = sum(r.count("failed") for r in results.values())
    total = sum(len(r) for r in results.values())
    assert total >= killed_at + 10, "the surviving server did not carry on"
    assert failed <= len(senders), f"{failed} of {total} requests failed; at most those in flight at the kill may"
    figures = {k: sum(r.count(k) for r in results.values()) for k in ("answer", "fallback", "failed")}
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "cluster-kill.json").write_text(json.dumps(dict(figures, total=total, at_kill=killed_at)))
    time.sleep(3)  # a turn answered late by the safe reply may still be finishing
    engine = create_engine(cluster.settings.conversations_url)
    with engine.connect() as conn:
        for s in senders:
            stored = conn.execute(text("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user'"),
                                  {"s": f"rest:{s}"}).scalar_one()
            assert stored >= results[s].count("answer"), f"{s}: an answered turn is missing from the tracker store"
    engine.dispose()
