"""Property tests: whatever a user sends, at whatever point, the engine answers politely.

Inputs: random text (empty, huge, unicode, numbers, yes/no words), every command, buttons from
the last and from older messages, forged callback data, non-text content, and restarts. The
invariants are checked in `helpers.check_step` on every step: at least one message, every
message ≤ 4096 characters, every callback ≤ 64 bytes, no internal-error fallback, and the state
survives a JSON round-trip.
"""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.schema import BUILTIN_FLOWS, Flow, builtin_flow, load_flow
from flows.values import Button, FlowState, Inbound, JSONValue
from tests.flows.helpers import Session, autoplay, mini_flow
from tests.flows.test_repeats import FIRST_PASS

COMMANDS = [
    "back",
    "skip",
    "status",
    "help",
    "cancel",
    "language",
    "lang",
    "new",
    "report",
    "start",
    "maps",
    "invite",
    "frobnicate",
    "",
    "BACK",
    "skip@journeybot",
    "/back",
]
WORDS = [
    "",
    " ",
    "\n",
    "1",
    "2",
    "3",
    "0",
    "-2",
    "+2",
    "99",
    "-999999999999",
    "1,3",
    "1 3",
    "ja",
    "nee",
    "yes",
    "no",
    "y",
    "n",
    "nl",
    "en",
    "Website, TikTok",
    "- a\n- b\n- c",
    "x" * 81,
    "Keep this list",
    "Done",
    "✅ Website",
    "😄",
    "🙁 -1 Negative",
    "1.5",
    "²",
    "١",
    "½",
]
# guest interviews get the map's stages from the caller, the invite dialog its personas
STAGES = [{"key": "look", "name": "Looking around"}, {"key": "buy", "name": "Buying"}]
CONTEXT: dict[str, dict[str, JSONValue]] = {
    "customer": {"stages": STAGES},
    "colleague": {"stages": STAGES},
    "invite": {"personas": [{"key": "p0", "name": "Sanne"}, {"key": "p1", "name": "Peter"}]},
}
CONTENT = ["sticker", "photo", "voice", "video", "document", "location", "", "weird\u0000thing"]


@cache
def flows() -> dict[str, Flow]:
    """The test flow, every shipped flow (owner, customer, colleague, ...) and every archived
    version (``owner.v1``): stored interviews still run on those."""
    shipped = {flow_id: builtin_flow(flow_id) for flow_id in BUILTIN_FLOWS.ids()}
    archived = [load_flow(path) for path in BUILTIN_FLOWS.archived_files()]
    return {"mini": mini_flow(), **shipped, **{f"{f.id}.v{f.version}": f for f in archived}}


def context(name: str) -> dict[str, JSONValue] | None:
    """What the caller gives flow ``name`` (an archived version gets what its flow gets)."""
    return CONTEXT.get(name.split(".", 1)[0])


@cache
def checkpoints() -> list[tuple[str, FlowState]]:
    """States spread over each flow: every step of a full pass, plus menu screens."""
    points: list[tuple[str, FlowState]] = []
    mini = flows()["mini"]
    s = Session.begin(mini)
    for line in FIRST_PASS:
        s.input(line)
        points.append(("mini", s.state))
    for line in ["[Edit an answer]", "[Scenarios]", "[Event 1]", "[Touchpoint 1]", "[Website]"]:
        s.input(line)
        points.append(("mini", s.state))
    s = Session.begin(mini)
    for line in [*FIRST_PASS[:6], "/language nl"]:
        s.input(line)
    points.append(("mini", s.state))
    runs = [(name, more) for name in flows() for more in (False, True)]
    for name, more in runs:
        s = Session.begin(flows()[name], lang="nl" if more else "en", context=context(name))
        autoplay(s, more=more, max_inputs=120)
        points += [(name, step.state) for step in s.steps[:: max(1, len(s.steps) // 40)]]
        points.append((name, s.state))
    return points


huge_text = st.builds(lambda t, n: t * n, st.text(min_size=1, max_size=8), st.integers(500, 2000))
texts = st.one_of(st.sampled_from(WORDS), st.text(max_size=60), huge_text)
forged = st.one_of(
    st.text(max_size=80),
    st.builds(
        lambda a, b, c: f"{a}:{b}:{c}",
        st.text("0123456789abcdef", min_size=8, max_size=8),
        st.integers(-5, 10**6),
        st.text(max_size=30),
    ),
)


@st.composite
def one_input(draw: st.DrawFn, buttons: list[Button], old: list[Button]) -> Inbound | None:
    """One random input; None means "restart the bot and resume"."""
    choice = draw(st.integers(0, 99))
    if choice < 35 and buttons:
        return Inbound(kind="button", data=draw(st.sampled_from(buttons)).data)
    if choice < 42 and old:
        return Inbound(kind="button", data=draw(st.sampled_from(old)).data)
    if choice < 50:
        return Inbound(kind="button", data=draw(forged))
    if choice < 75:
        return Inbound(kind="text", text=draw(texts))
    if choice < 90:
        args = draw(st.sampled_from(["", "nl", "en", "fr", "  NL ", "x" * 200]))
        return Inbound(kind="command", command=draw(st.sampled_from(COMMANDS)), args=args)
    if choice < 97:
        return Inbound(kind="unsupported", content=draw(st.sampled_from(CONTENT)))
    return None


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_no_input_ever_breaks_the_engine(data: st.DataObject) -> None:
    name, state = data.draw(st.sampled_from(checkpoints()), label="checkpoint")
    flow = flows()[name]
    session = Session.begin(flow, context=context(name))
    session.step = session.step.__class__(state=state, messages=session.step.messages)
    old: list[Button] = []
    for _ in range(data.draw(st.integers(1, 25), label="length")):
        buttons = session.buttons()
        inbound = data.draw(one_input(buttons, old))
        old = (old + buttons)[-60:]
        if inbound is None:
            session.resume()
        else:
            session.send(inbound)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["[0]", "[1]", "[-1]", "text", "/back", "/skip"]), max_size=80))
def test_random_walks_from_the_start(moves: list[str]) -> None:
    for flow in flows().values():
        session = Session.begin(flow)
        for move in moves:
            buttons = session.buttons()
            if move.startswith("[") and buttons:
                session.press_data(buttons[int(move[1:-1]) % len(buttons)].data)
            elif move.startswith("/"):
                session.command(move[1:])
            else:
                session.type("An answer")


def test_autoplay_finishes_the_first_pass_of_every_flow() -> None:
    for name, flow in flows().items():
        for more in (False, True):
            s = autoplay(Session.begin(flow, context=context(name)), more=more, max_inputs=2000)
            if flow.menu:
                assert s.state.status == "menu", name
                assert s.signals.count("first_pass_done") == 1
            else:
                assert s.state.status == "done", name
                assert s.signals == ["finished"]


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**6), st.text(max_size=20))
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
memo_blob = st.fixed_dictionaries(
    {},
    optional={
        "iters": st.dictionaries(
            st.sampled_from(["personas", "scenarios", "scenarios.0.events", "x"]),
            st.integers(-3, 500),
        ),
        "closed": st.lists(st.text(max_size=12), max_size=3),
        "scope": st.one_of(
            st.none(), st.sampled_from(["personas.1", "scenarios.0.events.3", "zz"])
        ),
        "editing": st.booleans(),
        "edit_from": st.one_of(
            json_value,
            st.fixed_dictionaries(
                {
                    "step": st.one_of(st.none(), st.integers(-1, 7)),
                    "part": st.sampled_from(["", "scenarios.0", "scenarios.0.events.1", "x.9"]),
                    "page": st.integers(-2, 9),
                }
            ),
        ),
        "selection": st.lists(st.text(max_size=8), max_size=3),
        "overlay": st.sampled_from([None, "cancel", "language"]),
        "ended": st.sampled_from([None, "finished", "cancelled"]),
        "first_pass_done": st.booleans(),
        "toggled": json_value,
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.data(),
    st.one_of(
        st.lists(st.one_of(st.text(max_size=10), st.integers(-2, 30)), max_size=4),
        st.builds(
            lambda step, part, page: ["edit", step, part, page],
            st.one_of(st.none(), st.integers(-1, 7), st.text(max_size=3)),
            st.sampled_from(["", "scenarios.0", "personas.1", "per_stage.0", "scenarios.0.x"]),
            st.one_of(st.integers(-2, 9), st.text(max_size=3)),
        ),
    ),
    st.sampled_from(["active", "menu", "done"]),
    memo_blob,
)
def test_damaged_or_foreign_state_is_survived(
    data: st.DataObject, cursor: list[object], status: str, memo: dict[str, JSONValue]
) -> None:
    """A state saved by another engine version, or damaged, still gets a polite answer."""
    name, state = data.draw(st.sampled_from(checkpoints()), label="checkpoint")
    stored = state.model_dump(mode="json")
    # read as a stored state is: the cursor in any form, typed or the list form of before
    damaged = FlowState.model_validate(
        {
            **stored,
            "cursor": data.draw(
                st.sampled_from(
                    [
                        cursor,
                        ["q", "q:nonsense"],
                        {"kind": "prompt", "pid": 3},
                        {"kind": "edit", "step": "x"},
                        {"kind": "nowhere"},
                        stored["cursor"],
                    ]
                )
            ),
            "status": status,
            "extra": data.draw(st.sampled_from([{"engine": memo}, {"engine": "x"}, {}])),
        }
    )
    session = Session.begin(flows()[name], context=context(name))
    session.step = session.step.__class__(state=damaged, messages=session.step.messages)
    session.resume()
    for _ in range(3):
        buttons = session.buttons()
        session.send(data.draw(one_input(buttons, [])) or Inbound(kind="text", text="1"))
