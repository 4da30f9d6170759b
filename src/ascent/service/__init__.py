"""Use cases: keyword-only functions over a ``UnitOfWork``; the CLI and web call these."""
