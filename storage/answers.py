"""Answers: append-only; the latest row per (contribution, key) is the current value.

Nothing here updates an answer: an edit appends a row that supersedes the previous one, so the
full history is kept until a privacy erase (`storage.contributions.erase_contribution`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.values import AnswerRecord, JSONValue
from storage.models import Answer, Contribution

__all__ = ["append_answers", "current_answers", "current_answers_for_map"]

_TABLE = cast(Table, Answer.__table__)
_INSERT = insert(_TABLE)  # built once: every answered question runs it


async def append_answers(
    session: AsyncSession,
    contribution_id: int,
    records: Sequence[AnswerRecord],
    now: datetime,
) -> None:
    """Append ``records`` in order (one prepared INSERT, executed for each row in turn, so
    ids grow in the order of ``records``). Later records win over earlier ones with the same
    key."""
    if records:
        rows = [
            {"contribution_id": contribution_id, "key": r.key, "value": r.value, "created_at": now}
            for r in records
        ]
        await session.execute(_INSERT, rows)


async def current_answers(session: AsyncSession, contribution_id: int) -> dict[str, JSONValue]:
    """The current value of every answered key (skipped optional questions map to None), in
    the order they were last answered."""
    latest = (
        select(func.max(Answer.id))
        .where(Answer.contribution_id == contribution_id)
        .group_by(Answer.key)
    )
    query = select(Answer.key, Answer.value).where(Answer.id.in_(latest)).order_by(Answer.id)
    return dict((await session.execute(query)).all())


async def current_answers_for_map(
    session: AsyncSession, map_id: int, *, flow_id: str | None = None
) -> dict[int, dict[str, JSONValue]]:
    """Current answers of every contribution to the map (or only those of one flow), by
    contribution id, in one query.

    Contributions without answers (or erased ones) are absent; pair with
    `storage.contributions.contributions_for_map` for the participants themselves.
    """
    ids = (
        select(func.max(Answer.id).label("id"))
        .join(Contribution, Contribution.id == Answer.contribution_id)
        .where(Contribution.map_id == map_id)
    )
    if flow_id is not None:
        ids = ids.where(Contribution.flow_id == flow_id)
    latest = ids.group_by(Answer.contribution_id, Answer.key).subquery()
    query = (
        select(Answer.contribution_id, Answer.key, Answer.value)
        .join(latest, latest.c.id == Answer.id)
        .order_by(Answer.id)  # integer sort: far cheaper than collated text keys
    )
    result: dict[int, dict[str, JSONValue]] = {}
    for contribution_id, key, value in await session.execute(query):
        result.setdefault(contribution_id, {})[key] = value
    return result
