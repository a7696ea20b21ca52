"""Each transport words its own controls: no button in the terminal, no typed number where
Telegram shows buttons.

Every shipped flow is toured whole in both languages on the engine — at every prompt help,
status, skip, an empty line, a sticker, a stale choice, nonsense, a number out of range, back
and continue, then a valid answer; the owner flow on through its menu (add, edit, report,
cancel, language, finish) — and every message is rendered as each transport shows it. The
texts of the engine and the chat layer, which both transports send, are checked on their own.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import pytest

from bot.conversation.texts import T as CHAT_TEXTS
from bot.transports.terminal import format_message
from bot.transports.wording import with_instruction
from flows.cursor import AtMenu, AtPrompt
from flows.i18n import LANGS, Catalog, Lang
from flows.schema import FLOW_DIR, builtin_flow
from flows.texts import T as ENGINE_TEXTS
from flows.values import JSONValue, OutMessage
from tests.flows.helpers import Session

# Words for controls the terminal does not have.
BUTTON_WORDS = re.compile(
    r"\b(?:knop\w*|tik\w*|aantik\w*|klik\w*|buttons?|tap\w*|click\w*)\b", re.IGNORECASE
)
# "Type a number" where Telegram shows buttons to tap.
TYPE_A_NUMBER = re.compile(
    r"\btyp\w*\s+(?:een\s+|het\s+|de\s+)?(?:heel\s+)?(?:nummers?|getal)"
    r"|\btype\s+(?:a\s+|its\s+|the\s+)?(?:whole\s+)?numbers?|\b1,3\b",
    re.IGNORECASE,
)

STAGES = [{"key": k, "name": n} for k, n in (("look", "Looking"), ("buy", "Buying"))]
PERSONAS = [{"key": "p0", "name": "Anna"}]
CONTEXT: dict[str, dict[str, JSONValue]] = {
    "customer": {"stages": STAGES},
    "colleague": {"stages": STAGES},
    "invite": {"personas": PERSONAS},
}
FLOW_IDS = sorted(path.stem for path in FLOW_DIR.glob("*.yaml"))
BATTERY = ["/help", "/status", "/skip", "", "<sticker>", "stale", "zzz qq", "999", "/back"]


@dataclass
class Tour:
    """A session driven through every prompt, with what it showed."""

    session: Session
    stale: str
    menu_left: list[str] = field(default_factory=list)
    edited: bool = False  # an answer was just changed from the edit menu

    @property
    def messages(self) -> Iterator[OutMessage]:
        for step in self.session.steps:
            yield from step.messages

    def place(self) -> tuple[object, ...]:
        return (self.session.state.status, self.session.state.cursor)

    def poke(self) -> None:
        """Everything but an answer, until one of them moves the interview on."""
        here = self.place()
        # /back would leave an edit, and an addition from the menu on its first question
        engine = self.session.state.extra.get("engine", {})
        editing = engine.get("editing") or engine.get("scope")
        on_question = isinstance(self.session.state.cursor, AtPrompt)
        for line in BATTERY if on_question and not editing else BATTERY[:-1]:
            if line == "stale":
                self.session.press_data(self.stale)
            else:
                self.session.input(line)
            if line == "/back":
                self.session.command("continue")
            if self.place() != here:
                return

    def answer(self) -> None:
        """A valid answer to whatever is shown; the menu works through its entries."""
        s = self.session
        lang = s.state.lang
        question = next(m for m in reversed(s.messages) if m.kind == "question")
        options = [b for row in question.buttons for b in row if b.role == "option"]
        done = [b for row in question.buttons for b in row if b.role == "done"]
        how = question.answering
        if isinstance(s.state.cursor, AtMenu):
            label = self.menu_left.pop(0)
            s.press(label)
        elif how is None and options:  # a screen: a picker, the edit lists
            to_menu = [b for b in options if b.data.endswith(":_menu")]
            # after an edit the edit menu stays where it was: back to the menu then
            s.press_data((to_menu if self.edited and to_menu else options)[0].data)
            self.edited = False
        elif how is not None and how.kind == "yesno":
            # "another one?": yes in the first pass, to reach each limit and its note
            s.press(ENGINE_TEXTS("yes" if s.state.status == "active" else "no", lang))
        elif how is not None and how.kind == "choices":
            s.press_data(options[0].data)
            s.press_data(done[0].data)
        elif options:
            s.press_data(options[0].data)
        else:
            s.type("First line\nSecond line")
        self.edited = self.edited or any(
            ENGINE_TEXTS("edit_saved", lang) in m.text for m in s.messages
        )


@cache
def tour(flow_id: str, lang: Lang) -> Tour:
    flow = builtin_flow(flow_id)
    session = Session.begin(flow, lang=lang, context=CONTEXT.get(flow_id))
    stale = session.buttons()[0].data if session.buttons() else "00000000:0:x"
    session.command("cancel")
    session.press(ENGINE_TEXTS("cancel_no", lang))
    session.command("language")
    session.press("Nederlands" if lang == "nl" else "English")
    t = Tour(session, stale)
    if flow.menu:
        adds = [ENGINE_TEXTS("menu_add", lang, title=t) for t in _menu_titles(t)]
        t.menu_left = [*adds, ENGINE_TEXTS("menu_edit", lang), ENGINE_TEXTS("menu_report", lang)]
        t.menu_left.append(ENGINE_TEXTS("menu_done", lang))
    for _ in range(3000):
        if session.state.status == "done":
            break
        if not isinstance(session.state.cursor, AtMenu):
            t.poke()
        if session.state.status == "done":
            break
        t.answer()
    assert session.state.status == "done", session.text
    session.type("anything")  # after the end
    return t


def _menu_titles(t: Tour) -> list[str]:
    from flows.engine.core import Run
    from flows.engine.options import group_title

    menu = Run(t.session.flow, t.session.state).menu
    return [group_title(groups[-1], t.session.state.lang) for _, groups in menu.menu_entries()]


def test_the_tour_sees_every_way_of_answering() -> None:
    kinds = {
        m.answering.kind
        for flow_id in FLOW_IDS
        for m in tour(flow_id, "en").messages
        if m.answering is not None
    }
    assert kinds >= {"choice", "choices", "scale", "yesno", "list", "text"}
    owner = "\n".join(m.text for m in tour("owner", "nl").messages)
    for seen in ("Gewijzigd.", "Toegevoegd.", "✋", "Waar hoort het bij"):
        assert seen in owner
    assert "report" in tour("owner", "nl").session.signals


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_the_terminal_names_no_button(flow_id: str, lang: Lang) -> None:
    shown = [format_message(m)[0] for m in tour(flow_id, lang).messages]
    wrong = sorted({text for text in shown if BUTTON_WORDS.search(text)})
    assert not wrong, wrong[0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_telegram_says_type_a_number_nowhere_it_shows_buttons(flow_id: str, lang: Lang) -> None:
    shown = [with_instruction(m, "telegram") for m in tour(flow_id, lang).messages if m.buttons]
    wrong = sorted({text for text in shown if TYPE_A_NUMBER.search(text)})
    assert not wrong, wrong[0]


def every_text(catalog: Catalog) -> Iterator[tuple[str, str]]:
    for key in catalog.keys():  # noqa: SIM118 (a Catalog, not a dict)
        for lang in LANGS:
            raw = catalog(key, lang)
            names = {name for _, name, _, _ in string.Formatter().parse(raw) if name}
            yield key, catalog(key, lang, **dict.fromkeys(names, "X"))


@pytest.mark.parametrize("catalog", [ENGINE_TEXTS, CHAT_TEXTS], ids=["engine", "chat"])
def test_texts_both_transports_send_name_no_control(catalog: Catalog) -> None:
    for key, text in every_text(catalog):
        assert not BUTTON_WORDS.search(text), (key, text)
        assert not TYPE_A_NUMBER.search(text), (key, text)
