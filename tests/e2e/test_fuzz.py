"""A short run of the project's fuzzer (`bot fuzz`; `make fuzz` runs 10,000 requests)."""

from __future__ import annotations

import io

import pytest

from bot.fuzz import run_fuzz
from bot.serve import Servers

pytestmark = pytest.mark.e2e


def test_hostile_requests_get_no_5xx_and_every_answer_has_one_turn_description(servers: Servers):
    out = io.StringIO()
    code = run_fuzz(servers.rasa_url, f"http://localhost:{servers.web_port}", requests=150, socket_events=8,
                    seed=7, out=out)
    assert code == 0, out.getvalue()
    assert "150 requests" in out.getvalue()
