"""Make concurrent transactions overlap for certain, without sleeping for a guessed time."""

from __future__ import annotations

import asyncio
from types import TracebackType

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

# Backends of this test database blocked on a lock (row, tuple, transaction id, ...); each
# poll runs on a fresh connection, as PostgreSQL keeps a statistics snapshot per transaction.
_WAITING_FOR_LOCKS = text(
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


class Overlap:
    """``workers`` concurrent transactions that each stay open until the others ran into them.

    Each worker runs inside ``async with overlap.worker() as me:`` and calls ``await me.hold()``
    in its transaction after the statements that must overlap: it returns once every other
    worker is settled, i.e. waiting for a lock (on PostgreSQL), holding too, or finished. So
    the first transaction commits only after the others have tried, however fast the machine.

    On SQLite the engine has one pooled connection: the other workers cannot start before this
    one commits (they queue for the connection), so `hold` returns at once.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], workers: int) -> None:
        engine = session_factory.kw["bind"]
        assert isinstance(engine, AsyncEngine)
        self._engine = engine
        self._workers = workers
        self._settled = 0

    def worker(self) -> OverlapWorker:
        return OverlapWorker(self)

    def _settle(self) -> None:
        self._settled += 1

    async def _wait_for_the_others(self) -> None:
        if self._engine.dialect.name != "postgresql":
            return
        # Polled: the database, not this process, knows who waits for a lock. How long it
        # takes does not matter.
        while self._settled + await self._waiting_for_locks() < self._workers:  # noqa: ASYNC110
            await asyncio.sleep(0.005)

    async def _waiting_for_locks(self) -> int:
        async with self._engine.connect() as connection:
            return int((await connection.execute(_WAITING_FOR_LOCKS)).scalar_one())


class OverlapWorker:
    def __init__(self, overlap: Overlap) -> None:
        self._overlap = overlap
        self._settled = False

    async def hold(self) -> None:
        """Return once every other worker waits for a lock, holds too, or finished."""
        self._settle()
        await self._overlap._wait_for_the_others()

    def _settle(self) -> None:
        if not self._settled:
            self._settled = True
            self._overlap._settle()

    async def __aenter__(self) -> OverlapWorker:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._settle()  # finished (or failed) without holding: nobody waits for it
