"""Database growth: time per answer with an empty answers table and with a million rows.

Fills a scratch database through the storage layer's own tables (multi-row INSERTs in big
batches, spread over many contributions), then times what every interview input does to
answers: `append_answers` of one record plus `current_answers` of that contribution, in one
transaction. The ratio full/empty should stay near 1: the (contribution_id, key, id) index
keeps both independent of the table's size.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert

from bench.stats import latency_summary
from flows.values import AnswerRecord
from storage.answers import append_answers, current_answers
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import Answer, Contribution, Map, User

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ANSWERS_PER_CONTRIBUTION = 20
BATCH = 20_000


@dataclass
class GrowthResult:
    database: str
    stored_answers: int
    fill_seconds: float
    empty_ms: dict[str, float]
    full_ms: dict[str, float]
    ratio_p50: float
    ratio_mean: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


async def _time_answers(sessions: Any, contribution_id: int, count: int) -> list[float]:
    times = []
    for n in range(count):
        record = AnswerRecord(key=f"bench.q{n % 25}", value=f"answer {n}")
        start = time.perf_counter()
        async with sessions() as session, session.begin():
            await append_answers(session, contribution_id, [record], NOW)
            await current_answers(session, contribution_id)
        times.append(time.perf_counter() - start)
    return times


async def measure(database: str, url: str, rows: int, samples: int = 300) -> GrowthResult:
    await upgrade(url)
    engine = create_engine(url)
    sessions = session_factory(engine)
    try:
        async with engine.begin() as conn:
            user_id = (
                await conn.execute(
                    insert(User)
                    .values(channel="terminal", external_id="bench", language="nl")
                    .returning(User.id)
                )
            ).scalar_one()
            map_id = (
                await conn.execute(
                    insert(Map)
                    .values(title="bench", language="nl", owner_user_id=user_id)
                    .returning(Map.id)
                )
            ).scalar_one()

        async def contributions(count: int) -> list[int]:
            ids: list[int] = []
            async with engine.begin() as conn:
                for _ in range(count):
                    ids.append(
                        (
                            await conn.execute(
                                insert(Contribution)
                                .values(
                                    map_id=map_id,
                                    user_id=user_id,
                                    role="owner",
                                    flow_id="owner",
                                    state={},
                                )
                                .returning(Contribution.id)
                            )
                        ).scalar_one()
                    )
            return ids

        probe_empty, probe_full = await contributions(2)
        await _time_answers(sessions, probe_empty, 20)  # warm up
        empty = await _time_answers(sessions, probe_empty, samples)

        fill_start = time.perf_counter()
        owners = max(1, rows // ANSWERS_PER_CONTRIBUTION)
        async with engine.begin() as conn:
            first = (
                await conn.execute(
                    insert(Contribution)
                    .values(map_id=map_id, user_id=user_id, role="owner", flow_id="owner", state={})
                    .returning(Contribution.id)
                )
            ).scalar_one()
            await conn.execute(
                insert(Contribution),
                [
                    {"map_id": map_id, "user_id": user_id, "role": "owner", "flow_id": "owner"}
                    for _ in range(owners - 1)
                ],
            )
        ids = range(first, first + owners)
        pending: list[dict[str, Any]] = []
        written = 0
        async with engine.begin() as conn:
            for n in range(rows):
                pending.append(
                    {
                        "contribution_id": ids[n % owners],
                        "key": f"stage.q{n % 40}",
                        "value": f"a stored answer number {n}",
                        "created_at": NOW,
                    }
                )
                if len(pending) == BATCH:
                    await conn.execute(insert(Answer), pending)
                    written += len(pending)
                    pending = []
            if pending:
                await conn.execute(insert(Answer), pending)
        fill_seconds = time.perf_counter() - fill_start
        if database == "postgresql":
            async with engine.connect() as conn:
                await conn.exec_driver_sql("ANALYZE answers")
        await _time_answers(sessions, probe_full, 20)
        full = await _time_answers(sessions, probe_full, samples)
    finally:
        await engine.dispose()
    empty_s, full_s = latency_summary(empty), latency_summary(full)
    return GrowthResult(
        database=database,
        stored_answers=rows,
        fill_seconds=round(fill_seconds, 1),
        empty_ms=empty_s,
        full_ms=full_s,
        ratio_p50=round(full_s["p50"] / empty_s["p50"], 2),
        ratio_mean=round(full_s["mean"] / empty_s["mean"], 2),
    )
