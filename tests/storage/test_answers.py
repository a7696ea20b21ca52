"""Answers are append-only: an edit supersedes, the history stays, erase removes all."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.values import AnswerRecord
from storage import Answer, Contribution
from storage.answers import append_answers, current_answers, current_answers_for_map
from storage.contributions import contributions_for_map, erase_contribution
from storage.conversations import load_conversation, save_conversation
from tests.storage.factories import T0, make_contribution, make_map, make_user


async def _history(session: AsyncSession, contribution_id: int, key: str) -> list[Answer]:
    """Every stored value of ``key``, oldest first (nothing in the product reads it back)."""
    query = (
        select(Answer)
        .where(Answer.contribution_id == contribution_id, Answer.key == key)
        .order_by(Answer.id)
    )
    return list((await session.execute(query)).scalars())


async def test_latest_answer_per_key_is_current_and_history_is_kept(
    session: AsyncSession,
) -> None:
    ann = await make_user(session)
    contribution = await make_contribution(session, await make_map(session, ann), ann)
    await append_answers(
        session,
        contribution.id,
        [AnswerRecord("persona.name", "Mia"), AnswerRecord("stage.0.emotion", -1)],
        T0,
    )
    later = T0 + timedelta(minutes=5)
    await append_answers(
        session,
        contribution.id,
        [AnswerRecord("persona.name", "Mira"), AnswerRecord("channels", ["phone", "shop"])],
        later,
    )
    assert await current_answers(session, contribution.id) == {
        "channels": ["phone", "shop"],
        "persona.name": "Mira",
        "stage.0.emotion": -1,
    }
    history = await _history(session, contribution.id, "persona.name")
    assert [(a.value, a.created_at) for a in history] == [("Mia", T0), ("Mira", later)]
    assert history[0].id < history[1].id


async def test_within_one_batch_the_later_record_wins(session: AsyncSession) -> None:
    ann = await make_user(session)
    contribution = await make_contribution(session, await make_map(session, ann), ann)
    records = [AnswerRecord("k", n) for n in range(5)] + [AnswerRecord("k", "last")]
    await append_answers(session, contribution.id, records, T0)
    assert await current_answers(session, contribution.id) == {"k": "last"}
    history = await _history(session, contribution.id, "k")
    assert [a.value for a in history] == [0, 1, 2, 3, 4, "last"]


async def test_skipped_answer_is_stored_as_none_and_can_be_superseded(
    session: AsyncSession,
) -> None:
    ann = await make_user(session)
    contribution = await make_contribution(session, await make_map(session, ann), ann)
    await append_answers(session, contribution.id, [AnswerRecord("goal", None)], T0)
    assert await current_answers(session, contribution.id) == {"goal": None}
    await append_answers(session, contribution.id, [AnswerRecord("goal", "grow")], T0)
    await append_answers(session, contribution.id, [AnswerRecord("goal", None)], T0)
    assert await current_answers(session, contribution.id) == {"goal": None}
    assert len(await _history(session, contribution.id, "goal")) == 3


async def test_json_values_round_trip(session: AsyncSession) -> None:
    ann = await make_user(session)
    contribution = await make_contribution(session, await make_map(session, ann), ann)
    values = {
        "text": 'Ça va? 👍 "quoted" \\ <b>',
        "int": 2,
        "negative": -2,
        "bool": True,
        "list": ["a", "b"],
        "empty": "",
        "nested": {"x": [1, {"y": None}]},
    }
    await append_answers(
        session, contribution.id, [AnswerRecord(k, v) for k, v in values.items()], T0
    )
    assert await current_answers(session, contribution.id) == values


async def test_empty_append_is_a_no_op(session: AsyncSession) -> None:
    ann = await make_user(session)
    contribution = await make_contribution(session, await make_map(session, ann), ann)
    await append_answers(session, contribution.id, [], T0)
    assert await current_answers(session, contribution.id) == {}


async def test_large_batches_are_split_but_keep_their_order(session: AsyncSession) -> None:
    ann = await make_user(session)
    contribution = await make_contribution(session, await make_map(session, ann), ann)
    records = [AnswerRecord(f"k{n % 700}", n) for n in range(1500)]
    await append_answers(session, contribution.id, records, T0)
    current = await current_answers(session, contribution.id)
    assert len(current) == 700
    assert current["k0"] == 1400
    assert current["k99"] == 1499
    assert current["k100"] == 800


async def test_current_answers_for_map_groups_by_contribution(session: AsyncSession) -> None:
    ann, cy = await make_user(session, "ann"), await make_user(session, "cy")
    journey_map, other = await make_map(session, ann), await make_map(session, ann, "other")
    own = await make_contribution(session, journey_map, ann)
    customer = await make_contribution(session, journey_map, cy, role="customer")
    silent = await make_contribution(session, journey_map, cy, role="customer")
    elsewhere = await make_contribution(session, other, ann)
    await append_answers(
        session, own.id, [AnswerRecord("a", 1), AnswerRecord("b", 1), AnswerRecord("a", 2)], T0
    )
    await append_answers(session, customer.id, [AnswerRecord("a", "x")], T0)
    await append_answers(session, elsewhere.id, [AnswerRecord("a", "not me")], T0)
    by_contribution = await current_answers_for_map(session, journey_map.id)
    assert by_contribution == {own.id: {"a": 2, "b": 1}, customer.id: {"a": "x"}}
    assert silent.id not in by_contribution


async def test_current_answers_for_map_of_one_flow(session: AsyncSession) -> None:
    ann, cy = await make_user(session, "ann"), await make_user(session, "cy")
    journey_map = await make_map(session, ann)
    own = await make_contribution(session, journey_map, ann)
    customer = await make_contribution(
        session, journey_map, cy, role="customer", flow_id="customer"
    )
    await append_answers(session, own.id, [AnswerRecord("stages", ["A"])], T0)
    await append_answers(session, customer.id, [AnswerRecord("visited", ["a"])], T0)
    owners = await current_answers_for_map(session, journey_map.id, flow_id="owner")
    assert owners == {own.id: {"stages": ["A"]}}
    everyone = await current_answers_for_map(session, journey_map.id)
    assert set(everyone) == {own.id, customer.id}
    # The participants themselves, filtered the same way.
    of_owner_flow = await contributions_for_map(session, journey_map.id, flow_id="owner")
    assert [c.id for c in of_owner_flow] == [own.id]


async def test_erase_contribution_hard_deletes_answers_and_state(session: AsyncSession) -> None:
    ann, cy = await make_user(session, "ann"), await make_user(session, "cy")
    journey_map = await make_map(session, ann)
    erased = await make_contribution(
        session, journey_map, cy, role="customer", consent_at=T0, named=True
    )
    kept = await make_contribution(session, journey_map, ann)
    for contribution in (erased, kept):
        await append_answers(
            session, contribution.id, [AnswerRecord("a", "1"), AnswerRecord("a", "2")], T0
        )
    conversation = await load_conversation(session, cy.id)
    await save_conversation(session, conversation, active_contribution_id=erased.id, ui={})
    version = erased.version

    assert await erase_contribution(session, erased.id, now=T0) is True

    assert await current_answers(session, erased.id) == {}
    assert await _history(session, erased.id, "a") == []
    left = select(func.count()).select_from(Answer).where(Answer.contribution_id == erased.id)
    assert (await session.execute(left)).scalar_one() == 0
    assert await current_answers(session, kept.id) == {"a": "2"}
    shell = await session.get(Contribution, erased.id)
    assert shell is erased  # the same object, refreshed by the erase
    assert shell.state is None
    assert shell.flow_state is None
    assert (shell.status, shell.named, shell.consent_at) == ("cancelled", False, None)
    assert shell.version == version + 1
    assert conversation.active_contribution_id is None
    assert (await load_conversation(session, cy.id)).active_contribution_id is None
    assert await erase_contribution(session, 10_000) is False
