"""Drive the pure engine like a user: type, press buttons by label, send commands.

Every step is checked for the engine's promises (at least one message, Telegram limits, no
internal error, state survives a JSON round-trip), so any test that drives a flow also tests
those. The e2e and bench code reuse `drive` and `Session`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flows.engine import advance, resume, start
from flows.engine.draft import Draft
from flows.i18n import LANGS, Lang
from flows.schema import Flow, load_flow
from flows.texts import T
from flows.values import AnswerRecord, Button, FlowState, Inbound, JSONValue, OutMessage, Step

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
INTERNAL_ERROR = {T("internal_error", lang) for lang in LANGS}


def mini_flow() -> Flow:
    return load_flow(DATA / "mini.yaml")


def check_step(step: Step) -> None:
    """The promises every engine reply keeps."""
    assert step.messages, "every step answers with at least one message"
    assert step.error is None, repr(step.error)
    assert "error" not in step.signals
    for message in step.messages:
        assert len(message.text) <= 4096
        assert len(message.text.encode("utf-16-le")) // 2 <= 4096
        assert message.text.strip()
        assert not any(message.text.startswith(e) for e in INTERNAL_ERROR), message.text
        for row in message.buttons:
            for button in row:
                assert len(button.data.encode("utf-8")) <= 64, button.data
                assert 0 < len(button.label) <= 64, button.label
        assert sum(len(row) for row in message.buttons) <= 100
    again = FlowState.model_validate_json(step.state.model_dump_json())
    assert again == step.state, "state must survive a JSON round-trip"


@dataclass
class Session:
    """One simulated user in one interview."""

    flow: Flow
    step: Step
    answers: list[AnswerRecord] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @classmethod
    def begin(
        cls, flow: Flow, *, lang: Lang = "en", context: Mapping[str, JSONValue] | None = None
    ) -> Session:
        step = start(flow, lang=lang, now=NOW, context=context)
        check_step(step)
        return cls(flow, step, list(step.answers), list(step.signals), [step])

    @property
    def state(self) -> FlowState:
        return self.step.state

    @property
    def messages(self) -> tuple[OutMessage, ...]:
        return self.step.messages

    @property
    def text(self) -> str:
        """All text of the last step, for ``in`` assertions."""
        return "\n".join(m.text for m in self.messages)

    @property
    def values(self) -> dict[str, Any]:
        return self.state.values

    def send(self, inbound: Inbound) -> Step:
        # the stored state is what the next turn gets: simulate the database round-trip
        stored = FlowState.model_validate_json(self.state.model_dump_json())
        given = stored.model_dump()
        on_screen = question_on_screen(self.flow, stored)
        step = advance(self.flow, stored, inbound, NOW)
        # The engine works on a shallow copy of the state (flows.engine.draft.Draft): any
        # in-place change to what it was given would corrupt the caller's copy.
        assert stored.model_dump() == given, "advance must not change the state it was given"
        check_step(step)
        check_answers_belong_on_screen(self.flow, step, on_screen, stored.values)
        self.step = step
        self.steps.append(step)
        self.answers += step.answers
        self.signals += step.signals
        return step

    def type(self, text: str) -> Step:
        return self.send(Inbound(kind="text", text=text))

    def command(self, name: str, args: str = "") -> Step:
        return self.send(Inbound(kind="command", command=name, args=args))

    def unsupported(self, content: str = "sticker") -> Step:
        return self.send(Inbound(kind="unsupported", content=content))

    def buttons(self) -> list[Button]:
        """The buttons of the last message that has any (the one a user would tap)."""
        for message in reversed(self.messages):
            if message.buttons:
                return [b for row in message.buttons for b in row]
        return []

    def button(self, label: str) -> Button:
        wanted = label.casefold()
        found = [b for b in self.buttons() if b.label.casefold() == wanted]
        found = found or [b for b in self.buttons() if wanted in b.label.casefold()]
        assert found, f"no button {label!r} in {[b.label for b in self.buttons()]}"
        return found[0]

    def press(self, label: str) -> Step:
        return self.send(Inbound(kind="button", data=self.button(label).data))

    def press_data(self, data: str) -> Step:
        return self.send(Inbound(kind="button", data=data))

    def resume(self) -> Step:
        stored = FlowState.model_validate_json(self.state.model_dump_json())
        step = resume(self.flow, stored)
        check_step(step)
        self.step = step
        self.steps.append(step)
        return step

    def input(self, line: str) -> Step:
        """One scripted input: ``/cmd args``, ``[button label]``, ``<sticker>`` or text."""
        if line.startswith("/"):
            name, _, args = line[1:].partition(" ")
            return self.command(name, args)
        if line.startswith("[") and line.endswith("]"):
            return self.press(line[1:-1])
        if line.startswith("<") and line.endswith(">"):
            return self.unsupported(line[1:-1])
        return self.type(line)


def question_on_screen(flow: Flow, state: FlowState) -> str | None:
    """The answer key of the question shown to the person in ``state`` (None: no question,
    e.g. a menu or an "another one?" prompt)."""
    item = Draft(flow, state).current_item()
    return item.path if item is not None and item.question is not None else None


def _shape(key: str) -> str:
    return re.sub(r"\.\d+(?=\.|$)", ".#", key)


def check_answers_belong_on_screen(
    flow: Flow, step: Step, on_screen: str | None, before: Mapping[str, JSONValue]
) -> None:
    """Every answer an input stores is an answer to the question that was on screen when it
    was given. The engine's own bookkeeping is the exception: clearing (None) what no longer
    applies, moving an answer to its item's new index when a list it follows changed, and a
    question with one possible answer, which takes it without being asked."""
    after = Draft(flow, step.state)
    unasked = {
        item.path: after.only_choice(item)
        for item in after.walk(asking_more=False, first_pass=False)
        if item.kind == "question"
    }
    for record in step.answers:
        if record.value is None or record.key == on_screen:
            continue
        if unasked.get(record.key) == record.value:
            continue
        moved = any(
            _shape(key) == _shape(record.key) and value == record.value
            for key, value in before.items()
        )
        assert moved, f"{record.key} = {record.value!r} stored while {on_screen} was on screen"


def drive(
    flow: Flow,
    inputs: Iterable[str],
    *,
    lang: Lang = "en",
    context: Mapping[str, JSONValue] | None = None,
) -> Session:
    """Start ``flow`` and feed it scripted inputs (see `Session.input`)."""
    session = Session.begin(flow, lang=lang, context=context)
    for line in inputs:
        session.input(line)
    return session


def flow_of(*nodes: Mapping[str, Any], menu: list[str] | None = None, **flow: Any) -> Flow:
    """A one-step flow from node dicts (``type`` defaults to question), for focused tests."""

    def node(raw: Mapping[str, Any]) -> dict[str, Any]:
        out = {"type": "question", **raw}
        if "prompt" not in out and out["type"] == "question":
            out["prompt"] = {"nl": f"Vraag {out['key']}?", "en": f"Question {out['key']}?"}
        if out["type"] == "group":
            out["children"] = [node(c) for c in out.get("children", [])]
        return out

    return Flow.model_validate(
        {
            "id": "t",
            "version": 1,
            "title": {"nl": "Test", "en": "Test"},
            "steps": [
                {
                    "number": 1,
                    "title": {"nl": "Stap", "en": "Part"},
                    "nodes": [node(n) for n in nodes],
                }
            ],
            "menu": menu or [],
            **flow,
        }
    )


def autoplay(session: Session, *, max_inputs: int = 500, more: bool = False) -> Session:
    """Answer whatever is asked with something valid until the first pass ends.

    Buttons: the first option (multi: the first option, then Done); "add another?" and yes/no
    questions get No unless ``more``, and so does a folded done ("next" / "last"); typed
    questions get a short text. Used to reach deep states quickly (fuzzing, benchmarks).
    """
    for _ in range(max_inputs):
        if session.state.status != "active":
            return session
        labels = [b.label for b in session.buttons()]
        yes, no = T("yes", session.state.lang), T("no", session.state.lang)
        done = T("done_button", session.state.lang)
        keep = T("keep_list_button", session.state.lang)
        skip = T("skip_button", session.state.lang)
        folded = {b.data.rsplit(":", 1)[-1]: b for b in session.buttons()}
        if labels[:2] == [yes, no]:
            session.press(yes if more else no)
        elif "_next" in folded and "_last" in folded:
            # a multi whose done also answers "add another?"
            options = [b for b in session.buttons() if b.data.rsplit(":", 1)[-1][:1] != "_"]
            session.press_data(options[0].data)
            session.press_data(folded["_next" if more else "_last"].data)
        elif keep in labels:
            session.press(keep)
        elif done in labels:
            first = next(b for b in session.buttons() if b.label not in (done, skip))
            session.press_data(first.data)
            session.press(done)
        elif [label for label in labels if label != skip]:
            session.press_data(next(b for b in session.buttons() if b.label != skip).data)
        else:
            session.type("An answer")
    return session
