"""snapshots of served figures, and fact versions on orgs and people

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 12:14:58.307237

The snapshot starts empty: every figure is computed live until an import or
``ascent db refresh`` fills it. Both fact versions start at 0.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("metrics_version", sa.Integer(), nullable=False),
        sa.Column("org_version", sa.Integer(), nullable=False),
        sa.Column("person_version", sa.Integer(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("timeline", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_snapshots_org_id_orgs")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_snapshots_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshots")),
        sa.UniqueConstraint("org_id", "person_id", name="uq_snapshots_person"),
    )
    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_snapshots_org_id"), ["org_id"], unique=False)

    with op.batch_alter_table("orgs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("facts_version", sa.Integer(), server_default="0", nullable=False)
        )

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("facts_version", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN in place (SQLite 3.35+, PostgreSQL): recreating ``people``
    # would drop a table other tables' foreign keys point at
    for table in ("people", "orgs"):
        with op.batch_alter_table(table, schema=None, recreate="never") as batch_op:
            batch_op.drop_column("facts_version")
    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_snapshots_org_id"))
    op.drop_table("snapshots")
