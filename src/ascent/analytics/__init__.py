"""Pure measures over rolled-up facts (DESIGN §4): no database, no I/O."""
