"""Conversations are stored where the operator can purge and erase them, keyed apart from other channels."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from bot.serve import Servers
from bot.settings import Settings
from tests.e2e.conftest import MODEL, ROOT, Chat, custom_of

pytestmark = pytest.mark.e2e


def stored_senders(settings: Settings) -> set[str]:
    engine = create_engine(settings.conversations_url)
    with engine.connect() as conn:
        found = {row[0] for row in conn.execute(text("SELECT DISTINCT sender_id FROM events"))}
    engine.dispose()
    return found


def test_a_conversation_is_stored_under_a_rest_only_key_and_erased_on_request(servers: Servers,
                                                                             e2e_settings: Settings):
    phone = "+447700900123"  # what an SMS conversation would be keyed by
    assert custom_of(Chat(servers.rasa_url, sender=phone).say("how much calcium do I need"))["kind"] == "answer"
    assert f"rest:{phone}" in stored_senders(e2e_settings)
    assert phone not in stored_senders(e2e_settings)
    env = dict(os.environ, DATABASE_URL=e2e_settings.database_url, CONTENT_DIR=str(e2e_settings.content_dir),
               CLINIC_CONFIG=str(e2e_settings.clinic_file))
    done = subprocess.run([sys.executable, "-m", "bot", "privacy", "erase", f"rest:{phone}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"rest:{phone}" not in stored_senders(e2e_settings)
    assert "calcium" not in done.stdout + done.stderr  # nothing the patient wrote is printed


def test_a_conversation_survives_a_restart_of_the_servers(e2e_settings: Settings):
    """The embedded default keeps conversations in SQLite: a restart does not make the bot forget."""
    base = int(os.environ.get("E2E_PORT_BASE", "5200")) + 40
    ports = {"rasa_port": base + 5, "action_port": base + 6, "web_port": base + 7}
    sender = f"restart-{os.getpid()}"
    for run in ("before", "after"):
        with Servers(e2e_settings, **ports, model=str(MODEL), root=ROOT,
                     log_dir=ROOT / "artifacts" / f"e2e-logs-restart-{run}-{base}") as running:
            chat = Chat(running.rasa_url, sender=sender)
            if run == "before":
                assert custom_of(chat.say("how much calcium do I need each day"))["topic"] == "calcium-needs"
            else:
                sources = custom_of(chat.say("where did you get that information"))
                assert (sources["kind"], sources["topic"]) == ("sources", "calcium-needs")
    assert f"rest:{sender}" in stored_senders(e2e_settings)
