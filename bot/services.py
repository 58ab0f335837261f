"""The one place where the bot's parts are built, from Settings, at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clinic import load_clinic
from bot.content.store import SERVING_WAIT_SECONDS, ContentStore
from bot.handoff import Handoffs
from bot.language import LiveLanguages
from bot.live_triage import LiveTriage
from bot.render import Renderer
from bot.respond import Responder
from bot.settings import Settings


@dataclass(frozen=True)
class Services:
    settings: Settings
    store: ContentStore
    renderer: Renderer
    triage: LiveTriage
    handoffs: Handoffs
    responder: Responder


def build_services(settings: Settings) -> Services:
    store = ContentStore.from_url(settings.database_url, SERVING_WAIT_SECONDS)
    clinic = load_clinic(settings.clinic_file)
    renderer = Renderer(settings.templates_dir, clinic)
    triage = LiveTriage(store, settings.content_dir)
    handoffs = Handoffs(store, clinic.get("handoff_url"), settings.secret() if clinic.get("handoff_url") else "")
    return Services(settings, store, renderer, triage, handoffs, Responder(store, renderer, triage, handoffs,
                                                                              LiveLanguages(settings.content_dir)))
