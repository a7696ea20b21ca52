"""Who takes part besides the owner, and how they got in: the invite links the owner made
(the invite dialog's answers) and each person's consent, name and time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

__all__ = ["INVITES", "Consent", "Person"]

Consent = Literal["anonymous", "named"]

# The owner's invite links, each answered in the invite dialog (flows/definitions/invite.yaml):
# webshop customers get a link for the persona with their order confirmation, the market
# stall has a link for everyone on a card at the counter, the team a link of its own.
INVITES: Mapping[str, Mapping[str, list[Any]]] = {
    "webshop": {
        "role": ["customer"],
        "persona": ["p0"],
        "address": ["je"],
        "stage_wording": ["_keep"],
        "expires": ["30"],
        "max_uses": ["unlimited"],
    },
    "markt": {
        "role": ["customer"],
        "persona": [None],
        "address": ["je"],
        "stage_wording": ["_keep"],
        "expires": ["90"],
        "max_uses": ["100"],
    },
    "team": {
        "role": ["colleague"],
        "persona": [None],
        "expires": ["7"],
        "max_uses": ["10"],
    },
}


@dataclass(frozen=True)
class Person:
    """One customer's or colleague's interview: the link they opened, their consent (and the
    name their Telegram profile shows, kept only when they agree to be named), when they
    answered, and their answers by question path (`testkit.scripted`)."""

    id: str  # the contribution's id, as the bot numbers them
    invite: str  # a key of INVITES
    answers: Mapping[str, list[Any]]
    consent: Consent = "anonymous"
    profile_name: str | None = None
    started: datetime = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    minutes: int = 8
    more: Mapping[str, list[bool]] = field(default_factory=dict)

    @property
    def finished(self) -> datetime:
        return self.started + timedelta(minutes=self.minutes)

    @property
    def display_name(self) -> str | None:
        """The name the report may show: only with consent to be named."""
        return self.profile_name if self.consent == "named" else None
