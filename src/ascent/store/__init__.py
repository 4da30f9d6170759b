"""Persistence: SQLAlchemy models, Alembic migrations, the org scope and the bulk loader."""
