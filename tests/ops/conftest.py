"""The deploy guide runs on PostgreSQL only: on SQLite its test is not collected."""

from __future__ import annotations

import os

from ascent.settings import ENV_DATABASE_URL

collect_ignore = (
    [] if os.environ.get(ENV_DATABASE_URL, "").startswith("postgresql") else ["test_deploy_doc.py"]
)
