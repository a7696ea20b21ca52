"""The pure engine: `flows.engine.advance` calls per second over the whole owner interview.

The interview is played once to record every (state, input) pair; the timed loop then replays
those calls, so nothing but the engine is measured. A second figure adds what `ChatService`
does around each call: validate the stored state from its JSON dict and dump the new one.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from flows.engine import advance, start
from flows.schema import Flow, builtin_flow
from flows.values import FlowState, Inbound
from testkit.interview import OWNER_INTERVIEW
from testkit.playback import inbound_for

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@dataclass
class EngineResult:
    calls_per_interview: int
    advance_per_s: float
    advance_us: float
    with_state_json_per_s: float
    with_state_json_us: float
    state_json_bytes_mid: int
    state_json_bytes_end: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def record_calls(flow: Flow) -> list[tuple[FlowState, Inbound]]:
    """Every advance() call of one owner interview, in Dutch, with the state it starts from."""
    step = start(flow, lang="nl", now=NOW)
    calls = []
    last_buttons = step
    for action in OWNER_INTERVIEW:
        inbound = inbound_for(action, last_buttons.messages)
        calls.append((step.state, inbound))
        step = advance(flow, step.state, inbound, NOW)
        if any(m.buttons for m in step.messages):
            last_buttons = step
    return calls


def measure(seconds: float = 2.0) -> EngineResult:
    flow = builtin_flow("owner")
    calls = record_calls(flow)
    dumped = [(state.model_dump(mode="json"), inbound) for state, inbound in calls]

    def timed(body: Any) -> float:
        body()  # warm up
        rounds, start_at = 0, time.perf_counter()
        while time.perf_counter() - start_at < seconds:
            body()
            rounds += 1
        return (time.perf_counter() - start_at) / (rounds * len(calls))

    def pure() -> None:
        for state, inbound in calls:
            advance(flow, state, inbound, NOW)

    def with_json() -> None:
        for data, inbound in dumped:
            step = advance(flow, FlowState.model_validate(data), inbound, NOW)
            step.state.model_dump(mode="json")

    pure_s = timed(pure)
    json_s = timed(with_json)
    mid = calls[len(calls) // 2][0]
    end = advance(flow, calls[-1][0], calls[-1][1], NOW).state
    return EngineResult(
        calls_per_interview=len(calls),
        advance_per_s=round(1 / pure_s),
        advance_us=round(pure_s * 1e6, 1),
        with_state_json_per_s=round(1 / json_s),
        with_state_json_us=round(json_s * 1e6, 1),
        state_json_bytes_mid=len(mid.model_dump_json()),
        state_json_bytes_end=len(end.model_dump_json()),
    )
