"""Small builders for storage tests: users, maps, states, contributions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from flows.values import FlowState
from storage import Contribution, Map, User
from storage.contributions import start_contribution
from storage.maps import create_map
from storage.users import get_or_create_user

F = TypeVar("F", bound=Callable[..., Any])

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def flow_state(rev: int = 0, **values: object) -> FlowState:
    return FlowState(flow_id="owner", flow_version=1, lang="nl", rev=rev, values=dict(values))


async def make_user(session: AsyncSession, name: str = "ann", *, language: str = "nl") -> User:
    return await get_or_create_user(
        session, channel="telegram", external_id=f"id-{name}", display_name=name, language=language
    )


async def make_map(session: AsyncSession, owner: User, title: str = "Bakery") -> Map:
    return await create_map(session, owner=owner, title=title, language="nl")


async def make_contribution(
    session: AsyncSession,
    journey_map: Map,
    user: User,
    *,
    role: str = "owner",
    flow_id: str = "owner",
    consent_at: datetime | None = None,
    named: bool = False,
) -> Contribution:
    return await start_contribution(
        session,
        map_id=journey_map.id,
        user_id=user.id,
        role=role,  # type: ignore[arg-type]
        flow_id=flow_id,
        state=flow_state(),
        now=T0,
        consent_at=consent_at,
        named=named,
    )


def postgres_only(test: F) -> F:
    """Run ``test`` on the PostgreSQL database only (row locks, real concurrency)."""
    only_pg = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
    marked: F = pytest.mark.postgres(only_pg(test))
    return marked
