"""Scripted customer and colleague interviews (language-neutral, like the owner's).

Customers' words are quoted in the report. Multi-choice answers are typed as option numbers
("6,8"), which the engine accepts as well as button taps. The map's default stages are used
(the whole journey): for a customer 4 = ordered (purchase), 5 = received (delivery).
"""

from __future__ import annotations

from testkit.interview import Action, Pick, Type

CUSTOMER_QUOTE = "Ik stond twintig minuten te wachten"
COLLEAGUE_PAIN = "Geen bericht als de taart klaar is"

CUSTOMER_INTERVIEW: tuple[Action, ...] = (
    Pick(2),  # when: in the past month
    Type("Een verjaardagstaart voor zaterdag"),  # what they wanted to get done
    Type("Besteld via de site\nNaar de winkel om de taart op te halen"),  # the story
    Pick(4),  # the first step: ordered (purchase)
    Pick(5),  # felt +2
    Type("4"),  # contact: good
    Type("1"),  # through the website
    Pick(5),  # the second step: received (delivery)
    Pick(1),  # felt -2
    Type("2"),  # contact: poor
    Type("8"),  # in the shop
    Type(CUSTOMER_QUOTE),  # what bothered them
    Pick(1),  # nearly gave up: no
    Pick(10),  # recommend: 9
    Type("De taart zelf"),  # why that score
    Type("Wanneer hij klaar zou zijn"),  # missing information
    Type("Een berichtje als hij klaar is"),  # what would have made it better
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
