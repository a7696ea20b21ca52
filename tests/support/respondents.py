"""Scripted customer and colleague interviews (language-neutral, like the owner's).

Customers' thoughts are quoted in the report. Multi-choice answers are typed as option
numbers ("6,7"), which the engine accepts as well as button taps. The map's default stages are
used: 6 = purchase, 7 = delivery.
"""

from __future__ import annotations

from testkit.interview import Action, Pick, Type

CUSTOMER_QUOTE = "Ik stond twintig minuten te wachten"
COLLEAGUE_PAIN = "Geen bericht als de taart klaar is"

CUSTOMER_INTERVIEW: tuple[Action, ...] = (
    Type("6,7"),  # visited: purchase, delivery
    Type("Besteld via de site"),
    Type("Dat ging makkelijk"),
    Pick(5),  # +2
    Type("1"),  # website
    Type("Naar de winkel om de taart op te halen"),
    Type(CUSTOMER_QUOTE),
    Pick(1),  # -2
    Type("8"),  # shop
    Type("De taart zelf"),
    Type("Het wachten bij de winkel"),
    Type("Een berichtje als hij klaar is"),
    Pick(10),  # recommend: 9
)
CUSTOMER_HALF = CUSTOMER_INTERVIEW[:4]

COLLEAGUE_ASKED = "Is mijn taart al klaar?"
COLLEAGUE_BACKSTAGE = "We zetten de taarten 's ochtends klaar in de koeling"
COLLEAGUE_OWNER = "Joris"

COLLEAGUE_INTERVIEW: tuple[Action, ...] = (
    Type("Winkel"),
    Type("7"),  # involved: delivery
    Type("Ze bellen of de taart klaar is"),
    Type("6,8"),  # phone, shop
    Type(COLLEAGUE_ASKED),  # what customers ask most
    Pick(4),  # +1: colleagues think it goes fine
    Type(COLLEAGUE_BACKSTAGE),  # what we do behind the scenes
    Type(COLLEAGUE_PAIN),
    Type(COLLEAGUE_OWNER),  # who owns what goes wrong
    Pick(2),  # no idea
)
