"""The owner's first pass (owner flow v2): Brandpunt Koffiebranders, a small coffee roaster
with a webshop and a market stall, maps the whole experience for one persona: how it goes
today when it goes wrong, what should change at three stages, the two moments that decide,
what stands out, and three ideas with owners.

Answers are keyed by question path, in the order they are asked (`testkit.scripted`); stages
by their option keys (the owner keeps the eight stages proposed for the whole experience).
"""

from __future__ import annotations

from typing import Any

__all__ = ["OWNER", "OWNER_MORE", "OWNER_NAME"]

# The owner's name as their Telegram profile gives it: the bot names owners (they made the map).
OWNER_NAME = "Joris Brandsma"

OWNER: dict[str, list[Any]] = {
    "goal.journey_type": ["experience"],
    "goal.reason": [
        "Sinds de zomer bellen klanten vaker over late pakketten en bestellen ze minder vaak"
        " opnieuw"
    ],
    "goal.market": ["b2c"],
    "goal.title": ["Brandpunt Koffiebranders: van eerste kop tot vaste klant"],
    "stages": ["_keep"],
    "personas.*.name": ["Sanne, thuiswerker"],
    "personas.*.description": [
        "Werkt drie dagen per week thuis als projectleider in Utrecht. Wil elke ochtend een"
        " goede kop koffie zonder gedoe en heeft een hekel aan verborgen kosten en wachten op"
        " pakketten."
    ],
    "scenarios.*.kind": ["current_negative"],
    "scenarios.*.events.*.title": [
        "Ziet een zetvideo van ons op Instagram",
        "Vergelijkt smaken en prijzen in de webshop",
        "Rekent af en moet eerst een account aanmaken",
        "Wacht op het pakket en belt als het niet komt",
        "Zet de eerste kop met de zetkaart uit de doos",
    ],
    "scenarios.*.events.*.stage": ["trigger", "consideration", "purchase", "delivery", "use"],
    "scenarios.*.events.*.thoughts": [
        "Zo'n kop wil ik thuis ook",
        "€ 4,95 verzendkosten voor één zak?",
        "Waarom moet dat nou, ik wil alleen bonen",
        "Ik had er speciaal vrij voor genomen",
        "Dit is echt lekkerder dan mijn oude bonen",
    ],
    "scenarios.*.events.*.emotion": ["1", "-1", "-1", "-2", "2"],
    # asked only where the moment is neutral or worse
    "scenarios.*.events.*.pain_point": [
        "Verzendkosten pas zichtbaar in de winkelwagen",
        "Verplicht account bij de eerste bestelling",
        "Levering te laat en niemand laat iets weten",
    ],
    # the last moment has no contact with us: a gap in the journey
    "scenarios.*.events.*.channels": [["social"], ["webshop"], ["webshop"], ["email", "phone"], []],
    "desired.stages": [["consideration", "purchase", "delivery"]],
    "desired.changes.*.change": [
        "Ziet de verzendkosten al op de productpagina",
        "Rekent af als gast, met iDEAL",
        "Krijgt een bericht met het tijdvak en kan het pakket volgen",
    ],
    "desired.changes.*.emotion": ["1", "1", "2"],
    "moments": [["0-2", "0-3"]],  # paying and waiting for the parcel
    "insights": [
        "De koffie zelf is het probleem niet: het gaat mis bij de verzendkosten, het account en"
        " de levering.\nKlanten bellen pas als het al misgegaan is."
    ],
    "ideas.*.idea": [
        "Verzendkosten al op de productpagina tonen",
        "Afrekenen als gast mogelijk maken",
        "Klanten een bericht sturen zodra hun pakket vertraging heeft",
    ],
    "ideas.*.stage": ["consideration", "purchase", "delivery"],
    "ideas.*.impact": ["3", "3", "3"],
    "ideas.*.effort": ["1", "2", "2"],
    "ideas.*.owner": ["Ikzelf", "Webshop", "Logistiek"],
}
OWNER_MORE: dict[str, list[bool]] = {
    "scenarios.*.events": [True, True, True, True, False],
    "ideas": [True, True],
}
