"""Rendering: curated content and Jinja2 templates into the messages a channel sends.

Templates live in ``content/templates/<family>/`` and fall back to ``default/``.
Content bodies are templates too (for the clinic's numbers), rendered in a sandbox
because editors, not developers, write them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from bot.clinic import tel_link
from bot.content.items import Reference

# Rasa input channel name -> template family.
CHANNEL_FAMILIES = {
    "twilio": "sms",
    "twilio_whatsapp": "sms",
    "telegram": "telegram",
    "facebook": "plain",
}
FAMILIES = ("default", "sms", "telegram", "plain")
# Channels whose connector can carry the turn description as a custom JSON message; Rasa's
# Twilio, Telegram and Messenger connectors would try to send it to the patient as a message.
TURN_DESCRIPTION_CHANNELS = {"rest", "socketio", "callback", "cmdline", ""}
BUTTONLESS_FAMILIES = {"sms", "plain"}  # options become numbered lines; a typed number picks one
SMS_MAX_CHARS = 480  # three SMS segments: long answers are split between paragraphs or sentences


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[Button, ...] = field(default=())


class RenderError(Exception):
    """A template or content body could not be rendered; the message names it."""


def family_of(channel: str | None) -> str:
    return CHANNEL_FAMILIES.get((channel or "").lower(), "default")


def carries_turn_description(channel: str | None) -> bool:
    return (channel or "").lower() in TURN_DESCRIPTION_CHANNELS


def short_reference(ref: Reference) -> str:
    """'Liddle SD, Pennick V (2015) Interventions…' -> 'Liddle 2015'."""
    head = re.split(r"[(,.:;]", ref.citation, maxsplit=1)[0].strip()
    head = re.sub(r"(?:\s+[A-Z]{1,3})+$", "", head) or ref.id
    year = re.search(r"\b(19|20)\d{2}\b", ref.citation)
    return f"{head} {year.group(0)}" if year and year.group(0) not in head else head


def plain(markdown: str) -> str:
    """Markdown to plain text for channels that show markup literally (SMS, Messenger)."""
    text = re.sub(r"\[([^\]]+)\]\((\S+?)\)", r"\1 (\2)", markdown)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])", r"\1", text)
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"^\s*[-*+]\s+", "- ", text, flags=re.MULTILINE)
    text = re.sub(r"`", "", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_TELEGRAM_SPECIAL = re.compile(r"([_*\[\]()~`>#+\-=|{}.!\\])")


def telegram_escape(text: str) -> str:
    """Escape text for Telegram MarkdownV2 so that nothing a patient or editor wrote becomes markup."""
    return _TELEGRAM_SPECIAL.sub(r"\\\1", text)


def month_year(day: dt.date) -> str:
    return day.strftime("%B %Y")


class Renderer:
    """Renders templates for a channel family, with the clinic configuration in every context."""

    def __init__(self, templates_dir: Path, clinic: dict[str, Any]):
        self._dir = templates_dir
        self._clinic = clinic
        self._envs: dict[str, SandboxedEnvironment] = {}
        self._labels: dict[str, dict[str, str]] = {}
        self._body_env = self._make_env([])

    @property
    def clinic(self) -> dict[str, Any]:
        return self._clinic

    def _make_env(self, search: list[Path]) -> SandboxedEnvironment:
        env = SandboxedEnvironment(
            loader=FileSystemLoader([str(p) for p in search]),
            undefined=StrictUndefined,
            autoescape=False,  # output is text or markdown for the channel, never HTML
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        env.filters.update(plain=plain, short_ref=short_reference, tel=tel_link, month_year=month_year,
                           telegram_escape=telegram_escape)
        env.globals.update(clinic=self._clinic)
        return env

    def env(self, family: str) -> SandboxedEnvironment:
        if family not in self._envs:
            search = [self._dir / family, self._dir / "default"] if family != "default" else [self._dir / "default"]
            self._envs[family] = self._make_env([p for p in search if p.is_dir()])
        return self._envs[family]

    def labels(self, family: str) -> dict[str, str]:
        """Button and link labels (``labels.yml``), the family's own over the default ones."""
        if family not in self._labels:
            merged: dict[str, str] = {}
            for name in ("default", family):
                path = self._dir / name / "labels.yml"
                if path.is_file():
                    merged.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
            self._labels[family] = merged
        return self._labels[family]

    def text(self, template: str, channel: str | None, **context: Any) -> str:
        """One template rendered for the channel's family."""
        family = family_of(channel)
        try:
            out = self.env(family).get_template(f"{template}.j2").render(family=family, **context)
        except TemplateError as err:
            raise RenderError(f"template {family}/{template}.j2: {err}") from err
        if family != "default":
            out = plain(out)  # channels without markup never see markdown, whatever the template says
        return re.sub(r"\n{3,}", "\n\n", out).strip()

    def body(self, source: str) -> str:
        """An item's body with the clinic's placeholders filled in."""
        try:
            return self._body_env.from_string(source).render().strip()
        except TemplateError as err:
            raise RenderError(f"content placeholder: {err}") from err

    def button(self, label: str, payload: str, channel: str | None) -> Button:
        return Button(self.labels(family_of(channel)).get(label, label), payload)


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, cut between paragraphs, else sentences, else words."""
    pieces: list[str] = []
    current = ""
    for separator, unit in _units(text, limit):
        candidate = f"{current}{separator}{unit}" if current else unit
        if len(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = unit
    if current:
        pieces.append(current)
    return pieces


def _units(text: str, limit: int) -> list[tuple[str, str]]:
    """(separator before it, unit): whole paragraphs where they fit, else sentences, else word runs."""
    units: list[tuple[str, str]] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        separator = "\n\n"
        parts = [paragraph] if len(paragraph) <= limit else re.split(r"(?<=[.!?])\s+", paragraph)
        for sentence in parts:
            while len(sentence) > limit:
                cut = sentence.rfind(" ", 0, limit)
                cut = cut if cut > 0 else limit
                units.append((separator, sentence[:cut].strip()))
                separator, sentence = " ", sentence[cut:].strip()
            if sentence.strip():
                units.append((separator, sentence.strip()))
            separator = " "
    return units


def adapt_for_channel(
    messages: list[Message], channel: str | None, reply_with_number: str
) -> tuple[list[Message], tuple[str, ...]]:
    """Messages as the channel can show them, and the payloads offered as numbered options.

    Channels without buttons get the options as numbered lines (the patient types the
    number); SMS text is split to fit; Telegram keeps buttons but not phone links.
    """
    family = family_of(channel)
    offered: list[str] = []
    out: list[Message] = []
    for message in messages:
        buttons = tuple(b for b in message.buttons if not (family != "default" and b.payload.startswith("tel:")))
        if family not in BUTTONLESS_FAMILIES:
            out.append(Message(message.text, buttons))
            continue
        text = message.text
        if buttons:
            lines = [f"{len(offered) + i + 1}. {b.title}" for i, b in enumerate(buttons)]
            text = f"{text}\n\n{reply_with_number}\n" + "\n".join(lines)
            offered.extend(b.payload for b in buttons)
        pieces = split_text(text, SMS_MAX_CHARS) if family == "sms" else [text]
        out.extend(Message(piece) for piece in pieces)
    return out, tuple(offered)
