"""One realistic owner interview, scripted once and played through every transport.

Steps are language-neutral: `Pick` chooses the n-th button of the last message (1-based,
negative from the end), so the same script runs in Dutch and English, on the engine, in the
terminal and over Telegram. `ANSWER_TEXTS` lists what must reappear in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ANSWER_TEXTS",
    "DESIRED",
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

DESIRED = "Krijgt een sms zodra de taart klaarstaat"

OWNER_INTERVIEW: tuple[Action, ...] = (
    Pick(3),  # journey type: the whole experience
    Type("Klanten bellen vaak om te vragen of hun bestelling klaar is"),
    Pick(1),  # consumers
    Type(TITLE),
    Pick(1),  # keep the eight stages of the whole experience
    Type(PERSONA),
    Type("Werkt vier dagen, regelt de feestjes thuis, wil zonder gedoe een mooie taart"),
    Pick(2),  # scenario: as it is now, when it goes wrong
    # the scenario's persona is not asked: the map has one
    Type(EVENT_1),
    Pick(4),  # stage: buying
    Type("Hopelijk komt dit goed"),
    Pick(4),  # emotion +1
    Pick(1),  # channel: website
    Pick(-2),  # done, next event
    Type(EVENT_2),
    Pick(5),  # stage: receiving
    Type("Waarom duurt dit zo lang?"),
    Pick(1),  # emotion -2
    Type("Niemand laat weten of de taart klaar is"),
    Pick(8),  # channel: shop
    Pick(-1),  # done, that was the last event
    Pick(5),  # desired: receiving should change
    Pick(-2),  # done (the last button skips)
    Type(DESIRED),
    Pick(5),  # it should feel +2
    Pick(2),  # moment of truth: the second event
    Pick(-2),  # done
    Type("Klanten willen weten wanneer ze kunnen komen"),
    Type(IDEA),
    Pick(5),  # stage: receiving
    Pick(3),  # impact high
    Pick(1),  # effort low
    Type("Joris"),
    Pick(-1),  # the next idea's question: no more ideas
)

ANSWER_TEXTS = (
    TITLE,
    PERSONA,
    EVENT_1,
    EVENT_2,
    IDEA,
    DESIRED,
    "Waarom duurt dit zo lang?",
    "Niemand laat weten of de taart klaar is",
    "Joris",
)
