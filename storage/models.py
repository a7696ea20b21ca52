"""The database schema as SQLAlchemy 2 declarative models.

Answers are the single source of truth and append-only: an edit is a new row with a higher
``id`` for the same ``(contribution_id, key)``, and the current value is the latest row. The
journey-map domain (personas, events...) is a projection of current answers
(flows/projection.py), so it has no tables of its own.

Types are portable (SQLite and PostgreSQL); enumerations are short strings guarded by CHECK
constraints rather than native enums, which keeps migrations simple on both dialects.
Every datetime is an aware UTC datetime (see `storage.types.UTCDateTime`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from flows.values import FlowState, JSONValue
from storage.types import UTCDateTime, utcnow

__all__ = [
    "TEXT_MAX",
    "Answer",
    "Base",
    "Channel",
    "Contribution",
    "ContributionRole",
    "ContributionStatus",
    "Conversation",
    "InboxUpdate",
    "Invite",
    "InviteRole",
    "Map",
    "MapMember",
    "MemberRole",
    "OutboxMessage",
    "ProcessedUpdate",
    "User",
]

Channel = Literal["telegram", "terminal"]
MemberRole = Literal["owner", "editor"]
InviteRole = Literal["customer", "colleague", "editor"]  # editor: a co-owner link
ContributionRole = Literal["owner", "editor", "colleague", "customer"]
ContributionStatus = Literal["active", "finished", "cancelled"]
CustomerAddress = Literal["je", "u"]

# Stable constraint names: Alembic needs them to drop or alter constraints later.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TEXT_MAX = 200  # titles and display names; the repositories cut longer ones (PostgreSQL enforces)

# SQLite only auto-increments an ``INTEGER PRIMARY KEY``; BIGINT there would stay NULL.
BigIntId = BigInteger().with_variant(Integer(), "sqlite")


def _one_of(column: str, literal: Any) -> str:
    values = ", ".join(f"'{v}'" for v in get_args(literal))
    return f"{column} IN ({values})"


class Base(DeclarativeBase):
    """The declarative base: stable constraint names and UTC-aware datetime columns."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012 (SQLAlchemy API)


class User(Base):
    """A person as seen by one transport; the same human on two transports is two users.

    Before a person consents to an interview or owns a map, only their external id is kept
    (to recognise them): ``display_name`` and ``language`` stay NULL (`storage.users.remember`
    keeps them from then on; `storage.users.forget_person` empties them again). The name is
    kept only for owners, editors and respondents who chose to be named.
    """

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        CheckConstraint(_one_of("channel", Channel), name="channel"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[Channel] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(TEXT_MAX), default=None)
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    timezone: Mapped[str | None] = mapped_column(String(64), default=None)
    notify: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Map(Base):
    """One journey map; its content lives in the answers of its contributions."""

    __tablename__ = "maps"
    __table_args__ = (
        CheckConstraint(_one_of("customer_address", CustomerAddress), name="customer_address"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(TEXT_MAX))
    language: Mapped[str] = mapped_column(String(8))
    owner_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # How the customer interview addresses this map's customers ("je" or "u"), and the owner's
    # own wording of stages for them (stage key -> text; a stage not in it is worded by
    # flows.vocabulary.customer_stage_text).
    customer_address: Mapped[CustomerAddress] = mapped_column(
        String(2), default="je", server_default="je"
    )
    stage_wording: Mapped[dict[str, str] | None] = mapped_column(JSON, default=None)


class MapMember(Base):
    """Who may open, edit and report on a map (the owner is a member too)."""

    __tablename__ = "map_members"
    __table_args__ = (CheckConstraint(_one_of("role", MemberRole), name="role"),)

    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[MemberRole] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Invite(Base):
    """A deep-link invitation. Only the SHA-256 of the token is stored, never the token."""

    __tablename__ = "invites"
    __table_args__ = (
        CheckConstraint(_one_of("role", InviteRole), name="role"),
        CheckConstraint("uses >= 0", name="uses_not_negative"),
        CheckConstraint("max_uses IS NULL OR max_uses > 0", name="max_uses_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    role: Mapped[InviteRole] = mapped_column(String(16))
    persona_key: Mapped[str | None] = mapped_column(String(64), default=None)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    max_uses: Mapped[int | None] = mapped_column(Integer, default=None)  # None: unlimited
    uses: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class Contribution(Base):
    """One participant's run through one flow for one map.

    ``state`` is the engine's `FlowState` as JSON (SQL NULL once erased); ``version`` guards it
    against lost updates (see `storage.contributions.save_contribution_state`).
    """

    __tablename__ = "contributions"
    __table_args__ = (
        CheckConstraint(_one_of("role", ContributionRole), name="role"),
        CheckConstraint(_one_of("status", ContributionStatus), name="status"),
        Index(None, "map_id", "status"),
        Index(None, "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[ContributionRole] = mapped_column(String(16))
    flow_id: Mapped[str] = mapped_column(String(64))
    invite_id: Mapped[int | None] = mapped_column(
        ForeignKey("invites.id", ondelete="SET NULL"), default=None, index=True
    )
    status: Mapped[ContributionStatus] = mapped_column(String(16), default="active")
    state: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)
    consent_at: Mapped[datetime | None] = mapped_column(default=None)
    named: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    last_reminded_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def flow_state(self) -> FlowState | None:
        """The stored engine state, validated; None once erased."""
        return None if self.state is None else FlowState.model_validate(self.state)


class Answer(Base):
    """One recorded answer; never updated. The latest row per key is the current value."""

    __tablename__ = "answers"
    __table_args__ = (Index(None, "contribution_id", "key", "id"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    # JSON null (not SQL NULL) records a skipped optional question.
    value: Mapped[JSONValue] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Conversation(Base):
    """Where one user is: the contribution they are answering and transport-level UI state.

    Loading it ``FOR UPDATE`` serialises one user's updates across workers.
    """

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    active_contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="SET NULL"), default=None, index=True
    )
    ui: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProcessedUpdate(Base):
    """Update ids already handled, for exactly-once processing of redelivered updates."""

    __tablename__ = "processed_updates"

    channel: Mapped[Channel] = mapped_column(String(16), primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class OutboxMessage(Base):
    """Something to send to a user (a message, files, a report to render), written in the
    transaction of the input it answers and sent after the commit, so a reply survives a
    failed send or a crash (see `storage.outbox`). A user's rows are sent in ``id`` order.

    ``retry_at``: until then the sender that wrote (or last claimed) the row owns it; after
    that anyone may send it. ``failures`` counts sends Telegram did not accept.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index(None, "user_id", "sent_at"), Index(None, "sent_at", "retry_at"))

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retry_at: Mapped[datetime]
    failures: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)


class InboxUpdate(Base):
    """An update recorded before it is confirmed to the transport, applied later in order.

    Telegram forgets an update once it is confirmed; a crash between confirming and applying
    lost it. So each update is first stored here (its raw JSON, in a short transaction of its
    own), only then confirmed, and applied per person in ``update_id`` order. ``applied_at``
    marks it applied (a redelivery is then ignored); the reply goes through the outbox
    (`OutboxMessage`), stored in that same transaction.
    """

    __tablename__ = "inbox"
    __table_args__ = (Index(None, "channel", "person", "update_id"),)

    channel: Mapped[Channel] = mapped_column(String(16), primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    person: Mapped[str] = mapped_column(String(64))  # the sender's external id
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
