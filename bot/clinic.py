"""The clinic's own configuration: the numbers, names and hours patients are given.

No phone number lives in code or templates; they all come from here.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml

from bot import strict_yaml

log = logging.getLogger(__name__)

REQUIRED = (
    "clinic_name",
    "country",
    "emergency_number",
    "urgent_advice.name",
    "urgent_advice.phone",
    "maternity_unit.name",
    "maternity_unit.phone",
    "maternity_unit.hours",
    "out_of_hours.name",
    "out_of_hours.phone",
    "mental_health.name",
    "mental_health.phone",
    "mental_health.hours",
    "contact.name",
    "contact.phone",
    "contact.hours",
)


# What patients get for a topic whose live version no clinical reviewer has approved yet:
# "withhold" (a clinic): the bot says it cannot answer that topic yet and gives the clinic's contact;
# "show" (the embedded demo): the answer, with a notice that it has not been clinically reviewed.
# Escalations are always sent: withholding the advice to get help would be the greater harm.
UNREVIEWED_CHOICES = ("withhold", "show")


class ClinicConfigError(ValueError):
    """The clinic file is missing or incomplete; the message names the file and the field."""


def load_clinic(path: Path) -> dict[str, Any]:
    """The clinic configuration as a dict for templates; ClinicConfigError when a field is missing."""
    try:
        data = strict_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ClinicConfigError(f"{path}: cannot be read ({err})") from None
    if not isinstance(data, dict):
        raise ClinicConfigError(f"{path}: must be a set of 'field: value' lines")
    for dotted in REQUIRED:
        value: Any = data
        for part in dotted.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value in (None, ""):
            raise ClinicConfigError(f"{path}: {dotted} is required")
    for key in ("emergency_number",):
        data[key] = str(data[key])
    unreviewed = data.setdefault("unreviewed_content", "withhold")
    if unreviewed not in UNREVIEWED_CHOICES:
        raise ClinicConfigError(f"{path}: unreviewed_content must be one of {', '.join(UNREVIEWED_CHOICES)}")
    if unreviewed == "show":
        log.warning("%s: content not yet clinically reviewed is shown to patients, with a notice saying so "
                    "(unreviewed_content: show; a clinic sets withhold)", path)
    if data.get("placeholder_numbers"):
        log.warning(
            "%s still has placeholder phone numbers: set the clinic's real numbers and placeholder_numbers: false",
            path,
        )
    return data


def tel_link(number: str) -> str:
    """A tel: URI for a number as people write it ("01632 960001" -> "tel:01632960001")."""
    return "tel:" + "".join(ch for ch in str(number) if ch.isdigit() or ch == "+")
