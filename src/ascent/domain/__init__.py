"""Pure types and rules: no I/O, no framework (DESIGN §6). A test enforces the imports."""
