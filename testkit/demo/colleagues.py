"""Three colleagues (colleague flow v2): customer service, roasting and shipping, marketing
and the webshop. Each tells the stages they see: what customers do and ask there, where they
meet us, how customers feel, what we do behind the scenes, what goes wrong and who owns it."""

from __future__ import annotations

from datetime import UTC, datetime

from testkit.demo.people import Person

__all__ = ["COLLEAGUES"]

SERVICE = Person(
    id="c2",
    invite="team",
    consent="named",
    profile_name="Inge Smit",
    started=datetime(2026, 11, 4, 10, 15, tzinfo=UTC),
    minutes=14,
    answers={
        "department": ["Klantenservice"],
        "involved": [["purchase", "delivery", "support"]],
        "stage_views.*.actions": [
            "Bellen of mailen als ze vastlopen bij het aanmaken van een account",
            "Volgen hun pakket en bellen als het niet op tijd komt",
            "Vragen advies over maling en zetten, meestal via WhatsApp",
        ],
        "stage_views.*.channels": [
            ["phone", "email"],
            ["phone", "email", "chat"],
            ["chat", "phone"],
        ],
        "stage_views.*.questions": [
            "Moet ik echt een account aanmaken?",
            "Waar blijft mijn pakket?",
            "Welke maling past bij mijn apparaat?",
        ],
        "stage_views.*.emotion": ["-1", "-1", "1"],
        "stage_views.*.backstage": [
            "We zetten een account met de hand om als iemand vastloopt",
            "We zoeken elke zending op in het portaal van de vervoerder",
            None,
        ],
        "stage_views.*.pain_point": [
            "Klanten snappen niet waarom een account verplicht is",
            "We horen pas van een vertraging als de klant belt",
            "Na een telefonische bestelling vinden we de oude bestelling niet terug",
        ],
        "stage_views.*.pain_owner": ["Webshop", "Logistiek", "Niemand"],
        "ideas.*.idea": ["Klanten zelf een bezorgmoment laten kiezen"],
        "ideas.*.stage": ["delivery"],
        "ideas.*.impact": ["2"],
        "ideas.*.effort": ["2"],
    },
    more={"ideas": [True, False]},
)

SHIPPING = Person(
    id="c3",
    invite="team",
    started=datetime(2026, 11, 4, 16, 40, tzinfo=UTC),
    minutes=9,
    answers={
        "department": ["Branderij en verzending"],
        "involved": [["delivery", "use"]],
        "stage_views.*.actions": [
            "Wachten op hun pakket",
            "Zetten koffie met de zetkaart die in de doos zit",
        ],
        "stage_views.*.channels": [["delivery", "email"], None],
        "stage_views.*.questions": ["Kan het pakket bij de buren?", None],
        # the roastery thinks delivery goes well; customers and customer service disagree
        "stage_views.*.emotion": ["1", "2"],
        "stage_views.*.backstage": [
            "We branden op maandag en donderdag en verzenden dezelfde dag",
            "We schrijven bij elke eerste bestelling een kaartje",
        ],
        "stage_views.*.pain_point": ["De vervoerder haalt soms pas 's avonds op", None],
        "stage_views.*.pain_owner": ["Logistiek"],
        "ideas.*.idea": [
            "Een seintje als de bonen bijna op zijn, op basis van eerdere bestellingen"
        ],
        "ideas.*.stage": ["loyalty"],
        "ideas.*.impact": ["2"],
        "ideas.*.effort": ["3"],
    },
    more={"ideas": [True, False]},
)

MARKETING = Person(
    id="c4",
    invite="team",
    started=datetime(2026, 11, 5, 13, 5, tzinfo=UTC),
    minutes=12,
    answers={
        "department": ["Marketing en webshop"],
        "involved": [["trigger", "orientation", "consideration", "loyalty"]],
        "stage_views.*.actions": [
            "Zien onze zetvideo's op Instagram",
            "Zoeken op versgebrande koffiebonen en lezen reviews",
            "Vergelijken de smaakprofielen op de productpagina's",
            "Krijgen onze mail over het abonnement",
        ],
        "stage_views.*.channels": [["social"], ["search", "reviews"], ["webshop"], ["email"]],
        "stage_views.*.questions": [
            None,
            None,
            "Welke bonen zijn geschikt voor een volautomaat?",
            "Kan ik mijn abonnement pauzeren?",
        ],
        "stage_views.*.emotion": ["1", "1", "1", "1"],
        "stage_views.*.backstage": [
            "We plannen de posts een maand vooruit",
            None,
            "We schrijven bij elke melange een smaakprofiel",
            "We sturen de abonnementsmail per smaakvoorkeur",
        ],
        "stage_views.*.pain_point": [None, None, "Veel bezoekers haken af in de winkelwagen", None],
        "stage_views.*.pain_owner": ["Webshop"],
        "ideas.*.idea": ["Een smaaktest van drie vragen op de homepage"],
        "ideas.*.stage": ["orientation"],
        "ideas.*.impact": ["2"],
        "ideas.*.effort": ["2"],
    },
    more={"ideas": [True, False]},
)

COLLEAGUES = (SERVICE, SHIPPING, MARKETING)
