"""Through the chat service: an owner interview stored on one version of the owner flow carries
on on that version after a newer one ships, while a new interview begins on the newer one."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.service import ChatService, Reply, Who
from flows.schema import BUILTIN_FLOWS, FlowLibrary, archive_name
from flows.values import Inbound
from storage.answers import current_answers
from storage.models import Contribution, User

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ANNA = Who("telegram", "2001", "Anna", "en")
BOB = Who("telegram", "2002", "Bob", "en")
MARK = "[new] "
ADDED = "What do your customers call you?"


def service(sessions: async_sessionmaker[AsyncSession], flows: FlowLibrary) -> ChatService:
    return ChatService(sessions, clock=lambda: NOW, report_formats=("html",), flows=flows)


def ship_next_owner_version(directory: Path) -> int:
    """What a developer does: copy owner.yaml into the archive under its version, then edit
    it (here: a question added at the start, every prompt marked) and bump the version."""
    current = directory / "owner.yaml"
    raw: dict[str, Any] = yaml.safe_load(current.read_text(encoding="utf-8"))
    (directory / "archive").mkdir(exist_ok=True)
    shutil.copy(current, directory / "archive" / archive_name("owner", raw["version"]))

    def mark(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            if "prompt" in node:
                node["prompt"] = {lang: MARK + text for lang, text in node["prompt"].items()}
            mark(node.get("children", []))

    for step in raw["steps"]:
        mark(step["nodes"])
    added = {"type": "question", "key": "nickname", "kind": "text"}
    raw["steps"][0]["nodes"].insert(
        0, {**added, "prompt": {"nl": "Hoe noemen klanten je?", "en": ADDED}}
    )
    raw["version"] += 1
    current.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return int(raw["version"])


def answer_for(reply: Reply) -> Inbound:
    """Whatever the question on screen takes: its first button, else a short text."""
    buttons = [b for row in reply.messages[-1].buttons for b in row]
    if buttons:
        return Inbound(kind="button", data=buttons[0].data)
    return Inbound(kind="text", text="An answer")


async def stored_state(sessions: async_sessionmaker[AsyncSession], who: Who) -> dict[str, Any]:
    async with sessions() as session:
        query = select(Contribution).join(User).where(User.external_id == who.external_id)
        contribution = (await session.execute(query)).scalar_one()
        assert contribution.state is not None
        state = dict(contribution.state)
        state["answers"] = await current_answers(session, contribution.id)
        return state


async def test_an_interview_stored_on_an_old_version_finishes_on_it(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    definitions = Path(shutil.copytree(BUILTIN_FLOWS.directory, tmp_path / "definitions"))
    before = service(session_factory, FlowLibrary(definitions))
    reply = await before.handle(ANNA, Inbound(kind="command", command="start"), update_id=1)
    reply = await before.handle(ANNA, answer_for(reply), update_id=2)
    old_version = (await stored_state(session_factory, ANNA))["flow_version"]
    assert old_version == BUILTIN_FLOWS.flow("owner").version

    # Stored before versions were recorded: no flow_version, which means version 1.
    if old_version == 1:
        async with session_factory() as session, session.begin():
            contribution = (await session.execute(select(Contribution))).scalar_one()
            contribution.state = {
                k: v for k, v in (contribution.state or {}).items() if k != "flow_version"
            }

    new_version = ship_next_owner_version(definitions)
    after = service(session_factory, FlowLibrary(definitions))  # a restart with it shipped
    replies = [await after.handle(ANNA, Inbound(kind="command", command="start"), update_id=3)]
    for update_id in range(4, 8):
        replies.append(await after.handle(ANNA, answer_for(replies[-1]), update_id=update_id))
    shown = "\n".join(m.text for r in replies for m in r.messages)
    assert MARK not in shown
    assert ADDED not in shown
    anna = await stored_state(session_factory, ANNA)
    assert anna["flow_version"] == old_version
    assert "nickname" not in anna["answers"]
    assert len(anna["answers"]) >= 5

    first = await after.handle(BOB, Inbound(kind="command", command="start"), update_id=8)
    assert ADDED in first.messages[-1].text
    await after.handle(BOB, Inbound(kind="text", text="The bike doctor"), update_id=9)
    bob = await stored_state(session_factory, BOB)
    assert bob["flow_version"] == new_version
    assert bob["answers"] == {"nickname": "The bike doctor"}
