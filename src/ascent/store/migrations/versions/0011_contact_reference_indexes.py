"""indexes on the rows that name a contact or an identity

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 12:55:00

Deleting a contact or an identity (``ascent person --erase``, a merge, a split) has the
database check every row that may still name it: without an index on (org_id, contact_id)
and (org_id, identity_id) of activities, outcomes and contact_days, that is a scan of the
whole table per deleted contact (erasing one demo seller took 7.7 s, 0.65 s with them).
Additive: old workers keep serving while it runs.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_activities_contact", "activities", ["org_id", "contact_id"]),
    ("ix_activities_identity", "activities", ["org_id", "identity_id"]),
    ("ix_outcomes_contact", "outcomes", ["org_id", "contact_id"]),
    ("ix_outcomes_identity", "outcomes", ["org_id", "identity_id"]),
    ("ix_contact_days_contact", "contact_days", ["org_id", "contact_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
