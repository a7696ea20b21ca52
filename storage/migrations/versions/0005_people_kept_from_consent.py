"""A person's name and language are kept only from their consent or own map on (issue 15,
item 8): ``users.display_name`` and ``users.language`` may be NULL, and what was stored of
people with no role (no map of their own, no interview they agreed to) is emptied.

On SQLite the users table is rebuilt (batch mode); `storage.migrate` runs migrations there
with foreign keys off, so dropping the old table does not cascade into its children.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_users = sa.table(
    "users",
    sa.column("id", sa.Integer()),
    sa.column("display_name", sa.String()),
    sa.column("language", sa.String()),
    sa.column("timezone", sa.String()),
)
_members = sa.table("map_members", sa.column("user_id", sa.Integer()))
_contributions = sa.table(
    "contributions",
    sa.column("user_id", sa.Integer()),
    sa.column("state", sa.JSON()),
    sa.column("named", sa.Boolean()),
)


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("users") as batch:
        batch.alter_column("display_name", existing_type=sa.String(length=200), nullable=True)
        batch.alter_column("language", existing_type=sa.String(length=8), nullable=True)
    members = sa.select(_members.c.user_id)
    live = _contributions.c.state.is_not(None)
    named = sa.select(_contributions.c.user_id).where(live, _contributions.c.named == sa.true())
    consented = sa.select(_contributions.c.user_id).where(live)
    op.execute(
        _users.update()
        .where(_users.c.id.not_in(members), _users.c.id.not_in(named))
        .values(display_name=None)
    )
    op.execute(
        _users.update()
        .where(_users.c.id.not_in(members), _users.c.id.not_in(consented))
        .values(language=None, timezone=None)
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute(_users.update().where(_users.c.display_name.is_(None)).values(display_name=""))
    op.execute(_users.update().where(_users.c.language.is_(None)).values(language="nl"))
    with op.batch_alter_table("users") as batch:
        batch.alter_column("display_name", existing_type=sa.String(length=200), nullable=False)
        batch.alter_column("language", existing_type=sa.String(length=8), nullable=False)
