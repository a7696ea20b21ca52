"""How long a first pass really is: three businesses tell a typical story (one persona, a
current scenario of three events, the desired scenario for two stages, two ideas), each in
Dutch and in English, through the real engine. The counts are the README's; the test fails
when either changes without the other.

Counted as a person feels them: a *prompt* is a question message they answer (a toggle on a
multiple choice edits the same message and is not a new prompt), *typed* is an answer they
type rather than tap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from flows.i18n import Lang
from flows.projection import ContributionAnswers, project_map
from flows.schema import builtin_flow
from testkit.scripted import ScriptedUser, interview

OWNER = builtin_flow("owner")
README = Path(__file__).parents[2] / "README.md"
PROMPT_LIMIT, TYPED_LIMIT = 45, 20  # issue 12: a first pass fits in a quarter of an hour


@dataclass(frozen=True)
class Business:
    name: str  # as in the README's table
    taps: dict[str, list[Any]]  # language-free answers: option values, "#n" (n-th button), None
    words: dict[Lang, dict[str, list[Any]]]  # the typed answers, per language
    more: dict[str, list[bool]]

    def script(self, lang: Lang) -> dict[str, list[Any]]:
        return {**self.taps, **self.words[lang]}


# Stages are picked by position ("#n"): the proposed list follows the journey type.
REPAIR_SHOP = Business(
    name="B2C bicycle repair shop",
    taps={
        "goal.journey_type": ["experience"],
        "goal.market": ["b2c"],
        "stages": ["_keep"],
        "scenarios.*.kind": ["current_negative"],
        "scenarios.*.events.*.stage": ["#4", "#7", "#5"],
        "scenarios.*.events.*.emotion": ["0", "-2", "1"],
        "scenarios.*.events.*.channels": [["store"], ["phone"], ["store"]],
        "desired.stages": [["#5", "#7"]],
        "desired.changes.*.emotion": ["1", "2"],
        "moments": [["0-1"]],
        "ideas.*.stage": ["#5", None],
        "ideas.*.impact": ["3", "2"],
        "ideas.*.effort": ["1", "1"],
    },
    words={
        "nl": {
            "goal.reason": ["Klanten bellen steeds of hun fiets al klaar is"],
            "goal.title": ["Fiets in reparatie"],
            "personas.*.name": ["Joost"],
            "personas.*.description": ["Forens, fietst elke dag naar Gent-Sint-Pieters"],
            "scenarios.*.events.*.title": [
                "Brengt de fiets binnen in de winkel",
                "Belt om te vragen of de fiets klaar is",
                "Haalt de fiets op en betaalt",
            ],
            "scenarios.*.events.*.thoughts": ["Hoe lang gaat dit duren?", None, "Eindelijk"],
            "scenarios.*.events.*.pain_point": [
                "Niemand zegt wanneer hij klaar is",
                "De telefoon wordt niet opgenomen",
            ],
            "desired.changes.*.change": [
                "Krijgt een sms zodra de fiets klaar is",
                "Kan online zien hoe ver de reparatie is",
            ],
            "insights": ["Wachten zonder nieuws kost ons klanten"],
            "ideas.*.idea": ["Sms bij klaar", "Ophaaltijd afspreken bij het binnenbrengen"],
            "ideas.*.owner": ["Ikzelf", None],
        },
        "en": {
            "goal.reason": ["Customers keep calling to ask whether their bike is ready"],
            "goal.title": ["Bike in for repair"],
            "personas.*.name": ["Joost"],
            "personas.*.description": ["Commuter, cycles to the station every day"],
            "scenarios.*.events.*.title": [
                "Brings the bike into the shop",
                "Calls to ask whether the bike is ready",
                "Collects the bike and pays",
            ],
            "scenarios.*.events.*.thoughts": ["How long will this take?", None, "At last"],
            "scenarios.*.events.*.pain_point": [
                "Nobody says when it will be ready",
                "Nobody picks up the phone",
            ],
            "desired.changes.*.change": [
                "Gets a text as soon as the bike is ready",
                "Can see online how far the repair is",
            ],
            "insights": ["Waiting without news costs us customers"],
            "ideas.*.idea": ["Text when ready", "Agree a pick-up time at drop-off"],
            "ideas.*.owner": ["Me", None],
        },
    },
    more={"scenarios.*.events": [True, True, False], "ideas": [True, False]},
)

IT_SERVICE = Business(
    name="B2B IT service",
    taps={
        "goal.journey_type": ["customer"],
        "goal.market": ["b2b"],
        "stages": ["_keep"],
        "scenarios.*.kind": ["current_positive"],
        "scenarios.*.events.*.stage": ["#1", "#3", "#2"],
        "scenarios.*.events.*.emotion": ["1", "-1", "1"],
        "scenarios.*.events.*.channels": [["email"], ["phone"], ["email"]],
        "scenarios.*.events.*.roles": [["decider"], ["user"], ["buyer", "decider"]],
        "desired.stages": [["#3", "#2"]],
        "desired.changes.*.emotion": ["1", "1"],
        "moments": [["0-1"]],
        "ideas.*.stage": ["#3", "#2"],
        "ideas.*.impact": ["3", "2"],
        "ideas.*.effort": ["2", "1"],
    },
    words={
        "nl": {
            "goal.reason": ["Klanten zeggen hun contract op na het eerste jaar"],
            "goal.title": ["Na de handtekening"],
            "personas.*.name": ["Peter, IT-coördinator"],
            "personas.*.description": ["Regelt de IT naast zijn eigen werk, wil dat alles draait"],
            "scenarios.*.events.*.title": [
                "Krijgt de welkomstmail met de planning",
                "Meldt een storing bij de helpdesk",
                "Bespreekt het kwartaalrapport",
            ],
            "scenarios.*.events.*.thoughts": [None, "Wie helpt me nu echt?", None],
            "scenarios.*.events.*.pain_point": ["Wordt drie keer doorverbonden"],
            "desired.changes.*.change": [
                "Heeft één vaste contactpersoon bij storingen",
                "Ziet in het rapport wat het hem opleverde",
            ],
            "insights": ["De helpdesk bepaalt of klanten blijven"],
            "ideas.*.idea": ["Vaste contactpersoon per klant", "Rapport in gewone taal"],
            "ideas.*.owner": ["Servicedesk", "Account management"],
        },
        "en": {
            "goal.reason": ["Customers cancel their contract after the first year"],
            "goal.title": ["After the signature"],
            "personas.*.name": ["Peter, IT coordinator"],
            "personas.*.description": ["Runs IT next to his own job, wants everything to work"],
            "scenarios.*.events.*.title": [
                "Gets the welcome email with the schedule",
                "Reports an outage to the help desk",
                "Discusses the quarterly report",
            ],
            "scenarios.*.events.*.thoughts": [None, "Who will really help me?", None],
            "scenarios.*.events.*.pain_point": ["Is put through three times"],
            "desired.changes.*.change": [
                "Has one fixed contact for outages",
                "Sees in the report what it brought him",
            ],
            "insights": ["The help desk decides whether customers stay"],
            "ideas.*.idea": ["One fixed contact per customer", "Report in plain words"],
            "ideas.*.owner": ["Service desk", "Account management"],
        },
    },
    more={"scenarios.*.events": [True, True, False], "ideas": [True, False]},
)

WEBSHOP = Business(
    name="Webshop",
    taps={
        "goal.journey_type": ["buyer"],
        "goal.market": ["b2c"],
        "stages": ["_keep"],
        "scenarios.*.kind": ["current_positive"],
        "scenarios.*.events.*.stage": ["#2", "#3", "#5"],
        "scenarios.*.events.*.emotion": ["1", "2", "-1"],
        "scenarios.*.events.*.channels": [["social"], ["webshop"], ["webshop", "email"]],
        "desired.stages": [["#5", "#3"]],
        "desired.changes.*.emotion": ["1", "2"],
        "moments": [["0-2"]],
        "ideas.*.stage": ["#5", None],
        "ideas.*.impact": ["3", "1"],
        "ideas.*.effort": ["1", "1"],
    },
    words={
        "nl": {
            "goal.reason": ["Veel mensen haken af in de winkelwagen"],
            "goal.title": ["Eerste bestelling"],
            "personas.*.name": ["Sanne"],
            "personas.*.description": ["Werkt thuis, bestelt koffie als de voorraad op is"],
            "scenarios.*.events.*.title": [
                "Ziet een filmpje op Instagram",
                "Leest de reviews in de webshop",
                "Rekent af en moet een account maken",
            ],
            "scenarios.*.events.*.thoughts": [None, "Dit klinkt goed", "Waarom een account?"],
            "scenarios.*.events.*.pain_point": ["Verplicht account"],
            "desired.changes.*.change": [
                "Rekent af als gast, met iDEAL",
                "Ziet de verzendkosten al op de productpagina",
            ],
            "insights": ["Het account kost ons bestellingen"],
            "ideas.*.idea": ["Gastbestelling toestaan", "Verzendkosten eerder tonen"],
            "ideas.*.owner": ["Ikzelf", None],
        },
        "en": {
            "goal.reason": ["Many people drop out in the shopping cart"],
            "goal.title": ["First order"],
            "personas.*.name": ["Sanne"],
            "personas.*.description": ["Works from home, orders coffee when she runs out"],
            "scenarios.*.events.*.title": [
                "Sees a video on Instagram",
                "Reads the reviews in the webshop",
                "Checks out and has to create an account",
            ],
            "scenarios.*.events.*.thoughts": [None, "Sounds good", "Why an account?"],
            "scenarios.*.events.*.pain_point": ["Account required"],
            "desired.changes.*.change": [
                "Checks out as a guest",
                "Sees the shipping costs on the product page",
            ],
            "insights": ["The account costs us orders"],
            "ideas.*.idea": ["Allow guest checkout", "Show shipping costs earlier"],
            "ideas.*.owner": ["Me", None],
        },
    },
    more={"scenarios.*.events": [True, True, False], "ideas": [True, False]},
)

BUSINESSES = (REPAIR_SHOP, IT_SERVICE, WEBSHOP)


def walk_through(business: Business, lang: Lang) -> ScriptedUser:
    user = ScriptedUser(OWNER, lang, business.script(lang), business.more)
    answers, step = interview(user)
    assert "first_pass_done" in step.signals, user.asked
    unused = {k: v for k, v in user.script.items() if len(v) != user.used.get(k, 0)}
    assert not unused, f"the script was not used up: {unused}"
    # what was told is on the map: three current events, the desired stages, two ideas
    data = project_map(
        "m1", "-", lang, [ContributionAnswers("c1", "owner", "owner", answers, language=lang)]
    )
    current, desired = data.scenarios
    assert len(current.events) == 3
    assert len(desired.events) == 2
    assert sum(e.moment_of_truth for e in current.events) == 1
    assert len(data.ideas) == 2
    return user


def readme_counts() -> dict[str, tuple[int, int]]:
    """The README's table: business → (prompts, typed), the same in both languages."""
    rows = re.findall(r"^\| (.+?) \| (\d+) \| (\d+) \|$", README.read_text(), re.M)
    return {name: (int(prompts), int(typed)) for name, prompts, typed in rows}


@pytest.mark.parametrize("business", BUSINESSES, ids=lambda b: b.name)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_typical_first_pass_fits_in_a_quarter_of_an_hour(business: Business, lang: Lang) -> None:
    user = walk_through(business, lang)
    prompts, typed = len(user.asked), user.typed
    assert prompts <= PROMPT_LIMIT, user.asked
    assert typed <= TYPED_LIMIT
    assert readme_counts()[business.name] == (prompts, typed), "update the README's table"


def test_an_events_another_rides_on_the_done_of_its_last_question() -> None:
    for business in BUSINESSES:
        user = walk_through(business, "nl")
        assert "more:scenarios.*.events.*" not in user.asked, business.name
