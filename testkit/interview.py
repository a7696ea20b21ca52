"""One realistic owner interview, scripted once and played through every transport.

Steps are language-neutral: `Pick` chooses the n-th button of the last message (1-based,
negative from the end), so the same script runs in Dutch and English, on the engine, in the
terminal and over Telegram. `ANSWER_TEXTS` lists what must reappear in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ANSWER_TEXTS",
    "EVENT_1",
    "EVENT_2",
    "IDEA",
    "OWNER_INTERVIEW",
    "PERSONA",
    "TITLE",
    "Action",
    "Command",
    "Pick",
    "Type",
]


@dataclass(frozen=True)
class Type:
    """Type ``text`` as a message."""

    text: str


@dataclass(frozen=True)
class Pick:
    """Press the ``index``-th button of the last message that has buttons."""

    index: int  # 1-based; negative counts from the end (-1 = the last button, e.g. Done)

    def position(self, count: int) -> int:
        """The 0-based position of the picked button among ``count``."""
        return self.index - 1 if self.index > 0 else count + self.index


@dataclass(frozen=True)
class Command:
    """Send the command ``/name args``."""

    name: str
    args: str = ""


Action = Type | Pick | Command

TITLE = "Bakkerij De Korenschoof online"
PERSONA = "Marieke, drukke moeder van twee"
EVENT_1 = "Bestelt een verjaardagstaart via de website"
EVENT_2 = "Haalt de taart op in de winkel"
IDEA = "Stuur een sms als de taart klaarstaat"

OWNER_INTERVIEW: tuple[Action, ...] = (
    Pick(3),  # journey type: the whole experience
    Type("Klanten bellen vaak om te vragen of hun bestelling klaar is"),
    Type("Taarten op bestelling"),
    Pick(1),  # consumers
    Type(TITLE),
    Pick(1),  # keep the eight stages of the whole experience
    Type(PERSONA),
    Type("Werkt vier dagen, regelt de feestjes thuis"),
    Type("Zonder gedoe een mooie taart op tijd"),
    Command("skip"),  # frustrations are optional
    Pick(1),  # website
    Pick(7),  # chat / WhatsApp
    Pick(-2),  # done (the last button skips)
    Pick(2),  # scenario: current, goes wrong
    Type("Marieke bestelt een taart voor de verjaardag van haar zoon"),
    Pick(1),  # the persona
    Type(EVENT_1),
    Pick(4),  # stage: buying
    Type("Kiest een taart en betaalt online"),
    Type("Hopelijk komt dit goed"),
    Pick(4),  # emotion +1
    Pick(1),  # yes, a touchpoint
    Pick(1),  # channel: website
    Pick(4),  # score 4
    Pick(1),  # moment of truth: yes
    Type("Webshopteam"),
    Pick(2),  # no other touchpoint
    Pick(1),  # yes, another event
    Type(EVENT_2),
    Pick(5),  # stage: receiving
    Type("Rijdt naar de winkel en wacht in de rij"),
    Type("Waarom duurt dit zo lang?"),
    Pick(1),  # emotion -2
    Type("Niemand laat weten of de taart klaar is"),
    Pick(1),  # yes, a touchpoint
    Pick(8),  # channel: shop
    Pick(2),  # score 2
    Pick(1),  # moment of truth: yes
    Command("skip"),
    Pick(2),  # no other touchpoint
    Pick(2),  # no more events
    Type("Tussen bestellen en ophalen hoort de klant niets"),
    Command("skip"),
    Type("Klanten willen weten wanneer ze kunnen komen"),
    Type(IDEA),
    Pick(5),  # stage: receiving
    Pick(3),  # impact high
    Pick(1),  # effort low
    Type("Joris"),
    Type("Sms-dienst uitzoeken"),
    Pick(2),  # no other idea
)

ANSWER_TEXTS = (
    TITLE,
    PERSONA,
    EVENT_1,
    EVENT_2,
    IDEA,
    "Kiest een taart en betaalt online",
    "Waarom duurt dit zo lang?",
    "Niemand laat weten of de taart klaar is",
    "Joris",
)
