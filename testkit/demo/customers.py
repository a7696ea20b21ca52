"""Twelve customers (customer flow v2), each telling their last experience as a story of two
to five steps in their own words: eight webshop customers through the link for the persona,
four from the market stall through the link for everyone. Promoters, passives and detractors;
some nearly gave up, one did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from testkit.demo.people import Consent, Person

__all__ = ["CUSTOMERS", "Moment"]


@dataclass(frozen=True)
class Moment:
    """One step of a story and its card: where it fits (a stage key), how it felt (-2..2), the
    contact (0 none, 1-5 how it was) and its channels, and what bothered them (asked only
    when it felt neutral or worse; None skips)."""

    told: str
    stage: str
    feeling: int
    contact: int = 0
    channels: tuple[str, ...] = ()
    bother: str | None = None


def customer(
    id: str,
    invite: str,
    *,
    when: str,
    goal: str,
    moments: tuple[Moment, ...],
    recommend: int,
    recommend_why: str | None,
    missing: str | None = None,
    better: str | None = None,
    gave_up: tuple[str, str, str] | None = None,  # ("nearly" or "did", stage key, why)
    started: datetime,
    minutes: int = 7,
    consent: Consent = "anonymous",
    profile_name: str | None = None,
) -> Person:
    """A customer's interview as the answers the flow asks for, in its order."""
    answers: dict[str, list[Any]] = {
        "when": [when],
        "goal": [goal],
        "story": ["\n".join(m.told for m in moments)],
        "moments.*.stage": [m.stage for m in moments],
        "moments.*.feeling": [str(m.feeling) for m in moments],
        "moments.*.contact": [str(m.contact) for m in moments],
        "moments.*.channels": [list(m.channels) for m in moments if m.contact],
        "moments.*.bother": [m.bother for m in moments if m.feeling <= 0],
        "gave_up": [gave_up[0] if gave_up else "no"],
        "recommend": [str(recommend)],
        "recommend_why": [recommend_why],
        "missing": [missing],
        "better": [better],
    }
    if gave_up:
        answers["gave_up_stage"] = [gave_up[1]]
        answers["gave_up_why"] = [gave_up[2]]
    return Person(
        id=id,
        invite=invite,
        answers={k: v for k, v in answers.items() if v},
        consent=consent,
        profile_name=profile_name,
        started=started,
        minutes=minutes,
    )


def day(n: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, n, hour, minute, tzinfo=UTC)


CUSTOMERS = (
    customer(
        "c5",
        "webshop",
        when="month",
        goal="Een proefset koffiebonen uitproberen",
        moments=(
            Moment("Proefset uitgekozen in de webshop", "consideration", 1, 4, ("webshop",)),
            Moment(
                "Account aangemaakt en betaald",
                "purchase",
                -1,
                2,
                ("webshop",),
                "Ik moest een account aanmaken voor één bestelling",
            ),
            Moment(
                "Twee dagen op het pakket gewacht",
                "delivery",
                -2,
                bother="Het kwam niet op de beloofde dag en niemand liet iets weten",
            ),
            Moment(
                "De klantenservice gebeld",
                "support",
                -1,
                3,
                ("phone",),
                "Ze konden alleen zeggen dat het onderweg was",
            ),
            Moment("De eerste kop gezet", "use", 2),
        ),
        gave_up=("nearly", "delivery", "Ik had er een dag vrij voor genomen en er kwam niets"),
        recommend=6,
        recommend_why="De koffie is heerlijk, maar de levering was een drama",
        missing="Wanneer het pakket ongeveer zou komen",
        better="Een berichtje met een tijdvak",
        started=day(6, 19, 30),
        minutes=11,
    ),
    customer(
        "c6",
        "webshop",
        when="week",
        goal="Nieuwe bonen voordat mijn voorraad op was",
        moments=(
            Moment("Dezelfde bonen opnieuw besteld", "purchase", 1, 4, ("webshop",)),
            Moment("Pakket de volgende dag in de brievenbus", "delivery", 2, 4, ("delivery",)),
            Moment(
                "Via WhatsApp gevraagd welke maling bij mijn filter past",
                "support",
                2,
                5,
                ("chat",),
            ),
        ),
        recommend=9,
        recommend_why="Snel, vriendelijk en je proeft dat het vers is",
        better="Een herinnering als mijn bonen bijna op zijn",
        started=day(7, 8, 45),
        minutes=5,
        consent="named",
        profile_name="Marloes Jansen",
    ),
    customer(
        "c7",
        "webshop",
        when="week",
        goal="Lekkere koffie voor thuis bestellen",
        moments=(
            Moment("Via Instagram op de webshop gekomen", "trigger", 1, 4, ("social",)),
            Moment("Smaken vergeleken", "consideration", 0, 3, ("webshop",)),
            Moment(
                "In de winkelwagen de verzendkosten gezien",
                "purchase",
                -2,
                2,
                ("webshop",),
                "€ 4,95 verzendkosten voor één zak",
            ),
            Moment(
                "Afgehaakt toen ik een account moest maken",
                "purchase",
                -2,
                1,
                ("webshop",),
                "Weer een account met een wachtwoord erbij",
            ),
        ),
        gave_up=(
            "did",
            "purchase",
            "Eerst de verzendkosten en dan ook nog een account: toen had ik er geen zin meer in",
        ),
        recommend=3,
        recommend_why="Ik heb uiteindelijk niets gekocht",
        missing="De verzendkosten, al op de productpagina",
        better="Afrekenen zonder account",
        started=day(8, 21, 10),
        minutes=8,
    ),
    customer(
        "c8",
        "markt",
        when="months",
        goal="Een cadeau voor mijn dochter, die net een espressomachine had",
        moments=(
            Moment("Espresso geproefd bij de marktkraam", "orientation", 2, 5, ("events",)),
            Moment("Gebeld welke bonen bij haar machine passen", "consideration", 2, 5, ("phone",)),
            Moment("Telefonisch besteld en betaald", "purchase", 1, 4, ("phone", "email")),
            Moment("Het pakket kwam mooi ingepakt aan", "delivery", 1, 4, ("delivery",)),
        ),
        recommend=10,
        recommend_why="Aardige mensen die weten waar ze het over hebben",
        better="Dat ik later kan terugvinden wat ik besteld heb",
        started=day(9, 14, 0),
        minutes=13,
        consent="named",
        profile_name="Henk Bosman",
    ),
    customer(
        "c9",
        "markt",
        when="month",
        goal="Mijn vaste zak bonen halen",
        moments=(
            Moment("Naar de markt gefietst", "trigger", 0),
            Moment("Bonen gekocht bij de kraam", "purchase", 2, 5, ("events",)),
            Moment("Thuis de zetkaart gevolgd", "use", 1),
        ),
        recommend=8,
        recommend_why="Goede koffie, maar de kraam staat er alleen op zaterdag",
        missing="Dat je ook online kunt bestellen",
        started=day(9, 16, 20),
        minutes=4,
    ),
    customer(
        "c10",
        "webshop",
        when="month",
        goal="Bonen vinden die bij mijn nieuwe bonenmaler passen",
        moments=(
            Moment(
                "Gezocht naar versgebrande bonen",
                "orientation",
                0,
                bother="Zoveel branders, allemaal hetzelfde verhaal",
            ),
            Moment("Reviews gelezen", "orientation", 1, 3, ("reviews",)),
            Moment(
                "Productpagina's vergeleken",
                "consideration",
                -1,
                3,
                ("webshop",),
                "Geen idee welke maling ik moest kiezen",
            ),
            Moment("Besteld en betaald met iDEAL", "purchase", 1, 4, ("webshop",)),
        ),
        gave_up=(
            "nearly",
            "consideration",
            "Ik kon nergens vinden welke maling bij mijn apparaat past",
        ),
        recommend=7,
        recommend_why="Lekker, maar de site helpt je niet kiezen",
        missing="Welke maling bij welk apparaat past",
        better="Een korte keuzehulp",
        started=day(10, 20, 5),
        minutes=9,
    ),
    customer(
        "c11",
        "webshop",
        when="week",
        goal="Een abonnement op koffiebonen",
        moments=(
            Moment(
                "De mail over het abonnement gelezen",
                "loyalty",
                0,
                3,
                ("email",),
                "Niet duidelijk of ik maandelijks kon opzeggen",
            ),
            Moment("Abonnement afgesloten", "purchase", 1, 4, ("webshop",)),
            Moment(
                "De eerste levering kwam een dag te laat",
                "delivery",
                -2,
                bother="Geen bericht, het pakket kwam gewoon een dag later",
            ),
            Moment(
                "Gemaild over de levering",
                "support",
                -1,
                2,
                ("email",),
                "Pas na drie dagen antwoord",
            ),
        ),
        gave_up=("nearly", "loyalty", "Ik was bang dat ik vastzat aan een abonnement"),
        recommend=5,
        recommend_why="Het abonnement zelf is prima, de communicatie niet",
        missing="De opzegvoorwaarden, gewoon in de mail",
        better="Sneller antwoord op mijn mail",
        started=day(11, 12, 30),
        minutes=10,
    ),
    customer(
        "c12",
        "webshop",
        when="week",
        goal="Koffie die net zo lekker is als op mijn werk",
        moments=(
            Moment("Een collega raadde Brandpunt aan", "trigger", 1),
            Moment(
                "Proefset besteld",
                "purchase",
                0,
                3,
                ("webshop",),
                "Dat account, maar het lukte wel",
            ),
            Moment(
                "Pakket met een handgeschreven kaartje ontvangen", "delivery", 2, 4, ("delivery",)
            ),
            Moment("De tweede keer meteen twee zakken besteld", "loyalty", 2, 4, ("webshop",)),
        ),
        recommend=9,
        recommend_why="Dat kaartje in de doos, en de koffie natuurlijk",
        better="Gratis verzending vanaf twee zakken",
        started=day(12, 7, 50),
        minutes=7,
    ),
    customer(
        "c13",
        "markt",
        when="months",
        goal="Koffie als kerstcadeau voor mijn collega's",
        moments=(
            Moment("Rondgevraagd bij vrienden", "orientation", 1),
            Moment("Bij de marktkraam advies gevraagd", "consideration", 2, 5, ("events",)),
            Moment("Twaalf cadeaupakketten besteld", "purchase", 1, 4, ("email", "Betaalverzoek")),
            Moment("Alles op tijd en netjes geleverd", "delivery", 2, 5, ("delivery",)),
        ),
        recommend=10,
        recommend_why="Persoonlijk advies en alles klopte",
        missing="Een factuur op naam van de zaak",
        started=day(13, 17, 15),
        minutes=8,
    ),
    customer(
        "c14",
        "webshop",
        when="month",
        goal="Snel nieuwe bonen, mijn voorraad was op",
        moments=(
            Moment("Bonen besteld in de webshop", "purchase", 1, 4, ("webshop",)),
            Moment(
                "De track-and-trace gevolgd",
                "delivery",
                -1,
                2,
                ("email",),
                "De code werkte pas een dag later",
            ),
            Moment("Pakket bij de buren opgehaald", "delivery", 0),
        ),
        recommend=8,
        recommend_why="Goede koffie, de bezorging kan beter",
        missing="Waar mijn pakket was",
        better="Zelf een bezorgmoment kiezen",
        started=day(15, 10, 0),
        minutes=6,
    ),
    customer(
        "c15",
        "markt",
        when="months",
        goal="De bonen van de markt nog een keer bestellen",
        moments=(
            Moment(
                "Op de website gezocht naar de bonen van de markt",
                "loyalty",
                -1,
                2,
                ("website",),
                "De naam van de melange stond nergens",
            ),
            Moment(
                "Gebeld omdat ik ze niet kon vinden",
                "support",
                0,
                4,
                ("phone",),
                "Ze konden mijn vorige aankoop niet terugvinden",
            ),
            Moment("Telefonisch besteld", "purchase", 1, 4, ("phone",)),
        ),
        gave_up=("nearly", "loyalty", "Ik kon de bonen die ik lekker vond niet terugvinden"),
        recommend=6,
        recommend_why="Vriendelijk aan de telefoon, maar nabestellen is omslachtig",
        missing="Wat ik de vorige keer gekocht had",
        better="Een kaartje met de naam van de bonen bij de kraam",
        started=day(16, 19, 0),
        minutes=9,
    ),
    customer(
        "c16",
        "webshop",
        when="week",
        goal="Espressobonen voor het weekend",
        moments=(
            Moment("Op donderdag besteld", "purchase", 1, 4, ("webshop",)),
            Moment("Op zaterdag bezorgd", "delivery", 1, 4, ("delivery",)),
            Moment("Met de zetvideo een espresso gezet", "use", 2, 4, ("website",)),
        ),
        recommend=9,
        recommend_why="Precies wat ik wilde, en op tijd",
        started=day(18, 9, 20),
        minutes=5,
    ),
)
