"""Steps of a shared map over the fake Telegram Bot API, for the end-to-end tests: the
owner's invite and its link, a respondent's consent, what an interview stored, the owner's
report as delivered, and the flow files as they were before a new version shipped."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import select

from flows.schema import BUILTIN_FLOWS, FlowLibrary, archive_name
from storage.answers import current_answers
from storage.db import create_engine, session_factory
from storage.models import Contribution, ContributionRole, User
from testkit.fakebotapi import FakeBotApi, FakeUser
from testkit.interview import Command, Pick
from tests.support.telegram import BotUnderTest, act

LINK = re.compile(r"\?start=([A-Za-z0-9_-]+)")


def last_token(api: FakeBotApi, owner: FakeUser) -> str:
    """The token of the last invite link the owner was sent."""
    texts = [t for t in api.texts(owner) if "?start=" in t]
    match = LINK.search(texts[-1]) if texts else None
    assert match, api.transcript(owner)
    return match.group(1)


async def invite(
    api: FakeBotApi, bot: BotUnderTest, owner: FakeUser, role_pick: int, *, persona: bool = True
) -> str:
    """Run /invite: role, persona (the first, if the map has one yet), for customers "je" and
    the proposed wording of the stages, one month, unlimited uses; return the token from the
    link."""
    await act(api, bot, owner, Command("invite"))
    await act(api, bot, owner, Pick(role_pick))
    if persona:
        await act(api, bot, owner, Pick(1))
    if role_pick == 1:  # customers: addressed as "je", the stages worded as proposed
        await act(api, bot, owner, Pick(1))
        await act(api, bot, owner, Pick(1))
    await act(api, bot, owner, Pick(2))  # a month
    await act(api, bot, owner, Pick(4))  # unlimited
    token = last_token(api, owner)
    qr = [u for u in api.uploads if u.chat_id == owner.id and u.kind == "photo"]
    assert qr[-1].data.startswith(b"\x89PNG"), "the QR code picture comes with the link"
    return token


async def consent(api: FakeBotApi, bot: BotUnderTest, user: FakeUser, token: str) -> None:
    await bot.handled(api.user_starts(user, token))
    await act(api, bot, user, Pick(1))  # yes, anonymously


async def stored(
    db_url: str, user: FakeUser, role: ContributionRole
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The person's interview in ``role`` as stored: its engine state and current answers."""
    engine = create_engine(db_url)
    try:
        async with session_factory(engine)() as session:
            query = (
                select(Contribution)
                .join(User)
                .where(User.external_id == str(user.id), Contribution.role == role)
            )
            contribution = (await session.execute(query)).scalar_one()
            return dict(contribution.state or {}), await current_answers(session, contribution.id)
    finally:
        await engine.dispose()


async def report(api: FakeBotApi, bot: BotUnderTest, owner: FakeUser) -> tuple[str, Any]:
    """The owner's /report: the HTML page and the JSON report, as Telegram delivered them."""
    await act(api, bot, owner, Command("report"))
    files = [u for u in api.uploads if u.chat_id == owner.id]
    html = next(u for u in reversed(files) if (u.filename or "").endswith(".html"))
    data = next(u for u in reversed(files) if (u.filename or "").endswith(".json"))
    return html.data.decode(), json.loads(data.data)


def flows_before_v2(tmp_path: Path, flow_id: str) -> FlowLibrary:
    """The flow files as they were before ``flow_id`` version 2 shipped: its archived version 1
    is the newest again."""
    directory = Path(shutil.copytree(BUILTIN_FLOWS.directory, tmp_path / "definitions"))
    archived = directory / "archive" / archive_name(flow_id, 1)
    shutil.move(archived, directory / f"{flow_id}.yaml")
    return FlowLibrary(directory)
