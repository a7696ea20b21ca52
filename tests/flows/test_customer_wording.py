"""How the customer interview speaks to a map's customers: their words for the stages, "je"
or "u" (issue 13, items 1 and 4), and the invite dialog where the owner settles both."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from flows.i18n import I18n
from flows.projection import default_stages, stage_context
from flows.schema import builtin_flow
from tests.flows.helpers import drive

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie)\b", re.IGNORECASE)
CONTEXT = stage_context(default_stages("nl", "experience"))


def texts(value: object) -> Iterator[I18n]:
    """Every text of a flow (model), found by walking its fields."""
    if isinstance(value, I18n):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name))


@pytest.mark.parametrize("flow_id", ["customer", "consent"])
def test_every_dutch_text_that_says_je_has_a_u_form(flow_id: str) -> None:
    found = list(texts(builtin_flow(flow_id)))
    informal = [t for t in found if INFORMAL.search(t.nl)]
    assert informal  # the flows do address the person
    missing = [t.nl for t in informal if t.nl_u is None or INFORMAL.search(t.nl_u)]
    assert not missing, missing


@pytest.mark.parametrize("flow_id", ["customer", "consent"])
def test_the_formal_flow_never_says_je(flow_id: str) -> None:
    formal = builtin_flow(flow_id, formal=True)
    found = list(texts(formal))
    assert len(found) >= 5  # the walk does reach the flow's texts
    said = [t.nl for t in found if INFORMAL.search(t.nl)]
    assert not said, said
    assert formal.steps[0].nodes[0].prompt.en == builtin_flow(flow_id).steps[0].nodes[0].prompt.en


def test_a_customer_interview_addressed_as_u_offers_the_stages_in_u_form() -> None:
    s = drive(
        builtin_flow("customer", formal=True),
        ["[maand]", "Een taart", "Besteld\nOpgehaald\n"],
        lang="nl",
        context={**CONTEXT, "address": "u"},
    )
    labels = [b.label for b in s.buttons()]
    assert "U zocht uit waar u terecht kon" in labels
    assert "Wat deed u toen" not in s.text  # the story question was answered
    assert not [label for label in labels if INFORMAL.search(label)]


def invite_dialog(*typed: str, address: str = "u") -> list[str]:
    """The owner's customer invite up to the stage wording, then ``typed``."""
    context = stage_context(default_stages("nl", "experience"))
    s = drive(
        builtin_flow("invite"),
        ["[Klanten]", f"[{address.upper()} (formeel)]"],
        lang="nl",
        context=context,
    )
    for line in typed:
        s.input(line)
    return [str(v) for v in s.values.get("stage_wording", [])] or [s.text]


def test_the_owner_sees_the_stages_in_customers_words_and_rewords_one() -> None:
    kept = invite_dialog("3 = U vroeg een offerte aan", "[Deze lijst houden]")
    assert len(kept) == 8
    assert kept[:3] == [
        "U merkte dat u iets nodig had",
        "U zocht uit waar u terecht kon",
        "U vroeg een offerte aan",
    ]


def test_the_wording_keeps_one_line_per_stage() -> None:
    (shown,) = invite_dialog("- 3", "[Deze lijst houden]")
    assert "het moeten er 8 zijn" in shown
    assert "U vergeleek en stelde vragen" in shown  # the proposal is back, to reword only
    kept = invite_dialog("- 3", "[Deze lijst houden]", "[Deze lijst houden]")
    assert len(kept) == 8
