"""Access rules and privacy of shared maps, on SQLite and PostgreSQL: who may see what."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.service import ChatService, Recorded, Reply, Who
from flows.values import Inbound
from storage.models import Answer, Contribution, InboxUpdate, Invite, Map, User
from testkit.playback import inbound_for
from tests.support.outlet import RecordingOutlet, delivered
from tests.support.respondents import CUSTOMER_INTERVIEW

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
OWNER = Who("telegram", "1", "Olga", "nl")
CUSTOMER = Who("telegram", "2", "Carla", "en")
STRANGER = Who("telegram", "3", "Sven", "nl")
EDITOR = Who("telegram", "4", "Eddy", "nl")
LINK = re.compile(r"start=([A-Za-z0-9_-]+)")


def command(name: str, args: str = "") -> Inbound:
    return Inbound(kind="command", command=name, args=args)


def buttons(reply: Reply) -> list[str]:
    return [b.data for m in reply.messages for row in m.buttons for b in row]


def labels(reply: Reply) -> list[str]:
    return [b.label for m in reply.messages for row in m.buttons for b in row]


async def press(service: ChatService, who: Who, reply: Reply, index: int) -> Reply:
    return await service.handle(who, Inbound(kind="button", data=buttons(reply)[index]))


@pytest.fixture
def service(session_factory: async_sessionmaker[AsyncSession]) -> ChatService:
    return ChatService(
        session_factory,
        default_lang="nl",
        clock=lambda: NOW,
        report_formats=("json",),
        bot_username="journeytestbot",
    )


async def make_invite(service: ChatService, role_index: int) -> str:
    """The owner starts a map and creates an invite (role by button index); returns the token."""
    await service.handle(OWNER, command("start"))
    reply = await service.handle(OWNER, command("invite"))
    reply = await press(service, OWNER, reply, role_index)
    if role_index == 0:  # customers: addressed as "je", the stages worded as proposed
        reply = await press(service, OWNER, reply, 0)
        reply = await press(service, OWNER, reply, 0)
    reply = await press(service, OWNER, reply, 1)  # a month
    if role_index < 2:
        reply = await press(service, OWNER, reply, 3)  # unlimited
    text = "\n".join(m.text for m in reply.messages)
    match = LINK.search(text)
    assert match, text
    assert reply.files[0].kind == "photo"  # the QR code
    return match.group(1)


async def join(service: ChatService, who: Who, token: str, consent_index: int = 0) -> Reply:
    reply = await service.handle(who, command("start", token))
    return await press(service, who, reply, consent_index)


async def test_the_token_is_never_stored(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    token = await make_invite(service, 0)
    async with session_factory() as session:
        invite = (await session.execute(select(Invite))).scalar_one()
        row = json.dumps([str(getattr(invite, c.key)) for c in Invite.__table__.columns])
    assert token not in row
    assert len(token) >= 22


async def test_declining_consent_stores_nothing(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    token = await make_invite(service, 0)
    reply = await service.handle(CUSTOMER, command("start", token))
    assert "Olga" in reply.messages[0].text
    declined = await press(service, CUSTOMER, reply, 2)
    assert "Nothing of yours was stored" in declined.messages[-1].text
    async with session_factory() as session:
        roles = (await session.execute(select(Contribution.role))).scalars().all()
        uses = (await session.execute(select(Invite.uses))).scalar_one()
    assert list(roles) == ["owner"]
    assert uses == 0


async def test_respondents_never_see_the_report_or_other_maps(service: ChatService) -> None:
    token = await make_invite(service, 0)
    started = await join(service, CUSTOMER, token)
    assert "Roughly when was that?" in started.messages[-1].text
    denied = await service.handle(CUSTOMER, command("report"))
    assert not denied.files
    assert "owners" in denied.messages[0].text
    maps = await service.handle(CUSTOMER, command("maps"))
    assert not buttons(maps)  # the owner's map is not theirs
    forged = await service.handle(CUSTOMER, Inbound(kind="button", data="map:1"))
    assert forged.messages[0].kind == "error"
    strangers = await service.handle(STRANGER, Inbound(kind="button", data="revoke:1"))
    assert strangers.messages[0].kind == "error"
    # Their own answers, and only theirs, are theirs to take.
    export = await service.handle(CUSTOMER, command("export"))
    (file,) = export.files
    items = json.loads(file.data)["items"]
    assert [item["role"] for item in items] == ["customer"]


async def test_editor_link_makes_a_co_owner_who_sees_the_report(service: ChatService) -> None:
    token = await make_invite(service, 2)
    welcome = await service.handle(EDITOR, command("start", token))
    assert "mede-eigenaar" in welcome.messages[0].text
    assert "Wat wil je nu doen?" in welcome.messages[-1].text  # straight to the menu
    report = await delivered(service, await service.handle(EDITOR, command("report")))
    assert [f.filename.rsplit(".", 1)[1] for f in report.files] == ["json"], report.messages
    again = await service.handle(STRANGER, command("start", token))  # one use only
    assert again.messages[0].kind == "error"


async def test_owner_status_counts_and_notifications(service: ChatService) -> None:
    token = await make_invite(service, 0)
    await join(service, CUSTOMER, token)
    status = await service.handle(OWNER, command("status"))
    text = "\n".join(m.text for m in status.messages)
    assert "Klanten: 1 begonnen, 0 klaar, 1 bezig" in text
    # the counts come before the question shown again, which stays the last message
    assert status.messages[-1].kind == "question"
    assert "Klanten:" not in status.messages[-1].text
    assert "Carla" not in text
    off = await service.handle(OWNER, command("notify", "uit"))
    assert "geen herinneringen" in off.messages[0].text
    remind = await service.handle(OWNER, command("remind"))
    assert [n.external_id for n in remind.notices] == [CUSTOMER.external_id]
    stop = await service.handle(CUSTOMER, command("stop"))
    assert "no more reminders" in stop.messages[0].text.lower()
    again = await service.handle(OWNER, command("remind"))
    assert not again.notices


async def test_forget_erases_after_confirmation_only(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    token = await make_invite(service, 0)
    reply = await join(service, CUSTOMER, token)
    await service.handle(CUSTOMER, Inbound(kind="text", text="1,2"))
    ask = await service.handle(CUSTOMER, command("forget"))
    kept = await press(service, CUSTOMER, ask, 1)
    assert "nothing was erased" in kept.messages[0].text.lower()
    stale = await press(service, CUSTOMER, ask, 0)  # the old question's button
    assert stale.messages[0].kind == "error"
    ask = await service.handle(CUSTOMER, command("forget"))
    done = await press(service, CUSTOMER, ask, 0)
    assert "Erased" in done.messages[0].text
    async with session_factory() as session:
        customer_answers = await session.execute(
            select(func.count())
            .select_from(Answer)
            .join(Contribution, Contribution.id == Answer.contribution_id)
            .where(Contribution.role == "customer")
        )
        assert customer_answers.scalar_one() == 0
    assert reply.messages


async def test_expired_and_revoked_links(service: ChatService) -> None:
    token = await make_invite(service, 0)
    later = ChatService(service.sessions, default_lang="nl", clock=lambda: NOW + timedelta(days=31))
    expired = await later.handle(CUSTOMER, command("start", token))
    assert "expired" in expired.messages[0].text
    listing = await service.handle(OWNER, command("invites"))
    revoke = [d for d in buttons(listing) if d.startswith("revoke:")]
    await service.handle(OWNER, Inbound(kind="button", data=revoke[0]))
    revoked = await service.handle(CUSTOMER, command("start", token))
    assert "withdrawn" in revoked.messages[0].text


async def test_owner_deletes_a_whole_map(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    token = await make_invite(service, 0)
    await join(service, CUSTOMER, token)
    denied = await service.handle(CUSTOMER, command("deletemap"))
    assert denied.messages[0].kind == "error"
    ask = await service.handle(OWNER, command("deletemap"))
    await press(service, OWNER, ask, 0)
    async with session_factory() as session:
        assert (await session.execute(select(func.count()).select_from(Map))).scalar_one() == 0
        assert (await session.execute(select(func.count()).select_from(Answer))).scalar_one() == 0


async def test_report_filters_by_role_and_explains_unknown_filters(service: ChatService) -> None:
    await service.handle(OWNER, command("start"))
    customers = await service.handle(OWNER, command("report", "klanten"))
    assert customers.report is not None
    assert customers.report.roles == ("customer",)
    assert (await delivered(service, customers)).files
    unknown = await service.handle(OWNER, command("report", "martians"))
    assert unknown.report is None
    assert not (await delivered(service, unknown)).files
    assert "customers" in unknown.messages[0].text


async def test_an_erased_interview_is_not_counted_as_finished(service: ChatService) -> None:
    # issue 15 item 8: after /forget the owner's "N finished" still counted the erased one
    token = await make_invite(service, 0)

    async def finish(who: Who) -> Reply:
        reply = await join(service, who, token)
        for action in CUSTOMER_INTERVIEW:
            reply = await service.handle(who, inbound_for(action, reply.messages))
        return reply

    first = await finish(CUSTOMER)
    assert "(1 klaar)" in first.notices[0].text  # the owner reads Dutch
    ask = await service.handle(CUSTOMER, command("forget"))
    await press(service, CUSTOMER, ask, 0)
    second = await finish(STRANGER)
    (notice,) = second.notices
    assert "(1 klaar)" in notice.text, notice.text


# -- what is kept of a person (issue 15, item 8) ------------------------------------------------


async def kept(
    session_factory: async_sessionmaker[AsyncSession], who: Who
) -> tuple[str | None, str | None, str | None]:
    """The person's stored name, language and time zone."""
    async with session_factory() as session:
        user = (
            await session.execute(select(User).where(User.external_id == who.external_id))
        ).scalar_one()
    return user.display_name, user.language, user.timezone


async def test_a_forged_or_declined_invite_keeps_neither_name_nor_language(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    token = await make_invite(service, 0)
    forged = await service.handle(STRANGER, command("start", "x" * 32))
    assert forged.messages[0].kind == "error"
    assert await kept(session_factory, STRANGER) == (None, None, None)
    reply = await service.handle(CUSTOMER, command("start", token))
    assert "Will you take part?" in reply.messages[-1].text  # their Telegram language, unkept
    assert await kept(session_factory, CUSTOMER) == (None, None, None)
    declined = await press(service, CUSTOMER, reply, 2)
    assert "Nothing of yours was stored" in declined.messages[-1].text
    assert await kept(session_factory, CUSTOMER) == (None, None, None)
    # the owner, who began a map, is kept by name and language
    assert await kept(session_factory, OWNER) == ("Olga", "nl", None)


async def test_consent_keeps_the_language_and_only_a_named_person_s_name(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    token = await make_invite(service, 0)
    await join(service, CUSTOMER, token, consent_index=0)  # anonymously
    assert await kept(session_factory, CUSTOMER) == (None, "en", None)
    await join(service, STRANGER, token, consent_index=1)  # with their name
    assert await kept(session_factory, STRANGER) == ("Sven", "nl", None)
    renamed = Who(STRANGER.channel, STRANGER.external_id, "Sven B.", STRANGER.language_code)
    await service.handle(renamed, Inbound(kind="text", text="1,2"))
    assert (await kept(session_factory, STRANGER))[0] == "Sven B."  # a kept name follows


async def test_forget_erases_the_person_unless_they_have_another_role(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    token = await make_invite(service, 0)
    await join(service, CUSTOMER, token, consent_index=1)
    await service.handle(CUSTOMER, command("timezone", "Europe/London"))
    assert await kept(session_factory, CUSTOMER) == ("Carla", "en", "Europe/London")
    ask = await service.handle(CUSTOMER, command("forget"))
    done = await press(service, CUSTOMER, ask, 0)
    assert "and your name and language" in done.messages[0].text
    assert await kept(session_factory, CUSTOMER) == (None, None, None)
    # Someone who answers another owner's interview and owns a map of their own keeps both.
    await service.handle(STRANGER, command("start"))
    await join(service, STRANGER, token, consent_index=1)
    ask = await service.handle(STRANGER, command("forget"))
    done = await press(service, STRANGER, ask, 0)
    assert "Gewist: je antwoorden uit 1 interview(s)." in done.messages[0].text
    assert await kept(session_factory, STRANGER) == ("Sven", "nl", None)


async def test_an_applied_update_keeps_only_its_id(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """The inbox's raw JSON carries the sender's name and language; once applied, only the
    update id is needed (a redelivery is recognised by it)."""
    payload = {"update_id": 7, "from": {"first_name": "Sven", "language_code": "nl"}}
    await service.record("telegram", [Recorded(STRANGER.external_id, 7, payload)])
    outlet = RecordingOutlet()

    def read(raw: dict[str, Any]) -> tuple[Who, Inbound, RecordingOutlet]:
        return STRANGER, command("start", "x" * 32), outlet

    async with service.holding("telegram", STRANGER.external_id):
        applied = await service.respond_next("telegram", STRANGER.external_id, read)
    assert applied is not None
    assert outlet.messages[0].kind == "error"  # the forged link, refused
    async with session_factory() as session:
        (entry,) = (await session.execute(select(InboxUpdate))).scalars()
    assert entry.applied_at is not None
    assert entry.payload == {}
    await service.record("telegram", [Recorded(STRANGER.external_id, 7, payload)])
    async with service.holding("telegram", STRANGER.external_id):
        assert await service.respond_next("telegram", STRANGER.external_id, read) is None
    assert await kept(session_factory, STRANGER) == (None, None, None)
