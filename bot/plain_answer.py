"""The fast path for the most common input: an answer to the active interview's question.

Most updates only answer the question on screen: no chat-layer command, no open dialog,
nothing anyone else must hear of. For those, `answer` does in ONE synchronous call on the
transaction's connection (one hop into SQLAlchemy's greenlet, plain rows, no ORM session)
what the full path (`bot.routing`) does with ORM objects and a hop per statement: claim the
update, read the user's active interview, run the engine, append the answers and store the
new state. For anything else it returns None before writing; the caller rolls back and runs
the full path, so this module never has to know more than the plain case.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from bot import dialogs
from bot.interview import OWNER_FLOW, TITLE_KEY
from bot.turn import Reply, Who
from flows import engine
from flows.i18n import pick_lang
from flows.values import FlowState, Inbound, Step
from storage.answers import insert_answers
from storage.contributions import store_state
from storage.conversations import AnswerContext, load_answer_context
from storage.updates import claim
from storage.users import name_changed

if TYPE_CHECKING:
    from bot.service import ChatService


def answer(
    connection: Connection,
    service: ChatService,
    who: Who,
    inbound: Inbound,
    update_id: int | None,
    now: datetime,
) -> Reply | None:
    """Apply a plain answer inside the caller's transaction; None: not plain, roll back and
    take the full path. Raises `StaleStateError` like the full path. The caller has already
    ruled out the chat layer's own commands and buttons (`bot.routing.for_the_chat_layer`)."""
    if update_id is not None and not claim(connection, who.channel, update_id, now):
        return Reply(duplicate=True)
    context = load_answer_context(connection, channel=who.channel, external_id=who.external_id)
    if context is None or not _answers_its_interview(context, who):
        return None
    contribution_id, flow_id, version = context.contribution_id, context.flow_id, context.version
    assert contribution_id is not None
    assert flow_id is not None
    assert version is not None
    assert context.state is not None
    state = FlowState.model_validate(context.state)
    step = engine.advance(service.flow(flow_id), state, inbound, now)
    if _needs_the_full_path(step, flow_id):
        return None
    if step.answers:
        insert_answers(connection, contribution_id, step.answers, now)
    store_state(connection, contribution_id, step.state.model_dump(mode="json"), version, now)
    return Reply(
        messages=list(step.messages), lang=pick_lang(context.language, service.default_lang)
    )


def _answers_its_interview(context: AnswerContext, who: Who) -> bool:
    """An active interview to pass the input to, nothing else in the way."""
    if context.contribution_id is None or context.state is None:
        return False  # no map yet, or erased by /forget: the full path starts one
    if dialogs.is_open(context.ui or {}):
        return False
    # A new Telegram name is stored by the full path.
    return not name_changed(context.display_name, who.display_name)


def _needs_the_full_path(step: Step, flow_id: str) -> bool:
    """Signals (finished, report, language) and the map's title change touch more than the
    contribution; `bot.interview.advance` handles them."""
    if step.signals:
        return True
    return flow_id == OWNER_FLOW and any(record.key == TITLE_KEY for record in step.answers)
