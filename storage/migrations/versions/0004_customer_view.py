"""How a map's customer interview speaks: "je" or "u", and the owner's wording of the stages
for customers (issue 13, items 1 and 4).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("maps") as batch:
        batch.add_column(
            sa.Column("customer_address", sa.String(length=2), nullable=False, server_default="je")
        )
        batch.add_column(sa.Column("stage_wording", sa.JSON(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_maps_customer_address"), "customer_address IN ('je', 'u')"
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("maps") as batch:
        batch.drop_constraint(op.f("ck_maps_customer_address"), type_="check")
        batch.drop_column("stage_wording")
        batch.drop_column("customer_address")
