"""Persistence: SQLAlchemy 2 async models, engine/session factory, repositories, migrations.

Typical use at a transport boundary::

    engine = create_engine(settings.database_url)   # once per process
    await upgrade(settings.database_url)             # on start / `journeybot db upgrade`
    factory = session_factory(engine)
    async with factory() as session, session.begin():  # one transaction per update
        if await claim_update(session, "telegram", update_id): ...  # storage.updates
"""

from storage.contributions import StaleStateError
from storage.db import create_engine, make_url_async, session_factory
from storage.invites import InviteRefusal
from storage.migrate import upgrade
from storage.models import (
    Answer,
    Base,
    Channel,
    Contribution,
    ContributionRole,
    ContributionStatus,
    Conversation,
    Invite,
    InviteRole,
    Map,
    MapMember,
    MemberRole,
    ProcessedUpdate,
    User,
)

__all__ = [
    "Answer",
    "Base",
    "Channel",
    "Contribution",
    "ContributionRole",
    "ContributionStatus",
    "Conversation",
    "Invite",
    "InviteRefusal",
    "InviteRole",
    "Map",
    "MapMember",
    "MemberRole",
    "ProcessedUpdate",
    "StaleStateError",
    "User",
    "create_engine",
    "make_url_async",
    "session_factory",
    "upgrade",
]
