"""Database growth: time per answer with an empty answers table and with a million rows.

Two scratch databases: one is filled through the storage layer's own tables (multi-row
INSERTs in big batches, spread over many contributions), the other stays empty. Then both are
timed doing what every interview input does to answers — `append_answers` of one record plus
`current_answers` of that contribution, in one transaction — in alternating batches, so a
change of the machine's speed during the measurement hits both alike (this VM's speed drifts
over minutes; timing the empty table before the fill and the full one after it put that drift
into the ratio). The ratio full/empty should stay near 1: the (contribution_id, key, id) index
keeps both independent of the table's size.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

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


async def _owner_map(engine: AsyncEngine) -> dict[str, Any]:
    """A user and their map: the columns every contribution of the benchmark shares."""
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
    return {"map_id": map_id, "user_id": user_id, "role": "owner", "flow_id": "owner"}


async def _contributions(engine: AsyncEngine, row: dict[str, Any], count: int) -> range:
    """``count`` new contributions made of ``row``; their ids."""
    async with engine.begin() as conn:
        first = (
            await conn.execute(
                insert(Contribution).values(**row, state={}).returning(Contribution.id)
            )
        ).scalar_one()
        if count > 1:
            await conn.execute(insert(Contribution), [row] * (count - 1))
    return range(first, first + count)


async def _fill(engine: AsyncEngine, row: dict[str, Any], rows: int) -> None:
    owners = await _contributions(engine, row, max(1, rows // ANSWERS_PER_CONTRIBUTION))
    pending: list[dict[str, Any]] = []
    async with engine.begin() as conn:
        for n in range(rows):
            pending.append(
                {
                    "contribution_id": owners[n % len(owners)],
                    "key": f"stage.q{n % 40}",
                    "value": f"a stored answer number {n}",
                    "created_at": NOW,
                }
            )
            if len(pending) == BATCH:
                await conn.execute(insert(Answer), pending)
                pending = []
        if pending:
            await conn.execute(insert(Answer), pending)
    if engine.dialect.name == "postgresql":
        # A live table is vacuumed and analysed by autovacuum as it grows; do it now, so
        # autovacuum does not start on the fresh million rows in the middle of the timing.
        async with engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.exec_driver_sql("VACUUM ANALYZE answers")


async def measure(
    database: str, empty_url: str, full_url: str, rows: int, samples: int = 300
) -> GrowthResult:
    """Time per answer on the empty database and on the one filled with ``rows`` answers."""
    engines = {}
    try:
        shared, probes = {}, {}
        for name, url in (("empty", empty_url), ("full", full_url)):
            await upgrade(url)
            engines[name] = create_engine(url)
            shared[name] = await _owner_map(engines[name])
            probes[name] = (await _contributions(engines[name], shared[name], 1))[0]
        fill_start = time.perf_counter()
        await _fill(engines["full"], shared["full"], rows)
        fill_seconds = time.perf_counter() - fill_start
        sessions = {name: session_factory(engine) for name, engine in engines.items()}
        times: dict[str, list[float]] = {"empty": [], "full": []}
        for name in times:  # warm up
            await _time_answers(sessions[name], probes[name], 20)
        batch = 20
        for round_ in range(max(1, samples // batch)):
            order = ("empty", "full") if round_ % 2 == 0 else ("full", "empty")
            for name in order:
                times[name] += await _time_answers(sessions[name], probes[name], batch)
    finally:
        for engine in engines.values():
            await engine.dispose()
    empty_s, full_s = latency_summary(times["empty"]), latency_summary(times["full"])
    return GrowthResult(
        database=database,
        stored_answers=rows,
        fill_seconds=round(fill_seconds, 1),
        empty_ms=empty_s,
        full_ms=full_s,
        ratio_p50=round(full_s["p50"] / empty_s["p50"], 2),
        ratio_mean=round(full_s["mean"] / empty_s["mean"], 2),
    )
