"""Contributions: one participant's run through one flow, with optimistic state saving."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from flows.values import FlowState
from storage.models import (
    Answer,
    Contribution,
    ContributionRole,
    ContributionStatus,
    Conversation,
    User,
)
from storage.types import utcnow

__all__ = [
    "StaleStateError",
    "contributions_for_map",
    "contributions_to_remind",
    "erase_contribution",
    "find_active_contribution",
    "finish_contribution",
    "latest_contribution",
    "live_contributions_of",
    "mark_reminded",
    "save_contribution_state",
    "start_contribution",
]

_TABLE = cast(Table, Contribution.__table__)
# Built once (every answered question runs it); a Core statement on the table, so the ORM's
# bulk-update machinery is not involved. ``expected`` is the version the caller read.
_SAVE_STATE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("contribution_id"), _TABLE.c.version == bindparam("expected"))
    .values(state=bindparam("state"), version=_TABLE.c.version + 1, updated_at=bindparam("now"))
    .returning(_TABLE.c.version)
)


class StaleStateError(Exception):
    """The contribution changed since its state was read; reload it and apply the input again."""

    def __init__(self, contribution_id: int, expected_version: int) -> None:
        super().__init__(
            f"contribution {contribution_id} is no longer at version {expected_version}: "
            "it was changed by another update (or erased); reload and retry"
        )
        self.contribution_id = contribution_id
        self.expected_version = expected_version


def _dump(state: FlowState) -> dict[str, Any]:
    return state.model_dump(mode="json")


async def start_contribution(
    session: AsyncSession,
    *,
    map_id: int,
    user_id: int,
    role: ContributionRole,
    flow_id: str,
    state: FlowState,
    now: datetime,
    invite_id: int | None = None,
    consent_at: datetime | None = None,
    named: bool = False,
) -> Contribution:
    """Start an active contribution at ``state`` (version 1)."""
    contribution = Contribution(
        map_id=map_id,
        user_id=user_id,
        role=role,
        flow_id=flow_id,
        invite_id=invite_id,
        status="active",
        state=_dump(state),
        version=1,
        consent_at=consent_at,
        named=named,
        started_at=now,
        updated_at=now,
        reminders_sent=0,
    )
    session.add(contribution)
    await session.flush()
    return contribution


async def find_active_contribution(
    session: AsyncSession, *, map_id: int, user_id: int, flow_id: str
) -> Contribution | None:
    """The user's most recent active contribution to this map with this flow, if any."""
    query = (
        select(Contribution)
        .where(
            Contribution.map_id == map_id,
            Contribution.user_id == user_id,
            Contribution.flow_id == flow_id,
            Contribution.status == "active",
        )
        .order_by(Contribution.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def latest_contribution(
    session: AsyncSession,
    *,
    map_id: int,
    user_id: int,
    flow_id: str | None = None,
    role: ContributionRole | None = None,
) -> Contribution | None:
    """The user's newest contribution to the map that was not erased, whatever its status,
    optionally of one flow or role (to continue or reopen it)."""
    query = select(Contribution).where(
        Contribution.map_id == map_id,
        Contribution.user_id == user_id,
        Contribution.state.is_not(None),
    )
    if flow_id is not None:
        query = query.where(Contribution.flow_id == flow_id)
    if role is not None:
        query = query.where(Contribution.role == role)
    query = query.order_by(Contribution.id.desc()).limit(1)
    return (await session.execute(query)).scalar_one_or_none()


async def save_contribution_state(
    session: AsyncSession,
    contribution: Contribution,
    state: FlowState,
    *,
    expected_version: int,
    now: datetime | None = None,
) -> Contribution:
    """Store ``state`` if the contribution is still at ``expected_version``; bump the version.

    The check and the write are one conditional UPDATE, so two workers that read the same
    version cannot both win: the loser gets `StaleStateError` (and should roll back).
    """
    data = _dump(state)
    updated_at = now or utcnow()
    params = {
        "contribution_id": contribution.id,
        "expected": expected_version,
        "state": data,
        "now": updated_at,
    }
    new_version = (await session.execute(_SAVE_STATE, params)).scalar_one_or_none()
    if new_version is None:
        raise StaleStateError(contribution.id, expected_version)
    # Mirror the row into the object without marking it dirty (no second UPDATE on flush).
    set_committed_value(contribution, "state", data)
    set_committed_value(contribution, "version", int(new_version))
    set_committed_value(contribution, "updated_at", updated_at)
    return contribution


async def finish_contribution(
    session: AsyncSession,
    contribution: Contribution,
    *,
    now: datetime,
    status: ContributionStatus = "finished",
) -> Contribution:
    """Close the contribution as ``finished`` (or ``cancelled``); its answers stay."""
    values = {"status": status, "finished_at": now, "updated_at": now}
    statement = (
        update(Contribution)
        .where(Contribution.id == contribution.id)
        .values(**values, version=Contribution.version + 1)
        .returning(Contribution.version)
        .execution_options(synchronize_session=False)
    )
    new_version = (await session.execute(statement)).scalar_one()
    for name, value in [*values.items(), ("version", new_version)]:
        set_committed_value(contribution, name, value)
    return contribution


async def contributions_for_map(
    session: AsyncSession,
    map_id: int,
    *,
    statuses: Collection[ContributionStatus] | None = None,
    flow_id: str | None = None,
) -> list[Contribution]:
    """The map's contributions in start order, optionally only those with given statuses or
    of one flow."""
    query = select(Contribution).where(Contribution.map_id == map_id)
    if statuses is not None:
        query = query.where(Contribution.status.in_(list(statuses)))
    if flow_id is not None:
        query = query.where(Contribution.flow_id == flow_id)
    query = query.order_by(Contribution.id)
    return list((await session.execute(query)).scalars())


async def contributions_to_remind(
    session: AsyncSession, *, idle_since: datetime, max_reminders: int
) -> list[Contribution]:
    """Active contributions untouched since ``idle_since`` (and not reminded since), whose user
    accepts notifications and who had fewer than ``max_reminders`` reminders.

    Claimed for the caller's transaction: on PostgreSQL the rows are locked and rows another
    worker's check holds are skipped (``FOR UPDATE SKIP LOCKED``), so checks that overlap
    remind each person once (one that begins after the other's commit no longer finds them
    idle); SQLite's write lock already runs one check at a time."""
    query = (
        select(Contribution)
        .join(User, User.id == Contribution.user_id)
        .where(
            Contribution.status == "active",
            Contribution.updated_at < idle_since,
            Contribution.reminders_sent < max_reminders,
            or_(
                Contribution.last_reminded_at.is_(None), Contribution.last_reminded_at < idle_since
            ),
            User.notify.is_(True),
        )
        .order_by(Contribution.id)
        .with_for_update(of=Contribution, skip_locked=True)
    )
    return list((await session.execute(query)).scalars())


async def mark_reminded(
    session: AsyncSession, contribution: Contribution, *, now: datetime
) -> Contribution:
    """Count one more reminder and its time, which the reminder query's cap and wait read."""
    contribution.reminders_sent += 1
    contribution.last_reminded_at = now
    await session.flush()
    return contribution


async def erase_contribution(
    session: AsyncSession, contribution_id: int, *, now: datetime | None = None
) -> bool:
    """Privacy erase: delete every answer (all versions) and the stored state, for good.

    The row stays as an empty, cancelled shell (so counts and foreign keys stay valid) with
    its version bumped, so a concurrent save fails with `StaleStateError` instead of
    resurrecting the state. Conversations pointing at it are detached. True if it existed.
    """
    when = now or utcnow()
    statement = (
        update(Contribution)
        .where(Contribution.id == contribution_id)
        .values(
            state=None,
            status=case((Contribution.status == "active", "cancelled"), else_=Contribution.status),
            finished_at=func.coalesce(Contribution.finished_at, when),
            consent_at=None,
            named=False,
            updated_at=when,
            version=Contribution.version + 1,
        )
        .returning(Contribution)
        # The returned row refreshes a Contribution already in the session (no stale state).
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    if (await session.execute(statement)).scalar_one_or_none() is None:
        return False
    await session.execute(delete(Answer).where(Answer.contribution_id == contribution_id))
    await session.execute(
        update(Conversation)
        .where(Conversation.active_contribution_id == contribution_id)
        .values(active_contribution_id=None)
        .execution_options(synchronize_session="fetch")
    )
    return True


async def live_contributions_of(
    session: AsyncSession, user_id: int, *, roles: Collection[str] | None = None
) -> list[Contribution]:
    """A user's contributions that were not erased, oldest first, optionally of some roles."""
    query = select(Contribution).where(
        Contribution.user_id == user_id, Contribution.state.is_not(None)
    )
    if roles is not None:
        query = query.where(Contribution.role.in_(roles))
    return list((await session.execute(query.order_by(Contribution.id))).scalars())
