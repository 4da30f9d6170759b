"""tenant keys: every primary key and foreign key between tenant tables leads with org_id

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 12:20:00.000000

The org is the unit of tenancy (issue 12): on PostgreSQL every tenant table's primary key
becomes ``(org_id, id)`` and every foreign key between tenant tables ``(org_id, x_id) ->
x (org_id, id)``, so that Citus can distribute the tables by ``org_id`` as they are
(docs/deploy.md, "Moving to a Citus cluster"). ``org_id -> orgs.id`` stays: ``orgs``
becomes a reference table. The constraints keep their names; ``id`` keeps its sequence.
PostgreSQL's DDL is transactional: the whole change commits at once or not at all. It
rebuilds every key under an exclusive lock; the columns do not change, so the previous
release's code keeps working once it has run.

SQLite keeps its physical keys: ``id INTEGER PRIMARY KEY`` (the rowid, the one column SQLite
numbers by itself; a composite primary key would leave ``id`` unnumbered) and single-column
foreign keys. The embedded database holds one org and is never distributed, and rebuilding
every table (SQLite cannot alter a key) would copy a large database for nothing. So this
revision does nothing on SQLite; ``store/models.py`` says the same.
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

#: every tenant table and its foreign keys to other tenant tables (column -> table), frozen
#: as of this revision
TENANT_TABLES: dict[str, dict[str, str]] = {
    "teams": {},
    "people": {"team_id": "teams"},
    "accounts": {},
    "contacts": {"account_id": "accounts"},
    "contact_identities": {"contact_id": "contacts"},
    "import_batches": {"person_id": "people"},
    "activities": {
        "person_id": "people",
        "contact_id": "contacts",
        "identity_id": "contact_identities",
        "import_batch_id": "import_batches",
    },
    "outcomes": {
        "person_id": "people",
        "contact_id": "contacts",
        "identity_id": "contact_identities",
        "account_id": "accounts",
        "import_batch_id": "import_batches",
    },
    "activity_days": {"person_id": "people"},
    "contact_days": {"person_id": "people", "contact_id": "contacts"},
    "pauses": {"person_id": "people"},
    "snapshots": {"person_id": "people"},
    "strategies": {"team_id": "teams"},
    "target_accounts": {"strategy_id": "strategies", "account_id": "accounts"},
    "users": {"person_id": "people", "team_id": "teams"},
    "web_sessions": {"user_id": "users"},
    "login_attempts": {},
    "reset_tokens": {"user_id": "users"},
    "feeds": {},
    "feed_items": {"feed_id": "feeds"},
    "api_tokens": {"user_id": "users"},
    "jobs": {"user_id": "users", "person_id": "people"},
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    _rekey(with_org=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    _rekey(with_org=False)


def _rekey(*, with_org: bool) -> None:
    """Drop every foreign key between tenant tables, then swap each primary key, then add
    the foreign keys again: a primary key cannot go while a foreign key leans on it."""
    lead = ["org_id"] if with_org else []
    for table, references in TENANT_TABLES.items():
        for column, target in references.items():
            op.drop_constraint(f"fk_{table}_{column}_{target}", table, type_="foreignkey")
    for table in TENANT_TABLES:
        op.drop_constraint(f"pk_{table}", table, type_="primary")
        op.create_primary_key(f"pk_{table}", table, [*lead, "id"])
    for table, references in TENANT_TABLES.items():
        for column, target in references.items():
            op.create_foreign_key(
                f"fk_{table}_{column}_{target}", table, target, [*lead, column], [*lead, "id"]
            )
