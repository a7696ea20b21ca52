"""How to answer a question, in each transport's own words.

The engine says what the choices are (`flows.values.Answering` on a question's message); each
transport says how to give them with the controls it has: Telegram has buttons to tap, the
terminal has numbers to type and lines to end with an empty one. This is the one place that
wording lives; every text the engine and the chat layer send is free of it.
"""

from __future__ import annotations

from typing import Literal

from flows.i18n import Catalog
from flows.values import Answering, OutMessage

__all__ = ["Transport", "instruction", "with_instruction"]

Transport = Literal["telegram", "terminal"]

_WORDS = Catalog(
    {
        "telegram_choice": {"nl": "Kies een knop.", "en": "Pick a button."},
        "terminal_choice": {
            "nl": "Typ het nummer van je keuze.",
            "en": "Type the number of your choice.",
        },
        "telegram_choice_or_own": {
            "nl": "Kies een knop of typ je eigen antwoord.",
            "en": "Pick a button or type your own answer.",
        },
        "terminal_choice_or_own": {
            "nl": "Typ het nummer van je keuze, of je eigen antwoord.",
            "en": "Type the number of your choice, or your own answer.",
        },
        "telegram_choices": {
            "nl": "Tik aan wat past en kies dan Klaar.",
            "en": "Tap all that apply, then Done.",
        },
        "terminal_choices": {
            "nl": "Typ de nummers van alles wat past, met komma's ertussen (bijvoorbeeld 1,3).",
            "en": "Type the numbers of all that apply, with commas between (for example 1,3).",
        },
        "telegram_choices_own": {
            "nl": "Staat het er niet bij? Typ het dan (gescheiden door komma's).",
            "en": "Not listed? Type it (separated by commas).",
        },
        "terminal_choices_own": {
            "nl": "Staat het er niet bij? Typ het erbij (bijvoorbeeld 1,3, Marktplaats).",
            "en": "Not listed? Type it in words (for example 1,3, Marketplace).",
        },
        "telegram_scale": {"nl": "Kies een knop.", "en": "Pick a button."},
        "terminal_scale": {
            "nl": "Typ een getal van {low} tot {high}.",
            "en": "Type a number from {low} to {high}.",
        },
        "terminal_yesno": {"nl": "Typ ja of nee.", "en": "Type yes or no."},
        "telegram_list": {
            "nl": "Eén per regel (of gescheiden door ;).",
            "en": "One per line (or separated by ;).",
        },
        "terminal_list": {
            "nl": "Typ er één per regel en sluit af met een lege regel (nog een keer Enter).",
            "en": "Type one per line and finish with an empty line (Enter once more).",
        },
        "terminal_lines": {
            "nl": "Meer regels mag; sluit af met een lege regel (nog een keer Enter).",
            "en": "Several lines are fine; finish with an empty line (Enter once more).",
        },
        "most": {"nl": "Hoogstens {most}.", "en": "At most {most}."},
        "terminal_last": {"nl": "{last}? Typ /klaar.", "en": "{last}? Type /done."},
    }
)
_KEYS = frozenset(_WORDS.keys())


def instruction(answering: Answering | None, transport: Transport) -> str:
    """How to answer, in ``transport``'s words; empty when its controls speak for themselves
    (Telegram's yes/no buttons, a box to type in)."""
    if answering is None:
        return ""
    lang = answering.lang
    parts = []
    key = f"{transport}_{answering.kind}"
    if key in _KEYS:
        parts.append(_WORDS(key, lang, low=answering.low, high=answering.high))
    if answering.own and f"{key}_own" in _KEYS:
        parts.append(_WORDS(f"{key}_own", lang))
    if answering.most:
        parts.append(_WORDS("most", lang, most=answering.most))
    if answering.last and f"{transport}_last" in _KEYS:  # Telegram: its button says it
        parts.append(_WORDS(f"{transport}_last", lang, last=answering.last.rstrip(" 🏁")))
    return "\n".join(parts)


def with_instruction(message: OutMessage, transport: Transport) -> str:
    """A message's text as ``transport`` shows it: how to answer comes last, right above the
    choices."""
    how = instruction(message.answering, transport)
    return f"{message.text}\n{how}" if how else message.text
