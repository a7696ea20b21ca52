"""Dialect-specific statement builders shared by the repositories."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["DIALECTS", "insert_or_ignore", "insert_or_ignore_for"]


def dialect_name(session: AsyncSession) -> str:
    """The session's database dialect name, to pick the statement form for it."""
    return session.get_bind().dialect.name


DIALECTS = ("postgresql", "sqlite")


def insert_or_ignore(
    session: AsyncSession, entity: Any, *, conflict_on: list[str]
) -> postgresql.Insert | sqlite.Insert:
    """``INSERT ... ON CONFLICT (conflict_on) DO NOTHING`` for the session's dialect.

    Unlike catching IntegrityError, a conflict here does not abort a PostgreSQL transaction,
    so it is safe inside the one transaction an update runs in.
    """
    return insert_or_ignore_for(dialect_name(session), entity, conflict_on=conflict_on)


def insert_or_ignore_for(
    name: str, entity: Any, *, conflict_on: list[str]
) -> postgresql.Insert | sqlite.Insert:
    """`insert_or_ignore` for a dialect named up front (statements built once, per dialect)."""
    if name == "postgresql":
        return postgresql.insert(entity).on_conflict_do_nothing(index_elements=conflict_on)
    if name == "sqlite":
        return sqlite.insert(entity).on_conflict_do_nothing(index_elements=conflict_on)
    msg = f"unsupported dialect {name!r}"
    raise NotImplementedError(msg)
