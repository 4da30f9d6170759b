"""Is it working, and where (issue 11 items 1-3): outcome attribution by source and by the
touches before each outcome (``attribution``), uplift per target account against the
seller's own control accounts (``uplift``), and whether a routine that worked in one account
is carried to the others (``replication``). Pure functions over plain records, no I/O; the
formulas are in docs/metrics.md ("Results")."""
