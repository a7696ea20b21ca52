"""A map's customers are addressed as its owner chose ("je" or "u") and see the stages in
the owner's wording for them (issue 13, items 1 and 4), on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.service import ChatService, Reply, Who
from flows.values import AnswerRecord, Inbound
from storage.answers import append_answers, current_answers
from storage.models import Contribution, Map
from tests.bot.test_sharing import LINK, NOW, OWNER, buttons, command, labels, service

__all__ = ["service"]  # the fixture

FORMAL = Who("telegram", "22", "Gerard", "nl")
INFORMAL = Who("telegram", "23", "Ilse", "nl")


async def tap(service: ChatService, who: Who, reply: Reply, label: str) -> Reply:
    index = next(n for n, text in enumerate(labels(reply)) if label in text)
    return await service.handle(who, Inbound(kind="button", data=buttons(reply)[index]))


async def customer_invite(service: ChatService, address: str, *typed: str) -> tuple[str, Reply]:
    """The owner's customer invite: the address, then ``typed`` edits of the wording."""
    reply = await service.handle(OWNER, command("invite"))
    reply = await tap(service, OWNER, reply, "Klanten")
    reply = await tap(service, OWNER, reply, f"{address.capitalize()} (")
    wording = reply
    for text in typed:
        reply = await service.handle(OWNER, Inbound(kind="text", text=text))
    reply = await tap(service, OWNER, reply, "Deze lijst houden")
    reply = await tap(service, OWNER, reply, "Een maand")
    reply = await tap(service, OWNER, reply, "Onbeperkt")
    match = LINK.search("\n".join(m.text for m in reply.messages))
    assert match, reply.messages
    return match.group(1), wording


async def test_customers_are_addressed_as_the_owner_chose(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await service.handle(OWNER, command("start"))
    token, wording = await customer_invite(service, "u", "2 = U keek rond bij ons")
    assert "U merkte dat u iets nodig had" in wording.messages[-1].text  # proposed in u-form
    async with session_factory() as session:
        journey_map = (await session.execute(select(Map))).scalar_one()
        assert journey_map.customer_address == "u"
        assert journey_map.stage_wording == {"orientation": "U keek rond bij ons"}

    intro = await service.handle(FORMAL, command("start", token))
    text = "\n".join(m.text for m in intro.messages)
    assert "Goedendag!" in text
    assert "Doet u mee?" in text
    reply = await tap(service, FORMAL, intro, "Ja, anoniem")
    assert "Dank u wel!" in reply.messages[0].text
    assert "Wanneer was dat ongeveer" in reply.messages[-1].text
    assert "dat u met ons te maken had" in reply.messages[-1].text
    reply = await tap(service, FORMAL, reply, "De afgelopen maand")
    reply = await service.handle(FORMAL, Inbound(kind="text", text="Een nieuwe fiets"))
    reply = await service.handle(FORMAL, Inbound(kind="text", text="Rondgekeken\nGekocht"))
    assert "U keek rond bij ons" in labels(reply)  # the owner's wording
    assert "U bestelde, kocht of boekte" in labels(reply)  # the rest in u-form

    # The next invite proposes the owner's wording; choosing "je" words the rest informally.
    _, again = await customer_invite(service, "je")
    assert "U keek rond bij ons" in again.messages[-1].text
    assert "Je merkte dat je iets nodig had" in again.messages[-1].text
    async with session_factory() as session:
        journey_map = (await session.execute(select(Map))).scalar_one()
        assert journey_map.customer_address == "je"

    # An interview under way keeps the address it began with.
    resumed = await service.handle(FORMAL, command("start"))
    assert "U keek rond bij ons" in labels(resumed)
    assert "Welkom terug bij het interview" in resumed.messages[0].text
    assert "waar u was" in resumed.messages[0].text
    reminded = await service.handle(OWNER, command("remind"))
    (notice,) = reminded.notices
    assert notice.text.startswith("U was halverwege het interview")
    token, _ = await customer_invite(service, "je")
    intro = await service.handle(INFORMAL, command("start", token))
    assert "Doe je mee?" in "\n".join(m.text for m in intro.messages)


async def test_a_business_customer_is_asked_their_part_in_the_decision(
    service: ChatService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await service.handle(OWNER, command("start"))
    async with session_factory() as session, session.begin():
        owner_part = (await session.execute(select(Contribution))).scalar_one()
        await append_answers(session, owner_part.id, [AnswerRecord("goal.market", "b2b")], NOW)
    token, _ = await customer_invite(service, "u")
    reply = await tap(service, FORMAL, await service.handle(FORMAL, command("start", token)), "Ja")
    reply = await tap(service, FORMAL, reply, "De afgelopen maand")
    reply = await service.handle(FORMAL, Inbound(kind="text", text="Een nieuw netwerk"))
    assert "Welke rol had u bij de beslissing" in reply.messages[-1].text
    reply = await tap(service, FORMAL, reply, "Beslisser")
    assert "Wat deed u toen, stap voor stap?" in reply.messages[-1].text
    async with session_factory() as session:
        mine = (
            await session.execute(select(Contribution).where(Contribution.role == "customer"))
        ).scalar_one()
        assert (await current_answers(session, mine.id))["role"] == "decider"
