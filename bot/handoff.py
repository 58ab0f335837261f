"""Handing a conversation to a person: notify the operator's system, keep the bot quiet until release.

Only active when the clinic configures ``handoff_url``. The notification carries the sender id
(the operator needs it to reply on the same channel) but never the patient's messages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request

from bot.content.store import ContentStore

log = logging.getLogger(__name__)
NOTIFY_TIMEOUT_SECONDS = 5


def sender_key(sender_id: str, secret: str) -> str:
    """A keyed hash of the sender id, so the store never holds phone numbers or chat ids."""
    return hmac.new(secret.encode(), sender_id.encode(), hashlib.sha256).hexdigest()


class Handoffs:
    def __init__(self, store: ContentStore, url: str | None, secret: str):
        self._store = store
        self._url = url
        self._secret = secret

    @property
    def enabled(self) -> bool:
        return bool(self._url)

    def request(self, sender_id: str, channel: str | None) -> bool:
        """Mark the conversation for a person and notify the operator; False when the notification failed."""
        if not self._url:
            return False
        payload = {
            "event": "handoff_requested",
            "sender_id": sender_id,
            "channel": channel or "rest",
            "requested_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        request = urllib.request.Request(self._url, data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=NOTIFY_TIMEOUT_SECONDS) as response:
                ok = 200 <= response.status < 300
        except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
            log.error("handoff notification failed (%s); the patient was given the clinic's number",
                      type(err).__name__)
            return False
        if ok:
            self._store.request_handoff(sender_key(sender_id, self._secret))
        return ok

    def active(self, sender_id: str | None) -> bool:
        return bool(self._url and sender_id) and self._store.handoff_active(sender_key(sender_id or "", self._secret))

    def release(self, sender_id: str) -> bool:
        return self._store.release_handoff(sender_key(sender_id, self._secret))
