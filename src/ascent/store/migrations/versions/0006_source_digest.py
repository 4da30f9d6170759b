"""activities and outcomes deduplicated on a 16-byte source_digest instead of the source_key text

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 09:50:00.000000

The digest of every stored row is computed here in Python, in batches, with the very function
the loader uses (``ascent.domain.records.source_digest``) over the columns the loader computes
it from, so a re-import after this migration meets every row it already wrote. Stored source
keys are already in their stored form (``fit_source_key`` of ``stored_text``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ascent.domain.records import SOURCE_DIGEST_BYTES, source_digest

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: rows read and updated at a time: memory stays flat on a database of millions of rows
FILL_ROWS = 5000

#: table -> the columns its digest is computed from, in order, and its old unique key
KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "activities": (("channel", "source_key"), ("org_id", "person_id", "channel", "source_key")),
    "outcomes": (("source_key",), ("org_id", "person_id", "source_key")),
}


def upgrade() -> None:
    for table, (parts, _old) in KEYS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("source_digest", sa.LargeBinary(length=SOURCE_DIGEST_BYTES))
            )
        _fill(table, parts)
    for table in KEYS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "source_digest",
                existing_type=sa.LargeBinary(length=SOURCE_DIGEST_BYTES),
                nullable=False,
            )
            batch_op.drop_constraint(f"uq_{table}_source_key", type_="unique")
            batch_op.create_unique_constraint(
                f"uq_{table}_source_digest", ["org_id", "person_id", "source_digest"]
            )


def downgrade() -> None:
    for table, (_parts, old) in KEYS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_source_digest", type_="unique")
            batch_op.create_unique_constraint(f"uq_{table}_source_key", list(old))
            batch_op.drop_column("source_digest")


def _fill(table: str, parts: Sequence[str]) -> None:
    """Set ``source_digest`` of every row, ``FILL_ROWS`` at a time in id order (keyset
    pagination: no OFFSET that rescans, no full result in memory)."""
    rows = sa.table(table, sa.column("id", sa.Integer), *(sa.column(p, sa.String) for p in parts))
    target = sa.table(
        table, sa.column("id", sa.Integer), sa.column("source_digest", sa.LargeBinary)
    )
    update = (
        sa.update(target)
        .where(target.c.id == sa.bindparam("row_id"))
        .values(source_digest=sa.bindparam("digest"))
    )
    connection, last = op.get_bind(), 0
    while True:
        page = connection.execute(
            sa.select(rows).where(rows.c.id > last).order_by(rows.c.id).limit(FILL_ROWS)
        ).all()
        if not page:
            return
        connection.execute(
            update, [{"row_id": row[0], "digest": source_digest(*row[1:])} for row in page]
        )
        last = page[-1][0]
